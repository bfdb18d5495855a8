-- A problem withdrawn when its author asked to be forgotten: its text is
-- erased, it leaves every list and search, and its cards say withdrawn. A
-- workshop built from it is the community's and keeps its own text.
ALTER TABLE problems ADD COLUMN withdrawn_at INTEGER;
