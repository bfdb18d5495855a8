package storage

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// withUmask runs the test under a permissive umask, as a careless service
// unit would leave it.
func withUmask(t *testing.T, mask int) {
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

func TestFilesPrivateWhateverTheUmask(t *testing.T) {
	withUmask(t, 0)
	dir := t.TempDir()
	path := filepath.Join(dir, "atelier.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.ExecContext(t.Context(), `INSERT INTO members (display_name, created_at) VALUES ('a', 0)`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s is %#o, want 0600", filepath.Base(p), m)
		}
	}
	backup := filepath.Join(dir, "b.db")
	if err := db.Backup(t.Context(), backup); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, backup); m != 0o600 {
		t.Errorf("backup is %#o, want 0600", m)
	}
	if len(db.Tightened) != 0 {
		t.Errorf("a new database reports tightened files: %v", db.Tightened)
	}
}

func TestLooseFilesTightenedAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "atelier.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if m := mode(t, path); m != 0o600 {
		t.Errorf("a 0644 database is %#o after Open, want 0600", m)
	}
	if len(db.Tightened) != 1 || db.Tightened[0] != path {
		t.Errorf("Tightened = %v, want [%s] for the log", db.Tightened, path)
	}
}

// A database a newer binary migrated is refused, and not one byte changes.
func TestNewerSchemaRefusedUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "atelier.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(t.Context(), `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), path)
	if !errors.Is(err, ErrSchemaNewer) {
		t.Fatalf("Open of a version 9999 database: %v, want ErrSchemaNewer", err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the refused database file changed")
	}
}
