-- The training catalogue and what members say of it. Times are unix
-- seconds, UTC.

CREATE TABLE trainings (
	id          INTEGER PRIMARY KEY,
	title       TEXT    NOT NULL,
	kind        TEXT    NOT NULL CHECK (kind IN ('video', 'game', 'course', 'live', 'link')),
	provider    TEXT    NOT NULL DEFAULT '',
	language    TEXT    NOT NULL CHECK (language IN ('en', 'fr')),
	minutes     INTEGER NOT NULL DEFAULT 0,      -- 0 when not said
	url         TEXT    NOT NULL DEFAULT '',     -- '' when it runs as a workshop
	workshop_id INTEGER REFERENCES workshops (id),
	status      TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
);

CREATE TABLE training_tags (
	training_id INTEGER NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
	tag         TEXT    NOT NULL,
	PRIMARY KEY (training_id, tag)
) WITHOUT ROWID;
CREATE INDEX training_tags_tag ON training_tags (tag, training_id);

-- docid = trainings.id. Trainings are edited, so a training's row is
-- replaced in the same transaction as the edit (see storage/trainings.go).
CREATE VIRTUAL TABLE trainings_fts USING fts4 (title, provider, tags, tokenize=unicode61 "remove_diacritics=1");

-- A member's enrolment: self-declared, never graded. gave is the one-tap
-- answer to "what did it give you?", '' until said.
CREATE TABLE training_members (
	member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	training_id INTEGER NOT NULL REFERENCES trainings (id),
	enrolled_at INTEGER NOT NULL,
	done_at     INTEGER,
	gave        TEXT    NOT NULL DEFAULT '' CHECK (gave IN ('', 'idea', 'method', 'tool', 'confidence', 'nothing')),
	PRIMARY KEY (member_id, training_id)
) WITHOUT ROWID;
CREATE INDEX training_members_training ON training_members (training_id);
