package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Workshop statuses.
const (
	WorkshopOpen      = "open"
	WorkshopCancelled = "cancelled"
	WorkshopDone      = "done"
)

// MaxCapacity bounds a workshop's seats.
const MaxCapacity = 10000

// Workshop is a hands-on session series, usually born from a problem.
type Workshop struct {
	ID          int64
	Title       string
	Description string
	Tags        []string
	HostID      int64
	HostName    string
	ProblemID   int64 // 0 = none
	Capacity    int   // 0 = no limit
	Status      string
	CreatedAt   time.Time
	// Partners are the organisations co-organising it, as named.
	Partners []string
	// Kind is KindRecruiting for a recruiting session, else "".
	Kind string
	// Jobs are the listed offers a recruiting session presents.
	Jobs []LinkedJob
	// Chapter is the chapter it is held for, "" for every chapter (online).
	Chapter string

	Joined     int
	Waitlisted int
	// NextSession is the first session not yet over and not cancelled; zero
	// when there is none.
	NextSession Session

	// Filled by Workshop only.
	Sessions     []Session
	Participants []Participant // joined, in order of arrival
	Waitlist     []Participant // in line order
	// SessionMembers are, for a workshop with a series, the members with
	// a place of their own in a session to come (one session only, or a
	// line of that session), each with its Session.
	SessionMembers []Participant
}

// Full reports whether a new member would go to the waitlist.
func (w Workshop) Full() bool { return w.Capacity > 0 && w.Joined >= w.Capacity }

// Participant is a member in a workshop, with a seat or in line.
type Participant struct {
	MemberID   int64
	Name       string
	State      string // "joined" or "waitlisted"
	JoinedAt   time.Time
	PromotedAt time.Time
	// Session is set for a place in one session of a series (a seat that
	// freed there, a one-session member); zero for the whole workshop.
	Session Session
}

// Participant states.
const (
	StateJoined     = "joined"
	StateWaitlisted = "waitlisted"
)

// CreateWorkshop stores a new workshop and sets w.ID. With w.ProblemID set,
// empty title, description and tags are copied from the problem, and the
// problem moves to status "workshop".
func (db *DB) CreateWorkshop(ctx context.Context, w *Workshop) error {
	return db.update(ctx, func(tx *Tx) error {
		if w.ProblemID != 0 {
			p, err := problemByID(ctx, tx, w.ProblemID)
			if err != nil {
				return err
			}
			if p.Status != ProblemOpen && p.Status != ProblemWorkshop {
				return Errorf(ECONFLICT, "problem_closed", "problem %d is %s", p.ID, p.Status)
			}
			if w.Title == "" {
				w.Title = p.Title
			}
			if w.Description == "" {
				w.Description = p.Description
			}
			if len(w.Tags) == 0 {
				w.Tags = p.Tags
			}
			if _, err := tx.ExecContext(ctx, `UPDATE problems SET status = 'workshop', updated_at = ? WHERE id = ?`, unix(tx.now), p.ID); err != nil {
				return fmt.Errorf("storage: link problem: %w", err)
			}
		}
		w.Title, w.Description = CleanLine(w.Title), CleanText(w.Description)
		if err := validateText(w.Title, w.Description); err != nil {
			return err
		}
		if err := validateTags(w.Tags); err != nil {
			return err
		}
		if w.Capacity < 0 || w.Capacity > MaxCapacity {
			return Errorf(EINVALID, "capacity", "capacity %d out of range", w.Capacity)
		}
		var problemID any
		if w.ProblemID != 0 {
			problemID = w.ProblemID
		}
		if w.Chapter != "" && !openChapter(ctx, tx, w.Chapter) {
			return Errorf(EINVALID, "chapter", "no open chapter %q", w.Chapter)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO workshops (title, description, host_id, problem_id, capacity, status, chapter, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)`, w.Title, w.Description, w.HostID, problemID, w.Capacity, w.Chapter, unix(tx.now), unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: create workshop: %w", err)
		}
		w.ID, _ = res.LastInsertId()
		w.Status, w.CreatedAt = WorkshopOpen, tx.now
		for _, t := range w.Tags {
			if _, err := tx.ExecContext(ctx, `INSERT INTO workshop_tags (workshop_id, tag) VALUES (?, ?)`, w.ID, t); err != nil {
				return fmt.Errorf("storage: create workshop tag: %w", err)
			}
		}
		return nil
	})
}

// The next session is the first one not over yet: a session in progress
// still counts, so its card keeps showing it. ?1 is now, in unix seconds.
// onOrNext is the one definition of it (Workshop.NextSession, and a
// join's reply), nextSession its form as a scalar subquery.
const onOrNext = ` cancelled_at IS NULL AND starts_at + duration_min * 60 > ?1 ORDER BY starts_at, id LIMIT 1`

const nextSession = ` FROM sessions WHERE workshop_id = w.id AND` + onOrNext + `)`

// Scalar subqueries keep one row per workshop with no join to plan; they
// were also the first workaround for the re-preparation that qpsg.go now
// prevents for every statement.
const workshopColumns = `w.id, w.title, w.description, w.host_id,
	COALESCE((SELECT display_name FROM members WHERE id = w.host_id), ''), COALESCE(w.problem_id, 0), w.capacity, w.status, w.created_at,
	(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM workshop_tags WHERE workshop_id = w.id ORDER BY tag)),
	CASE WHEN ` + nextOfSeries + ` THEN (SELECT COUNT(*) FROM participants p WHERE p.workshop_id = w.id AND p.state = 'joined'
		AND NOT EXISTS (SELECT 1 FROM session_members o WHERE o.session_id = (SELECT id` + nextSession + ` AND o.member_id = p.member_id))
		+ (SELECT COUNT(*) FROM session_members o WHERE o.session_id = (SELECT id` + nextSession + ` AND o.state = 'joined')
	ELSE (SELECT COUNT(*) FROM participants WHERE workshop_id = w.id AND state = 'joined') END,
	CASE WHEN ` + nextOfSeries + ` THEN (SELECT COUNT(*) FROM session_members o WHERE o.session_id = (SELECT id` + nextSession + ` AND o.state = 'waitlisted')
	ELSE (SELECT COUNT(*) FROM participants WHERE workshop_id = w.id AND state = 'waitlisted') END,
	(SELECT id` + nextSession + `, (SELECT starts_at` + nextSession + ` AS next_start, (SELECT duration_min` + nextSession + `,
	(SELECT place` + nextSession + `, (SELECT sequence` + nextSession + `, ` + partnerList + `, w.kind, ` + linkedJobList + `, w.chapter`

// nextOfSeries: a workshop with a series counts its seats per session,
// and its card shows those of its next session.
const nextOfSeries = `EXISTS (SELECT 1 FROM series WHERE workshop_id = w.id) AND EXISTS (SELECT 1` + nextSession

const workshopFrom = ` FROM workshops w`

func scanWorkshop(sc interface{ Scan(...any) error }) (Workshop, error) {
	var w Workshop
	var created int64
	var tags, place, partners, jobs sql.NullString
	var sid, start, dur, seq sql.NullInt64
	err := sc.Scan(&w.ID, &w.Title, &w.Description, &w.HostID, &w.HostName, &w.ProblemID, &w.Capacity, &w.Status, &created,
		&tags, &w.Joined, &w.Waitlisted, &sid, &start, &dur, &place, &seq, &partners, &w.Kind, &jobs, &w.Chapter)
	w.CreatedAt = fromUnix(created)
	w.Tags = splitTags(tags.String)
	w.Partners = splitPartners(partners.String)
	w.Jobs = splitLinkedJobs(jobs.String)
	if sid.Valid {
		w.NextSession = Session{ID: sid.Int64, WorkshopID: w.ID, Start: fromUnix(start.Int64),
			Duration: time.Duration(dur.Int64) * time.Minute, Place: place.String, Sequence: int(seq.Int64)}
	}
	return w, err
}

func workshopByID(ctx context.Context, tx *Tx, id int64) (Workshop, error) {
	w, err := scanWorkshop(tx.QueryRowContext(ctx, `SELECT `+workshopColumns+workshopFrom+` WHERE w.id = ?2`, unix(tx.now), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Workshop{}, Errorf(ENOTFOUND, "workshop", "no workshop %d", id)
	}
	if err != nil {
		return Workshop{}, fmt.Errorf("storage: find workshop: %w", err)
	}
	return w, nil
}

// Workshop returns a workshop with its sessions, participants and waitlist.
func (db *DB) Workshop(ctx context.Context, id int64) (Workshop, error) {
	var w Workshop
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if w, err = workshopByID(ctx, tx, id); err != nil {
			return err
		}
		if w.Sessions, err = sessionsOf(ctx, tx, id); err != nil {
			return err
		}
		all, err := participantsOf(ctx, tx, id)
		for _, p := range all {
			if p.State == StateJoined {
				w.Participants = append(w.Participants, p)
			} else {
				w.Waitlist = append(w.Waitlist, p)
			}
		}
		if err != nil {
			return err
		}
		w.SessionMembers, err = sessionMembersOf(ctx, tx, id)
		return err
	})
	return w, err
}

func participantsOf(ctx context.Context, tx *Tx, workshopID int64) ([]Participant, error) {
	rows, err := tx.QueryContext(ctx, `SELECT p.member_id, COALESCE((SELECT display_name FROM members WHERE id = p.member_id), ''),
		p.state, p.joined_at, p.promoted_at FROM participants p WHERE p.workshop_id = ? ORDER BY p.id`, workshopID)
	if err != nil {
		return nil, fmt.Errorf("storage: participants: %w", err)
	}
	defer rows.Close()
	var out []Participant
	for rows.Next() {
		var p Participant
		var joined int64
		var promoted sql.NullInt64
		if err := rows.Scan(&p.MemberID, &p.Name, &p.State, &joined, &promoted); err != nil {
			return nil, fmt.Errorf("storage: participants: %w", err)
		}
		p.JoinedAt, p.PromotedAt = fromUnix(joined), nullTime(promoted)
		out = append(out, p)
	}
	return out, rows.Err()
}

// ListWorkshops returns the open workshops, those with the soonest session
// first and those with no session yet last.
// WorkshopsPage is one page of the open workshops, soonest first, and
// where that page is.
// chapters keeps those of these chapters ("" for online ones); nil, all.
func (db *DB) WorkshopsPage(ctx context.Context, p Page, chapters []string) ([]Workshop, PageInfo, error) {
	all, err := db.listWorkshops(ctx, maxOpenWorkshops, chapters)
	if err != nil {
		return nil, PageInfo{}, err
	}
	ws, info := PageOf(all, func(w Workshop) int64 { return w.ID }, p)
	return ws, info, nil
}

// maxOpenWorkshops bounds the open workshops a list pages through.
const maxOpenWorkshops = 10000

func (db *DB) ListWorkshops(ctx context.Context, limit int) ([]Workshop, error) {
	return db.listWorkshops(ctx, limit, nil)
}

func (db *DB) listWorkshops(ctx context.Context, limit int, chapters []string) ([]Workshop, error) {
	if limit <= 0 {
		limit = 20
	}
	var out []Workshop
	err := db.view(ctx, func(tx *Tx) error {
		in, args := chapterClause("w.chapter", chapters)
		rows, err := tx.QueryContext(ctx, `SELECT `+workshopColumns+workshopFrom+`
			WHERE w.status = 'open'`+in+` ORDER BY next_start IS NULL, next_start, w.id`+limitClause(limit), append([]any{unix(tx.now)}, args...)...)
		if err != nil {
			return fmt.Errorf("storage: list workshops: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			w, err := scanWorkshop(rows)
			if err != nil {
				return fmt.Errorf("storage: list workshops: %w", err)
			}
			out = append(out, w)
		}
		return rows.Err()
	})
	return out, err
}

func openWorkshop(ctx context.Context, tx *Tx, id int64) (Workshop, error) {
	w, err := workshopByID(ctx, tx, id)
	if err != nil {
		return w, err
	}
	if w.Status != WorkshopOpen {
		return w, Errorf(ECONFLICT, "workshop_closed", "workshop %d is %s", id, w.Status)
	}
	return w, nil
}

// JoinResult says where a join left the member.
type JoinResult struct {
	// Workshop has what a join's reply shows: the id, title, status,
	// capacity, counts and next session (Workshop reads the rest).
	Workshop Workshop
	State    string // StateJoined or StateWaitlisted
	Position int    // place in line when waitlisted, from 1
	Already  bool   // the member was there before; nothing changed
	// Session is the session a one-session join was for.
	Session Session
	// Places says, for a workshop with a series, where the member stands
	// in each session to come: seated in some, in line in others.
	Places []SessionPlace
	// Orgs says the workshop names organisations (partners, or the offers
	// of a recruiting session), whose consent a join asks: without, there
	// is nothing to ask, and no need to read more.
	Orgs bool
}

// Join gives the member a seat, or a place at the end of the waitlist when
// the workshop is full. Joining twice changes nothing.
func (db *DB) Join(ctx context.Context, workshopID, memberID int64) (JoinResult, error) {
	var r JoinResult
	err := db.update(ctx, func(tx *Tx) error {
		// One light read decides and names the workshop: a burst of joins
		// on one workshop queues on the writer, so each reads no more than
		// its reply shows.
		var status, title string
		var capacity, joined, waitlisted int
		var state sql.NullString
		var series bool
		err := tx.QueryRowContext(ctx, `SELECT status, capacity, title,
			(SELECT COUNT(*) FROM participants WHERE workshop_id = w.id AND state = 'joined'),
			(SELECT COUNT(*) FROM participants WHERE workshop_id = w.id AND state = 'waitlisted'),
			(SELECT state FROM participants WHERE workshop_id = w.id AND member_id = ?),
			EXISTS (SELECT 1 FROM series WHERE workshop_id = w.id),
			EXISTS (SELECT 1 FROM workshop_partners WHERE workshop_id = w.id) OR EXISTS (SELECT 1 FROM workshop_jobs WHERE workshop_id = w.id)
			FROM workshops w WHERE id = ?`, memberID, workshopID).Scan(&status, &capacity, &title, &joined, &waitlisted, &state, &series, &r.Orgs)
		if errors.Is(err, sql.ErrNoRows) {
			return Errorf(ENOTFOUND, "workshop", "no workshop %d", workshopID)
		}
		if err != nil {
			return fmt.Errorf("storage: join: %w", err)
		}
		if status != WorkshopOpen {
			return Errorf(ECONFLICT, "workshop_closed", "workshop %d is %s", workshopID, status)
		}
		r.State, r.Already = state.String, state.Valid
		if !r.Already {
			r.State = StateJoined
			if series {
				// Seats count per session: the member sits where there is
				// room and waits in line where there is none.
				if err := placeWhole(ctx, tx, workshopID, memberID, capacity); err != nil {
					return err
				}
			} else if capacity > 0 && joined >= capacity {
				r.State = StateWaitlisted
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO participants (workshop_id, member_id, state, joined_at) VALUES (?, ?, ?, ?)`,
				workshopID, memberID, r.State, unix(tx.now)); err != nil {
				return fmt.Errorf("storage: join: %w", err)
			}
			if err := db.afterJoin(ctx, tx, workshopID, memberID, r.State); err != nil {
				return err
			}
		}
		if r.State == StateWaitlisted {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM participants WHERE workshop_id = ? AND state = 'waitlisted'
				AND id <= (SELECT id FROM participants WHERE workshop_id = ? AND member_id = ?)`, workshopID, workshopID, memberID).Scan(&r.Position); err != nil {
				return fmt.Errorf("storage: waitlist position: %w", err)
			}
		}
		if !r.Already && r.State == StateJoined {
			joined++
		} else if !r.Already {
			waitlisted++
		}
		r.Workshop = Workshop{ID: workshopID, Title: title, Status: status, Capacity: capacity, Joined: joined, Waitlisted: waitlisted}
		if series {
			if r.Workshop, err = workshopByID(ctx, tx, workshopID); err != nil {
				return err
			}
			r.Places, err = placesOf(ctx, tx, workshopID, memberID)
			return err
		}
		r.Workshop.NextSession, err = sessionOnOrNext(ctx, tx, workshopID)
		return err
	})
	return r, err
}

// sessionOnOrNext is the workshop's session under way or to come, as
// Workshop.NextSession (zero when none).
func sessionOnOrNext(ctx context.Context, tx *Tx, workshopID int64) (Session, error) {
	s := Session{WorkshopID: workshopID}
	var start, dur int64
	err := tx.QueryRowContext(ctx, `SELECT id, starts_at, duration_min, place, sequence FROM sessions
		WHERE workshop_id = ?2 AND`+onOrNext, unix(tx.now), workshopID).Scan(&s.ID, &start, &dur, &s.Place, &s.Sequence)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, nil
	}
	if err != nil {
		return Session{}, fmt.Errorf("storage: next session: %w", err)
	}
	s.Start, s.Duration = fromUnix(start), time.Duration(dur)*time.Minute
	return s, nil
}

// LeaveResult says what a leave did.
type LeaveResult struct {
	Workshop Workshop
	WasState string // "" when the member was not in the workshop
	// Promoted lists the members who got a seat freed by this change, in
	// line order; their promoted_at is set so they can be notified.
	Promoted []Participant
	// Session is the session a one-session leave was for.
	Session Session
}

// Leave takes the member out of the workshop; a freed seat goes to the
// first in line.
func (db *DB) Leave(ctx context.Context, workshopID, memberID int64) (LeaveResult, error) {
	var r LeaveResult
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		r, err = db.leave(ctx, tx, workshopID, memberID)
		return err
	})
	return r, err
}

// leave is Leave inside a transaction: a leave, a removal by staff and a
// forgotten member's seats all free a seat the same way.
func (db *DB) leave(ctx context.Context, tx *Tx, workshopID, memberID int64) (LeaveResult, error) {
	var r LeaveResult
	if _, err := openWorkshop(ctx, tx, workshopID); err != nil {
		return r, err
	}
	err := tx.QueryRowContext(ctx, `DELETE FROM participants WHERE workshop_id = ? AND member_id = ? RETURNING state`,
		workshopID, memberID).Scan(&r.WasState)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("storage: leave: %w", err)
	}
	// Their places in single sessions of a series go too; one seated
	// place makes them a member who had a seat.
	states, err := stringsOf(ctx, tx, `DELETE FROM session_members WHERE workshop_id = ? AND member_id = ? RETURNING state`, workshopID, memberID)
	if err != nil {
		return r, err
	}
	for _, st := range states {
		if r.WasState != StateJoined && st != StateOut {
			r.WasState = st
		}
	}
	if r.WasState != "" {
		if err := afterLeave(ctx, tx, workshopID, memberID); err != nil {
			return r, err
		}
	}
	promoted, err := promote(ctx, tx, workshopID)
	if err != nil {
		return r, err
	}
	return r, db.seatsGiven(ctx, tx, &r, workshopID, promoted)
}

// seatsGiven ends every change that frees seats: those promoted are told
// and get their reminders, and the result reads the workshop back.
func (db *DB) seatsGiven(ctx context.Context, tx *Tx, r *LeaveResult, workshopID int64, promoted []Participant) error {
	r.Promoted = promoted
	if err := db.afterPromote(ctx, tx, workshopID, promoted); err != nil {
		return err
	}
	var err error
	r.Workshop, err = workshopByID(ctx, tx, workshopID)
	return err
}

// promote fills free seats from the head of the waitlist.
func promote(ctx context.Context, tx *Tx, workshopID int64) ([]Participant, error) {
	if series, err := perSession(ctx, tx, workshopID); err != nil || series {
		if err != nil {
			return nil, err
		}
		return promoteSessions(ctx, tx, workshopID)
	}
	w, err := workshopByID(ctx, tx, workshopID)
	if err != nil {
		return nil, err
	}
	free := w.Waitlisted
	if w.Capacity > 0 {
		free = min(w.Capacity-w.Joined, w.Waitlisted)
	}
	if free <= 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `UPDATE participants SET state = 'joined', promoted_at = ?
		WHERE id IN (SELECT id FROM participants WHERE workshop_id = ? AND state = 'waitlisted' ORDER BY id`+limitClause(free)+`)
		RETURNING member_id`, unix(tx.now), workshopID)
	if err != nil {
		return nil, fmt.Errorf("storage: promote: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("storage: promote: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	all, err := participantsOf(ctx, tx, workshopID)
	if err != nil {
		return nil, err
	}
	var out []Participant
	for _, p := range all {
		for _, id := range ids {
			if p.MemberID == id {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// SetCapacity changes the number of seats (0 = no limit). It refuses to go
// below the members already seated; more seats promote from the waitlist.
func (db *DB) SetCapacity(ctx context.Context, workshopID int64, capacity int) (LeaveResult, error) {
	var r LeaveResult
	err := db.update(ctx, func(tx *Tx) error {
		w, err := openWorkshop(ctx, tx, workshopID)
		if err != nil {
			return err
		}
		if capacity < 0 || capacity > MaxCapacity {
			return Errorf(EINVALID, "capacity", "capacity %d out of range", capacity)
		}
		seated := w.Joined
		if series, err := perSession(ctx, tx, workshopID); err != nil {
			return err
		} else if series {
			if seated, err = mostSeated(ctx, tx, workshopID); err != nil {
				return err
			}
		}
		if capacity > 0 && capacity < seated {
			return Errorf(ECONFLICT, "capacity_below_count", "capacity %d below %d participants", capacity, seated)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workshops SET capacity = ?, updated_at = ? WHERE id = ?`, capacity, unix(tx.now), workshopID); err != nil {
			return fmt.Errorf("storage: set capacity: %w", err)
		}
		promoted, err := promote(ctx, tx, workshopID)
		if err != nil {
			return err
		}
		return db.seatsGiven(ctx, tx, &r, workshopID, promoted)
	})
	return r, err
}

// CancelWorkshop cancels a workshop and its sessions to come. It returns
// the workshop as it was, with the participants to tell.
func (db *DB) CancelWorkshop(ctx context.Context, workshopID int64) (Workshop, error) {
	var w Workshop
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if _, err = openWorkshop(ctx, tx, workshopID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workshops SET status = 'cancelled', updated_at = ? WHERE id = ?`, unix(tx.now), workshopID); err != nil {
			return fmt.Errorf("storage: cancel workshop: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET cancelled_at = ?, sequence = sequence + 1
			WHERE workshop_id = ? AND cancelled_at IS NULL AND starts_at > ?`, unix(tx.now), workshopID, unix(tx.now)); err != nil {
			return fmt.Errorf("storage: cancel sessions: %w", err)
		}
		if w, err = workshopByID(ctx, tx, workshopID); err != nil {
			return err
		}
		if w.Sessions, err = sessionsOf(ctx, tx, workshopID); err != nil {
			return err
		}
		if w.Participants, err = participantsOf(ctx, tx, workshopID); err != nil {
			return err
		}
		// Members of single sessions are told too, once each.
		people := append([]Participant{}, w.Participants...)
		seen := map[int64]bool{}
		for _, p := range people {
			seen[p.MemberID] = true
		}
		ones, err := int64s(ctx, tx, `SELECT DISTINCT member_id FROM session_members WHERE workshop_id = ? AND state <> 'out' ORDER BY member_id`, workshopID)
		if err != nil {
			return err
		}
		for _, m := range ones {
			if !seen[m] {
				people = append(people, Participant{MemberID: m})
			}
		}
		return afterCancelWorkshop(ctx, tx, w, people)
	})
	return w, err
}
