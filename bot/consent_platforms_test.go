package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/bot/slack/slackfake"
)

// Consent per organisation through both platforms' real clients: joining
// a co-organised workshop answers with a Share button per organisation,
// nothing ticked; pressing one on Slack and on Discord shares with that
// organisation only, which its staff, named by staff, then read by name,
// the other registrant only counted.
func TestConsentButtonsOnBothPlatforms(t *testing.T) {
	p := startTwo(t, ChannelsConfig{}, ChannelsConfig{}, "")
	const bob, carol = "1700000000000000088", "1700000000000000099"
	p.dc.AddUser(discordfake.User{ID: bob, Username: "bob", GlobalName: "Bob"})
	p.dc.AddUser(discordfake.User{ID: carol, Username: "carol", GlobalName: "Carol"})
	p.slash(twoSlackStaff, "/workshop", "create Journée données ouvertes #opendata")
	if got := p.slash(twoSlackStaff, "/workshop", "partners 1 Women in Data, Data for Good"); !strings.Contains(got, "co-organised with: Women in Data, Data for Good") {
		t.Fatalf("partners: %q", got)
	}

	// Slack: the join answer's buttons; Share with Data for Good (#2).
	_, blocks := p.answer(twoSlackStaff, "/workshop", "join 1")
	for _, want := range []string{"Share with Women in Data", "Share with Data for Good", "not shared"} {
		if !strings.Contains(string(blocks), want) {
			t.Errorf("Slack join answer lacks %q: %s", want, blocks)
		}
	}
	if c := p.pressIn(twoSlackStaff, blocks, "workshop consent 1 yes #2"); !strings.Contains(c.Text, "Data for Good now sees your name and organisation as a registrant of workshop #1.") {
		t.Errorf("Slack press answered %q", c.Text)
	}

	// Discord: bob joins and shares with Women in Data (#1) by button.
	id, err := p.dc.Interact(discordfake.Interaction{Type: 2, UserID: bob, ChannelID: twoDiscordHere,
		Data: discordfake.Command("workshop", discordfake.Sub("join", discordfake.Int("id", 1)))})
	if err != nil {
		t.Fatal(err)
	}
	var cb discordfake.Callback
	if !p.dc.Await(10*time.Second, func() bool { var ok bool; cb, ok = p.dc.Callback(id); return ok }) {
		t.Fatal("no answer to the join on Discord")
	}
	share := ""
	for _, b := range discordfake.Buttons(cb.Decode().Components) {
		if strings.HasPrefix(b.CustomID, "workshop consent 1 yes #1:") {
			share = b.CustomID
		}
	}
	if share == "" {
		t.Fatalf("no Share with Women in Data button on Discord: %+v", discordfake.Buttons(cb.Decode().Components))
	}
	if id, err = p.dc.Interact(discordfake.Interaction{Type: 3, UserID: bob, ChannelID: twoDiscordHere, Data: discordfake.ButtonPress(share)}); err != nil {
		t.Fatal(err)
	}
	if !p.dc.Await(10*time.Second, func() bool { var ok bool; cb, ok = p.dc.Callback(id); return ok }) {
		t.Fatal("no answer to the press on Discord")
	}
	if got := cb.Decode().Content; !strings.Contains(got, "Women in Data now sees your name") {
		t.Errorf("Discord press answered %q", got)
	}

	// carol, named Women in Data's staff, reads bob by name (the fake names him by his id), Ada only counted.
	p.interact(carol, "me", discordfake.Sub("show"))
	if got := p.interact(twoDiscordStaff, "atelier", discordfake.Sub("orgstaff", discordfake.Str("text", "add <@"+carol+"> Women in Data"))); !strings.Contains(got, "Now acting for Women in Data: ") {
		t.Fatalf("orgstaff: %q", got)
	}
	id, err = p.dc.Interact(discordfake.Interaction{Type: 2, UserID: carol, ChannelID: twoDiscordHere,
		Data: discordfake.Command("workshop", discordfake.Sub("registrants", discordfake.Str("text", "1")))})
	if err != nil {
		t.Fatal(err)
	}
	if !p.dc.Await(10*time.Second, func() bool { var ok bool; cb, ok = p.dc.Callback(id); return ok }) {
		t.Fatal("no answer to registrants on Discord")
	}
	body, _ := json.Marshal(cb.Decode().Embeds)
	if !strings.Contains(string(body), "Registrants of workshop #1") || !strings.Contains(string(body), bob) ||
		strings.Contains(string(body), "Ada") || !strings.Contains(string(body), "1 did not consent") {
		t.Errorf("carol reads %s", body)
	}
}

// answer runs a slash command on Slack as user and returns its ephemeral
// answer, text and blocks.
func (p *twoPlatforms) answer(user, command, text string) (string, json.RawMessage) {
	p.t.Helper()
	env, err := p.sl.SlashCommand(user, twoSlackHere, command, text)
	if err != nil {
		p.t.Fatal(err)
	}
	var answer struct {
		Text   string
		Blocks json.RawMessage
	}
	json.Unmarshal(p.sl.WaitAck(p.t, env).Payload, &answer)
	return answer.Text, answer.Blocks
}

// pressIn clicks, as user on Slack, the first button of an ephemeral
// answer's blocks whose line holds want, and returns the answer the click
// brings through the response URL.
func (p *twoPlatforms) pressIn(user string, blocks json.RawMessage, want string) slackfake.Call {
	p.t.Helper()
	before := len(p.sl.Calls("response_url"))
	if _, err := p.sl.PressIn(user, twoSlackHere, blocks, want); err != nil {
		p.t.Fatal(err)
	}
	var c slackfake.Call
	p.sl.Wait(10*time.Second, func() bool {
		cs := p.sl.Calls("response_url")
		if len(cs) > before {
			c = cs[len(cs)-1]
			return true
		}
		return false
	})
	return c
}
