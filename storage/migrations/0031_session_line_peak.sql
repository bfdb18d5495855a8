-- The longest waitlist a workshop reached counts, for a series, the line
-- of each session (session_members), as it counts a workshop's waitlist.
CREATE TRIGGER session_members_waitlist_peak AFTER INSERT ON session_members WHEN NEW.state = 'waitlisted' BEGIN
	UPDATE workshops SET waitlist_peak = MAX(waitlist_peak,
		(SELECT COUNT(*) FROM session_members WHERE session_id = NEW.session_id AND state = 'waitlisted'))
	WHERE id = NEW.workshop_id; END;

-- The lines already there.
UPDATE workshops SET waitlist_peak = MAX(waitlist_peak, COALESCE((SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM session_members o
	WHERE o.workshop_id = workshops.id AND o.state = 'waitlisted' GROUP BY o.session_id)), 0));
