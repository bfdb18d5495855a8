-- The Awards: editions with their categories and published criteria,
-- nominations, the jury's scores and the community prize. Times are unix
-- seconds, UTC. The phase of an edition follows from its dates and the
-- clock: nominations from opens_at to closes_at, the jury (and the
-- community vote) from closes_at to results_at, the results from then on.
-- Each phase change and the results are outbox rows planned at those
-- dates, so they go out at the set time, across restarts.

CREATE TABLE award_editions (
	id              INTEGER PRIMARY KEY,
	name            TEXT    NOT NULL,
	opens_at        INTEGER NOT NULL,
	closes_at       INTEGER NOT NULL,
	results_at      INTEGER NOT NULL,
	community_prize INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL,
	CHECK (opens_at < closes_at AND closes_at < results_at)
);

CREATE TABLE award_categories (
	id         INTEGER PRIMARY KEY,
	edition_id INTEGER NOT NULL REFERENCES award_editions (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,            -- as members type it: 1, 2, 3…
	name_en    TEXT    NOT NULL,
	name_fr    TEXT    NOT NULL,
	-- Staff's choice between nominations tied at the top, never the bot's.
	decided_id INTEGER REFERENCES award_nominations (id),
	UNIQUE (edition_id, position)
);

-- The criteria jurors score on, published with the edition.
CREATE TABLE award_criteria (
	edition_id INTEGER NOT NULL REFERENCES award_editions (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	name_en    TEXT    NOT NULL,
	name_fr    TEXT    NOT NULL,
	PRIMARY KEY (edition_id, position)
) WITHOUT ROWID;

-- A project, workshop, collaboration or organisation put forward.
CREATE TABLE award_nominations (
	id           INTEGER PRIMARY KEY,
	edition_id   INTEGER NOT NULL REFERENCES award_editions (id) ON DELETE CASCADE,
	kind         TEXT    NOT NULL CHECK (kind IN ('project', 'workshop', 'collaboration', 'organisation')),
	title        TEXT    NOT NULL,
	pitch        TEXT    NOT NULL,
	organisation TEXT    NOT NULL,
	link         TEXT    NOT NULL DEFAULT '',
	project_key  TEXT    NOT NULL,          -- the title folded: one nomination per project per category
	status       TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE INDEX award_nominations_edition ON award_nominations (edition_id);

-- The categories a nomination competes in; a withdrawn nomination has none.
CREATE TABLE award_entries (
	nomination_id INTEGER NOT NULL REFERENCES award_nominations (id) ON DELETE CASCADE,
	category_id   INTEGER NOT NULL REFERENCES award_categories (id) ON DELETE CASCADE,
	project_key   TEXT    NOT NULL,
	PRIMARY KEY (nomination_id, category_id),
	UNIQUE (category_id, project_key)
) WITHOUT ROWID;

-- Who a nomination names: its nominator and its team, members or names of
-- people outside the community. A forgotten member's row goes; the
-- nomination's text stays.
CREATE TABLE award_people (
	nomination_id INTEGER NOT NULL REFERENCES award_nominations (id) ON DELETE CASCADE,
	member_id     INTEGER REFERENCES members (id),
	name          TEXT    NOT NULL DEFAULT '',
	role          TEXT    NOT NULL CHECK (role IN ('nominator', 'team'))
);
CREATE INDEX award_people_nomination ON award_people (nomination_id);
CREATE INDEX award_people_member ON award_people (member_id);

CREATE TABLE award_jurors (
	edition_id INTEGER NOT NULL REFERENCES award_editions (id) ON DELETE CASCADE,
	member_id  INTEGER NOT NULL REFERENCES members (id),
	PRIMARY KEY (edition_id, member_id)
) WITHOUT ROWID;

-- One juror's score of one nomination in one category on one criterion,
-- with its required one-line reason.
CREATE TABLE award_scores (
	juror_id      INTEGER NOT NULL REFERENCES members (id),
	nomination_id INTEGER NOT NULL REFERENCES award_nominations (id) ON DELETE CASCADE,
	category_id   INTEGER NOT NULL REFERENCES award_categories (id) ON DELETE CASCADE,
	criterion     INTEGER NOT NULL,
	score         INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
	reason        TEXT    NOT NULL CHECK (reason != ''),
	updated_at    INTEGER NOT NULL,
	PRIMARY KEY (juror_id, nomination_id, category_id, criterion)
) WITHOUT ROWID;

-- The community prize, in two tables that share nothing a join could use:
-- that a member voted in a category (so they vote once), and how many votes
-- each nomination has. Neither has a time or a rowid (WITHOUT ROWID, keyed
-- by ids), so the order rows were written in cannot pair a voter with a
-- count either.
CREATE TABLE award_voters (
	category_id INTEGER NOT NULL REFERENCES award_categories (id) ON DELETE CASCADE,
	member_id   INTEGER NOT NULL REFERENCES members (id),
	PRIMARY KEY (category_id, member_id)
) WITHOUT ROWID;

CREATE TABLE award_tally (
	category_id   INTEGER NOT NULL REFERENCES award_categories (id) ON DELETE CASCADE,
	nomination_id INTEGER NOT NULL REFERENCES award_nominations (id) ON DELETE CASCADE,
	votes         INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (category_id, nomination_id)
) WITHOUT ROWID;
