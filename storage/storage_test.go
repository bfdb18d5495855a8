package storage

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// testNow is the fixed instant every test database starts at.
var testNow = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// MustOpenDB opens a migrated database in a fresh file under tb.TempDir(),
// closes it when the test ends, and fixes its clock at testNow (move it with
// setNow).
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "atelier.db"))
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	setNow(db, testNow)
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return db
}

// setNow stops the database clock at t.
func setNow(db *DB, t time.Time) { db.Now = func() time.Time { return t } }

// slack is an identity on a test Slack workspace.
func slack(userID string) Identity {
	return Identity{Platform: "slack", Workspace: "T1", UserID: userID}
}

// mustMember resolves a non-staff member on Slack.
func mustMember(tb testing.TB, db *DB, userID, name string) Member {
	tb.Helper()
	m, err := db.ResolveMember(context.Background(), slack(userID), name, false, "")
	if err != nil {
		tb.Fatalf("resolve %s: %v", userID, err)
	}
	return m
}

// mustStaff resolves a staff member on Slack.
func mustStaff(tb testing.TB, db *DB, userID, name string) Member {
	tb.Helper()
	m, err := db.ResolveMember(context.Background(), slack(userID), name, true, "")
	if err != nil {
		tb.Fatalf("resolve staff %s: %v", userID, err)
	}
	return m
}

func mustProblem(tb testing.TB, db *DB, authorID int64, title string, tags ...string) Problem {
	tb.Helper()
	p := Problem{AuthorID: authorID, Title: title, Description: "Description of " + title, Tags: tags}
	if err := db.CreateProblem(context.Background(), &p); err != nil {
		tb.Fatalf("create problem %q: %v", title, err)
	}
	return p
}

func mustWorkshop(tb testing.TB, db *DB, hostID int64, title string, capacity int) Workshop {
	tb.Helper()
	w := Workshop{HostID: hostID, Title: title, Capacity: capacity}
	if err := db.CreateWorkshop(context.Background(), &w); err != nil {
		tb.Fatalf("create workshop %q: %v", title, err)
	}
	return w
}

func mustSession(tb testing.TB, db *DB, workshopID int64, start time.Time, d time.Duration) Session {
	tb.Helper()
	s := Session{WorkshopID: workshopID, Start: start, Duration: d, Place: "Salle 1"}
	if err := db.AddSession(context.Background(), &s); err != nil {
		tb.Fatalf("add session at %s: %v", start, err)
	}
	return s
}

func mustCounts(tb testing.TB, db *DB) map[string]int {
	tb.Helper()
	c, err := db.Counts(context.Background())
	if err != nil {
		tb.Fatalf("counts: %v", err)
	}
	return c
}

// wantCounts fails unless the row counts equal before, changed by delta,
// leaving out the tables named in ignore.
func wantCounts(tb testing.TB, db *DB, before map[string]int, delta map[string]int, ignore ...string) {
	tb.Helper()
	want := make(map[string]int, len(before))
	for k, v := range before {
		want[k] = v + delta[k]
	}
	for k := range delta {
		if _, ok := before[k]; !ok {
			tb.Fatalf("delta names unknown table %q", k)
		}
	}
	got := mustCounts(tb, db)
	for _, k := range ignore {
		delete(got, k)
		delete(want, k)
	}
	if !reflect.DeepEqual(got, want) {
		tb.Errorf("counts:\n got %v\nwant %v", got, want)
	}
}

// wantErr fails unless err is a domain error with this code and, when
// reason is not empty, this reason.
func wantErr(tb testing.TB, err error, code, reason string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("got no error, want %s/%s", code, reason)
	}
	if got := ErrorCode(err); got != code {
		tb.Fatalf("code = %q, want %q (err: %v)", got, code, err)
	}
	if reason != "" {
		if got := ErrorReason(err); got != reason {
			tb.Fatalf("reason = %q, want %q (err: %v)", got, reason, err)
		}
	}
}

func TestOpen(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)

	if !strings.HasSuffix(db.Path(), "atelier.db") {
		t.Errorf("Path = %q", db.Path())
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := ms[len(ms)-1].version; v != want {
		t.Errorf("Version = %d, want %d", v, want)
	}

	pragmas := []struct {
		pool string
		name string
		want string
	}{
		{"write", "journal_mode", "wal"},
		{"write", "foreign_keys", "1"},
		{"write", "busy_timeout", "5000"},
		{"write", "synchronous", "1"}, // NORMAL
		{"write", "query_only", "0"},
		{"read", "journal_mode", "wal"},
		{"read", "foreign_keys", "1"},
		{"read", "busy_timeout", "5000"},
		{"read", "query_only", "1"},
	}
	for _, p := range pragmas {
		pool := db.write
		if p.pool == "read" {
			pool = db.read
		}
		var got string
		if err := pool.QueryRowContext(ctx, "PRAGMA "+p.name).Scan(&got); err != nil {
			t.Fatalf("%s pragma %s: %v", p.pool, p.name, err)
		}
		if got != p.want {
			t.Errorf("%s pool: PRAGMA %s = %q, want %q", p.pool, p.name, got, p.want)
		}
	}

	// The read pool can never write, even by mistake.
	if _, err := db.read.ExecContext(ctx, `INSERT INTO members (display_name, created_at) VALUES ('x', 0)`); err == nil {
		t.Error("insert through the read pool succeeded")
	}
	if c := mustCounts(t, db)["members"]; c != 0 {
		t.Errorf("members = %d after refused insert", c)
	}
}

func TestOpenBadPath(t *testing.T) {
	_, err := Open(t.Context(), filepath.Join(t.TempDir(), "missing-dir", "atelier.db"))
	if err == nil {
		t.Fatal("Open in a missing directory succeeded")
	}
	if !strings.HasPrefix(err.Error(), "storage: ") {
		t.Errorf("error %q does not start with the package name", err)
	}
}

func TestErrorCodeAndReason(t *testing.T) {
	domain := Errorf(ECONFLICT, "capacity_below_count", "capacity %d below %d", 2, 3)
	tests := []struct {
		name       string
		err        error
		wantCode   string
		wantReason string
	}{
		{"nil", nil, "", ""},
		{"plain", errors.New("disk on fire"), EINTERNAL, ""},
		{"domain", domain, ECONFLICT, "capacity_below_count"},
		{"wrapped", fmt.Errorf("outer: %w", domain), ECONFLICT, "capacity_below_count"},
		{"joined", errors.Join(errors.New("other"), Errorf(ENOTFOUND, "member", "no member 9")), ENOTFOUND, "member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q", got, tt.wantCode)
			}
			if got := ErrorReason(tt.err); got != tt.wantReason {
				t.Errorf("ErrorReason = %q, want %q", got, tt.wantReason)
			}
		})
	}
	if got, want := domain.Error(), "storage: conflict: capacity 2 below 3"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestCounts(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)

	got := mustCounts(t, db)
	for _, table := range []string{"members", "identities", "member_interests", "problems", "problem_tags",
		"problem_interest", "problems_fts", "workshops", "workshop_tags", "participants", "sessions", "message_refs"} {
		n, ok := got[table]
		if !ok {
			t.Errorf("Counts has no %q", table)
		} else if n != 0 {
			t.Errorf("%s = %d in a new database, want 0", table, n)
		}
	}
	if got["schema_migrations"] == 0 {
		t.Error("schema_migrations = 0 in a migrated database")
	}
	for name := range got {
		if strings.HasPrefix(name, "sqlite_") || strings.HasPrefix(name, "problems_fts_") {
			t.Errorf("Counts lists internal table %q", name)
		}
	}

	m := mustMember(t, db, "U1", "Alice")
	before := mustCounts(t, db)
	w := mustWorkshop(t, db, m.ID, "Docker", 0)
	if err := db.CreateWorkshop(ctx, &Workshop{HostID: m.ID, Title: "Git", Tags: []string{"git", "vcs"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddInterests(ctx, m.ID, []string{"r"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Join(ctx, w.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, db, before, map[string]int{"workshops": 2, "workshop_tags": 2, "member_interests": 1, "participants": 1})
}

func TestBackup(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	p := mustProblem(t, db, alice.ID, "Données géographiques", "gis")
	if _, err := db.SetInterest(ctx, p.ID, bob.ID, InterestCanHelp); err != nil {
		t.Fatal(err)
	}
	w := mustWorkshop(t, db, bob.ID, "QGIS", 3)
	if _, err := db.Join(ctx, w.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	want := mustCounts(t, db)

	path := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatalf("backup: %v", err)
	}
	// The live database keeps working after the backup.
	mustMember(t, db, "U3", "Chloé")

	cp, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer cp.Close()
	setNow(cp, testNow)
	if got := mustCounts(t, cp); !reflect.DeepEqual(got, want) {
		t.Errorf("backup counts:\n got %v\nwant %v", got, want)
	}
	gotP, err := cp.Problem(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gotP.Title != "Données géographiques" || gotP.AuthorName != "Alice" || !reflect.DeepEqual(gotP.CanHelpNames, []string{"Bob"}) {
		t.Errorf("backup problem = %+v", gotP)
	}
	found, err := cp.SearchProblems(ctx, "geographiques", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].ID != p.ID {
		t.Errorf("search in backup = %v, want problem %d", found, p.ID)
	}
	gotW, err := cp.Workshop(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gotW.Joined != 1 || len(gotW.Participants) != 1 || gotW.Participants[0].Name != "Alice" {
		t.Errorf("backup workshop = %+v", gotW)
	}

	// The target must not exist: a second backup to the same file fails.
	if err := db.Backup(ctx, path); err == nil {
		t.Error("backup over an existing file succeeded")
	}
}

// TestConstraintError checks that a constraint failure that slips past the
// checks reaches the caller as a conflict, not a raw SQLite error.
func TestConstraintError(t *testing.T) {
	db := MustOpenDB(t)
	before := mustCounts(t, db)
	err := db.SaveMessageRef(t.Context(), MessageRef{Platform: "slack", Channel: "C1", MessageID: "1.2", Kind: "poll", EntityID: 1})
	wantErr(t, err, ECONFLICT, "constraint")
	wantCounts(t, db, before, nil)
}
