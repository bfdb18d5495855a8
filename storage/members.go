package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Roles a member can hold.
const (
	RoleMember     = "member"
	RoleResearcher = "researcher"
	RoleStaff      = "staff"
)

// Identity is one account of a member on one platform.
type Identity struct {
	Platform  string // "slack", "discord", "console"
	Workspace string // Slack team id, Discord guild id, "local" on the console
	UserID    string
}

// Member is one person, whatever platforms they use.
type Member struct {
	ID           int64
	DisplayName  string
	Organisation string
	Role         string
	Language     string // "" = not chosen
	Timezone     string // "" = not chosen
	DateOrder    string // "dmy", "mdy", "" = the community's
	Chapter      string // the chapter's id, "" = none (the community's defaults)
	CreatedAt    time.Time
	Interests    []string
	Identities   []Identity
}

// IsStaff reports whether the member may run staff commands.
func (m Member) IsStaff() bool { return m.Role == RoleStaff }

// ResolveMember returns the member behind an identity, creating them on first
// contact. staff is what the configuration says of this identity: the role
// follows it, so removing someone from the staff list takes effect at once.
// chapter is the chapter the request came from: a newcomer belongs to it
// (an unknown or archived one is ignored); a known member keeps theirs.
// The common case, a known member with nothing changed, is one read.
func (db *DB) ResolveMember(ctx context.Context, id Identity, displayName string, staff bool, chapter string) (Member, error) {
	if id.Platform == "" || id.UserID == "" {
		return Member{}, Errorf(EINVALID, "identity", "identity needs a platform and a user id")
	}
	db.membersMu.Lock()
	m, ok := db.members[id]
	gen := db.membersGen
	db.membersMu.Unlock()
	if ok && !needsSync(m, displayName, staff) {
		return m, nil
	}
	m, err := scanMember(db.read.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members
		WHERE id = (SELECT member_id FROM identities WHERE platform = ? AND workspace = ? AND user_id = ?)`, id.Platform, id.Workspace, id.UserID))
	if errors.Is(err, sql.ErrNoRows) {
		err = Errorf(ENOTFOUND, "member", "no member for %s/%s/%s", id.Platform, id.Workspace, id.UserID)
	} else if err != nil {
		err = fmt.Errorf("storage: resolve member: %w", err)
	}
	if err == nil && !needsSync(m, displayName, staff) {
		db.cacheMember(id, m, gen)
		return m, nil
	}
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return Member{}, err
	}
	created, changed := false, false
	err = db.update(ctx, func(tx *Tx) error {
		var err error
		m, err = memberByIdentity(ctx, tx, id)
		created = ErrorCode(err) == ENOTFOUND
		changed = created || (err == nil && needsSync(m, displayName, staff))
		switch {
		case !changed && err == nil:
			// Another request of the same newcomer created them since
			// the read above: nothing to write.
			return nil
		case created:
			role := RoleMember
			if staff {
				role = RoleStaff
			}
			if chapter != "" && !openChapter(ctx, tx, chapter) {
				chapter = ""
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO members (display_name, role, chapter, created_at) VALUES (?, ?, ?, ?)`,
				displayName, role, chapter, unix(tx.now))
			if err != nil {
				return fmt.Errorf("storage: create member: %w", err)
			}
			mid, _ := res.LastInsertId()
			name := displayName
			if name == "" {
				// The platform could not name them (its look-up failed): a
				// stand-in, never the platform's raw id, until a later
				// request names them.
				name = standInName(mid)
				if _, err := tx.ExecContext(ctx, `UPDATE members SET display_name = ? WHERE id = ?`, name, mid); err != nil {
					return fmt.Errorf("storage: create member: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO identities (platform, workspace, user_id, member_id) VALUES (?, ?, ?, ?)`,
				id.Platform, id.Workspace, id.UserID, mid); err != nil {
				return fmt.Errorf("storage: create identity: %w", err)
			}
			// What was just written, as memberByID would read it back: a
			// burst of newcomers queues on the writer, so no read-back.
			m = Member{ID: mid, DisplayName: name, Role: role, Chapter: chapter, CreatedAt: fromUnix(unix(tx.now)), Identities: []Identity{id}}
			return nil
		case err != nil:
			return err
		default:
			role := m.Role
			if staff {
				role = RoleStaff
			} else if role == RoleStaff {
				role = RoleMember
			}
			name := m.DisplayName
			if displayName != "" {
				name = displayName
			}
			if _, err := tx.ExecContext(ctx, `UPDATE members SET display_name = ?, role = ? WHERE id = ?`, name, role, m.ID); err != nil {
				return fmt.Errorf("storage: sync member: %w", err)
			}
		}
		m, err = memberByIdentity(ctx, tx, id)
		return err
	})
	if err == nil {
		// A new member changes no cached profile: a burst of newcomers
		// leaves the others' cache alone. A changed one may be cached
		// under each of its identities, so the cache goes.
		if changed && !created {
			db.forgetMembers()
		}
		m.Identities = nil // as the cached path returns it
		// Kept only if no member changed since this call began: m was
		// read before the commit of any such change.
		db.cacheMember(id, m, gen)
	}
	return m, err
}

// standInName is the name of a member the platform has not named yet.
func standInName(id int64) string { return fmt.Sprintf("member %d", id) }

// Unnamed reports whether the platform should be asked for the name of the
// member behind id: nobody yet, or a member known only by a stand-in (or,
// in databases from before stand-ins, by their raw platform id).
func (db *DB) Unnamed(ctx context.Context, id Identity) (bool, error) {
	db.membersMu.Lock()
	m, ok := db.members[id]
	db.membersMu.Unlock()
	if !ok {
		var mid int64
		err := db.read.QueryRowContext(ctx, `SELECT m.id, m.display_name FROM identities i JOIN members m ON m.id = i.member_id
			WHERE i.platform = ? AND i.workspace = ? AND i.user_id = ?`, id.Platform, id.Workspace, id.UserID).Scan(&mid, &m.DisplayName)
		if errors.Is(err, sql.ErrNoRows) {
			return true, nil
		}
		if err != nil {
			return false, fmt.Errorf("storage: unnamed: %w", err)
		}
		m.ID = mid
	}
	return m.DisplayName == "" || m.DisplayName == id.UserID || m.DisplayName == standInName(m.ID), nil
}

// cacheMember keeps m, read when the cache was at generation gen. A write
// to a member committed since then moved the generation on, and m may be
// the profile from before it: it is not kept.
func (db *DB) cacheMember(id Identity, m Member, gen uint64) {
	db.membersMu.Lock()
	defer db.membersMu.Unlock()
	if gen != db.membersGen {
		return
	}
	// A bound keeps a flood of one-off identities from growing memory.
	if len(db.members) >= 100000 {
		clear(db.members)
	}
	db.members[id] = m
}

// forgetMembers drops the cache; every write to a member calls it, after
// its transaction, so no reader sees the old profile afterwards.
func (db *DB) forgetMembers() uint64 {
	db.membersMu.Lock()
	defer db.membersMu.Unlock()
	clear(db.members)
	db.membersGen++
	return db.membersGen
}

func needsSync(m Member, displayName string, staff bool) bool {
	return (displayName != "" && displayName != m.DisplayName) || staff != m.IsStaff()
}

func memberByIdentity(ctx context.Context, tx *Tx, id Identity) (Member, error) {
	var mid int64
	err := tx.QueryRowContext(ctx, `SELECT member_id FROM identities WHERE platform = ? AND workspace = ? AND user_id = ?`,
		id.Platform, id.Workspace, id.UserID).Scan(&mid)
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, Errorf(ENOTFOUND, "member", "no member for %s/%s/%s", id.Platform, id.Workspace, id.UserID)
	}
	if err != nil {
		return Member{}, fmt.Errorf("storage: find identity: %w", err)
	}
	return memberByID(ctx, tx, mid)
}

const memberColumns = `members.id, members.display_name, members.organisation, members.role, members.language, members.timezone, members.date_order, members.chapter, members.created_at,
	(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM member_interests WHERE member_id = members.id ORDER BY tag))`

// scanMember reads memberColumns; identities are left to memberByID.
func scanMember(row *sql.Row) (Member, error) {
	var m Member
	var created int64
	var interests sql.NullString
	err := row.Scan(&m.ID, &m.DisplayName, &m.Organisation, &m.Role, &m.Language, &m.Timezone, &m.DateOrder, &m.Chapter, &created, &interests)
	m.CreatedAt = fromUnix(created)
	m.Interests = splitTags(interests.String)
	return m, err
}

func memberByID(ctx context.Context, tx *Tx, id int64) (Member, error) {
	m, err := scanMember(tx.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, Errorf(ENOTFOUND, "member", "no member %d", id)
	}
	if err != nil {
		return Member{}, fmt.Errorf("storage: find member: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT platform, workspace, user_id FROM identities WHERE member_id = ? ORDER BY platform, workspace, user_id`, id)
	if err != nil {
		return Member{}, fmt.Errorf("storage: member identities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i Identity
		if err := rows.Scan(&i.Platform, &i.Workspace, &i.UserID); err != nil {
			return Member{}, fmt.Errorf("storage: member identities: %w", err)
		}
		m.Identities = append(m.Identities, i)
	}
	return m, rows.Err()
}

// Member returns a member by id.
func (db *DB) Member(ctx context.Context, id int64) (Member, error) {
	var m Member
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		m, err = memberByID(ctx, tx, id)
		return err
	})
	return m, err
}

// MemberUpdate lists the profile fields to change; nil leaves a field alone.
type MemberUpdate struct {
	Organisation *string
	Role         *string
	Language     *string
	Timezone     *string
	DateOrder    *string
	Chapter      *string // an open chapter's id, or "" for none
}

// Limits on member fields.
const MaxOrganisation = 100

// UpdateMember changes a member's profile. Staff is granted by the
// configuration only, so nobody can make themselves staff here.
func (db *DB) UpdateMember(ctx context.Context, id int64, u MemberUpdate) (Member, error) {
	var m Member
	err := db.update(ctx, func(tx *Tx) error {
		cur, err := memberByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if u.Organisation != nil {
			org := CleanLine(*u.Organisation)
			if org == "" {
				return Errorf(EINVALID, "organisation_empty", "organisation is empty")
			}
			if len([]rune(org)) > MaxOrganisation {
				return Errorf(EINVALID, "organisation_too_long", "organisation over %d characters", MaxOrganisation)
			}
			if org != cur.Organisation {
				// The change is dated: retention reads this history.
				if err := recordOrg(ctx, tx, id, org, tx.now, "member"); err != nil {
					return err
				}
			}
			cur.Organisation = org
		}
		if u.Role != nil {
			if *u.Role != RoleMember && *u.Role != RoleResearcher {
				return Errorf(EINVALID, "role", "role %q cannot be chosen", *u.Role)
			}
			if cur.Role == RoleStaff {
				return Errorf(EFORBIDDEN, "role_staff", "staff role comes from the configuration")
			}
			cur.Role = *u.Role
		}
		if u.Language != nil {
			cur.Language = *u.Language
		}
		if u.Timezone != nil {
			if _, err := time.LoadLocation(*u.Timezone); err != nil || *u.Timezone == "" || *u.Timezone == "Local" {
				return Errorf(EINVALID, "timezone", "unknown time zone %q", *u.Timezone)
			}
			cur.Timezone = *u.Timezone
		}
		if u.DateOrder != nil {
			if *u.DateOrder != "dmy" && *u.DateOrder != "mdy" && *u.DateOrder != "" {
				return Errorf(EINVALID, "date_order", "date order %q is neither dmy nor mdy", *u.DateOrder)
			}
			cur.DateOrder = *u.DateOrder
		}
		if u.Chapter != nil {
			if *u.Chapter != "" && !openChapter(ctx, tx, *u.Chapter) {
				return Errorf(EINVALID, "chapter", "no open chapter %q", *u.Chapter)
			}
			cur.Chapter = *u.Chapter
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET organisation = ?, role = ?, language = ?, timezone = ?, date_order = ?, chapter = ? WHERE id = ?`,
			cur.Organisation, cur.Role, cur.Language, cur.Timezone, cur.DateOrder, cur.Chapter, id); err != nil {
			return fmt.Errorf("storage: update member: %w", err)
		}
		m, err = memberByID(ctx, tx, id)
		return err
	})
	db.forgetMembers()
	return m, err
}

// AddInterests adds tags to a member's interests; tags must be normalised
// (see NormalizeTags).
func (db *DB) AddInterests(ctx context.Context, memberID int64, tags []string) (Member, error) {
	return db.changeInterests(ctx, memberID, tags, `INSERT OR IGNORE INTO member_interests (member_id, tag) VALUES (?, ?)`)
}

// RemoveInterests removes tags from a member's interests.
func (db *DB) RemoveInterests(ctx context.Context, memberID int64, tags []string) (Member, error) {
	return db.changeInterests(ctx, memberID, tags, `DELETE FROM member_interests WHERE member_id = ? AND tag = ?`)
}

// MaxInterests bounds a member's interest list.
const MaxInterests = 30

func (db *DB) changeInterests(ctx context.Context, memberID int64, tags []string, stmt string) (Member, error) {
	var m Member
	err := db.update(ctx, func(tx *Tx) error {
		if err := validateTags(tags); err != nil {
			return err
		}
		if len(tags) == 0 {
			return Errorf(EINVALID, "tags_missing", "no tags given")
		}
		for _, t := range tags {
			if _, err := tx.ExecContext(ctx, stmt, memberID, t); err != nil {
				return fmt.Errorf("storage: change interests: %w", err)
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_interests WHERE member_id = ?`, memberID).Scan(&n); err != nil {
			return fmt.Errorf("storage: count interests: %w", err)
		}
		if n > MaxInterests {
			return Errorf(EINVALID, "too_many_tags", "more than %d interests", MaxInterests)
		}
		var err error
		m, err = memberByID(ctx, tx, memberID)
		return err
	})
	db.forgetMembers()
	return m, err
}

// memberNames runs a query of display names, for lists of people.
func stringsOf(ctx context.Context, tx *Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("storage: member names: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("storage: list: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}
