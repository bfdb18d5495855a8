package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Kinds of outcome.
const (
	OutcomeCollaboration = "collaboration"
	OutcomeTool          = "tool"
	OutcomeProblemSolved = "problem_solved"
	OutcomePublication   = "publication"
	OutcomeNothingYet    = "nothing_yet"
)

// OutcomeKinds lists the kinds in the order menus show them.
var OutcomeKinds = []string{OutcomeCollaboration, OutcomeTool, OutcomeProblemSolved, OutcomePublication, OutcomeNothingYet}

// Notification kinds of outcomes.
const (
	NoteOutcomeAsk    = "outcome_ask"    // did anything come of the workshop? (after it, then 30, 90, 180 days)
	NoteOutcomeSolved = "outcome_solved" // a participant says your problem is solved: is it?
)

// OutcomeAskDays are the days after a workshop's last session when its
// participants are asked whether anything continued; 0 is right after.
var OutcomeAskDays = []int{0, 30, 90, 180}

// Outcome limits.
const (
	MaxOutcomeText = 1000
	MaxOutcomeOrgs = 10
)

// Outcome is what a workshop led to, as its participants or staff said.
type Outcome struct {
	ID            int64
	WorkshopID    int64
	WorkshopTitle string
	ProblemID     int64 // the problem the workshop came from, if any
	Kind          string
	Text          string
	Link          string
	Orgs          []OutcomeOrg
	Authors       []TeamMember
	CreatedAt     time.Time
	PublishedAt   time.Time // zero while an organisation named has not agreed
}

// OutcomeOrg is an organisation an outcome names.
type OutcomeOrg struct {
	Name   string
	Agreed bool
}

// Published reports whether everyone may see the outcome.
func (o Outcome) Published() bool { return !o.PublishedAt.IsZero() }

// OrgNames lists the organisations named.
func (o Outcome) OrgNames() []string {
	var out []string
	for _, g := range o.Orgs {
		out = append(out, g.Name)
	}
	return out
}

// RecordResult says what recording an outcome did.
type RecordResult struct {
	Outcome Outcome
	// Joined is true when the same outcome (workshop, kind and the same
	// organisations) was already recorded: the member is added to its
	// authors, nothing is counted twice.
	Joined bool
}

func validOutcomeKind(k string) bool { return contains(OutcomeKinds, k) }

// RecordOutcome stores an outcome of a workshop, by one of its
// participants or staff. Named organisations must each agree before it is
// public; one naming none is public at once. A "problem solved" asks the
// problem's author to confirm, unless they are the one saying so.
func (db *DB) RecordOutcome(ctx context.Context, o Outcome, by Member) (RecordResult, error) {
	var r RecordResult
	o.Text, o.Link = strings.TrimSpace(o.Text), strings.TrimSpace(o.Link)
	switch {
	case !validOutcomeKind(o.Kind):
		return r, Errorf(EINVALID, "outcome_kind", "kind %q", o.Kind)
	case o.Text == "":
		return r, Errorf(EINVALID, "outcome_text_missing", "no text")
	case len([]rune(o.Text)) > MaxOutcomeText:
		return r, Errorf(EINVALID, "outcome_text_too_long", "text over %d", MaxOutcomeText)
	case len(o.Orgs) > MaxOutcomeOrgs:
		return r, Errorf(EINVALID, "outcome_too_many_orgs", "over %d organisations", MaxOutcomeOrgs)
	}
	if o.Link != "" {
		if err := CheckApplyURL(o.Link); err != nil {
			return r, Errorf(EINVALID, "outcome_link", "link %q", o.Link)
		}
	}
	orgs := map[string]string{}
	for _, g := range o.Orgs {
		name := strings.TrimSpace(g.Name)
		if name == "" {
			continue
		}
		if len([]rune(name)) > MaxOrganisation {
			return r, Errorf(EINVALID, "organisation_too_long", "organisation over %d", MaxOrganisation)
		}
		orgs[OrgKey(name)] = name
	}
	err := db.update(ctx, func(tx *Tx) error {
		w, err := workshopByID(ctx, tx, o.WorkshopID)
		if err != nil {
			return err
		}
		if !by.IsStaff() {
			if ok, err := isParticipant(ctx, tx, w.ID, by.ID); err != nil || !ok {
				if err != nil {
					return err
				}
				return Errorf(EFORBIDDEN, "not_participant", "member %d not in workshop %d", by.ID, w.ID)
			}
		}
		// The same outcome told by another participant, from any platform,
		// is one outcome with two authors.
		if len(orgs) > 0 {
			ids, err := int64s(ctx, tx, `SELECT id FROM outcomes WHERE workshop_id = ? AND kind = ? ORDER BY id`, w.ID, o.Kind)
			if err != nil {
				return err
			}
			for _, id := range ids {
				have, err := outcomeByID(ctx, tx, id)
				if err != nil {
					return err
				}
				if sameOrgs(have.OrgNames(), orgs) {
					if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO outcome_authors (outcome_id, member_id) VALUES (?, ?)`, id, by.ID); err != nil {
						return fmt.Errorf("storage: record outcome: %w", err)
					}
					r.Joined = true
					r.Outcome, err = outcomeByID(ctx, tx, id)
					return err
				}
			}
		}
		var published any
		if len(orgs) == 0 {
			published = unix(tx.now)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO outcomes (workshop_id, kind, text, link, created_at, published_at) VALUES (?, ?, ?, ?, ?, ?)`,
			w.ID, o.Kind, o.Text, o.Link, unix(tx.now), published)
		if err != nil {
			return fmt.Errorf("storage: record outcome: %w", err)
		}
		id, _ := res.LastInsertId()
		if _, err := tx.ExecContext(ctx, `INSERT INTO outcome_authors (outcome_id, member_id) VALUES (?, ?)`, id, by.ID); err != nil {
			return fmt.Errorf("storage: record outcome: %w", err)
		}
		for _, name := range orgs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO outcome_orgs (outcome_id, organisation) VALUES (?, ?)`, id, name); err != nil {
				return fmt.Errorf("storage: record outcome: %w", err)
			}
		}
		if o.Kind == OutcomeProblemSolved && w.ProblemID != 0 {
			p, err := problemByID(ctx, tx, w.ProblemID)
			if err != nil {
				return err
			}
			if p.AuthorID != by.ID && (p.Status == ProblemOpen || p.Status == ProblemWorkshop) {
				if err := enqueueDM(ctx, tx, p.AuthorID, Note{
					Key:       fmt.Sprintf("%s:outcome=%d:member=%d", NoteOutcomeSolved, id, p.AuthorID),
					Kind:      NoteOutcomeSolved,
					Args:      NoteArgs{OutcomeID: id, ProblemID: p.ID},
					PlannedAt: tx.now,
				}); err != nil {
					return err
				}
			}
		}
		r.Outcome, err = outcomeByID(ctx, tx, id)
		return err
	})
	return r, err
}

func sameOrgs(have []string, want map[string]string) bool {
	if len(have) != len(want) {
		return false
	}
	for _, h := range have {
		if _, ok := want[strings.ToLower(h)]; !ok {
			return false
		}
	}
	return true
}

func isParticipant(ctx context.Context, tx *Tx, workshopID, memberID int64) (bool, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT `+seatedAnywhere, workshopID, memberID).Scan(&n); err != nil {
		return false, fmt.Errorf("storage: participant: %w", err)
	}
	return n > 0, nil
}

func outcomeByID(ctx context.Context, tx *Tx, id int64) (Outcome, error) {
	var o Outcome
	var created int64
	var published sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT o.id, o.workshop_id, w.title, COALESCE(w.problem_id, 0), o.kind, o.text, o.link, o.created_at, o.published_at
		FROM outcomes o, workshops w WHERE w.id = o.workshop_id AND o.id = ?`, id).
		Scan(&o.ID, &o.WorkshopID, &o.WorkshopTitle, &o.ProblemID, &o.Kind, &o.Text, &o.Link, &created, &published)
	if errors.Is(err, sql.ErrNoRows) {
		return o, Errorf(ENOTFOUND, "outcome", "no outcome %d", id)
	}
	if err != nil {
		return o, fmt.Errorf("storage: outcome %d: %w", id, err)
	}
	o.CreatedAt, o.PublishedAt = fromUnix(created), nullTime(published)
	if o.Orgs, err = rowsOf(ctx, tx, "outcome organisations", `SELECT organisation, agreed_at IS NOT NULL FROM outcome_orgs WHERE outcome_id = ?
		ORDER BY organisation COLLATE NOCASE`, func(sc interface{ Scan(...any) error }) (OutcomeOrg, error) {
		var g OutcomeOrg
		return g, sc.Scan(&g.Name, &g.Agreed)
	}, id); err != nil {
		return o, err
	}
	o.Authors, err = rowsOf(ctx, tx, "outcome authors", `SELECT m.id, m.display_name FROM outcome_authors a, members m
		WHERE a.outcome_id = ? AND m.id = a.member_id ORDER BY m.display_name, m.id`, func(sc interface{ Scan(...any) error }) (TeamMember, error) {
		var t TeamMember
		return t, sc.Scan(&t.MemberID, &t.Name)
	}, id)
	return o, err
}

// Outcome reads an outcome.
func (db *DB) Outcome(ctx context.Context, id int64) (Outcome, error) {
	var o Outcome
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		o, err = outcomeByID(ctx, tx, id)
		return err
	})
	return o, err
}

// CanSeeOutcome reports whether a member may see an outcome: everyone
// once it is published, else staff and the workshop's participants.
func (db *DB) CanSeeOutcome(ctx context.Context, o Outcome, m Member) (bool, error) {
	if o.Published() || m.IsStaff() {
		return true, nil
	}
	var ok bool
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		ok, err = isParticipant(ctx, tx, o.WorkshopID, m.ID)
		for _, a := range o.Authors {
			ok = ok || a.MemberID == m.ID
		}
		return err
	})
	return ok, err
}

// AgreeOutcome records that an organisation named by an outcome agrees to
// publish it: said by staff, or by a member of that organisation (their
// profile's) who took part. The last agreement publishes it.
func (db *DB) AgreeOutcome(ctx context.Context, id int64, org string, by Member) (Outcome, error) {
	var o Outcome
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if o, err = outcomeByID(ctx, tx, id); err != nil {
			return err
		}
		if org == "" {
			org = by.Organisation
		}
		var name string
		for _, g := range o.Orgs {
			if OrgKey(g.Name) == OrgKey(org) {
				name = g.Name
			}
		}
		if name == "" {
			return Errorf(EINVALID, "outcome_org", "outcome %d does not name %q", id, org)
		}
		if !by.IsStaff() {
			part, err := isParticipant(ctx, tx, o.WorkshopID, by.ID)
			if err != nil {
				return err
			}
			for _, a := range o.Authors {
				part = part || a.MemberID == by.ID
			}
			if !part || !strings.EqualFold(strings.TrimSpace(by.Organisation), name) {
				return Errorf(EFORBIDDEN, "outcome_not_your_org", "member %d may not agree for %q", by.ID, name)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outcome_orgs SET agreed_at = COALESCE(agreed_at, ?) WHERE outcome_id = ? AND organisation = ?`,
			unix(tx.now), id, name); err != nil {
			return fmt.Errorf("storage: agree outcome: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outcomes SET published_at = ? WHERE id = ? AND published_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM outcome_orgs WHERE outcome_id = ? AND agreed_at IS NULL)`, unix(tx.now), id, id); err != nil {
			return fmt.Errorf("storage: agree outcome: %w", err)
		}
		o, err = outcomeByID(ctx, tx, id)
		return err
	})
	return o, err
}

// OutcomeFilter narrows /outcomes; Viewer decides what is visible.
type OutcomeFilter struct {
	Tag          string
	Organisation string
	Year         int
	Viewer       Member
	// PublishedSince, when set, keeps outcomes published after it (the
	// digest), whatever the viewer.
	PublishedSince time.Time
	PublishedUntil time.Time
	Limit          int
}

// Outcomes lists the outcomes the viewer may see, newest first.
func (db *DB) Outcomes(ctx context.Context, f OutcomeFilter) ([]Outcome, error) {
	var out []Outcome
	err := db.view(ctx, func(tx *Tx) error {
		q := `SELECT o.id FROM outcomes o WHERE 1`
		var args []any
		switch {
		case !f.PublishedSince.IsZero():
			q += ` AND o.published_at > ? AND o.published_at <= ?`
			args = append(args, unix(f.PublishedSince), unix(f.PublishedUntil))
		case !f.Viewer.IsStaff():
			q += ` AND (o.published_at IS NOT NULL OR EXISTS (SELECT 1 FROM participants p WHERE p.workshop_id = o.workshop_id AND p.member_id = ? AND p.state = 'joined')
				OR EXISTS (SELECT 1 FROM outcome_authors a WHERE a.outcome_id = o.id AND a.member_id = ?))`
			args = append(args, f.Viewer.ID, f.Viewer.ID)
		}
		if f.Tag != "" {
			q += ` AND EXISTS (SELECT 1 FROM workshop_tags t WHERE t.workshop_id = o.workshop_id AND t.tag = ?)`
			args = append(args, f.Tag)
		}
		if f.Organisation != "" {
			q += ` AND EXISTS (SELECT 1 FROM outcome_orgs g WHERE g.outcome_id = o.id AND g.organisation = ? COLLATE NOCASE)`
			args = append(args, f.Organisation)
		}
		if f.Year != 0 {
			q += ` AND o.created_at >= ? AND o.created_at < ?`
			args = append(args, time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(f.Year+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
		}
		limit := f.Limit
		if limit <= 0 {
			limit = 50
		}
		var err error
		out, err = loadEach(ctx, tx, outcomeByID, q+` ORDER BY o.id DESC`+limitClause(limit), args...)
		return err
	})
	return out, err
}

// SetOutcomeQuestions turns the "did anything continue?" questions off or
// back on for a member.
func (db *DB) SetOutcomeQuestions(ctx context.Context, memberID int64, on bool) error {
	return db.update(ctx, func(tx *Tx) error {
		q := `DELETE FROM outcome_optouts WHERE member_id = ?`
		args := []any{memberID}
		if !on {
			q = `INSERT OR IGNORE INTO outcome_optouts (member_id, created_at) VALUES (?, ?)`
			args = append(args, unix(tx.now))
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("storage: outcome questions: %w", err)
		}
		return nil
	})
}

// OutcomeQuestionsOff reports whether a member turned the questions off.
func (db *DB) OutcomeQuestionsOff(ctx context.Context, memberID int64) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM outcome_optouts WHERE member_id = ?`, memberID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("storage: outcome questions: %w", err)
	}
	return n > 0, nil
}

// WorkshopEnd is a workshop whose last session ended, with who sat in it.
type WorkshopEnd struct {
	WorkshopID int64
	End        time.Time
	Members    []int64
}

// WorkshopsEnded lists the workshops whose last session (not cancelled)
// ended after from and at to at the latest.
func (db *DB) WorkshopsEnded(ctx context.Context, from, to time.Time) ([]WorkshopEnd, error) {
	var out []WorkshopEnd
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.workshop_id, MAX(s.starts_at + s.duration_min * 60) AS ends FROM sessions s
			WHERE s.cancelled_at IS NULL AND (SELECT status FROM workshops WHERE id = s.workshop_id) != 'cancelled'
			GROUP BY s.workshop_id HAVING ends > ? AND ends <= ? ORDER BY ends, s.workshop_id`, unix(from), unix(to))
		if err != nil {
			return fmt.Errorf("storage: workshops ended: %w", err)
		}
		for rows.Next() {
			var w WorkshopEnd
			var end int64
			if err := rows.Scan(&w.WorkshopID, &end); err != nil {
				rows.Close()
				return fmt.Errorf("storage: workshops ended: %w", err)
			}
			w.End = fromUnix(end)
			out = append(out, w)
		}
		rows.Close()
		for i := range out {
			if out[i].Members, err = int64s(ctx, tx, `SELECT member_id FROM participants WHERE workshop_id = ? AND state = 'joined' ORDER BY id`, out[i].WorkshopID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// OutcomeCount is a count by year and organisation.
type OutcomeCount struct {
	Year         int
	Organisation string // "" for the outcomes that name none
	N            int
}

// OutcomeStats counts the outcomes recorded in [from, to): by kind, and
// the collaborations started and problems solved by year and organisation.
// Staff read them, so unpublished outcomes count too.
type OutcomeStats struct {
	ByKind         map[string]int
	Collaborations []OutcomeCount
	ProblemsSolved []OutcomeCount
}

// CountOutcomes computes OutcomeStats.
func (db *DB) CountOutcomes(ctx context.Context, from, to time.Time) (OutcomeStats, error) {
	s := OutcomeStats{ByKind: map[string]int{}}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT kind, COUNT(*) FROM outcomes WHERE created_at >= ? AND created_at < ? GROUP BY kind`, unix(from), unix(to))
		if err != nil {
			return fmt.Errorf("storage: outcome stats: %w", err)
		}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return fmt.Errorf("storage: outcome stats: %w", err)
			}
			s.ByKind[k] = n
		}
		rows.Close()
		by := func(kind string) ([]OutcomeCount, error) {
			out, err := rowsOf(ctx, tx, "outcome stats", `SELECT CAST(strftime('%Y', o.created_at, 'unixepoch') AS INTEGER), COALESCE(g.organisation, ''), COUNT(*)
				FROM outcomes o LEFT JOIN outcome_orgs g ON g.outcome_id = o.id
				WHERE o.kind = ? AND o.created_at >= ? AND o.created_at < ? GROUP BY 1, 2`, func(sc interface{ Scan(...any) error }) (OutcomeCount, error) {
				var c OutcomeCount
				return c, sc.Scan(&c.Year, &c.Organisation, &c.N)
			}, kind, unix(from), unix(to))
			sort.Slice(out, func(i, j int) bool {
				if out[i].Year != out[j].Year {
					return out[i].Year < out[j].Year
				}
				return strings.ToLower(out[i].Organisation) < strings.ToLower(out[j].Organisation)
			})
			return out, err
		}
		if s.Collaborations, err = by(OutcomeCollaboration); err != nil {
			return err
		}
		s.ProblemsSolved, err = by(OutcomeProblemSolved)
		return err
	})
	return s, err
}
