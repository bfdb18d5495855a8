package storage

import (
	"context"
	"crypto/aes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
)

// loadSessionCipher reads the key migration 14 made.
func (db *DB) loadSessionCipher(ctx context.Context) error {
	var key []byte
	if err := db.read.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = 'session_token'`).Scan(&key); err != nil {
		return fmt.Errorf("storage: session token key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return fmt.Errorf("storage: session token key: %w", err)
	}
	db.sessionCipher = block
	return nil
}

// SessionToken is a session's public name: its id and eight zero bytes,
// encrypted with the community's own key. It looks random, never changes for
// the session, and SessionByToken can read it back without a lookup table.
func (db *DB) SessionToken(id int64) string { return db.token(id, 0) }

// SeriesToken is a series' public name, made as a session's with another
// marker in its last eight bytes, so that neither reads as the other.
func (db *DB) SeriesToken(id int64) string { return db.token(id, 1) }

func (db *DB) token(id int64, marker uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(id))
	binary.BigEndian.PutUint64(b[8:], marker)
	db.sessionCipher.Encrypt(b[:], b[:])
	return hex.EncodeToString(b[:])
}

// SessionByToken returns the session id a token names; false for anything
// SessionToken did not make (a guess passes with odds of 2^-64).
func (db *DB) SessionByToken(token string) (int64, bool) {
	var b [16]byte
	if len(token) != 32 {
		return 0, false
	}
	if _, err := hex.Decode(b[:], []byte(token)); err != nil {
		return 0, false
	}
	db.sessionCipher.Decrypt(b[:], b[:])
	if binary.BigEndian.Uint64(b[8:]) != 0 {
		return 0, false
	}
	id := int64(binary.BigEndian.Uint64(b[:8]))
	return id, id > 0
}
