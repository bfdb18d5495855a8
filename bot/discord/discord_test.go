package discord

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/commands"
)

// The gateway handshake as Discord runs it: Hello, Identify with the
// token and only the non-privileged intents the bot needs, Ready,
// heartbeats each acknowledged, dispatches in sequence.
func TestGateway(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ids := e.fake.Identifies()
	if len(ids) != 1 {
		t.Fatalf("%d identify payloads, want 1", len(ids))
	}
	var id struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
	}
	if err := json.Unmarshal(ids[0], &id); err != nil {
		t.Fatal(err)
	}
	if id.Token != "Bot "+discordfake.Token {
		t.Errorf("identify token %q", id.Token)
	}
	const want = 1<<0 | 1<<10 | 1<<13 | 1<<16 // guilds, guild reactions, DM reactions, scheduled events
	if id.Intents != want {
		t.Errorf("intents = %b, want %b", id.Intents, want)
	}
	privileged := int(discordgo.IntentsGuildMembers | discordgo.IntentsGuildPresences | discordgo.IntentsMessageContent)
	if id.Intents&privileged != 0 {
		t.Errorf("privileged intents asked for: %b", id.Intents&privileged)
	}

	// Heartbeats go on, acknowledged, on the one connection.
	e.await("three heartbeats", func() bool { return e.fake.Heartbeats() >= 3 })
	if n := e.fake.Connects(); n != 1 {
		t.Errorf("%d gateway connections, want 1 (acknowledged heartbeats keep the link)", n)
	}
	if !e.a.Connected() {
		t.Error("Connected() = false")
	}

	// Dispatches carry rising sequence numbers, READY first.
	for range 3 {
		if _, err := e.fake.Dispatch("TYPING_START", map[string]any{"channel_id": discordfake.Channel, "user_id": aliceID}); err != nil {
			t.Fatal(err)
		}
	}
	ds := e.fake.Dispatches()
	if len(ds) < 4 || ds[0].Type != "READY" || ds[0].Seq != 1 {
		t.Fatalf("dispatches = %+v", ds)
	}
	for i := 1; i < len(ds); i++ {
		if ds[i].Seq != ds[i-1].Seq+1 {
			t.Errorf("dispatch %d has seq %d after %d", i, ds[i].Seq, ds[i-1].Seq)
		}
	}

	// REST went to the fake, with the bot token.
	gw := e.fake.Calls("GET", "^/gateway$")
	if len(gw) != 1 || gw[0].Auth != "Bot "+discordfake.Token {
		t.Errorf("GET /gateway calls: %+v", gw)
	}
	// The invite URL is in the logs with exactly the scopes and permissions.
	logs := e.logs.String()
	i := strings.Index(logs, "https://discord.com/oauth2/authorize?")
	if i < 0 {
		t.Fatalf("no invite URL in the logs:\n%s", logs)
	}
	u, err := url.Parse(strings.Trim(strings.Fields(logs[i:])[0], `"`))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("client_id") != discordfake.AppID || q.Get("scope") != "bot applications.commands" || q.Get("guild_id") != discordfake.GuildID {
		t.Errorf("invite URL query = %v", q)
	}
	// View channels, send messages, embed links, add reactions, read
	// message history, create events.
	if q.Get("permissions") != "17918603643968" {
		t.Errorf("invite permissions = %s, want 17918603643968", q.Get("permissions"))
	}
}

// The registration payload: one command per route command, typed options
// with limits, choices for fixed sets, French descriptions.
func TestRegistration(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	calls := e.fake.Calls("PUT", "^/applications/"+discordfake.AppID+"/guilds/"+discordfake.GuildID+"/commands$")
	if len(calls) != 1 || calls[0].Status != 200 {
		t.Fatalf("bulk overwrite calls: %+v", calls)
	}
	type opt struct {
		Type                     int               `json:"type"`
		Name                     string            `json:"name"`
		Description              string            `json:"description"`
		DescriptionLocalizations map[string]string `json:"description_localizations"`
		Required                 bool              `json:"required"`
		Autocomplete             bool              `json:"autocomplete"`
		MinValue                 *float64          `json:"min_value"`
		MaxValue                 *float64          `json:"max_value"`
		MaxLength                *int              `json:"max_length"`
		Choices                  []struct {
			Name              string            `json:"name"`
			NameLocalizations map[string]string `json:"name_localizations"`
			Value             any               `json:"value"`
		} `json:"choices"`
		Options []opt `json:"options"`
	}
	var cmds []opt
	if err := json.Unmarshal(e.fake.Commands(), &cmds); err != nil {
		t.Fatal(err)
	}
	byName := map[string]opt{}
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
		byName[c.Name] = c
		if c.DescriptionLocalizations["fr"] == "" || c.Description == "" {
			t.Errorf("/%s: description %q, fr %q", c.Name, c.Description, c.DescriptionLocalizations["fr"])
		}
	}
	// One command per command of the routes, in their order: /announce
	// and /feedback once the core has them, /jobs not before.
	var want []string
	for _, rt := range e.router.Routes() {
		if !slices.Contains(want, rt.Command) {
			want = append(want, rt.Command)
		}
	}
	if !reflect.DeepEqual(names, want) || !slices.Contains(names, "problem") || !slices.Contains(names, "atelier") {
		t.Fatalf("commands = %q, want %q", names, want)
	}
	sub := func(cmd, name string) opt {
		for _, o := range byName[cmd].Options {
			if o.Name == name {
				if o.Type != 1 {
					t.Errorf("/%s %s has type %d, want 1 (sub-command)", cmd, name, o.Type)
				}
				return o
			}
		}
		t.Fatalf("/%s has no sub-command %s", cmd, name)
		return opt{}
	}
	subNames := func(cmd string) []string {
		var out []string
		for _, o := range byName[cmd].Options {
			out = append(out, o.Name)
		}
		return out
	}
	for cmd, want := range map[string][]string{
		"problem": {"post", "list", "search", "show", "interested", "canhelp", "uninterested", "close", "edit"},
		"me":      {"show", "org", "interests", "language", "timezone", "role", "calendar", "reminders", "notify", "notify-on", "skills", "orgs"},
		"atelier": {"help", "stats", "export", "forget", "link", "hr", "headcount", "orgs", "orgstaff"},
	} {
		if got := subNames(cmd); !reflect.DeepEqual(got, want) {
			t.Errorf("/%s sub-commands = %q, want %q", cmd, got, want)
		}
	}
	// Every route is reachable; routes the surface has no typed options
	// for yet take their arguments as one text option.
	for _, rt := range e.router.Routes() {
		if rt.Sub != "" && !slices.Contains(subNames(rt.Command), rt.Sub) {
			t.Errorf("route %s has no sub-command", rt.Key())
		}
		if _, ok := specs[rt.Key()]; !ok {
			t.Logf("route %s has no typed options yet", rt.Key())
		}
	}
	optOf := func(s opt, name string) opt {
		for _, o := range s.Options {
			if o.Name == name {
				return o
			}
		}
		t.Fatalf("%s has no option %s", s.Name, name)
		return opt{}
	}
	intp := func(n int) *int { return &n }
	f := func(x float64) *float64 { return &x }

	post := sub("problem", "post")
	if post.DescriptionLocalizations["fr"] != "Publiez un problème qui vous bloque ; les autres disent « moi aussi » ou proposent leur aide." {
		t.Errorf("/problem post fr description = %q", post.DescriptionLocalizations["fr"])
	}
	for _, c := range []struct {
		o         opt
		typ       int
		required  bool
		maxLen    *int
		min, max  *float64
		auto      bool
		choices   []any
		frChoices []string
	}{
		{optOf(post, "title"), 3, false, intp(200), nil, nil, false, nil, nil},
		{optOf(post, "description"), 3, false, intp(4000), nil, nil, false, nil, nil},
		{optOf(post, "tags"), 3, false, intp(200), nil, nil, true, nil, nil},
		{optOf(sub("problem", "show"), "id"), 4, true, nil, f(1), nil, true, nil, nil},
		{optOf(sub("problem", "close"), "status"), 3, false, nil, nil, nil, false, []any{"solved", "duplicate", "stale"}, []string{"résolu", "doublon", "abandonné"}},
		{optOf(sub("workshop", "join"), "id"), 4, true, nil, f(1), nil, true, nil, nil},
		{optOf(sub("workshop", "create"), "capacity"), 4, false, nil, f(1), f(10000), false, nil, nil},
		{optOf(sub("workshop", "create"), "from"), 4, false, nil, f(1), nil, true, nil, nil},
		{optOf(sub("workshop", "capacity"), "seats"), 4, true, nil, f(0), f(10000), false, nil, nil},
		{optOf(sub("workshop", "schedule"), "id"), 4, false, nil, f(1), nil, true, nil, nil}, // alone, it opens the form
		{optOf(sub("workshop", "schedule"), "when"), 3, false, intp(60), nil, nil, false, nil, nil},
		{optOf(sub("workshop", "schedule"), "place"), 3, false, intp(300), nil, nil, false, nil, nil},
		{optOf(sub("me", "language"), "language"), 3, true, nil, nil, nil, false, []any{"fr", "en"}, []string{"français", "anglais"}},
		{optOf(sub("me", "role"), "role"), 3, true, nil, nil, nil, false, []any{"researcher", "member"}, nil},
		{optOf(sub("me", "interests"), "action"), 3, true, nil, nil, nil, false, []any{"add", "remove"}, []string{"Ajouter", "Retirer"}},
		{optOf(sub("me", "interests"), "tags"), 3, true, intp(200), nil, nil, true, nil, nil},
		{optOf(sub("atelier", "help"), "command"), 3, false, nil, nil, nil, false, commandValues(want), nil},
	} {
		o := c.o
		if o.Type != c.typ || o.Required != c.required || o.Autocomplete != c.auto {
			t.Errorf("option %s: type %d required %v autocomplete %v; want %d %v %v", o.Name, o.Type, o.Required, o.Autocomplete, c.typ, c.required, c.auto)
		}
		if !reflect.DeepEqual(o.MaxLength, c.maxLen) || !reflect.DeepEqual(o.MinValue, c.min) || !reflect.DeepEqual(o.MaxValue, c.max) {
			t.Errorf("option %s: max_length %v min %v max %v", o.Name, deref(o.MaxLength), deref(o.MinValue), deref(o.MaxValue))
		}
		var values []any
		var fr []string
		for _, ch := range o.Choices {
			values = append(values, ch.Value)
			fr = append(fr, ch.NameLocalizations["fr"])
		}
		if !reflect.DeepEqual(values, c.choices) {
			t.Errorf("option %s: choices %v, want %v", o.Name, values, c.choices)
		}
		if c.frChoices != nil && !reflect.DeepEqual(fr, c.frChoices) {
			t.Errorf("option %s: French choice names %q, want %q", o.Name, fr, c.frChoices)
		}
		if o.Description == "" || o.DescriptionLocalizations["fr"] == "" {
			t.Errorf("option %s: no description in both languages", o.Name)
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func commandValues(names []string) []any {
	var out []any
	for _, n := range names {
		out = append(out, n)
	}
	return out
}

// A refused token stops Run with the key to fix, before any connection.
func TestRefusedToken(t *testing.T) {
	t.Parallel()
	fake := discordfake.New()
	t.Cleanup(fake.Close)
	db := openDB(t)
	router := commands.NewRouter(db, commands.Config{})
	a, err := New(Options{Token: "wrong", ApplicationID: discordfake.AppID, GuildID: discordfake.GuildID, APIURL: fake.URL,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, router)
	if err != nil {
		t.Fatal(err)
	}
	err = a.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "check discord.token") || strings.Contains(err.Error(), "wrong") {
		t.Errorf("Run with a refused token: %v", err)
	}
	if fake.Connects() != 0 {
		t.Error("the gateway was dialled with a refused token")
	}
}
