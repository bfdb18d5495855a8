package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// seriesWorkshop makes a workshop of capacity seats meeting three Tuesdays
// at 18:00 Paris time, and returns it with its sessions.
func seriesWorkshop(t *testing.T, db *DB, hostID int64, capacity int) (Workshop, []Session) {
	t.Helper()
	w := mustWorkshop(t, db, hostID, "Groupe de lecture", capacity)
	first := time.Date(2026, 12, 1, 18, 0, 0, 0, mustZone(t, "Europe/Paris"))
	made, err := db.CreateSeries(t.Context(), &Series{WorkshopID: w.ID, Freq: SeriesWeekly, Interval: 1, Weekday: time.Tuesday,
		Hour: 18, Zone: "Europe/Paris", First: first, Count: 3, Duration: 2 * time.Hour, Place: "Salle 2"})
	if err != nil || len(made) != 3 {
		t.Fatalf("create series: %d sessions, %v", len(made), err)
	}
	return w, made
}

// aliceInTheSeries is a series without a seat limit that Alice joined as
// a whole, and Bob, in none of it yet.
func aliceInTheSeries(t *testing.T) (*DB, Workshop, []Session, Member, Member) {
	t.Helper()
	db := MustOpenDB(t)
	host := mustMember(t, db, "U0", "Hôte")
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	w, ss := seriesWorkshop(t, db, host.ID, 0)
	if _, err := db.Join(t.Context(), w.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	return db, w, ss, alice, bob
}

// bobInAlicesPlace: Alice, a member of the series, skips its second
// session, which Bob joins alone.
func bobInAlicesPlace(t *testing.T) (*DB, []Session, Member, Member) {
	t.Helper()
	db, w, ss, alice, bob := aliceInTheSeries(t)
	if _, err := db.LeaveSession(t.Context(), w.ID, ss[1].ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.JoinSession(t.Context(), w.ID, ss[1].ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	return db, ss, alice, bob
}

// remindedSessions lists the sessions a member has pending reminders for.
func remindedSessions(t *testing.T, db *DB, memberID int64) []int64 {
	t.Helper()
	ids, err := db.readInt64s(t.Context(), `SELECT DISTINCT session_id FROM outbox WHERE member_id = ? AND kind = 'reminder' AND state = 'pending' ORDER BY session_id`, memberID)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// promotedNotes lists the sessions of a member's pending "a seat freed"
// messages (0: the whole workshop).
func promotedNotes(t *testing.T, db *DB, memberID int64) []int64 {
	t.Helper()
	ids, err := db.readInt64s(t.Context(), `SELECT COALESCE(session_id, 0) FROM outbox WHERE member_id = ? AND kind = 'promoted' AND state = 'pending' ORDER BY id`, memberID)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func (db *DB) readInt64s(ctx context.Context, q string, args ...any) ([]int64, error) {
	var out []int64
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = int64s(ctx, tx, q, args...)
		return err
	})
	return out, err
}

func places(ps []SessionPlace) map[int64]string {
	out := map[int64]string{}
	for _, p := range ps {
		out[p.Session.ID] = p.State
		if p.State == StateWaitlisted && p.Position > 0 {
			out[p.Session.ID] += string(rune('0' + p.Position))
		}
	}
	return out
}

// Capacity is per session: one-session members and whole-series members
// share each session's seats, each session has its own line, and
// reminders follow the seats.
func TestSessionSeats(t *testing.T) {
	db := MustOpenDB(t)
	db.Reminders = ReminderPolicy{Offsets: []time.Duration{time.Hour}}
	ctx := t.Context()
	host := mustMember(t, db, "U0", "Hôte")
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	chloe := mustMember(t, db, "U3", "Chloé")
	dan := mustMember(t, db, "U4", "Dan")
	w, ss := seriesWorkshop(t, db, host.ID, 2)
	s1, s2, s3 := ss[0].ID, ss[1].ID, ss[2].ID

	// Alice joins the series; Bob and Chloé the first session only.
	res, err := db.Join(ctx, w.ID, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := places(res.Places); !reflect.DeepEqual(got, map[int64]string{s1: StateJoined, s2: StateJoined, s3: StateJoined}) {
		t.Errorf("Alice's places = %v", got)
	}
	if r, err := db.JoinSession(ctx, w.ID, s1, bob.ID); err != nil || r.State != StateJoined || r.Session.ID != s1 {
		t.Fatalf("Bob joins session 1: %+v, %v", r, err)
	}
	r, err := db.JoinSession(ctx, w.ID, s1, chloe.ID)
	if err != nil || r.State != StateWaitlisted || r.Position != 1 {
		t.Fatalf("Chloé joins the full session 1: %+v, %v", r, err)
	}
	// Dan joins the whole series: seated where there is room, in line
	// behind Chloé where there is none, and told exactly that.
	res, err = db.Join(ctx, w.ID, dan.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := places(res.Places); !reflect.DeepEqual(got, map[int64]string{s1: "waitlisted2", s2: StateJoined, s3: StateJoined}) {
		t.Errorf("Dan's places = %v", got)
	}
	// The longest line counts the session's: Chloé and Dan.
	var peak int
	if err := db.read.QueryRowContext(ctx, `SELECT waitlist_peak FROM workshops WHERE id = ?`, w.ID).Scan(&peak); err != nil || peak != 2 {
		t.Errorf("waitlist peak %d, %v; want 2", peak, err)
	}
	// Joining again changes nothing.
	if r, err := db.JoinSession(ctx, w.ID, s1, chloe.ID); err != nil || !r.Already || r.Position != 1 {
		t.Errorf("Chloé again: %+v, %v", r, err)
	}
	if r, err := db.JoinSession(ctx, w.ID, s2, alice.ID); err != nil || !r.Already || r.State != StateJoined {
		t.Errorf("Alice joins a session she sits in: %+v, %v", r, err)
	}
	// The card counts the next session's seats.
	full, err := db.Workshop(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if full.Joined != 2 || full.Waitlisted != 2 || !full.Full() || len(full.SessionMembers) != 3 {
		t.Errorf("workshop: %d joined, %d waiting, session members %+v", full.Joined, full.Waitlisted, full.SessionMembers)
	}
	for who, want := range map[string][]int64{"Alice": {s1, s2, s3}, "Bob": {s1}, "Chloé": nil, "Dan": {s2, s3}} {
		id := map[string]int64{"Alice": alice.ID, "Bob": bob.ID, "Chloé": chloe.ID, "Dan": dan.ID}[who]
		if got := remindedSessions(t, db, id); !reflect.DeepEqual(got, want) {
			t.Errorf("%s has reminders for sessions %v, want %v", who, got, want)
		}
	}

	// Bob leaves his session: Chloé, first in its line, gets the seat, is
	// told, and gets that session's reminders; Dan moves up.
	lr, err := db.LeaveSession(ctx, w.ID, s1, bob.ID)
	if err != nil || lr.WasState != StateJoined {
		t.Fatalf("Bob leaves: %+v, %v", lr, err)
	}
	if len(lr.Promoted) != 1 || lr.Promoted[0].MemberID != chloe.ID || lr.Promoted[0].Session.ID != s1 {
		t.Errorf("promoted %+v", lr.Promoted)
	}
	if got := promotedNotes(t, db, chloe.ID); !reflect.DeepEqual(got, []int64{s1}) {
		t.Errorf("Chloé's seat messages: %v", got)
	}
	if got := remindedSessions(t, db, chloe.ID); !reflect.DeepEqual(got, []int64{s1}) {
		t.Errorf("Chloé's reminders: %v", got)
	}
	if got := remindedSessions(t, db, bob.ID); got != nil {
		t.Errorf("Bob keeps reminders %v", got)
	}
	if ps, err := db.SessionPlaces(ctx, w.ID, dan.ID); err != nil || !reflect.DeepEqual(places(ps), map[int64]string{s1: "waitlisted1", s2: StateJoined, s3: StateJoined}) {
		t.Errorf("Dan's places after Bob left = %v, %v", places(ps), err)
	}

	// Alice, a whole-series member, skips session 1: Dan gets her seat
	// there; she keeps the others, and their reminders.
	lr, err = db.LeaveSession(ctx, w.ID, s1, alice.ID)
	if err != nil || lr.WasState != StateJoined || len(lr.Promoted) != 1 || lr.Promoted[0].MemberID != dan.ID {
		t.Fatalf("Alice skips session 1: %+v, %v", lr, err)
	}
	if got := remindedSessions(t, db, alice.ID); !reflect.DeepEqual(got, []int64{s2, s3}) {
		t.Errorf("Alice's reminders after skipping one: %v", got)
	}
	if got := remindedSessions(t, db, dan.ID); !reflect.DeepEqual(got, []int64{s1, s2, s3}) {
		t.Errorf("Dan's reminders: %v", got)
	}
	if lr, err := db.LeaveSession(ctx, w.ID, s1, alice.ID); err != nil || lr.WasState != "" {
		t.Errorf("Alice skips it twice: %+v, %v", lr, err)
	}
	// She comes back to it: full now, so she waits in its line.
	if r, err := db.JoinSession(ctx, w.ID, s1, alice.ID); err != nil || r.State != StateWaitlisted || r.Position != 1 {
		t.Errorf("Alice back to session 1: %+v, %v", r, err)
	}

	// Refusals, each with its reason.
	if _, err := db.CancelSession(ctx, w.ID, s3); err != nil {
		t.Fatal(err)
	}
	_, err = db.JoinSession(ctx, w.ID, s3, bob.ID)
	wantErr(t, err, ECONFLICT, "join_session_cancelled")
	_, err = db.JoinSession(ctx, w.ID, 999, bob.ID)
	wantErr(t, err, ENOTFOUND, "join_session_unknown")
	other := mustWorkshop(t, db, host.ID, "Atelier simple", 0)
	single := mustSession(t, db, other.ID, testNow.Add(48*time.Hour), time.Hour)
	_, err = db.JoinSession(ctx, w.ID, single.ID, bob.ID)
	wantErr(t, err, ENOTFOUND, "join_session_unknown")
	_, err = db.JoinSession(ctx, other.ID, single.ID, bob.ID)
	wantErr(t, err, ECONFLICT, "join_session_not_series")
	setNow(db, ss[0].Start.Add(time.Minute))
	_, err = db.JoinSession(ctx, w.ID, s1, bob.ID)
	wantErr(t, err, ECONFLICT, "join_session_past")
	_, err = db.LeaveSession(ctx, w.ID, s1, dan.ID)
	wantErr(t, err, ECONFLICT, "join_session_past")
}

// Forgetting a member of one session frees that seat for the first in
// its line, and changes nothing of anyone else's places.
func TestForgetOneSessionMemberPromotes(t *testing.T) {
	db := MustOpenDB(t)
	db.Reminders = ReminderPolicy{Offsets: []time.Duration{time.Hour}}
	ctx := t.Context()
	host := mustMember(t, db, "U0", "Hôte")
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	chloe := mustMember(t, db, "U3", "Chloé")
	w, ss := seriesWorkshop(t, db, host.ID, 1)
	s1, s2 := ss[0].ID, ss[1].ID
	if _, err := db.JoinSession(ctx, w.ID, s2, alice.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.JoinSession(ctx, w.ID, s1, bob.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := db.JoinSession(ctx, w.ID, s1, chloe.ID); err != nil || r.State != StateWaitlisted {
		t.Fatalf("Chloé waits for session 1: %+v, %v", r, err)
	}
	alicePlaces, err := db.SessionPlaces(ctx, w.ID, alice.ID)
	if err != nil {
		t.Fatal(err)
	}

	code, _, err := db.NewForgetCode(ctx, bob.ID, "slack")
	if err != nil {
		t.Fatal(err)
	}
	fr, err := db.Forget(ctx, bob.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fr.Workshops, []int64{w.ID}) {
		t.Errorf("forget refreshes workshops %v", fr.Workshops)
	}
	if ps, err := db.SessionPlaces(ctx, w.ID, chloe.ID); err != nil || !reflect.DeepEqual(places(ps), map[int64]string{s1: StateJoined}) {
		t.Errorf("Chloé after Bob was forgotten: %v, %v", places(ps), err)
	}
	if got := promotedNotes(t, db, chloe.ID); !reflect.DeepEqual(got, []int64{s1}) {
		t.Errorf("Chloé's seat messages: %v", got)
	}
	if got := remindedSessions(t, db, chloe.ID); !reflect.DeepEqual(got, []int64{s1}) {
		t.Errorf("Chloé's reminders: %v", got)
	}
	if ps, err := db.SessionPlaces(ctx, w.ID, alice.ID); err != nil || !reflect.DeepEqual(ps, alicePlaces) {
		t.Errorf("Alice's places changed: %+v, was %+v", ps, alicePlaces)
	}
	if ps, err := db.SessionPlaces(ctx, w.ID, bob.ID); err != nil || len(ps) != 0 {
		t.Errorf("Bob still has places %+v, %v", ps, err)
	}
	if got := promotedNotes(t, db, alice.ID); got != nil {
		t.Errorf("Alice told of a seat: %v", got)
	}
}

// Staff removing a one-session member free that seat the same way, and
// leaving the workshop as a whole takes a member out of every session.
func TestRemoveAndLeaveSessionMembers(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	host := mustMember(t, db, "U0", "Hôte")
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	w, ss := seriesWorkshop(t, db, host.ID, 1)
	s1 := ss[0].ID
	if _, err := db.JoinSession(ctx, w.ID, s1, alice.ID); err != nil {
		t.Fatal(err)
	}
	res, err := db.Join(ctx, w.ID, bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := places(res.Places); !reflect.DeepEqual(got, map[int64]string{s1: "waitlisted1", ss[1].ID: StateJoined, ss[2].ID: StateJoined}) {
		t.Errorf("Bob's places = %v", got)
	}
	full, err := db.Workshop(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.SessionMembers) != 2 || full.SessionMembers[0].MemberID != alice.ID || full.SessionMembers[0].Session.ID != s1 {
		t.Errorf("session members %+v", full.SessionMembers)
	}
	lr, err := db.RemoveParticipant(ctx, w.ID, alice.ID)
	if err != nil || lr.WasState != StateJoined || len(lr.Promoted) != 1 || lr.Promoted[0].MemberID != bob.ID || lr.Promoted[0].Session.ID != s1 {
		t.Fatalf("remove Alice: %+v, %v", lr, err)
	}
	// Bob leaves the series: out of every session, so nothing is left.
	lr, err = db.Leave(ctx, w.ID, bob.ID)
	if err != nil || lr.WasState != StateJoined {
		t.Fatalf("Bob leaves: %+v, %v", lr, err)
	}
	if ps, err := db.SessionPlaces(ctx, w.ID, bob.ID); err != nil || len(ps) != 0 {
		t.Errorf("Bob's places after leaving: %+v, %v", ps, err)
	}
	// Capacity cannot go below a session's seats, and more seats go to
	// each session's line.
	if _, err := db.Join(ctx, w.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.JoinSession(ctx, w.ID, s1, bob.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetCapacity(ctx, w.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if ps, err := db.SessionPlaces(ctx, w.ID, bob.ID); err != nil || !reflect.DeepEqual(places(ps), map[int64]string{s1: StateJoined}) {
		t.Errorf("Bob after more seats: %v, %v", places(ps), err)
	}
	_, err = db.SetCapacity(ctx, w.ID, 1)
	wantErr(t, err, ECONFLICT, "capacity_below_count")
}

// A series made longer adds sessions where members of the series beyond
// the seats wait, the latest to join first in line after the others.
func TestNewSessionsKeepCapacity(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	host := mustMember(t, db, "U0", "Hôte")
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	chloe := mustMember(t, db, "U3", "Chloé")
	w := mustWorkshop(t, db, host.ID, "Lecture", 1)
	// Before the series, Bob and Chloé wait for Alice's seat.
	for _, m := range []Member{alice, bob, chloe} {
		if _, err := db.Join(ctx, w.ID, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	first := time.Date(2026, 12, 1, 18, 0, 0, 0, mustZone(t, "Europe/Paris"))
	made, err := db.CreateSeries(ctx, &Series{WorkshopID: w.ID, Freq: SeriesWeekly, Interval: 1, Weekday: time.Tuesday,
		Hour: 18, Zone: "Europe/Paris", First: first, Count: 2, Duration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range made {
		for who, want := range map[int64]string{alice.ID: StateJoined, bob.ID: "waitlisted1", chloe.ID: "waitlisted2"} {
			ps, err := db.SessionPlaces(ctx, w.ID, who)
			if err != nil {
				t.Fatal(err)
			}
			if got := places(ps)[s.ID]; got != want {
				t.Errorf("member %d in session %d: %q, want %q", who, s.ID, got, want)
			}
		}
	}
}

// A member's calendar shows the sessions they sit in: a single session
// stands alone; a whole-series member's series keeps its rule.
func TestCalendarOneSession(t *testing.T) {
	db, w, ss, alice, bob := aliceInTheSeries(t)
	ctx := t.Context()
	if _, err := db.JoinSession(ctx, w.ID, ss[1].ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	evs, err := db.CalendarEvents(ctx, bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].ID != ss[1].ID || evs[0].SeriesID != 0 {
		t.Errorf("Bob's feed = %+v", evs)
	}
	evs, err = db.CalendarEvents(ctx, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3 || evs[0].SeriesID == 0 {
		t.Errorf("Alice's feed = %+v", evs)
	}
	// Alice skips the second session: her feed lists the others alone.
	if _, err := db.LeaveSession(ctx, w.ID, ss[1].ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	evs, err = db.CalendarEvents(ctx, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].ID != ss[0].ID || evs[1].ID != ss[2].ID || evs[0].SeriesID != 0 {
		t.Errorf("Alice's feed after skipping one = %+v", evs)
	}
}

// A database from before per-session seats: a series workshop's line
// becomes whole-series members waiting in each session to come, in the
// order they queued; nothing else moves.
func TestMigrateSessionMembers(t *testing.T) {
	ctx := t.Context()
	file := filepath.Join(t.TempDir(), "old.db")
	old := openAt(t, file, 27)
	seed := func(q string, args ...any) {
		t.Helper()
		if _, err := old.write.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().Unix()
	for i, name := range []string{"Hôte", "Alice", "Bob", "Chloé"} {
		seed(`INSERT INTO members (id, display_name, created_at) VALUES (?, ?, ?)`, i+1, name, now)
	}
	seed(`INSERT INTO workshops (id, title, description, host_id, capacity, status, created_at, updated_at) VALUES (1, 'Lecture', '', 1, 1, 'open', ?1, ?1)`, now)
	seed(`INSERT INTO workshops (id, title, description, host_id, capacity, status, created_at, updated_at) VALUES (2, 'Simple', '', 1, 1, 'open', ?1, ?1)`, now)
	seed(`INSERT INTO series (id, workshop_id, freq, interval_n, weekday, nth, hour, minute, zone, first_at, count, duration_min, place, generated_until, created_at)
		VALUES (1, 1, 'weekly', 1, 2, 0, 18, 0, 'Europe/Paris', ?1, 2, 60, '', ?1, ?1)`, now+86400)
	for k, at := range []int64{now - 86400, now + 86400, now + 8*86400} {
		seed(`INSERT INTO sessions (id, workshop_id, starts_at, duration_min, place, series_id, occurrence, created_at) VALUES (?1, 1, ?2, 60, '', 1, ?2, ?3)`, k+1, at, now)
	}
	seed(`INSERT INTO sessions (id, workshop_id, starts_at, duration_min, place, created_at) VALUES (4, 2, ?1, 60, '', ?1)`, now+86400)
	for i, p := range []struct {
		w, m  int
		state string
	}{{1, 2, "joined"}, {1, 3, "waitlisted"}, {1, 4, "waitlisted"}, {2, 2, "joined"}, {2, 3, "waitlisted"}} {
		seed(`INSERT INTO participants (id, workshop_id, member_id, state, joined_at) VALUES (?, ?, ?, ?, ?)`, i+1, p.w, p.m, p.state, now)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		w, m int64
		want map[int64]string
	}{
		{1, 2, map[int64]string{2: StateJoined, 3: StateJoined}},
		{1, 3, map[int64]string{2: "waitlisted1", 3: "waitlisted1"}},
		{1, 4, map[int64]string{2: "waitlisted2", 3: "waitlisted2"}},
		{2, 3, map[int64]string{4: "waitlisted"}},
	} {
		ps, err := db.SessionPlaces(ctx, c.w, c.m)
		if err != nil {
			t.Fatal(err)
		}
		if got := places(ps); !reflect.DeepEqual(got, c.want) {
			t.Errorf("workshop %d member %d: %v, want %v", c.w, c.m, got, c.want)
		}
	}
	// The workshop without a series keeps its line as it was.
	simple, err := db.Workshop(ctx, 2)
	if err != nil || simple.Joined != 1 || len(simple.Waitlist) != 1 || len(simple.SessionMembers) != 0 {
		t.Errorf("workshop 2 = %+v, %v", simple, err)
	}
	// Alice leaves the series: Bob, first in each line, gets both seats.
	lr, err := db.Leave(ctx, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(lr.Promoted) != 2 || lr.Promoted[0].MemberID != 3 || lr.Promoted[1].MemberID != 3 {
		t.Errorf("promoted %+v", lr.Promoted)
	}
}

// The figures count who sat in each session held: a one-session member in
// theirs, a member of the series in every session but the one they left.
func TestStatsCountSessionSeats(t *testing.T) {
	db, ss, _, _ := bobInAlicesPlace(t)
	ctx := t.Context()
	after := ss[2].End().Add(time.Hour)
	setNow(db, after)
	st, err := db.CommunityStats(ctx, testNow, after)
	if err != nil {
		t.Fatal(err)
	}
	// Alice in the first and third, Bob in the second.
	if st.SessionsHeld != 3 || st.Participations != 3 || st.UniqueParticipants != 2 {
		t.Errorf("stats: %d sessions, %d participations, %d members", st.SessionsHeld, st.Participations, st.UniqueParticipants)
	}
}

// A member's own sessions (their home) and the sessions that ask for
// feedback follow the seats: a one-session member has theirs, a member of
// the series not the one they left.
func TestMemberSessionsAndFeedbackFollowSeats(t *testing.T) {
	db, ss, alice, bob := bobInAlicesPlace(t)
	ctx := t.Context()
	sessionsOf := func(m Member) []int64 {
		t.Helper()
		ms, err := db.MemberSessions(ctx, m.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, s := range ms {
			ids = append(ids, s.ID)
		}
		return ids
	}
	if got := sessionsOf(alice); !reflect.DeepEqual(got, []int64{ss[0].ID, ss[2].ID}) {
		t.Errorf("Alice's sessions %v", got)
	}
	if got := sessionsOf(bob); !reflect.DeepEqual(got, []int64{ss[1].ID}) {
		t.Errorf("Bob's sessions %v", got)
	}
	ended, err := db.EndedSessions(ctx, testNow, ss[2].End())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range ended {
		got = append(got, fmt.Sprintf("%d:%d", a.Session.ID, a.MemberID))
	}
	want := []string{fmt.Sprintf("%d:%d", ss[0].ID, alice.ID), fmt.Sprintf("%d:%d", ss[1].ID, bob.ID), fmt.Sprintf("%d:%d", ss[2].ID, alice.ID)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ended sessions %v, want %v", got, want)
	}
}

// A member of one session of a series is in the workshop: not told it
// matches their interests.
func TestOneSessionMemberIsInTheWorkshop(t *testing.T) {
	db, ss, _, bob := bobInAlicesPlace(t)
	ctx := t.Context()
	if _, err := db.AddInterests(ctx, bob.ID, []string{"gis"}); err != nil {
		t.Fatal(err)
	}
	n, err := db.MatchInterests(ctx, MatchEvent{Kind: KindWorkshop, ID: ss[1].WorkshopID, AuthorID: 999, Tags: []string{"gis"}})
	if err != nil || n != 0 {
		t.Errorf("Bob told of the workshop he sits in: %d, %v", n, err)
	}
}

// A cancelled workshop is said to its members of one session too, once
// each, and their reminders go.
func TestCancelWorkshopTellsSessionMembers(t *testing.T) {
	db, ss, alice, bob := bobInAlicesPlace(t)
	db.Reminders = ReminderPolicy{Offsets: []time.Duration{time.Hour}}
	ctx := t.Context()
	if _, err := db.JoinSession(ctx, ss[0].WorkshopID, ss[2].ID, bob.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CancelWorkshop(ctx, ss[0].WorkshopID); err != nil {
		t.Fatal(err)
	}
	for _, m := range []Member{alice, bob} {
		ids, err := db.readInt64s(ctx, `SELECT workshop_id FROM outbox WHERE member_id = ? AND kind = 'workshop_cancelled'`, m.ID)
		if err != nil || len(ids) != 1 {
			t.Errorf("%s told %v times, %v", m.DisplayName, ids, err)
		}
		if got := remindedSessions(t, db, m.ID); got != nil {
			t.Errorf("%s keeps reminders %v", m.DisplayName, got)
		}
	}
}

// Two accounts of one person joined: in each session the kept member
// stands where the better of the two stood, and nobody else's place moves.
func TestLinkMergesSessionPlaces(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	host := mustMember(t, db, "U0", "Hôte")
	a := mustResolve(t, db, slack("U1"), "Alice")
	d := mustResolve(t, db, discord("D1"), "Alice D")
	bob := mustMember(t, db, "U2", "Bob")
	w, ss := seriesWorkshop(t, db, host.ID, 1)
	s1, s2, s3 := ss[0].ID, ss[1].ID, ss[2].ID
	// Alice sits in the whole series; her Discord account waits for the
	// second session, Bob for the first.
	if _, err := db.Join(ctx, w.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := db.JoinSession(ctx, w.ID, s2, d.ID); err != nil || r.State != StateWaitlisted {
		t.Fatalf("Alice D waits for session 2: %+v, %v", r, err)
	}
	if r, err := db.JoinSession(ctx, w.ID, s1, bob.ID); err != nil || r.State != StateWaitlisted {
		t.Fatalf("Bob waits for session 1: %+v, %v", r, err)
	}
	code, _, err := db.NewLinkCode(ctx, a.ID, "slack")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Link(ctx, d.ID, code); err != nil {
		t.Fatal(err)
	}
	ps, err := db.SessionPlaces(ctx, w.ID, a.ID)
	if err != nil || !reflect.DeepEqual(places(ps), map[int64]string{s1: StateJoined, s2: StateJoined, s3: StateJoined}) {
		t.Errorf("Alice's places after the link = %v, %v", places(ps), err)
	}
	if ps, err := db.SessionPlaces(ctx, w.ID, bob.ID); err != nil || !reflect.DeepEqual(places(ps), map[int64]string{s1: "waitlisted1"}) {
		t.Errorf("Bob's places = %v, %v", places(ps), err)
	}
	counts, err := db.SessionCounts(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		if counts[s.ID].Seated != 1 {
			t.Errorf("session %d seats %+v", s.ID, counts[s.ID])
		}
	}
}
