package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// interestTags is a vocabulary of 200 tags drawn with a Zipf law: a few
// tags many members follow (#python, #stats), and a long tail.
var interestTags = func() []string {
	base := []string{"python", "stats", "ml", "nlp", "gis", "r", "hpc", "bio", "vision", "sql"}
	out := append([]string(nil), base...)
	for i := len(base); i < 200; i++ {
		out = append(out, fmt.Sprintf("tag%03d", i))
	}
	return out
}()

// interestGen gives each member one to five distinct tags of interestTags.
type interestGen struct {
	r    *rand.Rand
	zipf *rand.Zipf
}

func newInterestGen(seed uint64) *interestGen {
	r := rand.New(rand.NewPCG(seed, 7))
	return &interestGen{r: r, zipf: rand.NewZipf(r, 1.1, 4, uint64(len(interestTags)-1))}
}

func (g *interestGen) next() []string {
	n := 1 + g.r.IntN(5)
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		t := interestTags[g.zipf.Uint64()]
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// seedInterests adds n members with a console identity each and random
// interests, in one transaction, and returns every member's interests by
// id.
func seedInterests(tb testing.TB, db *DB, n int, seed uint64) map[int64][]string {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	prep := func(q string) func(args ...any) int64 {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { st.Close() })
		return func(args ...any) int64 {
			res, err := st.ExecContext(ctx, args...)
			if err != nil {
				tb.Fatal(err)
			}
			id, _ := res.LastInsertId()
			return id
		}
	}
	member := prep(`INSERT INTO members (display_name, timezone, created_at) VALUES (?, ?, ?)`)
	identity := prep(`INSERT INTO identities (platform, workspace, user_id, member_id) VALUES ('console', 'local', ?, ?)`)
	interest := prep(`INSERT INTO member_interests (member_id, tag) VALUES (?, ?)`)
	gen := newInterestGen(seed)
	out := make(map[int64][]string, n)
	for i := range n {
		id := member(fmt.Sprintf("Member %d", i), "", unix(testNow))
		identity(fmt.Sprintf("m%d", id), id)
		tags := gen.next()
		for _, t := range tags {
			interest(id, t)
		}
		out[id] = tags
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// expectMatches computes, from the interests alone, who a thing should
// reach: overlap counted here, the author and the excluded left out,
// best overlap first, ties by MatchTie, then id; at most max.
func expectMatches(interests map[int64][]string, ev MatchEvent, excluded map[int64]bool, max int) []Match {
	want := map[string]bool{}
	for _, t := range ev.Tags {
		want[t] = true
	}
	var out []Match
	for id, tags := range interests {
		if id == ev.AuthorID || excluded[id] {
			continue
		}
		n := 0
		for _, t := range tags {
			if want[t] {
				n++
			}
		}
		if n > 0 {
			out = append(out, Match{MemberID: id, Overlap: n})
		}
	}
	salt := MatchSalt(ev.Kind, ev.ID)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Overlap != b.Overlap {
			return a.Overlap > b.Overlap
		}
		ta, tb := MatchTie(a.MemberID, salt), MatchTie(b.MemberID, salt)
		if ta != tb {
			return ta < tb
		}
		return a.MemberID < b.MemberID
	})
	if len(out) > max {
		out = out[:max]
	}
	return out
}

func sortMatches(ms []Match) []Match {
	out := append([]Match(nil), ms...)
	sort.Slice(out, func(i, j int) bool { return out[i].MemberID < out[j].MemberID })
	return out
}

// TestMatchTieSpreads: ties are ordered differently for each thing, so
// the same members are not always the first told.
func TestMatchTieSpreads(t *testing.T) {
	first := map[int64]bool{}
	for id := int64(1); id <= 50; id++ {
		var cands []Match
		for m := int64(1); m <= 1000; m++ {
			cands = append(cands, Match{MemberID: m, Overlap: 1})
		}
		for _, m := range topMatches(cands, MatchSalt(KindProblem, id), 5) {
			first[m.MemberID] = true
		}
	}
	if len(first) < 200 {
		t.Errorf("50 things with 1,000 tied members told only %d distinct members first", len(first))
	}
}

// TestMatchRanking: overlap first, capped, author and opted-out members
// left out; the same thing is never matched twice.
func TestMatchRanking(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	db.Matching = MatchPolicy{MaxPerEvent: 3}
	author := mustMember(t, db, "A", "Author")
	var ids []int64
	for i, tags := range [][]string{
		{"gis"},                   // 1 in common
		{"gis", "python"},         // 2
		{"gis", "python", "rust"}, // 3
		{"python"},                // 1
		{"rust", "gis"},           // 2, turns matching off
		{"cooking"},               // 0
		{"gis", "python", "rust"}, // 3
	} {
		m := mustMember(t, db, fmt.Sprintf("U%d", i), fmt.Sprintf("M%d", i))
		if _, err := db.AddInterests(ctx, m.ID, tags); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	if _, err := db.AddInterests(ctx, author.ID, []string{"gis", "python", "rust"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMatchNotify(ctx, ids[4], false); err != nil {
		t.Fatal(err)
	}
	p := mustProblem(t, db, author.ID, "Reprojection", "gis", "python", "rust")
	n, err := db.MatchInterests(ctx, MatchEvent{Kind: KindProblem, ID: p.ID, AuthorID: author.ID, Tags: p.Tags})
	if err != nil || n != 3 {
		t.Fatalf("MatchInterests = %d, %v; want 3", n, err)
	}
	got, err := db.Matched(ctx, KindProblem, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []Match{{ids[2], 3}, {ids[6], 3}, {ids[1], 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("matched %+v, want %+v", got, want)
	}
	before := mustCounts(t, db)
	if n, err := db.MatchInterests(ctx, MatchEvent{Kind: KindProblem, ID: p.ID, AuthorID: author.ID, Tags: p.Tags}); err != nil || n != 0 {
		t.Errorf("second match = %d, %v; want 0, nil", n, err)
	}
	wantCounts(t, db, before, nil)
	// A thing nobody follows writes nothing; one without tags neither.
	for _, tags := range [][]string{{"knitting"}, nil} {
		if n, err := db.MatchInterests(ctx, MatchEvent{Kind: KindProblem, ID: 77, AuthorID: author.ID, Tags: tags}); err != nil || n != 0 {
			t.Errorf("tags %v: %d, %v", tags, n, err)
		}
	}
	wantCounts(t, db, before, nil)
	if _, err := db.MatchInterests(ctx, MatchEvent{Kind: "meetup", ID: 1, Tags: []string{"gis"}}); err == nil {
		t.Error("unknown kind matched")
	}
	// One message per member, due five minutes on, for the day.
	ns, err := db.Outbox(ctx, OutboxFilter{Kind: NoteMatch})
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 3 {
		t.Fatalf("%d match rows, want 3: %+v", len(ns), ns)
	}
	for _, n := range ns {
		if !n.DueAt.Equal(testNow.Add(5*time.Minute)) || n.Args.Since != unix(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("row %s due %s since %d", n.Key, n.DueAt, n.Args.Since)
		}
	}
}

// TestMatchThousandMembers: 1,000 members with random interests; the
// members told are exactly those computed here from the interests, at most
// one message a day each, batched, never the author or an opted-out member.
func TestMatchThousandMembers(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	db.Matching = MatchPolicy{MaxPerEvent: 25}
	interests := seedInterests(t, db, 1000, 1)
	author := int64(17)
	excluded := map[int64]bool{}
	r := rand.New(rand.NewPCG(3, 3))
	for id := range interests {
		if r.IntN(10) == 0 {
			excluded[id] = true
			if err := db.SetMatchNotify(ctx, id, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	told := map[int64][]string{} // member → items, in order
	events := []MatchEvent{
		{Kind: KindProblem, ID: 1, AuthorID: author, Tags: []string{"gis", "python", "tag013"}},
		{Kind: KindProblem, ID: 2, AuthorID: author, Tags: []string{"python"}},
		{Kind: KindWorkshop, ID: 1, AuthorID: author, Tags: []string{"python", "stats", "ml"}},
		{Kind: KindJob, ID: 1, AuthorID: 5, Tags: []string{"tag150"}}, // rare: fewer than the cap
	}
	for _, ev := range events {
		want := expectMatches(interests, ev, excluded, 25)
		n, err := db.MatchInterests(ctx, ev)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Matched(ctx, ev.Kind, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(want) || !reflect.DeepEqual(sortMatches(got), sortMatches(want)) {
			t.Errorf("%s %d: told %d %+v\nwant %+v", ev.Kind, ev.ID, n, sortMatches(got), sortMatches(want))
		}
		for _, m := range want {
			told[m.MemberID] = append(told[m.MemberID], fmt.Sprintf("%s%d", ev.Kind, ev.ID))
			if m.MemberID == ev.AuthorID || excluded[m.MemberID] {
				t.Errorf("%s %d told member %d", ev.Kind, ev.ID, m.MemberID)
			}
		}
	}
	if len(told) < 40 {
		t.Fatalf("only %d members told: the fixture is too thin", len(told))
	}
	// Exactly one pending message per member told, carrying all of its
	// items; none for anyone else.
	ns, err := db.Outbox(ctx, OutboxFilter{Kind: NoteMatch, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	perMember := map[int64]int{}
	for _, n := range ns {
		perMember[n.MemberID]++
		if n.State != OutboxPending || n.To.UserID != fmt.Sprintf("m%d", n.MemberID) {
			t.Errorf("row %s: %s to %s", n.Key, n.State, n.To.UserID)
		}
	}
	batched := 0
	for id, items := range told {
		if perMember[id] != 1 {
			t.Errorf("member %d has %d messages, want 1", id, perMember[id])
		}
		d, err := db.MatchDigest(ctx, id, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		// Items whose entity does not exist (no rows were made for these
		// events) are counted as gone: what matters is they were all there.
		if d.Gone+len(d.Items) != len(items) {
			t.Errorf("member %d: digest has %d items, want %d", id, d.Gone+len(d.Items), len(items))
		}
		if len(items) > 1 {
			batched++
		}
	}
	if len(perMember) != len(told) {
		t.Errorf("%d members have messages, %d were told", len(perMember), len(told))
	}
	if batched == 0 {
		t.Error("no member matched twice: batching untested")
	}

	// The day's messages go out; what matches later that day waits for
	// the next morning's message.
	claimed, err := db.ClaimDue(ctx, 10000, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 0 {
		t.Fatalf("claimed %d rows before they were due", len(claimed))
	}
	setNow(db, testNow.Add(6*time.Minute))
	claimed, err = db.ClaimDue(ctx, 10000, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != len(ns) {
		t.Fatalf("claimed %d rows, want %d", len(claimed), len(ns))
	}
	for _, n := range claimed {
		if err := db.MarkSent(ctx, n.ID, "x"); err != nil {
			t.Fatal(err)
		}
	}
	setNow(db, testNow.Add(time.Hour))
	ev := MatchEvent{Kind: KindProblem, ID: 3, AuthorID: author, Tags: []string{"gis", "python", "tag013"}}
	want := expectMatches(interests, ev, excluded, 25)
	if _, err := db.MatchInterests(ctx, ev); err != nil {
		t.Fatal(err)
	}
	later, err := db.Outbox(ctx, OutboxFilter{Kind: NoteMatch, State: OutboxPending, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if len(later) != len(want) {
		t.Errorf("%d new messages, want %d", len(later), len(want))
	}
	// Those already told today hear of it tomorrow morning; the others
	// today, five minutes on.
	today, tomorrow := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	nextDay := 0
	for _, n := range later {
		day, at := today, testNow.Add(time.Hour+5*time.Minute)
		if told[n.MemberID] != nil {
			day, at = tomorrow, tomorrow.Add(8*time.Hour)
			nextDay++
		}
		if !n.PlannedAt.Equal(at) || n.Args.Since != unix(day) || !strings.Contains(n.Key, day.Format(":day=2006-01-02:")) {
			t.Errorf("later row %s planned %s, want %s", n.Key, n.PlannedAt, at)
		}
	}
	if nextDay == 0 {
		t.Error("nobody told twice in a day: the daily cap is untested")
	}
}

// TestMatchDayInMemberZone: a member in Montreal at 02:00 UTC is still on
// the day before; their message counts that day.
func TestMatchDayInMemberZone(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	setNow(db, time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC))
	a := mustMember(t, db, "A", "Author")
	m := mustMember(t, db, "M", "Montréal")
	if _, err := db.UpdateMember(ctx, m.ID, MemberUpdate{Timezone: ptr("America/Montreal")}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddInterests(ctx, m.ID, []string{"gis"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MatchInterests(ctx, MatchEvent{Kind: KindProblem, ID: 9, AuthorID: a.ID, Tags: []string{"gis"}}); err != nil {
		t.Fatal(err)
	}
	ns, err := db.Outbox(ctx, OutboxFilter{Kind: NoteMatch})
	if err != nil || len(ns) != 1 {
		t.Fatalf("rows %+v, %v", ns, err)
	}
	mtl := mustLoc(t, "America/Montreal")
	if !strings.Contains(ns[0].Key, ":day=2026-11-27:") || ns[0].Args.Since != unix(time.Date(2026, 11, 27, 0, 0, 0, 0, mtl)) {
		t.Errorf("row %s since %d", ns[0].Key, ns[0].Args.Since)
	}
}

func mustLoc(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// TestMatchQueryPlan: the ranking reads the member_interests_tag index for
// the thing's tags; it never scans the members or all interests.
func TestMatchQueryPlan(t *testing.T) {
	db := MustOpenDB(t)
	seedInterests(t, db, 300, 1)
	for n := 1; n <= MaxTags; n++ {
		var args []any
		for i := range n {
			args = append(args, interestTags[i])
		}
		plan := queryPlan(t, db, rankSQL(n), args...)
		if !strings.Contains(plan, "USING COVERING INDEX member_interests_tag (tag=?") {
			t.Errorf("%d tags: the plan does not seek member_interests_tag:\n%s", n, plan)
		}
		for _, bad := range []string{"SCAN members", "SCAN member_interests", "TEMP B-TREE"} {
			if strings.Contains(plan, bad) {
				t.Errorf("%d tags: the plan has %q:\n%s", n, bad, plan)
			}
		}
	}
}

func queryPlan(tb testing.TB, db *DB, q string, args ...any) string {
	tb.Helper()
	rows, err := db.read.QueryContext(context.Background(), `EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			tb.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}

// BenchmarkMatchProblem100k matches one problem against 100,000 members
// with Zipf-distributed interests. Each iteration is a new problem with
// three tags drawn like members' interests, through the whole path: the
// ranking, the exclusions, and the day's message of each member told.
func BenchmarkMatchProblem100k(b *testing.B) {
	benchMatch(b, 100_000, func(g *interestGen) []string {
		for {
			if t := g.next(); len(t) >= 3 {
				return t[:3]
			}
		}
	})
}

// BenchmarkMatchProblem100kPopular: one tag, the most followed (#python,
// about a fifth of the members), so ties among ~20,000 decide.
func BenchmarkMatchProblem100kPopular(b *testing.B) {
	benchMatch(b, 100_000, func(*interestGen) []string { return []string{"python"} })
}

// BenchmarkMatchProblem100kWide: the ten most followed tags at once.
func BenchmarkMatchProblem100kWide(b *testing.B) {
	benchMatch(b, 100_000, func(*interestGen) []string { return interestTags[:MaxTags] })
}

func benchMatch(b *testing.B, members int, tags func(*interestGen) []string) {
	ctx := context.Background()
	db := MustOpenDB(b)
	seedInterests(b, db, members, 1)
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_interests WHERE tag = 'python'`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	g := newInterestGen(99)
	b.ReportAllocs()
	told := 0
	for i := 0; b.Loop(); i++ {
		ev := MatchEvent{Kind: KindProblem, ID: int64(i + 1), AuthorID: 1, Tags: tags(g)}
		k, err := db.MatchInterests(ctx, ev)
		if err != nil {
			b.Fatal(err)
		}
		told += k
	}
	b.ReportMetric(float64(n), "python-members")
	b.ReportMetric(float64(told)/float64(b.N), "told/op")
}
