-- Personal calendar feeds: each member's feed is behind an unguessable
-- token in its URL, which the member can rotate (/me calendar reset).
CREATE TABLE calendar_tokens (
	member_id  INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
	token      TEXT    NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);
