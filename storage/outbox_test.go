package storage

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The claim and the next wake-up are seeks on outbox_due, never a scan of
// the table: their cost does not grow with the rows waiting.
func TestOutboxQueryPlans(t *testing.T) {
	db := MustOpenDB(t)
	seedOutbox(t, db, 2000, testNow.Add(-time.Hour), time.Second)
	for _, q := range []string{
		`SELECT id FROM outbox WHERE state = 'pending' AND due_at <= ?2 ORDER BY due_at LIMIT 100`,
		`UPDATE outbox SET state = 'sending', due_at = ?1, attempts = attempts + 1
			WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND due_at <= ?2 ORDER BY due_at LIMIT 100) RETURNING ` + noteColumns,
		`UPDATE outbox SET state = 'sending', due_at = ?1, attempts = attempts + 1
			WHERE id IN (SELECT id FROM outbox WHERE state = 'sending' AND due_at <= ?2 ORDER BY due_at LIMIT 100) RETURNING ` + noteColumns,
		`SELECT due_at FROM outbox WHERE state = 'pending' ORDER BY due_at LIMIT 1`,
	} {
		rows, err := db.write.Query(`EXPLAIN QUERY PLAN `+q, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, "\n")
		t.Logf("%s\n%s", strings.Fields(q)[0], all)
		if !strings.Contains(all, "INDEX outbox_due (state=?") {
			t.Errorf("plan does not seek outbox_due:\n%s", all)
		}
		if strings.Contains(all, "SCAN outbox") || strings.Contains(all, "TEMP B-TREE") {
			t.Errorf("plan scans or sorts:\n%s", all)
		}
	}
}

// seedOutbox writes n pending rows, due from first every step, in one
// statement.
func seedOutbox(tb testing.TB, db *DB, n int, first time.Time, step time.Duration) {
	tb.Helper()
	_, err := db.write.Exec(`WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)
		INSERT INTO outbox (key, kind, args, platform, channel, planned_at, due_at, created_at)
		SELECT 'seed:' || (SELECT COUNT(*) FROM outbox) || ':' || i, 'announcement', '{"text":"x"}', 'console', 'c',
			?2 + i * ?3, ?2 + i * ?3, ?2 FROM seq`, n, unix(first), int64(step/time.Second))
	if err != nil {
		tb.Fatal(err)
	}
}

func TestClaimLeaseAndMarks(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	seedOutbox(t, db, 5, testNow.Add(-10*time.Second), time.Second) // due -9s … -5s
	seedOutbox(t, db, 3, testNow.Add(time.Hour), time.Second)       // later
	got, err := db.ClaimDue(ctx, 3, time.Minute)
	if err != nil || len(got) != 3 {
		t.Fatalf("claim: %d, %v", len(got), err)
	}
	for i, n := range got {
		if n.State != OutboxSending || !n.DueAt.Equal(testNow.Add(time.Minute)) || n.Attempts != 1 ||
			!n.PlannedAt.Equal(testNow.Add(time.Duration(i-9)*time.Second)) {
			t.Errorf("claimed %+v", n)
		}
	}
	if err := db.MarkSent(ctx, got[0].ID, "ts1"); err != nil {
		t.Fatal(err)
	}
	// The rest of the due rows, and nothing later.
	more, err := db.ClaimDue(ctx, 10, time.Minute)
	if err != nil || len(more) != 2 {
		t.Fatalf("second claim: %d, %v", len(more), err)
	}
	if next, ok, err := db.NextDue(ctx); err != nil || !ok || !next.Equal(testNow.Add(time.Minute)) {
		t.Errorf("next due %s %v %v, want the leases' end", next, ok, err)
	}
	// A crash: the leases run out, the rows come back, the sent one not.
	setNow(db, testNow.Add(time.Minute))
	again, err := db.ClaimDue(ctx, 10, time.Minute)
	if err != nil || len(again) != 4 {
		t.Fatalf("after the lease: %d, %v", len(again), err)
	}
	if again[0].Attempts != 2 || again[0].ID != got[1].ID {
		t.Errorf("reclaimed %+v", again[0])
	}
	if err := db.Release(ctx, []int64{again[0].ID}, testNow.Add(2*time.Minute), "429"); err != nil {
		t.Fatal(err)
	}
	if err := db.Retry(ctx, again[1].ID, testNow.Add(3*time.Minute), "503"); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSkipped(ctx, again[2].ID, "too late"); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, again[3].ID, "gone"); err != nil {
		t.Fatal(err)
	}
	// A mark on a row no longer claimed changes nothing.
	if err := db.MarkSent(ctx, again[2].ID, "late"); err != nil {
		t.Fatal(err)
	}
	c, err := db.OutboxCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c[OutboxSent] != 1 || c[OutboxPending] != 5 || c[OutboxSkipped] != 1 || c[OutboxFailed] != 1 || c[OutboxSending] != 0 {
		t.Errorf("counts %v", c)
	}
	rows, _ := db.Outbox(ctx, OutboxFilter{State: OutboxPending, Limit: 2})
	if len(rows) != 2 || rows[0].ID != again[0].ID || rows[0].Attempts != 1 || rows[0].LastError != "429" || rows[1].Attempts != 2 {
		t.Errorf("pending %+v", rows)
	}
	if n, err := db.PurgeOutbox(ctx, testNow.Add(time.Hour)); err != nil || n != 3 {
		t.Errorf("purge %d %v", n, err)
	}
}

// Enqueueing a key twice is a no-op, and wakes the scheduler only once.
func TestEnqueueIdempotent(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	wakes := 0
	db.OnWake = func() { wakes++ }
	alice := mustMember(t, db, "U1", "Alice")
	n := Note{Key: "promoted:x", Kind: NotePromoted, MemberID: alice.ID, PlannedAt: testNow}
	for range 2 {
		if err := db.Enqueue(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	rows, _ := db.Outbox(ctx, OutboxFilter{})
	if len(rows) != 1 || rows[0].Key != "promoted:x:to=slack/T1/U1" || rows[0].To.UserID != "U1" || wakes != 1 {
		t.Errorf("rows %+v, wakes %d", rows, wakes)
	}
	if err := db.Enqueue(ctx, Note{Key: "x", Kind: NoteAnnouncement}); err == nil {
		t.Error("a row with no address was queued")
	}
}

// BenchmarkClaim claims batches of due rows among 1,000,000 pending ones
// (half due, half later): each claim is an index seek, whatever the size
// of the table. Run: go test -run XXX -bench Claim ./storage/
func BenchmarkClaim(b *testing.B) {
	ctx := context.Background()
	db := MustOpenDB(b)
	const total = 1_000_000
	// Due times one a second around now: 500,000 due, 500,000 to come.
	seedOutbox(b, db, total, testNow.Add(-total/2*time.Second), time.Second)
	// The seed's write-ahead log is folded into the file now, not in the
	// first timed claim.
	if _, err := db.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	b.Run("nothing-due", func(b *testing.B) {
		// The common case: the timer fired early, or another row woke it.
		setNow(db, testNow.Add(-total*time.Second))
		defer setNow(db, testNow)
		for b.Loop() {
			if ns, err := db.ClaimDue(ctx, 100, time.Minute); err != nil || len(ns) != 0 {
				b.Fatal(len(ns), err)
			}
		}
	})
	for _, batch := range []int{1, 32, 100} {
		b.Run("batch="+strconv.Itoa(batch), func(b *testing.B) {
			claimed := 0
			b.ResetTimer()
			for b.Loop() {
				ns, err := db.ClaimDue(ctx, batch, time.Minute)
				if err != nil {
					b.Fatal(err)
				}
				if len(ns) != batch {
					b.Fatalf("claimed %d", len(ns))
				}
				claimed += len(ns)
			}
			b.ReportMetric(float64(claimed)/float64(b.N), "rows/claim")
		})
	}
}
