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

// rowsOf runs a query and scans each row with scan: the loop of every
// list the Awards and outcomes read.
func rowsOf[T any](ctx context.Context, tx *Tx, what, q string, scan func(sc interface{ Scan(...any) error }) (T, error), args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("storage: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: %s: %w", what, err)
	}
	return out, nil
}

// Award phases, from an edition's dates and the clock.
const (
	PhaseUpcoming    = "upcoming"    // before the nominations open
	PhaseNominations = "nominations" // members nominate, edit, withdraw
	PhaseJury        = "jury"        // jurors score, members vote
	PhaseResults     = "results"     // winners are public
)

// Kinds of nomination.
const (
	NomineeProject       = "project"
	NomineeWorkshop      = "workshop"
	NomineeCollaboration = "collaboration"
	NomineeOrganisation  = "organisation"
)

// Notification kinds of the Awards.
const (
	NoteAwardPhase     = "award_phase"     // a phase starts, to a channel
	NoteAwardResults   = "award_results"   // the winners, to a channel
	NoteAwardNominated = "award_nominated" // you are named in a nomination
)

// Award limits.
const (
	MaxAwardCategories = 10 // a results message carries one card per category
	MaxAwardCriteria   = 5  // a ballot form has one input per criterion (Discord's five)
	MaxAwardName       = 100
	MaxPitch           = 1500
	MaxAwardTeam       = 20
	MaxReason          = 200
)

// Edition is one year's Awards.
type Edition struct {
	ID             int64
	Name           string
	OpensAt        time.Time
	ClosesAt       time.Time
	ResultsAt      time.Time
	CommunityPrize bool
	CreatedAt      time.Time
	Categories     []Category
	Criteria       []Criterion
}

// Phase is the edition's phase at now.
func (e Edition) Phase(now time.Time) string {
	switch {
	case now.Before(e.OpensAt):
		return PhaseUpcoming
	case now.Before(e.ClosesAt):
		return PhaseNominations
	case now.Before(e.ResultsAt):
		return PhaseJury
	}
	return PhaseResults
}

// Category finds a category by the position members type.
func (e Edition) Category(pos int) (Category, bool) {
	for _, c := range e.Categories {
		if c.Position == pos {
			return c, true
		}
	}
	return Category{}, false
}

// Category is a prize of an edition, named in both languages.
type Category struct {
	ID        int64
	Position  int
	NameEN    string
	NameFR    string
	DecidedID int64 // staff's choice between tied nominations; 0 none
}

// Criterion is what jurors score on.
type Criterion struct {
	Position int
	NameEN   string
	NameFR   string
}

// Nomination is a project, workshop, collaboration or organisation put
// forward in one or more categories.
type Nomination struct {
	ID           int64
	EditionID    int64
	Kind         string
	Title        string
	Pitch        string
	Organisation string
	Link         string
	// ProjectKey identifies the project whatever the case or accents of
	// its title (the caller folds it): one nomination per project per
	// category.
	ProjectKey    string
	Status        string
	Categories    []int // positions
	NominatorID   int64 // 0 once forgotten
	NominatorName string
	Team          []TeamMember
	CreatedAt     time.Time
}

// TeamMember is a member of the community (MemberID) or a name.
type TeamMember struct {
	MemberID int64
	Name     string
}

// Names lists the team's names.
func (n Nomination) Names() []string {
	var out []string
	for _, t := range n.Team {
		out = append(out, t.Name)
	}
	return out
}

// Named reports whether a member is the nominator or in the team.
func (n Nomination) Named(memberID int64) bool {
	if memberID == 0 {
		return false
	}
	if n.NominatorID == memberID {
		return true
	}
	for _, t := range n.Team {
		if t.MemberID == memberID {
			return true
		}
	}
	return false
}

func validateEdition(e *Edition) error {
	e.Name = strings.TrimSpace(e.Name)
	switch {
	case e.Name == "":
		return Errorf(EINVALID, "award_name_missing", "no name")
	case len([]rune(e.Name)) > MaxAwardName:
		return Errorf(EINVALID, "award_name_too_long", "name over %d", MaxAwardName)
	case !e.OpensAt.Before(e.ClosesAt) || !e.ClosesAt.Before(e.ResultsAt):
		return Errorf(EINVALID, "award_dates_order", "dates out of order")
	case len(e.Categories) == 0:
		return Errorf(EINVALID, "award_no_category", "no category")
	case len(e.Categories) > MaxAwardCategories:
		return Errorf(EINVALID, "award_too_many_categories", "over %d categories", MaxAwardCategories)
	case len(e.Criteria) == 0:
		return Errorf(EINVALID, "award_no_criterion", "no criterion")
	case len(e.Criteria) > MaxAwardCriteria:
		return Errorf(EINVALID, "award_too_many_criteria", "over %d criteria", MaxAwardCriteria)
	}
	for i := range e.Categories {
		c := &e.Categories[i]
		c.NameEN, c.NameFR = strings.TrimSpace(c.NameEN), strings.TrimSpace(c.NameFR)
		if c.NameEN == "" || c.NameFR == "" || len([]rune(c.NameEN)) > MaxAwardName || len([]rune(c.NameFR)) > MaxAwardName {
			return Errorf(EINVALID, "award_category_name", "category %d name", i+1)
		}
	}
	for i := range e.Criteria {
		c := &e.Criteria[i]
		c.Position = i + 1
		c.NameEN, c.NameFR = strings.TrimSpace(c.NameEN), strings.TrimSpace(c.NameFR)
		if c.NameEN == "" || c.NameFR == "" || len([]rune(c.NameEN)) > MaxAwardName || len([]rune(c.NameFR)) > MaxAwardName {
			return Errorf(EINVALID, "award_criterion_name", "criterion %d name", i+1)
		}
	}
	e.OpensAt, e.ClosesAt, e.ResultsAt = e.OpensAt.UTC().Truncate(time.Second), e.ClosesAt.UTC().Truncate(time.Second), e.ResultsAt.UTC().Truncate(time.Second)
	return nil
}

// CreateEdition stores a new edition and sets e.ID, with its phase
// announcements and results queued for each channel in posts.
func (db *DB) CreateEdition(ctx context.Context, e *Edition, posts []Address) error {
	for i := range e.Categories {
		e.Categories[i].Position = i + 1
	}
	if err := validateEdition(e); err != nil {
		return err
	}
	err := db.update(ctx, func(tx *Tx) error {
		if !e.ClosesAt.After(tx.now) {
			return Errorf(EINVALID, "award_dates_past", "nominations close in the past")
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO award_editions (name, opens_at, closes_at, results_at, community_prize, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, e.Name, unix(e.OpensAt), unix(e.ClosesAt), unix(e.ResultsAt), e.CommunityPrize, unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: create edition: %w", err)
		}
		e.ID, _ = res.LastInsertId()
		e.CreatedAt = tx.now
		if err := saveEditionParts(ctx, tx, e); err != nil {
			return err
		}
		return queuePhases(ctx, tx, *e, posts)
	})
	if err != nil {
		e.ID = 0
	}
	return err
}

// SaveEdition changes an edition's name, dates, community prize,
// categories and criteria, and queues its announcements again for the new
// dates. Categories keep their position; one with nominations cannot go.
// Criteria and categories are fixed once the nominations close.
func (db *DB) SaveEdition(ctx context.Context, e *Edition, posts []Address) error {
	if err := validateEdition(e); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		old, err := editionByID(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		if old.Phase(tx.now) == PhaseResults {
			return Errorf(ECONFLICT, "award_over", "edition %d is over", e.ID)
		}
		partsChanged := fmt.Sprint(old.Categories) != fmt.Sprint(e.Categories) || fmt.Sprint(old.Criteria) != fmt.Sprint(e.Criteria)
		if partsChanged && old.Phase(tx.now) != PhaseUpcoming && old.Phase(tx.now) != PhaseNominations {
			return Errorf(ECONFLICT, "award_published", "edition %d is past its nominations", e.ID)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE award_editions SET name = ?, opens_at = ?, closes_at = ?, results_at = ?, community_prize = ?
			WHERE id = ?`, e.Name, unix(e.OpensAt), unix(e.ClosesAt), unix(e.ResultsAt), e.CommunityPrize, e.ID); err != nil {
			return fmt.Errorf("storage: save edition: %w", err)
		}
		if err := saveEditionParts(ctx, tx, e); err != nil {
			return err
		}
		k := fmt.Sprintf("%s:edition=%d:", NoteAwardPhase, e.ID)
		if err := dropPending(ctx, tx, `key >= ? AND key < ?`, k, k[:len(k)-1]+";"); err != nil {
			return err
		}
		k = fmt.Sprintf("%s:edition=%d:", NoteAwardResults, e.ID)
		if err := dropPending(ctx, tx, `key >= ? AND key < ?`, k, k[:len(k)-1]+";"); err != nil {
			return err
		}
		return queuePhases(ctx, tx, *e, posts)
	})
}

// saveEditionParts writes the categories (by position) and criteria.
func saveEditionParts(ctx context.Context, tx *Tx, e *Edition) error {
	keep := map[int]bool{}
	for i := range e.Categories {
		c := &e.Categories[i]
		keep[c.Position] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO award_categories (edition_id, position, name_en, name_fr) VALUES (?, ?, ?, ?)
			ON CONFLICT (edition_id, position) DO UPDATE SET name_en = excluded.name_en, name_fr = excluded.name_fr`,
			e.ID, c.Position, c.NameEN, c.NameFR); err != nil {
			return fmt.Errorf("storage: save category: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM award_categories WHERE edition_id = ? AND position = ?`, e.ID, c.Position).Scan(&c.ID); err != nil {
			return fmt.Errorf("storage: save category: %w", err)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, position, (SELECT COUNT(*) FROM award_entries WHERE category_id = c.id)
		FROM award_categories c WHERE edition_id = ?`, e.ID)
	if err != nil {
		return fmt.Errorf("storage: save categories: %w", err)
	}
	var drop []int64
	for rows.Next() {
		var id int64
		var pos, entries int
		if err := rows.Scan(&id, &pos, &entries); err != nil {
			rows.Close()
			return fmt.Errorf("storage: save categories: %w", err)
		}
		if !keep[pos] {
			if entries > 0 {
				rows.Close()
				return Errorf(ECONFLICT, "award_category_used", "category %d has nominations", pos)
			}
			drop = append(drop, id)
		}
	}
	rows.Close()
	for _, id := range drop {
		if _, err := tx.ExecContext(ctx, `DELETE FROM award_categories WHERE id = ?`, id); err != nil {
			return fmt.Errorf("storage: save categories: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM award_criteria WHERE edition_id = ?`, e.ID); err != nil {
		return fmt.Errorf("storage: save criteria: %w", err)
	}
	for _, c := range e.Criteria {
		if _, err := tx.ExecContext(ctx, `INSERT INTO award_criteria (edition_id, position, name_en, name_fr) VALUES (?, ?, ?, ?)`,
			e.ID, c.Position, c.NameEN, c.NameFR); err != nil {
			return fmt.Errorf("storage: save criteria: %w", err)
		}
	}
	return nil
}

// queuePhases queues, for each channel, the announcement of each phase
// still to come (the opening at once when it has come) and the results.
// The keys hold the date, so a changed date queues a new row; the
// renderer skips a row whose date is no longer the edition's.
func queuePhases(ctx context.Context, tx *Tx, e Edition, posts []Address) error {
	phases := []struct {
		kind, phase string
		at          time.Time
	}{
		{NoteAwardPhase, PhaseNominations, e.OpensAt},
		{NoteAwardPhase, PhaseJury, e.ClosesAt},
		{NoteAwardResults, PhaseResults, e.ResultsAt},
	}
	for _, to := range posts {
		for _, p := range phases {
			planned := p.at
			if planned.Before(tx.now) {
				if p.phase != PhaseNominations || !e.ClosesAt.After(tx.now) {
					continue
				}
				planned = tx.now
			}
			n := Note{
				Key:       fmt.Sprintf("%s:edition=%d:phase=%s:at=%d:to=%s/%s", p.kind, e.ID, p.phase, unix(p.at), to.Platform, to.Channel),
				Kind:      p.kind,
				Args:      NoteArgs{EditionID: e.ID, Phase: p.phase, Start: unix(p.at)},
				To:        Address{Platform: to.Platform, Workspace: to.Workspace, Channel: to.Channel},
				PlannedAt: planned,
			}
			if p.kind == NoteAwardPhase {
				// A phase announced after the phase ended is noise.
				next := e.ClosesAt
				if p.phase == PhaseJury {
					next = e.ResultsAt
				}
				n.ExpiresAt = next
			}
			if err := enqueue(ctx, tx, n); err != nil {
				return err
			}
		}
	}
	return nil
}

func editionByID(ctx context.Context, tx *Tx, id int64) (Edition, error) {
	var e Edition
	var opens, closes, results, created int64
	err := tx.QueryRowContext(ctx, `SELECT id, name, opens_at, closes_at, results_at, community_prize, created_at FROM award_editions WHERE id = ?`, id).
		Scan(&e.ID, &e.Name, &opens, &closes, &results, &e.CommunityPrize, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return e, Errorf(ENOTFOUND, "award_edition", "no edition %d", id)
	}
	if err != nil {
		return e, fmt.Errorf("storage: edition %d: %w", id, err)
	}
	e.OpensAt, e.ClosesAt, e.ResultsAt, e.CreatedAt = fromUnix(opens), fromUnix(closes), fromUnix(results), fromUnix(created)
	if e.Categories, err = rowsOf(ctx, tx, "edition categories", `SELECT id, position, name_en, name_fr, COALESCE(decided_id, 0) FROM award_categories
		WHERE edition_id = ? ORDER BY position`, func(sc interface{ Scan(...any) error }) (Category, error) {
		var c Category
		return c, sc.Scan(&c.ID, &c.Position, &c.NameEN, &c.NameFR, &c.DecidedID)
	}, id); err != nil {
		return e, err
	}
	e.Criteria, err = rowsOf(ctx, tx, "edition criteria", `SELECT position, name_en, name_fr FROM award_criteria WHERE edition_id = ? ORDER BY position`,
		func(sc interface{ Scan(...any) error }) (Criterion, error) {
			var c Criterion
			return c, sc.Scan(&c.Position, &c.NameEN, &c.NameFR)
		}, id)
	return e, err
}

// Edition reads an edition with its categories and criteria.
func (db *DB) Edition(ctx context.Context, id int64) (Edition, error) {
	var e Edition
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		e, err = editionByID(ctx, tx, id)
		return err
	})
	return e, err
}

// Editions lists every edition, newest first.
func (db *DB) Editions(ctx context.Context) ([]Edition, error) {
	var out []Edition
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = loadEach(ctx, tx, editionByID, `SELECT id FROM award_editions ORDER BY results_at DESC, id DESC`)
		return err
	})
	return out, err
}

func validateNomination(n *Nomination, e Edition) error {
	n.Title, n.Pitch = strings.TrimSpace(n.Title), strings.TrimSpace(n.Pitch)
	n.Organisation, n.Link = strings.TrimSpace(n.Organisation), strings.TrimSpace(n.Link)
	if n.Kind == "" {
		n.Kind = NomineeProject
	}
	if n.ProjectKey == "" {
		n.ProjectKey = strings.ToLower(n.Title)
	}
	switch {
	case n.Kind != NomineeProject && n.Kind != NomineeWorkshop && n.Kind != NomineeCollaboration && n.Kind != NomineeOrganisation:
		return Errorf(EINVALID, "award_kind", "kind %q", n.Kind)
	case n.Title == "":
		return Errorf(EINVALID, "title_missing", "no title")
	case len([]rune(n.Title)) > MaxTitle:
		return Errorf(EINVALID, "title_too_long", "title over %d", MaxTitle)
	case n.Pitch == "":
		return Errorf(EINVALID, "award_pitch_missing", "no pitch")
	case len([]rune(n.Pitch)) > MaxPitch:
		return Errorf(EINVALID, "award_pitch_too_long", "pitch over %d", MaxPitch)
	case n.Organisation == "":
		return Errorf(EINVALID, "award_organisation_missing", "no organisation")
	case len([]rune(n.Organisation)) > MaxOrganisation:
		return Errorf(EINVALID, "organisation_too_long", "organisation over %d", MaxOrganisation)
	case len(n.Categories) == 0:
		return Errorf(EINVALID, "award_categories_missing", "no category")
	case len(n.Team) > MaxAwardTeam:
		return Errorf(EINVALID, "award_team_too_big", "team over %d", MaxAwardTeam)
	}
	if n.Link != "" {
		if err := CheckApplyURL(n.Link); err != nil {
			return Errorf(EINVALID, "award_link", "link %q", n.Link)
		}
	}
	seen := map[int]bool{}
	for _, pos := range n.Categories {
		if _, ok := e.Category(pos); !ok {
			return Errorf(EINVALID, "award_category", "no category %d", pos)
		}
		if seen[pos] {
			return Errorf(EINVALID, "award_category_twice", "category %d twice", pos)
		}
		seen[pos] = true
	}
	sort.Ints(n.Categories)
	return nil
}

// Nominate stores a nomination and sets n.ID, during the edition's
// nomination window. The team members of the community are told by direct
// message.
func (db *DB) Nominate(ctx context.Context, n *Nomination) error {
	return db.update(ctx, func(tx *Tx) error {
		e, err := editionByID(ctx, tx, n.EditionID)
		if err != nil {
			return err
		}
		if err := nominationWindow(e, tx.now); err != nil {
			return err
		}
		if err := validateNomination(n, e); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO award_nominations (edition_id, kind, title, pitch, organisation, link, project_key, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.EditionID, n.Kind, n.Title, n.Pitch, n.Organisation, n.Link, n.ProjectKey, unix(tx.now), unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: nominate: %w", err)
		}
		n.ID, _ = res.LastInsertId()
		n.Status, n.CreatedAt = "active", tx.now
		if _, err := tx.ExecContext(ctx, `INSERT INTO award_people (nomination_id, member_id, role) VALUES (?, ?, 'nominator')`, n.ID, n.NominatorID); err != nil {
			return fmt.Errorf("storage: nominate: %w", err)
		}
		if err := saveEntries(ctx, tx, *n, e); err != nil {
			return err
		}
		return saveTeam(ctx, tx, *n, nil)
	})
}

func nominationWindow(e Edition, now time.Time) error {
	switch e.Phase(now) {
	case PhaseUpcoming:
		return Errorf(ECONFLICT, "award_not_open", "edition %d not open", e.ID)
	case PhaseNominations:
		return nil
	}
	return Errorf(ECONFLICT, "award_closed", "edition %d nominations closed", e.ID)
}

func saveEntries(ctx context.Context, tx *Tx, n Nomination, e Edition) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM award_entries WHERE nomination_id = ?`, n.ID); err != nil {
		return fmt.Errorf("storage: nomination entries: %w", err)
	}
	for _, pos := range n.Categories {
		c, _ := e.Category(pos)
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT nomination_id FROM award_entries WHERE category_id = ? AND project_key = ?`, c.ID, n.ProjectKey).Scan(&other)
		if err == nil {
			return Errorf(ECONFLICT, "award_duplicate", "project %q already in category %d (nomination %d)", n.ProjectKey, pos, other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("storage: nomination entries: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO award_entries (nomination_id, category_id, project_key) VALUES (?, ?, ?)`, n.ID, c.ID, n.ProjectKey); err != nil {
			return fmt.Errorf("storage: nomination entries: %w", err)
		}
	}
	return nil
}

// saveTeam writes the team and tells its members of the community who
// were not in it before (was) that they are named.
func saveTeam(ctx context.Context, tx *Tx, n Nomination, was map[int64]bool) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM award_people WHERE nomination_id = ? AND role = 'team'`, n.ID); err != nil {
		return fmt.Errorf("storage: nomination team: %w", err)
	}
	for _, t := range n.Team {
		if t.MemberID != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO award_people (nomination_id, member_id, role) VALUES (?, ?, 'team')`, n.ID, t.MemberID); err != nil {
				return fmt.Errorf("storage: nomination team: %w", err)
			}
			if was[t.MemberID] || t.MemberID == n.NominatorID {
				continue
			}
			if err := enqueueDM(ctx, tx, t.MemberID, Note{
				Key:       fmt.Sprintf("%s:nomination=%d:member=%d", NoteAwardNominated, n.ID, t.MemberID),
				Kind:      NoteAwardNominated,
				Args:      NoteArgs{NominationID: n.ID},
				PlannedAt: tx.now,
			}); err != nil {
				return err
			}
			continue
		}
		name := strings.TrimSpace(t.Name)
		if name == "" || len([]rune(name)) > MaxAwardName {
			return Errorf(EINVALID, "award_team_name", "team name %q", name)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO award_people (nomination_id, name, role) VALUES (?, ?, 'team')`, n.ID, name); err != nil {
			return fmt.Errorf("storage: nomination team: %w", err)
		}
	}
	return nil
}

// UpdateNomination replaces what a nomination says, by its nominator or
// a member of its team, until the nominations close.
func (db *DB) UpdateNomination(ctx context.Context, n *Nomination, by Member) error {
	return db.update(ctx, func(tx *Tx) error {
		old, e, err := nominationToChange(ctx, tx, n.ID, by)
		if err != nil {
			return err
		}
		n.EditionID, n.NominatorID = old.EditionID, old.NominatorID
		if err := validateNomination(n, e); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE award_nominations SET kind = ?, title = ?, pitch = ?, organisation = ?, link = ?, project_key = ?, updated_at = ?
			WHERE id = ?`, n.Kind, n.Title, n.Pitch, n.Organisation, n.Link, n.ProjectKey, unix(tx.now), n.ID); err != nil {
			return fmt.Errorf("storage: update nomination: %w", err)
		}
		if err := saveEntries(ctx, tx, *n, e); err != nil {
			return err
		}
		was := map[int64]bool{}
		for _, t := range old.Team {
			was[t.MemberID] = true
		}
		return saveTeam(ctx, tx, *n, was)
	})
}

// WithdrawNomination takes a nomination out of every category, by its
// nominator or a member of its team, until the nominations close.
func (db *DB) WithdrawNomination(ctx context.Context, id int64, by Member) (Nomination, error) {
	var n Nomination
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		n, _, err = nominationToChange(ctx, tx, id, by)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM award_entries WHERE nomination_id = ?`, id); err != nil {
			return fmt.Errorf("storage: withdraw nomination: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE award_nominations SET status = 'withdrawn', updated_at = ? WHERE id = ?`, unix(tx.now), id); err != nil {
			return fmt.Errorf("storage: withdraw nomination: %w", err)
		}
		n.Status = "withdrawn"
		return nil
	})
	return n, err
}

func nominationToChange(ctx context.Context, tx *Tx, id int64, by Member) (Nomination, Edition, error) {
	n, err := nominationByID(ctx, tx, id)
	if err != nil {
		return n, Edition{}, err
	}
	if n.Status != "active" {
		return n, Edition{}, Errorf(ECONFLICT, "award_withdrawn", "nomination %d withdrawn", id)
	}
	if !n.Named(by.ID) {
		return n, Edition{}, Errorf(EFORBIDDEN, "award_not_yours", "member %d is not named in nomination %d", by.ID, id)
	}
	e, err := editionByID(ctx, tx, n.EditionID)
	if err != nil {
		return n, e, err
	}
	return n, e, nominationWindow(e, tx.now)
}

const nominationColumns = `n.id, n.edition_id, n.kind, n.title, n.pitch, n.organisation, n.link, n.project_key, n.status, n.created_at,
	COALESCE((SELECT group_concat(c.position, ' ') FROM award_entries x, award_categories c WHERE x.nomination_id = n.id AND c.id = x.category_id), '')`

func scanNomination(sc interface{ Scan(...any) error }) (Nomination, error) {
	var n Nomination
	var created int64
	var cats string
	err := sc.Scan(&n.ID, &n.EditionID, &n.Kind, &n.Title, &n.Pitch, &n.Organisation, &n.Link, &n.ProjectKey, &n.Status, &created, &cats)
	n.CreatedAt = fromUnix(created)
	for _, f := range strings.Fields(cats) {
		var pos int
		fmt.Sscan(f, &pos)
		n.Categories = append(n.Categories, pos)
	}
	sort.Ints(n.Categories)
	return n, err
}

// people fills in the nominator and the team.
func people(ctx context.Context, tx *Tx, n *Nomination) error {
	type person struct {
		TeamMember
		role string
	}
	ps, err := rowsOf(ctx, tx, "nomination people", `SELECT COALESCE(p.member_id, 0), CASE WHEN p.member_id IS NULL THEN p.name ELSE
		COALESCE((SELECT display_name FROM members WHERE id = p.member_id), '') END, p.role FROM award_people p WHERE p.nomination_id = ? ORDER BY rowid`,
		func(sc interface{ Scan(...any) error }) (person, error) {
			var p person
			return p, sc.Scan(&p.MemberID, &p.Name, &p.role)
		}, n.ID)
	for _, p := range ps {
		if p.role == "nominator" {
			n.NominatorID, n.NominatorName = p.MemberID, p.Name
			continue
		}
		n.Team = append(n.Team, p.TeamMember)
	}
	return err
}

func nominationByID(ctx context.Context, tx *Tx, id int64) (Nomination, error) {
	n, err := scanNomination(tx.QueryRowContext(ctx, `SELECT `+nominationColumns+` FROM award_nominations n WHERE n.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return n, Errorf(ENOTFOUND, "award_nomination", "no nomination %d", id)
	}
	if err != nil {
		return n, fmt.Errorf("storage: nomination %d: %w", id, err)
	}
	return n, people(ctx, tx, &n)
}

// Nomination reads a nomination with its people.
func (db *DB) Nomination(ctx context.Context, id int64) (Nomination, error) {
	var n Nomination
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		n, err = nominationByID(ctx, tx, id)
		return err
	})
	return n, err
}

func nominationsOf(ctx context.Context, tx *Tx, editionID int64) ([]Nomination, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+nominationColumns+` FROM award_nominations n WHERE n.edition_id = ? AND n.status = 'active' ORDER BY n.id`, editionID)
	if err != nil {
		return nil, fmt.Errorf("storage: nominations: %w", err)
	}
	var out []Nomination
	for rows.Next() {
		n, err := scanNomination(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("storage: nominations: %w", err)
		}
		out = append(out, n)
	}
	rows.Close()
	for i := range out {
		if err := people(ctx, tx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Nominations lists an edition's active nominations, oldest first.
func (db *DB) Nominations(ctx context.Context, editionID int64) ([]Nomination, error) {
	var out []Nomination
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = nominationsOf(ctx, tx, editionID)
		return err
	})
	return out, err
}

// Juror is a member named to an edition's jury.
type Juror struct {
	MemberID     int64
	Name         string
	Organisation string
}

func jurorsOf(ctx context.Context, tx *Tx, editionID int64) ([]Juror, error) {
	return rowsOf(ctx, tx, "jurors", `SELECT m.id, m.display_name, m.organisation FROM award_jurors j, members m
		WHERE j.edition_id = ? AND m.id = j.member_id ORDER BY m.display_name, m.id`, func(sc interface{ Scan(...any) error }) (Juror, error) {
		var j Juror
		return j, sc.Scan(&j.MemberID, &j.Name, &j.Organisation)
	}, editionID)
}

// SetJuror names a member to an edition's jury, or takes them off it,
// until the results.
func (db *DB) SetJuror(ctx context.Context, editionID, memberID int64, on bool) error {
	return db.update(ctx, func(tx *Tx) error {
		e, err := editionByID(ctx, tx, editionID)
		if err != nil {
			return err
		}
		if e.Phase(tx.now) == PhaseResults {
			return Errorf(ECONFLICT, "award_over", "edition %d is over", e.ID)
		}
		q := `INSERT OR IGNORE INTO award_jurors (edition_id, member_id) VALUES (?, ?)`
		if !on {
			q = `DELETE FROM award_jurors WHERE edition_id = ? AND member_id = ?`
		}
		if _, err := tx.ExecContext(ctx, q, editionID, memberID); err != nil {
			return fmt.Errorf("storage: juror: %w", err)
		}
		return nil
	})
}

// Conflict says why a juror may not score a nomination: "organisation"
// (their own) or "named" (they are its nominator or in its team); "" none.
func Conflict(j Member, n Nomination) string {
	if n.Named(j.ID) {
		return "named"
	}
	org := strings.TrimSpace(j.Organisation)
	if org == "" {
		return ""
	}
	// A nomination may name several organisations: "Inria, Airbus",
	// "Inria & Airbus", "Inria et Airbus".
	names := strings.FieldsFunc(n.Organisation, func(r rune) bool { return strings.ContainsRune(",;/&+", r) })
	for _, name := range names {
		for _, part := range strings.Split(strings.ReplaceAll(name, " et ", " and "), " and ") {
			if OrgKey(part) == OrgKey(org) {
				return "organisation"
			}
		}
	}
	return ""
}

// Score is one criterion's score with its reason.
type Score struct {
	Criterion int
	Score     int
	Reason    string
}

// BallotItem is one nomination in one category, as a juror sees it.
type BallotItem struct {
	Nomination Nomination
	Category   Category
	Conflict   string  // why it is skipped; "" when the juror scores it
	Scores     []Score // the juror's own, if scored
}

// Ballot is a juror's list of what to score in an edition. Only the
// juror's own scores are read.
func (db *DB) Ballot(ctx context.Context, editionID int64, juror Member) (Edition, []BallotItem, error) {
	var e Edition
	var out []BallotItem
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if e, err = editionByID(ctx, tx, editionID); err != nil {
			return err
		}
		if err := isJuror(ctx, tx, editionID, juror.ID); err != nil {
			return err
		}
		ns, err := nominationsOf(ctx, tx, editionID)
		if err != nil {
			return err
		}
		for _, c := range e.Categories {
			for _, n := range ns {
				if !containsInt(n.Categories, c.Position) {
					continue
				}
				it := BallotItem{Nomination: n, Category: c, Conflict: Conflict(juror, n)}
				if it.Scores, err = scoresOf(ctx, tx, juror.ID, n.ID, c.ID); err != nil {
					return err
				}
				out = append(out, it)
			}
		}
		return nil
	})
	return e, out, err
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func isJuror(ctx context.Context, tx *Tx, editionID, memberID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM award_jurors WHERE edition_id = ? AND member_id = ?`, editionID, memberID).Scan(&n); err != nil {
		return fmt.Errorf("storage: juror: %w", err)
	}
	if n == 0 {
		return Errorf(EFORBIDDEN, "award_not_juror", "member %d not on jury %d", memberID, editionID)
	}
	return nil
}

func scoresOf(ctx context.Context, tx *Tx, jurorID, nominationID, categoryID int64) ([]Score, error) {
	return rowsOf(ctx, tx, "scores", `SELECT criterion, score, reason FROM award_scores WHERE juror_id = ? AND nomination_id = ? AND category_id = ?
		ORDER BY criterion`, func(sc interface{ Scan(...any) error }) (Score, error) {
		var s Score
		return s, sc.Scan(&s.Criterion, &s.Score, &s.Reason)
	}, jurorID, nominationID, categoryID)
}

// SaveScores records a juror's scores of a nomination in a category (by
// position), one per published criterion, during the jury phase. A juror
// from the nomination's organisation, or named in it, is refused.
func (db *DB) SaveScores(ctx context.Context, juror Member, nominationID int64, category int, scores []Score) (Nomination, Category, error) {
	var n Nomination
	var c Category
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if n, err = nominationByID(ctx, tx, nominationID); err != nil {
			return err
		}
		e, err := editionByID(ctx, tx, n.EditionID)
		if err != nil {
			return err
		}
		if err := isJuror(ctx, tx, e.ID, juror.ID); err != nil {
			return err
		}
		var ok bool
		if c, ok = e.Category(category); !ok || !containsInt(n.Categories, category) || n.Status != "active" {
			return Errorf(EINVALID, "award_not_in_category", "nomination %d not in category %d", nominationID, category)
		}
		switch Conflict(juror, n) {
		case "named":
			return Errorf(EFORBIDDEN, "award_conflict_named", "juror %d is named in %d", juror.ID, n.ID)
		case "organisation":
			return Errorf(EFORBIDDEN, "award_conflict_organisation", "juror %d is from the organisation of %d", juror.ID, n.ID)
		}
		switch e.Phase(tx.now) {
		case PhaseUpcoming, PhaseNominations:
			return Errorf(ECONFLICT, "award_jury_not_yet", "jury of %d not started", e.ID)
		case PhaseResults:
			return Errorf(ECONFLICT, "award_over", "edition %d is over", e.ID)
		}
		if len(scores) != len(e.Criteria) {
			return Errorf(EINVALID, "award_scores_count", "%d scores for %d criteria", len(scores), len(e.Criteria))
		}
		for i, s := range scores {
			s.Reason = strings.TrimSpace(s.Reason)
			switch {
			case s.Score < 1 || s.Score > 5:
				return Errorf(EINVALID, "award_score_range", "score %d", s.Score)
			case s.Reason == "":
				return Errorf(EINVALID, "award_reason_missing", "criterion %d has no reason", i+1)
			case len([]rune(s.Reason)) > MaxReason || strings.ContainsAny(s.Reason, "\n\r"):
				return Errorf(EINVALID, "award_reason_too_long", "criterion %d reason", i+1)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO award_scores (juror_id, nomination_id, category_id, criterion, score, reason, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (juror_id, nomination_id, category_id, criterion)
				DO UPDATE SET score = excluded.score, reason = excluded.reason, updated_at = excluded.updated_at`,
				juror.ID, n.ID, c.ID, i+1, s.Score, s.Reason, unix(tx.now)); err != nil {
				return fmt.Errorf("storage: save scores: %w", err)
			}
		}
		return nil
	})
	return n, c, err
}

// Vote records a member's community vote for a nomination in a category,
// once per member per category, during the jury phase of an edition with
// a community prize. That the member voted and what they chose go to two
// tables that share no key (see the migration).
func (db *DB) Vote(ctx context.Context, memberID, nominationID int64, category int) (Nomination, Category, error) {
	var n Nomination
	var c Category
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if n, err = nominationByID(ctx, tx, nominationID); err != nil {
			return err
		}
		e, err := editionByID(ctx, tx, n.EditionID)
		if err != nil {
			return err
		}
		if !e.CommunityPrize {
			return Errorf(ECONFLICT, "award_no_vote", "edition %d has no community prize", e.ID)
		}
		switch e.Phase(tx.now) {
		case PhaseUpcoming, PhaseNominations:
			return Errorf(ECONFLICT, "award_vote_not_yet", "vote of %d not open", e.ID)
		case PhaseResults:
			return Errorf(ECONFLICT, "award_over", "edition %d is over", e.ID)
		}
		var ok bool
		if c, ok = e.Category(category); !ok || !containsInt(n.Categories, category) || n.Status != "active" {
			return Errorf(EINVALID, "award_not_in_category", "nomination %d not in category %d", nominationID, category)
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO award_voters (category_id, member_id) VALUES (?, ?)`, c.ID, memberID)
		if err != nil {
			return fmt.Errorf("storage: vote: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return Errorf(ECONFLICT, "award_voted", "member voted in category %d already", c.ID)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO award_tally (category_id, nomination_id, votes) VALUES (?, ?, 1)
			ON CONFLICT (category_id, nomination_id) DO UPDATE SET votes = votes + 1`, c.ID, n.ID); err != nil {
			return fmt.Errorf("storage: vote: %w", err)
		}
		return nil
	})
	return n, c, err
}

// Voted lists the categories (positions) of an edition a member voted in.
func (db *DB) Voted(ctx context.Context, editionID, memberID int64) (map[int]bool, error) {
	out := map[int]bool{}
	err := db.view(ctx, func(tx *Tx) error {
		ps, err := int64s(ctx, tx, `SELECT c.position FROM award_voters v, award_categories c WHERE c.id = v.category_id AND c.edition_id = ? AND v.member_id = ?`,
			editionID, memberID)
		for _, p := range ps {
			out[int(p)] = true
		}
		return err
	})
	return out, err
}

// JurorProgress is what one juror has scored, for staff.
type JurorProgress struct {
	Juror    Juror
	Scored   int // nominations × categories scored on every criterion
	Skipped  int // conflicts
	ToScore  int // the rest
	Category map[int][3]int
}

// Ranked is a nomination's standing in a category.
type Ranked struct {
	Nomination Nomination
	Jurors     int     // jurors who scored it on every criterion
	Mean       float64 // the mean over those jurors of their criteria's sum
	Votes      int     // community votes; only once the results are out
}

// CategoryResult is a category's ranking and winners.
type CategoryResult struct {
	Category Category
	Ranking  []Ranked // best first
	// Winners are the jury's: one, or several tied at the top while staff
	// have not decided between them (never broken by the bot).
	Winners []Nomination
	Tied    []Nomination // tied at the top, before any decision
	// Community lists the community prize's winners (ties kept), once the
	// results are out.
	Community []Nomination
}

// AwardReport is an edition's standing: for staff at any time, for
// members only through the results card (winners, never scores or votes).
type AwardReport struct {
	Edition    Edition
	Progress   []JurorProgress
	Categories []CategoryResult
	VotesShown bool // the tally is read only once the results are out
}

// AwardReport computes progress and rankings at the database's now.
func (db *DB) AwardReport(ctx context.Context, editionID int64) (AwardReport, error) {
	var r AwardReport
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if r.Edition, err = editionByID(ctx, tx, editionID); err != nil {
			return err
		}
		r.VotesShown = r.Edition.Phase(tx.now) == PhaseResults
		ns, err := nominationsOf(ctx, tx, editionID)
		if err != nil {
			return err
		}
		jurors, err := jurorsOf(ctx, tx, editionID)
		if err != nil {
			return err
		}
		// Complete ballots: (juror, nomination, category) → sum.
		type key struct{ j, n, c int64 }
		sums := map[key]int{}
		rows, err := tx.QueryContext(ctx, `SELECT s.juror_id, s.nomination_id, s.category_id, SUM(s.score), COUNT(*) FROM award_scores s, award_categories c
			WHERE c.id = s.category_id AND c.edition_id = ? GROUP BY s.juror_id, s.nomination_id, s.category_id`, editionID)
		if err != nil {
			return fmt.Errorf("storage: award report: %w", err)
		}
		for rows.Next() {
			var k key
			var sum, count int
			if err := rows.Scan(&k.j, &k.n, &k.c, &sum, &count); err != nil {
				rows.Close()
				return fmt.Errorf("storage: award report: %w", err)
			}
			if count == len(r.Edition.Criteria) {
				sums[k] = sum
			}
		}
		rows.Close()
		votes := map[[2]int64]int{}
		if r.VotesShown {
			rows, err := tx.QueryContext(ctx, `SELECT t.category_id, t.nomination_id, t.votes FROM award_tally t, award_categories c
				WHERE c.id = t.category_id AND c.edition_id = ?`, editionID)
			if err != nil {
				return fmt.Errorf("storage: award report: %w", err)
			}
			for rows.Next() {
				var c, n int64
				var v int
				if err := rows.Scan(&c, &n, &v); err != nil {
					rows.Close()
					return fmt.Errorf("storage: award report: %w", err)
				}
				votes[[2]int64{c, n}] = v
			}
			rows.Close()
		}
		for _, j := range jurors {
			p := JurorProgress{Juror: j, Category: map[int][3]int{}}
			jm := Member{ID: j.MemberID, Organisation: j.Organisation}
			for _, c := range r.Edition.Categories {
				var cs [3]int
				for _, n := range ns {
					if !containsInt(n.Categories, c.Position) {
						continue
					}
					switch _, scored := sums[key{j.MemberID, n.ID, c.ID}]; {
					case Conflict(jm, n) != "":
						cs[1]++
					case scored:
						cs[0]++
					default:
						cs[2]++
					}
				}
				p.Category[c.Position] = cs
				p.Scored, p.Skipped, p.ToScore = p.Scored+cs[0], p.Skipped+cs[1], p.ToScore+cs[2]
			}
			r.Progress = append(r.Progress, p)
		}
		for _, c := range r.Edition.Categories {
			cr := CategoryResult{Category: c}
			for _, n := range ns {
				if !containsInt(n.Categories, c.Position) {
					continue
				}
				rk := Ranked{Nomination: n, Votes: votes[[2]int64{c.ID, n.ID}]}
				total := 0
				for _, j := range jurors {
					if s, ok := sums[key{j.MemberID, n.ID, c.ID}]; ok {
						total += s
						rk.Jurors++
					}
				}
				if rk.Jurors > 0 {
					rk.Mean = float64(total) / float64(rk.Jurors)
				}
				cr.Ranking = append(cr.Ranking, rk)
			}
			sort.SliceStable(cr.Ranking, func(a, b int) bool { return cr.Ranking[a].Mean > cr.Ranking[b].Mean })
			if len(cr.Ranking) > 0 && cr.Ranking[0].Jurors > 0 {
				for _, rk := range cr.Ranking {
					if rk.Mean == cr.Ranking[0].Mean {
						cr.Winners = append(cr.Winners, rk.Nomination)
					}
				}
			}
			if len(cr.Winners) > 1 {
				cr.Tied = cr.Winners
				for _, w := range cr.Tied {
					if w.ID == c.DecidedID {
						cr.Winners = []Nomination{w}
					}
				}
			}
			if r.VotesShown {
				top := 0
				for _, rk := range cr.Ranking {
					top = max(top, rk.Votes)
				}
				for _, rk := range cr.Ranking {
					if top > 0 && rk.Votes == top {
						cr.Community = append(cr.Community, rk.Nomination)
					}
				}
			}
			r.Categories = append(r.Categories, cr)
		}
		return nil
	})
	return r, err
}

// DecideTie records staff's choice between nominations tied at the top of
// a category, before the results.
func (db *DB) DecideTie(ctx context.Context, editionID int64, category int, nominationID int64) error {
	r, err := db.AwardReport(ctx, editionID)
	if err != nil {
		return err
	}
	if r.Edition.Phase(db.Now()) == PhaseResults {
		return Errorf(ECONFLICT, "award_over", "edition %d is over", editionID)
	}
	c, ok := r.Edition.Category(category)
	if !ok {
		return Errorf(EINVALID, "award_category", "no category %d", category)
	}
	tied := false
	for _, cr := range r.Categories {
		if cr.Category.ID != c.ID {
			continue
		}
		for _, n := range cr.Tied {
			tied = tied || n.ID == nominationID
		}
	}
	if !tied {
		return Errorf(EINVALID, "award_not_tied", "nomination %d is not tied at the top of category %d", nominationID, category)
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE award_categories SET decided_id = ? WHERE id = ?`, nominationID, c.ID); err != nil {
			return fmt.Errorf("storage: decide tie: %w", err)
		}
		return nil
	})
}

// FindMember returns the member behind an identity someone mentioned,
// without creating one.
func (db *DB) FindMember(ctx context.Context, id Identity) (Member, error) {
	var m Member
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		m, err = memberByIdentity(ctx, tx, id)
		return err
	})
	return m, err
}

// MemberNamed returns the one member whose display name is name, ignoring
// case, for "@name" typed where the platform sends no mention markup;
// none, or more than one, is not found.
func (db *DB) MemberNamed(ctx context.Context, name string) (Member, error) {
	var m Member
	err := db.view(ctx, func(tx *Tx) error {
		ids, err := int64s(ctx, tx, `SELECT id FROM members WHERE display_name = ? COLLATE NOCASE AND forgotten_at IS NULL LIMIT 2`, name)
		if err != nil {
			return err
		}
		if len(ids) != 1 {
			return Errorf(ENOTFOUND, "member", "%d members named %q", len(ids), name)
		}
		m, err = memberByID(ctx, tx, ids[0])
		return err
	})
	return m, err
}
