package storage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// One identity across platforms: a member asks for a one-time code on one
// platform and types it on another; the two members behind the two
// accounts become one. The same kind of code confirms "forget me".

// Code purposes.
const (
	CodeLink   = "link"
	CodeForget = "forget"
)

// How long codes are good for.
const (
	LinkCodeTTL   = 10 * time.Minute
	ForgetCodeTTL = 5 * time.Minute
	// codeKeep is how long a used or expired code is kept, so a second try
	// is told "used" or "expired" rather than "wrong".
	codeKeep = 24 * time.Hour
)

// codeAlphabet has no 0/O, 1/I/L: codes are read on one screen and typed
// on another, often a phone.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// LinkCodeLen characters of codeAlphabet carry 15 × log2(31) ≈ 74 bits: a
// code cannot be guessed in its ten minutes, even before the lockout.
const LinkCodeLen = 15

// Wrong link codes: LinkTries within LinkLockout lock a member out of
// linking until the oldest of them is LinkLockout old.
const (
	LinkTries   = 5
	LinkLockout = 15 * time.Minute
)

// wrongTries counts each member's wrong link codes. It lives in memory: a
// refusal writes nothing, and a restart giving a few more tries costs
// nothing against a 74-bit code.
type wrongTries struct {
	mu sync.Mutex
	at map[int64][]time.Time
}

// locked reports whether member typed LinkTries wrong codes within the
// last LinkLockout.
func (w *wrongTries) locked(member int64, now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.recent(member, now)) >= LinkTries
}

func (w *wrongTries) fail(member int64, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.at == nil {
		w.at = map[int64][]time.Time{}
	}
	w.at[member] = append(w.recent(member, now), now)
}

// recent keeps member's tries within LinkLockout of now (w.mu held).
func (w *wrongTries) recent(member int64, now time.Time) []time.Time {
	kept := w.at[member][:0]
	for _, t := range w.at[member] {
		if now.Sub(t) < LinkLockout {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(w.at, member)
		return nil
	}
	w.at[member] = kept
	return kept
}

// newCode returns n characters of codeAlphabet, each uniform: bytes past
// the largest multiple of the alphabet's size are drawn again.
func newCode(n int) (string, error) {
	const limit = 256 - 256%len(codeAlphabet)
	out := make([]byte, 0, n)
	b := make([]byte, n)
	for len(out) < n {
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("storage: code: %w", err)
		}
		for _, c := range b {
			if int(c) < limit && len(out) < n {
				out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
			}
		}
	}
	return string(out), nil
}

// NormalizeCode reads a code as typed: case, spaces and dashes ignored.
func NormalizeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r != '-' && r != ' ' && r != '\u00a0' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hashCode(purpose, code string) string {
	sum := sha256.Sum256([]byte(purpose + ":" + NormalizeCode(code)))
	return hex.EncodeToString(sum[:])
}

// issueCode stores a new code of a purpose for a member, replacing their
// unused ones of that purpose, and purges codes long dead.
func issueCode(ctx context.Context, tx *Tx, purpose string, memberID int64, platform string, n int, ttl time.Duration) (string, time.Time, error) {
	code, err := newCode(n)
	if err != nil {
		return "", time.Time{}, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM member_codes WHERE expires_at < ?`, unix(tx.now.Add(-codeKeep))); err != nil {
		return "", time.Time{}, fmt.Errorf("storage: purge codes: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM member_codes WHERE member_id = ? AND purpose = ? AND used_at IS NULL`, memberID, purpose); err != nil {
		return "", time.Time{}, fmt.Errorf("storage: replace code: %w", err)
	}
	expires := tx.now.Add(ttl)
	if _, err := tx.ExecContext(ctx, `INSERT INTO member_codes (code_hash, purpose, member_id, platform, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		hashCode(purpose, code), purpose, memberID, platform, unix(tx.now), unix(expires)); err != nil {
		return "", time.Time{}, fmt.Errorf("storage: code: %w", err)
	}
	return code, expires, nil
}

// useCode checks a typed code and marks it used; it returns the member
// who asked for it and where. Refusals: see codeError.
func useCode(ctx context.Context, tx *Tx, purpose, code string) (int64, string, error) {
	var memberID, expires int64
	var platform string
	var used sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT member_id, platform, expires_at, used_at FROM member_codes WHERE code_hash = ? AND purpose = ?`,
		hashCode(purpose, code), purpose).Scan(&memberID, &platform, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) || NormalizeCode(code) == "" {
		return 0, "", codeError(purpose, "code")
	}
	if err != nil {
		return 0, "", fmt.Errorf("storage: code: %w", err)
	}
	if used.Valid {
		return 0, "", codeError(purpose, "used")
	}
	if unix(tx.now) >= expires {
		return 0, "", codeError(purpose, "expired")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE member_codes SET used_at = ? WHERE code_hash = ?`, unix(tx.now), hashCode(purpose, code)); err != nil {
		return 0, "", fmt.Errorf("storage: use code: %w", err)
	}
	return memberID, platform, nil
}

// codeError is the refusal of a code: wrong (not found), used or expired.
func codeError(purpose, what string) error {
	switch purpose + "/" + what {
	case "link/code":
		return Errorf(ENOTFOUND, "link_code", "no such link code")
	case "link/used":
		return Errorf(ECONFLICT, "link_used", "link code used already")
	case "link/expired":
		return Errorf(ECONFLICT, "link_expired", "link code expired")
	case "forget/code":
		return Errorf(ENOTFOUND, "forget_code", "no such forget code")
	case "forget/used":
		return Errorf(ECONFLICT, "forget_used", "forget code used already")
	case "forget/expired":
		return Errorf(ECONFLICT, "forget_expired", "forget code expired")
	}
	return fmt.Errorf("storage: code %s for %s", what, purpose)
}

// NewLinkCode gives a member a one-time code, good for LinkCodeTTL, to
// type on their account on another platform. A new code replaces the
// member's previous unused one.
func (db *DB) NewLinkCode(ctx context.Context, memberID int64, platform string) (code string, expires time.Time, err error) {
	err = db.update(ctx, func(tx *Tx) error {
		code, expires, err = issueCode(ctx, tx, CodeLink, memberID, platform, LinkCodeLen, LinkCodeTTL)
		return err
	})
	return code, expires, err
}

// LinkResult says what a link did.
type LinkResult struct {
	Member Member // the one member now behind both accounts
	// From is the platform the code was asked for on.
	From string
	// Workshops lists those whose participants changed (a seat moved, a
	// double seat given back, a promotion from the waitlist).
	Workshops []int64
}

// Link merges the member who typed a code (memberID) with the member who
// asked for it, in one transaction: identities, interests, problems and
// marks, seats (one per workshop: the better state, the earliest join),
// feedback, calendar feed, reminders preference, queued notifications.
// The older member (lower id) is the one kept.
//
// A member who typed LinkTries wrong codes within LinkLockout is refused
// (link_locked) without the code being looked at.
func (db *DB) Link(ctx context.Context, memberID int64, code string) (LinkResult, error) {
	var r LinkResult
	if db.linkTries.locked(memberID, db.Now()) {
		return r, Errorf(ECONFLICT, "link_locked", "member %d typed %d wrong link codes", memberID, LinkTries)
	}
	err := db.update(ctx, func(tx *Tx) error {
		other, platform, err := useCode(ctx, tx, CodeLink, code)
		if err != nil {
			return err
		}
		if other == memberID {
			return Errorf(ECONFLICT, "link_self", "member %d typed their own code", memberID)
		}
		r.From = platform
		keep, drop := min(other, memberID), max(other, memberID)
		if r.Workshops, err = db.mergeMembers(ctx, tx, keep, drop); err != nil {
			return err
		}
		r.Member, err = memberByID(ctx, tx, keep)
		return err
	})
	if ErrorReason(err) == "link_code" {
		db.linkTries.fail(memberID, db.Now())
	}
	db.forgetMembers()
	return r, err
}

// memberRef is a column that holds a member id.
type memberRef struct{ table, column string }

// handledRefs are the member columns mergeMembers and forget treat one by
// one; any other column with a foreign key to members (a later feature's
// table) is merged by the generic rule and deleted on forget. A test
// checks that every such column is known to both.
var handledRefs = map[memberRef]bool{
	{"identities", "member_id"}: true, {"member_interests", "member_id"}: true,
	{"problems", "author_id"}: true, {"problem_interest", "member_id"}: true,
	{"workshops", "host_id"}: true, {"participants", "member_id"}: true,
	{"announcements", "author_id"}: true, {"reminder_optouts", "member_id"}: true,
	{"session_feedback", "member_id"}: true, {"calendar_tokens", "member_id"}: true,
	{"member_codes", "member_id"}: true, {"session_members", "member_id"}: true,
}

// memberRefs lists every column with a foreign key to members.
func memberRefs(ctx context.Context, tx *Tx) ([]memberRef, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.name, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' AND f."table" = 'members' ORDER BY m.name, f."from"`)
	if err != nil {
		return nil, fmt.Errorf("storage: member references: %w", err)
	}
	defer rows.Close()
	var out []memberRef
	for rows.Next() {
		var r memberRef
		if err := rows.Scan(&r.table, &r.column); err != nil {
			return nil, fmt.Errorf("storage: member references: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// mergeMembers moves everything of drop to keep and deletes drop. It
// returns the workshops whose seats changed.
func (db *DB) mergeMembers(ctx context.Context, tx *Tx, keep, drop int64) ([]int64, error) {
	k, err := memberByID(ctx, tx, keep)
	if err != nil {
		return nil, err
	}
	d, err := memberByID(ctx, tx, drop)
	if err != nil {
		return nil, err
	}
	exec := func(what, q string, args ...any) error {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("storage: merge %s: %w", what, err)
		}
		return nil
	}
	kd := []any{sql.Named("keep", keep), sql.Named("drop", drop)}

	// The profile: the kept member's fields, the other's where empty.
	role := k.Role
	if role == RoleMember && d.Role == RoleResearcher {
		role = RoleResearcher
	}
	if err := exec("profile", `UPDATE members SET
		organisation = CASE WHEN organisation = '' THEN ?2 ELSE organisation END,
		language = CASE WHEN language = '' THEN ?3 ELSE language END,
		timezone = CASE WHEN timezone = '' THEN ?4 ELSE timezone END,
		date_order = CASE WHEN date_order = '' THEN ?8 ELSE date_order END,
		chapter = CASE WHEN chapter = '' THEN (SELECT chapter FROM members WHERE id = ?5) ELSE chapter END,
		notify_platform = CASE WHEN notify_platform = '' THEN (SELECT notify_platform FROM members WHERE id = ?5) ELSE notify_platform END,
		created_at = MIN(created_at, ?6), role = ?7 WHERE id = ?1`,
		keep, d.Organisation, d.Language, d.Timezone, drop, unix(d.CreatedAt), role, d.DateOrder); err != nil {
		return nil, err
	}
	if err := exec("identities", `UPDATE identities SET member_id = :keep WHERE member_id = :drop`, kd...); err != nil {
		return nil, err
	}
	// Interests: the union.
	if err := exec("interests", `INSERT OR IGNORE INTO member_interests (member_id, tag) SELECT :keep, tag FROM member_interests WHERE member_id = :drop`, kd...); err != nil {
		return nil, err
	}
	if err := exec("interests", `DELETE FROM member_interests WHERE member_id = :drop`, kd...); err != nil {
		return nil, err
	}
	// Problems, then the marks on them: none on one's own problem; on the
	// same problem, "can help" wins and the earliest time stays.
	for _, q := range []string{
		`UPDATE problems SET author_id = :keep WHERE author_id = :drop`,
		`DELETE FROM problem_interest WHERE member_id IN (:keep, :drop) AND problem_id IN (SELECT id FROM problems WHERE author_id = :keep)`,
		`UPDATE problem_interest SET
			kind = CASE WHEN (SELECT kind FROM problem_interest o WHERE o.problem_id = problem_interest.problem_id AND o.member_id = :drop) = 'can_help' THEN 'can_help' ELSE kind END,
			created_at = MIN(created_at, (SELECT created_at FROM problem_interest o WHERE o.problem_id = problem_interest.problem_id AND o.member_id = :drop))
			WHERE member_id = :keep AND problem_id IN (SELECT problem_id FROM problem_interest WHERE member_id = :drop)`,
		`DELETE FROM problem_interest WHERE member_id = :drop AND problem_id IN (SELECT problem_id FROM problem_interest WHERE member_id = :keep)`,
		`UPDATE problem_interest SET member_id = :keep WHERE member_id = :drop`,
		`UPDATE workshops SET host_id = :keep WHERE host_id = :drop`,
		`UPDATE announcements SET author_id = :keep WHERE author_id = :drop`,
	} {
		if err := exec("problems", q, kd...); err != nil {
			return nil, err
		}
	}
	// Where each stands in each session to come of a series, read before
	// the seats move: the kept member gets the better of the two.
	want, err := bestPlaces(ctx, tx, keep, drop)
	if err != nil {
		return nil, err
	}
	changed, err := db.mergeSeats(ctx, tx, keep, drop)
	if err != nil {
		return nil, err
	}
	moved, err := db.mergePlaces(ctx, tx, keep, drop, want)
	if err != nil {
		return nil, err
	}
	changed = mergeIDs(changed, moved)
	// Feedback on the same session: the latest answer, its blanks filled
	// from the other.
	for _, q := range []string{
		`UPDATE session_feedback SET
			score = CASE WHEN o.updated_at > session_feedback.updated_at THEN COALESCE(o.score, session_feedback.score) ELSE COALESCE(session_feedback.score, o.score) END,
			comment = CASE WHEN (o.updated_at > session_feedback.updated_at AND o.comment != '') OR session_feedback.comment = '' THEN o.comment ELSE session_feedback.comment END,
			created_at = MIN(session_feedback.created_at, o.created_at),
			updated_at = MAX(session_feedback.updated_at, o.updated_at)
			FROM (SELECT session_id, score, comment, created_at, updated_at FROM session_feedback WHERE member_id = :drop) AS o
			WHERE session_feedback.member_id = :keep AND session_feedback.session_id = o.session_id`,
		`DELETE FROM session_feedback WHERE member_id = :drop AND session_id IN (SELECT session_id FROM session_feedback WHERE member_id = :keep)`,
		`UPDATE session_feedback SET member_id = :keep WHERE member_id = :drop`,
		// Reminders stay off if either account turned them off.
		`INSERT OR IGNORE INTO reminder_optouts (member_id, created_at) SELECT :keep, created_at FROM reminder_optouts WHERE member_id = :drop`,
		`DELETE FROM reminder_optouts WHERE member_id = :drop`,
		// One calendar feed: the kept member's, else the other's.
		`UPDATE OR IGNORE calendar_tokens SET member_id = :keep WHERE member_id = :drop`,
		`DELETE FROM calendar_tokens WHERE member_id = :drop`,
		// Codes follow, so the code just used answers "used" if typed again.
		`UPDATE member_codes SET member_id = :keep WHERE member_id = :drop`,
		// Notifications: queued ones are the kept member's now, under keys
		// that name them, so one enqueued again later is not sent twice.
		`UPDATE OR IGNORE outbox SET member_id = :keep, key = replace(key, ':member=' || :drop || ':', ':member=' || :keep || ':')
			WHERE member_id = :drop AND state = 'pending'`,
		`DELETE FROM outbox WHERE member_id = :drop AND state = 'pending'`,
		`UPDATE outbox SET member_id = :keep WHERE member_id = :drop`,
	} {
		if err := exec("rows", q, kd...); err != nil {
			return nil, err
		}
	}
	// Columns of later features: moved, a duplicate dropped.
	refs, err := memberRefs(ctx, tx)
	if err != nil {
		return nil, err
	}
	for _, ref := range refs {
		if handledRefs[ref] {
			continue
		}
		t, c := quoteIdent(ref.table), quoteIdent(ref.column)
		if err := exec(ref.table, `UPDATE OR IGNORE `+t+` SET `+c+` = :keep WHERE `+c+` = :drop`, kd...); err != nil {
			return nil, err
		}
		if err := exec(ref.table, `DELETE FROM `+t+` WHERE `+c+` = :drop`, kd...); err != nil {
			return nil, err
		}
	}
	if err := exec("member", `DELETE FROM members WHERE id = :drop`, kd...); err != nil {
		return nil, err
	}
	// With a preferred platform, what is queued goes there only.
	if err := retargetPending(ctx, tx, keep); err != nil {
		return nil, err
	}
	return changed, nil
}

// mergeSeats leaves one seat per workshop: a seat beats a place in line;
// between two seats the one held first, between two places in line the one
// ahead. The join time kept is the earlier. A second seat given back goes
// to the first in line.
func (db *DB) mergeSeats(ctx context.Context, tx *Tx, keep, drop int64) ([]int64, error) {
	type seat struct {
		id, joined int64
		state      string
		promoted   sql.NullInt64
	}
	rows, err := tx.QueryContext(ctx, `SELECT k.workshop_id, k.id, k.state, k.joined_at, k.promoted_at, d.id, d.state, d.joined_at, d.promoted_at
		FROM participants k, participants d WHERE k.member_id = ? AND d.member_id = ? AND d.workshop_id = k.workshop_id ORDER BY k.workshop_id`, keep, drop)
	if err != nil {
		return nil, fmt.Errorf("storage: merge seats: %w", err)
	}
	type pair struct {
		workshop int64
		k, d     seat
	}
	var pairs []pair
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.workshop, &p.k.id, &p.k.state, &p.k.joined, &p.k.promoted, &p.d.id, &p.d.state, &p.d.joined, &p.d.promoted); err != nil {
			rows.Close()
			return nil, fmt.Errorf("storage: merge seats: %w", err)
		}
		pairs = append(pairs, p)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("storage: merge seats: %w", err)
	}
	seatedAt := func(s seat) int64 {
		if s.promoted.Valid {
			return s.promoted.Int64
		}
		return s.joined
	}
	var changed []int64
	for _, p := range pairs {
		win, lose := p.k, p.d
		switch {
		case win.state != lose.state:
			if lose.state == StateJoined {
				win, lose = lose, win
			}
		case win.state == StateJoined:
			if s, o := seatedAt(lose), seatedAt(win); s < o || (s == o && lose.id < win.id) {
				win, lose = lose, win
			}
		default:
			if lose.id < win.id {
				win, lose = lose, win
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM participants WHERE id = ?`, lose.id); err != nil {
			return nil, fmt.Errorf("storage: merge seats: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE participants SET member_id = ?, joined_at = ? WHERE id = ?`,
			keep, min(win.joined, lose.joined), win.id); err != nil {
			return nil, fmt.Errorf("storage: merge seats: %w", err)
		}
		changed = append(changed, p.workshop)
		if lose.state == StateJoined {
			var status string
			if err := tx.QueryRowContext(ctx, `SELECT status FROM workshops WHERE id = ?`, p.workshop).Scan(&status); err != nil {
				return nil, fmt.Errorf("storage: merge seats: %w", err)
			}
			if status == WorkshopOpen {
				promoted, err := promote(ctx, tx, p.workshop)
				if err != nil {
					return nil, err
				}
				if err := db.afterPromote(ctx, tx, p.workshop, promoted); err != nil {
					return nil, err
				}
			}
		}
	}
	moved, err := int64s(ctx, tx, `UPDATE participants SET member_id = ? WHERE member_id = ? RETURNING workshop_id`, keep, drop)
	if err != nil {
		return nil, err
	}
	return mergeIDs(changed, moved), nil
}

// NotifyAll is the preferred platform meaning "every platform".
const NotifyAll = ""

// SetNotifyPlatform sets where a member's direct messages go: one
// platform they have an account on, or every one (NotifyAll). What is
// already queued follows at once.
func (db *DB) SetNotifyPlatform(ctx context.Context, memberID int64, platform string) error {
	err := db.update(ctx, func(tx *Tx) error {
		if platform != NotifyAll {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM identities WHERE member_id = ? AND platform = ?`, memberID, platform).Scan(&n); err != nil {
				return fmt.Errorf("storage: notify platform: %w", err)
			}
			if n == 0 {
				return Errorf(EINVALID, "notify_platform", "member %d has no %s account", memberID, platform)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET notify_platform = ? WHERE id = ?`, platform, memberID); err != nil {
			return fmt.Errorf("storage: notify platform: %w", err)
		}
		return retargetPending(ctx, tx, memberID)
	})
	db.forgetMembers()
	return err
}

// Accounts is a member's platform accounts and preferred platform.
type Accounts struct {
	Identities     []Identity
	NotifyPlatform string // NotifyAll: every platform
}

// MemberAccounts returns a member's accounts and where their direct
// messages go.
func (db *DB) MemberAccounts(ctx context.Context, memberID int64) (Accounts, error) {
	var a Accounts
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT notify_platform FROM members WHERE id = ?`, memberID).Scan(&a.NotifyPlatform); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return Errorf(ENOTFOUND, "member", "no member %d", memberID)
			}
			return fmt.Errorf("storage: accounts: %w", err)
		}
		var err error
		a.Identities, err = identitiesOf(ctx, tx, memberID)
		return err
	})
	return a, err
}

// dmIdentities are the accounts a member's direct messages go to: those on
// their preferred platform, or all of them when they prefer none or have
// no account left there.
func dmIdentities(ctx context.Context, tx *Tx, memberID int64) ([]Identity, error) {
	rows, err := tx.QueryContext(ctx, `SELECT platform, workspace, user_id, platform = (SELECT notify_platform FROM members WHERE id = ?1)
		FROM identities WHERE member_id = ?1 ORDER BY platform, workspace, user_id`, memberID)
	if err != nil {
		return nil, fmt.Errorf("storage: identities: %w", err)
	}
	defer rows.Close()
	var all, preferred []Identity
	for rows.Next() {
		var i Identity
		var pref bool
		if err := rows.Scan(&i.Platform, &i.Workspace, &i.UserID, &pref); err != nil {
			return nil, fmt.Errorf("storage: identities: %w", err)
		}
		all = append(all, i)
		if pref {
			preferred = append(preferred, i)
		}
	}
	if len(preferred) > 0 {
		return preferred, rows.Err()
	}
	return all, rows.Err()
}

// retargetPending moves a member's queued direct messages to the accounts
// dmIdentities gives: a message queued for each platform goes out once, on
// the preferred one.
func retargetPending(ctx context.Context, tx *Tx, memberID int64) error {
	ids, err := dmIdentities(ctx, tx, memberID)
	if err != nil || len(ids) == 0 {
		return err
	}
	want := map[Identity]bool{}
	for _, i := range ids {
		want[i] = true
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, key, platform, workspace, user_id FROM outbox
		WHERE member_id = ? AND state = 'pending' AND user_id != '' ORDER BY id`, memberID)
	if err != nil {
		return fmt.Errorf("storage: retarget: %w", err)
	}
	type row struct {
		id  int64
		key string
		to  Identity
	}
	var off []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.key, &r.to.Platform, &r.to.Workspace, &r.to.UserID); err != nil {
			rows.Close()
			return fmt.Errorf("storage: retarget: %w", err)
		}
		if !want[r.to] {
			off = append(off, r)
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("storage: retarget: %w", err)
	}
	for _, r := range off {
		moved := false
		if base, _, ok := strings.Cut(r.key, ":to="); ok {
			for _, i := range ids {
				// The first free key wins; a key already taken means
				// the message is queued there already.
				res, err := tx.ExecContext(ctx, `UPDATE OR IGNORE outbox SET key = ?, platform = ?, workspace = ?, user_id = ? WHERE id = ?`,
					base+":to="+i.Platform+"/"+i.Workspace+"/"+i.UserID, i.Platform, i.Workspace, i.UserID, r.id)
				if err != nil {
					return fmt.Errorf("storage: retarget: %w", err)
				}
				if n, _ := res.RowsAffected(); n > 0 {
					moved = true
					break
				}
			}
		}
		if !moved {
			if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE id = ?`, r.id); err != nil {
				return fmt.Errorf("storage: retarget: %w", err)
			}
		}
	}
	return nil
}
