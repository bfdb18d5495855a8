package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// NoteRecruitingOffer tells a member registered for a recruiting session
// of a new offer from one of the organisations that session presents.
const NoteRecruitingOffer = "recruiting_offer"

// RecruitingFollowUp is how long after a recruiting session's last session
// its registrants still hear of its organisations' new offers: the month
// after meeting an employer is when a young PhD follows it up.
const RecruitingFollowUp = 30 * 24 * time.Hour

// recruitingAudience selects (member, workshop) for the members who hear
// of a new offer (job ?1, from organisation ?2, posted by ?3) at ?4: those
// seated or waiting in an open or finished recruiting session (as a whole
// or in one of its sessions) that presents
// another offer of that organisation (case and edge spaces aside), whose
// sessions are still to come or ended less than RecruitingFollowUp ago (a
// session with no date yet is to come); never the poster, a forgotten
// member, one who said /me notify off, or one of the organisation's own
// people (their /me org, or an offer of it they posted). ?5 narrows it to
// one member (0: all).
const recruitingAudience = `SELECT p.member_id, MIN(w.id) FROM workshops w
	JOIN (SELECT workshop_id, member_id FROM participants
		UNION SELECT workshop_id, member_id FROM session_members WHERE state <> 'out') p ON p.workshop_id = w.id
	JOIN members m ON m.id = p.member_id AND m.forgotten_at IS NULL
	WHERE w.kind = 'recruiting' AND w.status IN ('open', 'done')
	AND (?5 = 0 OR p.member_id = ?5) AND p.member_id <> ?3 AND org_key(m.organisation) <> org_key(?2)
	AND NOT EXISTS (SELECT 1 FROM jobs k WHERE k.poster_id = p.member_id AND org_key(k.organisation) = org_key(?2))
	AND NOT EXISTS (SELECT 1 FROM match_optouts o WHERE o.member_id = p.member_id)
	AND EXISTS (SELECT 1 FROM workshop_jobs x JOIN jobs j ON j.id = x.job_id
		WHERE x.workshop_id = w.id AND j.id <> ?1 AND org_key(j.organisation) = org_key(?2))
	AND COALESCE((SELECT MAX(s.starts_at + 60 * s.duration_min) FROM sessions s WHERE s.workshop_id = w.id AND s.cancelled_at IS NULL), ?4) >= ?4 - ?6
	GROUP BY p.member_id ORDER BY p.member_id`

func recruitingArgs(j Job, now time.Time, memberID int64) []any {
	return []any{j.ID, j.Organisation, j.PosterID, unix(now), memberID, int64(RecruitingFollowUp / time.Second)}
}

// tellRecruits queues, inside the job's own transaction, one message per
// member who hears of the new offer j (see recruitingAudience), however
// many of its sessions they are in: the key holds the job and the member.
func tellRecruits(ctx context.Context, tx *Tx, j Job) error {
	type pick struct{ member, workshop int64 }
	picks, err := rowsOf(ctx, tx, "recruiting audience", recruitingAudience, func(sc interface{ Scan(...any) error }) (pick, error) {
		var p pick
		return p, sc.Scan(&p.member, &p.workshop)
	}, recruitingArgs(j, tx.now, 0)...)
	if err != nil {
		return err
	}
	for _, p := range picks {
		if err := enqueueDM(ctx, tx, p.member, Note{
			Key:        fmt.Sprintf("%smember=%d", jobKey(NoteRecruitingOffer, j.ID), p.member),
			Kind:       NoteRecruitingOffer,
			Args:       NoteArgs{JobID: j.ID},
			WorkshopID: p.workshop,
			PlannedAt:  tx.now,
			ExpiresAt:  j.ExpiresAt,
		}); err != nil {
			return err
		}
	}
	return nil
}

// RecruitingOffer is what a member's message about a new offer says, read
// when it is sent.
type RecruitingOffer struct {
	Job      Job
	Workshop Workshop // the recruiting session it comes through
}

// RecruitingOfferFor reads the offer a queued message tells memberID of;
// ok is false when it is no longer worth telling: the offer closed or
// expired, or the member left the session, said /me notify off, or the
// session is over for longer than RecruitingFollowUp.
func (db *DB) RecruitingOfferFor(ctx context.Context, memberID, jobID int64) (o RecruitingOffer, ok bool, err error) {
	err = db.view(ctx, func(tx *Tx) error {
		j, err := jobByID(ctx, tx, jobID)
		if ErrorCode(err) == ENOTFOUND {
			return nil
		}
		if err != nil || !j.Listed(tx.now) {
			return err
		}
		var m, w int64
		err = tx.QueryRowContext(ctx, recruitingAudience, recruitingArgs(j, tx.now, memberID)...).Scan(&m, &w)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("storage: recruiting offer: %w", err)
		}
		o.Job = j
		if o.Workshop, err = workshopByID(ctx, tx, w); err != nil {
			return err
		}
		ok = true
		return nil
	})
	return o, ok, err
}
