package storage

import (
	"path/filepath"
	"testing"
	"time"
)

// TestWaitlistPeak: the database keeps each workshop's longest line as
// members queue, and migration 7 rebuilt it for older workshops from the
// rows left.
func TestWaitlistPeak(t *testing.T) {
	ctx := t.Context()
	file := filepath.Join(t.TempDir(), "old.db")
	old := openAt(t, file, 6)
	for _, q := range []string{
		`INSERT INTO members (id, display_name, created_at) VALUES (1, 'H', 0), (2, 'A', 0), (3, 'B', 0), (4, 'C', 0), (5, 'D', 0)`,
		`INSERT INTO workshops (id, title, host_id, capacity, created_at, updated_at) VALUES (1, 'W', 1, 1, 0, 0), (2, 'V', 1, 0, 0, 0)`,
		// B queued at 20 and was promoted at 40 (A left); C queued at 30,
		// D at 50: the line was B (20), B C (30), C (40), C D (50).
		`INSERT INTO participants (id, workshop_id, member_id, state, joined_at, promoted_at) VALUES
			(2, 1, 3, 'joined', 20, 40), (3, 1, 4, 'waitlisted', 30, NULL), (4, 1, 5, 'waitlisted', 50, NULL), (5, 2, 2, 'joined', 10, NULL)`,
	} {
		if _, err := old.write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	db, err := Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	setNow(db, testNow)
	peak := func(w int64) int {
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT waitlist_peak FROM workshops WHERE id = ?`, w).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if peak(1) != 2 || peak(2) != 0 {
		t.Errorf("rebuilt peaks = %d, %d; want 2, 0", peak(1), peak(2))
	}
	// From now on the database counts: a third in line makes 3, and
	// leaving the line never lowers the peak.
	e := mustResolve(t, db, slack("E"), "E")
	if r, err := db.Join(ctx, 1, e.ID); err != nil || r.State != StateWaitlisted || r.Position != 3 {
		t.Fatalf("join = %+v, %v", r, err)
	}
	if _, err := db.Leave(ctx, 1, e.ID); err != nil {
		t.Fatal(err)
	}
	if peak(1) != 3 {
		t.Errorf("peak = %d, want 3", peak(1))
	}
	// The KPI names the workshop once it holds a session.
	setNow(db, testNow)
	s := Session{WorkshopID: 1, Start: testNow.Add(time.Hour), Duration: time.Hour}
	if err := db.AddSession(ctx, &s); err != nil {
		t.Fatal(err)
	}
	setNow(db, testNow.Add(3*time.Hour))
	st, err := db.CommunityStats(ctx, testNow.Add(-24*time.Hour), testNow.Add(3*time.Hour))
	if err != nil || st.WaitlistPeak != 3 || st.WaitlistPeakWorkshop != 1 || st.SessionsHeld != 1 || st.Participations != 1 {
		t.Errorf("stats = %+v, %v", st, err)
	}
	_, err = db.CommunityStats(ctx, testNow, testNow)
	if ErrorReason(err) != "stats_period" {
		t.Errorf("empty period: %v", err)
	}
}
