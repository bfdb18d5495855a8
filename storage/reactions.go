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
	return db.readStrings(ctx, "reactors", `SELECT user_id FROM message_reactions WHERE platform = ? AND channel = ? AND message_id = ? ORDER BY user_id`,
		ref.Platform, ref.Channel, ref.MessageID)
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
	return db.readStringSet(ctx, "forgotten reactors", `SELECT user_hash FROM forgotten_reactions WHERE platform = ? AND channel = ? AND message_id = ?`,
		ref.Platform, ref.Channel, ref.MessageID)
}

// readStrings runs a query of one text column on the read pool; what names
// it in errors.
func (db *DB) readStrings(ctx context.Context, what, query string, args ...any) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: %s: %w", what, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("storage: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: %s: %w", what, err)
	}
	return out, nil
}

// readStringSet is readStrings as a set.
func (db *DB) readStringSet(ctx context.Context, what, query string, args ...any) (map[string]bool, error) {
	list, err := db.readStrings(ctx, what, query, args...)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(list))
	for _, v := range list {
		set[v] = true
	}
	return set, nil
}
