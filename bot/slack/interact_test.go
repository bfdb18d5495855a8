package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// viewInputs lists a modal's inputs as "block_id:element type:optional".
func viewInputs(tb testing.TB, v slackfake.View) []string {
	tb.Helper()
	var out []string
	for _, raw := range v.Blocks {
		var b struct {
			Type     string `json:"type"`
			BlockID  string `json:"block_id"`
			Optional bool   `json:"optional"`
			Element  struct {
				Type     string `json:"type"`
				ActionID string `json:"action_id"`
			} `json:"element"`
		}
		if err := json.Unmarshal(raw, &b); err != nil {
			tb.Fatal(err)
		}
		if b.Type != "input" || b.Element.ActionID != b.BlockID {
			tb.Errorf("block %s: type %s, action id %s", b.BlockID, b.Type, b.Element.ActionID)
		}
		out = append(out, fmt.Sprintf("%s:%s:%v", b.BlockID, b.Element.Type, b.Optional))
	}
	return out
}

// A command typed without its text opens a modal with the trigger of the
// slash command; a valid submission closes it and goes through the same
// handler as the typed form; an invalid one keeps it open with the error
// on the input at fault.
func TestModalPostProblem(t *testing.T) {
	h := newHarness(t)
	h.start()

	ack := h.slash(ann, chan1, "/problem", "post")
	if ack.Payload != nil {
		t.Errorf("a form's ack carries %s, want an empty ack", ack.Payload)
	}
	open := h.fake.WaitCall(t, "views.open", nil)
	if open.Encoding != "json" {
		t.Errorf("views.open sent as %s", open.Encoding)
	}
	views := h.fake.Views()
	if len(views) != 1 {
		t.Fatalf("%d views opened", len(views))
	}
	v := views[0]
	if v.Callback != formCallback || v.Trigger != open.Trigger || v.Trigger == "" {
		t.Errorf("view %+v", v)
	}
	if got, want := strings.Join(viewInputs(t, v), " "), "title:plain_text_input:false description:plain_text_input:true tags:plain_text_input:true"; got != want {
		t.Errorf("inputs %s, want %s", got, want)
	}
	if !strings.Contains(string(v.Raw), `"title":{"type":"plain_text","text":"Publier un problème"`) {
		t.Errorf("modal not in Ann's French: %s", v.Raw)
	}

	// Invalid: the error is on the tags input, the modal stays open, and
	// nothing is posted or stored.
	before := len(h.fake.Calls("chat.postMessage"))
	env, err := h.fake.Submit(ann, v, map[string]string{"title": "Données manquantes", "tags": "#timeseries #bon!"})
	if err != nil {
		t.Fatal(err)
	}
	sub := h.fake.WaitAck(t, env)
	var resp struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(sub.Payload, &resp); err != nil {
		t.Fatalf("submission ack %s: %v", sub.Payload, err)
	}
	wantErr := "`#bon!` n'est pas un tag valide : lettres, chiffres, - _ . seulement, 32 caractères au plus."
	if resp.Action != "errors" || len(resp.Errors) != 1 || resp.Errors["tags"] != wantErr {
		t.Errorf("submission answer %s, want the error %q on tags", sub.Payload, wantErr)
	}
	if ps, _ := h.db.ListProblems(context.Background(), storage.ProblemFilter{}); len(ps) != 0 {
		t.Errorf("%d problems stored by an invalid submission", len(ps))
	}

	// Valid: the modal closes (empty ack), the card is posted in the
	// channel of the command, in the community's language (English), and
	// the confirmation goes to Ann only, in hers.
	env, err = h.fake.Submit(ann, v, map[string]string{"title": "Données manquantes", "description": "Des trous de plusieurs heures", "tags": "#timeseries"})
	if err != nil {
		t.Fatal(err)
	}
	if sub := h.fake.WaitAck(t, env); sub.Payload != nil {
		t.Errorf("valid submission acked with %s, want an empty ack (close)", sub.Payload)
	}
	m := h.postedCard(chan1, commands.Entity{Kind: storage.KindProblem, ID: 1})
	if !strings.HasPrefix(m.Text, "#1 · Données manquantes\nDes trous de plusieurs heures\nAuthor: Ann\nTags: #timeseries\nStatus: open") {
		t.Errorf("posted card %q", m.Text)
	}
	confirm := h.fake.WaitCall(t, "response_url", nil)
	if !confirm.Ephemeral || confirm.Text != "Problème #1 publié. Les autres peuvent dire « moi aussi » ou proposer leur aide avec les boutons." || confirm.User != ann {
		t.Errorf("confirmation %+v", confirm)
	}
	if n := len(h.fake.Calls("chat.postMessage")) - before; n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
}

// The schedule form's date-time picker comes back as unix seconds; a past
// time is refused on the picker itself.
func TestModalScheduleDateTimePicker(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.announce(chan1, "Imputation clinic", 1)

	h.slash(admin, chan1, "/workshop", "schedule 1")
	h.fake.WaitCall(t, "views.open", nil)
	v := h.fake.Views()[0]
	if got, want := strings.Join(viewInputs(t, v), " "), "id:plain_text_input:false when:datetimepicker:false duration:plain_text_input:true place:plain_text_input:true"; got != want {
		t.Errorf("inputs %s, want %s", got, want)
	}
	if !strings.Contains(string(v.Raw), `"initial_value":"1"`) {
		t.Errorf("workshop id not prefilled: %s", v.Raw)
	}

	past := testNow.Add(-time.Hour).Unix()
	env, _ := h.fake.Submit(admin, v, map[string]string{"id": "1", "when": strconv.FormatInt(past, 10)})
	sub := h.fake.WaitAck(t, env)
	if want := `{"response_action":"errors","errors":{"when":"That time has passed.\nTry ` + "`December 3 2pm`"; !strings.HasPrefix(string(sub.Payload), want) {
		t.Errorf("past time answer %s, want it to start with %s", sub.Payload, want)
	}

	start := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC) // 14:00 in Paris
	env, _ = h.fake.Submit(admin, v, map[string]string{"id": "1", "when": strconv.FormatInt(start.Unix(), 10), "duration": "1h30", "place": "Room <B>"})
	if sub := h.fake.WaitAck(t, env); sub.Payload != nil {
		t.Fatalf("valid schedule acked with %s", sub.Payload)
	}
	confirm := h.fake.WaitCall(t, "response_url", nil)
	want := "Session added to workshop #1: <!date^1796302800^{date_short_pretty} at {time}|Thu 3 Dec 2026, 14:00 CET>, 1h30, Room &lt;B&gt;.\nRead as Thu 3 Dec 2026, 14:00 CET (time zone Europe/Paris)."
	if confirm.Text != want {
		t.Errorf("confirmation %q\nwant %q", confirm.Text, want)
	}
	w := h.workshop(1)
	if len(w.Sessions) != 1 || !w.Sessions[0].Start.Equal(start) || w.Sessions[0].Place != "Room <B>" {
		t.Errorf("sessions %+v", w.Sessions)
	}
	// The announcement shows the session, each reader in their own zone.
	upd := h.fake.WaitCall(t, "chat.update", nil)
	if !strings.Contains(blocksText(upd.Blocks), "*Next session*\n<!date^1796302800^{date_short_pretty} at {time}|Thu 3 Dec 2026, 14:00 CET> · 1h30 · Room &lt;B&gt;") {
		t.Errorf("announcement not updated with the session: %s", upd.Blocks)
	}
}

// A Join button runs "workshop join" as the member who pressed it: the
// answer is private, on the response_url, and the announcement is edited
// with the new count.
func TestJoinButton(t *testing.T) {
	h := newHarness(t)
	h.start()
	card := h.announce(chan1, "capacity 1 Imputation clinic", 1)

	env, err := h.fake.Press(bob, chan1, card.TS, "atelier.workshop.join")
	if err != nil {
		t.Fatal(err)
	}
	if ack := h.fake.WaitAck(t, env); ack.Payload != nil {
		t.Errorf("button acked with %s", ack.Payload)
	}
	r := h.fake.WaitCall(t, "response_url", nil)
	if r.Text != "You have a seat in workshop #1 Imputation clinic." || !r.Ephemeral || r.User != bob {
		t.Errorf("answer %+v", r)
	}
	upd := h.fake.WaitCall(t, "chat.update", func(c slackfake.Call) bool { return strings.Contains(c.Text, "Seats: 1/1") })
	if upd.Channel != chan1 || upd.TS != card.TS {
		t.Errorf("edited %s/%s, want the announcement %s/%s", upd.Channel, upd.TS, chan1, card.TS)
	}
	if !strings.Contains(blocksText(upd.Blocks), "Join the waitlist") {
		t.Errorf("full workshop still offers Join: %s", upd.Blocks)
	}

	// Ann, French, joins the full workshop: waitlisted, told in French;
	// the card shows the waitlist.
	env, _ = h.fake.Press(ann, chan1, card.TS, "atelier.workshop.join")
	h.fake.WaitAck(t, env)
	h.fake.WaitCall(t, "response_url", func(c slackfake.Call) bool {
		return c.User == ann && c.Text == "L'atelier #1 est complet : vous êtes numéro 1 sur la liste d'attente. Vous aurez la prochaine place libérée."
	})
	h.fake.WaitCall(t, "chat.update", func(c slackfake.Call) bool { return strings.Contains(c.Text, "Seats: 1/1 · 1 waiting") })
	if w := h.workshop(1); w.Joined != 1 || w.Waitlisted != 1 {
		t.Errorf("joined %d waitlisted %d", w.Joined, w.Waitlisted)
	}
}

// The configured emoji on an announcement joins, taking it off leaves;
// the member is told privately and the card shows the live count. Other
// emoji, and the bot's own reactions, do nothing.
func TestReactionJoinAndLeave(t *testing.T) {
	h := newHarness(t)
	h.start()
	card := h.announce(chan1, "capacity 5 Imputation clinic", 1)

	env, err := h.fake.React(bob, chan1, card.TS, "raised_hand", false)
	if err != nil {
		t.Fatal(err)
	}
	if ack := h.fake.WaitAck(t, env); ack.Payload != nil {
		t.Errorf("event acked with a payload %s", ack.Payload)
	}
	eph := h.fake.WaitCall(t, "chat.postEphemeral", nil)
	if eph.Channel != chan1 || eph.User != bob || eph.Text != "You have a seat in workshop #1 Imputation clinic." {
		t.Errorf("ephemeral %+v", eph)
	}
	h.fake.WaitCall(t, "chat.update", func(c slackfake.Call) bool { return c.TS == card.TS && strings.Contains(c.Text, "Seats: 1/5") })

	// A skin tone is the same emoji.
	env, _ = h.fake.React(ann, chan1, card.TS, "raised_hand::skin-tone-4", false)
	h.fake.WaitAck(t, env)
	h.fake.WaitCall(t, "chat.update", func(c slackfake.Call) bool { return strings.Contains(c.Text, "Seats: 2/5") })

	// Another emoji, and the bot's own reaction, change nothing.
	env1, _ := h.fake.React(carol, chan1, card.TS, "tada", false)
	env2, _ := h.fake.React(h.fake.Options().BotUserID, chan1, card.TS, "raised_hand", false)
	h.fake.WaitAck(t, env1)
	h.fake.WaitAck(t, env2)

	env, _ = h.fake.Unreact(bob, chan1, card.TS, "raised_hand", false)
	h.fake.WaitAck(t, env)
	h.fake.WaitCall(t, "chat.postEphemeral", func(c slackfake.Call) bool {
		return c.User == bob && c.Text == "You left workshop #1 Imputation clinic."
	})
	h.fake.WaitCall(t, "chat.update", func(c slackfake.Call) bool { return strings.Contains(c.Text, "Seats: 1/5") })
	w := h.workshop(1)
	if w.Joined != 1 || len(w.Participants) != 1 || w.Participants[0].Name != "Ann" {
		t.Errorf("participants %+v", w.Participants)
	}
	for _, c := range h.fake.Calls("chat.postEphemeral") {
		if c.User == carol || c.User == h.fake.Options().BotUserID {
			t.Errorf("answered a reaction that means nothing: %+v", c)
		}
	}

	// On a problem's card the emoji says "me too".
	h.slash(bob, chan2, "/problem", "post Missing values")
	pcard := h.postedCard(chan2, commands.Entity{Kind: storage.KindProblem, ID: 1})
	env, _ = h.fake.React(ann, chan2, pcard.TS, "raised_hand", false)
	h.fake.WaitAck(t, env)
	h.fake.WaitCall(t, "chat.update", func(c slackfake.Call) bool {
		return c.TS == pcard.TS && strings.Contains(c.Text, "Interested: 1 (Ann)")
	})
}

// A change made anywhere, here on the console, edits the Slack card.
func TestAnnouncementEditedFromAnotherPlatform(t *testing.T) {
	h := newHarness(t)
	h.start()
	card := h.announce(chan1, "capacity 3 Imputation clinic", 1)
	rep := h.router.Handle(context.Background(), &commands.Request{Platform: "console", Workspace: "local", UserID: "dana", UserName: "Dana", Channel: "console", Line: "workshop join 1"})
	if !strings.HasPrefix(rep.Text, "You have a seat") {
		t.Fatalf("console join: %q", rep.Text)
	}
	upd := h.fake.WaitCall(t, "chat.update", nil)
	if upd.Channel != chan1 || upd.TS != card.TS || !strings.Contains(upd.Text, "Seats: 1/3") {
		t.Errorf("update %+v", upd)
	}
	m, _ := h.fake.Message(chan1, card.TS)
	if m.Edits != 1 || !strings.Contains(m.Text, "Seats: 1/3") {
		t.Errorf("message after edit: %+v", m)
	}
}

// Many changes at once are coalesced: the card ends at the last state,
// without one edit per change.
func TestEditsCoalesce(t *testing.T) {
	h := newHarness(t)
	h.start()
	card := h.announce(chan1, "Imputation clinic", 1)
	for i := range 20 {
		h.router.Handle(context.Background(), &commands.Request{Platform: "console", Workspace: "local",
			UserID: fmt.Sprintf("m%d", i), UserName: fmt.Sprintf("M%d", i), Line: "workshop join 1"})
	}
	h.fake.WaitCall(t, "chat.update", func(c slackfake.Call) bool { return strings.Contains(c.Text, "Seats: 20/unlimited") })
	if n := len(h.fake.Calls("chat.update")); n >= 20 {
		t.Errorf("%d edits for 20 joins; the queue should coalesce", n)
	}
	m, _ := h.fake.Message(chan1, card.TS)
	if !strings.Contains(m.Text, "Seats: 20/unlimited") {
		t.Errorf("final card %q", m.Text)
	}
}

// A form that cannot open (the trigger expired) says so, privately, with
// the way to type the command instead.
func TestFormTriggerExpired(t *testing.T) {
	h := newHarness(t)
	h.fake.SetTriggerTTL(time.Nanosecond)
	h.start()
	h.slash(bob, chan1, "/problem", "post")
	open := h.fake.WaitCall(t, "views.open", func(c slackfake.Call) bool { return c.Error == "expired_trigger_id" })
	if open.Trigger == "" {
		t.Errorf("views.open without a trigger")
	}
	r := h.fake.WaitCall(t, "response_url", nil)
	if want := "The form could not open in time. Try again, or type the command with its text (`/atelier help problem` shows how)."; r.Text != want {
		t.Errorf("answer %q, want %q", r.Text, want)
	}
}

// A reply's files (here a member's data export) go to the member's DM,
// uploaded the way Slack wants; the answer says where they went.
func TestReplyFilesToDM(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.slash(bob, chan1, "/problem", "post Missing values")
	ack := h.slash(bob, chan1, "/atelier", "export")
	if got := h.answer(ack).Text; !strings.HasPrefix(got, "Here is everything the community holds about you: atelier-my-data-2026-11-27.json") {
		t.Errorf("answer %q", got)
	}
	h.fake.WaitCall(t, "response_url", func(c slackfake.Call) bool {
		return c.Text == "Sent to your direct messages with atelier: atelier-my-data-2026-11-27.json."
	})
	ups := h.fake.Uploads("DBOB")
	if len(ups) != 1 || ups[0].Name != "atelier-my-data-2026-11-27.json" || ups[0].Title != ups[0].Name {
		t.Fatalf("uploads %+v", ups)
	}
	var export map[string]any
	if err := json.Unmarshal(ups[0].Data, &export); err != nil || !strings.Contains(string(ups[0].Data), "Missing values") {
		t.Errorf("uploaded %s (%v)", ups[0].Data, err)
	}
	if len(h.fake.Uploads(chan1)) != 0 {
		t.Errorf("a private file was shared in the channel")
	}
}
