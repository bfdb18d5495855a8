-- The scheduler: a durable outbox of notifications, staff announcements,
-- the last run of each recurring job, reminder opt-outs and session
-- feedback. Times are unix seconds, UTC.

-- One row per message to send. A row is enqueued in the same transaction
-- as the change that caused it; key makes a second enqueue a no-op. What to
-- say is a kind and JSON arguments, rendered when sent (see storage/outbox.go).
CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	key         TEXT    NOT NULL UNIQUE,
	kind        TEXT    NOT NULL,
	args        TEXT    NOT NULL DEFAULT '{}',
	member_id   INTEGER,                        -- a direct message's reader; NULL for a channel
	platform    TEXT    NOT NULL,
	workspace   TEXT    NOT NULL DEFAULT '',
	user_id     TEXT    NOT NULL DEFAULT '',    -- a direct message
	channel     TEXT    NOT NULL DEFAULT '',    -- or a channel
	session_id  INTEGER,
	workshop_id INTEGER,
	planned_at  INTEGER NOT NULL,               -- the moment it is meant for
	due_at      INTEGER NOT NULL,               -- when the dispatcher looks at it next: planned, end of lease, or retry
	expires_at  INTEGER,                        -- useful until; skipped after
	attempts    INTEGER NOT NULL DEFAULT 0,
	state       TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'skipped', 'failed')),
	last_error  TEXT    NOT NULL DEFAULT '',
	message_id  TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	done_at     INTEGER
);
-- The dispatcher's claim and its next wake-up are seeks on this index.
CREATE INDEX outbox_due ON outbox (state, due_at);
-- Moving or removing a session's or a member's pending rows.
CREATE INDEX outbox_session ON outbox (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX outbox_workshop ON outbox (workshop_id, member_id) WHERE workshop_id IS NOT NULL;

-- Staff announcements: a cron spec, or a one-off time.
CREATE TABLE announcements (
	id          INTEGER PRIMARY KEY,
	author_id   INTEGER NOT NULL REFERENCES members (id),
	spec        TEXT    NOT NULL DEFAULT '',   -- cron spec; '' for a one-off
	once_at     INTEGER,                       -- the one-off's time
	targets     TEXT    NOT NULL,              -- as staff wrote them: "announcements", "slack:C1,discord:2"
	text        TEXT    NOT NULL,
	paused      INTEGER NOT NULL DEFAULT 0,
	last_run_at INTEGER,                       -- the last scheduled run fired, so none fires twice
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);

-- Recurring jobs (digest, feedback, nudges): the last scheduled run done.
CREATE TABLE job_runs (
	name        TEXT    PRIMARY KEY,
	last_run_at INTEGER NOT NULL
);

-- Members who turned session reminders off.
CREATE TABLE reminder_optouts (
	member_id  INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
);

-- "Did this session help?" answers, for the KPIs.
CREATE TABLE session_feedback (
	session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	score      INTEGER CHECK (score BETWEEN 1 AND 5),
	comment    TEXT    NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (session_id, member_id)
) WITHOUT ROWID;
