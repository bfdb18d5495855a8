package storage

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Stats are the community's KPIs over a period [From, To). Each figure is
// defined where it is declared; /atelier stats and its CSV show them as
// they are, and the help repeats the definitions.
//
// Sessions held: sessions not cancelled whose start falls in the period
// and is not in the future (the period may end later than now).
//
// A participant of a session held is a member seated in its workshop now
// (state joined) who had their seat before the session ended: joined_at,
// or promoted_at for a seat given off the waitlist. A member who left the
// workshop is no longer counted (leaving deletes the seat); a forgotten
// member still is, without a name.
type Stats struct {
	From, To time.Time

	// ProblemsPosted: problems created in the period.
	ProblemsPosted int
	// ProblemsToWorkshop: of those, the ones a workshop not cancelled was
	// created from (by now). The share is ProblemsToWorkshop / ProblemsPosted.
	ProblemsToWorkshop int
	// MedianToFirstSession: over the problems posted in the period whose
	// workshops have held a session, the median time from posting to the
	// start of the first one (the mean of the two middle values for an
	// even count); ToFirstSessionCount is how many such problems.
	MedianToFirstSession time.Duration
	ToFirstSessionCount  int

	// SessionsHeld: sessions held in the period.
	SessionsHeld int
	// Participations: participants summed over the sessions held (a member
	// at three sessions counts three times).
	Participations int
	// UniqueParticipants: the distinct members among them.
	UniqueParticipants int
	// Returning: unique participants who were participants of sessions of
	// at least two different workshops held before the period's end (the
	// earlier one may be before the period). Retention is Returning /
	// UniqueParticipants.
	Returning int
	// WaitlistPeak: the longest waitlist (members waiting at once) that a
	// workshop with a session held in the period ever reached;
	// WaitlistPeakWorkshop is that workshop (the lowest id on a tie), 0
	// when no workshop held a session.
	WaitlistPeak         int
	WaitlistPeakWorkshop int64

	// FeedbackAnswers: scores (1 to 5) given on the sessions held in the
	// period by their participants; FeedbackMean is their mean (0 without
	// answers). The response rate is FeedbackAnswers / Participations.
	// Comments are never part of the KPIs.
	FeedbackAnswers int
	FeedbackMean    float64

	// Jobs: HasJobs says the jobs board exists in this database.
	// JobsPosted: jobs created in the period; JobsClosed: jobs closed by
	// their poster or staff in the period (an expired job is not closed).
	HasJobs    bool
	JobsPosted int
	JobsClosed int

	// TopTags: the five tags with the most activity in the period, a
	// tag's activity being the problems posted with it, plus the workshops
	// with a session held with it, plus the jobs posted with it; ties by
	// name. TopOrganisations: the same for organisations, an
	// organisation's activity being the problems posted by its members,
	// plus their participations, plus its jobs posted; members with no
	// organisation are left out.
	TopTags          []Count
	TopOrganisations []Count
}

// Count is a name and how many.
type Count struct {
	Name string
	N    int
}

// TopN is how many tags and organisations the stats name.
const TopN = 5

// CommunityStats computes the KPIs of [from, to) in one read snapshot.
func (db *DB) CommunityStats(ctx context.Context, from, to time.Time) (Stats, error) {
	s := Stats{From: from.UTC(), To: to.UTC()}
	if !from.Before(to) {
		return s, Errorf(EINVALID, "stats_period", "period %s..%s is empty", from, to)
	}
	err := db.view(ctx, func(tx *Tx) error { return computeStats(ctx, tx, &s) })
	return s, err
}

func computeStats(ctx context.Context, tx *Tx, s *Stats) error {
	from, to, now := unix(s.From), unix(s.To), unix(tx.now)
	tags, orgs := map[string]int{}, map[string]int{}
	orgName := map[string]string{} // folded → as first seen
	addOrg := func(o string, n int) {
		o = strings.TrimSpace(o)
		if o == "" {
			return
		}
		k := strings.ToLower(o)
		if _, ok := orgName[k]; !ok {
			orgName[k] = o
		}
		orgs[k] += n
	}
	each := func(q string, scan func(sc interface{ Scan(...any) error }) error, args ...any) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("storage: stats: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("storage: stats: %w", err)
			}
		}
		return rows.Err()
	}

	// Problems posted, turned into workshops, time to first session.
	var waits []int64
	if err := each(`SELECT p.created_at, COALESCE((SELECT organisation FROM members WHERE id = p.author_id), ''),
		EXISTS (SELECT 1 FROM workshops w WHERE w.problem_id = p.id AND w.status != 'cancelled'),
		(SELECT MIN(x.starts_at) FROM sessions x WHERE x.cancelled_at IS NULL AND x.starts_at <= ?3
			AND x.workshop_id IN (SELECT id FROM workshops WHERE problem_id = p.id)),
		COALESCE((SELECT group_concat(tag, ' ') FROM problem_tags WHERE problem_id = p.id), '')
		FROM problems p WHERE p.created_at >= ?1 AND p.created_at < ?2 ORDER BY p.id`, func(sc interface{ Scan(...any) error }) error {
		var created int64
		var org, tagList string
		var hasWorkshop bool
		var first *int64
		if err := sc.Scan(&created, &org, &hasWorkshop, &first, &tagList); err != nil {
			return err
		}
		s.ProblemsPosted++
		if hasWorkshop {
			s.ProblemsToWorkshop++
		}
		if first != nil {
			waits = append(waits, max(*first-created, 0))
		}
		addOrg(org, 1)
		for _, t := range splitTags(tagList) {
			tags[t]++
		}
		return nil
	}, from, to, now); err != nil {
		return err
	}
	s.ToFirstSessionCount = len(waits)
	if n := len(waits); n > 0 {
		sort.Slice(waits, func(i, j int) bool { return waits[i] < waits[j] })
		m := waits[n/2]
		if n%2 == 0 {
			m = (waits[n/2-1] + waits[n/2]) / 2
		}
		s.MedianToFirstSession = time.Duration(m) * time.Second
	}

	// Sessions held in the period, and the workshops they belong to.
	heldWorkshops := map[int64]bool{}
	if err := each(`SELECT workshop_id FROM sessions WHERE cancelled_at IS NULL AND starts_at >= ?1 AND starts_at < ?2 AND starts_at <= ?3`,
		func(sc interface{ Scan(...any) error }) error {
			var w int64
			if err := sc.Scan(&w); err != nil {
				return err
			}
			s.SessionsHeld++
			heldWorkshops[w] = true
			return nil
		}, from, to, now); err != nil {
		return err
	}

	// Participations in every session held before the period's end: those
	// in the period are counted, the earlier ones tell who came back.
	type seat struct{ session, member int64 }
	inPeriod := map[seat]bool{}
	workshopsOf := map[int64]map[int64]bool{} // member → workshops attended by the period's end
	members := map[int64]bool{}
	if err := each(`SELECT x.id, x.workshop_id, x.starts_at >= ?1, y.member_id, COALESCE((SELECT organisation FROM members WHERE id = y.member_id), '')
		FROM sessions x JOIN session_seats y ON y.session_id = x.id
		WHERE x.cancelled_at IS NULL AND x.starts_at < ?2 AND x.starts_at <= ?3 AND y.since < x.starts_at + x.duration_min * 60
		ORDER BY x.id, y.at, y.member_id`, func(sc interface{ Scan(...any) error }) error {
		var sid, wid, mid int64
		var in bool
		var org string
		if err := sc.Scan(&sid, &wid, &in, &mid, &org); err != nil {
			return err
		}
		if workshopsOf[mid] == nil {
			workshopsOf[mid] = map[int64]bool{}
		}
		workshopsOf[mid][wid] = true
		if in {
			inPeriod[seat{sid, mid}] = true
			members[mid] = true
			s.Participations++
			addOrg(org, 1)
		}
		return nil
	}, from, to, now); err != nil {
		return err
	}
	s.UniqueParticipants = len(members)
	for m := range members {
		if len(workshopsOf[m]) >= 2 {
			s.Returning++
		}
	}

	// Feedback from those participants.
	var sum int
	if err := each(`SELECT f.session_id, f.member_id, f.score FROM session_feedback f
		WHERE f.score IS NOT NULL AND f.session_id IN (SELECT id FROM sessions WHERE cancelled_at IS NULL AND starts_at >= ?1 AND starts_at < ?2 AND starts_at <= ?3)`,
		func(sc interface{ Scan(...any) error }) error {
			var sid, mid int64
			var score int
			if err := sc.Scan(&sid, &mid, &score); err != nil {
				return err
			}
			if inPeriod[seat{sid, mid}] {
				s.FeedbackAnswers++
				sum += score
			}
			return nil
		}, from, to, now); err != nil {
		return err
	}
	if s.FeedbackAnswers > 0 {
		s.FeedbackMean = float64(sum) / float64(s.FeedbackAnswers)
	}

	// Waitlist peak and the tags of the workshops held.
	for w := range heldWorkshops {
		var peak int
		var tagList string
		if err := tx.QueryRowContext(ctx, `SELECT waitlist_peak, COALESCE((SELECT group_concat(tag, ' ') FROM workshop_tags WHERE workshop_id = w.id), '')
			FROM workshops w WHERE w.id = ?`, w).Scan(&peak, &tagList); err != nil {
			return fmt.Errorf("storage: stats: %w", err)
		}
		if peak > s.WaitlistPeak || (peak == s.WaitlistPeak && (s.WaitlistPeakWorkshop == 0 || w < s.WaitlistPeakWorkshop)) {
			s.WaitlistPeak, s.WaitlistPeakWorkshop = peak, w
		}
		for _, t := range splitTags(tagList) {
			tags[t]++
		}
	}

	if err := jobStats(ctx, tx, s, tags, addOrg); err != nil {
		return err
	}
	s.TopTags = top(tags, nil)
	s.TopOrganisations = top(orgs, orgName)
	return nil
}

// jobStats adds the jobs board's figures when its table exists: jobs
// posted (created_at in the period), closed (closed_at in the period), and
// their tags and organisations to the activity counts. It reads the
// columns it needs only if the table has them, so the KPIs work with the
// jobs board or without it.
func jobStats(ctx context.Context, tx *Tx, s *Stats, tags map[string]int, addOrg func(string, int)) error {
	cols := map[string]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info('jobs')`)
	if err != nil {
		return fmt.Errorf("storage: stats jobs: %w", err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return fmt.Errorf("storage: stats jobs: %w", err)
		}
		cols[c] = true
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("storage: stats jobs: %w", err)
	}
	if !cols["created_at"] {
		return nil
	}
	s.HasJobs = true
	from, to := unix(s.From), unix(s.To)
	org := `''`
	if cols["organisation"] {
		org = `organisation`
	}
	q := `SELECT id, ` + org + ` FROM jobs WHERE created_at >= ? AND created_at < ?`
	rows, err = tx.QueryContext(ctx, q, from, to)
	if err != nil {
		return fmt.Errorf("storage: stats jobs: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var o string
		if err := rows.Scan(&id, &o); err != nil {
			rows.Close()
			return fmt.Errorf("storage: stats jobs: %w", err)
		}
		s.JobsPosted++
		ids = append(ids, id)
		addOrg(o, 1)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("storage: stats jobs: %w", err)
	}
	if cols["closed_at"] {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE closed_at >= ? AND closed_at < ?`, from, to).Scan(&s.JobsClosed); err != nil {
			return fmt.Errorf("storage: stats jobs: %w", err)
		}
	}
	var hasTags int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'job_tags'`).Scan(&hasTags); err != nil {
		return fmt.Errorf("storage: stats jobs: %w", err)
	}
	if hasTags > 0 && len(ids) > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT tag FROM job_tags WHERE job_id IN (`+idList(ids)+`)`)
		if err != nil {
			return fmt.Errorf("storage: stats jobs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				return fmt.Errorf("storage: stats jobs: %w", err)
			}
			tags[t]++
		}
		return rows.Err()
	}
	return nil
}

// top returns the TopN biggest counts, ties by name.
func top(m map[string]int, names map[string]string) []Count {
	out := []Count{}
	for k, n := range m {
		name := k
		if names != nil {
			name = names[k]
		}
		out = append(out, Count{Name: name, N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	if len(out) > TopN {
		out = out[:TopN]
	}
	return out
}
