package storage

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"
)

// Privacy: a member can take their data away (Export) and have the
// community forget them (Forget).
//
// Forgetting keeps counts consistent: the member row stays as a tombstone
// named ForgottenName, with no organisation, language, zone, accounts,
// interests or calendar feed, so a past session still counts its
// participant and a problem its "me too", without a name. What they wrote
// is wiped:
//   - their problems keep their id, tags and dates (a workshop may have
//     been born from one, the KPIs count them), but their title becomes
//     ForgottenName, their description goes, they leave the search index,
//     and an open one is closed as stale (nobody can answer its author);
//   - a workshop whose title or description was copied from one of those
//     problems loses the copy the same way;
//   - their feedback keeps its score (the KPIs) and loses its comment;
//   - the jobs they posted keep their row (the KPIs: posted, closed, the
//     employer's organisation, the tags) but lose their title, place and
//     apply link, leave the search index and expire now;
//   - everything queued for them or sent to them in the outbox, the
//     records of their reactions and of their interest in Discord events
//     (kept as hashes, see forget) and their codes are deleted, and so are
//     the rows of other features that point at them (interest-matching
//     items and opt-out).
// Announcements a staff member wrote stay: they are the community's posts.
// The member cache is cleared, and the deleted bytes are overwritten in the
// file and its WAL (secure_delete, a merge of the full-text indexes, a
// checkpoint); backups made before keep what they held until rotated.

// ForgottenName stands for a forgotten member wherever a name is shown.
const ForgottenName = "—"

// NewForgetCode gives a member the code that confirms /atelier forget,
// good for ForgetCodeTTL.
func (db *DB) NewForgetCode(ctx context.Context, memberID int64, platform string) (code string, expires time.Time, err error) {
	err = db.update(ctx, func(tx *Tx) error {
		code, expires, err = issueCode(ctx, tx, CodeForget, memberID, platform, 6, ForgetCodeTTL)
		return err
	})
	return code, expires, err
}

// ForgetResult lists what was shown of the member elsewhere, for the
// adapters to edit their posted cards.
type ForgetResult struct {
	Problems  []int64
	Workshops []int64
	Jobs      []int64
}

// Forget erases a member, once they confirmed with their code (see the
// comment at the top of this file).
func (db *DB) Forget(ctx context.Context, memberID int64, code string) (ForgetResult, error) {
	var r ForgetResult
	// Deleted content is overwritten with zeros, not left in free pages.
	if _, err := db.write.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
		return r, fmt.Errorf("storage: forget: %w", err)
	}
	defer db.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA secure_delete = OFF`)
	err := db.update(ctx, func(tx *Tx) error {
		owner, _, err := useCode(ctx, tx, CodeForget, code)
		if err != nil {
			return err
		}
		if owner != memberID {
			return Errorf(ENOTFOUND, "forget_code", "forget code of member %d typed by %d", owner, memberID)
		}
		r, err = db.forget(ctx, tx, memberID)
		return err
	})
	db.forgetMembers()
	if err != nil {
		return r, err
	}
	// The WAL holds the old pages until a checkpoint copies the new ones
	// over them; a reader in the middle of a long read can hold it back,
	// and the next automatic checkpoint finishes the job.
	db.write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return r, nil
}

func (db *DB) forget(ctx context.Context, tx *Tx, id int64) (ForgetResult, error) {
	var r ForgetResult
	exec := func(what, q string, args ...any) error {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("storage: forget %s: %w", what, err)
		}
		return nil
	}
	ids, err := identitiesOf(ctx, tx, id)
	if err != nil {
		return r, err
	}
	// What went to or came from their accounts.
	if err := exec("outbox", `DELETE FROM outbox WHERE member_id = ?`, id); err != nil {
		return r, err
	}
	for _, i := range ids {
		if err := exec("outbox", `DELETE FROM outbox WHERE platform = ? AND workspace = ? AND user_id = ?`, i.Platform, i.Workspace, i.UserID); err != nil {
			return r, err
		}
		// Their reactions stay on the posted messages: keep a hash of the
		// account so a reconcile does not take them for new ones.
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO forgotten_reactions (platform, channel, message_id, user_hash)
			SELECT platform, channel, message_id, ? FROM message_reactions WHERE platform = ? AND user_id = ?`,
			ReactorHash(i.Platform, i.UserID), i.Platform, i.UserID); err != nil {
			return r, fmt.Errorf("storage: forget reactions: %w", err)
		}
		if err := exec("reactions", `DELETE FROM message_reactions WHERE platform = ? AND user_id = ?`, i.Platform, i.UserID); err != nil {
			return r, err
		}
		// Their "Interested" marks stay on Discord's events too: the same
		// hash keeps the next catch-up from taking them for new ones. A
		// Discord account is one in every guild (its identity names the
		// main one), so its marks in each guild go.
		if i.Platform != "discord" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO forgotten_event_interest (guild_id, event_id, user_hash)
			SELECT guild_id, event_id, ? FROM discord_event_interest WHERE user_id = ?`,
			ReactorHash(i.Platform, i.UserID), i.UserID); err != nil {
			return r, fmt.Errorf("storage: forget event interest: %w", err)
		}
		if err := exec("event interest", `DELETE FROM discord_event_interest WHERE user_id = ?`, i.UserID); err != nil {
			return r, err
		}
	}
	// Their problems are withdrawn: their text goes, they leave every list
	// and search, their cards say so. A workshop built from one is the
	// community's: its own title, description and participants stay.
	if r.Problems, err = int64s(ctx, tx, `SELECT id FROM problems WHERE author_id = ? ORDER BY id`, id); err != nil {
		return r, err
	}
	if len(r.Problems) > 0 {
		if err := exec("problems", `UPDATE problems SET title = ?2, description = '', withdrawn_at = ?3,
			status = CASE WHEN status IN ('open', 'workshop') THEN 'stale' ELSE status END, updated_at = ?3 WHERE author_id = ?1`,
			id, ForgottenName, unix(tx.now)); err != nil {
			return r, err
		}
		if err := exec("search index", `DELETE FROM problems_fts WHERE docid IN (SELECT id FROM problems WHERE author_id = ?)`, id); err != nil {
			return r, err
		}
		// A delete in FTS4 only adds a tombstone segment; merging the
		// segments drops the old terms for good.
		if err := exec("search index", `INSERT INTO problems_fts (problems_fts) VALUES ('optimize')`); err != nil {
			return r, err
		}
		if err := exec("problem messages", `DELETE FROM outbox WHERE state = 'pending' AND kind IN ('nudge', 'problem_posted')
			AND (json_extract(args, '$.problem') IN (SELECT id FROM problems WHERE author_id = ?1))`, id); err != nil {
			return r, err
		}
	}
	workshops := map[int64]bool{}
	// Their seats in workshops to come (a session ahead, or none planned
	// yet) are freed: the first in line gets each, with the usual message
	// and reminders. A seat in a workshop whose sessions are all past stays,
	// nameless, so the figures of what was held do not change.
	// A place in one session of a series counts when that session is
	// still to come.
	open, err := int64s(ctx, tx, `SELECT p.workshop_id FROM participants p JOIN workshops w ON w.id = p.workshop_id
		WHERE p.member_id = ?1 AND w.status = 'open' AND (
			EXISTS (SELECT 1 FROM sessions s WHERE s.workshop_id = w.id AND s.cancelled_at IS NULL AND s.starts_at > ?2)
			OR NOT EXISTS (SELECT 1 FROM sessions s WHERE s.workshop_id = w.id AND s.cancelled_at IS NULL))
		UNION SELECT o.workshop_id FROM session_members o JOIN sessions s ON s.id = o.session_id JOIN workshops w ON w.id = o.workshop_id
		WHERE o.member_id = ?1 AND w.status = 'open' AND s.cancelled_at IS NULL AND s.starts_at > ?2
		ORDER BY 1`, id, unix(tx.now))
	if err != nil {
		return r, err
	}
	for _, w := range open {
		if _, err := db.leave(ctx, tx, w, id); err != nil {
			return r, err
		}
		workshops[w] = true
	}
	// Workshops they host or sit in show their name: refresh those cards.
	wids, err := int64s(ctx, tx, `SELECT id FROM workshops WHERE host_id = ?1 UNION SELECT workshop_id FROM participants WHERE member_id = ?1
		UNION SELECT workshop_id FROM session_members WHERE member_id = ?1`, id)
	if err != nil {
		return r, err
	}
	for _, w := range wids {
		workshops[w] = true
	}
	for w := range workshops {
		r.Workshops = append(r.Workshops, w)
	}
	sort.Slice(r.Workshops, func(i, j int) bool { return r.Workshops[i] < r.Workshops[j] })
	marked, err := int64s(ctx, tx, `SELECT problem_id FROM problem_interest WHERE member_id = ? ORDER BY problem_id`, id)
	if err != nil {
		return r, err
	}
	r.Problems = mergeIDs(r.Problems, marked)

	if r.Jobs, err = forgetJobs(ctx, tx, id); err != nil {
		return r, err
	}

	for _, q := range []string{
		`UPDATE session_feedback SET comment = '' WHERE member_id = ?1`,
		`DELETE FROM identities WHERE member_id = ?1`,
		`DELETE FROM member_interests WHERE member_id = ?1`,
		`DELETE FROM reminder_optouts WHERE member_id = ?1`,
		`DELETE FROM calendar_tokens WHERE member_id = ?1`,
		`DELETE FROM member_codes WHERE member_id = ?1`,
	} {
		if err := exec("rows", q, id); err != nil {
			return r, err
		}
	}
	refs, err := memberRefs(ctx, tx)
	if err != nil {
		return r, err
	}
	for _, ref := range refs {
		if handledRefs[ref] || ref == (memberRef{"jobs", "poster_id"}) {
			continue
		}
		if tombstoneRefs[ref] {
			continue
		}
		if anonymousRefs[ref] {
			if err := exec(ref.table, `UPDATE `+quoteIdent(ref.table)+` SET `+quoteIdent(ref.column)+` = NULL WHERE `+quoteIdent(ref.column)+` = ?`, id); err != nil {
				return r, err
			}
			continue
		}
		if err := exec(ref.table, `DELETE FROM `+quoteIdent(ref.table)+` WHERE `+quoteIdent(ref.column)+` = ?`, id); err != nil {
			return r, err
		}
	}
	err = exec("member", `UPDATE members SET display_name = ?2, organisation = '', role = 'member', language = '', timezone = '', date_order = '',
		notify_platform = '', forgotten_at = ?3 WHERE id = ?1`, id, ForgottenName, unix(tx.now))
	return r, err
}

// anonymousRefs are the tables whose rows outlive a forgotten member as
// anonymous counts (the figures' numerators and denominators): forget
// empties their member column instead of deleting them.
var anonymousRefs = map[memberRef]bool{
	{"skill_answers", "member_id"}: true, {"skill_reuse", "member_id"}: true,
	{"attendance", "member_id"}: true, {"org_headcounts", "answered_by"}: true,
}

// tombstoneRefs are the tables whose rows stay with the forgotten member's
// nameless tombstone: an organisation history keeps the retention table's
// numerators and denominators right and names nobody.
var tombstoneRefs = map[memberRef]bool{{"member_orgs", "member_id"}: true}

// forgetJobs closes the jobs a member posted, when the jobs board exists:
// the rows stay for the KPIs (posted, closed, the employer's organisation,
// the tags), their title, place and apply link go, they leave the search
// index, an open one is closed (its cards then say so) and its messages not
// yet sent are dropped. That close has no closed_at: "jobs closed" counts
// the offers their poster or staff closed, and this one was neither.
func forgetJobs(ctx context.Context, tx *Tx, id int64) ([]int64, error) {
	if ok, err := hasTable(ctx, tx, "jobs"); err != nil || !ok {
		return nil, err
	}
	ids, err := int64s(ctx, tx, `SELECT id FROM jobs WHERE poster_id = ? ORDER BY id`, id)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE jobs SET title = ?2, location = '', apply_url = '', updated_at = ?3, status = 'closed'
		WHERE poster_id = ?1`, id, ForgottenName, unix(tx.now)); err != nil {
		return nil, fmt.Errorf("storage: forget jobs: %w", err)
	}
	for _, j := range ids {
		for _, kind := range []string{NoteJobPosted, NoteJobExpiring} {
			if err := dropJobNotes(ctx, tx, kind, j); err != nil {
				return nil, err
			}
		}
	}
	if ok, err := hasTable(ctx, tx, "jobs_fts"); err != nil || !ok {
		return ids, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM jobs_fts WHERE docid IN (`+idList(ids)+`)`); err != nil {
		return nil, fmt.Errorf("storage: forget jobs: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO jobs_fts (jobs_fts) VALUES ('optimize')`); err != nil {
		return nil, fmt.Errorf("storage: forget jobs: %w", err)
	}
	return ids, nil
}

func hasTable(ctx context.Context, tx *Tx, name string) (bool, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n); err != nil {
		return false, fmt.Errorf("storage: table %s: %w", name, err)
	}
	return n > 0, nil
}

// loadEach reads the ids q selects, then each row by byID: the lists of
// entities whose full read is its own function.
func loadEach[T any](ctx context.Context, tx *Tx, byID func(context.Context, *Tx, int64) (T, error), q string, args ...any) ([]T, error) {
	ids, err := int64s(ctx, tx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []T // nil when none, as callers had it
	for _, id := range ids {
		v, err := byID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func int64s(ctx context.Context, tx *Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: ids: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("storage: ids: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func mergeIDs(a, b []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range append(append([]int64{}, a...), b...) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Export is everything the community holds about a member, as JSON.
type Export struct {
	ExportedAt      time.Time                   `json:"exported_at"`
	Profile         ExportProfile               `json:"profile"`
	Accounts        []ExportAccount             `json:"accounts"`
	Interests       []string                    `json:"interests"`
	RemindersOff    bool                        `json:"reminders_off"`
	CalendarFeed    bool                        `json:"personal_calendar_feed"`
	Problems        []ExportProblem             `json:"problems"`
	ProblemMarks    []ExportMark                `json:"problem_marks"`
	Participations  []ExportParticipation       `json:"participations"`
	WorkshopsHosted []ExportWorkshop            `json:"workshops_hosted"`
	Feedback        []ExportFeedback            `json:"feedback"`
	Announcements   []ExportAnnouncement        `json:"announcements"`
	Notifications   []ExportNotification        `json:"notifications"`
	Reactions       []ExportReaction            `json:"reactions"`       // the emoji marks they put on posted cards
	EventInterest   []ExportReaction            `json:"event_interest"`  // their "Interested" on Discord's events
	Jobs            []map[string]any            `json:"jobs,omitempty"`  // jobs posted, as stored, with their tags
	Other           map[string][]map[string]any `json:"other,omitempty"` // rows of other tables that point at the member, by table
}

// ExportProfile is the member row.
type ExportProfile struct {
	ID             int64     `json:"id"`
	DisplayName    string    `json:"display_name"`
	Organisation   string    `json:"organisation"`
	Role           string    `json:"role"`
	Language       string    `json:"language"`
	Timezone       string    `json:"timezone"`
	DateOrder      string    `json:"date_order"`
	NotifyPlatform string    `json:"notify_platform"`
	CreatedAt      time.Time `json:"created_at"`
}

// ExportAccount is one platform account.
type ExportAccount struct {
	Platform  string `json:"platform"`
	Workspace string `json:"workspace"`
	UserID    string `json:"user_id"`
}

// ExportProblem is a problem the member posted.
type ExportProblem struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Tags        []string  `json:"tags"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// ExportMark is a "me too" or an offer of help.
type ExportMark struct {
	ProblemID    int64     `json:"problem_id"`
	ProblemTitle string    `json:"problem_title"`
	Kind         string    `json:"kind"`
	CreatedAt    time.Time `json:"created_at"`
}

// ExportParticipation is a seat or a place in line.
type ExportParticipation struct {
	WorkshopID    int64           `json:"workshop_id"`
	WorkshopTitle string          `json:"workshop_title"`
	State         string          `json:"state"`
	JoinedAt      time.Time       `json:"joined_at"`
	PromotedAt    *time.Time      `json:"promoted_at,omitempty"`
	Sessions      []ExportSession `json:"sessions"`
}

// ExportSession is a session of a workshop.
type ExportSession struct {
	ID        int64     `json:"id"`
	Start     time.Time `json:"start"`
	Minutes   int       `json:"duration_minutes"`
	Place     string    `json:"place"`
	Cancelled bool      `json:"cancelled"`
}

// ExportWorkshop is a workshop the member hosts.
type ExportWorkshop struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportFeedback is an answer about a session, with its comment.
type ExportFeedback struct {
	SessionID     int64     `json:"session_id"`
	WorkshopID    int64     `json:"workshop_id"`
	WorkshopTitle string    `json:"workshop_title"`
	SessionStart  time.Time `json:"session_start"`
	Score         *int      `json:"score"`
	Comment       string    `json:"comment"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// ExportAnnouncement is an announcement the member wrote.
type ExportAnnouncement struct {
	ID        int64     `json:"id"`
	Spec      string    `json:"spec"`
	Targets   string    `json:"targets"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportReaction is a mark one of the member's accounts put on a posted
// card (Channel, Message) or on a Discord scheduled event (Channel is the
// server, Message the event), which forget erases.
type ExportReaction struct {
	Platform  string    `json:"platform"`
	Channel   string    `json:"channel"`
	Message   string    `json:"message"`
	Item      string    `json:"item"` // "workshop 3", "problem 12"
	CreatedAt time.Time `json:"created_at"`
}

// ExportNotification is a direct message queued or sent to the member.
type ExportNotification struct {
	Kind      string    `json:"kind"`
	Platform  string    `json:"platform"`
	State     string    `json:"state"`
	PlannedAt time.Time `json:"planned_at"`
}

// ExportMember gathers a member's data in one read snapshot.
func (db *DB) ExportMember(ctx context.Context, id int64) (Export, error) {
	var e Export
	err := db.view(ctx, func(tx *Tx) error {
		e.ExportedAt = tx.now
		m, err := memberByID(ctx, tx, id)
		if err != nil {
			return err
		}
		e.Profile = ExportProfile{ID: m.ID, DisplayName: m.DisplayName, Organisation: m.Organisation, Role: m.Role,
			Language: m.Language, Timezone: m.Timezone, DateOrder: m.DateOrder, CreatedAt: m.CreatedAt}
		if err := tx.QueryRowContext(ctx, `SELECT notify_platform,
			EXISTS (SELECT 1 FROM reminder_optouts WHERE member_id = ?1), EXISTS (SELECT 1 FROM calendar_tokens WHERE member_id = ?1)
			FROM members WHERE id = ?1`, id).Scan(&e.Profile.NotifyPlatform, &e.RemindersOff, &e.CalendarFeed); err != nil {
			return fmt.Errorf("storage: export: %w", err)
		}
		e.Accounts = []ExportAccount{}
		for _, i := range m.Identities {
			e.Accounts = append(e.Accounts, ExportAccount{i.Platform, i.Workspace, i.UserID})
		}
		e.Interests = append([]string{}, m.Interests...)
		return exportRows(ctx, tx, id, &e)
	})
	return e, err
}

func exportRows(ctx context.Context, tx *Tx, id int64, e *Export) error {
	each := func(q string, scan func(sc interface{ Scan(...any) error }) error, args ...any) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("storage: export: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("storage: export: %w", err)
			}
		}
		return rows.Err()
	}
	e.Problems, e.ProblemMarks, e.Participations = []ExportProblem{}, []ExportMark{}, []ExportParticipation{}
	e.WorkshopsHosted, e.Feedback, e.Announcements, e.Notifications = []ExportWorkshop{}, []ExportFeedback{}, []ExportAnnouncement{}, []ExportNotification{}
	e.Reactions, e.EventInterest = []ExportReaction{}, []ExportReaction{}
	reaction := func(into *[]ExportReaction) func(sc interface{ Scan(...any) error }) error {
		return func(sc interface{ Scan(...any) error }) error {
			var r ExportReaction
			var at int64
			err := sc.Scan(&r.Platform, &r.Channel, &r.Message, &r.Item, &at)
			r.CreatedAt = fromUnix(at)
			*into = append(*into, r)
			return err
		}
	}
	if err := each(`SELECT r.platform, r.channel, r.message_id, COALESCE((SELECT kind || ' ' || entity_id FROM message_refs m
		WHERE m.platform = r.platform AND m.channel = r.channel AND m.message_id = r.message_id), ''), r.created_at
		FROM message_reactions r JOIN identities i ON i.platform = r.platform AND i.user_id = r.user_id
		WHERE i.member_id = ? ORDER BY r.created_at`, reaction(&e.Reactions), id); err != nil {
		return err
	}
	if err := each(`SELECT 'discord', d.guild_id, d.event_id, COALESCE((SELECT 'workshop ' || workshop_id FROM discord_events e
		WHERE e.guild_id = d.guild_id AND e.event_id = d.event_id), ''), d.created_at
		FROM discord_event_interest d JOIN identities i ON i.platform = 'discord' AND i.user_id = d.user_id
		WHERE i.member_id = ? ORDER BY d.created_at`, reaction(&e.EventInterest), id); err != nil {
		return err
	}
	if err := each(`SELECT p.id, p.title, p.description, p.status, p.created_at, p.updated_at,
		COALESCE((SELECT group_concat(tag, ' ') FROM (SELECT tag FROM problem_tags WHERE problem_id = p.id ORDER BY tag)), '')
		FROM problems p WHERE p.author_id = ? ORDER BY p.id`, func(sc interface{ Scan(...any) error }) error {
		var p ExportProblem
		var created, updated int64
		var tags string
		err := sc.Scan(&p.ID, &p.Title, &p.Description, &p.Status, &created, &updated, &tags)
		p.CreatedAt, p.UpdatedAt, p.Tags = fromUnix(created), fromUnix(updated), append([]string{}, splitTags(tags)...)
		e.Problems = append(e.Problems, p)
		return err
	}, id); err != nil {
		return err
	}
	if err := each(`SELECT i.problem_id, COALESCE((SELECT title FROM problems WHERE id = i.problem_id), ''), i.kind, i.created_at
		FROM problem_interest i WHERE i.member_id = ? ORDER BY i.problem_id`, func(sc interface{ Scan(...any) error }) error {
		var m ExportMark
		var created int64
		err := sc.Scan(&m.ProblemID, &m.ProblemTitle, &m.Kind, &created)
		m.CreatedAt = fromUnix(created)
		e.ProblemMarks = append(e.ProblemMarks, m)
		return err
	}, id); err != nil {
		return err
	}
	if err := each(`SELECT p.workshop_id, COALESCE((SELECT title FROM workshops WHERE id = p.workshop_id), ''), p.state, p.joined_at, p.promoted_at
		FROM participants p WHERE p.member_id = ? ORDER BY p.workshop_id`, func(sc interface{ Scan(...any) error }) error {
		var p ExportParticipation
		var joined int64
		var promoted sql.NullInt64
		err := sc.Scan(&p.WorkshopID, &p.WorkshopTitle, &p.State, &joined, &promoted)
		p.JoinedAt = fromUnix(joined)
		if promoted.Valid {
			t := fromUnix(promoted.Int64)
			p.PromotedAt = &t
		}
		e.Participations = append(e.Participations, p)
		return err
	}, id); err != nil {
		return err
	}
	for i := range e.Participations {
		ss, err := sessionsOf(ctx, tx, e.Participations[i].WorkshopID)
		if err != nil {
			return err
		}
		e.Participations[i].Sessions = []ExportSession{}
		for _, s := range ss {
			e.Participations[i].Sessions = append(e.Participations[i].Sessions,
				ExportSession{ID: s.ID, Start: s.Start, Minutes: int(s.Duration / time.Minute), Place: s.Place, Cancelled: s.Cancelled})
		}
	}
	if err := each(`SELECT id, title, status, created_at FROM workshops WHERE host_id = ? ORDER BY id`, func(sc interface{ Scan(...any) error }) error {
		var w ExportWorkshop
		var created int64
		err := sc.Scan(&w.ID, &w.Title, &w.Status, &created)
		w.CreatedAt = fromUnix(created)
		e.WorkshopsHosted = append(e.WorkshopsHosted, w)
		return err
	}, id); err != nil {
		return err
	}
	if err := each(`SELECT f.session_id, s.workshop_id, COALESCE((SELECT title FROM workshops WHERE id = s.workshop_id), ''), s.starts_at,
		f.score, f.comment, f.updated_at FROM session_feedback f, sessions s WHERE s.id = f.session_id AND f.member_id = ? ORDER BY s.starts_at, f.session_id`,
		func(sc interface{ Scan(...any) error }) error {
			var f ExportFeedback
			var start, updated int64
			var score sql.NullInt64
			err := sc.Scan(&f.SessionID, &f.WorkshopID, &f.WorkshopTitle, &start, &score, &f.Comment, &updated)
			f.SessionStart, f.UpdatedAt = fromUnix(start), fromUnix(updated)
			if score.Valid {
				s := int(score.Int64)
				f.Score = &s
			}
			e.Feedback = append(e.Feedback, f)
			return err
		}, id); err != nil {
		return err
	}
	if err := each(`SELECT id, spec, targets, text, created_at FROM announcements WHERE author_id = ? ORDER BY id`, func(sc interface{ Scan(...any) error }) error {
		var a ExportAnnouncement
		var created int64
		err := sc.Scan(&a.ID, &a.Spec, &a.Targets, &a.Text, &created)
		a.CreatedAt = fromUnix(created)
		e.Announcements = append(e.Announcements, a)
		return err
	}, id); err != nil {
		return err
	}
	if err := each(`SELECT kind, platform, state, planned_at FROM outbox WHERE member_id = ? ORDER BY planned_at, id`, func(sc interface{ Scan(...any) error }) error {
		var n ExportNotification
		var planned int64
		err := sc.Scan(&n.Kind, &n.Platform, &n.State, &planned)
		n.PlannedAt = fromUnix(planned)
		e.Notifications = append(e.Notifications, n)
		return err
	}, id); err != nil {
		return err
	}
	// Tables of later features, row by row as stored.
	refs, err := memberRefs(ctx, tx)
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if handledRefs[ref] {
			continue
		}
		rows, err := tx.QueryContext(ctx, `SELECT * FROM `+quoteIdent(ref.table)+` WHERE `+quoteIdent(ref.column)+` = ?`, id)
		if err != nil {
			return fmt.Errorf("storage: export %s: %w", ref.table, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return fmt.Errorf("storage: export %s: %w", ref.table, err)
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return fmt.Errorf("storage: export %s: %w", ref.table, err)
			}
			row := map[string]any{}
			for i, c := range cols {
				if b, ok := vals[i].([]byte); ok {
					vals[i] = string(b)
				}
				row[c] = vals[i]
			}
			if ref.table == "jobs" {
				e.Jobs = append(e.Jobs, row)
				continue
			}
			if e.Other == nil {
				e.Other = map[string][]map[string]any{}
			}
			e.Other[ref.table] = append(e.Other[ref.table], row)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("storage: export %s: %w", ref.table, err)
		}
	}
	for _, j := range e.Jobs {
		id, _ := j["id"].(int64)
		var tags string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(group_concat(tag, ' '), '') FROM (SELECT tag FROM job_tags WHERE job_id = ? ORDER BY tag)`, id).Scan(&tags); err != nil {
			return fmt.Errorf("storage: export job tags: %w", err)
		}
		j["tags"] = append([]string{}, splitTags(tags)...)
	}
	return nil
}
