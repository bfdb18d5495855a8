-- The people of an organisation a workshop names (a co-organising partner,
-- or a recruiting session's host through its offers), named by staff: they
-- manage the workshops their organisation co-organises and see who
-- registered for its events, by name only with each registrant's consent.
-- org_key is lower(trim(name)), how organisations' names are compared.
CREATE TABLE org_staff (
	org_key    TEXT    NOT NULL,
	name       TEXT    NOT NULL,
	member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (org_key, member_id)
) WITHOUT ROWID;
CREATE INDEX org_staff_member ON org_staff (member_id);

-- A registrant's consent to share their details with one organisation of
-- one workshop, given explicitly (none by default) and withdrawn by
-- deleting the row. It goes with the registration: whoever leaves (or is
-- removed from) the workshop and every session of it they had joined, and
-- joins again, starts with nothing shared.
CREATE TABLE workshop_consents (
	workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	org_key     TEXT    NOT NULL,
	created_at  INTEGER NOT NULL,
	PRIMARY KEY (workshop_id, member_id, org_key)
) WITHOUT ROWID;
CREATE INDEX workshop_consents_member ON workshop_consents (member_id);
CREATE TRIGGER participants_consents AFTER DELETE ON participants BEGIN
	DELETE FROM workshop_consents WHERE workshop_id = OLD.workshop_id AND member_id = OLD.member_id
	AND NOT EXISTS (SELECT 1 FROM session_members WHERE workshop_id = OLD.workshop_id AND member_id = OLD.member_id AND state <> 'out'); END;
CREATE TRIGGER session_members_consents AFTER DELETE ON session_members BEGIN
	DELETE FROM workshop_consents WHERE workshop_id = OLD.workshop_id AND member_id = OLD.member_id
	AND NOT EXISTS (SELECT 1 FROM participants WHERE workshop_id = OLD.workshop_id AND member_id = OLD.member_id)
	AND NOT EXISTS (SELECT 1 FROM session_members WHERE workshop_id = OLD.workshop_id AND member_id = OLD.member_id AND state <> 'out'); END;
CREATE TRIGGER session_members_out_consents AFTER UPDATE OF state ON session_members WHEN NEW.state = 'out' BEGIN
	DELETE FROM workshop_consents WHERE workshop_id = OLD.workshop_id AND member_id = OLD.member_id
	AND NOT EXISTS (SELECT 1 FROM participants WHERE workshop_id = OLD.workshop_id AND member_id = OLD.member_id)
	AND NOT EXISTS (SELECT 1 FROM session_members WHERE workshop_id = OLD.workshop_id AND member_id = OLD.member_id AND state <> 'out'); END;
