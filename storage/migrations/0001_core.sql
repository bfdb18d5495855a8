-- Core community model. Times are unix seconds, UTC.

CREATE TABLE members (
	id           INTEGER PRIMARY KEY,
	display_name TEXT    NOT NULL DEFAULT '',
	organisation TEXT    NOT NULL DEFAULT '',
	role         TEXT    NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'researcher', 'staff')),
	language     TEXT    NOT NULL DEFAULT '',  -- '' = follow the platform locale, then the community's
	timezone     TEXT    NOT NULL DEFAULT '',  -- '' = follow the platform, then the community's
	created_at   INTEGER NOT NULL
);

CREATE TABLE identities (
	platform  TEXT    NOT NULL,
	workspace TEXT    NOT NULL,
	user_id   TEXT    NOT NULL,
	member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	PRIMARY KEY (platform, workspace, user_id)
);
CREATE INDEX identities_member ON identities (member_id);

CREATE TABLE member_interests (
	member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	tag       TEXT    NOT NULL,
	PRIMARY KEY (member_id, tag)
) WITHOUT ROWID;
-- Matching a problem's tags to members goes through this index, not a scan.
CREATE INDEX member_interests_tag ON member_interests (tag, member_id);

CREATE TABLE problems (
	id          INTEGER PRIMARY KEY,
	author_id   INTEGER NOT NULL REFERENCES members (id),
	title       TEXT    NOT NULL,
	description TEXT    NOT NULL DEFAULT '',
	status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'workshop', 'solved', 'duplicate', 'stale')),
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);
-- Lists go newest first by id (ids grow with posting time), which the
-- table itself gives; every index here costs a page write per post.

CREATE TABLE problem_tags (
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	tag        TEXT    NOT NULL,
	PRIMARY KEY (problem_id, tag)
) WITHOUT ROWID;
CREATE INDEX problem_tags_tag ON problem_tags (tag, problem_id);

CREATE TABLE problem_interest (
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	kind       TEXT    NOT NULL CHECK (kind IN ('interested', 'can_help')),
	created_at INTEGER NOT NULL,
	PRIMARY KEY (problem_id, member_id)
) WITHOUT ROWID;

-- docid = problems.id. The tokenizer folds accents so "données" finds "donnees".
CREATE VIRTUAL TABLE problems_fts USING fts4 (title, description, tags, tokenize=unicode61 "remove_diacritics=1");

-- FTS4 writes a new index segment per transaction, which costs several
-- times the problem's own insert; new problems are indexed in batches
-- instead, just before a search. last_id is the highest problem indexed.
CREATE TABLE fts_cursor (
	name    TEXT    PRIMARY KEY,
	last_id INTEGER NOT NULL
);
INSERT INTO fts_cursor (name, last_id) VALUES ('problems', 0);

CREATE TABLE workshops (
	id          INTEGER PRIMARY KEY,
	title       TEXT    NOT NULL,
	description TEXT    NOT NULL DEFAULT '',
	host_id     INTEGER NOT NULL REFERENCES members (id),
	problem_id  INTEGER REFERENCES problems (id),
	capacity    INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0), -- 0 = no limit
	status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled', 'done')),
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);
CREATE INDEX workshops_status ON workshops (status, id);
CREATE INDEX workshops_problem ON workshops (problem_id);

CREATE TABLE workshop_tags (
	workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	tag         TEXT    NOT NULL,
	PRIMARY KEY (workshop_id, tag)
) WITHOUT ROWID;

-- One row per member per workshop. The waitlist order is the row id: a
-- member who leaves and comes back goes to the end of the line.
CREATE TABLE participants (
	id          INTEGER PRIMARY KEY,
	workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	state       TEXT    NOT NULL CHECK (state IN ('joined', 'waitlisted')),
	joined_at   INTEGER NOT NULL,
	promoted_at INTEGER,             -- set when a seat freed up; the scheduler notifies
	UNIQUE (workshop_id, member_id)
);
CREATE INDEX participants_workshop_state ON participants (workshop_id, state, id);
CREATE INDEX participants_member ON participants (member_id);

CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY,
	workshop_id  INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	starts_at    INTEGER NOT NULL,
	duration_min INTEGER NOT NULL CHECK (duration_min > 0),
	place        TEXT    NOT NULL DEFAULT '',
	sequence     INTEGER NOT NULL DEFAULT 0,  -- bumped on reschedule (calendar feeds)
	cancelled_at INTEGER,
	created_at   INTEGER NOT NULL
);
CREATE INDEX sessions_workshop ON sessions (workshop_id, starts_at);
CREATE INDEX sessions_starts ON sessions (starts_at);

-- A chat message that shows a problem or workshop, so a reaction or a
-- button on it maps back, and the message can be edited with live counts.
CREATE TABLE message_refs (
	platform   TEXT    NOT NULL,
	channel    TEXT    NOT NULL,
	message_id TEXT    NOT NULL,
	kind       TEXT    NOT NULL CHECK (kind IN ('problem', 'workshop', 'job')),
	entity_id  INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (platform, channel, message_id)
);
CREATE INDEX message_refs_entity ON message_refs (kind, entity_id);
