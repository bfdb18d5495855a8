-- Tracks: an ordered list of modules staff put together, which a member
-- follows one module a week, by direct message, on the weekday and at the
-- hour they chose in their zone.
CREATE TABLE tracks (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL COLLATE NOCASE UNIQUE,
	created_at INTEGER NOT NULL
);
CREATE TABLE track_modules (
	track_id    INTEGER NOT NULL REFERENCES tracks (id),
	position    INTEGER NOT NULL,
	training_id INTEGER NOT NULL REFERENCES trainings (id),
	PRIMARY KEY (track_id, position)
) WITHOUT ROWID;
CREATE TABLE track_members (
	member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	track_id   INTEGER NOT NULL REFERENCES tracks (id),
	weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	hour       INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
	minute     INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
	zone       TEXT    NOT NULL,
	position   INTEGER NOT NULL DEFAULT 1, -- the next module to send
	next_at    INTEGER NOT NULL,           -- when it is due, UTC
	paused     INTEGER NOT NULL DEFAULT 0,
	started_at INTEGER NOT NULL,
	PRIMARY KEY (member_id, track_id)
) WITHOUT ROWID;
CREATE INDEX track_members_due ON track_members (next_at) WHERE paused = 0;
