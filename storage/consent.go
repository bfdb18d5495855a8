package storage

import (
	"context"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// An event's organisations: the partners co-organising a workshop and, for
// a recruiting session, the organisations of the offers it presents. A
// registrant's details reach one of them only with that registrant's
// consent for it; their staff (org_staff) act for them.

// EventOrg is one organisation a workshop names.
type EventOrg struct {
	Name    string // as first named
	Key     string // org_key(name): how names are compared
	Partner bool   // co-organises the workshop
	Host    bool   // presents offers at the recruiting session
}

// eventOrgs lists a workshop's organisations: its partners in the order
// named, then the organisations of its offers in the order linked; one
// named both ways is one organisation, partner and host.
func eventOrgs(ctx context.Context, tx *Tx, workshopID int64) ([]EventOrg, error) {
	rows, err := rowsOf(ctx, tx, "event organisations", `SELECT name, key, partner FROM (
			SELECT name, org_key(name) AS key, 1 AS partner, position AS pos FROM workshop_partners WHERE workshop_id = ?1
			UNION ALL
			SELECT MIN(j.organisation), org_key(j.organisation), 0, 1000 + MIN(x.position) FROM workshop_jobs x JOIN jobs j ON j.id = x.job_id
				WHERE x.workshop_id = ?1 GROUP BY org_key(j.organisation))
		ORDER BY pos`, func(sc interface{ Scan(...any) error }) (EventOrg, error) {
		var o EventOrg
		err := sc.Scan(&o.Name, &o.Key, &o.Partner)
		o.Host = !o.Partner
		return o, err
	}, workshopID)
	if err != nil {
		return nil, err
	}
	var out []EventOrg
	at := map[string]int{}
	for _, o := range rows {
		if i, ok := at[o.Key]; ok {
			out[i].Host = out[i].Host || o.Host
			continue
		}
		at[o.Key] = len(out)
		out = append(out, o)
	}
	return out, nil
}

// dropStaleConsents deletes the consents given to organisations a
// workshop no longer names: named again later, an organisation starts
// with nothing shared.
func dropStaleConsents(ctx context.Context, tx *Tx, workshopID int64) error {
	orgs, err := eventOrgs(ctx, tx, workshopID)
	if err != nil {
		return err
	}
	q, args := `DELETE FROM workshop_consents WHERE workshop_id = ?`, []any{workshopID}
	for _, o := range orgs {
		q += ` AND org_key <> ?`
		args = append(args, o.Key)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("storage: drop stale consents: %w", err)
	}
	return nil
}

// EventOrgs lists a workshop's organisations (see eventOrgs).
func (db *DB) EventOrgs(ctx context.Context, workshopID int64) ([]EventOrg, error) {
	var out []EventOrg
	err := db.view(ctx, func(tx *Tx) error {
		if _, err := workshopByID(ctx, tx, workshopID); err != nil {
			return err
		}
		var err error
		out, err = eventOrgs(ctx, tx, workshopID)
		return err
	})
	return out, err
}

// Ref names the nth (from 1) organisation of a workshop as a button does:
// "#2:9f1c", its place and a check of its name, so that a button pressed
// after the list changed names no other organisation (a custom id on
// Discord is too short for every name).
func (o EventOrg) Ref(n int) string {
	h := fnv.New32a()
	h.Write([]byte(o.Key))
	return fmt.Sprintf("#%d:%04x", n, h.Sum32()&0xffff)
}

// orgNamed finds the organisation typed among orgs: by its name (as
// OrgKey compares names), else "#n" for the nth as listed, else its Ref.
func orgNamed(orgs []EventOrg, typed string) (EventOrg, bool) {
	typed = strings.Join(strings.Fields(typed), " ")
	for _, o := range orgs {
		if o.Key == OrgKey(typed) {
			return o, true
		}
	}
	place, _, checked := strings.Cut(strings.TrimPrefix(typed, "#"), ":")
	n, err := strconv.Atoi(place)
	if err != nil || !strings.HasPrefix(typed, "#") || n < 1 || n > len(orgs) {
		return EventOrg{}, false
	}
	if o := orgs[n-1]; !checked || o.Ref(n) == typed {
		return o, true
	}
	return EventOrg{}, false
}

// ConsentUnknownOrg is the error code of SetConsent when the organisation
// typed is not one of the workshop's.
const ConsentUnknownOrg = "consent_org"

// SetConsent gives (on) or withdraws a registrant's consent to share their
// details with one organisation of a workshop, typed as its name (case and
// spaces aside), and returns that organisation. Only a registrant (seated
// or waiting) gives it; withdrawing is always allowed.
func (db *DB) SetConsent(ctx context.Context, workshopID, memberID int64, org string, on bool) (EventOrg, error) {
	var o EventOrg
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := workshopByID(ctx, tx, workshopID); err != nil {
			return err
		}
		orgs, err := eventOrgs(ctx, tx, workshopID)
		if err != nil {
			return err
		}
		if len(orgs) == 0 {
			return Errorf(ECONFLICT, "consent_no_org", "workshop %d names no organisation", workshopID)
		}
		var ok bool
		if o, ok = orgNamed(orgs, org); !ok {
			return Errorf(EINVALID, ConsentUnknownOrg, "%q is not an organisation of workshop %d", org, workshopID)
		}
		if !on {
			if _, err := tx.ExecContext(ctx, `DELETE FROM workshop_consents WHERE workshop_id = ? AND member_id = ? AND org_key = ?`, workshopID, memberID, o.Key); err != nil {
				return fmt.Errorf("storage: withdraw consent: %w", err)
			}
			return nil
		}
		var in bool
		if err := tx.QueryRowContext(ctx, registered, workshopID, memberID).Scan(&in); err != nil {
			return fmt.Errorf("storage: consent: %w", err)
		}
		if !in {
			return Errorf(ECONFLICT, "consent_not_registered", "member %d is not registered for workshop %d", memberID, workshopID)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO workshop_consents (workshop_id, member_id, org_key, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO UPDATE SET created_at = excluded.created_at`, workshopID, memberID, o.Key, unix(tx.now)); err != nil {
			return fmt.Errorf("storage: give consent: %w", err)
		}
		return nil
	})
	return o, err
}

// WithdrawConsents withdraws every consent a member gave for a workshop,
// and says how many there were.
func (db *DB) WithdrawConsents(ctx context.Context, workshopID, memberID int64) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := workshopByID(ctx, tx, workshopID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM workshop_consents WHERE workshop_id = ? AND member_id = ?`, workshopID, memberID)
		if err != nil {
			return fmt.Errorf("storage: withdraw consents: %w", err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}

// registeredIn selects (member_id, state, at) for each member registered
// for workshop ?1, once: its whole members (participants) and the members
// of one or more of its sessions only (session_members, not out).
const registeredIn = `SELECT member_id, state, joined_at AS at FROM participants WHERE workshop_id = ?1
	UNION ALL SELECT o.member_id, MIN(o.state), MIN(o.joined_at) FROM session_members o WHERE o.workshop_id = ?1 AND o.state <> 'out'
		AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.workshop_id = ?1 AND p.member_id = o.member_id) GROUP BY o.member_id`

// registered says whether a member (?2) is registered for workshop ?1.
const registered = `SELECT COUNT(*) > 0 FROM (` + registeredIn + `) WHERE member_id = ?2`

// consented is the condition that registrant r of workshop ?1 consented to
// share with the organisation whose key is ?2: leaving drops consents (the
// *_consents triggers), so a row is a consent for this registration.
const consented = `EXISTS (SELECT 1 FROM workshop_consents c WHERE c.workshop_id = ?1 AND c.member_id = r.member_id AND c.org_key = ?2)`

// ConsentState is, for each organisation of a workshop, whether a member
// shares their details with it now.
type ConsentState struct {
	Registered bool
	Orgs       []EventOrg
	Shared     map[string]bool // by EventOrg.Key
}

// Consents reads a member's ConsentState for a workshop.
func (db *DB) Consents(ctx context.Context, workshopID, memberID int64) (ConsentState, error) {
	s := ConsentState{Shared: map[string]bool{}}
	err := db.view(ctx, func(tx *Tx) error {
		if _, err := workshopByID(ctx, tx, workshopID); err != nil {
			return err
		}
		var err error
		if s.Orgs, err = eventOrgs(ctx, tx, workshopID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, registered, workshopID, memberID).Scan(&s.Registered); err != nil {
			return fmt.Errorf("storage: consents: %w", err)
		}
		keys, err := stringsOf(ctx, tx, `SELECT org_key FROM workshop_consents WHERE workshop_id = ? AND member_id = ?`, workshopID, memberID)
		for _, k := range keys {
			s.Shared[k] = true
		}
		return err
	})
	return s, err
}

// Registrant is a member registered for a workshop, as an organisation
// they consented to share with sees them.
type Registrant struct {
	MemberID     int64
	Name         string
	Organisation string
	Waiting      bool
}

// OrgRegistrants is what one organisation of a workshop sees of its
// registrants: the names of those who consented to share with it, and only
// how many did not.
type OrgRegistrants struct {
	Org      EventOrg
	Shared   []Registrant
	Withheld int
}

// RegistrantsView is what a viewer sees of a workshop's registrants: one
// OrgRegistrants per organisation they act for (every one for staff), and,
// for staff only, every registrant.
type RegistrantsView struct {
	Workshop Workshop
	Total    int
	ByOrg    []OrgRegistrants
	All      []Registrant // staff only
}

// Registrants reads the RegistrantsView of a workshop for viewerID (staff:
// community staff). A viewer acts for an organisation of the workshop when
// staff named them its staff (org_staff), or, for a recruiting session's
// host, when they posted one of its offers the session presents (staff
// linked that offer). Anyone else is refused.
func (db *DB) Registrants(ctx context.Context, workshopID, viewerID int64, staff bool) (RegistrantsView, error) {
	var v RegistrantsView
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if v.Workshop, err = workshopByID(ctx, tx, workshopID); err != nil {
			return err
		}
		orgs, err := eventOrgs(ctx, tx, workshopID)
		if err != nil {
			return err
		}
		acts := map[string]bool{}
		if !staff {
			keys, err := stringsOf(ctx, tx, `SELECT org_key FROM org_staff WHERE member_id = ?1
				UNION SELECT org_key(j.organisation) FROM workshop_jobs x JOIN jobs j ON j.id = x.job_id WHERE x.workshop_id = ?2 AND j.poster_id = ?1`,
				viewerID, workshopID)
			if err != nil {
				return err
			}
			for _, k := range keys {
				acts[k] = true
			}
		}
		scan := func(sc interface{ Scan(...any) error }) (Registrant, error) {
			var r Registrant
			return r, sc.Scan(&r.MemberID, &r.Name, &r.Organisation, &r.Waiting)
		}
		const registrants = `SELECT m.id, m.display_name, m.organisation, r.state = 'waitlisted' FROM (` + registeredIn + `) r
			JOIN members m ON m.id = r.member_id WHERE m.forgotten_at IS NULL`
		const order = ` ORDER BY r.state, r.at, m.id`
		all, err := rowsOf(ctx, tx, "registrants", registrants+order, scan, workshopID)
		if err != nil {
			return err
		}
		v.Total = len(all)
		if staff {
			v.All = all
		}
		for _, o := range orgs {
			if !staff && !acts[o.Key] {
				continue
			}
			shared, err := rowsOf(ctx, tx, "registrants", registrants+` AND `+consented+order, scan, workshopID, o.Key)
			if err != nil {
				return err
			}
			v.ByOrg = append(v.ByOrg, OrgRegistrants{Org: o, Shared: shared, Withheld: len(all) - len(shared)})
		}
		if !staff && len(v.ByOrg) == 0 {
			return Errorf(EFORBIDDEN, "not_event_org", "member %d acts for no organisation of workshop %d", viewerID, workshopID)
		}
		return nil
	})
	return v, err
}

// ManagesWorkshop says whether a member, not community staff, may manage
// a workshop as the staff of an organisation co-organising it (a partner):
// never another workshop, nor one their organisation only presents offers
// at.
func (db *DB) ManagesWorkshop(ctx context.Context, memberID, workshopID int64) (bool, error) {
	var ok bool
	err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM workshop_partners p JOIN org_staff s ON s.org_key = org_key(p.name)
		WHERE p.workshop_id = ? AND s.member_id = ?)`, workshopID, memberID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("storage: manages workshop: %w", err)
	}
	return ok, nil
}

// OrgStaffer is a member named staff of an organisation.
type OrgStaffer struct {
	Org      string
	MemberID int64
	Name     string
}

// MaxOrgStaff bounds the members named staff of one organisation.
const MaxOrgStaff = 20

// SetOrgStaff names a member staff of an organisation (on), or no longer.
// The organisation's name is checked as a partner's is.
func (db *DB) SetOrgStaff(ctx context.Context, org string, memberID int64, on bool) (string, error) {
	names, err := normalizePartners([]string{org})
	if err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", Errorf(EINVALID, "organisation_empty", "no organisation named")
	}
	org = names[0]
	err = db.update(ctx, func(tx *Tx) error {
		if _, err := memberByID(ctx, tx, memberID); err != nil {
			return err
		}
		if !on {
			_, err := tx.ExecContext(ctx, `DELETE FROM org_staff WHERE org_key = org_key(?) AND member_id = ?`, org, memberID)
			if err != nil {
				return fmt.Errorf("storage: remove org staff: %w", err)
			}
			return nil
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_staff WHERE org_key = org_key(?)`, org).Scan(&n); err != nil {
			return fmt.Errorf("storage: org staff: %w", err)
		}
		if n >= MaxOrgStaff {
			return Errorf(EINVALID, "too_many_org_staff", "%d staff for %q", n, org)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO org_staff (org_key, name, member_id, created_at) VALUES (org_key(?1), ?1, ?2, ?3)
			ON CONFLICT DO NOTHING`, org, memberID, unix(tx.now)); err != nil {
			return fmt.Errorf("storage: add org staff: %w", err)
		}
		return nil
	})
	return org, err
}

// OrgStaff lists every organisation's staff, by organisation then name.
func (db *DB) OrgStaff(ctx context.Context) ([]OrgStaffer, error) {
	var out []OrgStaffer
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = rowsOf(ctx, tx, "org staff", `SELECT MIN(s.name) OVER (PARTITION BY s.org_key), s.member_id, m.display_name
			FROM org_staff s JOIN members m ON m.id = s.member_id WHERE m.forgotten_at IS NULL
			ORDER BY s.org_key, m.display_name COLLATE NOCASE`, func(sc interface{ Scan(...any) error }) (OrgStaffer, error) {
			var o OrgStaffer
			return o, sc.Scan(&o.Org, &o.MemberID, &o.Name)
		})
		return err
	})
	return out, err
}
