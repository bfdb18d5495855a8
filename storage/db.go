// Package storage keeps atelier's state in SQLite: raw SQL, one file per
// entity, embedded numbered migrations, domain errors with codes.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the database. Writes go through one connection with immediate
// transactions, so writers queue in Go instead of failing with SQLITE_BUSY
// on a lock upgrade; reads use a pool that WAL lets run beside the writer.
type DB struct {
	path  string
	write *sql.DB
	read  *sql.DB

	// Now is the clock; tests replace it to move time.
	Now func() time.Time

	// Reminders says when session reminders are due (set before use).
	Reminders ReminderPolicy
	// Jobs bounds the jobs board and Matching says how members hear of new
	// things on their interests (set before use; zero values are defaults).
	Jobs     JobPolicy
	Matching MatchPolicy
	// OnWake, when set, is called after a transaction that queued a
	// notification or changed an announcement, to wake the scheduler. It
	// must not block.
	OnWake func()

	// members caches ResolveMember, the one query every interaction makes.
	// Only this process writes the file (restore refuses while it runs),
	// so dropping the cache on every member write keeps it exact.
	membersMu sync.Mutex
	members   map[Identity]Member
}

// Open opens (creating if needed) the database at path and migrates it.
func Open(ctx context.Context, path string) (*DB, error) {
	db := &DB{path: path, Now: time.Now, members: map[Identity]Member{}}
	var err error
	if db.write, err = sql.Open(driverName, dsn(path, "immediate", false)); err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetConnMaxIdleTime(0)
	db.write.SetConnMaxLifetime(0)
	if db.read, err = sql.Open(driverName, dsn(path, "deferred", true)); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	db.read.SetMaxOpenConns(4)
	db.read.SetMaxIdleConns(4)
	db.read.SetConnMaxIdleTime(0)
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func dsn(path, txlock string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", txlock)
	// Each connection keeps its prepared statements: preparing costs as
	// much as running the short queries the bot makes.
	q.Set("_stmt_cache_size", "128")
	if readOnly {
		q.Set("_query_only", "true")
	}
	return "file:" + path + "?" + q.Encode()
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Version is the number of the last migration applied.
func (db *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("storage: version: %w", err)
	}
	return v, nil
}

type migration struct {
	version int
	name    string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("storage: migration %s: name must start with a number", base)
		}
		ms = append(ms, migration{version: n, name: name})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies, each in its own transaction, the migrations not yet
// recorded; upTo (0 = all) lets tests build a database at an older version.
func (db *DB) migrate(ctx context.Context) error { return db.migrateTo(ctx, 0) }

func (db *DB) migrateTo(ctx context.Context, upTo int) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("storage: migrations table: %w", err)
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if upTo > 0 && m.version > upTo {
			break
		}
		if err := db.applyMigration(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
		return fmt.Errorf("storage: migration %s: %w", m.name, err)
	}
	if n > 0 {
		return nil
	}
	body, err := migrationFS.ReadFile(m.name)
	if err != nil {
		return fmt.Errorf("storage: migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("storage: migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, db.Now().UTC().Unix()); err != nil {
		return fmt.Errorf("storage: migration %s: %w", m.name, err)
	}
	return tx.Commit()
}

// Tx is a write transaction with the instant it started, so every row it
// writes carries the same time.
type Tx struct {
	*sql.Tx
	now time.Time
	// wake says the transaction queued notifications or changed
	// announcements: the scheduler is told after the commit.
	wake bool
}

// update runs fn in one immediate write transaction.
func (db *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, now: db.Now().UTC()}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return constraintError(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: commit: %w", err)
	}
	if tx.wake && db.OnWake != nil {
		db.OnWake()
	}
	return nil
}

// view runs fn in one read transaction, so what it reads is one snapshot.
func (db *DB) view(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("storage: begin read: %w", err)
	}
	tx := &Tx{Tx: sqlTx, now: db.Now().UTC()}
	defer tx.Rollback()
	return constraintError(fn(tx))
}

// constraintError turns SQLite constraint failures that slipped past the
// checks into domain conflicts, so no raw SQL error reaches a user.
func constraintError(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
		return &Error{Code: ECONFLICT, Reason: "constraint", Message: err.Error()}
	}
	return err
}

// Backup writes a consistent copy of the live database to path, which must
// not exist. VACUUM INTO reads one snapshot, so writers keep going.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("storage: backup to %s: %w", path, err)
	}
	return nil
}

// Counts returns the number of rows of every table, for tests and health
// checks that prove a refused command wrote nothing.
func (db *DB) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("storage: counts: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("storage: counts: %w", err)
		}
		names = append(names, n)
	}
	rows.Close()
	out := make(map[string]int, len(names))
	for _, n := range names {
		var c int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+n+`"`).Scan(&c); err != nil {
			return nil, fmt.Errorf("storage: counts %s: %w", n, err)
		}
		out[n] = c
	}
	return out, nil
}

func unix(t time.Time) int64 { return t.UTC().Unix() }

func fromUnix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func nullTime(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromUnix(n.Int64)
}

// limitClause writes a LIMIT as a literal, so the planner sees the limit
// (it also kept statements from being re-prepared before qpsg.go; limits
// are few, so each gets one cached statement).
func limitClause(n int) string {
	return " LIMIT " + strconv.Itoa(max(n, 0))
}
