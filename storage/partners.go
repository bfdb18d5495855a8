package storage

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
)

// MaxPartners bounds the partner organisations one workshop names.
const MaxPartners = 5

// partnerList is the scalar subquery reading a workshop's partners (w.id)
// in the order they were named, one per line: a name holds no line break.
const partnerList = `(SELECT group_concat(name, char(10)) FROM (SELECT name FROM workshop_partners WHERE workshop_id = w.id ORDER BY position))`

func splitPartners(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// normalizePartners trims the names, drops repeats (case aside) and checks
// each: named, at most MaxOrganisation characters, no control character.
func normalizePartners(names []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.Join(strings.Fields(n), " ")
		if n == "" {
			continue
		}
		if len([]rune(n)) > MaxOrganisation {
			return nil, Errorf(EINVALID, "organisation_too_long", "partner name over %d characters", MaxOrganisation)
		}
		if strings.IndexFunc(n, unicode.IsControl) >= 0 {
			return nil, Errorf(EINVALID, "partner_name", "control character in partner name")
		}
		if k := OrgKey(n); !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	if len(out) > MaxPartners {
		return nil, Errorf(EINVALID, "too_many_partners", "%d partners, at most %d", len(out), MaxPartners)
	}
	return out, nil
}

// SetPartners replaces the partner organisations co-organising an open
// workshop (none clears them) and returns the workshop as it now reads.
// The workshop's update time moves, so calendar feeds carry the change.
func (db *DB) SetPartners(ctx context.Context, workshopID int64, names []string) (Workshop, error) {
	names, err := normalizePartners(names)
	if err != nil {
		return Workshop{}, err
	}
	var w Workshop
	err = db.update(ctx, func(tx *Tx) error {
		if _, err := openWorkshop(ctx, tx, workshopID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM workshop_partners WHERE workshop_id = ?`, workshopID); err != nil {
			return fmt.Errorf("storage: clear partners: %w", err)
		}
		for i, n := range names {
			if _, err := tx.ExecContext(ctx, `INSERT INTO workshop_partners (workshop_id, position, name) VALUES (?, ?, ?)`, workshopID, i+1, n); err != nil {
				return fmt.Errorf("storage: add partner: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workshops SET updated_at = ? WHERE id = ?`, unix(tx.now), workshopID); err != nil {
			return fmt.Errorf("storage: touch workshop: %w", err)
		}
		if err := dropStaleConsents(ctx, tx, workshopID); err != nil {
			return err
		}
		w, err = workshopByID(ctx, tx, workshopID)
		return err
	})
	return w, err
}

// PartnerStats counts the workshops created in [from, to) that name
// partner organisations, and for each partner (names compared case aside)
// how many of those it co-organised, most first.
type PartnerStats struct {
	Workshops int
	ByPartner []Count
}

// CountPartners computes PartnerStats.
func (db *DB) CountPartners(ctx context.Context, from, to time.Time) (PartnerStats, error) {
	var s PartnerStats
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM workshops w WHERE w.created_at >= ? AND w.created_at < ?
			AND EXISTS (SELECT 1 FROM workshop_partners WHERE workshop_id = w.id)`, unix(from), unix(to)).Scan(&s.Workshops); err != nil {
			return fmt.Errorf("storage: partner stats: %w", err)
		}
		var err error
		s.ByPartner, err = rowsOf(ctx, tx, "partner stats", `SELECT MIN(p.name), COUNT(DISTINCT p.workshop_id)
			FROM workshop_partners p JOIN workshops w ON w.id = p.workshop_id
			WHERE w.created_at >= ? AND w.created_at < ? GROUP BY org_key(p.name)`, func(sc interface{ Scan(...any) error }) (Count, error) {
			var c Count
			return c, sc.Scan(&c.Name, &c.N)
		}, unix(from), unix(to))
		return err
	})
	sort.SliceStable(s.ByPartner, func(i, j int) bool {
		if s.ByPartner[i].N != s.ByPartner[j].N {
			return s.ByPartner[i].N > s.ByPartner[j].N
		}
		return strings.ToLower(s.ByPartner[i].Name) < strings.ToLower(s.ByPartner[j].Name)
	})
	return s, err
}
