package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Each slash command reaches the router as its line, as the member, and
// its answer rides in the ack, ephemeral, within Slack's 3 seconds.
func TestSlashCommands(t *testing.T) {
	h := newHarness(t)
	h.start()

	cases := []struct {
		user, command, text string
		want                string // the whole answer text, or a prefix ending in "…"
	}{
		{bob, "/problem", "list", "No open problem yet. Post one with `/problem post`."},
		{ann, "/problem", "list", "Aucun problème ouvert. Publiez-en un avec `/problem post`."},
		{bob, "/workshop", "list", "No workshop planned yet."},
		{bob, "/atelier", "", "atelier commands (`/atelier help &lt;command&gt;` for one):…"},
		{bob, "/atelier", "help workshop", "atelier commands…"},
		{ann, "/atelier", "aide", "Commandes d'atelier (`/atelier help &lt;commande&gt;` pour une seule) :…"},
		{bob, "/problem", "", "`/problem` needs a sub-command: post, list, search, show, interested, canhelp, uninterested, close, edit."},
		{bob, "/workshop", "join 9", "No workshop has that id. `/workshop list` shows them."},
		{bob, "/workshop", "create Not staff", "Only staff can do that."},
	}
	for _, c := range cases {
		before := len(h.fake.Calls("response_url"))
		ack := h.slash(c.user, chan1, c.command, c.text)
		var got string
		if ack.Payload == nil {
			// Too long to ride in the ack (the whole help): it follows on
			// the response URL.
			h.wait("the answer on the response URL", func() bool { return len(h.fake.Calls("response_url")) > before })
			got = h.fake.Calls("response_url")[before].Text
		} else {
			got = h.answer(ack).Text
		}
		if prefix, ok := strings.CutSuffix(c.want, "…"); ok {
			if !strings.HasPrefix(got, prefix) {
				t.Errorf("%s %s %q: answer %q, want it to start with %q", c.user, c.command, c.text, got, prefix)
			}
		} else if got != c.want {
			t.Errorf("%s %s %q: answer %q, want %q", c.user, c.command, c.text, got, c.want)
		}
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d public posts for private answers", n)
	}
}

// The profile command: "/atelier-me" (Slack keeps /me for itself) and
// "/atelier me" both reach /me, with the name, zone and language Slack
// knows of the member.
func TestSlashMe(t *testing.T) {
	h := newHarness(t)
	h.start()
	for _, c := range []struct{ command, text string }{{"/atelier-me", ""}, {"/atelier", "me"}} {
		got := h.answer(h.slash(ann, chan1, c.command, c.text)).Text
		for _, want := range []string{"Ann", "Europe/Paris", "français"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s %s: %q lacks %q", c.command, c.text, got, want)
			}
		}
	}
	// A member sets their own zone: it wins over Slack's from then on.
	if got := h.answer(h.slash(bob, chan1, "/atelier-me", "timezone America/Montreal")).Text; !strings.HasPrefix(got, "Profile updated.\n") {
		t.Errorf("timezone: %q", got)
	}
	if m := h.member(bob); m.Timezone != "America/Montreal" || m.DisplayName != "Bob Smith" {
		t.Errorf("bob = %+v", m)
	}
	// users.info was asked once per member, not once per command.
	calls := h.fake.Calls("users.info")
	if len(calls) != 2 {
		t.Errorf("users.info called %d times, want 2 (one per member)", len(calls))
	}
	for _, c := range calls {
		if c.Form.Get("include_locale") != "true" {
			t.Errorf("users.info without include_locale: %v", c.Form)
		}
	}
	// The other commands of the manifest reach their routes (a command the
	// core does not serve yet gets the router's answer, not silence).
	for _, c := range []struct{ user, command, text string }{
		{admin, "/announce", "list"}, {bob, "/feedback", ""}, {bob, "/jobs", ""},
	} {
		got := h.answer(h.slash(c.user, chan1, c.command, c.text)).Text
		if got == "" || (c.command != "/jobs" && strings.HasPrefix(got, "Unknown command")) {
			t.Errorf("%s %s: answer %q", c.command, c.text, got)
		}
	}
}

// A public reply: the confirmation is private, in the ack; the card is
// posted in the channel with chat.postMessage, its fallback text set, and
// recorded for reactions and edits.
func TestSlashPublicCard(t *testing.T) {
	h := newHarness(t)
	h.start()
	ack := h.slash(bob, chan1, "/problem", "post Missing values in sensor series | Gaps of hours #timeseries #imputation")
	if got, want := h.answer(ack).Text, "Problem #1 posted. Others can say “me too” or offer help with the buttons."; got != want {
		t.Fatalf("answer %q, want %q", got, want)
	}
	m := h.postedCard(chan1, commands.Entity{Kind: storage.KindProblem, ID: 1})
	post := h.fake.WaitCall(t, "chat.postMessage", nil)
	if post.Encoding != "form" || post.Channel != chan1 || post.Ephemeral {
		t.Errorf("post = %+v", post)
	}
	if post.Form.Has("link_names") || post.Form.Has("parse") || post.Form.Has("as_user") {
		t.Errorf("post sets mention parsing: %v", post.Form)
	}
	wantText := "#1 · Missing values in sensor series\nGaps of hours\nAuthor: Bob Smith\nTags: #imputation #timeseries\nStatus: open\nInterested: 0\nCan help: 0\nProblem #1 · `/problem show 1`"
	if m.Text != wantText {
		t.Errorf("fallback text:\n%s\nwant:\n%s", m.Text, wantText)
	}
	var blocks []map[string]any
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	types := []string{}
	for _, b := range blocks {
		types = append(types, b["type"].(string))
	}
	if got := strings.Join(types, ","); got != "section,section,actions,context" {
		t.Errorf("block types %s", got)
	}
	want := `{"text":{"text":"*#1 · Missing values in sensor series*\nGaps of hours","type":"mrkdwn"},"type":"section"}`
	if got, _ := json.Marshal(blocks[0]); string(got) != want {
		t.Errorf("head block %s\nwant %s", got, want)
	}
	wantButtons := `[{"action_id":"atelier.problem.interested","style":"primary","text":{"emoji":false,"text":"Me too","type":"plain_text"},"type":"button","value":"problem interested 1"},{"action_id":"atelier.problem.canhelp","text":{"emoji":false,"text":"I can help","type":"plain_text"},"type":"button","value":"problem canhelp 1"}]`
	if got, _ := json.Marshal(blocks[2]["elements"]); string(got) != wantButtons {
		t.Errorf("buttons %s\nwant %s", got, wantButtons)
	}
	if n := len(h.fake.Messages(chan1)); n != 1 {
		t.Errorf("%d messages posted, want 1", n)
	}
}

// Slow work never holds the ack: past AckWait the envelope is acked empty
// and the answer follows on the response_url.
func TestSlowAnswerAfterEmptyAck(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.AckWait = 100 * time.Millisecond })
	h.fake.Slow("users.info", 400*time.Millisecond)
	h.start()
	ack := h.slash(bob, chan1, "/workshop", "list")
	if ack.Payload != nil || ack.Latency() > 350*time.Millisecond {
		t.Errorf("ack after %s with %s; want an empty ack at about 100ms", ack.Latency(), ack.Payload)
	}
	r := h.fake.WaitCall(t, "response_url", nil)
	if r.Text != "No workshop planned yet." || !r.Ephemeral || r.User != bob {
		t.Errorf("answer %+v", r)
	}
	if n := h.fake.Acks(ack.EnvelopeID); n != 1 {
		t.Errorf("%d acks for one envelope", n)
	}
}
