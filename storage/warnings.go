package storage

import (
	"context"
	"fmt"
)

// NoteChannelUnreachable tells staff that a channel the bot posts to
// refused a post: the bot must not go silently deaf there.
const NoteChannelUnreachable = "channel_unreachable"

// WarnStaff queues n to every staff member by direct message; n.Key,
// completed with each member, makes it once.
func (db *DB) WarnStaff(ctx context.Context, n Note) error {
	return db.update(ctx, func(tx *Tx) error {
		ids, err := int64s(ctx, tx, `SELECT id FROM members WHERE role = 'staff' AND forgotten_at IS NULL ORDER BY id`)
		if err != nil {
			return err
		}
		base := n.Key
		for _, id := range ids {
			n.Key, n.MemberID = fmt.Sprintf("%s:member=%d", base, id), id
			if err := enqueue(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}
