package storage

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func discord(userID string) Identity {
	return Identity{Platform: "discord", Workspace: "G1", UserID: userID}
}

func mustResolve(tb testing.TB, db *DB, id Identity, name string) Member {
	tb.Helper()
	m, err := db.ResolveMember(tb.Context(), id, name, false, "")
	if err != nil {
		tb.Fatalf("resolve %v: %v", id, err)
	}
	return m
}

func wantReason(tb testing.TB, what string, err error, code, reason string) {
	tb.Helper()
	if ErrorCode(err) != code || ErrorReason(err) != reason {
		tb.Fatalf("%s: error %v (code %q, reason %q), want %s/%s", what, err, ErrorCode(err), ErrorReason(err), code, reason)
	}
}

// TestLinkCodes: one use, ten minutes, not on the same account, a new code
// replaces the old one; only the hash is stored.
func TestLinkCodes(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	a := mustResolve(t, db, slack("U1"), "Alice")
	b := mustResolve(t, db, discord("D1"), "Alice D")
	c := mustResolve(t, db, discord("D2"), "Carol")

	code, expires, err := db.NewLinkCode(ctx, a.ID, "slack")
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != LinkCodeLen || strings.Trim(code, codeAlphabet) != "" || !expires.Equal(testNow.Add(10*time.Minute)) {
		t.Fatalf("code %q expires %s", code, expires)
	}
	var stored string
	if err := db.read.QueryRow(`SELECT code_hash FROM member_codes`).Scan(&stored); err != nil || strings.Contains(stored, code) || len(stored) != 64 {
		t.Fatalf("stored %q (%v): want a hash, not the code", stored, err)
	}
	_, err = db.Link(ctx, b.ID, "WRONG123")
	wantReason(t, "wrong code", err, ENOTFOUND, "link_code")
	_, err = db.Link(ctx, a.ID, code)
	wantReason(t, "own code", err, ECONFLICT, "link_self")
	// A refusal uses nothing up: the owner's try rolled back.
	setNow(db, testNow.Add(10*time.Minute))
	_, err = db.Link(ctx, b.ID, code)
	wantReason(t, "expired", err, ECONFLICT, "link_expired")

	setNow(db, testNow)
	old := code
	if code, _, err = db.NewLinkCode(ctx, a.ID, "slack"); err != nil {
		t.Fatal(err)
	}
	_, err = db.Link(ctx, b.ID, old)
	wantReason(t, "replaced code", err, ENOTFOUND, "link_code")
	setNow(db, testNow.Add(10*time.Minute-time.Second))
	typed := strings.ToLower(code[:5]) + "-" + code[5:] // as people type it
	r, err := db.Link(ctx, b.ID, typed)
	if err != nil {
		t.Fatal(err)
	}
	if r.Member.ID != a.ID || r.From != "slack" || len(r.Member.Identities) != 2 {
		t.Fatalf("link = %+v", r)
	}
	_, err = db.Link(ctx, c.ID, code)
	wantReason(t, "used twice", err, ECONFLICT, "link_used")
	// The Discord account now resolves to Alice, from the cache too.
	if m := mustResolve(t, db, discord("D1"), ""); m.ID != a.ID {
		t.Errorf("discord D1 resolves to %d, want %d", m.ID, a.ID)
	}
	if _, err := db.Member(ctx, b.ID); ErrorReason(err) != "member" {
		t.Errorf("merged member %d still there: %v", b.ID, err)
	}
}

// TestMergeMembers: everything of the newer member moves to the older one,
// duplicates resolved, in one transaction.
func TestMergeMembers(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	db.Reminders = ReminderPolicy{Offsets: []time.Duration{time.Hour}}
	host := mustStaff(t, db, "H", "Host")
	a := mustResolve(t, db, slack("U1"), "Alice")
	b := mustResolve(t, db, discord("D1"), "Alice D")
	other := mustResolve(t, db, slack("U2"), "Bob")
	dave := mustResolve(t, db, slack("U3"), "Dave")
	if _, err := db.UpdateMember(ctx, b.ID, MemberUpdate{Organisation: ptr("CNRS"), Timezone: ptr("Europe/Paris")}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddInterests(ctx, a.ID, []string{"gis", "python"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddInterests(ctx, b.ID, []string{"python", "rust"}); err != nil {
		t.Fatal(err)
	}
	pa := mustProblem(t, db, a.ID, "Alice's problem")
	pb := mustProblem(t, db, b.ID, "Alice D's problem")
	po := mustProblem(t, db, other.ID, "Bob's problem")
	for _, m := range []struct {
		p, who int64
		kind   string
	}{{pb.ID, a.ID, InterestInterested}, {pa.ID, b.ID, InterestCanHelp}, {po.ID, a.ID, InterestInterested}, {po.ID, b.ID, InterestCanHelp}} {
		if _, err := db.SetInterest(ctx, m.p, m.who, m.kind); err != nil {
			t.Fatal(err)
		}
	}
	// Workshop 1 (2 seats): both accounts seated, Dave waiting. Workshop 2:
	// only the Discord account, waiting behind Bob.
	w1 := mustWorkshop(t, db, host.ID, "Both seated", 2)
	w2 := mustWorkshop(t, db, host.ID, "Discord waiting", 1)
	s1 := Session{WorkshopID: w1.ID, Start: testNow.Add(48 * time.Hour), Duration: time.Hour}
	if err := db.AddSession(ctx, &s1); err != nil {
		t.Fatal(err)
	}
	join := func(w, m int64, at time.Duration) {
		t.Helper()
		setNow(db, testNow.Add(at))
		if _, err := db.Join(ctx, w, m); err != nil {
			t.Fatal(err)
		}
	}
	join(w1.ID, b.ID, time.Minute)
	join(w1.ID, a.ID, 2*time.Minute)
	join(w1.ID, dave.ID, 3*time.Minute)
	join(w2.ID, other.ID, 4*time.Minute)
	join(w2.ID, b.ID, 5*time.Minute)
	setNow(db, testNow.Add(10*time.Minute))
	if err := db.SetReminders(ctx, b.ID, false); err != nil {
		t.Fatal(err)
	}
	tokB, err := db.CalendarToken(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}

	code, _, err := db.NewLinkCode(ctx, b.ID, "discord")
	if err != nil {
		t.Fatal(err)
	}
	before := mustCounts(t, db)
	r, err := db.Link(ctx, a.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	m := r.Member
	if m.ID != a.ID || m.DisplayName != "Alice" || m.Organisation != "CNRS" || m.Timezone != "Europe/Paris" ||
		!reflect.DeepEqual(m.Interests, []string{"gis", "python", "rust"}) ||
		!reflect.DeepEqual(m.Identities, []Identity{discord("D1"), slack("U1")}) {
		t.Errorf("merged member = %+v", m)
	}
	if !reflect.DeepEqual(r.Workshops, []int64{w1.ID, w2.ID}) {
		t.Errorf("workshops changed = %v", r.Workshops)
	}
	// Problems: both now Alice's; no mark on her own; "can help" wins on Bob's.
	for _, p := range []int64{pa.ID, pb.ID} {
		got, _ := db.Problem(ctx, p)
		if got.AuthorID != a.ID || got.Interested+got.CanHelp != 0 {
			t.Errorf("problem %d = author %d, marks %d+%d", p, got.AuthorID, got.Interested, got.CanHelp)
		}
	}
	if got, _ := db.Problem(ctx, po.ID); got.Interested != 0 || !reflect.DeepEqual(got.CanHelpNames, []string{"Alice"}) {
		t.Errorf("Bob's problem marks: %d interested, can help %q", got.Interested, got.CanHelpNames)
	}
	// One seat in workshop 1, the earlier one (the Discord account's), and
	// the seat given back goes to Dave.
	w, _ := db.Workshop(ctx, w1.ID)
	if strings.Join(names(w.Participants), ",") != "Alice,Dave" || len(w.Waitlist) != 0 || !w.Participants[0].JoinedAt.Equal(testNow.Add(time.Minute)) {
		t.Errorf("workshop 1: seated %q waiting %d (%+v)", strings.Join(names(w.Participants), ","), len(w.Waitlist), w.Participants)
	}
	w, _ = db.Workshop(ctx, w2.ID)
	if strings.Join(names(w.Participants), ",") != "Bob" || strings.Join(names(w.Waitlist), ",") != "Alice" {
		t.Errorf("workshop 2: seated %q waiting %q", names(w.Participants), names(w.Waitlist))
	}
	// Reminders stay off; the feed is the Discord account's (Alice had none).
	if tok, _ := db.CalendarToken(ctx, a.ID); tok != tokB {
		t.Errorf("calendar token %q, want %q", tok, tokB)
	}
	if rd, _ := db.ReaderOf(ctx, a.ID, 0); !rd.OptedOut {
		t.Error("reminders back on after the merge")
	}
	after := mustCounts(t, db)
	for table, delta := range map[string]int{"members": -1, "member_interests": -1, "problem_interest": -3, "participants": -1,
		"reminder_optouts": 0, "calendar_tokens": 0, "identities": 0, "outbox": 2} {
		if after[table]-before[table] != delta {
			t.Errorf("%s: %d rows → %d, want a change of %d", table, before[table], after[table], delta)
		}
	}
	// The outbox: Dave's promotion and reminder are new; Alice's reminders
	// stay on both accounts (no preferred platform); no row names the
	// dropped member.
	notes, _ := db.Outbox(ctx, OutboxFilter{})
	for _, n := range notes {
		if n.MemberID == b.ID || strings.Contains(n.Key, ":member="+strconv.FormatInt(b.ID, 10)+":") {
			t.Errorf("row of the dropped member: %+v", n)
		}
	}
}

// TestPreferredPlatform: with a preferred platform, direct messages go to
// its account only, and what was queued follows.
func TestPreferredPlatform(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	db.Reminders = ReminderPolicy{Offsets: []time.Duration{24 * time.Hour, time.Hour}}
	host := mustStaff(t, db, "H", "Host")
	a := mustResolve(t, db, slack("U1"), "Alice")
	b := mustResolve(t, db, discord("D1"), "Alice")
	code, _, _ := db.NewLinkCode(ctx, a.ID, "slack")
	if _, err := db.Link(ctx, b.ID, code); err != nil {
		t.Fatal(err)
	}
	w := mustWorkshop(t, db, host.ID, "W", 0)
	s := Session{WorkshopID: w.ID, Start: testNow.Add(72 * time.Hour), Duration: time.Hour}
	if err := db.AddSession(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Join(ctx, w.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	platforms := func() []string {
		notes, err := db.Outbox(ctx, OutboxFilter{MemberID: a.ID, State: OutboxPending})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range notes {
			out = append(out, n.Args.Offset+"@"+n.To.Platform+"/"+n.To.UserID)
		}
		sort.Strings(out)
		return out
	}
	want := []string{"1h@discord/D1", "1h@slack/U1", "24h@discord/D1", "24h@slack/U1"}
	if got := platforms(); !reflect.DeepEqual(got, want) {
		t.Fatalf("every platform: %q, want %q", got, want)
	}
	if err := db.SetNotifyPlatform(ctx, a.ID, "discord"); err != nil {
		t.Fatal(err)
	}
	want = []string{"1h@discord/D1", "24h@discord/D1"}
	if got := platforms(); !reflect.DeepEqual(got, want) {
		t.Fatalf("discord preferred, queued rows: %q, want %q", got, want)
	}
	s2 := Session{WorkshopID: w.ID, Start: testNow.Add(96 * time.Hour), Duration: time.Hour}
	if err := db.AddSession(ctx, &s2); err != nil {
		t.Fatal(err)
	}
	if got := platforms(); len(got) != 4 || got[0] != "1h@discord/D1" || got[3] != "24h@discord/D1" {
		t.Fatalf("discord preferred, new rows: %q", got)
	}
	err := db.SetNotifyPlatform(ctx, a.ID, "console")
	wantReason(t, "no console account", err, EINVALID, "notify_platform")
	if err := db.SetNotifyPlatform(ctx, a.ID, "slack"); err != nil {
		t.Fatal(err)
	}
	for _, p := range platforms() {
		if !strings.Contains(p, "@slack/U1") {
			t.Errorf("slack preferred: row %s", p)
		}
	}
	if err := db.SetNotifyPlatform(ctx, a.ID, NotifyAll); err != nil {
		t.Fatal(err)
	}
	acc, err := db.MemberAccounts(ctx, a.ID)
	if err != nil || acc.NotifyPlatform != "" || len(acc.Identities) != 2 {
		t.Errorf("accounts = %+v, %v", acc, err)
	}
}

// TestMemberRefsHandled: every column that points at a member is one that
// merge, forget and export treat on purpose, or a later feature's, which
// the generic rules cover (moved on merge, deleted on forget, exported as
// rows). A new column of ours must be added to handledRefs.
func TestMemberRefsHandled(t *testing.T) {
	db := MustOpenDB(t)
	var refs []memberRef
	err := db.view(t.Context(), func(tx *Tx) error {
		var err error
		refs, err = memberRefs(t.Context(), tx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[memberRef]bool{}
	for _, r := range refs {
		seen[r] = true
	}
	for r := range handledRefs {
		if !seen[r] {
			t.Errorf("handledRefs names %s.%s, which has no foreign key to members", r.table, r.column)
		}
	}
}

// TestMergeFeedback: two answers about one session become one, the later
// answer winning, its blanks filled from the earlier.
func TestMergeFeedback(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustStaff(t, db, "H", "Host")
	a := mustResolve(t, db, slack("U1"), "Alice")
	b := mustResolve(t, db, discord("D1"), "Alice")
	w := mustWorkshop(t, db, host.ID, "W", 0)
	s := Session{WorkshopID: w.ID, Start: testNow.Add(time.Hour), Duration: time.Hour}
	if err := db.AddSession(ctx, &s); err != nil {
		t.Fatal(err)
	}
	for _, m := range []int64{a.ID, b.ID} {
		if _, err := db.Join(ctx, w.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	setNow(db, testNow.Add(3*time.Hour))
	if err := db.RecordFeedback(ctx, s.ID, a.ID, 4, nil); err != nil {
		t.Fatal(err)
	}
	setNow(db, testNow.Add(4*time.Hour))
	if err := db.RecordFeedback(ctx, s.ID, b.ID, 0, ptr("Clear and hands-on")); err != nil {
		t.Fatal(err)
	}
	code, _, _ := db.NewLinkCode(ctx, b.ID, "discord")
	if _, err := db.Link(ctx, a.ID, code); err != nil {
		t.Fatal(err)
	}
	fb, err := db.SessionFeedback(ctx, s.ID)
	if err != nil || len(fb) != 1 {
		t.Fatalf("feedback = %+v, %v", fb, err)
	}
	if fb[0].MemberID != a.ID || fb[0].Score != 4 || fb[0].Comment != "Clear and hands-on" || !fb[0].UpdatedAt.Equal(testNow.Add(4*time.Hour)) {
		t.Errorf("merged feedback = %+v", fb[0])
	}
}
