-- Reactions the bot acted on, per message and user, so that reactions
-- added or removed while the bot was down can be reconciled exactly once:
-- a reaction on the message but not here is new; one here but no longer on
-- the message was taken back. A join by button has no row here, so a
-- reconcile never undoes it.
CREATE TABLE message_reactions (
	platform   TEXT    NOT NULL,
	channel    TEXT    NOT NULL,
	message_id TEXT    NOT NULL,
	user_id    TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (platform, channel, message_id, user_id),
	FOREIGN KEY (platform, channel, message_id) REFERENCES message_refs (platform, channel, message_id) ON DELETE CASCADE
) WITHOUT ROWID;
