package storage

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// KindRecruiting marks a recruiting session: member organisations present
// their open positions to young PhDs.
const KindRecruiting = "recruiting"

// MaxRecruitingJobs bounds the offers one recruiting session presents.
const MaxRecruitingJobs = 20

// LinkedJob is an offer a recruiting session presents, as its card lists it.
type LinkedJob struct {
	ID           int64
	Title        string
	Organisation string
}

// linkedJobList reads a workshop's (w.id) listed offers, one per line,
// fields split by a unit separator, which titles never hold (control
// characters are cleaned from member text).
const linkedJobList = `(SELECT group_concat(j.id || char(31) || j.title || char(31) || j.organisation, char(10))
	FROM (SELECT j.id, j.title, j.organisation FROM workshop_jobs x JOIN jobs j ON j.id = x.job_id
		WHERE x.workshop_id = w.id AND j.status = 'open' AND j.expires_at > ?1 ORDER BY x.position) j)`

func splitLinkedJobs(s string) []LinkedJob {
	var out []LinkedJob
	for _, line := range strings.Split(s, "\n") {
		f := strings.Split(line, "\x1f")
		if len(f) != 3 {
			continue
		}
		id, _ := strconv.ParseInt(f[0], 10, 64)
		out = append(out, LinkedJob{ID: id, Title: f[1], Organisation: f[2]})
	}
	return out
}

// SetRecruiting makes an open workshop a recruiting session presenting
// the given listed offers (replacing those before), or, with no offers,
// an ordinary workshop again.
func (db *DB) SetRecruiting(ctx context.Context, workshopID int64, jobIDs []int64) (Workshop, error) {
	var w Workshop
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := openWorkshop(ctx, tx, workshopID); err != nil {
			return err
		}
		if len(jobIDs) > MaxRecruitingJobs {
			return Errorf(EINVALID, "too_many_recruiting_jobs", "%d offers, at most %d", len(jobIDs), MaxRecruitingJobs)
		}
		seen := map[int64]bool{}
		for _, id := range jobIDs {
			j, err := jobByID(ctx, tx, id)
			if err != nil {
				return err
			}
			if !j.Listed(tx.now) {
				return Errorf(ECONFLICT, "job_closed", "job %d is not listed", id)
			}
			seen[id] = true
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM workshop_jobs WHERE workshop_id = ?`, workshopID); err != nil {
			return fmt.Errorf("storage: unlink jobs: %w", err)
		}
		pos := 0
		for _, id := range jobIDs {
			if !seen[id] {
				continue
			}
			delete(seen, id)
			pos++
			if _, err := tx.ExecContext(ctx, `INSERT INTO workshop_jobs (workshop_id, job_id, position) VALUES (?, ?, ?)`, workshopID, id, pos); err != nil {
				return fmt.Errorf("storage: link job: %w", err)
			}
		}
		kind := ""
		if pos > 0 {
			kind = KindRecruiting
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workshops SET kind = ?, updated_at = ? WHERE id = ?`, kind, unix(tx.now), workshopID); err != nil {
			return fmt.Errorf("storage: set recruiting: %w", err)
		}
		if err := dropStaleConsents(ctx, tx, workshopID); err != nil {
			return err
		}
		var err error
		w, err = workshopByID(ctx, tx, workshopID)
		return err
	})
	return w, err
}

// RecruitingStats counts, apart from other workshops, the recruiting
// sessions created in [from, to) and the members seated in them (in the
// whole workshop or in one of its sessions).
type RecruitingStats struct {
	Sessions     int
	Participants int // distinct members
}

// CountRecruiting computes RecruitingStats.
func (db *DB) CountRecruiting(ctx context.Context, from, to time.Time) (RecruitingStats, error) {
	var s RecruitingStats
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*),
			(SELECT COUNT(DISTINCT p.member_id) FROM (SELECT workshop_id, member_id FROM participants WHERE state = 'joined'
					UNION SELECT workshop_id, member_id FROM session_members WHERE state = 'joined') p JOIN workshops x ON x.id = p.workshop_id
				WHERE x.kind = 'recruiting' AND x.created_at >= ?1 AND x.created_at < ?2)
			FROM workshops w WHERE w.kind = 'recruiting' AND w.created_at >= ?1 AND w.created_at < ?2`, unix(from), unix(to)).Scan(&s.Sessions, &s.Participants)
		if err != nil {
			return fmt.Errorf("storage: recruiting stats: %w", err)
		}
		return nil
	})
	return s, err
}
