package discord

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// noMentions goes on every message the bot sends: an empty parse list
// (not nil, which discordgo sends as null and Discord reads as "parse
// everything") so @everyone, @here and role or user pings in user text
// never fire.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// Discord's limits.
const (
	maxContent     = 2000
	maxEmbedTitle  = 256
	maxEmbedDesc   = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxFields      = 25
	maxButtonLabel = 80
	maxCustomID    = 100
)

// message is one Discord message to send: text, at most one card (so the
// message maps back to one entity) and that card's buttons.
type message struct {
	content    string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
	entity     commands.Entity
	// seed: the bot puts the first reaction on the card (commands.Seeded).
	seed  bool
	files []commands.File
}

// attachments are a message's files for discordgo, read from the start:
// a retried request sends them again.
func (m message) attachments() []*discordgo.File {
	var out []*discordgo.File
	for _, f := range m.files {
		out = append(out, &discordgo.File{Name: f.Name, ContentType: f.ContentType, Reader: bytes.NewReader(f.Data)})
	}
	return out
}

// renderTimes writes time marks as Discord timestamps, which every reader
// sees in their own zone and language: the full date, then "in 2 days".
func renderTimes(s string) string {
	return commands.RenderTimes(s, func(t time.Time) string {
		u := strconv.FormatInt(t.Unix(), 10)
		return "<t:" + u + ":F> (<t:" + u + ":R>)"
	})
}

// plainTimes writes time marks as text, where Discord shows no markup
// (embed footers, titles, event names).
func plainTimes(s string, lang commands.Lang, loc *time.Location) string {
	return commands.RenderTimes(s, func(t time.Time) string { return commands.FormatTime(t, lang, loc) })
}

// render turns a reply into messages: the text, cut at line ends to fit,
// then the cards, the first with the text's last part.
func render(reply commands.Reply) []message {
	lang, loc := reply.Lang, reply.Loc
	if loc == nil {
		loc = time.UTC
	}
	var out []message
	if reply.Text != "" {
		for _, part := range splitContent(renderTimes(reply.Text), maxContent) {
			out = append(out, message{content: part})
		}
	}
	for i, c := range reply.Cards {
		embed, comps := renderCard(c, lang, loc)
		if i == 0 && len(out) > 0 {
			last := &out[len(out)-1]
			last.embeds, last.components, last.entity, last.seed = []*discordgo.MessageEmbed{embed}, comps, c.Entity, commands.Seeded(c)
			continue
		}
		out = append(out, message{embeds: []*discordgo.MessageEmbed{embed}, components: comps, entity: c.Entity, seed: commands.Seeded(c)})
	}
	// Files (an export, statistics as CSV) go with the first message.
	if len(reply.Files) > 0 {
		if len(out) == 0 {
			out = append(out, message{})
		}
		out[0].files = reply.Files
	}
	return out
}

// renderCard is a card as an embed with its buttons.
func renderCard(c commands.Card, lang commands.Lang, loc *time.Location) (*discordgo.MessageEmbed, []discordgo.MessageComponent) {
	e := &discordgo.MessageEmbed{
		Type:        discordgo.EmbedTypeRich,
		Title:       truncate(plainTimes(c.Title, lang, loc), maxEmbedTitle),
		Description: truncate(renderTimes(c.Body), maxEmbedDesc),
		Color:       color(c.Entity.Kind),
	}
	for i, f := range c.Fields {
		if i == maxFields {
			break
		}
		name, value := truncate(plainTimes(f.Label, lang, loc), maxFieldName), truncate(renderTimes(f.Value), maxFieldValue)
		if strings.TrimSpace(name) == "" {
			name = "\u200b"
		}
		if strings.TrimSpace(value) == "" {
			value = "—"
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value,
			Inline: utf8.RuneCountInString(value) <= 40 && !strings.Contains(value, "\n") && !strings.Contains(value, "<t:")})
	}
	if c.Footer != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(plainTimes(c.Footer, lang, loc), maxFooter)}
	}
	return e, buttons(c.Buttons)
}

func color(kind string) int {
	switch kind {
	case storage.KindProblem:
		return 0x5865F2
	case storage.KindWorkshop:
		return 0x57F287
	case storage.KindJob:
		return 0xFEE75C
	}
	return 0
}

// buttons lays buttons out five to a row; a button's custom id is the line
// it runs.
func buttons(bs []commands.Button) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var row discordgo.ActionsRow
	for _, b := range bs {
		btn := discordgo.Button{Label: truncate(b.Label, maxButtonLabel)}
		switch {
		case b.URL != "":
			btn.Style, btn.URL = discordgo.LinkButton, b.URL
		case b.Line == "":
			continue
		default:
			btn.CustomID = b.Line
			if len(b.Line) > maxCustomID {
				btn.CustomID = longLines.key(b.Line)
			}
			switch b.Style {
			case "primary":
				btn.Style = discordgo.PrimaryButton
			case "danger":
				btn.Style = discordgo.DangerButton
			default:
				btn.Style = discordgo.SecondaryButton
			}
		}
		row.Components = append(row.Components, btn)
		if len(row.Components) == 5 {
			rows = append(rows, row)
			row = discordgo.ActionsRow{}
		}
		if len(rows) == 5 {
			break
		}
	}
	if len(row.Components) > 0 && len(rows) < 5 {
		rows = append(rows, row)
	}
	return rows
}

// splitContent cuts text into parts of at most n characters, at line ends
// when it can.
func splitContent(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		r := []rune(s)
		cut := string(r[:n])
		if i := strings.LastIndexByte(cut, '\n'); i > 0 {
			cut = cut[:i]
		}
		out = append(out, strings.TrimRight(cut, "\n"))
		s = strings.TrimLeft(s[len(cut):], "\n")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// modal is a form as a Discord modal: one text input per field. Its
// custom id carries the form's line, for the submission.
func modal(f *commands.Form) *discordgo.InteractionResponseData {
	var rows []discordgo.MessageComponent
	for i, in := range f.Inputs {
		if i == 5 {
			break
		}
		ti := discordgo.TextInput{
			CustomID: in.Name, Label: truncate(in.Label, 45), Style: discordgo.TextInputShort,
			Placeholder: truncate(in.Placeholder, 100), Value: truncate(in.Value, 4000), Required: in.Required,
			MaxLength: min(max(in.MaxLen, 0), 4000),
		}
		if in.Kind == commands.InputParagraph {
			ti.Style = discordgo.TextInputParagraph
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{ti}})
	}
	return &discordgo.InteractionResponseData{CustomID: formPrefix + f.Line, Title: truncate(f.Title, 45), Components: rows}
}

const formPrefix = "form:"

// labelKeys names the catalog label of a form field, for field errors.
var labelKeys = map[string]string{"id": "form.label.workshop"}

// fieldErrorText says which field a refused form submission got wrong:
// Discord modals have no per-field errors.
func fieldErrorText(reply commands.Reply, order []string) string {
	var lines []string
	seen := map[string]bool{}
	add := func(name string) {
		msg, ok := reply.FieldErrors[name]
		if !ok || seen[name] {
			return
		}
		seen[name] = true
		key := labelKeys[name]
		if key == "" {
			key = "form.label." + name
		}
		label := name
		if commands.Has(key) {
			label = commands.T(reply.Lang, key)
		}
		lines = append(lines, commands.T(reply.Lang, "discord.field_error", label, msg))
	}
	for _, name := range order {
		add(name)
	}
	var rest []string
	for name := range reply.FieldErrors {
		rest = append(rest, name)
	}
	slices.Sort(rest)
	for _, name := range rest {
		add(name)
	}
	return renderTimes(strings.Join(lines, "\n"))
}
