-- Partner organisations co-organising a workshop (a special day run with
-- another association), in the order the host named them. Their names show
-- on the card, in the calendar feeds and in the stats.
CREATE TABLE workshop_partners (
	workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	name        TEXT    NOT NULL,
	PRIMARY KEY (workshop_id, position)
) WITHOUT ROWID;
