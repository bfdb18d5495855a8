-- Members open to opportunities (/me opportunities on), for 90 days or
-- until they say off. Recruiters of member organisations see them, never
-- one from the member's own organisation.
CREATE TABLE opportunity_openings (
	member_id  INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
	until      INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX opportunity_openings_until ON opportunity_openings (until);
