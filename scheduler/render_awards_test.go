package scheduler

import (
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
)

// Each phase of an edition is announced at its date in the community's
// language, whatever the language of the staff member who created it; a
// date moved before it came announces the new date only.
func TestAwardPhasesInCommunityLanguage(t *testing.T) {
	e := newEnv(t, parisTime(2027, 1, 4, 9, 0), func(o *Options) { o.Language = commands.FR })
	e.must("admin", "awards create Awards 2027", "Awards edition #1")
	got := texts(e.at(parisTime(2027, 1, 4, 9, 1)))
	if len(got) != 1 || !strings.HasPrefix(got[0], "console:announcements: 🏆 Les nominations pour Awards 2027 sont ouvertes jusqu'au 2027-02-03 08:00") {
		t.Fatalf("opening: %q", got)
	}
	// The nominations close a week earlier than first set.
	e.must("admin", "awards set 1 closes 2027-01-27 09:00", "Edition #1 saved")
	if got := e.at(parisTime(2027, 1, 27, 9, 0)); len(got) != 1 || !strings.Contains(got[0].Msg.Text, "Les nominations pour Awards 2027 sont closes") {
		t.Fatalf("closing: %q", texts(got))
	}
	if got := e.at(parisTime(2027, 2, 3, 9, 0)); len(got) != 0 {
		t.Errorf("the first closing date announced too: %q", texts(got))
	}
	e.restart()
	ed, err := e.db.Edition(e.ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	got = texts(e.at(ed.ResultsAt.Add(time.Minute)))
	if len(got) != 1 || !strings.HasPrefix(got[0], "console:announcements: 🏆 Les lauréats de Awards 2027 !") {
		t.Errorf("results: %q", got)
	}
	if got := e.at(ed.ResultsAt.Add(time.Hour)); len(got) != 0 {
		t.Errorf("results twice: %q", texts(got))
	}
}
