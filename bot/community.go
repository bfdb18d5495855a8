package bot

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/atelier-bot/atelier/commands"
)

// CommunityConfig describes the community the bot serves.
type CommunityConfig struct {
	Name string `yaml:"name"`
	// Timezone is an IANA name; it is the default for members who set none
	// and the zone in which announcements' cron specs run.
	Timezone string `yaml:"timezone" config:"trim"`
	// Language ("fr" or "en") is used when a member's locale is unknown.
	Language string `yaml:"language" config:"lower"`
	// DateOrder says how numeric dates such as 03/04 are read: "dmy" (3
	// April) or "mdy" (March 4), for members who set none (/me dateorder).
	DateOrder string `yaml:"date_order" config:"lower"`
}

// validate checks the community: section.
func (c CommunityConfig) validate() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("config: "+format, args...)) }
	if strings.TrimSpace(c.Name) == "" {
		fail("community.name is required")
	}
	switch tz := c.Timezone; {
	case tz == "":
		// time.LoadLocation("") silently means UTC; make that a choice.
		fail("community.timezone is required (an IANA name such as Europe/Paris, or UTC)")
	default:
		if _, err := loadLocation(tz); err != nil {
			fail("community.timezone %q: unknown time zone", tz)
		}
	}
	if err := oneOf("community.language", c.Language, "fr", "en"); err != nil {
		errs = append(errs, err)
	}
	// Empty means dmy.
	if _, ok := commands.ParseDateOrder(c.DateOrder); !ok && c.DateOrder != "" {
		fail("community.date_order must be dmy or mdy, not %q", c.DateOrder)
	}
	return errs
}

// locations caches loaded zones: time.LoadLocation reads the zone database
// on every call, and Location is called per interaction.
var locations sync.Map // string -> *time.Location

func loadLocation(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}

// Location returns the community's time zone. On a configuration that did
// not pass Validate it returns UTC rather than nil, because a nil
// *time.Location panics far from the cause.
func (c Config) Location() *time.Location {
	if c.Community.Timezone == "" {
		return time.UTC
	}
	loc, err := loadLocation(c.Community.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// StaffConfig lists staff by platform user id, so staff exist before anyone
// has registered (and a compromised member record cannot grant the role).
type StaffConfig struct {
	Slack   []string `yaml:"slack" config:"trim"`
	Discord []string `yaml:"discord" config:"trim"`
	Console []string `yaml:"console" config:"trim"`
}

// validate checks the staff: section.
func (s StaffConfig) validate() []error {
	var errs []error
	for _, list := range []struct {
		key string
		ids []string
	}{{"staff.slack", s.Slack}, {"staff.discord", s.Discord}, {"staff.console", s.Console}} {
		for i, id := range list.ids {
			if strings.TrimSpace(id) == "" {
				errs = append(errs, fmt.Errorf("config: %s[%d] is empty", list.key, i))
			}
		}
	}
	return errs
}

// IsStaff reports whether userID is listed under staff for platform
// ("slack", "discord" or "console"), the community's or an open chapter's
// (which StaffOf tells apart). Ids are compared exactly, as platforms treat
// them.
func (c *Config) IsStaff(platform, userID string) bool {
	all, chapters := c.StaffOf(platform, userID)
	return all || len(chapters) > 0
}

// has reports whether the list names userID on platform.
func (s StaffConfig) has(platform, userID string) bool {
	if userID == "" {
		return false
	}
	switch platform {
	case "slack":
		return slices.Contains(s.Slack, userID)
	case "discord":
		return slices.Contains(s.Discord, userID)
	case "console":
		return slices.Contains(s.Console, userID)
	}
	return false
}
