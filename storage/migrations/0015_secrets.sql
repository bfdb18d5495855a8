-- Keys the bot makes once and keeps with the data (a restored backup keeps
-- them). session_token turns a session's id into the opaque, stable token
-- used as its calendar UID and in its .ics address, so feeds do not reveal
-- how many sessions exist, nor let anyone walk them one by one.
CREATE TABLE secrets (
	name  TEXT PRIMARY KEY,
	value BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO secrets (name, value) VALUES ('session_token', randomblob(16));
