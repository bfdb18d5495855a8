package bot

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
)

var problemLine = regexp.MustCompile(`(?m)^• (#\d+) `)

// Forty-five problems: on Slack and on Discord, the Next button of each
// page of /problem list leads to the next, until every problem was shown
// once.
func TestPagingOnBothPlatforms(t *testing.T) {
	p := startTwo(t, ChannelsConfig{}, ChannelsConfig{}, "")
	for i := 1; i <= 45; i++ {
		if got := p.slash(twoSlackStaff, "/problem", fmt.Sprintf("post Problem %d #p", i)); !strings.Contains(got, "posted") {
			t.Fatalf("post %d: %q", i, got)
		}
	}
	check := func(platform string, pages []string) {
		t.Helper()
		seen := map[string]bool{}
		for _, text := range pages {
			for _, m := range problemLine.FindAllStringSubmatch(text, -1) {
				if seen[m[1]] {
					t.Errorf("%s shows %s twice", platform, m[1])
				}
				seen[m[1]] = true
			}
		}
		if len(seen) != 45 || len(pages) != 3 {
			t.Errorf("%s: %d problems over %d pages, want 45 over 3", platform, len(seen), len(pages))
		}
		if !strings.Contains(pages[1], "21–40 of 45") {
			t.Errorf("%s page 2: %q", platform, pages[1])
		}
	}

	// Slack: the answer and its Next button, then the answers the button
	// brings through the response URL.
	text, blocks := p.answer(twoSlackStaff, "/problem", "list")
	pages := []string{text + string(blocks)}
	for len(pages) < 5 && strings.Contains(string(blocks), " after ") {
		c := p.pressIn(twoSlackStaff, blocks, " after ")
		pages = append(pages, c.Text+string(c.Blocks))
		blocks = c.Blocks
	}
	check("Slack", pages)

	// Discord: the same through the component interactions.
	id, err := p.dc.Interact(discordfake.Interaction{Type: 2, UserID: twoDiscordStaff, ChannelID: twoDiscordHere,
		Data: discordfake.Command("problem", discordfake.Sub("list"))})
	if err != nil {
		t.Fatal(err)
	}
	pages = nil
	for len(pages) < 5 {
		var cb discordfake.Callback
		if !p.dc.Await(10*time.Second, func() bool { var ok bool; cb, ok = p.dc.Callback(id); return ok }) {
			t.Fatal("no answer")
		}
		d := cb.Decode()
		pages = append(pages, d.Text())
		next := ""
		for _, b := range discordfake.Buttons(d.Components) {
			if strings.Contains(b.CustomID, " after ") {
				next = b.CustomID
			}
		}
		if next == "" {
			break
		}
		if id, err = p.dc.Interact(discordfake.Interaction{Type: 3, UserID: twoDiscordStaff, ChannelID: twoDiscordHere,
			Data: discordfake.ButtonPress(next)}); err != nil {
			t.Fatal(err)
		}
	}
	check("Discord", pages)
}
