-- How a member writes numeric dates: 'dmy' (03/12 is 3 December), 'mdy'
-- (12/03 is 3 December), or '' for the community's setting.
ALTER TABLE members ADD COLUMN date_order TEXT NOT NULL DEFAULT '' CHECK (date_order IN ('', 'dmy', 'mdy'));
