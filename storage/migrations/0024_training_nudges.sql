-- Members who asked not to be reminded of the modules they started and did
-- not finish.
CREATE TABLE training_nudge_optouts (
	member_id  INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
);
