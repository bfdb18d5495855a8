package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
)

// Suggestions and the skills questions through both platforms: a member on
// Slack who has a seat in a workshop is offered the module on its tag,
// "before" it; a member on Discord gets it from an interest; the skills
// question after a module is answered on Slack, shows in that member's own
// journal, and in nobody else's.
func TestSuggestionsAndSkillsOnBothPlatforms(t *testing.T) {
	p := startTwo(t, ChannelsConfig{}, ChannelsConfig{}, "")
	const bob = "1700000000000000055"
	p.dc.AddUser(discordfake.User{ID: bob, Username: "bob", GlobalName: "Bob"})
	if got := p.slash(twoSlackStaff, "/training", "add Causal inference in 10 minutes | video | Uni | en | 10 | https://u.example/c #causal"); !strings.Contains(got, "Training #1 added") {
		t.Fatalf("add: %q", got)
	}
	p.slash(twoSlackStaff, "/workshop", "create Causal clinic #causal")
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	p.slash(twoSlackStaff, "/workshop", "schedule 1 "+start.Format("2006-01-02 15:04")+" 2h Room A")
	p.slash(twoSlackStaff, "/workshop", "join 1")
	if got := p.slash(twoSlackStaff, "/training", "suggest"); !strings.Contains(got, "#1 Causal inference in 10 minutes") || !strings.Contains(got, "before workshop #1 Causal clinic") {
		t.Errorf("Slack suggestion: %q", got)
	}
	if got := p.interact(bob, "training", discordfake.Sub("suggest")); !strings.Contains(got, "Nothing to suggest yet") {
		t.Errorf("Discord suggestion before any interest: %q", got)
	}
	p.interact(bob, "me", discordfake.Sub("interests", discordfake.Str("action", "add"), discordfake.Str("tags", "#causal")))
	if got := p.interact(bob, "training", discordfake.Sub("suggest")); !strings.Contains(got, "#1 Causal inference") || !strings.Contains(got, "one of your interests") {
		t.Errorf("Discord suggestion: %q", got)
	}

	// Done on Slack: the answer offers the question; answered typed.
	if got := p.slash(twoSlackStaff, "/training", "done 1"); !strings.Contains(got, "how sure were you of #causal before?") {
		t.Errorf("done: %q", got)
	}
	if got := p.slash(twoSlackStaff, "/training", "skill 1 #causal 2 3"); !strings.Contains(got, "Noted: #causal, 2 (a little) before, 3 (fairly sure) now.") {
		t.Errorf("skill: %q", got)
	}
	if got := p.slash(twoSlackStaff, "/me", "skills"); !strings.Contains(got, "#causal: 2 → 3") {
		t.Errorf("Slack journal: %q", got)
	}
	if got := p.interact(bob, "me", discordfake.Sub("skills")); strings.Contains(got, "2 → 3") || !strings.Contains(got, "Your journal is empty") {
		t.Errorf("bob's journal on Discord: %q", got)
	}
}
