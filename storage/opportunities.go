package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// OpenToOpportunitiesFor is how long "open to opportunities" lasts before
// it lapses by itself; saying it again starts the 90 days again.
const OpenToOpportunitiesFor = 90 * 24 * time.Hour

// SetOpenToOpportunities opens a member to opportunities from now for
// OpenToOpportunitiesFor, or (on false) stops it at once. It returns when
// it lapses (zero when stopped).
func (db *DB) SetOpenToOpportunities(ctx context.Context, memberID int64, on bool) (time.Time, error) {
	var until time.Time
	err := db.update(ctx, func(tx *Tx) error {
		if !on {
			if _, err := tx.ExecContext(ctx, `DELETE FROM opportunity_openings WHERE member_id = ?`, memberID); err != nil {
				return fmt.Errorf("storage: close opportunities: %w", err)
			}
			return nil
		}
		until = tx.now.Add(OpenToOpportunitiesFor).Truncate(time.Second)
		if _, err := tx.ExecContext(ctx, `INSERT INTO opportunity_openings (member_id, until, created_at) VALUES (?1, ?2, ?3)
			ON CONFLICT (member_id) DO UPDATE SET until = ?2`, memberID, unix(until), unix(tx.now)); err != nil {
			return fmt.Errorf("storage: open to opportunities: %w", err)
		}
		return nil
	})
	return until, err
}

// OpenToOpportunitiesUntil says until when a member is open to
// opportunities; ok is false when they are not (never, stopped or lapsed).
func (db *DB) OpenToOpportunitiesUntil(ctx context.Context, memberID int64) (until time.Time, ok bool, err error) {
	var u int64
	err = db.view(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT until FROM opportunity_openings WHERE member_id = ? AND until > ?`, memberID, unix(tx.now)).Scan(&u)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("storage: opportunities: %w", err)
	}
	return fromUnix(u), true, nil
}

// Candidate is a member open to opportunities, as a recruiter sees them.
type Candidate struct {
	MemberID     int64
	Name         string
	Organisation string
	Interests    []string
	Until        time.Time
}

// Candidates lists, to a recruiter, the members open to opportunities,
// the most recently (re)opened first. A recruiter is a member of an organisation (their
// /me org) with a job offer listed: staff rights do not make one. Never
// listed: the recruiter, forgotten members, and any member whose
// organisation (case aside) is the recruiter's or one the recruiter's
// listed offers name, so that an employer never learns its own people are
// looking.
func (db *DB) Candidates(ctx context.Context, recruiterID int64) ([]Candidate, error) {
	var out []Candidate
	err := db.view(ctx, func(tx *Tx) error {
		var org string
		var listed int
		if err := tx.QueryRowContext(ctx, `SELECT organisation, (SELECT COUNT(*) FROM jobs WHERE poster_id = ?1 AND status = 'open' AND expires_at > ?2)
			FROM members WHERE id = ?1`, recruiterID, unix(tx.now)).Scan(&org, &listed); err != nil {
			return fmt.Errorf("storage: recruiter: %w", err)
		}
		if strings.TrimSpace(org) == "" || listed == 0 {
			return Errorf(EFORBIDDEN, "not_recruiter", "member %d has no organisation or no listed job", recruiterID)
		}
		var err error
		out, err = rowsOf(ctx, tx, "candidates", `SELECT m.id, m.display_name, m.organisation, o.until,
				COALESCE((SELECT group_concat(tag, ' ') FROM (SELECT tag FROM member_interests WHERE member_id = m.id ORDER BY tag)), '')
			FROM opportunity_openings o JOIN members m ON m.id = o.member_id
			WHERE o.until > ?2 AND m.id <> ?1 AND m.forgotten_at IS NULL
			AND (m.organisation = '' OR org_key(m.organisation) NOT IN (
				SELECT org_key(organisation) FROM members WHERE id = ?1
				UNION SELECT org_key(organisation) FROM jobs WHERE poster_id = ?1 AND status = 'open' AND expires_at > ?2))
			ORDER BY o.until DESC, m.id`, func(sc interface{ Scan(...any) error }) (Candidate, error) {
			var c Candidate
			var until int64
			var tags string
			err := sc.Scan(&c.MemberID, &c.Name, &c.Organisation, &until, &tags)
			c.Until, c.Interests = fromUnix(until), splitTags(tags)
			return c, err
		}, recruiterID, unix(tx.now))
		return err
	})
	return out, err
}
