-- What workshops lead to: outcomes recorded by participants and staff,
-- private to them until every organisation named agrees to publish. Times
-- are unix seconds, UTC.

CREATE TABLE outcomes (
	id           INTEGER PRIMARY KEY,
	workshop_id  INTEGER NOT NULL REFERENCES workshops (id),
	kind         TEXT    NOT NULL CHECK (kind IN ('collaboration', 'tool', 'problem_solved', 'publication', 'nothing_yet')),
	text         TEXT    NOT NULL,
	link         TEXT    NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	published_at INTEGER                       -- set when the last organisation named agreed
);
CREATE INDEX outcomes_workshop ON outcomes (workshop_id);
CREATE INDEX outcomes_published ON outcomes (published_at);

-- Who recorded an outcome. A forgotten member's row goes: the text stays,
-- their name leaves it.
CREATE TABLE outcome_authors (
	outcome_id INTEGER NOT NULL REFERENCES outcomes (id) ON DELETE CASCADE,
	member_id  INTEGER NOT NULL REFERENCES members (id),
	PRIMARY KEY (outcome_id, member_id)
) WITHOUT ROWID;

-- The organisations or labs an outcome names, and whether each agreed to
-- publish it.
CREATE TABLE outcome_orgs (
	outcome_id   INTEGER NOT NULL REFERENCES outcomes (id) ON DELETE CASCADE,
	organisation TEXT    NOT NULL,
	agreed_at    INTEGER,
	PRIMARY KEY (outcome_id, organisation)
) WITHOUT ROWID;
CREATE INDEX outcome_orgs_organisation ON outcome_orgs (organisation COLLATE NOCASE);

-- Members who asked not to be asked "did anything continue?" again.
CREATE TABLE outcome_optouts (
	member_id  INTEGER PRIMARY KEY REFERENCES members (id),
	created_at INTEGER NOT NULL
);
