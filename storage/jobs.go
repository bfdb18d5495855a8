package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Contracts a job can offer.
const (
	ContractPermanent  = "permanent"
	ContractFixedTerm  = "fixed_term"
	ContractInternship = "internship"
	ContractPhD        = "phd"
	ContractPostdoc    = "postdoc"
	ContractFreelance  = "freelance"
)

// Contracts lists the contracts in the order menus show them.
var Contracts = []string{ContractPermanent, ContractFixedTerm, ContractInternship, ContractPhD, ContractPostdoc, ContractFreelance}

// Levels a job is for.
const (
	LevelStudent = "student"
	LevelJunior  = "junior"
	LevelPhD     = "phd"
	LevelSenior  = "senior"
)

// Levels lists the levels, most junior first.
var Levels = []string{LevelStudent, LevelJunior, LevelPhD, LevelSenior}

// Job statuses. An open job past its expiry is expired: it leaves lists by
// itself, and its poster may renew it.
const (
	JobOpen   = "open"
	JobClosed = "closed"
)

// Job text limits, in characters.
const (
	MaxJobLocation = 200
	MaxJobURL      = 500
)

// Notification kinds of the jobs board and of interest matching.
const (
	NoteJobPosted   = "job_posted"   // a new job's card, to a jobs channel
	NoteJobExpiring = "job_expiring" // your job expires soon: renew?
	NoteMatch       = "match"        // new things on your interests, one message a day
)

// JobPolicy bounds the jobs board. The bot sets it from its configuration
// before use; zero fields take the defaults.
type JobPolicy struct {
	MaxPerDay   int // posts per member in 24 hours; default 3
	DefaultDays int // how long a job stays listed, and what a renewal adds; default 30
	MaxDays     int // the longest a job may stay listed from now; default 90
	WarningDays int // the poster is told this long before expiry; default 3
	// PayOptional lets an offer go without a pay range; by default one is
	// required, as EU pay-transparency rules ask.
	PayOptional bool
}

// Policy defaults.
const (
	DefaultJobsPerDay     = 3
	DefaultJobDays        = 30
	DefaultJobMaxDays     = 90
	DefaultJobWarningDays = 3
)

func (p JobPolicy) withDefaults() JobPolicy {
	if p.MaxPerDay <= 0 {
		p.MaxPerDay = DefaultJobsPerDay
	}
	if p.DefaultDays <= 0 {
		p.DefaultDays = DefaultJobDays
	}
	if p.MaxDays <= 0 {
		p.MaxDays = DefaultJobMaxDays
	}
	if p.DefaultDays > p.MaxDays {
		p.DefaultDays = p.MaxDays
	}
	if p.WarningDays <= 0 {
		p.WarningDays = DefaultJobWarningDays
	}
	return p
}

// JobLimits returns the policy in force, defaults filled in.
func (db *DB) JobLimits() JobPolicy { return db.Jobs.withDefaults() }

// Job is an offer posted by a member.
type Job struct {
	ID           int64
	PosterID     int64
	PosterName   string
	Title        string
	Organisation string
	Contract     string
	Level        string
	Location     string // as typed; "" when the job is remote only
	Remote       bool
	ApplyURL     string
	Tags         []string
	Pay          Pay
	Discipline   string // "" when not said
	PostKind     string // PostIndustrialPhD, PostPostdoc, PostPermanent or ""
	Status       string
	// ExpiresAt is when the job leaves the lists. On create, zero means
	// the policy's default length.
	ExpiresAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
	ClosedAt  time.Time
}

// Expired reports whether an open job is past its expiry at now.
func (j Job) Expired(now time.Time) bool { return j.Status == JobOpen && !j.ExpiresAt.After(now) }

// Listed reports whether the job shows in lists at now.
func (j Job) Listed(now time.Time) bool { return j.Status == JobOpen && j.ExpiresAt.After(now) }

// ValidContract and ValidLevel tell the stored words.
func ValidContract(s string) bool { return contains(Contracts, s) }

// ValidLevel reports whether s is a stored level word.
func ValidLevel(s string) bool { return contains(Levels, s) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CheckApplyURL validates an apply link: an absolute http or https URL
// with a host, no spaces or control characters, no user name or password
// (which would let "https://good.example@evil.example" pass for a
// trusted site), at most MaxJobURL characters.
func CheckApplyURL(raw string) error {
	bad := func(why string) error { return Errorf(EINVALID, "job_url", "apply link %q: %s", raw, why) }
	if raw == "" {
		return Errorf(EINVALID, "job_url_missing", "no apply link")
	}
	if len([]rune(raw)) > MaxJobURL {
		return bad("too long")
	}
	if strings.IndexFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return bad("spaces")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad(err.Error())
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return bad("scheme " + u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		return bad("no host")
	}
	if u.User != nil {
		return bad("user info")
	}
	if strings.HasPrefix(u.Hostname(), ".") || strings.HasSuffix(u.Hostname(), ".") || strings.Contains(u.Hostname(), "..") {
		return bad("host")
	}
	return nil
}

// validateJob normalises and checks what a poster gave, in the order the
// fields are asked, so the first fault named is the first field at fault.
func validateJob(j *Job) error {
	j.Title = CleanLine(j.Title)
	j.Organisation = CleanLine(j.Organisation)
	j.Location = CleanLine(j.Location)
	j.ApplyURL = strings.TrimSpace(j.ApplyURL)
	j.Tags = NormalizeTags(j.Tags)
	if err := validateText(j.Title, ""); err != nil {
		return err
	}
	switch {
	case j.Organisation == "":
		return Errorf(EINVALID, "job_organisation_missing", "no organisation")
	case len([]rune(j.Organisation)) > MaxOrganisation:
		return Errorf(EINVALID, "organisation_too_long", "organisation over %d characters", MaxOrganisation)
	case !ValidContract(j.Contract):
		return Errorf(EINVALID, "job_contract", "contract %q", j.Contract)
	case !ValidLevel(j.Level):
		return Errorf(EINVALID, "job_level", "level %q", j.Level)
	case j.Location == "" && !j.Remote:
		return Errorf(EINVALID, "job_location_missing", "no location and not remote")
	case len([]rune(j.Location)) > MaxJobLocation:
		return Errorf(EINVALID, "job_location_too_long", "location over %d characters", MaxJobLocation)
	}
	if err := CheckApplyURL(j.ApplyURL); err != nil {
		return err
	}
	if len(j.Tags) == 0 {
		return Errorf(EINVALID, "tags_missing", "a job needs tags")
	}
	return validateTags(j.Tags)
}

// CreateJob stores a new job and sets j.ID, in one transaction with
// everything it causes: its card queued for each jobs channel in posts,
// its poster's expiry warning, the messages to the registrants of recruiting
// sessions presenting its organisation (tellRecruits), and the direct
// messages of the members whose interests it matches. It returns how many
// members interest matching tells.
//
// The expiry must be in the future and at most MaxDays away. A member who
// has posted MaxPerDay jobs in the last 24 hours is refused.
func (db *DB) CreateJob(ctx context.Context, j *Job, posts []Address) (int, error) {
	if err := validateJob(j); err != nil {
		return 0, err
	}
	p := db.Jobs.withDefaults()
	if err := validatePay(j, !p.PayOptional); err != nil {
		return 0, err
	}
	matched := 0
	err := db.update(ctx, func(tx *Tx) error {
		if j.ExpiresAt.IsZero() {
			j.ExpiresAt = tx.now.Add(days(p.DefaultDays))
		}
		j.ExpiresAt = j.ExpiresAt.UTC().Truncate(time.Second)
		if !j.ExpiresAt.After(tx.now) {
			return Errorf(EINVALID, "job_expiry_past", "expiry %s is not in the future", j.ExpiresAt)
		}
		if j.ExpiresAt.After(tx.now.Add(days(p.MaxDays))) {
			return Errorf(EINVALID, "job_expiry_far", "expiry %s is over %d days away", j.ExpiresAt, p.MaxDays)
		}
		var recent int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE poster_id = ? AND created_at > ?`,
			j.PosterID, unix(tx.now.Add(-24*time.Hour))).Scan(&recent); err != nil {
			return fmt.Errorf("storage: create job: %w", err)
		}
		if recent >= p.MaxPerDay {
			return Errorf(ECONFLICT, "job_daily_cap", "member %d posted %d jobs in 24 hours", j.PosterID, recent)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO jobs (poster_id, title, organisation, contract, level, location, remote, apply_url,
			pay_min, pay_max, pay_currency, pay_period, discipline, post_kind,
			status, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
			j.PosterID, j.Title, j.Organisation, j.Contract, j.Level, j.Location, j.Remote, j.ApplyURL,
			j.Pay.Min, j.Pay.Max, j.Pay.Currency, j.Pay.Period, j.Discipline, j.PostKind,
			unix(j.ExpiresAt), unix(tx.now), unix(tx.now))
		if err != nil {
			return fmt.Errorf("storage: create job: %w", err)
		}
		j.ID, _ = res.LastInsertId()
		j.Status, j.CreatedAt, j.UpdatedAt = JobOpen, tx.now, tx.now
		for _, t := range j.Tags {
			if _, err := tx.ExecContext(ctx, `INSERT INTO job_tags (job_id, tag) VALUES (?, ?)`, j.ID, t); err != nil {
				return fmt.Errorf("storage: create job tag: %w", err)
			}
		}
		if err := cardNotes(ctx, tx, NoteJobPosted, KindJob, j.ID, "", posts, j.ExpiresAt); err != nil {
			return err
		}
		if err := warnExpiry(ctx, tx, *j, p); err != nil {
			return err
		}
		if err := tellRecruits(ctx, tx, *j); err != nil {
			return err
		}
		matched, err = db.match(ctx, tx, MatchEvent{Kind: KindJob, ID: j.ID, AuthorID: j.PosterID, Tags: j.Tags})
		return err
	})
	if err != nil {
		j.ID = 0
	}
	return matched, err
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// jobKey is the start of the keys of a job's rows of one kind; the rows of
// job 1 are not a prefix of those of job 12 as the id ends with ':'.
func jobKey(kind string, id int64) string { return fmt.Sprintf("%s:job=%d:", kind, id) }

// dropJobNotes removes a job's pending rows of a kind: a seek on the key's
// unique index, the range of keys that start with jobKey.
func dropJobNotes(ctx context.Context, tx *Tx, kind string, id int64) error {
	k := jobKey(kind, id)
	return dropPending(ctx, tx, `key >= ? AND key < ?`, k, k[:len(k)-1]+";")
}

// warnExpiry queues the poster's "your job expires soon" message, due
// WarningDays before the expiry. Its key holds the expiry, so a renewal
// queues a new one (after dropping the old). A job listed for less than
// the warning gets none.
func warnExpiry(ctx context.Context, tx *Tx, j Job, p JobPolicy) error {
	due := j.ExpiresAt.Add(-days(p.WarningDays))
	if !due.After(tx.now) {
		return nil
	}
	return enqueueDM(ctx, tx, j.PosterID, Note{
		Key:       fmt.Sprintf("%sexpires=%d", jobKey(NoteJobExpiring, j.ID), unix(j.ExpiresAt)),
		Kind:      NoteJobExpiring,
		Args:      NoteArgs{JobID: j.ID, Start: unix(j.ExpiresAt)},
		PlannedAt: due,
		ExpiresAt: j.ExpiresAt,
	})
}

// Scalar subqueries, not joins, as for workshops (see workshopColumns).
const jobColumns = `j.id, j.poster_id, COALESCE((SELECT display_name FROM members WHERE id = j.poster_id), ''), j.title, j.organisation,
	j.contract, j.level, j.location, j.remote, j.apply_url, j.status, j.expires_at, j.created_at, j.updated_at, j.closed_at,
	(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM job_tags WHERE job_id = j.id ORDER BY tag)),
	j.pay_min, j.pay_max, j.pay_currency, j.pay_period, j.discipline, j.post_kind`

func scanJob(sc interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var expires, created, updated int64
	var closed sql.NullInt64
	var tags sql.NullString
	err := sc.Scan(&j.ID, &j.PosterID, &j.PosterName, &j.Title, &j.Organisation, &j.Contract, &j.Level, &j.Location, &j.Remote,
		&j.ApplyURL, &j.Status, &expires, &created, &updated, &closed, &tags,
		&j.Pay.Min, &j.Pay.Max, &j.Pay.Currency, &j.Pay.Period, &j.Discipline, &j.PostKind)
	j.ExpiresAt, j.CreatedAt, j.UpdatedAt, j.ClosedAt = fromUnix(expires), fromUnix(created), fromUnix(updated), nullTime(closed)
	j.Tags = splitTags(tags.String)
	return j, err
}

func jobByID(ctx context.Context, tx *Tx, id int64) (Job, error) {
	j, err := scanJob(tx.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs j WHERE j.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, Errorf(ENOTFOUND, "job", "no job %d", id)
	}
	if err != nil {
		return Job{}, fmt.Errorf("storage: find job: %w", err)
	}
	return j, nil
}

// Job returns a job, open, expired or closed.
func (db *DB) Job(ctx context.Context, id int64) (Job, error) {
	var j Job
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		j, err = jobByID(ctx, tx, id)
		return err
	})
	return j, err
}

// changeJob runs fn on a job its poster or staff may change, open (expired
// or not).
func (db *DB) changeJob(ctx context.Context, id int64, by Member, fn func(tx *Tx, j *Job) error) (Job, error) {
	var j Job
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if j, err = jobByID(ctx, tx, id); err != nil {
			return err
		}
		if j.PosterID != by.ID && !by.IsStaff() {
			return Errorf(EFORBIDDEN, "not_poster", "member %d may not change job %d", by.ID, id)
		}
		if j.Status != JobOpen {
			return Errorf(ECONFLICT, "job_closed", "job %d is %s", id, j.Status)
		}
		if err := fn(tx, &j); err != nil {
			return err
		}
		j, err = jobByID(ctx, tx, id)
		return err
	})
	return j, err
}

// CloseJob closes a job (its poster or staff): it leaves the lists, and
// its messages not yet sent (channel cards, expiry warning) are dropped.
func (db *DB) CloseJob(ctx context.Context, id int64, by Member) (Job, error) {
	return db.changeJob(ctx, id, by, func(tx *Tx, j *Job) error {
		if _, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?`,
			unix(tx.now), unix(tx.now), id); err != nil {
			return fmt.Errorf("storage: close job: %w", err)
		}
		if err := dropJobNotes(ctx, tx, NoteJobExpiring, id); err != nil {
			return err
		}
		return dropJobNotes(ctx, tx, NoteJobPosted, id)
	})
}

// RenewJob extends a job (its poster or staff) by DefaultDays from its
// expiry, or from now when it has expired, never past MaxDays from now;
// its expiry warning moves with it. An expired job comes back to the lists.
func (db *DB) RenewJob(ctx context.Context, id int64, by Member) (Job, error) {
	p := db.Jobs.withDefaults()
	return db.changeJob(ctx, id, by, func(tx *Tx, j *Job) error {
		from := j.ExpiresAt
		if from.Before(tx.now) {
			from = tx.now
		}
		until := from.Add(days(p.DefaultDays))
		if limit := tx.now.Add(days(p.MaxDays)); until.After(limit) {
			until = limit
		}
		if _, err := tx.ExecContext(ctx, `UPDATE jobs SET expires_at = ?, updated_at = ? WHERE id = ?`, unix(until), unix(tx.now), id); err != nil {
			return fmt.Errorf("storage: renew job: %w", err)
		}
		if err := dropJobNotes(ctx, tx, NoteJobExpiring, id); err != nil {
			return err
		}
		j.ExpiresAt = until
		return warnExpiry(ctx, tx, *j, p)
	})
}

// JobFilter selects jobs for a list; empty fields match all.
type JobFilter struct {
	Tag      string
	Level    string
	Contract string
	// PhD matches PhD positions and jobs for PhDs alike: "phd" names both
	// a contract and a level.
	PhD    bool
	Remote bool
	Limit  int // default 20
}

// ListJobs returns the open jobs not expired, newest first. Expiry needs
// no job to run: the jobs_open index gives the open jobs still listed.
func (db *DB) ListJobs(ctx context.Context, f JobFilter) ([]Job, error) {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	q, args := jobIDs(f)
	return db.queryJobs(ctx, jobPage(q+limitClause(f.Limit)), args...)
}

// JobsPage is one page of a list of jobs (ListJobs' filter), or of a
// search when words is not empty, and where that page is.
func (db *DB) JobsPage(ctx context.Context, f JobFilter, words string, p Page) ([]Job, PageInfo, error) {
	q, args := jobIDs(f)
	if words != "" {
		var err error
		if q, args, err = db.jobSearchIDs(ctx, words); err != nil {
			return nil, PageInfo{}, err
		}
	}
	var all []int64
	err := db.view(ctx, func(tx *Tx) error {
		args[0] = unix(tx.now)
		var err error
		all, err = int64s(ctx, tx, q, args...)
		return err
	})
	if err != nil {
		return nil, PageInfo{}, err
	}
	ids, info := pageIDs(all, p, true)
	if len(ids) == 0 {
		return nil, info, nil
	}
	// queryJobs passes now as ?1, which a page of ids does not need.
	js, err := db.queryJobs(ctx, jobPage(`SELECT id FROM jobs WHERE id IN (`+idList(ids)+`) AND ?1 IS NOT NULL`), nil)
	return js, info, err
}

// jobIDs is the query of a list's job ids, newest first; ?1 is now.
func jobIDs(f JobFilter) (string, []any) {
	where := []string{`j.status = 'open'`, `j.expires_at > ?1`}
	args := []any{nil}
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("?%d", len(args))))
	}
	if f.Tag != "" {
		add(`j.id IN (SELECT job_id FROM job_tags WHERE tag = ?)`, f.Tag)
	}
	if f.Level != "" {
		add(`j.level = ?`, f.Level)
	}
	if f.Contract != "" {
		add(`j.contract = ?`, f.Contract)
	}
	if f.PhD {
		where = append(where, `(j.contract = 'phd' OR j.level = 'phd')`)
	}
	if f.Remote {
		where = append(where, `j.remote = 1`)
	}
	return `SELECT j.id FROM jobs j WHERE ` + strings.Join(where, " AND ") + ` ORDER BY j.id DESC`, args
}

// listJobsSQL is ListJobs' query without filters, for the plan test.
func listJobsSQL(limit int) string {
	return jobPage(`SELECT j.id FROM jobs j WHERE j.status = 'open' AND j.expires_at > ?1 ORDER BY j.id DESC` + limitClause(limit))
}

// jobPage wraps a query of one page of job ids, newest first, into the
// query of those jobs: the tag and name subqueries run for the page only,
// as for problems.
func jobPage(page string) string {
	return `SELECT ` + jobColumns + ` FROM jobs j WHERE j.id IN (` + page + `) ORDER BY j.id DESC`
}

// SearchJobs finds listed jobs by words in their title, organisation,
// location or tags, accents ignored; each word may start a longer one.
func (db *DB) SearchJobs(ctx context.Context, words string, limit int) ([]Job, error) {
	if limit <= 0 {
		limit = 20
	}
	q, args, err := db.jobSearchIDs(ctx, words)
	if err != nil {
		return nil, err
	}
	return db.queryJobs(ctx, jobPage(q+limitClause(limit)), args...)
}

// jobSearchIDs is the query of the ids of the listed jobs words find,
// newest first, once the index is up to date; ?1 is now.
func (db *DB) jobSearchIDs(ctx context.Context, words string) (string, []any, error) {
	match, err := searchMatch(words, func() error { return db.indexJobs(ctx) })
	return `SELECT j.id FROM jobs j WHERE j.id IN (SELECT docid FROM jobs_fts WHERE jobs_fts MATCH ?2)
		AND j.status = 'open' AND j.expires_at > ?1 ORDER BY j.id DESC`, []any{nil, match}, err
}

// queryJobs runs a query of jobs whose first argument, ?1, is now.
func (db *DB) queryJobs(ctx context.Context, q string, args ...any) ([]Job, error) {
	var out []Job
	err := db.view(ctx, func(tx *Tx) error {
		args[0] = unix(tx.now)
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("storage: list jobs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			j, err := scanJob(rows)
			if err != nil {
				return fmt.Errorf("storage: list jobs: %w", err)
			}
			out = append(out, j)
		}
		return rows.Err()
	})
	return out, err
}

// indexJobs adds the jobs posted since the last search to the full-text
// index in one transaction, as indexProblems does for problems. Jobs are
// never edited, so a job is indexed once; closed and expired ones are
// filtered out when searching.
func (db *DB) indexJobs(ctx context.Context) error {
	var pending bool
	err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM jobs WHERE id > (SELECT last_id FROM fts_cursor WHERE name = 'jobs'))`).Scan(&pending)
	if err != nil {
		return fmt.Errorf("storage: index jobs: %w", err)
	}
	if !pending {
		return nil
	}
	return db.update(ctx, func(tx *Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT last_id FROM fts_cursor WHERE name = 'jobs'`).Scan(&last); err != nil {
			return fmt.Errorf("storage: index jobs: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO jobs_fts (docid, title, organisation, location, tags)
			SELECT j.id, j.title, j.organisation, j.location, COALESCE((SELECT group_concat(tag, ' ') FROM job_tags WHERE job_id = j.id), '')
			FROM jobs j WHERE j.id > ? ORDER BY j.id`, last); err != nil {
			return fmt.Errorf("storage: index jobs: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE fts_cursor SET last_id = (SELECT COALESCE(MAX(id), 0) FROM jobs) WHERE name = 'jobs'`); err != nil {
			return fmt.Errorf("storage: index jobs: %w", err)
		}
		return nil
	})
}

// JobQuota says how many jobs a member posted in the last 24 hours and,
// when that is the cap, when they may post again.
func (db *DB) JobQuota(ctx context.Context, memberID int64) (used int, next time.Time, err error) {
	p := db.Jobs.withDefaults()
	err = db.view(ctx, func(tx *Tx) error {
		since := unix(tx.now.Add(-24 * time.Hour))
		rows, err := tx.QueryContext(ctx, `SELECT created_at FROM jobs WHERE poster_id = ? AND created_at > ? ORDER BY created_at DESC`, memberID, since)
		if err != nil {
			return fmt.Errorf("storage: job quota: %w", err)
		}
		defer rows.Close()
		var times []int64
		for rows.Next() {
			var t int64
			if err := rows.Scan(&t); err != nil {
				return fmt.Errorf("storage: job quota: %w", err)
			}
			times = append(times, t)
		}
		used = len(times)
		if used >= p.MaxPerDay {
			// The post that must leave the window for one more to fit.
			next = fromUnix(times[p.MaxPerDay-1]).Add(24 * time.Hour)
		}
		return rows.Err()
	})
	return used, next, err
}
