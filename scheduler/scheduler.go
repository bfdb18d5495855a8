// Package scheduler will run atelier's time-based work: recurring jobs with
// robfig/cron and a durable outbox of one-off notifications (reminders,
// waitlist promotions). It is empty until the scheduler issue lands; the
// core already records what it will need (participants.promoted_at,
// sessions.sequence).
package scheduler
