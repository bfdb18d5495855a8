-- Discord guild scheduled events that mirror workshop sessions, so an
-- event is edited or cancelled with its session, and "Interested" on it
-- maps back to the workshop. signature is what was last sent to Discord.
CREATE TABLE discord_events (
	guild_id     TEXT    NOT NULL,
	session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	workshop_id  INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	event_id     TEXT    NOT NULL,
	signature    TEXT    NOT NULL DEFAULT '',
	cancelled_at INTEGER,
	updated_at   INTEGER NOT NULL,
	PRIMARY KEY (guild_id, session_id)
);
CREATE UNIQUE INDEX discord_events_event ON discord_events (guild_id, event_id);
CREATE INDEX discord_events_workshop ON discord_events (guild_id, workshop_id);
