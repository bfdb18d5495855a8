package bot

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/atelier-bot/atelier/storage"
)

func TestJobsConfig(t *testing.T) {
	tests := []struct {
		name, yaml, want string // want "" means valid
	}{
		{"defaults", "", ""},
		{"set", "jobs:\n  max_per_day: 5\n  default_days: 45\n  max_days: 120\n  expiry_warning_days: 7\nmatching:\n  max_per_event: 40\n", ""},
		{"pay optional", "jobs:\n  pay_required: false\n", ""},
		{"pay not a bool", "jobs:\n  pay_required: maybe\n", "jobs.pay_required"},
		{"max per day", "jobs:\n  max_per_day: 0\n", "config: jobs.max_per_day must be between 1 and 1000, not 0"},
		{"max days", "jobs:\n  max_days: 400\n", "config: jobs.max_days must be between 1 and 366, not 400"},
		{"default over max", "jobs:\n  default_days: 100\n", "config: jobs.default_days (100) must not exceed jobs.max_days (90)"},
		{"default zero", "jobs:\n  default_days: 0\n", "config: jobs.default_days must be at least 1, not 0"},
		{"warning", "jobs:\n  expiry_warning_days: 0\n", "config: jobs.expiry_warning_days must be at least 1, not 0"},
		{"warning too long", "jobs:\n  expiry_warning_days: 30\n", "config: jobs.expiry_warning_days (30) must be less than jobs.default_days (30)"},
		{"per event", "matching:\n  max_per_event: -1\n", "config: matching.max_per_event must be between 1 and 1000, not -1"},
		{"unknown key", "jobs:\n  per_day: 2\n", "unknown key jobs.per_day"},
		{"not a number", "matching:\n  max_per_event: many\n", "matching.max_per_event"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := LoadConfig(writeConfig(t, "community:\n  timezone: Europe/Paris\n"+tt.yaml), env(nil))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("LoadConfig: %v", err)
				}
				db, err := storage.Open(t.Context(), filepath.Join(t.TempDir(), "a.db"))
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				jobPolicy(db, cfg)
				if db.Jobs.MaxPerDay != cfg.Jobs.MaxPerDay || db.Jobs.WarningDays != cfg.Jobs.ExpiryWarningDays ||
					db.Jobs.PayOptional != strings.Contains(tt.yaml, "pay_required: false") ||
					db.Matching.MaxPerEvent != cfg.Matching.MaxPerEvent || db.Matching.Location.String() != "Europe/Paris" {
					t.Errorf("policy %+v %+v from %+v %+v", db.Jobs, db.Matching, cfg.Jobs, cfg.Matching)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadConfig error %v, want %q", err, tt.want)
			}
		})
	}
	d := DefaultConfig()
	if d.Jobs.MaxPerDay != 3 || d.Jobs.DefaultDays != 30 || d.Jobs.MaxDays != 90 || d.Jobs.ExpiryWarningDays != 3 || !d.Jobs.PayRequired || d.Matching.MaxPerEvent != 25 {
		t.Errorf("defaults %+v %+v", d.Jobs, d.Matching)
	}
}
