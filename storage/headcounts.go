package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// NoteHeadcountAsk asks an organisation's HR contact for its figures of a
// half-year.
const NoteHeadcountAsk = "headcount_ask"

// OrgContact is an organisation's HR contact.
type OrgContact struct {
	Organisation string
	MemberID     int64
	Name         string
}

// SetOrgContact makes a member the HR contact of an organisation (one per
// organisation; a new one replaces the old).
func (db *DB) SetOrgContact(ctx context.Context, organisation string, memberID int64) error {
	organisation = CleanLine(organisation)
	if organisation == "" {
		return Errorf(EINVALID, "organisation_empty", "no organisation")
	}
	if len([]rune(organisation)) > MaxOrganisation {
		return Errorf(EINVALID, "organisation_too_long", "organisation over %d characters", MaxOrganisation)
	}
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO org_contacts (organisation, member_id, assigned_at) VALUES (?, ?, ?)
			ON CONFLICT (organisation) DO UPDATE SET member_id = excluded.member_id, assigned_at = excluded.assigned_at`,
			organisation, memberID, unix(tx.now))
		return wrapErr("storage: org contact", err)
	})
}

// OrgContacts lists the HR contacts, by organisation.
func (db *DB) OrgContacts(ctx context.Context) ([]OrgContact, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT c.organisation, c.member_id, m.display_name FROM org_contacts c
		JOIN members m ON m.id = c.member_id ORDER BY c.organisation`)
	if err != nil {
		return nil, fmt.Errorf("storage: org contacts: %w", err)
	}
	defer rows.Close()
	var out []OrgContact
	for rows.Next() {
		var c OrgContact
		if err := rows.Scan(&c.Organisation, &c.MemberID, &c.Name); err != nil {
			return nil, fmt.Errorf("storage: org contacts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// HalfYear is the label of the half-year t falls in, in loc: "2027-H1".
func HalfYear(t time.Time, loc *time.Location) string {
	l := t.In(loc)
	h := 1
	if l.Month() > time.June {
		h = 2
	}
	return fmt.Sprintf("%d-H%d", l.Year(), h)
}

// Headcount is an organisation's figures of a half-year.
type Headcount struct {
	Organisation string
	Period       string
	Headcount    int
	Departures   int
}

// RecordHeadcount stores an organisation's figures for a half-year; only
// its HR contact (or staff) may give them, and giving them again
// replaces them.
func (db *DB) RecordHeadcount(ctx context.Context, h Headcount, by Member) error {
	if h.Headcount < 0 || h.Departures < 0 || h.Departures > 1000000 || h.Headcount > 1000000 {
		return Errorf(EINVALID, "headcount_range", "figures out of range")
	}
	return db.update(ctx, func(tx *Tx) error {
		var contact int64
		err := tx.QueryRowContext(ctx, `SELECT member_id FROM org_contacts WHERE organisation = ? COLLATE NOCASE`, h.Organisation).Scan(&contact)
		if errors.Is(err, sql.ErrNoRows) {
			return Errorf(ENOTFOUND, "org_contact", "no HR contact for %q", h.Organisation)
		}
		if err != nil {
			return fmt.Errorf("storage: headcount: %w", err)
		}
		if contact != by.ID && !by.IsStaff() {
			return Errorf(EFORBIDDEN, "not_org_contact", "member %d is not the HR contact of %q", by.ID, h.Organisation)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO org_headcounts (organisation, period, headcount, departures, answered_by, answered_at)
			VALUES ((SELECT organisation FROM org_contacts WHERE organisation = ?1 COLLATE NOCASE), ?2, ?3, ?4, ?5, ?6)
			ON CONFLICT (organisation, period) DO UPDATE SET headcount = excluded.headcount, departures = excluded.departures,
			answered_by = excluded.answered_by, answered_at = excluded.answered_at`,
			h.Organisation, h.Period, h.Headcount, h.Departures, by.ID, unix(tx.now))
		return wrapErr("storage: headcount", err)
	})
}

// Headcounts lists the figures organisations gave, latest period first
// for each organisation.
func (db *DB) Headcounts(ctx context.Context) ([]Headcount, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT organisation, period, headcount, departures FROM org_headcounts
		ORDER BY organisation, period DESC`)
	if err != nil {
		return nil, fmt.Errorf("storage: headcounts: %w", err)
	}
	defer rows.Close()
	var out []Headcount
	for rows.Next() {
		var h Headcount
		if err := rows.Scan(&h.Organisation, &h.Period, &h.Headcount, &h.Departures); err != nil {
			return nil, fmt.Errorf("storage: headcounts: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
