-- A member's organisation over time: each row says "with organisation
-- from since on" (unix seconds, UTC), until the member's next row. /me org
-- adds a row dated now; staff import rows with their start dates.
-- Retention is read from these rows only, never from activity.
CREATE TABLE member_orgs (
	member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	since        INTEGER NOT NULL,
	organisation TEXT    NOT NULL,
	source       TEXT    NOT NULL CHECK (source IN ('member', 'import')),
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (member_id, since)
) WITHOUT ROWID;
CREATE INDEX member_orgs_since ON member_orgs (since, member_id);
