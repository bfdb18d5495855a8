package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Kinds of things a chat message can show.
const (
	KindProblem  = "problem"
	KindWorkshop = "workshop"
	KindJob      = "job"
)

// MessageRef links a chat message to the problem or workshop it shows, so a
// reaction or a button on it maps back, and the message can be edited.
type MessageRef struct {
	Platform  string
	Channel   string
	MessageID string
	Kind      string
	EntityID  int64
}

// SaveMessageRef records which entity a posted message shows. Saving the
// same message again keeps the first record.
func (db *DB) SaveMessageRef(ctx context.Context, r MessageRef) error {
	return db.update(ctx, func(tx *Tx) error { return saveMessageRef(ctx, tx, r) })
}

func saveMessageRef(ctx context.Context, tx *Tx, r MessageRef) error {
	if r.Platform == "" || r.Channel == "" || r.MessageID == "" || r.EntityID == 0 {
		return Errorf(EINVALID, "message_ref", "incomplete message reference %+v", r)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO message_refs (platform, channel, message_id, kind, entity_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, r.Platform, r.Channel, r.MessageID, r.Kind, r.EntityID, unix(tx.now))
	if err != nil {
		return fmt.Errorf("storage: save message ref: %w", err)
	}
	return nil
}

// FindMessageRef returns what a message shows.
func (db *DB) FindMessageRef(ctx context.Context, platform, channel, messageID string) (MessageRef, error) {
	r := MessageRef{Platform: platform, Channel: channel, MessageID: messageID}
	err := db.read.QueryRowContext(ctx, `SELECT kind, entity_id FROM message_refs WHERE platform = ? AND channel = ? AND message_id = ?`,
		platform, channel, messageID).Scan(&r.Kind, &r.EntityID)
	if errors.Is(err, sql.ErrNoRows) {
		return r, Errorf(ENOTFOUND, "message_ref", "no entity for message %s/%s/%s", platform, channel, messageID)
	}
	if err != nil {
		return r, fmt.Errorf("storage: find message ref: %w", err)
	}
	return r, nil
}

// MessageRefs lists the messages that show an entity, on every platform, so
// all of them can be edited when it changes.
func (db *DB) MessageRefs(ctx context.Context, kind string, entityID int64) ([]MessageRef, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT platform, channel, message_id FROM message_refs WHERE kind = ? AND entity_id = ?
		ORDER BY platform, created_at`, kind, entityID)
	if err != nil {
		return nil, fmt.Errorf("storage: message refs: %w", err)
	}
	defer rows.Close()
	var out []MessageRef
	for rows.Next() {
		r := MessageRef{Kind: kind, EntityID: entityID}
		if err := rows.Scan(&r.Platform, &r.Channel, &r.MessageID); err != nil {
			return nil, fmt.Errorf("storage: message refs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
