-- Job offers carry a pay range (EU pay transparency) and the fields young
-- PhDs look for. Offers posted before this version have none: 0 and ''.
ALTER TABLE jobs ADD COLUMN pay_min      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN pay_max      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN pay_currency TEXT    NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN pay_period   TEXT    NOT NULL DEFAULT '' CHECK (pay_period IN ('', 'year', 'month', 'hour'));
ALTER TABLE jobs ADD COLUMN discipline   TEXT    NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN post_kind    TEXT    NOT NULL DEFAULT '' CHECK (post_kind IN ('', 'industrial_phd', 'postdoc', 'permanent'));
