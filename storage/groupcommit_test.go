package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// batchOf holds the writer with one blocked write, queues fns behind it,
// and releases it once all are queued, so they run as one batch. It
// returns each fn's error and panic, in order.
func batchOf(t *testing.T, db *DB, ctxs []context.Context, fns ...func(tx *Tx) error) ([]error, []any) {
	t.Helper()
	release := make(chan struct{})
	holding := make(chan struct{})
	var hold sync.WaitGroup
	hold.Go(func() {
		db.update(context.Background(), func(tx *Tx) error {
			close(holding)
			<-release
			return nil
		})
	})
	<-holding
	errs := make([]error, len(fns))
	panics := make([]any, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		ctx := context.Background()
		if ctxs != nil {
			ctx = ctxs[i]
		}
		wg.Go(func() {
			defer func() { panics[i] = recover() }()
			errs[i] = db.update(ctx, fn)
		})
		// Queue in order: the batch runs them in queue order.
		waitQueued(t, db, i+1)
	}
	close(release)
	wg.Wait()
	hold.Wait()
	return errs, panics
}

func waitQueued(t *testing.T, db *DB, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Microsecond) {
		db.writeMu.Lock()
		q := len(db.writeQueue)
		db.writeMu.Unlock()
		if q >= n {
			return
		}
	}
	t.Fatalf("%d writes never queued", n)
}

func insertMember(name string) func(tx *Tx) error {
	return func(tx *Tx) error {
		_, err := tx.ExecContext(context.Background(), `INSERT INTO members (display_name, created_at) VALUES (?, 0)`, name)
		return err
	}
}

func namesInTable(t *testing.T, db *DB) string {
	t.Helper()
	rows, err := db.read.Query(`SELECT display_name FROM members ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	return strings.Join(names, ",")
}

func TestGroupCommitFailureRollsBackOnlyItsOwnWrite(t *testing.T) {
	db := MustOpenDB(t)
	var seen string
	errs, panics := batchOf(t, db, nil,
		insertMember("a"),
		func(tx *Tx) error {
			if err := insertMember("b")(tx); err != nil {
				return err
			}
			return Errorf(ECONFLICT, "test", "b changes its mind")
		},
		func(tx *Tx) error {
			// Reads in a batch see the writes before them, never a
			// rolled-back one.
			if err := tx.QueryRowContext(context.Background(), `SELECT group_concat(display_name) FROM members`).Scan(&seen); err != nil {
				return err
			}
			return insertMember("c")(tx)
		},
		func(tx *Tx) error {
			_, err := tx.ExecContext(context.Background(), `INSERT INTO members (display_name, role, created_at) VALUES ('d', 'nobody', 0)`)
			return err
		},
		insertMember("e"),
	)
	if errs[0] != nil || errs[2] != nil || errs[4] != nil {
		t.Fatalf("innocent writes failed: %v", errs)
	}
	if ErrorCode(errs[1]) != ECONFLICT || ErrorCode(errs[3]) != ECONFLICT {
		t.Fatalf("failing writes: %v, %v; want conflicts", errs[1], errs[3])
	}
	if panics[0] != nil {
		t.Fatal(panics)
	}
	if seen != "a" {
		t.Errorf("third write saw %q, want a", seen)
	}
	if got := namesInTable(t, db); got != "a,c,e" {
		t.Errorf("members = %q, want a,c,e", got)
	}
}

func TestGroupCommitPanicReachesItsCallerOnly(t *testing.T) {
	db := MustOpenDB(t)
	errs, panics := batchOf(t, db, nil,
		insertMember("a"),
		func(tx *Tx) error {
			insertMember("b")(tx)
			panic("boom")
		},
		insertMember("c"),
	)
	if errs[0] != nil || errs[2] != nil || panics[0] != nil || panics[2] != nil {
		t.Fatalf("errs %v panics %v", errs, panics)
	}
	if p := fmt.Sprint(panics[1]); !strings.HasPrefix(p, "boom") || !strings.Contains(p, "groupcommit_test.go") {
		t.Errorf("panic = %.200q, want boom with the fn's stack", p)
	}
	if got := namesInTable(t, db); got != "a,c" {
		t.Errorf("members = %q, want a,c", got)
	}
}

func TestGroupCommitCancelledCallerIsNotRun(t *testing.T) {
	db := MustOpenDB(t)
	gone, cancel := context.WithCancel(context.Background())
	bg := context.Background()
	ran := false
	errs, _ := batchOf(t, db, []context.Context{bg, gone, bg},
		func(tx *Tx) error {
			// The second caller gives up while its write waits in the
			// queue: it must not be written behind its back.
			cancel()
			return insertMember("a")(tx)
		},
		func(tx *Tx) error { ran = true; return insertMember("b")(tx) },
		insertMember("c"),
	)
	if ran || !errors.Is(errs[1], context.Canceled) {
		t.Errorf("cancelled write ran=%v err=%v, want not run and context.Canceled", ran, errs[1])
	}
	if errs[0] != nil || errs[2] != nil {
		t.Errorf("errs = %v", errs)
	}
	if got := namesInTable(t, db); got != "a,c" {
		t.Errorf("members = %q, want a,c", got)
	}
}

func TestGroupCommitLostTransactionFailsTheWritesBeforeAndRetriesTheRest(t *testing.T) {
	db := MustOpenDB(t)
	errs, _ := batchOf(t, db, nil,
		insertMember("a"),
		func(tx *Tx) error {
			// What an interrupt or an I/O error does inside SQLite: the
			// whole transaction is gone.
			if _, err := tx.ExecContext(context.Background(), `ROLLBACK`); err != nil {
				return err
			}
			return errors.New("disk on fire")
		},
		insertMember("c"),
	)
	if errs[0] == nil || !strings.Contains(errs[0].Error(), "write batch lost") {
		t.Errorf("write before the loss: %v, want batch lost", errs[0])
	}
	if errs[1] == nil || errs[2] != nil {
		t.Errorf("errs = %v, want the failing one to fail and the next to land", errs)
	}
	if got := namesInTable(t, db); got != "c" {
		t.Errorf("members = %q, want c only: a was reported failed", got)
	}
}

func TestGroupCommitManyWritersAllLand(t *testing.T) {
	db := MustOpenDB(t)
	const n = 300
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = db.update(context.Background(), insertMember(fmt.Sprint(i))) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	var count int
	db.read.QueryRow(`SELECT COUNT(*) FROM members`).Scan(&count)
	if count != n {
		t.Errorf("%d members, want %d", count, n)
	}
}
