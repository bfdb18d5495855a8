-- Who sits in each session, the one definition every count, reminder,
-- message and figure reads: a workshop's seated participants, except in a
-- session where they have a place of their own (session_members), plus
-- the members seated in that session by such a place. since is when the
-- seat became theirs, at when they joined.
CREATE VIEW session_seats AS
	SELECT s.id AS session_id, s.workshop_id, p.member_id, COALESCE(p.promoted_at, p.joined_at) AS since, p.joined_at AS at
	FROM sessions s JOIN participants p ON p.workshop_id = s.workshop_id AND p.state = 'joined'
	WHERE NOT EXISTS (SELECT 1 FROM session_members o WHERE o.session_id = s.id AND o.member_id = p.member_id)
	UNION ALL SELECT session_id, workshop_id, member_id, COALESCE(promoted_at, joined_at), joined_at FROM session_members WHERE state = 'joined';
