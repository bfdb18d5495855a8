package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// RecordReaction notes that the bot acted on a user's reaction to a
// message (added true) or on its removal (added false).
func (db *DB) RecordReaction(ctx context.Context, ref MessageRef, userID string, added bool) error {
	return db.update(ctx, func(tx *Tx) error {
		var err error
		if added {
			_, err = tx.ExecContext(ctx, `INSERT INTO message_reactions (platform, channel, message_id, user_id, created_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, ref.Platform, ref.Channel, ref.MessageID, userID, unix(tx.now))
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM message_reactions WHERE platform = ? AND channel = ? AND message_id = ? AND user_id = ?`,
				ref.Platform, ref.Channel, ref.MessageID, userID)
		}
		if err != nil {
			return fmt.Errorf("storage: record reaction: %w", err)
		}
		return nil
	})
}

// Reactors lists the users whose reaction on a message the bot acted on.
func (db *DB) Reactors(ctx context.Context, ref MessageRef) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT user_id FROM message_reactions WHERE platform = ? AND channel = ? AND message_id = ? ORDER BY user_id`,
		ref.Platform, ref.Channel, ref.MessageID)
	if err != nil {
		return nil, fmt.Errorf("storage: reactors: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("storage: reactors: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// OpenMessageRefs lists a platform's messages that show an open workshop
// or an open problem: the ones whose reactions still mean something.
func (db *DB) OpenMessageRefs(ctx context.Context, platform string) ([]MessageRef, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.channel, r.message_id, r.kind, r.entity_id FROM message_refs r
		WHERE r.platform = ? AND (
			(r.kind = 'workshop' AND EXISTS (SELECT 1 FROM workshops WHERE id = r.entity_id AND status = 'open')) OR
			(r.kind = 'problem' AND EXISTS (SELECT 1 FROM problems WHERE id = r.entity_id AND status IN ('open', 'workshop'))))
		ORDER BY r.created_at`, platform)
	if err != nil {
		return nil, fmt.Errorf("storage: open message refs: %w", err)
	}
	defer rows.Close()
	var out []MessageRef
	for rows.Next() {
		r := MessageRef{Platform: platform}
		if err := rows.Scan(&r.Channel, &r.MessageID, &r.Kind, &r.EntityID); err != nil {
			return nil, fmt.Errorf("storage: open message refs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReactorHash stands for a forgotten member's platform account: enough to
// recognise their old reaction on a message, not to read their id back.
func ReactorHash(platform, userID string) string {
	sum := sha256.Sum256([]byte("atelier forgotten reactor\x00" + platform + "\x00" + userID))
	return hex.EncodeToString(sum[:])
}

// ForgottenReactors lists the hashes (ReactorHash) of forgotten members
// whose reaction was on a message when they were forgotten.
func (db *DB) ForgottenReactors(ctx context.Context, ref MessageRef) (map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT user_hash FROM forgotten_reactions WHERE platform = ? AND channel = ? AND message_id = ?`,
		ref.Platform, ref.Channel, ref.MessageID)
	if err != nil {
		return nil, fmt.Errorf("storage: forgotten reactors: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("storage: forgotten reactors: %w", err)
		}
		out[h] = true
	}
	return out, rows.Err()
}
