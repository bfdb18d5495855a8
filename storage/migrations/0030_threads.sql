-- Workshop threads: each workshop's card in a workshops channel carries a
-- discussion thread (a Slack thread under the card, a Discord thread on the
-- card or a forum post). One row per card channel: the card it hangs on,
-- the thread's id once the platform made it, and when it was closed
-- (archived on Discord; a closing reply on Slack, whose threads cannot be
-- archived).
CREATE TABLE workshop_threads (
	id          INTEGER PRIMARY KEY,
	workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	platform    TEXT    NOT NULL,
	workspace   TEXT    NOT NULL DEFAULT '',
	channel     TEXT    NOT NULL,
	card_id     TEXT    NOT NULL,
	thread_id   TEXT    NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	opened_at   INTEGER,
	closed_at   INTEGER,
	UNIQUE (workshop_id, platform, channel)
);
CREATE INDEX workshop_threads_open ON workshop_threads (workshop_id) WHERE closed_at IS NULL;
