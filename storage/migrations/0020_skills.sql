-- Skills, lightly: what a member says after a session or a training, never
-- graded. For a tag (the session's or the training's, or one the member
-- adds), how sure they felt before and now, 1 (not at all) to 4 (very). A
-- forgotten member's answers stay as anonymous counts: member_id NULL.
-- organisation is the member's when they answered, for figures by
-- organisation (groups under 5 are never shown).
CREATE TABLE skill_answers (
	id           INTEGER PRIMARY KEY,
	member_id    INTEGER REFERENCES members (id),
	source       TEXT    NOT NULL CHECK (source IN ('session', 'training')),
	source_id    INTEGER NOT NULL,
	tag          TEXT    NOT NULL,
	before       INTEGER CHECK (before BETWEEN 1 AND 4),
	now          INTEGER CHECK (now BETWEEN 1 AND 4),
	added        INTEGER NOT NULL DEFAULT 0, -- 1: a skill the member named
	organisation TEXT    NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX skill_answers_one ON skill_answers (member_id, source, source_id, tag);
CREATE INDEX skill_answers_created ON skill_answers (created_at);

-- The one question 30 days after a member's first skill answer about a
-- session or a training: "did you reuse anything at work?". asked_at is
-- set when the question is queued; answer '' until given.
CREATE TABLE skill_reuse (
	id          INTEGER PRIMARY KEY,
	member_id   INTEGER REFERENCES members (id),
	source      TEXT    NOT NULL CHECK (source IN ('session', 'training')),
	source_id   INTEGER NOT NULL,
	asked_at    INTEGER NOT NULL,
	answer      TEXT    NOT NULL DEFAULT '' CHECK (answer IN ('', 'yes', 'not_yet', 'no')),
	answered_at INTEGER,
	organisation TEXT   NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX skill_reuse_one ON skill_reuse (member_id, source, source_id);

-- Members who asked not to get the 30-day question.
CREATE TABLE skill_optouts (
	member_id  INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
);
