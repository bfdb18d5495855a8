package discord

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/commands"
)

// How each kind of option becomes the request: words of the line in the
// route's order, quoted groups, booleans and zero as words, fields for
// the routes with a form, the id alone opening the form.
func TestTranslate(t *testing.T) {
	db := openDB(t)
	s := newSurface(commands.NewRouter(db, commands.Config{}).Routes())
	str, num, sub, b := discordfake.Str, discordfake.Int, discordfake.Sub, func(name string, v bool) discordfake.Opt {
		return discordfake.Opt{Name: name, Type: 5, Value: v}
	}
	for _, c := range []struct {
		cmd    string
		opts   []discordfake.Opt
		line   string
		fields map[string]string
	}{
		{"workshop", []discordfake.Opt{sub("join", num("id", 3))}, "workshop join 3", nil},
		{"workshop", []discordfake.Opt{sub("capacity", num("id", 3), num("seats", 0))}, "workshop capacity 3 unlimited", nil},
		{"workshop", []discordfake.Opt{sub("join", num("id", 3), num("session", 12))}, "workshop join 3 session 12", nil},
		{"workshop", []discordfake.Opt{sub("join", num("id", 3))}, "workshop join 3", nil},
		{"workshop", []discordfake.Opt{sub("leave", num("session", 12), num("id", 3))}, "workshop leave 3 session 12", nil},
		{"workshop", []discordfake.Opt{sub("capacity", num("id", 3), num("seats", 12))}, "workshop capacity 3 12", nil},
		// Options arrive in any order; the line keeps the route's.
		{"workshop", []discordfake.Opt{sub("reschedule", str("place", "Room B"), str("when", "next thursday 2pm"), num("id", 3))}, "workshop reschedule 3 next thursday 2pm Room B", nil},
		{"problem", []discordfake.Opt{sub("close", num("id", 4), str("status", "stale"))}, "problem close 4 stale", nil},
		{"problem", []discordfake.Opt{sub("search", str("words", "  données manquantes "))}, "problem search données manquantes", nil},
		{"problem", []discordfake.Opt{sub("post")}, "problem post", nil},
		{"problem", []discordfake.Opt{sub("post", str("title", "T"), str("tags", "#a"))}, "problem post", map[string]string{"title": "T", "tags": "#a"}},
		{"workshop", []discordfake.Opt{sub("create", str("title", "W"), num("capacity", 8), num("from", 2))}, "workshop create", map[string]string{"title": "W", "capacity": "8", "from": "2"}},
		{"workshop", []discordfake.Opt{sub("schedule", num("id", 5))}, "workshop schedule 5", nil},
		{"workshop", []discordfake.Opt{sub("schedule", num("id", 5), str("when", "tomorrow 9am"))}, "workshop schedule", map[string]string{"id": "5", "when": "tomorrow 9am"}},
		{"me", []discordfake.Opt{sub("show")}, "me", nil},
		{"me", []discordfake.Opt{sub("interests", str("action", "remove"), str("tags", "#nlp #gis"))}, "me interests remove #nlp #gis", nil},
		{"me", []discordfake.Opt{sub("calendar", b("reset", true))}, "me calendar reset", nil},
		{"me", []discordfake.Opt{sub("calendar", b("reset", false))}, "me calendar", nil},
		{"announce", []discordfake.Opt{sub("schedule", str("cron", `0 9 * * "MON"`), str("to", "announcements"), str("text", "Office hours"))}, `announce schedule "0 9 * * MON" announcements Office hours`, nil},
		{"announce", []discordfake.Opt{sub("once", str("when", "friday 5pm"), str("to", "discord:42"), str("text", "Drinks"))}, `announce once "friday 5pm" discord:42 Drinks`, nil},
		{"feedback", []discordfake.Opt{num("session", 7), num("score", 5), str("comment", "Clear")}, "feedback 7 5 Clear", nil},
		{"feedback", []discordfake.Opt{num("session", 7), str("comment", "Too fast")}, "feedback 7 comment Too fast", nil},
		{"jobs", []discordfake.Opt{sub("list", str("tag", "#nlp"), b("remote", true), str("level", "phd"))}, "jobs list #nlp phd remote", nil},
		{"jobs", []discordfake.Opt{sub("post", str("title", "Data scientist"), str("contract", "fixed_term"))}, "jobs post", map[string]string{"title": "Data scientist", "contract": "fixed_term"}},
		{"atelier", []discordfake.Opt{sub("help", str("command", "me"))}, "atelier help me", nil},
		{"atelier", []discordfake.Opt{sub("stats", b("csv", true), str("period", "30d"))}, "atelier stats csv 30d", nil},
		{"atelier", []discordfake.Opt{sub("forget")}, "atelier forget", nil},
		{"atelier", []discordfake.Opt{sub("forget", str("code", "K7Q2"))}, "atelier forget confirm K7Q2", nil},
		{"atelier", []discordfake.Opt{sub("link", str("code", "K7Q2"))}, "atelier link K7Q2", nil},
		{"me", []discordfake.Opt{sub("notify-on", str("platform", "discord"))}, "me notify-on discord", nil},
		{"me", []discordfake.Opt{sub("reminders", str("state", "off"))}, "me reminders off", nil},
	} {
		raw, _ := json.Marshal(discordfake.Command(c.cmd, c.opts...))
		var data discordgo.ApplicationCommandInteractionData
		if err := json.Unmarshal(raw, &data); err != nil {
			t.Fatal(err)
		}
		line, fields, ok := s.translate(data)
		if !ok || line != c.line || !reflect.DeepEqual(fields, c.fields) {
			t.Errorf("/%s %s = %q %v %v; want %q %v", c.cmd, describe(c.opts), line, fields, ok, c.line, c.fields)
		}
	}
	raw, _ := json.Marshal(discordfake.Command("nosuch", sub("x")))
	var data discordgo.ApplicationCommandInteractionData
	_ = json.Unmarshal(raw, &data)
	if _, _, ok := s.translate(data); ok {
		t.Error("an unknown command translated")
	}
}

// Every description and choice name fits Discord's 100 characters in
// both languages, without being cut.
func TestDescriptionsFit(t *testing.T) {
	db := openDB(t)
	s := newSurface(commands.NewRouter(db, commands.Config{}).Routes())
	var check func(where, en string, fr map[discordgo.Locale]string)
	check = func(where, en string, fr map[discordgo.Locale]string) {
		for _, d := range []string{en, fr[discordgo.French]} {
			if d == "" || len([]rune(d)) > 100 || []rune(d)[len([]rune(d))-1] == '…' {
				t.Errorf("%s: description %q", where, d)
			}
		}
	}
	var walk func(where string, opts []*discordgo.ApplicationCommandOption)
	walk = func(where string, opts []*discordgo.ApplicationCommandOption) {
		for _, o := range opts {
			check(where+" "+o.Name, o.Description, o.DescriptionLocalizations)
			for _, c := range o.Choices {
				check(where+" "+o.Name+"="+c.Value.(string), c.Name, c.NameLocalizations)
			}
			walk(where+" "+o.Name, o.Options)
		}
	}
	for _, c := range s.applicationCommands() {
		check(c.Name, c.Description, *c.DescriptionLocalizations)
		walk(c.Name, c.Options)
	}
}
