package bot

import "fmt"

// StatsConfig tunes the staff figures.
type StatsConfig struct {
	// RetentionMinSessions is how many sessions, in the cohort's year, make
	// a member a participant in /atelier stats retention.
	RetentionMinSessions int `yaml:"retention_min_sessions"`
}

func (s StatsConfig) validate() []error {
	if s.RetentionMinSessions < 1 || s.RetentionMinSessions > 100 {
		return []error{fmt.Errorf("config: stats.retention_min_sessions %d: give 1 to 100", s.RetentionMinSessions)}
	}
	return nil
}
