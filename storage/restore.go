package storage

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Restore replaces the database at path with the backup at from. The
// caller makes sure no process has the database open (the bot holds a lock
// file while it runs). The backup is checked first (a SQLite file with our
// migrations table that passes integrity_check), copied beside path and
// renamed over it, so a failure halfway leaves the old database in place.
func Restore(ctx context.Context, from, path string) error {
	if err := checkBackup(ctx, from); err != nil {
		return err
	}
	src, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("storage: restore: %w", err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".restore-*")
	if err != nil {
		return fmt.Errorf("storage: restore: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return fmt.Errorf("storage: restore: copy: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("storage: restore: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("storage: restore: %w", err)
	}
	// The old write-ahead log belongs to the old file: replayed over the
	// restored one it would corrupt it.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("storage: restore: %w", err)
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("storage: restore: %w", err)
	}
	return nil
}

func checkBackup(ctx context.Context, from string) error {
	if _, err := os.Stat(from); err != nil {
		return fmt.Errorf("storage: restore: %w", err)
	}
	db, err := sql.Open("sqlite3", "file:"+from+"?mode=ro")
	if err != nil {
		return fmt.Errorf("storage: restore: %w", err)
	}
	defer db.Close()
	var version int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return fmt.Errorf("storage: restore: %s is not an atelier database: %w", from, err)
	}
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		return fmt.Errorf("storage: restore: %s fails its integrity check: %v %s", from, err, check)
	}
	return nil
}
