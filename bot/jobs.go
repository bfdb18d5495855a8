package bot

import (
	"fmt"

	"github.com/atelier-bot/atelier/storage"
)

// JobsConfig bounds the jobs board.
type JobsConfig struct {
	// MaxPerDay is how many jobs a member may post in 24 hours.
	MaxPerDay int `yaml:"max_per_day"`
	// DefaultDays is how long a job stays listed when its poster gives no
	// expiry, and how much a renewal adds.
	DefaultDays int `yaml:"default_days"`
	// MaxDays is the longest a job may stay listed from now.
	MaxDays int `yaml:"max_days"`
	// ExpiryWarningDays is how long before its expiry the poster is asked
	// whether to renew.
	ExpiryWarningDays int `yaml:"expiry_warning_days"`
	// PayRequired refuses an offer without a pay range, as EU
	// pay-transparency rules ask; false lets the range be left out.
	PayRequired bool `yaml:"pay_required"`
}

// MatchingConfig says how members hear of new problems, workshops and
// jobs on their interests.
type MatchingConfig struct {
	// MaxPerEvent is how many members at most hear of one thing, those
	// sharing the most tags first.
	MaxPerEvent int `yaml:"max_per_event"`
}

// DefaultJobsConfig is the default of the jobs section.
func DefaultJobsConfig() JobsConfig {
	return JobsConfig{
		MaxPerDay:         storage.DefaultJobsPerDay,
		DefaultDays:       storage.DefaultJobDays,
		MaxDays:           storage.DefaultJobMaxDays,
		ExpiryWarningDays: storage.DefaultJobWarningDays,
		PayRequired:       true,
	}
}

// DefaultMatchingConfig is the default of the matching section.
func DefaultMatchingConfig() MatchingConfig {
	return MatchingConfig{MaxPerEvent: storage.DefaultMatchPerEvent}
}

// validate returns one error per fault, each naming its key.
func (j JobsConfig) validate() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("config: "+format, args...)) }
	if j.MaxPerDay < 1 || j.MaxPerDay > 1000 {
		fail("jobs.max_per_day must be between 1 and 1000, not %d", j.MaxPerDay)
	}
	if j.MaxDays < 1 || j.MaxDays > 366 {
		fail("jobs.max_days must be between 1 and 366, not %d", j.MaxDays)
	}
	switch {
	case j.DefaultDays < 1:
		fail("jobs.default_days must be at least 1, not %d", j.DefaultDays)
	case j.DefaultDays > j.MaxDays && j.MaxDays >= 1:
		fail("jobs.default_days (%d) must not exceed jobs.max_days (%d)", j.DefaultDays, j.MaxDays)
	}
	switch {
	case j.ExpiryWarningDays < 1:
		fail("jobs.expiry_warning_days must be at least 1, not %d", j.ExpiryWarningDays)
	case j.ExpiryWarningDays >= j.DefaultDays && j.DefaultDays >= 1:
		// A job listed the default length would be warned at once, or never.
		fail("jobs.expiry_warning_days (%d) must be less than jobs.default_days (%d)", j.ExpiryWarningDays, j.DefaultDays)
	}
	return errs
}

func (m MatchingConfig) validate() []error {
	if m.MaxPerEvent < 1 || m.MaxPerEvent > 1000 {
		return []error{fmt.Errorf("config: matching.max_per_event must be between 1 and 1000, not %d", m.MaxPerEvent)}
	}
	return nil
}

// jobPolicy tells storage the jobs board's limits and how matching tells
// members; set before any request.
func jobPolicy(db *storage.DB, cfg Config) {
	j := cfg.Jobs
	db.Jobs = storage.JobPolicy{MaxPerDay: j.MaxPerDay, DefaultDays: j.DefaultDays, MaxDays: j.MaxDays, WarningDays: j.ExpiryWarningDays,
		PayOptional: !j.PayRequired}
	db.Matching = storage.MatchPolicy{MaxPerEvent: cfg.Matching.MaxPerEvent, Location: cfg.Location()}
}
