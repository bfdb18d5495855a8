package commands

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// community is 1,000 members with random interests, set through the
// router as members do, a tenth of them with interest messages off.
type community struct {
	h         *harness
	interests map[int64][]string // by member id
	users     map[int64]string
	off       map[int64]bool
}

var matchVocabulary = []string{"nlp", "gis", "hpc", "stats", "ml", "vision", "bio", "sql", "r", "python",
	"rust", "julia", "geo", "health", "climate", "energy", "finance", "robotics", "audio", "graphs"}

func newCommunity(t *testing.T, n int) *community {
	h := newHarness(t)
	h.db.Matching = storage.MatchPolicy{MaxPerEvent: 25, Location: h.paris} // as the bot sets it
	c := &community{h: h, interests: map[int64][]string{}, users: map[int64]string{}, off: map[int64]bool{}}
	r := rand.New(rand.NewPCG(2026, 11))
	for i := range n {
		user := fmt.Sprintf("m%04d", i)
		k := 1 + r.IntN(4)
		perm := r.Perm(len(matchVocabulary))[:k]
		var tags []string
		for _, p := range perm {
			tags = append(tags, "#"+matchVocabulary[p])
		}
		h.must(user, "me interests add "+strings.Join(tags, " "))
		id := h.member(user).ID
		for _, tg := range tags {
			c.interests[id] = append(c.interests[id], tg[1:])
		}
		c.users[id] = user
		if r.IntN(10) == 0 {
			h.must(user, "me notify off")
			c.off[id] = true
		}
	}
	return c
}

// expect computes who should hear of a thing, from the interests alone:
// overlap, the author and the members who turned it off left out, most
// tags shared first, ties in the documented per-thing order, at most 25.
func (c *community) expect(kind string, id, author int64, tags []string) []storage.Match {
	want := map[string]bool{}
	for _, t := range tags {
		want[t] = true
	}
	var out []storage.Match
	for m, its := range c.interests {
		if m == author || c.off[m] {
			continue
		}
		n := 0
		for _, t := range its {
			if want[t] {
				n++
			}
		}
		if n > 0 {
			out = append(out, storage.Match{MemberID: m, Overlap: n})
		}
	}
	salt := storage.MatchSalt(kind, id)
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Overlap != b.Overlap {
			return a.Overlap > b.Overlap
		}
		if ta, tb := storage.MatchTie(a.MemberID, salt), storage.MatchTie(b.MemberID, salt); ta != tb {
			return ta < tb
		}
		return a.MemberID < b.MemberID
	})
	return out[:min(25, len(out))]
}

func (c *community) matched(kind string, id int64) []storage.Match {
	c.h.t.Helper()
	got, err := c.h.db.Matched(c.h.ctx, kind, id)
	if err != nil {
		c.h.t.Fatal(err)
	}
	return got
}

func matchIDs(ms []storage.Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%d:%d", m.MemberID, m.Overlap))
	}
	slices.Sort(out)
	return out
}

// matchRows counts the pending match messages by member.
func (c *community) matchRows() map[int64][]storage.Note {
	c.h.t.Helper()
	ns, err := c.h.db.Outbox(c.h.ctx, storage.OutboxFilter{Kind: storage.NoteMatch, Limit: 100000})
	if err != nil {
		c.h.t.Fatal(err)
	}
	out := map[int64][]storage.Note{}
	for _, n := range ns {
		out[n.MemberID] = append(out[n.MemberID], n)
	}
	return out
}

func TestMatchingThousandMembers(t *testing.T) {
	c := newCommunity(t, 1000)
	h := c.h
	author := h.member("m0007").ID

	// A problem: exactly the expected 25, by overlap; the reply says so.
	ptags := []string{"gis", "python", "climate"}
	rep := h.must("m0007", "problem post Reprojeter des rasters | GDAL #gis #python #climate")
	pid := h.card(rep).Entity.ID
	want := c.expect(storage.KindProblem, pid, author, ptags)
	if len(want) != 25 || want[0].Overlap < 2 {
		t.Fatalf("fixture: %d expected, best overlap %d", len(want), want[0].Overlap)
	}
	wantSlice(t, "problem matched", matchIDs(c.matched(storage.KindProblem, pid)), matchIDs(want))
	wantText(t, rep.Text, "25 members whose interests match will hear of it.")
	// Ranked by overlap: nobody left out shares more tags than the last told.
	last := want[len(want)-1].Overlap
	for m, its := range c.interests {
		n := 0
		for _, tg := range its {
			if slices.Contains(ptags, tg) {
				n++
			}
		}
		if n > last && m != author && !c.off[m] && !slices.ContainsFunc(want, func(x storage.Match) bool { return x.MemberID == m }) {
			t.Errorf("member %d shares %d tags, more than the last told (%d), and was left out", m, n, last)
		}
	}

	// A job, posted by a member with interests of their own.
	poster := h.member("m0123").ID
	rep = h.must("m0123", "jobs post Ingénieur climat | Météo-France | CDD | phd | Toulouse | https://mf.example/j | 40-50k€ #climate #python #energy")
	jid := h.card(rep).Entity.ID
	wantJob := c.expect(storage.KindJob, jid, poster, []string{"climate", "energy", "python"})
	wantSlice(t, "job matched", matchIDs(c.matched(storage.KindJob, jid)), matchIDs(wantJob))
	wantText(t, rep.Text, fmt.Sprintf("%d members whose interests match", len(wantJob)))

	// A workshop, created by staff; announcing it again tells nobody twice.
	rep = h.must("admin", "workshop create GDAL en pratique #gis #geo")
	wid := h.card(rep).Entity.ID
	wantW := c.expect(storage.KindWorkshop, wid, h.member("admin").ID, []string{"geo", "gis"})
	wantSlice(t, "workshop matched", matchIDs(c.matched(storage.KindWorkshop, wid)), matchIDs(wantW))
	before := h.counts()
	h.must("admin", fmt.Sprintf("workshop announce %d", wid))
	wantCounts(t, "announce again", h.counts(), before)

	// One message per member told, whatever they were told of; each
	// carries all of it, due five minutes on, for their day.
	told := map[int64]int{}
	for _, ms := range [][]storage.Match{want, wantJob, wantW} {
		for _, m := range ms {
			told[m.MemberID]++
		}
	}
	rows := c.matchRows()
	if len(rows) != len(told) {
		t.Errorf("%d members have messages, %d were told", len(rows), len(told))
	}
	twice := 0
	for m, n := range told {
		if len(rows[m]) != 1 {
			t.Errorf("member %d has %d messages", m, len(rows[m]))
			continue
		}
		row := rows[m][0]
		if !row.DueAt.Equal(testNow.Add(5*time.Minute)) || row.To.UserID != c.users[m] || row.State != storage.OutboxPending {
			t.Errorf("member %d: row %+v", m, row)
		}
		d, err := h.db.MatchDigest(h.ctx, m, time.Unix(row.Args.Since, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Items) != n {
			t.Errorf("member %d: message carries %d things, told of %d", m, len(d.Items), n)
		}
		if n > 1 {
			twice++
		}
		if c.off[m] || m == author {
			t.Errorf("member %d should not be told", m)
		}
	}
	if twice == 0 {
		t.Error("nobody told of two things: batching untested")
	}

	// Turning messages off drops the waiting one; the next thing skips
	// the member; on again, they are back.
	var quitter int64
	for m := range told {
		quitter = m
		break
	}
	h.must(c.users[quitter], "me notify off")
	c.off[quitter] = true
	if len(c.matchRows()[quitter]) != 0 {
		t.Errorf("member %d turned messages off and still has one waiting", quitter)
	}

	// The day's messages go out at 10:35 (Paris); what matches later the
	// same day waits for tomorrow's, at 08:00 their time.
	h.now = testNow.Add(6 * time.Minute)
	claimed, err := h.db.ClaimDue(h.ctx, 10000, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range claimed {
		if n.Kind != storage.NoteMatch {
			continue
		}
		if err := h.db.MarkSent(h.ctx, n.ID, "x"); err != nil {
			t.Fatal(err)
		}
	}
	h.now = testNow.Add(3 * time.Hour)
	rep = h.must("m0999", "problem post Rasters encore | GDAL #gis #python #climate")
	p2 := h.card(rep).Entity.ID
	want2 := c.expect(storage.KindProblem, p2, h.member("m0999").ID, ptags)
	wantSlice(t, "second problem matched", matchIDs(c.matched(storage.KindProblem, p2)), matchIDs(want2))
	tomorrow := time.Date(2026, 11, 28, 8, 0, 0, 0, h.paris)
	pending, err := h.db.Outbox(h.ctx, storage.OutboxFilter{Kind: storage.NoteMatch, State: storage.OutboxPending, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	nextDay := 0
	byMember := map[int64]storage.Note{}
	for _, n := range pending {
		byMember[n.MemberID] = n
	}
	for _, m := range want2 {
		n, ok := byMember[m.MemberID]
		switch {
		case !ok:
			t.Errorf("member %d told of problem %d has no message", m.MemberID, p2)
		case told[m.MemberID] > 0:
			nextDay++
			if !n.DueAt.Equal(tomorrow) || !strings.Contains(n.Key, ":day=2026-11-28:") {
				t.Errorf("member %d, already told today: due %s (%s)", m.MemberID, n.DueAt, n.Key)
			}
		default:
			if !n.DueAt.Equal(h.now.Add(5 * time.Minute)) {
				t.Errorf("member %d, first today: due %s", m.MemberID, n.DueAt)
			}
		}
	}
	if nextDay == 0 {
		t.Error("nobody already told today: the daily cap is untested")
	}
	if len(pending) != len(want2) {
		t.Errorf("%d messages waiting, want %d", len(pending), len(want2))
	}

	// On again: the member is back for the next thing.
	h.must(c.users[quitter], "me notify on")
	c.off[quitter] = false
	rep = h.must("m0500", "problem post Tout sur #"+c.interests[quitter][0]+" #"+c.interests[quitter][0])
	p3 := h.card(rep).Entity.ID
	got3 := c.matched(storage.KindProblem, p3)
	wantSlice(t, "third problem matched", matchIDs(got3), matchIDs(c.expect(storage.KindProblem, p3, h.member("m0500").ID, c.interests[quitter][:1])))
}

// /me notify: off and on, in both languages, and its refusals.
func TestMeNotify(t *testing.T) {
	h := newHarness(t)
	wantEqual(t, "off", h.must("alice", "me notify off").Text,
		"You will no longer get messages about new problems, workshops and jobs on your interests. `/me notify on` turns them back on.")
	if on, _ := h.db.MatchNotifyOn(h.ctx, h.member("alice").ID); on {
		t.Error("still on")
	}
	wantEqual(t, "on without interests", h.must("alice", "me notify on").Text,
		"Messages on your interests are on, but you have none yet: add some with `/me interests add #nlp`.")
	h.must("alice", "me interests add #nlp #gis")
	wantEqual(t, "on", h.must("alice", "moi notifications oui").Text,
		"You will hear, at most once a day, of new problems, workshops and jobs on #gis #nlp.")
	if on, _ := h.db.MatchNotifyOn(h.ctx, h.member("alice").ID); !on {
		t.Error("still off")
	}
	before := h.counts()
	for _, line := range []string{"me notify", "me notify maybe", "me notify on off"} {
		wantEqual(t, line, h.do("alice", line).Text, T(EN, "err.notify_usage"))
	}
	wantCounts(t, "refusals", h.counts(), before)
}
