package storage

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Retention answers the club's second question: did member organisations
// keep their data scientists? It reads the organisation history members
// and staff record (member_orgs), never activity: a member who stops
// coming is not counted as gone.

// recordOrg dates a member's organisation; a second change the same
// second replaces the first.
func recordOrg(ctx context.Context, tx *Tx, memberID int64, org string, since time.Time, source string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO member_orgs (member_id, since, organisation, source, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO UPDATE SET organisation = excluded.organisation, source = excluded.source, created_at = excluded.created_at`,
		memberID, unix(since), org, source, unix(tx.now)); err != nil {
		return fmt.Errorf("storage: record organisation: %w", err)
	}
	return nil
}

// OrgStart is one line of a staff import: a member joined an organisation
// on a date.
type OrgStart struct {
	MemberID     int64
	Organisation string
	Since        time.Time
}

// ImportOrgStarts records staff-imported start dates, all or none. A
// member's current organisation becomes that of their latest row.
func (db *DB) ImportOrgStarts(ctx context.Context, rows []OrgStart) error {
	for i := range rows {
		rows[i].Organisation = CleanLine(rows[i].Organisation)
		if rows[i].Organisation == "" {
			return Errorf(EINVALID, "organisation_empty", "row %d: organisation is empty", i+1)
		}
		if len([]rune(rows[i].Organisation)) > MaxOrganisation {
			return Errorf(EINVALID, "organisation_too_long", "row %d: organisation too long", i+1)
		}
	}
	err := db.update(ctx, func(tx *Tx) error {
		for _, r := range rows {
			if _, err := memberByID(ctx, tx, r.MemberID); err != nil {
				return err
			}
			if err := recordOrg(ctx, tx, r.MemberID, r.Organisation, r.Since, "import"); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE members SET organisation = (SELECT organisation FROM member_orgs WHERE member_id = ?1 ORDER BY since DESC LIMIT 1)
				WHERE id = ?1 AND forgotten_at IS NULL`, r.MemberID); err != nil {
				return fmt.Errorf("storage: import organisations: %w", err)
			}
		}
		return nil
	})
	db.forgetMembers()
	return err
}

// OrgChange is a dated row of a member's own history.
type OrgChange struct {
	Since        time.Time
	Organisation string
	Source       string
}

// OrgHistory returns a member's own organisation history, oldest first.
func (db *DB) OrgHistory(ctx context.Context, memberID int64) ([]OrgChange, error) {
	var out []OrgChange
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT since, organisation, source FROM member_orgs WHERE member_id = ? ORDER BY since`, memberID)
		if err != nil {
			return fmt.Errorf("storage: organisation history: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c OrgChange
			var since int64
			if err := rows.Scan(&since, &c.Organisation, &c.Source); err != nil {
				return fmt.Errorf("storage: organisation history: %w", err)
			}
			c.Since = fromUnix(since)
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// RetentionGroup is one organisation's cohort, split by participation.
// Kept counts members still with the organisation at the end.
type RetentionGroup struct {
	Members, Kept int
}

// RetentionRow is one organisation's line.
type RetentionRow struct {
	Organisation    string
	Participants    RetentionGroup
	NonParticipants RetentionGroup
}

// Retention is the retention table of a cohort date.
type Retention struct {
	From, To    time.Time // the cohort date and 12 months later
	MinSessions int
	Rows        []RetentionRow // by organisation name
}

// RetentionAt builds the table: for each organisation, the members its
// history places there at from, and how many of them the history still
// places there at to. A participant took part in at least minSessions
// sessions (not cancelled, seat taken) of workshops held between from and
// to. Members without any history row at from are not in the table.
func (db *DB) RetentionAt(ctx context.Context, from, to time.Time, minSessions int) (Retention, error) {
	ret := Retention{From: from, To: to, MinSessions: minSessions}
	if !from.Before(to) {
		return ret, Errorf(EINVALID, "stats_period", "retention from %v to %v", from, to)
	}
	err := db.view(ctx, func(tx *Tx) error {
		// The organisation of each member at a date is their latest row
		// on or before it; a member's rows are few, so the correlated
		// lookup walks the primary key.
		rows, err := tx.QueryContext(ctx, `
			WITH at_from AS (
				SELECT m.member_id, (SELECT organisation FROM member_orgs WHERE member_id = m.member_id AND since <= ?1 ORDER BY since DESC LIMIT 1) AS org
				FROM (SELECT DISTINCT member_id FROM member_orgs WHERE since <= ?1) m
			),
			at_to AS (
				SELECT member_id, (SELECT organisation FROM member_orgs WHERE member_id = f.member_id AND since <= ?2 ORDER BY since DESC LIMIT 1) AS org
				FROM at_from f
			),
			took AS (
				SELECT y.member_id, COUNT(*) AS n FROM sessions s JOIN session_seats y ON y.session_id = s.id
				WHERE s.starts_at >= ?1 AND s.starts_at < ?2 AND s.cancelled_at IS NULL GROUP BY y.member_id
			)
			SELECT f.org, COALESCE(k.n, 0) >= ?3, COUNT(*), SUM(t.org = f.org)
			FROM at_from f JOIN at_to t ON t.member_id = f.member_id LEFT JOIN took k ON k.member_id = f.member_id
			GROUP BY 1, 2`, unix(from), unix(to), minSessions)
		if err != nil {
			return fmt.Errorf("storage: retention: %w", err)
		}
		defer rows.Close()
		byOrg := map[string]*RetentionRow{}
		for rows.Next() {
			var org string
			var part bool
			var g RetentionGroup
			if err := rows.Scan(&org, &part, &g.Members, &g.Kept); err != nil {
				return fmt.Errorf("storage: retention: %w", err)
			}
			r := byOrg[org]
			if r == nil {
				r = &RetentionRow{Organisation: org}
				byOrg[org] = r
			}
			if part {
				r.Participants = g
			} else {
				r.NonParticipants = g
			}
		}
		for _, r := range byOrg {
			ret.Rows = append(ret.Rows, *r)
		}
		sort.Slice(ret.Rows, func(i, j int) bool { return ret.Rows[i].Organisation < ret.Rows[j].Organisation })
		return rows.Err()
	})
	return ret, err
}
