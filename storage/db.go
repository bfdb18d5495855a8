// Package storage keeps atelier's state in SQLite: raw SQL, one file per
// entity, embedded numbered migrations, domain errors with codes.
package storage

import (
	"context"
	"crypto/cipher"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime/debug"
	"slices"
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

	// Tightened lists the files Open found open to others and made 0600;
	// DirWarning says when the database's directory is open to others.
	// The caller logs them.
	Tightened  []string
	DirWarning string

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
	membersMu  sync.Mutex
	members    map[Identity]Member
	membersGen uint64 // moves on at every forgetMembers

	// linkTries counts wrong link codes, for the lockout (link.go).
	linkTries wrongTries

	// sessionCipher makes sessions' public tokens (secrets.go).
	sessionCipher cipher.Block

	// The group commit's queue (see update).
	writeMu      sync.Mutex
	writeQueue   []*writeReq
	writeLeading bool
}

// Options tune Open. The zero value is the default.
type Options struct {
	// SynchronousFull makes every commit wait until it is on the disk
	// (SQLite's synchronous=FULL). The default, NORMAL, survives a crash
	// of the program but may lose the last commits on a power cut or an
	// OS crash (the file stays consistent): see docs/security.md.
	SynchronousFull bool
}

// Open opens (creating if needed) the database at path and migrates it.
func Open(ctx context.Context, path string, opts ...Options) (*DB, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	db := &DB{path: path, Now: time.Now, members: map[Identity]Member{}}
	var err error
	if db.Tightened, db.DirWarning, err = prepareFiles(path); err != nil {
		return nil, err
	}
	writer := dsn(path, "immediate", false)
	if o.SynchronousFull {
		writer = strings.Replace(writer, "_synchronous=NORMAL", "_synchronous=FULL", 1)
	}
	if db.write, err = sql.Open(driverName, writer); err != nil {
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
	if err := db.loadSessionCipher(ctx); err != nil {
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
	ms, err := migrations()
	if err != nil {
		return err
	}
	if err := db.refuseNewer(ctx, ms[len(ms)-1].version); err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("storage: migrations table: %w", err)
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

// ErrSchemaNewer is returned by Open for a database a newer atelier has
// migrated: this binary would misread tables it does not know, so it leaves
// the file as it is.
var ErrSchemaNewer = errors.New("storage: the database was written by a newer version of atelier")

// refuseNewer reads the schema version without writing anything.
func (db *DB) refuseNewer(ctx context.Context, known int) error {
	var has int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&has); err != nil {
		return fmt.Errorf("storage: schema version: %w", err)
	}
	if has == 0 {
		return nil
	}
	v, err := db.Version(ctx)
	if err != nil {
		return err
	}
	if v > known {
		return fmt.Errorf("%w (schema version %d; this binary knows up to %d): run that version, or restore a backup made by this one; the file was not changed", ErrSchemaNewer, v, known)
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

// Tx is a transaction with the instant it started, so every row it writes
// carries the same time.
type Tx struct {
	querier
	now time.Time
	// wake says the transaction queued notifications or changed
	// announcements: the scheduler is told after the commit.
	wake bool
}

// querier is what a transaction's statements run on: a read transaction
// (*sql.Tx), or the writer's connection between BEGIN IMMEDIATE and COMMIT
// (*sql.Conn, see runBatch).
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// maxBatch bounds how many writes share one commit, so the first of a
// long queue does not wait for all the others.
const maxBatch = 64

// writeReq is one caller's write, queued for the group commit.
type writeReq struct {
	ctx   context.Context
	fn    func(tx *Tx) error
	err   error
	panic any
	// lead says the request was woken to lead the next batch, not because
	// it is done. done gets one value per wake-up.
	lead bool
	done chan struct{}
}

// update runs fn in an immediate write transaction. Writers that arrive
// while one commits are run together, each in its own savepoint, and
// committed once (group commit): a commit writes the WAL pages and costs
// more than a small write, so a burst of joins on one workshop would
// otherwise queue behind one commit each. A failing fn rolls back to its
// savepoint only; the others of its batch commit as if run alone, in order.
func (db *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan struct{}, 1)}
	db.writeMu.Lock()
	db.writeQueue = append(db.writeQueue, r)
	lead := !db.writeLeading
	db.writeLeading = true
	db.writeMu.Unlock()
	if !lead {
		<-r.done
		lead = r.lead
	}
	if lead {
		db.leadBatch()
		<-r.done
	}
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

// leadBatch runs the queued writes as one batch, then hands the lead to the
// first writer still waiting, so no caller works for others longer than
// one batch.
func (db *DB) leadBatch() {
	db.writeMu.Lock()
	n := min(len(db.writeQueue), maxBatch)
	batch := slices.Clone(db.writeQueue[:n])
	db.writeQueue = db.writeQueue[n:]
	db.writeMu.Unlock()

	db.runBatch(batch)

	db.writeMu.Lock()
	if len(db.writeQueue) > 0 {
		next := db.writeQueue[0]
		next.lead = true
		next.done <- struct{}{}
	} else {
		db.writeLeading = false
	}
	db.writeMu.Unlock()
	for _, r := range batch {
		r.done <- struct{}{}
	}
}

// runBatch runs and commits batch; every request ends with its err set.
func (db *DB) runBatch(batch []*writeReq) {
	for len(batch) > 0 {
		batch = db.runBatchOnce(batch)
	}
}

// runBatchOnce runs batch in one transaction and returns the requests left
// to run in another, when a failure took the transaction with it.
//
// The transaction is BEGIN IMMEDIATE … COMMIT on the writer's connection
// rather than a database/sql Tx: a Tx watches its context in a goroutine of
// its own and hands the connection over through it, which cost as much as
// the BEGIN and the COMMIT together (11 µs instead of 20 for an empty
// transaction on the development VM), on every batch of a burst.
func (db *DB) runBatchOnce(batch []*writeReq) (retry []*writeReq) {
	// The transaction outlives any one caller's context: a caller gone
	// away must not roll back the others' writes.
	ctx := context.Background()
	conn, err := db.write.Conn(ctx)
	if err == nil {
		if _, err = conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
			conn.Close()
		}
	}
	if err != nil {
		for _, r := range batch {
			r.err = fmt.Errorf("storage: begin: %w", err)
		}
		return nil
	}
	committed := false
	defer func() {
		if !committed {
			// After an interrupt or an I/O error SQLite has already rolled
			// back, and this says there is no transaction: nothing to do.
			_, _ = conn.ExecContext(ctx, `ROLLBACK`)
		}
		conn.Close()
	}()
	exec := func(stmt string) error {
		_, err := conn.ExecContext(ctx, stmt)
		return err
	}
	savepoints := len(batch) > 1
	wake := false
	var ran []*writeReq
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = fmt.Errorf("storage: begin: %w", err)
			continue
		}
		if savepoints {
			if err := exec(`SAVEPOINT w`); err != nil {
				failAll(batch[i:], ran, fmt.Errorf("storage: savepoint: %w", err))
				return nil
			}
		}
		tx := &Tx{querier: conn, now: db.Now().UTC()}
		r.panic, r.err = runWrite(r, tx)
		if r.err == nil && r.panic == nil {
			if savepoints {
				if err := exec(`RELEASE w`); err != nil {
					failAll(batch[i:], ran, fmt.Errorf("storage: release savepoint: %w", err))
					return nil
				}
			}
			wake = wake || tx.wake
			ran = append(ran, r)
			continue
		}
		if !savepoints {
			return nil
		}
		// An interrupt, a full disk or an I/O error rolls the whole
		// transaction back, not only the statement: then the savepoint is
		// gone, and so is what the writes before this one did.
		if err := exec(`ROLLBACK TO w`); err != nil {
			failAll(nil, ran, fmt.Errorf("storage: write batch lost: %w", err))
			// Those not run yet get a transaction of their own.
			return batch[i+1:]
		}
		if err := exec(`RELEASE w`); err != nil {
			failAll(batch[i+1:], ran, fmt.Errorf("storage: release savepoint: %w", err))
			return nil
		}
	}
	if len(ran) == 0 {
		return nil
	}
	if err := exec(`COMMIT`); err != nil {
		failAll(nil, ran, fmt.Errorf("storage: commit: %w", err))
		return nil
	}
	committed = true
	if wake && db.OnWake != nil {
		db.OnWake()
	}
	return nil
}

// runWrite runs one request's fn, turning a panic into a value its caller
// re-raises in its own goroutine.
func runWrite(r *writeReq, tx *Tx) (p any, err error) {
	defer func() {
		if v := recover(); v != nil {
			p = fmt.Sprintf("%v\n\nstorage: panic in a batched write:\n%s", v, debug.Stack())
		}
	}()
	if err := r.fn(tx); err != nil {
		return nil, constraintError(err)
	}
	return nil, nil
}

// failAll gives err to the requests not yet run and to those that ran but
// whose work is lost with the transaction.
func failAll(rest, ran []*writeReq, err error) {
	for _, r := range rest {
		if r.err == nil && r.panic == nil {
			r.err = err
		}
	}
	for _, r := range ran {
		r.err = err
	}
}

// view runs fn in one read transaction, so what it reads is one snapshot.
func (db *DB) view(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("storage: begin read: %w", err)
	}
	defer sqlTx.Rollback()
	return constraintError(fn(&Tx{querier: sqlTx, now: db.Now().UTC()}))
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
	if err := createPrivate(path); err != nil {
		return fmt.Errorf("storage: backup to %s: %w", path, err)
	}
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
