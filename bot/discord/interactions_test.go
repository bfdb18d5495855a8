package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

var (
	str     = discordfake.Str
	integer = discordfake.Int
	subc    = discordfake.Sub
)

// Every command, through the real discordgo client and the real router,
// with the reply the fake received.
func TestCommands(t *testing.T) {
	t.Parallel()
	e := newEnv(t)

	// /problem post with options: a public card in the channel, recorded
	// from the message the callback returns (with_response), without the
	// bot's ✋: its "Me too" button is the one tap already.
	id, cb := e.command(aliceID, "en-US", "problem", subc("post",
		str("title", "Missing values @everyone"), str("description", "Hours of gaps"), str("tags", "#timeseries #nlp")))
	d := cb.Decode()
	if cb.Type != 4 || d.Flags != 0 || !strings.HasPrefix(d.Content, "Problem #1 posted.") {
		t.Fatalf("problem post: %d %+v", cb.Type, d)
	}
	if len(d.Embeds) != 1 || d.Embeds[0].Title != "#1 · Missing values @everyone" || d.Embeds[0].Description != "Hours of gaps" {
		t.Errorf("problem card: %+v", d.Embeds)
	}
	if got := labels(discordfake.Buttons(d.Components)); !reflect.DeepEqual(got, []string{"Me too=problem interested 1", "I can help=problem canhelp 1"}) {
		t.Errorf("problem buttons: %q", got)
	}
	var post discordfake.Message
	e.await("the problem card recorded", func() bool {
		var ok bool
		post, ok = e.fake.Original(id)
		return ok && e.recorded(post.ChannelID, post.ID)
	})
	e.await("the callback's call recorded", func() bool { return len(e.fake.Calls("POST", "^/interactions/"+id+"/itok-"+id+"/callback$")) >= 1 })
	if calls := e.fake.Calls("POST", "^/interactions/"+id+"/itok-"+id+"/callback$"); len(calls) != 1 || calls[0].Query.Get("with_response") != "true" || calls[0].Status != 200 {
		t.Errorf("the card's callback did not ask for the message it made: %+v", calls)
	}
	if n := len(e.fake.Calls("GET", "^/webhooks/")); n != 0 {
		t.Errorf("the posted card was read back %d times, want 0 (with_response gives it)", n)
	}
	if got := e.fake.Reactors(post.ChannelID, post.ID, "✋"); len(got) != 0 {
		t.Errorf("reactors on a card with its own button: %q, want none", got)
	}
	if ref, err := e.db.FindMessageRef(context.Background(), Platform, discordfake.Channel, post.ID); err != nil || ref.Kind != storage.KindProblem || ref.EntityID != 1 {
		t.Errorf("message ref of the problem card: %+v, %v", ref, err)
	}

	steps := []struct {
		user, cmd string
		opts      []discordfake.Opt
		want      string // a regexp the ephemeral text must match
	}{
		{bobID, "problem", []discordfake.Opt{subc("list")}, `^Open problems:\n• #1 Missing values @everyone · #nlp #timeseries$`},
		{bobID, "problem", []discordfake.Opt{subc("list", str("tag", "#nlp"))}, `^Open problems tagged #nlp:\n• #1 `},
		{bobID, "problem", []discordfake.Opt{subc("search", str("words", "missing"))}, `^Problems matching “missing”:\n• #1 `},
		{bobID, "problem", []discordfake.Opt{subc("interested", integer("id", 1))}, `^You are marked as interested in #1 Missing values @everyone\.$`},
		{carolID, "problem", []discordfake.Opt{subc("canhelp", integer("id", 1))}, `^Thanks! You are marked as able to help with #1 `},
		{carolID, "problem", []discordfake.Opt{subc("uninterested", integer("id", 1))}, `^You are no longer marked on #1 `},
		{bobID, "problem", []discordfake.Opt{subc("close", integer("id", 1))}, `^Only the author or staff can close this problem\.$`},
		{bobID, "workshop", []discordfake.Opt{subc("create", str("title", "Imputation"))}, `^Only staff can do that\.$`},
		{bobID, "workshop", []discordfake.Opt{subc("list")}, `^No workshop planned yet\.$`},
		{aliceID, "me", []discordfake.Opt{subc("org", str("name", "CNRS"))}, `^Profile updated\.$`},
		{aliceID, "me", []discordfake.Opt{subc("interests", str("action", "add"), str("tags", "#gis #python"))}, `^Profile updated\.$`},
		{aliceID, "me", []discordfake.Opt{subc("timezone", str("zone", "Europe/Paris"))}, `^Profile updated\.$`},
		{aliceID, "me", []discordfake.Opt{subc("timezone", str("zone", "Mars/Olympus"))}, `^Unknown time zone\.`},
		{aliceID, "me", []discordfake.Opt{subc("role", str("role", "researcher"))}, `^Profile updated\.$`},
	}
	for _, s := range steps {
		if got := e.text(s.user, s.cmd, s.opts...); !regexp.MustCompile(s.want).MatchString(got) {
			t.Errorf("/%s %s: %q, want /%s/", s.cmd, describe(s.opts), got, s.want)
		}
	}
	// "@everyone" in the title went out in replies, and pinged nobody.
	mentioned := 0
	for _, m := range e.fake.Messages("") {
		if strings.Contains(m.Content, "@everyone") {
			mentioned++
		}
	}
	if mentioned == 0 {
		t.Error("no reply quoted the title with @everyone")
	}
	if p := e.fake.Pings(); len(p) != 0 {
		t.Errorf("mentions fired: %q", p)
	}

	// The card of the problem was edited with the counts, once settled.
	e.await("the problem card to show 1 interested", func() bool {
		m, _ := e.fake.Message(post.ID)
		return m.Field("Interested") == "1 (user"+bobID+")" && m.Field("Can help") == "0"
	})

	// /me show: the profile as an ephemeral card.
	_, cb = e.command(aliceID, "en-US", "me", subc("show"))
	d = cb.Decode()
	if d.Flags != 64 || len(d.Embeds) != 1 {
		t.Fatalf("/me show: %+v", d)
	}
	for label, want := range map[string]string{"Organisation": "CNRS", "Interests": "#gis #python", "Time zone": "Europe/Paris", "Role": "researcher"} {
		if got := field(d.Embeds[0], label); got != want {
			t.Errorf("/me show %s = %q, want %q", label, got, want)
		}
	}

	// Workshops, as staff: create with options (public card), schedule,
	// capacity, show, announce, join, leave, cancel.
	wid, card := e.createWorkshop("QGIS projections", 1)
	if wid != 1 {
		t.Fatalf("workshop id %d", wid)
	}
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	got := e.text(staffID, "workshop", subc("schedule", integer("id", 1), str("when", start.Format("2006-01-02 15:04")), str("duration", "1h30"), str("place", "Room B")))
	u := start.Unix()
	echo := commands.FormatTime(start, commands.EN, time.UTC)
	if want := fmt.Sprintf("Session added to workshop #1: <t:%d:F> (<t:%d:R>), 1h30, Room B.\nRead as %s (time zone UTC).", u, u, echo); got != want {
		t.Errorf("schedule: %q, want %q", got, want)
	}
	if got := e.text(bobID, "workshop", subc("join", integer("id", 1))); !strings.HasPrefix(got, "You have a seat in workshop #1 QGIS projections.\nNext session: <t:") {
		t.Errorf("join: %q", got)
	}
	if got := e.text(carolID, "workshop", subc("join", integer("id", 1))); got != "Workshop #1 is full: you are number 1 on the waitlist. You will get the next free seat." {
		t.Errorf("join when full: %q", got)
	}
	if got := e.text(staffID, "workshop", subc("capacity", integer("id", 1), integer("seats", 0))); got != "Workshop #1 now has unlimited seats.\ncarol moved from the waitlist to a seat." && !strings.HasPrefix(got, "Workshop #1 now has unlimited seats.") {
		t.Errorf("capacity: %q", got)
	}
	if w := e.workshop(1); w.Capacity != 0 || w.Joined != 2 || w.Waitlisted != 0 {
		t.Errorf("after capacity 0 (unlimited): %+v", w)
	}
	if got := e.text(bobID, "workshop", subc("list")); !strings.HasPrefix(got, "Upcoming workshops:\n• #1 QGIS projections · 2/unlimited seats · <t:") {
		t.Errorf("list: %q", got)
	}
	_, cb = e.command(bobID, "en-US", "workshop", subc("show", integer("id", 1)))
	if d := cb.Decode(); d.Flags != 64 || len(d.Embeds) != 1 || field(d.Embeds[0], "Participants") != "user"+bobID+", user"+carolID {
		t.Errorf("show: %+v", d.Embeds)
	}
	if got := e.text(bobID, "workshop", subc("leave", integer("id", 1))); got != "You left workshop #1 QGIS projections." {
		t.Errorf("leave: %q", got)
	}
	// The card posted at creation follows: one seat taken now.
	e.await("the workshop card to show 1 seat", func() bool {
		m, _ := e.fake.Message(card)
		return m.Field("Seats") == "1/unlimited"
	})
	// Announce: another public card, recorded.
	aid, cb := e.command(staffID, "en-US", "workshop", subc("announce", integer("id", 1)))
	if d := cb.Decode(); cb.Type != 4 || d.Flags != 0 || len(d.Embeds) != 1 || d.Embeds[0].Title != "#1 · QGIS projections" {
		t.Errorf("announce: %+v", d)
	}
	e.await("the announcement recorded", func() bool {
		m, ok := e.fake.Original(aid)
		if !ok {
			return false
		}
		refs, _ := e.db.MessageRefs(context.Background(), storage.KindWorkshop, 1)
		return len(refs) == 2 && refs[1].MessageID == m.ID
	})
	if got := e.text(staffID, "workshop", subc("cancel", integer("id", 1))); got != "Workshop #1 QGIS projections is cancelled (1 participants)." {
		t.Errorf("cancel: %q", got)
	}
	// Both cards lose their buttons and say cancelled.
	cancelled := func() bool {
		for _, m := range e.fake.Messages(discordfake.Channel) {
			if m.Flags == 0 && len(m.Embeds) == 1 && strings.HasPrefix(m.Embeds[0].Title, "#1 · QGIS") && (m.Field("Status") != "cancelled" || len(discordfake.Buttons(m.Components)) != 0) {
				return false
			}
		}
		return true
	}
	if !e.fake.Await(wait, cancelled) {
		for _, m := range e.fake.Messages(discordfake.Channel) {
			t.Logf("message %s: %+v %s", m.ID, m.Embeds, m.Components)
		}
		t.Fatal("the workshop cards do not show the cancellation")
	}

	// /problem close by its author, with a status choice.
	if got := e.text(aliceID, "problem", subc("close", integer("id", 1), str("status", "duplicate"))); got != "Problem #1 closed: duplicate." {
		t.Errorf("close: %q", got)
	}
	// /me language fr: the answer is already in French.
	if got := e.text(aliceID, "me", subc("language", str("language", "fr"))); got != "Profil mis à jour." {
		t.Errorf("language: %q", got)
	}
}

// /atelier help is longer than a message: the response and follow-ups,
// each within Discord's 2000 characters, cut between lines.
func TestHelpFollowups(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, cb := e.command(aliceID, "en-US", "atelier", subc("help"))
	d := cb.Decode()
	if cb.Type != 4 || d.Flags != 64 || !strings.HasPrefix(d.Content, "atelier commands") {
		t.Fatalf("help: %+v", d)
	}
	// As many parts as the help takes, cut at 2000 characters.
	help := e.router.Handle(context.Background(), &commands.Request{Platform: Platform, Workspace: discordfake.GuildID, UserID: aliceID, Line: "atelier help"})
	parts := splitContent(renderTimes(help.Text), maxContent)
	if len(parts) < 2 {
		t.Fatalf("the help fits in %d message; the test wants a longer one", len(parts))
	}
	var follow []discordfake.Message
	e.await("the follow-ups", func() bool {
		follow = e.fake.Followups(id)
		return len(follow) == len(parts)-1
	})
	all := d.Content
	for _, m := range follow {
		if m.Flags != 64 {
			t.Errorf("follow-up flags %d, want 64", m.Flags)
		}
		all += "\n\n" + m.Content
	}
	for _, part := range append([]string{d.Content}, contents(follow)...) {
		if n := len([]rune(part)); n > 2000 || n == 0 {
			t.Errorf("a part has %d characters", n)
		}
	}
	for _, want := range []string{"/problem post", "/workshop announce <id>", "/me [org", "/atelier help [command]"} {
		if !strings.Contains(all, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	// The fake stores a follow-up a moment before it records its call.
	e.await("the follow-ups' calls recorded", func() bool {
		return len(e.fake.Calls("POST", "^/webhooks/"+discordfake.AppID+"/itok-"+id+"$")) >= len(follow)
	})
	if calls := e.fake.Calls("POST", "^/webhooks/"+discordfake.AppID+"/itok-"+id+"$"); len(calls) != len(follow) || calls[0].Query.Get("wait") != "true" {
		t.Errorf("follow-up calls: %+v", calls)
	}
	// One command's help fits in one message.
	_, cb = e.command(aliceID, "en-US", "atelier", subc("help", str("command", "me")))
	if got := cb.Decode().Content; !strings.HasPrefix(got, "atelier commands") || !strings.Contains(got, "/me [org") || strings.Contains(got, "/problem") {
		t.Errorf("help me: %q", got)
	}
}

// Locale "fr" gets French, until the member chooses English.
func TestFrenchLocale(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, cb := e.command(aliceID, "fr", "workshop", subc("list"))
	if got := cb.Decode().Content; got != "Aucun atelier prévu pour l'instant." {
		t.Errorf("fr: %q", got)
	}
	_, cb = e.command(aliceID, "fr", "problem", subc("show", integer("id", 9)))
	if got := cb.Decode().Content; got != "Aucun problème ne porte cet identifiant. `/problem list` les montre." {
		t.Errorf("fr error: %q", got)
	}
	_, cb = e.command(aliceID, "fr", "me", subc("language", str("language", "en")))
	if got := cb.Decode().Content; got != "Profile updated." {
		t.Errorf("language en: %q", got)
	}
	_, cb = e.command(aliceID, "fr", "workshop", subc("list"))
	if got := cb.Decode().Content; got != "No workshop planned yet." {
		t.Errorf("fr locale, English chosen: %q", got)
	}
	// The member is named by their nickname, else their global name.
	_, _ = e.interact(discordfake.Interaction{Type: 2, UserID: bobID, Nick: "Bobby", GlobalName: "Robert", Data: discordfake.Command("me", subc("show"))})
	_, cb = e.interact(discordfake.Interaction{Type: 2, UserID: carolID, GlobalName: "Caroline", Data: discordfake.Command("me", subc("show"))})
	if got := cb.Decode().Embeds; len(got) != 1 || got[0].Title != "Caroline" {
		t.Errorf("carol's profile: %+v", got)
	}
	m, err := e.db.ResolveMember(context.Background(), storage.Identity{Platform: Platform, Workspace: discordfake.GuildID, UserID: bobID}, "", false, "")
	if err != nil || m.DisplayName != "Bobby" {
		t.Errorf("bob = %+v, %v", m, err)
	}
}

// Autocomplete offers open workshops and problems by title, and tags.
func TestAutocomplete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createWorkshop("QGIS projections", 0)
	e.createWorkshop("Rust for science", 0)
	e.command(aliceID, "en-US", "problem", subc("post", str("title", "Tiles"), str("tags", "#gis #nlp")))

	choices := func(cb discordfake.Callback) []string {
		if cb.Type != 8 {
			t.Fatalf("autocomplete answered with type %d", cb.Type)
		}
		var out []string
		for _, c := range cb.Decode().Choices {
			out = append(out, fmt.Sprintf("%s=%v", c.Name, c.Value))
		}
		return out
	}
	auto := func(data any) []string {
		_, cb := e.interact(discordfake.Interaction{Type: 4, UserID: bobID, Data: data})
		return choices(cb)
	}
	if got := auto(discordfake.Command("workshop", subc("join", discordfake.Focused(str("id", "qgis"))))); !reflect.DeepEqual(got, []string{"#1 QGIS projections=1"}) {
		t.Errorf("workshop id: %q", got)
	}
	if got := auto(discordfake.Command("workshop", subc("join", discordfake.Focused(str("id", ""))))); !reflect.DeepEqual(got, []string{"#2 Rust for science=2", "#1 QGIS projections=1"}) {
		t.Errorf("workshop id, nothing typed: %q", got)
	}
	if got := auto(discordfake.Command("problem", subc("show", discordfake.Focused(str("id", "til"))))); !reflect.DeepEqual(got, []string{"#1 Tiles=1"}) {
		t.Errorf("problem id: %q", got)
	}
	// Tags: the last word is completed, the first kept.
	if got := auto(discordfake.Command("problem", subc("post", str("title", "x"), discordfake.Focused(str("tags", "#nlp #g"))))); !reflect.DeepEqual(got, []string{"#nlp #gis=#nlp #gis"}) {
		t.Errorf("tags: %q", got)
	}
	if got := auto(discordfake.Command("problem", subc("list", discordfake.Focused(str("tag", "n"))))); !reflect.DeepEqual(got, []string{"#nlp=#nlp"}) {
		t.Errorf("tag: %q", got)
	}
	// An option without suggestions gets an empty list, not silence.
	if got := auto(discordfake.Command("problem", subc("search", discordfake.Focused(str("words", "x"))))); len(got) != 0 {
		t.Errorf("words: %q", got)
	}
}

// A command with no options opens its form as a modal; the submission
// runs the same handler; a refused submission names the field.
func TestModal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, cb := e.command(aliceID, "en-US", "problem", subc("post"))
	if cb.Type != 9 {
		t.Fatalf("problem post without options: response type %d, want 9 (modal)", cb.Type)
	}
	var modal struct {
		CustomID   string `json:"custom_id"`
		Title      string `json:"title"`
		Components []struct {
			Components []struct {
				Type      int    `json:"type"`
				CustomID  string `json:"custom_id"`
				Label     string `json:"label"`
				Style     int    `json:"style"`
				Required  bool   `json:"required"`
				MaxLength int    `json:"max_length"`
			} `json:"components"`
		} `json:"components"`
	}
	if err := json.Unmarshal(cb.Data, &modal); err != nil {
		t.Fatal(err)
	}
	if modal.CustomID != "form:problem post" || modal.Title != "Post a problem" {
		t.Errorf("modal %q %q", modal.CustomID, modal.Title)
	}
	var inputs []string
	for _, row := range modal.Components {
		for _, c := range row.Components {
			inputs = append(inputs, fmt.Sprintf("%s/%s/%d/%v/%d", c.CustomID, c.Label, c.Style, c.Required, c.MaxLength))
		}
	}
	if want := []string{"title/Title/1/true/200", "description/Description/2/false/4000", "tags/Tags/1/false/200"}; !reflect.DeepEqual(inputs, want) {
		t.Errorf("modal inputs %q, want %q", inputs, want)
	}

	// A valid submission posts the problem, as the options would.
	id, cb := e.interact(discordfake.Interaction{Type: 5, UserID: aliceID, Data: discordfake.ModalSubmit("form:problem post",
		[][2]string{{"title", "Sparse matrices"}, {"description", "Too big for RAM"}, {"tags", "#hpc"}})})
	if d := cb.Decode(); cb.Type != 4 || d.Flags != 0 || d.Content[:len("Problem #1 posted.")] != "Problem #1 posted." || d.Embeds[0].Title != "#1 · Sparse matrices" {
		t.Errorf("valid submission: %+v", d)
	}
	e.await("the card recorded", func() bool {
		m, ok := e.fake.Original(id)
		if !ok {
			return false
		}
		_, err := e.db.FindMessageRef(context.Background(), Platform, discordfake.Channel, m.ID)
		return err == nil
	})
	// An invalid one changes nothing and says which field is wrong, with
	// a button to open the form again.
	before, _ := e.db.Counts(context.Background())
	_, cb = e.interact(discordfake.Interaction{Type: 5, UserID: aliceID, Data: discordfake.ModalSubmit("form:problem post",
		[][2]string{{"title", "  "}, {"description", ""}, {"tags", ""}})})
	d := cb.Decode()
	if cb.Type != 4 || d.Flags != 64 || d.Content != "**Title**: A title is needed." {
		t.Errorf("invalid submission: %d %+v", cb.Type, d)
	}
	if got := labels(discordfake.Buttons(d.Components)); !reflect.DeepEqual(got, []string{"Fill in the form again=problem post"}) {
		t.Errorf("retry button: %q", got)
	}
	_, cb = e.interact(discordfake.Interaction{Type: 5, UserID: aliceID, Locale: "fr", Data: discordfake.ModalSubmit("form:problem post",
		[][2]string{{"title", "ok"}, {"description", ""}, {"tags", "#bad!tag"}})})
	if d := cb.Decode(); d.Content != "**Tags** : `#bad!tag` n'est pas un tag valide : lettres, chiffres, - _ . seulement, 32 caractères au plus." {
		t.Errorf("invalid tags, fr: %q", d.Content)
	}
	after, _ := e.db.Counts(context.Background())
	if !reflect.DeepEqual(before, after) {
		t.Errorf("a refused submission wrote: %v → %v", before, after)
	}
	// The retry button opens the modal again.
	_, cb = e.press(aliceID, "problem post", "")
	if cb.Type != 9 {
		t.Errorf("retry button: response type %d, want 9", cb.Type)
	}

	// /workshop schedule with the workshop alone opens its form for it;
	// the submission schedules the session.
	_, cb = e.command(staffID, "en-US", "workshop", subc("schedule", integer("id", 7)))
	if cb.Type != 9 || !strings.Contains(string(cb.Data), `"custom_id":"form:workshop schedule"`) || !strings.Contains(string(cb.Data), `"value":"7"`) {
		t.Errorf("schedule form: %s", cb.Data)
	}
	_, cb = e.command(staffID, "en-US", "workshop", subc("schedule"))
	if cb.Type != 9 || strings.Contains(string(cb.Data), `"value":"7"`) {
		t.Errorf("schedule form without id: %s", cb.Data)
	}
	_, cb = e.interact(discordfake.Interaction{Type: 5, UserID: staffID, Data: discordfake.ModalSubmit("form:workshop schedule",
		[][2]string{{"id", "#7"}, {"when", "tomorrow 9am"}, {"duration", ""}, {"place", ""}})})
	if d := cb.Decode(); d.Content != "**Workshop id**: No workshop has that id. `/workshop list` shows them." {
		t.Errorf("schedule form, unknown workshop: %q", d.Content)
	}

	// Staff's workshop form: five inputs, the most a modal holds.
	_, cb = e.command(staffID, "en-US", "workshop", subc("create"))
	if cb.Type != 9 || !strings.Contains(string(cb.Data), `"custom_id":"form:workshop create"`) || strings.Count(string(cb.Data), `"type":4`) != 5 {
		t.Errorf("workshop create modal: %s", cb.Data)
	}
	_, cb = e.interact(discordfake.Interaction{Type: 5, UserID: staffID, Data: discordfake.ModalSubmit("form:workshop create",
		[][2]string{{"from", "#1"}, {"title", ""}, {"description", ""}, {"tags", ""}, {"capacity", "zero"}})})
	if d := cb.Decode(); d.Content != "**Seats (empty = no limit)**: `zero` is not a capacity: a number between 1 and 10000, or `unlimited`." {
		t.Errorf("workshop form, bad capacity: %q", d.Content)
	}
	_, cb = e.interact(discordfake.Interaction{Type: 5, UserID: staffID, Data: discordfake.ModalSubmit("form:workshop create",
		[][2]string{{"from", "#1"}, {"title", ""}, {"description", ""}, {"tags", ""}, {"capacity", "4"}})})
	if d := cb.Decode(); d.Flags != 0 || !strings.HasPrefix(d.Content, "Workshop #1 created.") || d.Embeds[0].Title != "#1 · Sparse matrices" {
		t.Errorf("workshop from problem: %+v", d)
	}
}

// Join and Leave buttons on a posted card answer the presser privately
// and edit the card for everyone.
func TestButtons(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wid, card := e.createWorkshop("QGIS", 1)
	m, _ := e.fake.Message(card)
	if got := labels(discordfake.Buttons(m.Components)); !reflect.DeepEqual(got, []string{"Join=workshop join 1", "Leave=workshop leave 1", "Participants=workshop show 1"}) {
		t.Fatalf("workshop buttons: %q", got)
	}
	_, cb := e.press(aliceID, "workshop join 1", card)
	if d := cb.Decode(); cb.Type != 4 || d.Flags != 64 || d.Content != "You have a seat in workshop #1 QGIS." {
		t.Errorf("join: %+v", d)
	}
	e.await("the card to show the seat taken and the waitlist button", func() bool {
		m, _ := e.fake.Message(card)
		bs := discordfake.Buttons(m.Components)
		return m.Field("Seats") == "1/1" && len(bs) == 3 && bs[0].Label == "Join the waitlist"
	})
	_, cb = e.press(bobID, "workshop join 1", card)
	if got := cb.Decode().Content; got != "Workshop #1 is full: you are number 1 on the waitlist. You will get the next free seat." {
		t.Errorf("join when full: %q", got)
	}
	e.await("the card to show the waitlist", func() bool {
		m, _ := e.fake.Message(card)
		return m.Field("Seats") == "1/1 · 1 waiting"
	})
	_, cb = e.press(aliceID, "workshop leave 1", card)
	if got := cb.Decode().Content; got != "You left workshop #1 QGIS.\nuser"+bobID+" moved from the waitlist to a seat." {
		t.Errorf("leave: %q", got)
	}
	e.await("the card after the leave", func() bool {
		m, _ := e.fake.Message(card)
		return m.Field("Seats") == "1/1"
	})
	if w := e.workshop(wid); w.Joined != 1 || w.Participants[0].Name != "user"+bobID {
		t.Errorf("workshop after leave: %+v", w)
	}
	// The card's edits went through PATCH /channels/{c}/messages/{m}.
	edits := e.fake.Calls("PATCH", "^/channels/"+discordfake.Channel+"/messages/"+card+"$")
	if len(edits) == 0 {
		t.Error("no edit of the card")
	}
	// A button in a DM (no guild) is the same member.
	_, cb = e.interact(discordfake.Interaction{Type: 3, DM: true, UserID: bobID, ChannelID: "dm-" + bobID, Data: discordfake.ButtonPress("workshop leave 1")})
	if got := cb.Decode().Content; got != "You left workshop #1 QGIS." {
		t.Errorf("leave from a DM: %q", got)
	}
}

// When the work outlasts DeferAfter, the interaction is acknowledged with
// a deferred ephemeral response, then @original is edited; a public card
// goes to the channel as a follow-up.
func TestDeferred(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *Options) { o.DeferAfter = time.Millisecond })
	e.a.slowForTest.Store(true)
	id, cb := e.command(aliceID, "en-US", "workshop", subc("list"))
	if d := cb.Decode(); cb.Type != 5 || d.Flags != 64 {
		t.Fatalf("deferred: %d %+v", cb.Type, d)
	}
	e.await("@original edited", func() bool {
		m, ok := e.fake.Original(id)
		return ok && !m.Deferred && m.Content == "No workshop planned yet."
	})
	// The fake stores the edit a moment before it records the call that
	// carried it: wait for the record.
	edits := func() int {
		return len(e.fake.Calls("PATCH", "^/webhooks/"+discordfake.AppID+"/itok-"+id+"/messages/@original$"))
	}
	e.await("the edit's call recorded", func() bool { return edits() >= 1 })
	if n := edits(); n != 1 {
		t.Errorf("@original edits: %d", n)
	}

	id, _ = e.command(aliceID, "en-US", "problem", subc("post", str("title", "Slow posts")))
	var card discordfake.Message
	e.await("the public card as a follow-up", func() bool {
		fs := e.fake.Followups(id)
		if len(fs) != 1 {
			return false
		}
		card = fs[0]
		return e.recorded(card.ChannelID, card.ID)
	})
	if card.Flags != 0 || card.Embeds[0].Title != "#1 · Slow posts" {
		t.Errorf("card follow-up: %+v", card)
	}
	orig, _ := e.fake.Original(id)
	if !strings.HasPrefix(orig.Content, "Problem #1 posted.") || len(orig.Embeds) != 0 {
		t.Errorf("@original after a deferred post: %+v", orig)
	}
	if _, err := e.db.FindMessageRef(context.Background(), Platform, discordfake.Channel, card.ID); err != nil {
		t.Errorf("the follow-up card was not recorded: %v", err)
	}
	// A form cannot follow a deferral: the member is told to run it again.
	id, _ = e.command(aliceID, "en-US", "problem", subc("post"))
	e.await("the late-form message", func() bool {
		m, ok := e.fake.Original(id)
		return ok && m.Content == "The form could not open in time. Please run the command again."
	})
}

func labels(bs []discordfake.Button) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Label+"="+b.CustomID)
	}
	return out
}

func field(e discordfake.Embed, name string) string {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

func contents(ms []discordfake.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Content)
	}
	return out
}

func describe(opts []discordfake.Opt) string {
	b, _ := json.Marshal(opts)
	return string(b)
}

// /jobs with typed options: a post from options, a filtered list, a card
// with its Apply link button.
func TestJobs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, cb := e.command(aliceID, "en-US", "jobs", subc("post", str("title", "Data scientist"), str("organisation", "CHU de Lyon"),
		str("contract", "fixed_term"), str("level", "phd"), str("location", "Lyon or remote"), str("url", "https://chu.example/jobs/42"),
		str("pay", "42-48k€"), str("discipline", "biostatistics"), str("expires", "30"), str("tags", "#nlp")))
	d := cb.Decode()
	if cb.Type != 4 || !strings.HasPrefix(d.Content, "Job #1 posted; it stays listed until <t:") || len(d.Embeds) != 1 {
		t.Fatalf("jobs post: %d %+v", cb.Type, d)
	}
	if bs := discordfake.Buttons(d.Components); len(bs) == 0 || bs[0].URL != "https://chu.example/jobs/42" || bs[0].Style != 5 {
		t.Errorf("job buttons: %+v", bs)
	}
	if got := e.text(bobID, "jobs", subc("list", str("contract", "fixed_term"), discordfake.Opt{Name: "remote", Type: 5, Value: true})); !strings.Contains(got, "#1 Data scientist") {
		t.Errorf("jobs list: %q", got)
	}
	if got := e.text(bobID, "jobs", subc("list", str("contract", "internship"))); strings.Contains(got, "#1") {
		t.Errorf("jobs list, internships: %q", got)
	}
	// No options: the form.
	_, cb = e.command(aliceID, "en-US", "jobs", subc("post"))
	if cb.Type != 9 || !strings.Contains(string(cb.Data), `"custom_id":"form:jobs post"`) {
		t.Errorf("jobs post form: %d %s", cb.Type, cb.Data)
	}
}

// A reply with a file (a member's data export) uploads it with the
// ephemeral answer, as multipart/form-data.
func TestExportFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.text(aliceID, "me", subc("org", str("name", "CNRS")))
	id, cb := e.command(aliceID, "en-US", "atelier", subc("export"))
	if d := cb.Decode(); cb.Type != 4 || d.Flags != 64 || !strings.Contains(d.Content, "atelier-my-data-") {
		t.Fatalf("export: %d %+v", cb.Type, d)
	}
	calls := e.fake.Calls("POST", "^/interactions/"+id+"/")
	if len(calls) != 1 || len(calls[0].Files) != 1 {
		t.Fatalf("export callback: %+v", calls)
	}
	f := calls[0].Files[0]
	if !strings.HasPrefix(f.Filename, "atelier-my-data-") || f.ContentType != "application/json" || !strings.Contains(string(f.Data), `"CNRS"`) {
		t.Errorf("export file %s %s: %s", f.Filename, f.ContentType, f.Data)
	}
	if m, ok := e.fake.Original(id); !ok || len(m.Attachments) != 1 || m.Attachments[0].Filename != f.Filename {
		t.Errorf("@original attachments: %+v", m.Attachments)
	}
}

// A stop lets the interactions under way finish: every join stored was
// answered, and every answered join was stored.
func TestStopFinishesWork(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wid, _ := e.createWorkshop("QGIS", 0)
	users := map[string]string{} // interaction id → user
	for i := range 40 {
		u := snowflake(1800000000000000000 + int64(i))
		id, err := e.fake.Interact(discordfake.Interaction{Type: 2, UserID: u,
			Data: discordfake.Command("workshop", subc("join", integer("id", wid)))})
		if err != nil {
			t.Fatal(err)
		}
		users[id] = u
	}
	e.stop()
	w := e.workshop(wid)
	joined := map[string]bool{}
	for _, p := range w.Participants {
		joined[p.Name] = true // first contact names them by their username
	}
	answered := 0
	for id, u := range users {
		cb, ok := e.fake.Callback(id)
		if ok {
			answered++
		}
		if ok != joined["user"+u] {
			t.Errorf("user %s: answered %v, joined %v", u, ok, joined["user"+u])
		}
		if ok && !strings.HasPrefix(cb.Decode().Content, "You have a seat") {
			t.Errorf("user %s: %q", u, cb.Decode().Content)
		}
	}
	t.Logf("%d of %d answered before the stop", answered, len(users))
}

// An interaction delivered twice (a gateway resume can) is answered once
// and acts once.
func TestInteractionActsOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, cb := e.command(aliceID, "en-US", "problem", subc("post", str("title", "Delivered twice")))
	if !strings.HasPrefix(cb.Decode().Content, "Problem #1 posted.") {
		t.Fatalf("problem post: %+v", cb.Decode())
	}
	if err := e.fake.Redeliver(id); err != nil {
		t.Fatal(err)
	}
	e.await("the second delivery seen", func() bool {
		return strings.Contains(e.logs.String(), "interaction delivered again")
	})
	// Alice's next command is answered after anything the second delivery
	// would have done.
	e.text(aliceID, "me", subc("show"))
	ps, err := e.db.ListProblems(context.Background(), storage.ProblemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 {
		t.Errorf("%d problems after one interaction delivered twice, want 1", len(ps))
	}
}

// The card's id is read from the callback's response whichever order its
// parts come in, and a response without one says so.
func TestMadeMessageID(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`{"interaction":{"id":"1","type":2,"response_message_id":"55"},"resource":{"type":4,"message":{"id":"55","embeds":[{"title":"x"}]}}}`, "55"},
		{`{"resource":{"type":4,"message":{"id":"56","channel_id":"9"}},"interaction":{"id":"1","type":2}}`, "56"},
		{`{"interaction":{"id":"1","type":2},"resource":{"type":6}}`, ""},
		// The message after the id is not read at all.
		{`{"interaction":{"response_message_id":"57"},"resource":{"message":{"id":`, "57"},
	} {
		if got, err := madeMessageID([]byte(c.body)); err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.body, got, err, c.want)
		}
	}
	if _, err := madeMessageID([]byte(`[1]`)); err == nil {
		t.Error("a list read as a callback response")
	}
}

// A button whose command line is longer than Discord's 100-character
// custom id (a search's Next button repeats the words searched) is kept:
// it carries a key, and pressing it runs the line. A key no longer kept
// is answered with a request to run the command again.
func TestLongButtonLine(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	author, err := e.db.ResolveMember(context.Background(), storage.Identity{Platform: "console", UserID: "author"}, "Author", false, "")
	if err != nil {
		t.Fatal(err)
	}
	words := "segmentation microscopy confocal images deep learning pipeline reproducibility"
	for i := range 25 {
		p := storage.Problem{AuthorID: author.ID, Title: fmt.Sprintf("%s %d", words, i)}
		if err := e.db.CreateProblem(context.Background(), &p); err != nil {
			t.Fatal(err)
		}
	}
	_, cb := e.command(bobID, "en-US", "problem", subc("search", str("words", words)))
	var next discordfake.Button
	for _, b := range discordfake.Buttons(cb.Decode().Components) {
		if b.Label == "Next" {
			next = b
		}
	}
	if !strings.HasPrefix(next.CustomID, "line:") || len(next.CustomID) > 100 {
		t.Fatalf("next button %+v in %+v", next, cb.Decode().Components)
	}
	_, cb = e.press(bobID, next.CustomID, "")
	if text := cb.Decode().Text(); !strings.Contains(text, "21–25 of 25") {
		t.Errorf("page 2: %s", text)
	}
	_, cb = e.interact(discordfake.Interaction{Type: 3, UserID: bobID, Locale: "fr", Data: discordfake.ButtonPress("line:gone")})
	if d := cb.Decode(); d.Content != "Ce bouton a expiré. Relancez la commande." || d.Flags != 64 {
		t.Errorf("expired: %+v", d)
	}
}
