-- Each member organisation's HR contact (staff assign one), asked twice a
-- year for the organisation's headcount of data and AI staff and the
-- departures of the half-year. Kept at organisation level only: never
-- joined to individuals.
CREATE TABLE org_contacts (
	organisation TEXT    PRIMARY KEY,
	member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	assigned_at  INTEGER NOT NULL
);
CREATE TABLE org_headcounts (
	id           INTEGER PRIMARY KEY,
	organisation TEXT    NOT NULL,
	period       TEXT    NOT NULL, -- "2027-H1"
	headcount    INTEGER NOT NULL CHECK (headcount >= 0),
	departures   INTEGER NOT NULL CHECK (departures >= 0),
	answered_by  INTEGER REFERENCES members (id),
	answered_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX org_headcounts_one ON org_headcounts (organisation, period);
