-- "Interested" marks on Discord's native events that the bot acted on, per
-- event and user, so that marks added or taken back while the bot was down
-- are caught up exactly once: a user listed on the event but not here is
-- new; one here but no longer listed took it back. A join by button or
-- command has no row here, so a catch-up never undoes it. The rows go with
-- their event's row. An event's id never changes once recorded (a session
-- gets an event only when it has none); should it, the marks follow it
-- rather than block the save.
CREATE TABLE discord_event_interest (
	guild_id   TEXT    NOT NULL,
	event_id   TEXT    NOT NULL,
	user_id    TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (guild_id, event_id, user_id),
	FOREIGN KEY (guild_id, event_id) REFERENCES discord_events (guild_id, event_id) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- Marks of forgotten members still on events: the bot cannot take them
-- off, and the next catch-up must not take them for new ones and bring the
-- member back. Only a hash of the account is kept (as for reactions, see
-- forgotten_reactions), never the id itself.
CREATE TABLE forgotten_event_interest (
	guild_id  TEXT NOT NULL,
	event_id  TEXT NOT NULL,
	user_hash TEXT NOT NULL,
	PRIMARY KEY (guild_id, event_id, user_hash),
	FOREIGN KEY (guild_id, event_id) REFERENCES discord_events (guild_id, event_id) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
