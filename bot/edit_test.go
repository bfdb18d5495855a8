package bot

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/bot/slack/slackfake"
)

// A workshop announced on Slack and on Discord: an edit updates both
// cards, and a change of time tells its participants on their platform and
// moves their reminders.
func TestEditWorkshopAcrossPlatforms(t *testing.T) {
	p := startTwo(t, ChannelsConfig{}, ChannelsConfig{}, "")
	const bob = "1700000000000000077"
	p.dc.AddUser(discordfake.User{ID: bob, Username: "bob", GlobalName: "Bob"})
	p.slash(twoSlackStaff, "/workshop", "create Imputation clinic #timeseries")
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	if got := p.slash(twoSlackStaff, "/workshop", "schedule 1 "+start.Format("2006-01-02 15:04")+" 2h Room A"); !strings.Contains(got, "Session added") {
		t.Fatalf("schedule: %q", got)
	}
	p.slash(twoSlackStaff, "/workshop", "announce 1")
	p.interact(twoDiscordStaff, "workshop", discordfake.Sub("announce", discordfake.Int("id", 1)))
	p.slash(twoSlackStaff, "/workshop", "join 1")
	p.interact(bob, "workshop", discordfake.Sub("join", discordfake.Int("id", 1)))

	got := p.slash(twoSlackStaff, "/workshop", "edit 1 title: Imputation lab | place: Room B")
	if !strings.Contains(got, "Workshop #1 updated") {
		t.Fatalf("edit: %q", got)
	}
	p.cardsFollow("#1 · ", "Imputation lab")

	// A new time: bob hears it on Discord, the staff member on Slack; the
	// reminders move with the session.
	moved := start.Add(24 * time.Hour)
	if got := p.slash(twoSlackStaff, "/workshop", "reschedule 1 "+moved.Format("2006-01-02 15:04")); !strings.Contains(got, "moved") && !strings.Contains(got, "Session") {
		t.Logf("reschedule: %q", got)
	}
	if !p.dc.Await(10*time.Second, func() bool {
		for _, m := range p.dc.Messages(p.dc.DMChannel(bob)) {
			if strings.Contains(m.Content, "moves to") {
				return true
			}
		}
		return false
	}) {
		t.Error("bob was not told of the new time on Discord")
	}
	if !p.sl.Wait(10*time.Second, func() bool {
		for _, c := range p.sl.Calls("chat.postMessage") {
			if strings.HasPrefix(c.Channel, "D") && strings.Contains(c.Text, "moves to") {
				return true
			}
		}
		return false
	}) {
		t.Error("the staff member was not told of the new time on Slack")
	}
	raw, err := sql.Open("sqlite3", "file:"+p.dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var early, due int
	raw.QueryRow(`SELECT COUNT(*) FROM outbox WHERE kind = 'reminder' AND state = 'pending' AND planned_at < ?`, moved.Add(-25*time.Hour).Unix()).Scan(&early)
	raw.QueryRow(`SELECT COUNT(*) FROM outbox WHERE kind = 'reminder' AND state = 'pending'`).Scan(&due)
	if early != 0 || due == 0 {
		t.Errorf("reminders: %d pending, %d still at the old time", due, early)
	}
}

// cardsFollow waits for the cards whose title starts with prefix, in the
// Slack channel and on Discord, to read prefix+title.
func (p *twoPlatforms) cardsFollow(prefix, title string) {
	p.t.Helper()
	cards := func() (slack, discord string) {
		for _, m := range p.sl.Messages(twoSlackHere) {
			if strings.HasPrefix(m.Text, prefix) {
				slack = m.Text
			}
		}
		for _, m := range p.dc.Messages("") {
			for _, e := range m.Embeds {
				if strings.HasPrefix(e.Title, prefix) {
					discord = e.Title
				}
			}
		}
		return slack, discord
	}
	if !p.dc.Await(10*time.Second, func() bool {
		s, d := cards()
		return strings.HasPrefix(s, prefix+title) && d == prefix+title
	}) {
		s, d := cards()
		p.t.Errorf("cards after the edit to %q: Slack %q, Discord %q", title, s, d)
	}
}

// forgetOnDiscord runs the whole forget on Discord as user.
func (p *twoPlatforms) forgetOnDiscord(user string) string {
	p.t.Helper()
	id, err := p.dc.Interact(discordfake.Interaction{Type: 2, UserID: user, ChannelID: twoDiscordHere,
		Data: discordfake.Command("atelier", discordfake.Sub("forget"))})
	if err != nil {
		p.t.Fatal(err)
	}
	var code string
	p.dc.Await(10*time.Second, func() bool {
		cb, ok := p.dc.Callback(id)
		if !ok {
			return false
		}
		for _, b := range discordfake.Buttons(cb.Decode().Components) {
			code = strings.TrimPrefix(b.CustomID, "atelier forget confirm ")
		}
		return code != ""
	})
	return p.interact(user, "atelier", discordfake.Sub("forget", discordfake.Str("code", code)))
}

// A full session with a waitlist, announced on both platforms: the seated
// member asks to be forgotten on Discord; the first in line (on Slack) is
// promoted and told there, and both cards show the new seats.
func TestForgetFreesSeatAcrossPlatforms(t *testing.T) {
	p := startTwo(t, ChannelsConfig{}, ChannelsConfig{}, "")
	const dave = "1700000000000000066"
	p.dc.AddUser(discordfake.User{ID: dave, Username: "dave", GlobalName: "Dave"})
	p.slash(twoSlackStaff, "/workshop", "create capacity 1 Imputation clinic")
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	p.slash(twoSlackStaff, "/workshop", "schedule 1 "+start.Format("2006-01-02 15:04")+" 2h Room A")
	p.slash(twoSlackStaff, "/workshop", "announce 1")
	p.interact(twoDiscordStaff, "workshop", discordfake.Sub("announce", discordfake.Int("id", 1)))
	if got := p.interact(dave, "workshop", discordfake.Sub("join", discordfake.Int("id", 1))); !strings.Contains(got, "You have a seat") {
		t.Fatalf("dave's join: %q", got)
	}
	if got := p.slash(twoSlackStaff, "/workshop", "join 1"); !strings.Contains(got, "waitlist") {
		t.Fatalf("ada's join: %q", got)
	}
	if got := p.forgetOnDiscord(dave); !strings.HasPrefix(got, "Done: the community has forgotten you.") {
		t.Fatalf("forget: %q", got)
	}
	if !p.sl.Wait(10*time.Second, func() bool {
		for _, c := range p.sl.Calls("chat.postMessage") {
			if strings.HasPrefix(c.Channel, "D") && strings.Contains(c.Text, "seat") && strings.Contains(c.Text, "#1") {
				return true
			}
		}
		return false
	}) {
		t.Error("the first in line was not told on Slack")
	}
	seats := func() (string, string) {
		var sl, dc string
		for _, m := range p.sl.Messages(twoSlackHere) {
			if strings.HasPrefix(m.Text, "#1 · ") {
				sl = m.Text
			}
		}
		for _, m := range p.dc.Messages("") {
			if len(m.Embeds) > 0 && strings.HasPrefix(m.Embeds[0].Title, "#1 · ") {
				dc = m.Field("Seats")
			}
		}
		return sl, dc
	}
	if !p.dc.Await(10*time.Second, func() bool { sl, dc := seats(); return strings.Contains(sl, "Seats: 1/1\n") && dc == "1/1" }) {
		sl, dc := seats()
		t.Errorf("cards after forget: Slack %q, Discord %q", sl, dc)
	}
}

// The edit forms, as Slack and Discord open and submit them: each comes
// filled in with the workshop as it is, and its submission updates the
// cards on both platforms.
func TestEditFormsAcrossPlatforms(t *testing.T) {
	p := startTwo(t, ChannelsConfig{}, ChannelsConfig{}, "")
	p.slash(twoSlackStaff, "/workshop", "create Imputation clinic #timeseries")
	p.slash(twoSlackStaff, "/workshop", "announce 1")
	p.interact(twoDiscordStaff, "workshop", discordfake.Sub("announce", discordfake.Int("id", 1)))

	// Slack: the modal opens filled in; submitted, it closes.
	env, err := p.sl.SlashCommand(twoSlackStaff, twoSlackHere, "/workshop", "edit 1")
	if err != nil {
		t.Fatal(err)
	}
	p.sl.WaitAck(t, env)
	var views []slackfake.View
	p.sl.Wait(10*time.Second, func() bool { views = p.sl.Views(); return len(views) == 1 })
	if len(views) != 1 {
		t.Fatalf("%d modals opened on Slack", len(views))
	}
	if raw := string(views[0].Raw); !strings.Contains(raw, `"initial_value":"Imputation clinic"`) || !strings.Contains(raw, `"initial_value":"#timeseries"`) {
		t.Errorf("Slack modal not filled in: %s", raw)
	}
	env, err = p.sl.Submit(twoSlackStaff, views[0], map[string]string{"title": "Imputation lab", "tags": "#timeseries"})
	if err != nil {
		t.Fatal(err)
	}
	if ack := p.sl.WaitAck(t, env); strings.Contains(string(ack.Payload), "errors") {
		t.Fatalf("Slack submission refused: %s", ack.Payload)
	}
	p.cardsFollow("#1 · ", "Imputation lab")

	// Discord: the same form as a modal; its submission says what changed.
	id, err := p.dc.Interact(discordfake.Interaction{Type: 2, UserID: twoDiscordStaff, ChannelID: twoDiscordHere,
		Data: discordfake.Command("workshop", discordfake.Sub("edit", discordfake.Int("id", 1)))})
	if err != nil {
		t.Fatal(err)
	}
	var cb discordfake.Callback
	p.dc.Await(10*time.Second, func() bool { var ok bool; cb, ok = p.dc.Callback(id); return ok })
	if cb.Type != 9 || !strings.Contains(string(cb.Data), `"custom_id":"form:workshop edit 1"`) || !strings.Contains(string(cb.Data), `"value":"Imputation lab"`) {
		t.Fatalf("Discord edit modal: %d %s", cb.Type, cb.Data)
	}
	id, err = p.dc.Interact(discordfake.Interaction{Type: 5, UserID: twoDiscordStaff, ChannelID: twoDiscordHere,
		Data: discordfake.ModalSubmit("form:workshop edit 1", [][2]string{{"title", "Imputation workshop"}, {"description", ""},
			{"tags", "#timeseries"}, {"place", ""}, {"capacity", "12"}})})
	if err != nil {
		t.Fatal(err)
	}
	p.dc.Await(10*time.Second, func() bool { var ok bool; cb, ok = p.dc.Callback(id); return ok })
	if d := cb.Decode(); !strings.Contains(d.Content, "• title: “Imputation lab” → “Imputation workshop”") || !strings.Contains(d.Content, "• capacity: “unlimited” → “12”") {
		t.Errorf("Discord submission: %q", d.Content)
	}
	p.cardsFollow("#1 · ", "Imputation workshop")
}
