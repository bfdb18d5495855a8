-- Recurring series: a workshop's sessions by a rule that lives in a zone's
-- wall clock, so 18:00 stays 18:00 across daylight-saving changes. The
-- scheduler turns the rule into ordinary sessions a bounded horizon ahead;
-- each generated session remembers its occurrence (the start the rule gave
-- it, UTC), so a moved or cancelled one is never generated again and the
-- calendar feed names it (RECURRENCE-ID, EXDATE).
CREATE TABLE series (
	id              INTEGER PRIMARY KEY,
	workshop_id     INTEGER NOT NULL REFERENCES workshops (id),
	freq            TEXT    NOT NULL CHECK (freq IN ('weekly', 'monthly')),
	interval_n      INTEGER NOT NULL DEFAULT 1 CHECK (interval_n BETWEEN 1 AND 12),
	weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 Sunday
	nth             INTEGER NOT NULL DEFAULT 0 CHECK (nth BETWEEN -1 AND 4), -- monthly: 1..4, -1 the last
	hour            INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
	minute          INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
	zone            TEXT    NOT NULL,
	first_at        INTEGER NOT NULL, -- the first occurrence
	until_at        INTEGER,          -- no occurrence starts after it
	count           INTEGER,          -- or this many occurrences
	duration_min    INTEGER NOT NULL,
	place           TEXT    NOT NULL DEFAULT '',
	generated_until INTEGER NOT NULL DEFAULT 0,
	stopped_at      INTEGER,
	created_at      INTEGER NOT NULL
);
CREATE INDEX series_workshop ON series (workshop_id);

ALTER TABLE sessions ADD COLUMN series_id INTEGER REFERENCES series (id);
ALTER TABLE sessions ADD COLUMN occurrence INTEGER;
CREATE UNIQUE INDEX sessions_occurrence ON sessions (series_id, occurrence) WHERE series_id IS NOT NULL;
