package console

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// TestAttachedFiles: a reply's files are saved under FilesDir, never over
// an existing file, and short text files are printed too.
func TestAttachedFiles(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "atelier.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	r := commands.NewRouter(db, commands.Config{
		IsStaff: func(platform, user string) bool { return user == "admin" },
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	dir := t.TempDir()
	var out bytes.Buffer
	in := strings.NewReader("/me org CNRS\n/atelier export\n/atelier export\n/atelier stats csv 30d\n")
	if err := Run(ctx, r, in, &out, Options{User: "alice", FilesDir: dir}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"Here is everything the community holds about you: atelier-my-data-2026-11-27.json (only you see this).\n📎 atelier-my-data-2026-11-27.json (",
		" bytes) saved to " + filepath.Join(dir, "atelier-my-data-2026-11-27.json") + "\n",
		" bytes) saved to " + filepath.Join(dir, "atelier-my-data-2026-11-27-2.json") + "\n",
		"Only staff can do that.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "atelier-my-data-2026-11-27.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e storage.Export
	if err := json.Unmarshal(data, &e); err != nil || e.Profile.DisplayName != "alice" || e.Profile.Organisation != "CNRS" {
		t.Errorf("saved export = %+v, %v", e.Profile, err)
	}
	if fi, err := os.Stat(filepath.Join(dir, "atelier-my-data-2026-11-27.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode = %v, %v; want 0600, only its reader's", fi.Mode(), err)
	}

	// A short CSV is printed as well as saved.
	out.Reset()
	in = strings.NewReader("/atelier stats csv 30d\n")
	if err := Run(ctx, r, in, &out, Options{User: "admin", FilesDir: dir}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, " bytes) saved to "+filepath.Join(dir, "atelier-stats-2026-10-28-2026-11-27.csv")+"\nsection,name,value\nperiod,from,") {
		t.Errorf("stats csv output:\n%s", got)
	}
	// A name with a path in it stays inside FilesDir.
	c := New(r, &out, Options{FilesDir: dir})
	c.attach(commands.File{Name: "../../etc/passwd", Data: []byte("x")})
	if _, err := os.Stat(filepath.Join(dir, "passwd")); err != nil {
		t.Errorf("file with a path: %v", err)
	}
}
