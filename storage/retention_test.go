package storage

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// seedRetention writes the hand-checked history of TestRetention:
//
//	cohort 2025-01-01, checked 2026-01-01, participants = 2 sessions or more
//	IGN  participants:     p1…p5, p5 moves to CNRS on 2025-06-01 → 5 members, 4 kept
//	IGN  non-participants: n1 (1 session only), n2 leaves on 2025-09-01 → 2 members, 1 kept
//	CNRS non-participants: c1…c6, c4…c6 move to Inria in 2025 → 6 members, 3 kept
//	late joins CNRS on 2025-03-01: not in the 2025 cohort
//	quiet: with IGN since 2024, no session ever: kept, inactivity is not leaving
func seedRetention(t *testing.T, db *DB) {
	ctx := t.Context()
	setNow(db, day(2024, 12, 1))
	host := mustMember(t, db, "H", "Host")
	w := mustWorkshop(t, db, host.ID, "Causal", 0)
	mustSession(t, db, w.ID, day(2025, 2, 1), time.Hour)
	mustSession(t, db, w.ID, day(2025, 3, 1), time.Hour)
	w2 := mustWorkshop(t, db, host.ID, "Once", 0)
	mustSession(t, db, w2.ID, day(2025, 4, 1), time.Hour)
	// Sessions outside the year do not count.
	w3 := mustWorkshop(t, db, host.ID, "Later", 0)
	mustSession(t, db, w3.ID, day(2026, 2, 1), time.Hour)
	mustSession(t, db, w3.ID, day(2026, 3, 1), time.Hour)
	var rows []OrgStart
	member := func(id, org string, since time.Time) int64 {
		m := mustMember(t, db, id, id)
		rows = append(rows, OrgStart{MemberID: m.ID, Organisation: org, Since: since})
		return m.ID
	}
	move := func(id int64, org string, since time.Time) {
		rows = append(rows, OrgStart{MemberID: id, Organisation: org, Since: since})
	}
	join := func(wid, mid int64) {
		if _, err := db.Join(ctx, wid, mid); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 5; i++ {
		id := member(fmt.Sprintf("p%d", i), "IGN", day(2023, 5, i))
		join(w.ID, id)
		if i == 5 {
			move(id, "CNRS", day(2025, 6, 1))
		}
	}
	n1 := member("n1", "IGN", day(2024, 1, 1))
	join(w2.ID, n1)
	n2 := member("n2", "IGN", day(2024, 1, 1))
	move(n2, "Ailleurs", day(2025, 9, 1))
	for i := 1; i <= 6; i++ {
		id := member(fmt.Sprintf("c%d", i), "CNRS", day(2022, 1, i))
		if i >= 4 {
			move(id, "Inria", day(2025, time.Month(i), 1))
		}
	}
	late := member("late", "CNRS", day(2025, 3, 1))
	join(w.ID, late)
	member("quiet", "IGN", day(2024, 6, 1))
	join(w3.ID, n1) // n1's later sessions fall after the year
	if err := db.ImportOrgStarts(ctx, rows); err != nil {
		t.Fatal(err)
	}
	setNow(db, day(2026, 2, 15))
}

func TestRetention(t *testing.T) {
	db := MustOpenDB(t)
	seedRetention(t, db)
	r, err := db.RetentionAt(t.Context(), day(2025, 1, 1), day(2026, 1, 1), 2)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(r.Rows)
	// By hand, from the comment of seedRetention; quiet is a kept IGN
	// non-participant.
	want := "[{CNRS {0 0} {6 3}} {IGN {5 4} {3 2}}]"
	if got != want {
		t.Errorf("retention = %s, want %s", got, want)
	}
	// The current organisation follows the latest imported row.
	p5 := mustMember(t, db, "p5", "p5")
	m, err := db.Member(t.Context(), p5.ID)
	if err != nil || m.Organisation != "CNRS" {
		t.Errorf("p5: %q %v", m.Organisation, err)
	}
	// Before anyone's history starts, nobody is in a cohort.
	if r, _ := db.RetentionAt(t.Context(), day(2020, 1, 1), day(2021, 1, 1), 2); len(r.Rows) != 0 {
		t.Errorf("2020: %v", r.Rows)
	}
}

// /me org dates the change; the same organisation again adds nothing.
func TestOrgHistoryFromProfile(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	a := mustMember(t, db, "U1", "Alice")
	for i, org := range []string{"IGN", "IGN", "CNRS"} {
		setNow(db, testNow.Add(time.Duration(i)*24*time.Hour))
		if _, err := db.UpdateMember(ctx, a.ID, MemberUpdate{Organisation: &org}); err != nil {
			t.Fatal(err)
		}
	}
	h, err := db.OrgHistory(ctx, a.ID)
	if err != nil || len(h) != 2 || h[0].Organisation != "IGN" || h[1].Organisation != "CNRS" || !h[1].Since.Equal(testNow.Add(48*time.Hour)) {
		t.Errorf("history = %+v, %v", h, err)
	}
}

// BenchmarkRetention: 10,000 members over 5 years, each with one to three
// organisation rows, and 600 workshops of 4 sessions with 20 participants.
func BenchmarkRetention(b *testing.B) {
	db := MustOpenDB(b)
	ctx := context.Background()
	start := day(2021, 1, 1)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	exec := func(q string, args ...any) {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	const members = 10000
	for i := 1; i <= members; i++ {
		exec(`INSERT INTO members (id, display_name, organisation, created_at) VALUES (?, ?, '', 0)`, i, fmt.Sprint("m", i))
		org := fmt.Sprint("org", i%60)
		exec(`INSERT INTO member_orgs (member_id, since, organisation, source, created_at) VALUES (?, ?, ?, 'import', 0)`, i, unix(start.AddDate(0, 0, -i%700)), org)
		for k := 1; k <= i%3; k++ {
			exec(`INSERT INTO member_orgs (member_id, since, organisation, source, created_at) VALUES (?, ?, ?, 'import', 0)`,
				i, unix(start.AddDate(0, 0, (i*7+k*300)%1800)), fmt.Sprint("org", (i+k)%60))
		}
	}
	for w := 1; w <= 600; w++ {
		exec(`INSERT INTO workshops (id, host_id, title, capacity, status, created_at, updated_at) VALUES (?, 1, 'w', 0, 'open', 0, 0)`, w)
		for s := 0; s < 4; s++ {
			exec(`INSERT INTO sessions (workshop_id, starts_at, duration_min, created_at) VALUES (?, ?, 60, 0)`, w, unix(start.AddDate(0, 0, w*3+s*7)))
		}
		for p := 0; p < 20; p++ {
			exec(`INSERT OR IGNORE INTO participants (workshop_id, member_id, state, joined_at) VALUES (?, ?, 'joined', 0)`, w, (w*37+p*101)%members+1)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	setNow(db, day(2026, 6, 1))
	from, to := day(2024, 1, 1), day(2025, 1, 1)
	r, err := db.RetentionAt(ctx, from, to, 2)
	if err != nil || len(r.Rows) == 0 {
		b.Fatalf("%v %v", r.Rows, err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.RetentionAt(ctx, from, to, 2); err != nil {
			b.Fatal(err)
		}
	}
}
