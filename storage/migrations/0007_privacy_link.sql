-- Privacy, one identity across platforms and the KPIs' waitlist peak.
-- Times are unix seconds, UTC.

-- The platform a member wants their direct messages on ('' = every
-- platform they use, as before), and the mark of a member who asked to be
-- forgotten: the row stays as a nameless tombstone so that past sessions
-- and problems keep their counts.
ALTER TABLE members ADD COLUMN notify_platform TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN forgotten_at INTEGER;

-- One-time codes: "link" joins two platform accounts into one member,
-- "forget" confirms a request to be forgotten. Only a hash of the code is
-- kept; a used or expired code stays a day so that a second try is told
-- why it fails, then is purged.
CREATE TABLE member_codes (
	code_hash  TEXT    PRIMARY KEY,             -- hex SHA-256 of the code
	purpose    TEXT    NOT NULL CHECK (purpose IN ('link', 'forget')),
	member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	platform   TEXT    NOT NULL,                -- where it was asked for
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER
);
CREATE INDEX member_codes_member ON member_codes (member_id, purpose);

-- The longest waitlist each workshop reached, kept by the database as
-- members queue (a member who leaves the line leaves no other trace).
ALTER TABLE workshops ADD COLUMN waitlist_peak INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER participants_waitlist_peak AFTER INSERT ON participants WHEN NEW.state = 'waitlisted' BEGIN
	UPDATE workshops SET waitlist_peak = MAX(waitlist_peak,
		(SELECT COUNT(*) FROM participants WHERE workshop_id = NEW.workshop_id AND state = 'waitlisted'))
	WHERE id = NEW.workshop_id; END;

-- Workshops from before this migration: the peak is rebuilt from the rows
-- still there. When each member queued, the line held those who queued
-- before them and were not yet promoted.
UPDATE workshops SET waitlist_peak = COALESCE((
	SELECT MAX((SELECT COUNT(*) FROM participants q
		WHERE q.workshop_id = p.workshop_id AND q.id <= p.id
		AND (q.state = 'waitlisted' OR q.promoted_at IS NOT NULL)
		AND (q.promoted_at IS NULL OR q.promoted_at > p.joined_at)))
	FROM participants p
	WHERE p.workshop_id = workshops.id AND (p.state = 'waitlisted' OR p.promoted_at IS NOT NULL)), 0);
