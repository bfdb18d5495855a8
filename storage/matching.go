package storage

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Interest matching: when a problem is posted, a workshop created or
// announced, or a job posted, the members whose interests share its tags
// hear of it by direct message, through the outbox:
//
//   - never its author, never a member who turned it off (/me notify off);
//   - at most MaxPerEvent members per thing, those sharing the most tags
//     first (ties in an order shuffled per thing, so that the same few
//     members are not always the ones told);
//   - at most one such message per member per day, in their time zone:
//     what matches while the day's message waits is added to it, and what
//     matches after it went out waits for the next day's;
//   - each thing is matched once, however often it is announced.
//
// Candidates come from the member_interests (tag, member_id) index: the
// cost grows with the members interested in the thing's tags, not with
// the members of the community.

// MatchPolicy says how members hear of matches; zero fields are defaults.
type MatchPolicy struct {
	MaxPerEvent int           // members told per thing; default 25
	Delay       time.Duration // a message waits this long for more to gather; default 5 minutes
	// Location is the community's zone, for members who set none; default UTC.
	Location *time.Location
}

// Matching defaults.
const (
	DefaultMatchPerEvent = 25
	DefaultMatchDelay    = 5 * time.Minute
	// A message for a later day goes out in that day's morning.
	matchMorning = 8 * time.Hour
	// A match message is useful for a few days, then skipped.
	matchUseful = 3 * 24 * time.Hour
)

func (p MatchPolicy) withDefaults() MatchPolicy {
	if p.MaxPerEvent <= 0 {
		p.MaxPerEvent = DefaultMatchPerEvent
	}
	if p.Delay <= 0 {
		p.Delay = DefaultMatchDelay
	}
	if p.Location == nil {
		p.Location = time.UTC
	}
	return p
}

// MatchEvent is a thing to match: its kind (KindProblem, KindWorkshop,
// KindJob), id, author and tags.
type MatchEvent struct {
	Kind     string
	ID       int64
	AuthorID int64
	Tags     []string
}

// MatchInterests tells the members whose interests match a problem or a
// workshop; it returns how many will be told. A thing already matched is
// not matched again (0, nil). Jobs are matched by CreateJob, in the
// transaction that posts them.
//
// The ranking reads a snapshot on the read pool, so the writer is held
// only to record what it found; a thing nobody matches writes nothing (a
// workshop announced later, once members follow its tags, is matched
// then). A member who turns messages off in between is skipped when the
// message is sent.
func (db *DB) MatchInterests(ctx context.Context, ev MatchEvent) (int, error) {
	if err := checkMatchKind(ev.Kind); err != nil {
		return 0, err
	}
	p := db.Matching.withDefaults()
	if len(NormalizeTags(ev.Tags)) == 0 {
		// Nothing to match on (rankMatches would find no one): no read
		// transaction, which was a sixth of the CPU of an untagged post.
		return 0, nil
	}
	var picked []Match
	err := db.view(ctx, func(tx *Tx) error {
		var done bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM match_events WHERE kind = ? AND entity_id = ?)`,
			ev.Kind, ev.ID).Scan(&done); err != nil {
			return fmt.Errorf("storage: match: %w", err)
		}
		if done {
			return nil
		}
		var err error
		picked, err = rankMatches(ctx, tx, ev, p.MaxPerEvent)
		return err
	})
	if err != nil || len(picked) == 0 {
		return 0, err
	}
	var n int
	err = db.update(ctx, func(tx *Tx) error {
		var err error
		n, err = tellMatches(ctx, tx, ev, picked, p)
		return err
	})
	return n, err
}

func checkMatchKind(kind string) error {
	switch kind {
	case KindProblem, KindWorkshop, KindJob:
		return nil
	}
	return fmt.Errorf("storage: match: unknown kind %q", kind)
}

// match ranks and tells inside the transaction of the change that caused
// it (a job's post).
func (db *DB) match(ctx context.Context, tx *Tx, ev MatchEvent) (int, error) {
	if err := checkMatchKind(ev.Kind); err != nil {
		return 0, err
	}
	p := db.Matching.withDefaults()
	picked, err := rankMatches(ctx, tx, ev, p.MaxPerEvent)
	if err != nil {
		return 0, err
	}
	return tellMatches(ctx, tx, ev, picked, p)
}

// tellMatches records that ev is matched and queues what the members
// picked are told; nothing when ev was matched before.
func tellMatches(ctx context.Context, tx *Tx, ev MatchEvent, picked []Match, p MatchPolicy) (int, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO match_events (kind, entity_id, matched, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		ev.Kind, ev.ID, len(picked), unix(tx.now))
	if err != nil {
		return 0, fmt.Errorf("storage: match: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil // matched before
	}
	for _, c := range picked {
		if err := tellMatch(ctx, tx, c, ev, p); err != nil {
			return 0, err
		}
	}
	return len(picked), nil
}

// Match is a member chosen for a thing, with the number of tags shared.
type Match struct {
	MemberID int64
	Overlap  int
}

// MatchSalt is the per-thing seed of the order of ties: 31 bits, so that
// MatchTie's product stays within 64 bits.
func MatchSalt(kind string, id int64) int64 {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s:%d", kind, id)
	return int64(h.Sum32() & 0x7fffffff)
}

// MatchTie orders members who share as many tags with a thing: a
// multiplicative hash of the member id mixed with the thing's salt, so the
// order is a different permutation for every thing; tests use it to
// predict who is told.
func MatchTie(memberID, salt int64) int64 {
	return ((memberID & 0x7fffffff) ^ salt) * 2654435761 % 4294967296
}

// rankMatches picks at most max members for ev: interests shared, best
// overlap first, then MatchTie, then id; the author, members who turned
// matching off, and (for a workshop) its participants left out.
//
// One query reads, through the member_interests_tag index, the members of
// each of ev's tags as one list (group_concat, in index order: sorted by
// id). Go merges the sorted lists to count each member's overlap and keeps
// the best page in a heap. Counting in SQL (GROUP BY member_id) built a
// temporary B-tree of every candidate: 15 to 80 ms for 12,000 to 100,000
// index entries, against 1 ms to read them. The exclusions are checked on
// the page, which grows only when many of it are excluded.
func rankMatches(ctx context.Context, tx *Tx, ev MatchEvent, max int) ([]Match, error) {
	tags := NormalizeTags(ev.Tags)
	if len(tags) == 0 || max <= 0 {
		return nil, nil
	}
	args := make([]any, len(tags))
	for i, t := range tags {
		args[i] = t
	}
	rows, err := tx.QueryContext(ctx, rankSQL(len(tags)), args...)
	if err != nil {
		return nil, fmt.Errorf("storage: match: %w", err)
	}
	var lists [][]int64
	for rows.Next() {
		var tag string
		var ids sql.RawBytes
		if err := rows.Scan(&tag, &ids); err != nil {
			rows.Close()
			return nil, fmt.Errorf("storage: match: %w", err)
		}
		list, err := parseIDs(ids)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("storage: match: members of %q: %w", tag, err)
		}
		lists = append(lists, list)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("storage: match: %w", err)
	}
	cands := mergeOverlaps(lists, ev.AuthorID)
	salt := MatchSalt(ev.Kind, ev.ID)
	for limit := max + max/2 + 8; ; limit *= 4 {
		page := topMatches(cands, salt, limit)
		out, err := withoutExcluded(ctx, tx, ev, page)
		if err != nil {
			return nil, err
		}
		if len(out) >= max || len(page) < limit {
			if len(out) > max {
				out = out[:max]
			}
			return out, nil
		}
	}
}

// rankSQL reads the members of n tags (?1…?n), one row per tag. The
// members of a tag come in index order, by id; parseIDs checks it.
func rankSQL(n int) string {
	marks := make([]string, n)
	for i := range marks {
		marks[i] = "?" + strconv.Itoa(i+1)
	}
	return `SELECT tag, group_concat(member_id) FROM member_interests
		WHERE tag IN (` + strings.Join(marks, ", ") + `) GROUP BY tag`
}

// parseIDs reads "3,17,42", sorting it if it came otherwise.
func parseIDs(b []byte) ([]int64, error) {
	out := make([]int64, 0, len(b)/6+1)
	var n int64
	digits := 0
	for i := 0; i <= len(b); i++ {
		if i == len(b) || b[i] == ',' {
			if digits == 0 {
				if len(b) == 0 {
					break
				}
				return nil, fmt.Errorf("empty id at byte %d", i)
			}
			out = append(out, n)
			n, digits = 0, 0
			continue
		}
		c := b[i]
		if c < '0' || c > '9' || digits == 18 {
			return nil, fmt.Errorf("bad id at byte %d", i)
		}
		n = n*10 + int64(c-'0')
		digits++
	}
	if !slices.IsSorted(out) {
		slices.Sort(out)
	}
	return out, nil
}

// mergeOverlaps merges sorted lists of member ids into each member's
// count of lists, leaving out skip.
func mergeOverlaps(lists [][]int64, skip int64) []Match {
	total := 0
	for _, l := range lists {
		total += len(l)
	}
	out := make([]Match, 0, total)
	pos := make([]int, len(lists))
	for {
		low, found := int64(0), false
		for i, l := range lists {
			if pos[i] < len(l) && (!found || l[pos[i]] < low) {
				low, found = l[pos[i]], true
			}
		}
		if !found {
			return out
		}
		n := 0
		for i, l := range lists {
			for pos[i] < len(l) && l[pos[i]] == low {
				pos[i]++
				n++
			}
		}
		if low != skip {
			out = append(out, Match{MemberID: low, Overlap: n})
		}
	}
}

// matchBefore is the ranking order: more tags shared, then the tie order.
func matchBefore(a, b Match, ta, tb int64) bool {
	if a.Overlap != b.Overlap {
		return a.Overlap > b.Overlap
	}
	if ta != tb {
		return ta < tb
	}
	return a.MemberID < b.MemberID
}

// topMatches returns the best limit candidates in ranking order, with a
// bounded heap whose root is the worst kept.
func topMatches(cands []Match, salt int64, limit int) []Match {
	type entry struct {
		m   Match
		tie int64
	}
	worse := func(a, b entry) bool { return matchBefore(b.m, a.m, b.tie, a.tie) }
	h := make([]entry, 0, min(limit, len(cands)))
	down := func(i int) {
		for {
			l, r, w := 2*i+1, 2*i+2, i
			if l < len(h) && worse(h[l], h[w]) {
				w = l
			}
			if r < len(h) && worse(h[r], h[w]) {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for _, c := range cands {
		e := entry{c, MatchTie(c.MemberID, salt)}
		if len(h) < limit {
			h = append(h, e)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !worse(h[i], h[p]) {
					break
				}
				h[i], h[p] = h[p], h[i]
				i = p
			}
			continue
		}
		if limit > 0 && worse(h[0], e) {
			h[0] = e
			down(0)
		}
	}
	sort.Slice(h, func(i, j int) bool { return matchBefore(h[i].m, h[j].m, h[i].tie, h[j].tie) })
	out := make([]Match, len(h))
	for i, e := range h {
		out[i] = e.m
	}
	return out
}

// withoutExcluded drops from page, keeping its order, the members who
// turned matching off and, for a workshop, those already in it.
func withoutExcluded(ctx context.Context, tx *Tx, ev MatchEvent, page []Match) ([]Match, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(page))
	for i, m := range page {
		ids[i] = m.MemberID
	}
	q := `SELECT member_id FROM match_optouts WHERE member_id IN (` + idList(ids) + `)`
	var args []any
	if ev.Kind == KindWorkshop {
		q += ` UNION SELECT member_id FROM participants WHERE workshop_id = ?1 AND member_id IN (` + idList(ids) + `)
			UNION SELECT member_id FROM session_members WHERE workshop_id = ?1 AND state <> 'out' AND member_id IN (` + idList(ids) + `)`
		args = append(args, ev.ID)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: match exclusions: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("storage: match exclusions: %w", err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: match exclusions: %w", err)
	}
	kept := page[:0:0]
	for _, m := range page {
		if !out[m.MemberID] {
			kept = append(kept, m)
		}
	}
	return kept, nil
}

// matchKey is the base key of a member's match message of one local day;
// enqueueDM adds ":to=<identity>" for each of their accounts.
func matchKey(memberID int64, day time.Time) string {
	return fmt.Sprintf("match:member=%d:day=%s", memberID, day.Format("2006-01-02"))
}

// dayStart is the start of the local day of t, plus n days.
func dayStart(t time.Time, loc *time.Location, n int) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day()+n, 0, 0, 0, 0, loc)
}

// tellMatch adds ev to the member's message of today, in their zone, or,
// when today's has gone out already, of the first day after whose message
// has not.
func tellMatch(ctx context.Context, tx *Tx, m Match, ev MatchEvent, p MatchPolicy) error {
	var tz string
	if err := tx.QueryRowContext(ctx, `SELECT timezone FROM members WHERE id = ?`, m.MemberID).Scan(&tz); err != nil {
		return fmt.Errorf("storage: match reader: %w", err)
	}
	loc := zoneOr(tz, p.Location)
	for n := 0; n < 7; n++ {
		day := dayStart(tx.now, loc, n)
		base := matchKey(m.MemberID, day)
		var rows, gone int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(state <> 'pending'), 0) FROM outbox WHERE key >= ? AND key < ?`,
			base+":", base+";").Scan(&rows, &gone); err != nil {
			return fmt.Errorf("storage: match message: %w", err)
		}
		if gone > 0 {
			continue // that day's message is out (or on its way)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO match_items (member_id, day, kind, entity_id, overlap, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, m.MemberID, unix(day), ev.Kind, ev.ID, m.Overlap, unix(tx.now)); err != nil {
			return fmt.Errorf("storage: match item: %w", err)
		}
		if rows > 0 {
			return nil // the day's message waits: it will carry this too
		}
		due := tx.now.Add(p.Delay)
		if n > 0 {
			if morning := day.Add(matchMorning); morning.After(due) {
				due = morning
			}
		}
		return enqueueDM(ctx, tx, m.MemberID, Note{
			Key:       base,
			Kind:      NoteMatch,
			Args:      NoteArgs{Since: unix(day)},
			PlannedAt: due.UTC(),
			ExpiresAt: due.Add(matchUseful).UTC(),
		})
	}
	return nil // a week of messages already out: a clock gone wrong
}

// SetMatchNotify turns a member's interest messages on or off. Off drops
// the messages still waiting.
func (db *DB) SetMatchNotify(ctx context.Context, memberID int64, on bool) error {
	return db.update(ctx, func(tx *Tx) error {
		if _, err := memberByID(ctx, tx, memberID); err != nil {
			return err
		}
		if on {
			if _, err := tx.ExecContext(ctx, `DELETE FROM match_optouts WHERE member_id = ?`, memberID); err != nil {
				return fmt.Errorf("storage: notify on: %w", err)
			}
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO match_optouts (member_id, created_at) VALUES (?, ?)`, memberID, unix(tx.now)); err != nil {
			return fmt.Errorf("storage: notify off: %w", err)
		}
		return dropPending(ctx, tx, `member_id = ? AND kind = 'match'`, memberID)
	})
}

// MatchNotifyOn reports whether a member gets interest messages.
func (db *DB) MatchNotifyOn(ctx context.Context, memberID int64) (bool, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM match_optouts WHERE member_id = ?`, memberID).Scan(&n); err != nil {
		return false, fmt.Errorf("storage: notify on: %w", err)
	}
	return n == 0, nil
}

// MatchItem is one thing of a match message, as it is now.
type MatchItem struct {
	Kind     string
	ID       int64
	Overlap  int
	Problem  Problem  // Kind == KindProblem
	Workshop Workshop // Kind == KindWorkshop
	Job      Job      // Kind == KindJob
}

// MatchDigest is what a member's match message of one day says.
type MatchDigest struct {
	MemberID  int64
	Interests []string
	OptedOut  bool
	// Items are the things still worth telling (problems open, workshops
	// open, jobs listed), most tags shared first, then in the order they
	// matched. Gone counts those left out.
	Items []MatchItem
	Gone  int
}

// MatchDigest returns a member's match message of the local day that
// starts at day, read when it is sent.
func (db *DB) MatchDigest(ctx context.Context, memberID int64, day time.Time) (MatchDigest, error) {
	d := MatchDigest{MemberID: memberID}
	err := db.view(ctx, func(tx *Tx) error {
		m, err := memberByID(ctx, tx, memberID)
		if err != nil {
			return err
		}
		d.Interests = m.Interests
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM match_optouts WHERE member_id = ?)`, memberID).Scan(&d.OptedOut); err != nil {
			return fmt.Errorf("storage: match digest: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT kind, entity_id, overlap FROM match_items WHERE member_id = ? AND day = ?
			ORDER BY overlap DESC, created_at, kind, entity_id`, memberID, unix(day))
		if err != nil {
			return fmt.Errorf("storage: match digest: %w", err)
		}
		var items []MatchItem
		for rows.Next() {
			var it MatchItem
			if err := rows.Scan(&it.Kind, &it.ID, &it.Overlap); err != nil {
				rows.Close()
				return fmt.Errorf("storage: match digest: %w", err)
			}
			items = append(items, it)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: match digest: %w", err)
		}
		for _, it := range items {
			live := false
			switch it.Kind {
			case KindProblem:
				it.Problem, err = problemByID(ctx, tx, it.ID)
				live = err == nil && (it.Problem.Status == ProblemOpen || it.Problem.Status == ProblemWorkshop)
			case KindWorkshop:
				it.Workshop, err = workshopByID(ctx, tx, it.ID)
				live = err == nil && it.Workshop.Status == WorkshopOpen
			case KindJob:
				it.Job, err = jobByID(ctx, tx, it.ID)
				live = err == nil && it.Job.Listed(tx.now)
			}
			if err != nil && ErrorCode(err) != ENOTFOUND {
				return err
			}
			if !live {
				d.Gone++
				continue
			}
			d.Items = append(d.Items, it)
		}
		return nil
	})
	return d, err
}

// Matched lists the members told of a thing, best overlap first, for
// support and tests.
func (db *DB) Matched(ctx context.Context, kind string, id int64) ([]Match, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT member_id, overlap FROM match_items WHERE kind = ? AND entity_id = ?`, kind, id)
	if err != nil {
		return nil, fmt.Errorf("storage: matched: %w", err)
	}
	defer rows.Close()
	var out []Match
	for rows.Next() {
		var m Match
		if err := rows.Scan(&m.MemberID, &m.Overlap); err != nil {
			return nil, fmt.Errorf("storage: matched: %w", err)
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Overlap != out[j].Overlap {
			return out[i].Overlap > out[j].Overlap
		}
		return out[i].MemberID < out[j].MemberID
	})
	return out, rows.Err()
}
