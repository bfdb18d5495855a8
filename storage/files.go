package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// privateFile is the mode of everything that holds members' data: the
// database, its write-ahead log and shared memory, backups. SQLite gives
// the -wal and -shm files the database file's mode, so creating the
// database 0600 before SQLite does keeps all three private whatever the
// umask.
const privateFile fs.FileMode = 0o600

// prepareFiles creates the database file (0600) when it is missing, and
// tightens an existing database, WAL or shared-memory
// file that others could read. It returns the files it tightened, for the
// log, and a warning when the directory is open to others (it may be the
// operator's working directory: the bot does not change its mode).
func prepareFiles(path string) (tightened []string, dirWarning string, err error) {
	// A missing directory is a mistake in database.path, not something to
	// create silently.
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err == nil && st.Mode().Perm()&0o077 != 0 {
		dirWarning = fmt.Sprintf("%s is %#o: others can list it; 0700 keeps the database's name and size private", dir, st.Mode().Perm())
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDONLY, privateFile)
	if err != nil {
		return nil, dirWarning, fmt.Errorf("storage: create %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return tightened, dirWarning, fmt.Errorf("storage: %w", err)
		}
		if st.Mode().Perm()&^privateFile != 0 {
			if err := os.Chmod(p, privateFile); err != nil {
				return tightened, dirWarning, fmt.Errorf("storage: tighten %s: %w", p, err)
			}
			tightened = append(tightened, p)
		}
	}
	return tightened, dirWarning, nil
}

// createPrivate makes an empty file at path, 0600, failing if it exists:
// VACUUM INTO then fills it and keeps its mode.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, privateFile)
	if err != nil {
		return err
	}
	return f.Close()
}
