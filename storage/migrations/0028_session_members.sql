-- Members of one session of a series. A workshop's participants are its
-- whole-series members; a row here says where one member stands in one
-- session instead: seated (one session only, or a whole-series member
-- given a seat that freed), waiting in that session's line (the row id is
-- the place in line), or out of it (a whole-series member skipping it).
-- A session's seats are its whole-series members without a row here plus
-- its rows seated; capacity counts per session.
CREATE TABLE session_members (
	id          INTEGER PRIMARY KEY,
	session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
	state       TEXT    NOT NULL CHECK (state IN ('joined', 'waitlisted', 'out')),
	joined_at   INTEGER NOT NULL,
	promoted_at INTEGER,
	UNIQUE (session_id, member_id)
);
CREATE INDEX session_members_line ON session_members (session_id, state, id);
CREATE INDEX session_members_member ON session_members (member_id, workshop_id);

-- A workshop with a series counts its seats per session. Its members in
-- line for the whole workshop were waiting because every session was full
-- of the same seated members, so they become whole-series members waiting
-- in each session to come, in the order they queued.
INSERT INTO session_members (session_id, workshop_id, member_id, state, joined_at)
	SELECT s.id, p.workshop_id, p.member_id, 'waitlisted', p.joined_at
	FROM participants p JOIN sessions s ON s.workshop_id = p.workshop_id
	WHERE p.state = 'waitlisted' AND s.cancelled_at IS NULL AND s.starts_at > CAST(strftime('%s', 'now') AS INTEGER)
		AND EXISTS (SELECT 1 FROM series WHERE workshop_id = p.workshop_id)
	ORDER BY s.id, p.id;
UPDATE participants SET state = 'joined'
	WHERE state = 'waitlisted' AND EXISTS (SELECT 1 FROM series WHERE workshop_id = participants.workshop_id);
