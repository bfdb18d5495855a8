-- Chapters: local groups of one community (Paris, Casablanca, New York),
-- each with its zone, language, staff and channels in the configuration.
-- A member, a problem and a workshop belong to one chapter by its id; ''
-- is the community as a whole: a member of no chapter yet, or a workshop
-- held online for every chapter. A configuration without chapters leaves
-- everything at '' and behaves as before.
ALTER TABLE members ADD COLUMN chapter TEXT NOT NULL DEFAULT '';
ALTER TABLE problems ADD COLUMN chapter TEXT NOT NULL DEFAULT '';
ALTER TABLE workshops ADD COLUMN chapter TEXT NOT NULL DEFAULT '';

-- The chapters ever configured. A chapter closed (archived in the
-- configuration, or gone from it) keeps its row and its items: it is
-- archived, never deleted, so its members, workshops and statistics stay.
CREATE TABLE chapters (
	id          TEXT    PRIMARY KEY,
	name        TEXT    NOT NULL,
	created_at  INTEGER NOT NULL,
	archived_at INTEGER
) WITHOUT ROWID;
