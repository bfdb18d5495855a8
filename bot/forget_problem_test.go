package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
)

// A member posts a problem on Discord, staff build a workshop from it and
// announce it on both platforms, a Slack member takes a seat; the author
// asks to be forgotten. The workshop keeps its title, description and
// participants on both platforms; the problem is gone from the list and
// the search on both, and its card says withdrawn.
func TestForgetProblemAuthorAcrossPlatforms(t *testing.T) {
	p := startTwo(t, ChannelsConfig{}, ChannelsConfig{}, "")
	const dave = "1700000000000000077"
	p.dc.AddUser(discordfake.User{ID: dave, Username: "dave", GlobalName: "Dave"})
	if got := p.interact(dave, "problem", discordfake.Sub("post", discordfake.Str("title", "Rasters in Lambert"),
		discordfake.Str("description", "EPSG 2154 tiles drift"), discordfake.Str("tags", "#gis"))); !strings.Contains(got, "Rasters in Lambert") {
		t.Fatalf("dave's post: %q", got)
	}
	p.slash(twoSlackStaff, "/workshop", "create from 1")
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	p.slash(twoSlackStaff, "/workshop", "schedule 1 "+start.Format("2006-01-02 15:04")+" 2h Room A")
	p.slash(twoSlackStaff, "/workshop", "announce 1")
	p.interact(twoDiscordStaff, "workshop", discordfake.Sub("announce", discordfake.Int("id", 1)))
	if got := p.slash(twoSlackStaff, "/workshop", "join 1"); !strings.Contains(got, "You have a seat") {
		t.Fatalf("ada's join: %q", got)
	}
	workshop := p.slash(twoSlackStaff, "/workshop", "show 1")
	for _, want := range []string{"Rasters in Lambert", "EPSG 2154 tiles drift", "Participants: Ada"} {
		if !strings.Contains(workshop, want) {
			t.Fatalf("workshop before forget lacks %q: %q", want, workshop)
		}
	}
	if got := p.slash(twoSlackStaff, "/problem", "search lambert"); !strings.Contains(got, "Rasters in Lambert") {
		t.Fatalf("search before forget: %q", got)
	}

	if got := p.forgetOnDiscord(dave); !strings.HasPrefix(got, "Done: the community has forgotten you.") {
		t.Fatalf("forget: %q", got)
	}

	t.Logf("workshop: %q", workshop)
	if got := p.slash(twoSlackStaff, "/workshop", "show 1"); got != workshop {
		t.Errorf("the workshop changed on Slack:\n%s\nwas\n%s", got, workshop)
	}
	dcShow := p.interact(twoDiscordStaff, "workshop", discordfake.Sub("show", discordfake.Int("id", 1)))
	if !strings.Contains(dcShow, "Rasters in Lambert") {
		t.Errorf("the workshop on Discord: %q", dcShow)
	}
	// Both announcements still carry the title (none was edited to erase it).
	for _, m := range p.sl.Messages(twoSlackHere) {
		if strings.Contains(m.Text, "Seats") && !strings.Contains(m.Text, "Rasters in Lambert") {
			t.Errorf("a Slack workshop card lost its title: %q", m.Text)
		}
	}
	withdrawn := func() bool {
		for _, m := range p.dc.Messages("") {
			for _, e := range m.Embeds {
				if e.Title == "#1 · Withdrawn" {
					return true
				}
			}
		}
		return false
	}
	if !p.dc.Await(10*time.Second, withdrawn) {
		t.Error("the problem's card on Discord does not say withdrawn")
	}
	for _, line := range []string{"list", "search lambert"} {
		got := p.slash(twoSlackStaff, "/problem", line)
		t.Logf("/problem %s: %q", line, got)
		if strings.Contains(got, "Lambert") || strings.Contains(got, "#1 ") {
			t.Errorf("Slack /problem %s still shows it: %q", line, got)
		}
	}
	if got := p.interact(twoDiscordStaff, "problem", discordfake.Sub("list")); strings.Contains(got, "Lambert") {
		t.Errorf("Discord /problem list still shows it: %q", got)
	}
	if got := p.interact(twoDiscordStaff, "problem", discordfake.Sub("search", discordfake.Str("words", "lambert"))); strings.Contains(got, "Rasters") {
		t.Errorf("Discord /problem search still finds it: %q", got)
	}
}
