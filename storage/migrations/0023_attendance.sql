-- Who came to a session, as staff record it after the session (buttons
-- on the message they get, or a command). A forgotten member's row stays
-- with no member: sign-ups against attendance stay right.
CREATE TABLE attendance (
	id          INTEGER PRIMARY KEY,
	session_id  INTEGER NOT NULL REFERENCES sessions (id),
	member_id   INTEGER REFERENCES members (id),
	recorded_by INTEGER,
	recorded_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX attendance_one ON attendance (session_id, member_id);
