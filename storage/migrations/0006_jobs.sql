-- The jobs board and interest matching. Times are unix seconds, UTC.

CREATE TABLE jobs (
	id           INTEGER PRIMARY KEY,
	poster_id    INTEGER NOT NULL REFERENCES members (id),
	title        TEXT    NOT NULL,
	organisation TEXT    NOT NULL,
	contract     TEXT    NOT NULL CHECK (contract IN ('permanent', 'fixed_term', 'internship', 'phd', 'postdoc', 'freelance')),
	level        TEXT    NOT NULL CHECK (level IN ('student', 'junior', 'phd', 'senior')),
	location     TEXT    NOT NULL DEFAULT '',   -- as typed; '' when only remote
	remote       INTEGER NOT NULL DEFAULT 0,
	apply_url    TEXT    NOT NULL,
	status       TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	expires_at   INTEGER NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	closed_at    INTEGER
);
-- Lists show open jobs not yet expired: an expired job leaves them by
-- itself, with nothing to run at its expiry.
CREATE INDEX jobs_open ON jobs (status, expires_at);
-- The daily cap counts a member's posts of the last 24 hours.
CREATE INDEX jobs_poster ON jobs (poster_id, created_at);

CREATE TABLE job_tags (
	job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
	tag    TEXT    NOT NULL,
	PRIMARY KEY (job_id, tag)
) WITHOUT ROWID;
CREATE INDEX job_tags_tag ON job_tags (tag, job_id);

-- docid = jobs.id; indexed in batches before a search, as problems are.
CREATE VIRTUAL TABLE jobs_fts USING fts4 (title, organisation, location, tags, tokenize=unicode61 "remove_diacritics=1");
INSERT INTO fts_cursor (name, last_id) VALUES ('jobs', 0);

-- Each problem, workshop or job is matched to members' interests once,
-- whether it is posted, created or announced again.
CREATE TABLE match_events (
	kind       TEXT    NOT NULL CHECK (kind IN ('problem', 'workshop', 'job')),
	entity_id  INTEGER NOT NULL,
	matched    INTEGER NOT NULL DEFAULT 0,   -- members told
	created_at INTEGER NOT NULL,
	PRIMARY KEY (kind, entity_id)
) WITHOUT ROWID;

-- What a member is told, gathered into one direct message per member per
-- day: day is the start (unix) of the member's local day whose message
-- carries the item; the outbox row "match:member=M:day=D" sends them all.
CREATE TABLE match_items (
	member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	day        INTEGER NOT NULL,
	kind       TEXT    NOT NULL,
	entity_id  INTEGER NOT NULL,
	overlap    INTEGER NOT NULL,             -- tags in common
	created_at INTEGER NOT NULL,
	PRIMARY KEY (member_id, day, kind, entity_id)
) WITHOUT ROWID;

-- Members who turned interest messages off (/me notify off).
CREATE TABLE match_optouts (
	member_id  INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
);
