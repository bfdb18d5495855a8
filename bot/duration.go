package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Duration is a time.Duration read from YAML as "90m", "24h", "1h30m" or,
// since reminders are often days ahead, "2d" or "1d12h".
type Duration time.Duration

// maxDays keeps days*24h within time.Duration's range.
const maxDays = int64(1<<63-1) / int64(24*time.Hour)

func parseDuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a duration (for example 90m, 24h or 2d)", s)
	t := strings.TrimSpace(s)
	sign := time.Duration(1)
	rest := t
	if r, ok := strings.CutPrefix(rest, "-"); ok {
		sign, rest = -1, r
	} else if r, ok := strings.CutPrefix(rest, "+"); ok {
		rest = r
	}
	i := strings.IndexByte(rest, 'd')
	if i <= 0 || strings.Trim(rest[:i], "0123456789") != "" {
		d, err := time.ParseDuration(t)
		if err != nil {
			return 0, bad
		}
		return d, nil
	}
	days, err := strconv.ParseInt(rest[:i], 10, 64)
	if err != nil || days > maxDays {
		return 0, bad
	}
	d := time.Duration(days) * 24 * time.Hour
	if tail := rest[i+1:]; tail != "" {
		extra, err := time.ParseDuration(tail)
		if err != nil || extra < 0 || d+extra < d {
			return 0, bad
		}
		d += extra
	}
	return sign * d, nil
}

// UnmarshalYAML implements yaml.Unmarshaler. Its errors are yaml's own
// *TypeError, with the line, so that the decoder goes on and reports the
// file's other faults too.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a duration must be a single value such as 24h", n.Line)}}
	}
	v, err := parseDuration(n.Value)
	if err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %v", n.Line, err)}}
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the form UnmarshalYAML reads, so a dumped (redacted)
// configuration can be loaded again.
func (d Duration) MarshalYAML() (any, error) {
	return d.String(), nil
}

// String drops time.Duration's trailing zero units: "24h", not "24h0m0s".
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
