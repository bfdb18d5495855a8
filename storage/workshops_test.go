package storage

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCreateWorkshop(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	host := mustMember(t, db, "U2", "Hugo")

	newProblem := func(t *testing.T, status string) Problem {
		p := Problem{AuthorID: alice.ID, Title: "Snakemake on the cluster", Description: "Jobs never start", Tags: []string{"hpc", "snakemake"}}
		if err := db.CreateProblem(ctx, &p); err != nil {
			t.Fatal(err)
		}
		if status != ProblemOpen {
			if _, err := db.CloseProblem(ctx, p.ID, alice, status); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}

	tests := []struct {
		name          string
		fromProblem   string // status of the problem to start from; "" = no problem
		w             Workshop
		want          Workshop // Title, Description, Tags, Capacity
		wantCode      string
		wantReason    string
		wantProblemSt string // problem status afterwards
	}{
		{name: "standalone", w: Workshop{Title: " Git for scientists ", Description: "Branches, rebase", Tags: []string{"git"}, Capacity: 12},
			want: Workshop{Title: "Git for scientists", Description: "Branches, rebase", Tags: []string{"git"}, Capacity: 12}},
		{name: "from problem copies text and tags", fromProblem: ProblemOpen, w: Workshop{},
			want:          Workshop{Title: "Snakemake on the cluster", Description: "Jobs never start", Tags: []string{"hpc", "snakemake"}},
			wantProblemSt: ProblemWorkshop},
		{name: "from problem keeps what is given", fromProblem: ProblemOpen, w: Workshop{Title: "Snakemake clinic", Tags: []string{"workflow"}, Capacity: 8},
			want:          Workshop{Title: "Snakemake clinic", Description: "Jobs never start", Tags: []string{"workflow"}, Capacity: 8},
			wantProblemSt: ProblemWorkshop},
		{name: "from a problem already in workshop", fromProblem: ProblemWorkshop, w: Workshop{},
			want:          Workshop{Title: "Snakemake on the cluster", Description: "Jobs never start", Tags: []string{"hpc", "snakemake"}},
			wantProblemSt: ProblemWorkshop},
		{name: "solved problem refused", fromProblem: ProblemSolved, wantCode: ECONFLICT, wantReason: "problem_closed", wantProblemSt: ProblemSolved},
		{name: "duplicate problem refused", fromProblem: ProblemDuplicate, wantCode: ECONFLICT, wantReason: "problem_closed", wantProblemSt: ProblemDuplicate},
		{name: "capacity MaxCapacity", w: Workshop{Title: "Big", Capacity: MaxCapacity}, want: Workshop{Title: "Big", Capacity: MaxCapacity}},
		{name: "capacity over MaxCapacity", w: Workshop{Title: "Huge", Capacity: MaxCapacity + 1}, wantCode: EINVALID, wantReason: "capacity"},
		{name: "negative capacity", w: Workshop{Title: "Neg", Capacity: -1}, wantCode: EINVALID, wantReason: "capacity"},
		{name: "bad capacity leaves the problem open", fromProblem: ProblemOpen, w: Workshop{Capacity: -5},
			wantCode: EINVALID, wantReason: "capacity", wantProblemSt: ProblemOpen},
		{name: "bad tag leaves the problem open", fromProblem: ProblemOpen, w: Workshop{Tags: []string{"no good"}},
			wantCode: EINVALID, wantReason: "tag", wantProblemSt: ProblemOpen},
		{name: "no title", w: Workshop{Description: "x"}, wantCode: EINVALID, wantReason: "title_missing"},
		{name: "title of 201 characters", w: Workshop{Title: strings.Repeat("w", MaxTitle+1)}, wantCode: EINVALID, wantReason: "title_too_long"},
		{name: "unknown host", w: Workshop{Title: "Ghost", HostID: 999}, wantCode: ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w
			if w.HostID == 0 {
				w.HostID = host.ID
			}
			var p Problem
			if tt.fromProblem != "" {
				if tt.fromProblem == ProblemWorkshop {
					p = newProblem(t, ProblemOpen)
					if err := db.CreateWorkshop(ctx, &Workshop{HostID: host.ID, ProblemID: p.ID}); err != nil {
						t.Fatal(err)
					}
				} else {
					p = newProblem(t, tt.fromProblem)
				}
				w.ProblemID = p.ID
			}
			before := mustCounts(t, db)
			err := db.CreateWorkshop(ctx, &w)
			if p.ID != 0 {
				stored, perr := db.Problem(ctx, p.ID)
				if perr != nil {
					t.Fatal(perr)
				}
				if stored.Status != tt.wantProblemSt {
					t.Errorf("problem status = %q, want %q", stored.Status, tt.wantProblemSt)
				}
				if err == nil && stored.WorkshopIDs[len(stored.WorkshopIDs)-1] != w.ID {
					t.Errorf("problem workshops = %v, want last %d", stored.WorkshopIDs, w.ID)
				}
			}
			if tt.wantCode != "" {
				wantErr(t, err, tt.wantCode, tt.wantReason)
				wantCounts(t, db, before, nil)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantCounts(t, db, before, map[string]int{"workshops": 1, "workshop_tags": len(tt.want.Tags)})
			if w.ID == 0 || w.Status != WorkshopOpen || !w.CreatedAt.Equal(testNow) {
				t.Errorf("after create: ID %d, Status %q, CreatedAt %s", w.ID, w.Status, w.CreatedAt)
			}
			got, err := db.Workshop(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := Workshop{ID: w.ID, Title: tt.want.Title, Description: tt.want.Description, Tags: tt.want.Tags,
				HostID: host.ID, HostName: "Hugo", ProblemID: p.ID, Capacity: tt.want.Capacity, Status: WorkshopOpen, CreatedAt: testNow}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Workshop(%d):\n got %+v\nwant %+v", w.ID, got, want)
			}
		})
	}

	t.Run("unknown problem", func(t *testing.T) {
		before := mustCounts(t, db)
		err := db.CreateWorkshop(ctx, &Workshop{HostID: host.ID, ProblemID: 999})
		wantErr(t, err, ENOTFOUND, "problem")
		wantCounts(t, db, before, nil)
	})
	t.Run("unknown workshop", func(t *testing.T) {
		_, err := db.Workshop(ctx, 999)
		wantErr(t, err, ENOTFOUND, "workshop")
	})
}

func names(ps []Participant) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestJoinLeave(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "H", "Host")
	m := map[string]Member{}
	for _, n := range []string{"Ana", "Ben", "Cleo", "Dev", "Eli"} {
		m[n] = mustMember(t, db, n, n)
	}
	w := mustWorkshop(t, db, host.ID, "Docker basics", 1)

	type step struct {
		name   string
		leave  bool
		member string
		at     time.Duration // clock, from testNow

		// Join
		wantState    string
		wantPosition int
		wantAlready  bool
		// Leave
		wantWas      string
		wantPromoted []string

		wantSeated []string
		wantLine   []string
	}
	steps := []step{
		{name: "first takes the seat", member: "Ana", wantState: StateJoined,
			wantSeated: []string{"Ana"}, wantLine: []string{}},
		{name: "second waits first in line", member: "Ben", wantState: StateWaitlisted, wantPosition: 1,
			wantSeated: []string{"Ana"}, wantLine: []string{"Ben"}},
		{name: "third waits second in line", member: "Cleo", wantState: StateWaitlisted, wantPosition: 2,
			wantSeated: []string{"Ana"}, wantLine: []string{"Ben", "Cleo"}},
		{name: "joining twice in line changes nothing", member: "Ben", wantState: StateWaitlisted, wantPosition: 1, wantAlready: true,
			wantSeated: []string{"Ana"}, wantLine: []string{"Ben", "Cleo"}},
		{name: "joining twice seated changes nothing", member: "Ana", wantState: StateJoined, wantAlready: true,
			wantSeated: []string{"Ana"}, wantLine: []string{"Ben", "Cleo"}},
		{name: "leave when not there", leave: true, member: "Dev", wantWas: "",
			wantSeated: []string{"Ana"}, wantLine: []string{"Ben", "Cleo"}},
		{name: "seated leaves, first in line promoted", leave: true, member: "Ana", at: time.Hour, wantWas: StateJoined, wantPromoted: []string{"Ben"},
			wantSeated: []string{"Ben"}, wantLine: []string{"Cleo"}},
		{name: "line moved up", member: "Cleo", at: time.Hour, wantState: StateWaitlisted, wantPosition: 1, wantAlready: true,
			wantSeated: []string{"Ben"}, wantLine: []string{"Cleo"}},
		{name: "newcomer at the end", member: "Dev", at: time.Hour, wantState: StateWaitlisted, wantPosition: 2,
			wantSeated: []string{"Ben"}, wantLine: []string{"Cleo", "Dev"}},
		{name: "waitlisted leaves, nobody promoted", leave: true, member: "Cleo", at: 2 * time.Hour, wantWas: StateWaitlisted,
			wantSeated: []string{"Ben"}, wantLine: []string{"Dev"}},
		{name: "one who left comes back at the end", member: "Ana", at: 2 * time.Hour, wantState: StateWaitlisted, wantPosition: 2,
			wantSeated: []string{"Ben"}, wantLine: []string{"Dev", "Ana"}},
		{name: "second seated leaves, next promoted", leave: true, member: "Ben", at: 3 * time.Hour, wantWas: StateJoined, wantPromoted: []string{"Dev"},
			wantSeated: []string{"Dev"}, wantLine: []string{"Ana"}},
	}
	promotedAt := map[string]time.Time{}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			now := testNow.Add(s.at)
			setNow(db, now)
			before := mustCounts(t, db)
			// A member who leaves takes their pending messages with them.
			pending, err := db.Outbox(ctx, OutboxFilter{MemberID: m[s.member].ID, State: OutboxPending})
			if err != nil {
				t.Fatal(err)
			}
			var got Workshop
			if s.leave {
				r, err := db.Leave(ctx, w.ID, m[s.member].ID)
				if err != nil {
					t.Fatal(err)
				}
				if r.WasState != s.wantWas {
					t.Errorf("WasState = %q, want %q", r.WasState, s.wantWas)
				}
				if gotNames := names(r.Promoted); !reflect.DeepEqual(gotNames, append([]string{}, s.wantPromoted...)) {
					t.Errorf("Promoted = %q, want %q", gotNames, s.wantPromoted)
				}
				for _, p := range r.Promoted {
					if p.State != StateJoined || !p.PromotedAt.Equal(now) || p.MemberID != m[p.Name].ID {
						t.Errorf("promoted %+v, want joined at %s", p, now)
					}
					promotedAt[p.Name] = now
				}
				left := 0
				if s.wantWas != "" {
					left = -1
				}
				// Each member promoted is told at once, on their one identity.
				wantCounts(t, db, before, map[string]int{"participants": left, "outbox": len(s.wantPromoted) - len(pending)})
				got = r.Workshop
			} else {
				r, err := db.Join(ctx, w.ID, m[s.member].ID)
				if err != nil {
					t.Fatal(err)
				}
				if r.State != s.wantState || r.Position != s.wantPosition || r.Already != s.wantAlready {
					t.Errorf("Join = state %q, position %d, already %v; want %q, %d, %v",
						r.State, r.Position, r.Already, s.wantState, s.wantPosition, s.wantAlready)
				}
				added := 1
				if s.wantAlready {
					added = 0
				}
				wantCounts(t, db, before, map[string]int{"participants": added})
				got = r.Workshop
			}
			if got.ID != w.ID || got.Joined != len(s.wantSeated) || got.Waitlisted != len(s.wantLine) || got.Full() != (len(s.wantSeated) >= 1) {
				t.Errorf("result workshop: joined %d, waitlisted %d, full %v", got.Joined, got.Waitlisted, got.Full())
			}
			stored, err := db.Workshop(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(names(stored.Participants), s.wantSeated) || !reflect.DeepEqual(names(stored.Waitlist), s.wantLine) {
				t.Errorf("seated %q, line %q; want %q, %q", names(stored.Participants), names(stored.Waitlist), s.wantSeated, s.wantLine)
			}
			if got.Title != stored.Title || got.Status != stored.Status || got.Capacity != stored.Capacity || got.NextSession != stored.NextSession {
				t.Errorf("result workshop %q %s cap %d next %+v; want as stored: %q %s cap %d next %+v", got.Title, got.Status, got.Capacity,
					got.NextSession, stored.Title, stored.Status, stored.Capacity, stored.NextSession)
			}
			for _, p := range append(stored.Participants, stored.Waitlist...) {
				if !p.PromotedAt.Equal(promotedAt[p.Name]) {
					t.Errorf("%s PromotedAt = %s, want %s", p.Name, p.PromotedAt, promotedAt[p.Name])
				}
			}
		})
	}

	t.Run("joined and promoted times", func(t *testing.T) {
		stored, err := db.Workshop(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Dev joined the line at +1h and got the seat at +3h; Ana came back at +2h.
		dev, ana := stored.Participants[0], stored.Waitlist[0]
		if !dev.JoinedAt.Equal(testNow.Add(time.Hour)) || !dev.PromotedAt.Equal(testNow.Add(3*time.Hour)) || dev.State != StateJoined {
			t.Errorf("Dev = %+v", dev)
		}
		if !ana.JoinedAt.Equal(testNow.Add(2*time.Hour)) || !ana.PromotedAt.IsZero() || ana.State != StateWaitlisted {
			t.Errorf("Ana = %+v", ana)
		}
	})

	t.Run("unknown workshop", func(t *testing.T) {
		_, err := db.Join(ctx, 999, m["Eli"].ID)
		wantErr(t, err, ENOTFOUND, "workshop")
		_, err = db.Leave(ctx, 999, m["Eli"].ID)
		wantErr(t, err, ENOTFOUND, "workshop")
	})

	t.Run("cancelled workshop refuses join and leave", func(t *testing.T) {
		if _, err := db.CancelWorkshop(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		before := mustCounts(t, db)
		_, err := db.Join(ctx, w.ID, m["Eli"].ID)
		wantErr(t, err, ECONFLICT, "workshop_closed")
		_, err = db.Leave(ctx, w.ID, m["Dev"].ID)
		wantErr(t, err, ECONFLICT, "workshop_closed")
		wantCounts(t, db, before, nil)
	})
}

func TestSetCapacity(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "H", "Host")
	w := mustWorkshop(t, db, host.ID, "LaTeX tables", 2)
	var order []string
	for _, n := range []string{"m1", "m2", "m3", "m4", "m5", "m6"} {
		mm := mustMember(t, db, n, n)
		if _, err := db.Join(ctx, w.ID, mm.ID); err != nil {
			t.Fatal(err)
		}
		order = append(order, n)
	}

	steps := []struct {
		name         string
		capacity     int
		wantCode     string
		wantReason   string
		wantPromoted []string
		wantCapacity int
		wantSeated   []string
	}{
		{name: "below the seated count", capacity: 1, wantCode: ECONFLICT, wantReason: "capacity_below_count",
			wantCapacity: 2, wantSeated: order[:2]},
		{name: "negative", capacity: -1, wantCode: EINVALID, wantReason: "capacity", wantCapacity: 2, wantSeated: order[:2]},
		{name: "over MaxCapacity", capacity: MaxCapacity + 1, wantCode: EINVALID, wantReason: "capacity", wantCapacity: 2, wantSeated: order[:2]},
		{name: "same count promotes nobody", capacity: 2, wantCapacity: 2, wantSeated: order[:2]},
		{name: "one more seat", capacity: 3, wantPromoted: []string{"m3"}, wantCapacity: 3, wantSeated: order[:3]},
		{name: "two more seats, in line order", capacity: 5, wantPromoted: []string{"m4", "m5"}, wantCapacity: 5, wantSeated: order[:5]},
		{name: "back down to the count", capacity: 5, wantCapacity: 5, wantSeated: order[:5]},
		{name: "still not below", capacity: 4, wantCode: ECONFLICT, wantReason: "capacity_below_count", wantCapacity: 5, wantSeated: order[:5]},
		{name: "unlimited promotes everyone", capacity: 0, wantPromoted: []string{"m6"}, wantCapacity: 0, wantSeated: order},
		{name: "limit again at the count", capacity: 6, wantCapacity: 6, wantSeated: order},
	}
	for i, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			now := testNow.Add(time.Duration(i+1) * time.Minute)
			setNow(db, now)
			before := mustCounts(t, db)
			r, err := db.SetCapacity(ctx, w.ID, s.capacity)
			if s.wantCode != "" {
				wantErr(t, err, s.wantCode, s.wantReason)
				wantCounts(t, db, before, nil)
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if got := names(r.Promoted); !reflect.DeepEqual(got, append([]string{}, s.wantPromoted...)) {
					t.Errorf("Promoted = %q, want %q", got, s.wantPromoted)
				}
				for _, p := range r.Promoted {
					if !p.PromotedAt.Equal(now) {
						t.Errorf("%s PromotedAt = %s, want %s", p.Name, p.PromotedAt, now)
					}
				}
				if r.Workshop.Capacity != s.capacity || r.Workshop.Joined != len(s.wantSeated) {
					t.Errorf("result: capacity %d, joined %d", r.Workshop.Capacity, r.Workshop.Joined)
				}
			}
			stored, err := db.Workshop(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored.Capacity != s.wantCapacity {
				t.Errorf("stored capacity = %d, want %d", stored.Capacity, s.wantCapacity)
			}
			if !reflect.DeepEqual(names(stored.Participants), s.wantSeated) {
				t.Errorf("seated = %q, want %q", names(stored.Participants), s.wantSeated)
			}
			if len(stored.Waitlist) != len(order)-len(s.wantSeated) || stored.Waitlisted != len(stored.Waitlist) {
				t.Errorf("waitlist = %q (count %d)", names(stored.Waitlist), stored.Waitlisted)
			}
		})
	}

	t.Run("cancelled workshop", func(t *testing.T) {
		if _, err := db.CancelWorkshop(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		_, err := db.SetCapacity(ctx, w.ID, 10)
		wantErr(t, err, ECONFLICT, "workshop_closed")
	})
	t.Run("unknown workshop", func(t *testing.T) {
		_, err := db.SetCapacity(ctx, 999, 10)
		wantErr(t, err, ENOTFOUND, "workshop")
	})
}

func TestCancelWorkshop(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "H", "Host")
	ana := mustMember(t, db, "A", "Ana")
	ben := mustMember(t, db, "B", "Ben")
	w := mustWorkshop(t, db, host.ID, "Rust for biologists", 1)
	other := mustWorkshop(t, db, host.ID, "Other", 0)
	for _, id := range []int64{ana.ID, ben.ID} {
		if _, err := db.Join(ctx, w.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	past := mustSession(t, db, w.ID, testNow.Add(time.Hour), time.Hour)                        // over by the cancel
	running := mustSession(t, db, w.ID, testNow.Add(23*time.Hour+30*time.Minute), 2*time.Hour) // in progress at the cancel
	soon := mustSession(t, db, w.ID, testNow.Add(2*24*time.Hour), time.Hour)
	later := mustSession(t, db, w.ID, testNow.Add(9*24*time.Hour), time.Hour)
	dropped := mustSession(t, db, w.ID, testNow.Add(10*24*time.Hour), time.Hour)
	otherS := mustSession(t, db, other.ID, testNow.Add(3*24*time.Hour), time.Hour)
	// A session called off on its own earlier (no API yet: as a reschedule
	// will) keeps its sequence: calendars saw that cancellation already.
	if _, err := db.write.ExecContext(ctx, `UPDATE sessions SET cancelled_at = ?, sequence = sequence + 1 WHERE id = ?`, unix(testNow), dropped.ID); err != nil {
		t.Fatal(err)
	}

	setNow(db, testNow.Add(24*time.Hour))
	got, err := db.CancelWorkshop(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != WorkshopCancelled || got.ID != w.ID {
		t.Errorf("status = %q", got.Status)
	}
	if !reflect.DeepEqual(names(got.Participants), []string{"Ana", "Ben"}) ||
		got.Participants[0].State != StateJoined || got.Participants[1].State != StateWaitlisted {
		t.Errorf("participants to tell = %+v", got.Participants)
	}

	wantSessions := []struct {
		id        int64
		cancelled bool
		sequence  int
	}{
		{past.ID, false, 0},
		{running.ID, false, 0},
		{soon.ID, true, 1},
		{later.ID, true, 1},
		{dropped.ID, true, 1},
	}
	stored, err := db.Workshop(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sessions := range [][]Session{got.Sessions, stored.Sessions} {
		if len(sessions) != len(wantSessions) {
			t.Fatalf("%d sessions, want %d", len(sessions), len(wantSessions))
		}
		for i, want := range wantSessions {
			s := sessions[i]
			if s.ID != want.id || s.Cancelled != want.cancelled || s.Sequence != want.sequence {
				t.Errorf("session %d: id %d, cancelled %v, sequence %d; want %d, %v, %d", i, s.ID, s.Cancelled, s.Sequence, want.id, want.cancelled, want.sequence)
			}
		}
	}
	if stored.Status != WorkshopCancelled {
		t.Errorf("stored status = %q", stored.Status)
	}
	// The session running at the cancel is still the next one; nothing to come after it.
	if stored.NextSession.ID != running.ID {
		t.Errorf("next session = %d, want %d", stored.NextSession.ID, running.ID)
	}

	o, err := db.Workshop(ctx, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != WorkshopOpen || len(o.Sessions) != 1 || o.Sessions[0].Cancelled || o.NextSession.ID != otherS.ID {
		t.Errorf("other workshop touched: %+v", o)
	}

	list, err := db.ListWorkshops(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != other.ID {
		t.Errorf("listed %v, want only the other workshop", list)
	}

	before := mustCounts(t, db)
	_, err = db.CancelWorkshop(ctx, w.ID)
	wantErr(t, err, ECONFLICT, "workshop_closed")
	err = db.AddSession(ctx, &Session{WorkshopID: w.ID, Start: testNow.Add(30 * 24 * time.Hour), Duration: time.Hour})
	wantErr(t, err, ECONFLICT, "workshop_closed")
	wantCounts(t, db, before, nil)

	_, err = db.CancelWorkshop(ctx, 999)
	wantErr(t, err, ENOTFOUND, "workshop")
}

// TestConcurrentJoin: twenty members click "join" on a five-seat workshop at
// the same instant while others read it. Exactly five get a seat, the
// others queue in distinct positions, and nobody sees SQLITE_BUSY.
func TestConcurrentJoin(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "H", "Host")
	w := mustWorkshop(t, db, host.ID, "Popular", 5)
	const n = 20
	members := make([]Member, n)
	for i := range members {
		members[i] = mustMember(t, db, fmt.Sprintf("U%02d", i), fmt.Sprintf("M%02d", i))
	}

	results := make([]JoinResult, n)
	errs := make([]error, n)
	readErrs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			results[i], errs[i] = db.Join(ctx, w.ID, members[i].ID)
		})
		wg.Go(func() {
			<-start
			_, readErrs[i] = db.Workshop(ctx, w.ID)
			if readErrs[i] == nil {
				_, readErrs[i] = db.ListWorkshops(ctx, 0)
			}
		})
	}
	close(start)
	wg.Wait()

	var positions []int
	joined := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("join %d: %v", i, errs[i])
		}
		if readErrs[i] != nil {
			t.Fatalf("read %d: %v", i, readErrs[i])
		}
		switch results[i].State {
		case StateJoined:
			joined++
		case StateWaitlisted:
			positions = append(positions, results[i].Position)
		default:
			t.Errorf("join %d: state %q", i, results[i].State)
		}
	}
	if joined != 5 || len(positions) != 15 {
		t.Errorf("joined %d, waitlisted %d; want 5, 15", joined, len(positions))
	}
	sort.Ints(positions)
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("waitlist positions = %v, want 1..15", positions)
		}
	}
	stored, err := db.Workshop(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Joined != 5 || stored.Waitlisted != 15 || len(stored.Participants) != 5 || len(stored.Waitlist) != 15 {
		t.Errorf("stored: joined %d, waitlisted %d", stored.Joined, stored.Waitlisted)
	}
}
