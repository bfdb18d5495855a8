package discord

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// The slash commands are generated from the core's routes (one command per
// route command, one sub-command per route), so the surface stays the one
// list of routes.go. What Discord adds, typed options, lives in specs:
// which options a route takes, their types, limits and choices, and how
// they become the request (words of Request.Line, or Request.Fields for
// the routes that also take a form).

type optKind int

const (
	optString optKind = iota
	optInteger
	optBool
)

// option is one typed option of a sub-command.
type option struct {
	name     string
	kind     optKind
	desc     string // catalog key, "discord.opt.…"
	required bool
	maxLen   int
	min, max *float64
	choices  []choice
	// suggest names what autocomplete offers (commands.Suggest*).
	suggest string
	// zero is the word an integer 0 stands for ("unlimited").
	zero string
	// word is what a true boolean stands for ("reset").
	word string
	// quote groups a value of several words as one argument.
	quote bool
	// prefix is the word written before the value ("session 12").
	prefix string
}

type choice struct {
	value string
	name  string // catalog key of its label
}

// sub is one sub-command: its Discord name, the line it runs and its
// options.
type sub struct {
	name string
	line string // the request line without the options: "workshop join"
	desc string // catalog key; "" = "help." + the route's key
	// fields: the options are the fields of the route's form, not words.
	fields bool
	opts   []option
	// build writes the line when the options are not simply its words in
	// order.
	build func(values map[string]string) string
}

func num(f float64) *float64 { return &f }

var (
	optProblemID  = option{name: "id", kind: optInteger, desc: "discord.opt.problem_id", required: true, min: num(1), suggest: commands.SuggestProblem}
	optWorkshopID = option{name: "id", kind: optInteger, desc: "discord.opt.workshop_id", required: true, min: num(1), suggest: commands.SuggestWorkshop}
	// optSession picks one session of a workshop (an occurrence of a
	// series); without it, the next one.
	optSession = option{name: "session", kind: optInteger, desc: "discord.opt.session_of", min: num(1), prefix: "session"}
	// optOneSession narrows a join or a leave to one session of a series.
	optOneSession = option{name: "session", kind: optInteger, desc: "discord.opt.join_session", min: num(1), prefix: "session"}
	optTitle      = option{name: "title", desc: "discord.opt.title", maxLen: storage.MaxTitle}
	optDesc       = option{name: "description", desc: "discord.opt.description", maxLen: storage.MaxDescription}
	optTags       = option{name: "tags", desc: "discord.opt.tags", maxLen: 200, suggest: commands.SuggestTag}
	optOnOff      = option{name: "state", desc: "discord.opt.on_off", required: true, choices: []choice{
		{"on", "discord.choice.on"}, {"off", "discord.choice.off"}}}
	// Jobs and announcements have no suggestions: /jobs list and /announce
	// list show their ids.
	optJobID    = option{name: "id", kind: optInteger, desc: "discord.opt.job_id", required: true, min: num(1)}
	optContract = option{name: "contract", desc: "discord.opt.contract", choices: []choice{
		{storage.ContractPermanent, "contract." + storage.ContractPermanent}, {storage.ContractFixedTerm, "contract." + storage.ContractFixedTerm},
		{storage.ContractInternship, "contract." + storage.ContractInternship}, {storage.ContractPhD, "contract." + storage.ContractPhD},
		{storage.ContractPostdoc, "contract." + storage.ContractPostdoc}, {storage.ContractFreelance, "contract." + storage.ContractFreelance}}}
	optLevel = option{name: "level", desc: "discord.opt.level", choices: []choice{
		{storage.LevelStudent, "level." + storage.LevelStudent}, {storage.LevelJunior, "level." + storage.LevelJunior},
		{storage.LevelPhD, "level." + storage.LevelPhD}, {storage.LevelSenior, "level." + storage.LevelSenior}}}
	// optAll widens a list from the member's chapter to every chapter.
	optAll            = option{name: "all", kind: optBool, desc: "discord.opt.all", word: "all"}
	optAnnouncementID = option{name: "id", kind: optInteger, desc: "discord.opt.announcement_id", required: true, min: num(1)}
)

func required(o option) option { o.required = true; return o }

func optional(o option) option { o.required = false; return o }

// specs gives each route's sub-commands by route key. A route missing here
// still works: it gets one sub-command with a free "text" option.
var specs = map[string][]sub{
	"problem.post": {{name: "post", line: "problem post", fields: true, opts: []option{optTitle, optDesc, optTags}}},
	"problem.list": {{name: "list", line: "problem list", opts: []option{
		{name: "tag", desc: "discord.opt.tag", maxLen: storage.MaxTagLen + 1, suggest: commands.SuggestTag}, optAll}}},
	"problem.search": {{name: "search", line: "problem search", opts: []option{
		{name: "words", desc: "discord.opt.words", required: true, maxLen: 200}}}},
	"problem.show":         {{name: "show", line: "problem show", opts: []option{optProblemID}}},
	"problem.interested":   {{name: "interested", line: "problem interested", opts: []option{optProblemID}}},
	"problem.canhelp":      {{name: "canhelp", line: "problem canhelp", opts: []option{optProblemID}}},
	"problem.uninterested": {{name: "uninterested", line: "problem uninterested", opts: []option{optProblemID}}},
	"problem.close": {{name: "close", line: "problem close", opts: []option{optProblemID,
		{name: "status", desc: "discord.opt.status", choices: []choice{
			{storage.ProblemSolved, "status." + storage.ProblemSolved},
			{storage.ProblemDuplicate, "status." + storage.ProblemDuplicate},
			{storage.ProblemStale, "status." + storage.ProblemStale}}}}}},

	"workshop.create": {{name: "create", line: "workshop create", fields: true, opts: []option{
		optTitle, optDesc, optTags,
		{name: "capacity", kind: optInteger, desc: "discord.opt.capacity", min: num(1), max: num(storage.MaxCapacity)},
		{name: "from", kind: optInteger, desc: "discord.opt.from", min: num(1), suggest: commands.SuggestProblem},
		{name: "chapter", desc: "discord.opt.chapter", maxLen: 60}}}},
	// Without options, or with the workshop alone, it opens the form.
	"workshop.schedule": {{name: "schedule", line: "workshop schedule", fields: true, opts: []option{
		optional(optWorkshopID),
		{name: "when", desc: "discord.opt.when", maxLen: 60},
		{name: "duration", desc: "discord.opt.duration", maxLen: 12},
		{name: "place", desc: "discord.opt.place", maxLen: storage.MaxPlace}}}},
	"workshop.list": {{name: "list", line: "workshop list", opts: []option{optAll}}},
	"workshop.chapter": {{name: "chapter", line: "workshop chapter", opts: []option{optWorkshopID,
		{name: "chapter", desc: "discord.opt.chapter", required: true, maxLen: 60}}}},
	"workshop.show":  {{name: "show", line: "workshop show", opts: []option{optWorkshopID}}},
	"workshop.join":  {{name: "join", line: "workshop join", opts: []option{optWorkshopID, optOneSession}}},
	"workshop.leave": {{name: "leave", line: "workshop leave", opts: []option{optWorkshopID, optOneSession}}},
	"workshop.capacity": {{name: "capacity", line: "workshop capacity", opts: []option{optWorkshopID,
		{name: "seats", kind: optInteger, desc: "discord.opt.seats", required: true, min: num(0), max: num(storage.MaxCapacity), zero: "unlimited"}}}},
	"workshop.cancel":   {{name: "cancel", line: "workshop cancel", opts: []option{optWorkshopID}}},
	"workshop.announce": {{name: "announce", line: "workshop announce", opts: []option{optWorkshopID}}},
	"workshop.reschedule": {{name: "reschedule", line: "workshop reschedule", opts: []option{
		optWorkshopID, optSession,
		{name: "when", desc: "discord.opt.when", required: true, maxLen: 60},
		{name: "duration", desc: "discord.opt.duration", maxLen: 12},
		{name: "place", desc: "discord.opt.place", maxLen: storage.MaxPlace}}}},
	"workshop.unschedule": {{name: "unschedule", line: "workshop unschedule", opts: []option{optWorkshopID, optSession}}},
	// An edit opens its form, filled in with what the item says now.
	"problem.edit":  {{name: "edit", line: "problem edit", opts: []option{optProblemID}}},
	"workshop.edit": {{name: "edit", line: "workshop edit", opts: []option{optWorkshopID}}},
	"workshop.remove": {{name: "remove", line: "workshop remove", opts: []option{optWorkshopID,
		{name: "member", desc: "discord.opt.member_name", required: true, maxLen: 100}}}},

	"jobs.post": {{name: "post", line: "jobs post", fields: true, opts: []option{
		{name: "title", desc: "discord.opt.job_title", maxLen: storage.MaxTitle},
		{name: "organisation", desc: "discord.opt.org", maxLen: storage.MaxOrganisation},
		optContract, optLevel,
		{name: "location", desc: "discord.opt.location", maxLen: storage.MaxJobLocation},
		{name: "url", desc: "discord.opt.url", maxLen: storage.MaxJobURL},
		{name: "pay", desc: "discord.opt.pay", maxLen: 60},
		{name: "discipline", desc: "discord.opt.discipline", maxLen: storage.MaxDiscipline},
		{name: "expires", desc: "discord.opt.expires", maxLen: 10},
		optTags}}},
	"jobs.list": {{name: "list", line: "jobs list", opts: []option{
		{name: "tag", desc: "discord.opt.tag", maxLen: storage.MaxTagLen + 1, suggest: commands.SuggestTag},
		optLevel, optContract,
		{name: "remote", kind: optBool, desc: "discord.opt.remote", word: "remote"}}}},
	"jobs.search": {{name: "search", line: "jobs search", opts: []option{
		{name: "words", desc: "discord.opt.words", required: true, maxLen: 200}}}},
	"jobs.show":  {{name: "show", line: "jobs show", opts: []option{optJobID}}},
	"jobs.close": {{name: "close", line: "jobs close", opts: []option{optJobID}}},
	"jobs.renew": {{name: "renew", line: "jobs renew", opts: []option{optJobID}}},

	"announce.schedule": {{name: "schedule", line: "announce schedule", opts: []option{
		{name: "cron", desc: "discord.opt.cron", required: true, maxLen: 100, quote: true},
		{name: "to", desc: "discord.opt.to", required: true, maxLen: 200},
		{name: "text", desc: "discord.opt.announcement", required: true, maxLen: 1800}}}},
	"announce.once": {{name: "once", line: "announce once", opts: []option{
		{name: "when", desc: "discord.opt.when", required: true, maxLen: 60, quote: true},
		{name: "to", desc: "discord.opt.to", required: true, maxLen: 200},
		{name: "text", desc: "discord.opt.announcement", required: true, maxLen: 1800}}}},
	"announce.list":   {{name: "list", line: "announce list"}},
	"announce.pause":  {{name: "pause", line: "announce pause", opts: []option{optAnnouncementID}}},
	"announce.resume": {{name: "resume", line: "announce resume", opts: []option{optAnnouncementID}}},
	"announce.delete": {{name: "delete", line: "announce delete", opts: []option{optAnnouncementID}}},

	// /feedback <session> <1-5> [comment], or <session> comment <text>.
	"feedback": {{line: "feedback", opts: []option{
		{name: "session", kind: optInteger, desc: "discord.opt.session", required: true, min: num(1)},
		{name: "score", kind: optInteger, desc: "discord.opt.score", min: num(1), max: num(5)},
		{name: "comment", desc: "discord.opt.comment", maxLen: 1000}},
		build: func(v map[string]string) string {
			score := v["score"]
			if score == "" {
				score = "comment"
			}
			return strings.TrimSpace("feedback " + v["session"] + " " + score + " " + v["comment"])
		}}},

	// Its command option's choices are the commands, filled in below.
	"atelier.help": {{name: "help", line: "atelier help"}},

	// /me is one route with a bare form and keyword forms; Discord cannot
	// have both a bare command and sub-commands, so each form is one.
	"me": {
		{name: "show", line: "me", desc: "discord.sub.me.show"},
		{name: "org", line: "me org", desc: "discord.sub.me.org", opts: []option{
			{name: "name", desc: "discord.opt.org", required: true, maxLen: storage.MaxOrganisation}}},
		{name: "interests", line: "me interests", desc: "discord.sub.me.interests", opts: []option{
			{name: "action", desc: "discord.opt.action", required: true, choices: []choice{{"add", "discord.choice.add"}, {"remove", "discord.choice.remove"}}},
			required(optTags)}},
		{name: "language", line: "me language", desc: "discord.sub.me.language", opts: []option{
			{name: "language", desc: "discord.opt.language", required: true, choices: []choice{{"fr", "lang.fr"}, {"en", "lang.en"}}}}},
		{name: "timezone", line: "me timezone", desc: "discord.sub.me.timezone", opts: []option{
			{name: "zone", desc: "discord.opt.zone", required: true, maxLen: 64}}},
		{name: "role", line: "me role", desc: "discord.sub.me.role", opts: []option{
			{name: "role", desc: "discord.opt.role", required: true, choices: []choice{
				{storage.RoleResearcher, "role." + storage.RoleResearcher}, {storage.RoleMember, "role." + storage.RoleMember}}}}},
		{name: "calendar", line: "me calendar", desc: "discord.sub.me.calendar", opts: []option{
			{name: "reset", kind: optBool, desc: "discord.opt.reset", word: "reset"}}},
		{name: "reminders", line: "me reminders", desc: "discord.sub.me.reminders", opts: []option{optOnOff}},
		{name: "notify", line: "me notify", desc: "discord.sub.me.notify", opts: []option{optOnOff}},
		{name: "notify-on", line: "me notify-on", desc: "discord.sub.me.notify_on", opts: []option{
			{name: "platform", desc: "discord.opt.platform", required: true, choices: []choice{
				{"all", "discord.choice.all"}, {"slack", "discord.choice.slack"}, {"discord", "discord.choice.discord"}}}}},
		{name: "skills", line: "me skills", desc: "discord.sub.me.skills", opts: []option{
			{name: "questions", desc: "discord.opt.skill_questions", choices: optOnOff.choices}}},
		{name: "orgs", line: "me orgs", desc: "discord.sub.me.orgs"},
	},

	"atelier.stats": {{name: "stats", line: "atelier stats", opts: []option{
		{name: "csv", kind: optBool, desc: "discord.opt.csv", word: "csv"},
		{name: "period", desc: "discord.opt.period", maxLen: 30}}}},
	"atelier.export": {{name: "export", line: "atelier export"}},
	"atelier.forget": {{name: "forget", line: "atelier forget", opts: []option{
		{name: "code", desc: "discord.opt.forget_code", maxLen: 32}},
		build: func(v map[string]string) string {
			if v["code"] == "" {
				return "atelier forget"
			}
			return "atelier forget confirm " + v["code"]
		}}},
	"atelier.link": {{name: "link", line: "atelier link", opts: []option{
		{name: "code", desc: "discord.opt.link_code", maxLen: 32}}}},
}

// surface is the generated command set with an index to map interactions
// back.
type surface struct {
	commands []*discordgo.ApplicationCommand
	subs     map[string]*sub // "command sub" (sub "" for a command without sub-commands)
}

func newSurface(routes []*commands.Route) *surface {
	s := &surface{subs: map[string]*sub{}}
	var order []string
	byCmd := map[string][]*commands.Route{}
	for _, rt := range routes {
		if _, ok := byCmd[rt.Command]; !ok {
			order = append(order, rt.Command)
		}
		byCmd[rt.Command] = append(byCmd[rt.Command], rt)
	}
	for _, name := range order {
		en, fr := texts("discord.cmd." + name)
		cmd := &discordgo.ApplicationCommand{Name: name, Type: discordgo.ChatApplicationCommand,
			Description: en, DescriptionLocalizations: &map[discordgo.Locale]string{discordgo.French: fr}}
		var subs []sub
		for _, rt := range byCmd[name] {
			ss, ok := specs[rt.Key()]
			if !ok {
				ss = []sub{genericSub(rt)}
			}
			for _, sp := range ss {
				if sp.desc == "" {
					// The route's help, unless too long for Discord and
					// given a shorter form.
					sp.desc = "help." + rt.Key()
					if commands.Has("discord.sub." + rt.Key()) {
						sp.desc = "discord.sub." + rt.Key()
					}
				}
				subs = append(subs, sp)
			}
		}
		if name == "atelier" {
			// /atelier help [command]: the commands are a fixed set.
			for i := range subs {
				if subs[i].line == "atelier help" {
					subs[i].opts = []option{{name: "command", desc: "discord.opt.command", choices: commandChoices(order)}}
				}
			}
		}
		if len(subs) == 1 && subs[0].name == "" {
			// A command with only a bare route takes its options itself.
			sp := subs[0]
			cmd.Options = sp.options()
			s.subs[name+" "] = &sp
		} else {
			for i := range subs {
				sp := subs[i]
				en, fr := texts(sp.desc)
				cmd.Options = append(cmd.Options, &discordgo.ApplicationCommandOption{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: sp.name,
					Description: en, DescriptionLocalizations: map[discordgo.Locale]string{discordgo.French: fr},
					Options: sp.options(),
				})
				s.subs[name+" "+sp.name] = &sp
			}
		}
		s.commands = append(s.commands, cmd)
	}
	return s
}

// genericSub is the sub-command of a route that has no spec yet: its
// arguments as one free text option.
func genericSub(rt *commands.Route) sub {
	line := rt.Command
	if rt.Sub != "" {
		line += " " + rt.Sub
	}
	return sub{name: rt.Sub, line: line, opts: []option{{name: "text", desc: "discord.opt.text", maxLen: 1000}}}
}

func commandChoices(cmds []string) []choice {
	var out []choice
	for _, c := range cmds {
		out = append(out, choice{value: c, name: "discord.cmd." + c})
	}
	return out
}

func (s *surface) applicationCommands() []*discordgo.ApplicationCommand { return s.commands }

func (sp *sub) options() []*discordgo.ApplicationCommandOption {
	var out []*discordgo.ApplicationCommandOption
	for _, o := range sp.opts {
		en, fr := texts(o.desc)
		d := &discordgo.ApplicationCommandOption{
			Name: o.name, Description: en, DescriptionLocalizations: map[discordgo.Locale]string{discordgo.French: fr},
			Required: o.required, Autocomplete: o.suggest != "",
		}
		switch o.kind {
		case optBool:
			d.Type = discordgo.ApplicationCommandOptionBoolean
		case optInteger:
			d.Type = discordgo.ApplicationCommandOptionInteger
			d.MinValue = o.min
			if o.max != nil {
				d.MaxValue = *o.max
			}
		default:
			d.Type = discordgo.ApplicationCommandOptionString
			d.MaxLength = o.maxLen
		}
		for _, c := range o.choices {
			en, fr := texts(c.name)
			d.Choices = append(d.Choices, &discordgo.ApplicationCommandOptionChoice{
				Name: en, NameLocalizations: map[discordgo.Locale]string{discordgo.French: fr}, Value: c.value})
		}
		out = append(out, d)
	}
	// Discord wants the required options first; the line keeps the
	// spec's order ("workshop reschedule 3 session 12 <when>").
	slices.SortStableFunc(out, func(a, b *discordgo.ApplicationCommandOption) int {
		switch {
		case a.Required && !b.Required:
			return -1
		case b.Required && !a.Required:
			return 1
		}
		return 0
	})
	return out
}

// texts returns a catalog key's English and French text, cut to Discord's
// 100 characters for descriptions and choice names.
func texts(key string) (en, fr string) {
	return truncate(commands.T(commands.EN, key), 100), truncate(commands.T(commands.FR, key), 100)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// split finds the sub-command an interaction ran, and its options.
func (s *surface) split(data discordgo.ApplicationCommandInteractionData) (*sub, []*discordgo.ApplicationCommandInteractionDataOption) {
	opts := data.Options
	name := ""
	if len(opts) == 1 && opts[0].Type == discordgo.ApplicationCommandOptionSubCommand {
		name, opts = opts[0].Name, opts[0].Options
	}
	return s.subs[data.Name+" "+name], opts
}

// translate turns a slash command into the request's Line and Fields.
func (s *surface) translate(data discordgo.ApplicationCommandInteractionData) (line string, fields map[string]string, ok bool) {
	sp, given := s.split(data)
	if sp == nil {
		return "", nil, false
	}
	values := make(map[string]string, len(given))
	for _, o := range given {
		values[o.Name] = optionValue(sp, o)
	}
	if sp.fields {
		if len(values) == 0 {
			// No options: the route answers with its form (a modal).
			return sp.line, nil, true
		}
		if id, ok := values["id"]; ok && len(values) == 1 {
			// The id alone: the form, for that id.
			return sp.line + " " + id, nil, true
		}
		return sp.line, values, true
	}
	if sp.build != nil {
		return sp.build(values), nil, true
	}
	var b strings.Builder
	b.WriteString(sp.line)
	for _, o := range sp.opts {
		v := values[o.name]
		if v == "" {
			continue
		}
		b.WriteByte(' ')
		if o.prefix != "" {
			b.WriteString(o.prefix + " ")
		}
		if o.quote {
			v = `"` + strings.Map(dropQuotes, v) + `"`
		}
		b.WriteString(v)
	}
	return b.String(), nil, true
}

// dropQuotes removes the quote marks the core's word splitter groups by,
// from a value the adapter quotes itself.
func dropQuotes(r rune) rune {
	switch r {
	case '"', '“', '”', '«', '»':
		return -1
	}
	return r
}

func optionValue(sp *sub, o *discordgo.ApplicationCommandInteractionDataOption) string {
	switch v := o.Value.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		n := int64(v)
		for _, spec := range sp.opts {
			if spec.name == o.Name && n == 0 && spec.zero != "" {
				return spec.zero
			}
		}
		return strconv.FormatInt(n, 10)
	case bool:
		for _, spec := range sp.opts {
			if spec.name == o.Name && spec.word != "" {
				if v {
					return spec.word
				}
				return ""
			}
		}
		return strconv.FormatBool(v)
	case nil:
		return ""
	}
	return fmt.Sprint(o.Value)
}

// focused finds the option being typed in an autocomplete interaction.
func (s *surface) focused(data discordgo.ApplicationCommandInteractionData) (*option, string) {
	sp, given := s.split(data)
	if sp == nil {
		return nil, ""
	}
	for _, o := range given {
		if !o.Focused {
			continue
		}
		for i := range sp.opts {
			if sp.opts[i].name == o.Name {
				v, _ := o.Value.(string)
				if f, ok := o.Value.(float64); ok {
					v = strconv.FormatInt(int64(f), 10)
				}
				return &sp.opts[i], v
			}
		}
	}
	return nil, ""
}
