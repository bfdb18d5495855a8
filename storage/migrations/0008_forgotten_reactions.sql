-- Reactions of forgotten members that are still on posted messages: the
-- bot cannot remove them on every platform, and the next reconcile must
-- not take them for new ones and bring the member back. Only a hash of
-- the platform account is kept, never the id itself.
CREATE TABLE forgotten_reactions (
	platform   TEXT    NOT NULL,
	channel    TEXT    NOT NULL,
	message_id TEXT    NOT NULL,
	user_hash  TEXT    NOT NULL,
	PRIMARY KEY (platform, channel, message_id, user_hash),
	FOREIGN KEY (platform, channel, message_id) REFERENCES message_refs (platform, channel, message_id) ON DELETE CASCADE
) WITHOUT ROWID;
