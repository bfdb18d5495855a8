package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// DiscordEvent links a workshop session to the Discord guild scheduled
// event that mirrors it in the server's Events tab, so the event is edited
// or cancelled with the session, and a member marking it "Interested" maps
// back to the workshop.
type DiscordEvent struct {
	GuildID    string
	SessionID  int64
	WorkshopID int64
	EventID    string
	// Signature is what was last sent to Discord (name, times, place), so
	// the event is edited only when the session changed.
	Signature string
	Cancelled bool
}

// SaveDiscordEvent records (or updates) the event that mirrors a session.
func (db *DB) SaveDiscordEvent(ctx context.Context, e DiscordEvent) error {
	if e.GuildID == "" || e.SessionID == 0 || e.WorkshopID == 0 || e.EventID == "" {
		return fmt.Errorf("storage: save discord event: incomplete %+v", e)
	}
	return db.update(ctx, func(tx *Tx) error {
		var cancelled sql.NullInt64
		if e.Cancelled {
			cancelled = sql.NullInt64{Int64: unix(tx.now), Valid: true}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO discord_events (guild_id, session_id, workshop_id, event_id, signature, cancelled_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (guild_id, session_id) DO UPDATE SET event_id = excluded.event_id, signature = excluded.signature,
				cancelled_at = COALESCE(discord_events.cancelled_at, excluded.cancelled_at), updated_at = excluded.updated_at`,
			e.GuildID, e.SessionID, e.WorkshopID, e.EventID, e.Signature, cancelled, unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: save discord event: %w", err)
		}
		return nil
	})
}

// DiscordEvents lists the events created for a workshop's sessions in a
// guild, by session.
func (db *DB) DiscordEvents(ctx context.Context, guildID string, workshopID int64) ([]DiscordEvent, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT session_id, event_id, signature, cancelled_at IS NOT NULL FROM discord_events
		WHERE guild_id = ? AND workshop_id = ? ORDER BY session_id`, guildID, workshopID)
	if err != nil {
		return nil, fmt.Errorf("storage: discord events: %w", err)
	}
	defer rows.Close()
	var out []DiscordEvent
	for rows.Next() {
		e := DiscordEvent{GuildID: guildID, WorkshopID: workshopID}
		if err := rows.Scan(&e.SessionID, &e.EventID, &e.Signature, &e.Cancelled); err != nil {
			return nil, fmt.Errorf("storage: discord events: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FindDiscordEvent returns the session an event mirrors; ok is false for an
// event the bot did not create.
func (db *DB) FindDiscordEvent(ctx context.Context, guildID, eventID string) (e DiscordEvent, ok bool, err error) {
	e = DiscordEvent{GuildID: guildID, EventID: eventID}
	err = db.read.QueryRowContext(ctx, `SELECT session_id, workshop_id, signature, cancelled_at IS NOT NULL FROM discord_events
		WHERE guild_id = ? AND event_id = ?`, guildID, eventID).Scan(&e.SessionID, &e.WorkshopID, &e.Signature, &e.Cancelled)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	if err != nil {
		return e, false, fmt.Errorf("storage: find discord event: %w", err)
	}
	return e, true, nil
}

// WorkshopSessions returns a workshop with its sessions but without its
// participants: what its scheduled events mirror, read cheaply after every
// join.
func (db *DB) WorkshopSessions(ctx context.Context, id int64) (Workshop, error) {
	var w Workshop
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if w, err = workshopByID(ctx, tx, id); err != nil {
			return err
		}
		w.Sessions, err = sessionsOf(ctx, tx, id)
		return err
	})
	return w, err
}

// RecordDiscordEventInterest notes that the bot acted on a user marking an
// event "Interested" (added true) or unmarking it (added false), so a
// catch-up after downtime applies each change once.
func (db *DB) RecordDiscordEventInterest(ctx context.Context, guildID, eventID, userID string, added bool) error {
	return db.update(ctx, func(tx *Tx) error {
		var err error
		if added {
			_, err = tx.ExecContext(ctx, `INSERT INTO discord_event_interest (guild_id, event_id, user_id, created_at)
				VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, guildID, eventID, userID, unix(tx.now))
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM discord_event_interest WHERE guild_id = ? AND event_id = ? AND user_id = ?`,
				guildID, eventID, userID)
		}
		if err != nil {
			return fmt.Errorf("storage: record discord event interest: %w", err)
		}
		return nil
	})
}

// DiscordEventInterest lists the users whose interest in an event the bot
// acted on, by id.
func (db *DB) DiscordEventInterest(ctx context.Context, guildID, eventID string) ([]string, error) {
	return db.readStrings(ctx, "discord event interest", `SELECT user_id FROM discord_event_interest WHERE guild_id = ? AND event_id = ? ORDER BY user_id`,
		guildID, eventID)
}

// ForgottenDiscordEventInterest lists the hashes (ReactorHash) of forgotten
// members who were marked "Interested" in an event when they were
// forgotten.
func (db *DB) ForgottenDiscordEventInterest(ctx context.Context, guildID, eventID string) (map[string]bool, error) {
	return db.readStringSet(ctx, "forgotten discord event interest", `SELECT user_hash FROM forgotten_event_interest WHERE guild_id = ? AND event_id = ?`,
		guildID, eventID)
}

// DiscordEventsToCatchUp lists a guild's events whose interest still
// means something: not cancelled, of an open workshop, and whose session
// is neither cancelled nor over. Soonest first.
func (db *DB) DiscordEventsToCatchUp(ctx context.Context, guildID string) ([]DiscordEvent, error) {
	var out []DiscordEvent
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT e.session_id, e.workshop_id, e.event_id, e.signature FROM discord_events e
			JOIN sessions s ON s.id = e.session_id
			JOIN workshops w ON w.id = e.workshop_id
			WHERE e.guild_id = ? AND e.cancelled_at IS NULL AND s.cancelled_at IS NULL AND w.status = 'open'
				AND s.starts_at + 60 * s.duration_min > ?
			ORDER BY s.starts_at, e.session_id`, guildID, unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: discord events to catch up: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			e := DiscordEvent{GuildID: guildID}
			if err := rows.Scan(&e.SessionID, &e.WorkshopID, &e.EventID, &e.Signature); err != nil {
				return fmt.Errorf("storage: discord events to catch up: %w", err)
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
