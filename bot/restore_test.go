package bot

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/atelier-bot/atelier/storage"
)

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestRestore(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "atelier.yaml")
	runScript(t, dir, ":as alice\n/problem post Kept by the backup #ops\n")
	backup := filepath.Join(dir, "backup.db")
	if out, err := runCmd(t, "-config", cfg, "backup", backup); err != nil {
		t.Fatalf("backup: %v %s", err, out)
	}
	runScript(t, dir, ":as alice\n/problem post Lost by the restore #ops\n")

	// Refused while the bot runs: the running bot holds the lock.
	release, err := lockDatabase(filepath.Join(dir, "atelier.db"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, "-config", cfg, "restore", backup)
	if err == nil || !strings.Contains(err.Error(), "database locked") {
		t.Fatalf("restore under a running bot: %v %s", err, out)
	}
	// A second bot on the same file is refused too.
	if _, err := runCmd(t, "-config", cfg); err == nil || !strings.Contains(err.Error(), "database locked") {
		t.Fatalf("second bot: %v", err)
	}
	release()

	// Not a database: refused, the live one untouched.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not sqlite"), 0o600)
	if _, err := runCmd(t, "-config", cfg, "restore", junk); err == nil {
		t.Fatal("restored junk")
	}
	if n := problemCount(t, filepath.Join(dir, "atelier.db")); n != 2 {
		t.Fatalf("after refused restore: %d problems", n)
	}

	out, err = runCmd(t, "-config", cfg, "restore", backup)
	if err != nil || !strings.Contains(out, "restored") {
		t.Fatalf("restore: %v %s", err, out)
	}
	if n := problemCount(t, filepath.Join(dir, "atelier.db")); n != 1 {
		t.Fatalf("after restore: %d problems, want 1", n)
	}
	// The restored database still searches and takes new posts.
	out2, _ := runScript(t, dir, "/problem search kept\n/problem post After restore\n")
	if !strings.Contains(out2, "#1 Kept by the backup") || !strings.Contains(out2, "Problem #2 posted") {
		t.Errorf("after restore:\n%s", out2)
	}
}

func problemCount(t *testing.T, path string) int {
	t.Helper()
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c["problems"]
}

// A backup taken while a writer inserts opens cleanly and holds a prefix of
// the writes: problems 1..n with no gap.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(dir, "atelier.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, err := db.ResolveMember(ctx, storage.Identity{Platform: "console", Workspace: "local", UserID: "w"}, "w", false, "")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var written atomic.Int64
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := db.CreateProblem(ctx, &storage.Problem{AuthorID: m.ID, Title: fmt.Sprintf("p%d", i)}); err != nil {
				t.Error(err)
				return
			}
			written.Store(int64(i))
		}
	}()
	for written.Load() < 50 {
		runtime.Gosched()
	}
	for i := range 3 {
		path := filepath.Join(dir, fmt.Sprintf("b%d.db", i))
		if err := db.Backup(ctx, path); err != nil {
			t.Fatal(err)
		}
		b, err := storage.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := b.ListProblems(ctx, storage.ProblemFilter{Limit: 1000000})
		b.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) < 50 {
			t.Fatalf("backup %d holds %d problems, want at least the 50 written before it", i, len(ps))
		}
		for j, p := range ps {
			if want := int64(len(ps) - j); p.ID != want || p.Title != fmt.Sprintf("p%d", want) {
				t.Fatalf("backup %d: row %d is #%d %q, want #%d: not a prefix", i, j, p.ID, p.Title, want)
			}
		}
	}
	close(stop)
	wg.Wait()
}
