package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/commands"
)

// onInteraction answers slash commands, autocomplete, button presses and
// modal submissions.
func (a *Adapter) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	ctx, ok := a.enter()
	if !ok {
		return
	}
	defer a.wg.Done()
	defer a.recover("interaction")
	ctx, cancel := finishing(ctx)
	defer cancel()
	i := ic.Interaction
	if i == nil || !a.serves(i.GuildID) {
		return
	}
	a.learnChannel(i.ChannelID, i.GuildID)
	if !a.interactions.First(i.ID, time.Now()) {
		a.log.Warn("discord: interaction delivered again, ignored", "interaction", i.ID)
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		a.command(ctx, i)
	case discordgo.InteractionApplicationCommandAutocomplete:
		a.autocomplete(ctx, i)
	case discordgo.InteractionMessageComponent:
		req := a.newRequest(i)
		line, ok := longLines.line(i.MessageComponentData().CustomID)
		if !ok {
			lang := a.langOf(i)
			a.deliver(ctx, i, commands.Reply{Text: commands.T(lang, "discord.button_expired"), Lang: lang}, false, nil)
			return
		}
		req.Line = line
		a.answer(ctx, i, req, nil)
	case discordgo.InteractionModalSubmit:
		a.modalSubmit(ctx, i)
	}
}

// newRequest is the neutral request for an interaction: who, where, in which
// language.
func (a *Adapter) newRequest(i *discordgo.Interaction) *commands.Request {
	req := &commands.Request{
		Platform:  Platform,
		Workspace: a.opts.GuildID,
		Origin:    a.workspace(i.GuildID),
		Channel:   i.ChannelID,
		Locale:    string(i.Locale), // not i.Locale.String(), which is "French"
		CanForm:   true,
	}
	u, nick := i.User, ""
	if i.Member != nil && i.Member.User != nil {
		u, nick = i.Member.User, i.Member.Nick
	}
	if u != nil {
		req.UserID, req.UserName = u.ID, displayName(nick, u)
	}
	return req
}

// displayName is what the guild shows: the nickname, else the global
// display name, else the username.
func displayName(nick string, u *discordgo.User) string {
	switch {
	case nick != "":
		return nick
	case u.GlobalName != "":
		return u.GlobalName
	}
	return u.Username
}

// langOf is the language of replies the core does not write (an unknown
// command): the interaction's locale, else the community's.
func (a *Adapter) langOf(i *discordgo.Interaction) commands.Lang {
	if l, ok := commands.ParseLang(string(i.Locale)); ok {
		return l
	}
	return a.opts.Language
}

func (a *Adapter) command(ctx context.Context, i *discordgo.Interaction) {
	line, fields, ok := a.surf.translate(i.ApplicationCommandData())
	if !ok {
		// A command registered by an older version of the bot.
		lang := a.langOf(i)
		a.deliver(ctx, i, commands.Reply{Text: commands.T(lang, "discord.unknown_command"), Lang: lang}, false, nil)
		return
	}
	req := a.newRequest(i)
	req.Line, req.Fields = line, fields
	a.answer(ctx, i, req, nil)
}

func (a *Adapter) modalSubmit(ctx context.Context, i *discordgo.Interaction) {
	data := i.ModalSubmitData()
	line, ok := strings.CutPrefix(data.CustomID, formPrefix)
	if !ok {
		return
	}
	req := a.newRequest(i)
	req.Line, req.CanForm = line, false
	req.Fields = map[string]string{}
	var order []string
	for _, c := range data.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, rc := range row.Components {
			if ti, ok := rc.(*discordgo.TextInput); ok {
				req.Fields[ti.CustomID] = ti.Value
				order = append(order, ti.CustomID)
			}
		}
	}
	a.answer(ctx, i, req, order)
}

// answer runs the request and responds. If the work outlasts DeferAfter,
// the interaction is acknowledged first (a deferred, ephemeral response)
// and the reply then edits it, so Discord's three seconds always hold.
func (a *Adapter) answer(ctx context.Context, i *discordgo.Interaction, req *commands.Request, order []string) {
	var mu sync.Mutex
	const (
		pending = iota
		answered
		deferred
	)
	state := pending
	sent := make(chan struct{})
	timer := time.AfterFunc(a.opts.DeferAfter, func() {
		defer a.recover("defer")
		defer close(sent)
		mu.Lock()
		defer mu.Unlock()
		if state != pending {
			return
		}
		state = deferred
		// The lock is held until the deferral is sent, so the reply's
		// edit cannot overtake it.
		a.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()}})
	})
	if a.slowForTest.Load() {
		<-sent // tests of the deferred path: the work is always late
	}
	reply := a.router.Handle(ctx, req)
	timer.Stop()
	mu.Lock()
	late := state == deferred
	state = answered
	mu.Unlock()
	a.deliver(ctx, i, reply, late, order)
}

// deliver sends a reply as the interaction's response (or, when deferred,
// as the edit of the deferred one), with follow-ups for what does not fit
// in one message.
func (a *Adapter) deliver(ctx context.Context, i *discordgo.Interaction, reply commands.Reply, deferred bool, order []string) {
	lang := reply.Lang
	if lang == "" {
		lang = a.langOf(i)
		reply.Lang = lang
	}
	var msgs []message
	switch {
	case reply.Form != nil && !deferred && i.Type != discordgo.InteractionModalSubmit:
		a.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: modal(reply.Form)})
		return
	case reply.Form != nil:
		// A modal can only answer an interaction at once, not after a
		// deferral or another modal.
		msgs = render(commands.Reply{Text: commands.T(lang, "discord.form_late"), Lang: lang, Loc: reply.Loc})
		reply.Public = false
	case len(reply.FieldErrors) > 0:
		// Discord modals show no error on a field: name it in the message,
		// with a button that opens the form again.
		msgs = []message{{content: truncate(fieldErrorText(reply, order), maxContent)}}
		if i.Type == discordgo.InteractionModalSubmit {
			line := strings.TrimPrefix(i.ModalSubmitData().CustomID, formPrefix)
			msgs[0].components = buttons([]commands.Button{{Label: commands.T(lang, "discord.retry"), Line: line, Style: "primary"}})
		}
		reply.Public = false
	default:
		msgs = render(reply)
	}
	if len(msgs) == 0 {
		if i.Type == discordgo.InteractionMessageComponent && !deferred {
			// Nothing to say: acknowledge the click without a message.
			a.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
			return
		}
		msgs = []message{{content: commands.T(lang, "discord.done")}}
	}
	if reply.Public {
		a.deliverPublic(ctx, i, reply, msgs, deferred)
		return
	}
	first, rest := msgs[0], msgs[1:]
	if deferred {
		a.editOriginal(ctx, i, first)
	} else {
		a.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: responseData(first, discordgo.MessageFlagsEphemeral)}, first.files...)
	}
	for _, m := range rest {
		a.followup(ctx, i, m, discordgo.MessageFlagsEphemeral)
	}
}

// deliverPublic posts a reply for the channel (a posted problem, an
// announced workshop) and records each card's message, so reactions on it
// map back and it can be kept up to date.
func (a *Adapter) deliverPublic(ctx context.Context, i *discordgo.Interaction, reply commands.Reply, msgs []message, deferred bool) {
	if deferred {
		// The deferral was ephemeral: the text edits it, for the one who
		// asked, and the cards go to the channel as follow-ups.
		text := render(commands.Reply{Text: reply.Text, Files: reply.Files, Lang: reply.Lang, Loc: reply.Loc})
		if len(text) == 0 {
			text = []message{{content: commands.T(reply.Lang, "discord.posted")}}
		}
		a.editOriginal(ctx, i, text[0])
		cards := render(commands.Reply{Cards: reply.Cards, Lang: reply.Lang, Loc: reply.Loc})
		for _, m := range cards {
			if sent := a.followup(ctx, i, m, 0); sent != nil && m.entity.ID != 0 {
				a.posted(ctx, sent.ChannelID, sent.ID, m, true)
			}
		}
		return
	}
	first, rest := msgs[0], msgs[1:]
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: responseData(first, 0)}
	if first.entity.ID == 0 {
		if !a.respond(ctx, i, resp, first.files...) {
			return
		}
	} else {
		// The callback hands back the message it made, so the card is
		// recorded without reading it back from @original.
		id, ok := a.respondWithMessage(ctx, i, resp, first.files...)
		if !ok {
			return
		}
		if id == "" {
			a.log.Warn("discord: the interaction callback returned no message: the posted card is not recorded")
		} else {
			a.posted(ctx, i.ChannelID, id, first, true)
		}
	}
	for _, m := range rest {
		if sent := a.followup(ctx, i, m, 0); sent != nil && m.entity.ID != 0 {
			a.posted(ctx, sent.ChannelID, sent.ID, m, true)
		}
	}
}

func responseData(m message, flags discordgo.MessageFlags) *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{Content: m.content, Embeds: m.embeds, Components: m.components,
		Flags: flags, AllowedMentions: noMentions()}
}

func (a *Adapter) appID(i *discordgo.Interaction) string {
	if i.AppID != "" {
		return i.AppID
	}
	return a.opts.ApplicationID
}

// Interaction endpoints carry the interaction's token, so discordgo makes
// a rate-limit bucket per interaction, and keeps it forever. The adapter
// spreads them over a fixed set of buckets instead: bounded memory, and
// still many callbacks in flight at once. A discordgo bucket carries one
// request at a time, so this is also how many callbacks can be in flight;
// the transport keeps as many idle connections (see New), or a burst
// would dial anew for the callbacks beyond them.
const interactionBuckets = 256

func shard(kind, interactionID string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(interactionID))
	return "interactions/" + kind + "/" + strconv.Itoa(int(h.Sum32()%interactionBuckets))
}

// request makes one REST call (retried on 429s) in a given bucket; with
// files, as multipart/form-data with the payload as payload_json.
func (a *Adapter) request(ctx context.Context, method, url, bucket string, payload any, files []commands.File) ([]byte, error) {
	var body []byte
	err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		if len(files) == 0 {
			body, err = a.api.RequestWithBucketID(method, url, payload, bucket, opts...)
			return err
		}
		ctype, data, err := discordgo.MultipartBodyWithJSON(payload, message{files: files}.attachments())
		if err != nil {
			return err
		}
		body, err = a.api.RequestRaw(method, url, ctype, data, bucket, 0, opts...)
		return err
	})
	return body, err
}

// respond posts the interaction's response; it reports success.
func (a *Adapter) respond(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse, files ...commands.File) bool {
	_, err := a.request(ctx, "POST", discordgo.EndpointInteractionResponse(i.ID, i.Token), shard("callback", i.ID), resp, files)
	if err != nil {
		a.log.Warn("discord: interaction response failed", "type", int(resp.Type), "err", errText(err))
		return false
	}
	return true
}

// respondWithMessage posts the interaction's response and returns the id
// of the message it made ("" when Discord returned none); ok reports
// whether the response was sent.
func (a *Adapter) respondWithMessage(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse, files ...commands.File) (id string, ok bool) {
	body, err := a.request(ctx, "POST", discordgo.EndpointInteractionResponse(i.ID, i.Token)+"?with_response=true", shard("callback", i.ID), resp, files)
	if err != nil {
		a.log.Warn("discord: interaction response failed", "type", int(resp.Type), "err", errText(err))
		return "", false
	}
	id, err = madeMessageID(body)
	if err != nil {
		a.log.Warn("discord: read the interaction callback's response", "err", errText(err))
	}
	return id, true
}

// madeMessageID reads the id of the message a callback made from its
// response: interaction.response_message_id, else resource.message.id.
// Only that id is needed (the message is in the interaction's channel), and
// the response carries the whole message, embeds and components, which
// cost more CPU to decode than the rest of a post's delivery: the decoding
// stops at the id when "interaction" comes first, as Discord sends it.
func madeMessageID(body []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", errors.New("the callback response is not a JSON object")
	}
	id := ""
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return "", err
		}
		var v struct {
			ResponseMessageID string `json:"response_message_id"`
			Message           *struct {
				ID string `json:"id"`
			} `json:"message"`
		}
		if err := dec.Decode(&v); err != nil {
			return "", err
		}
		switch {
		case key == "interaction" && v.ResponseMessageID != "":
			return v.ResponseMessageID, nil
		case key == "resource" && v.Message != nil:
			id = v.Message.ID
		}
	}
	return id, nil
}

func (a *Adapter) editOriginal(ctx context.Context, i *discordgo.Interaction, m message) {
	edit := &discordgo.WebhookEdit{Content: &m.content, Embeds: &m.embeds, Components: &m.components, AllowedMentions: noMentions()}
	if m.embeds == nil {
		edit.Embeds = &[]*discordgo.MessageEmbed{}
	}
	if m.components == nil {
		edit.Components = &[]discordgo.MessageComponent{}
	}
	_, err := a.request(ctx, "PATCH", discordgo.EndpointInteractionResponseActions(a.appID(i), i.Token), shard("original", i.ID), edit, m.files)
	if err != nil {
		a.log.Warn("discord: edit of the deferred response failed", "err", errText(err))
	}
}

// followup sends one more message for an interaction and returns it.
func (a *Adapter) followup(ctx context.Context, i *discordgo.Interaction, m message, flags discordgo.MessageFlags) *discordgo.Message {
	params := &discordgo.WebhookParams{Content: m.content, Embeds: m.embeds, Components: m.components, Flags: flags, AllowedMentions: noMentions()}
	var sent *discordgo.Message
	body, err := a.request(ctx, "POST", discordgo.EndpointFollowupMessage(a.appID(i), i.Token)+"?wait=true", shard("followup", i.ID), params, m.files)
	if err == nil {
		err = discordgo.Unmarshal(body, &sent)
	}
	if err != nil {
		a.log.Warn("discord: follow-up failed", "err", errText(err))
		return nil
	}
	if sent.ChannelID == "" {
		sent.ChannelID = i.ChannelID
	}
	return sent
}

// posted records a public card's message; with react, the bot puts its
// own ✋ on the cards that take one (commands.Seeded), so joining is one
// click.
func (a *Adapter) posted(ctx context.Context, channel, messageID string, m message, react bool) {
	a.record(ctx, channel, "", messageID, m, react)
}

// record is posted for a message in channel, which is a post of forum
// when forum is set (see sendIn).
func (a *Adapter) record(ctx context.Context, channel, forum, messageID string, m message, react bool) {
	save := a.router.SaveMessage
	if forum != "" {
		save = func(ctx context.Context, platform, _, postID string, e commands.Entity) error {
			return a.router.SaveForumPost(ctx, platform, forum, postID, e)
		}
	}
	if err := save(ctx, Platform, channel, messageID, m.entity); err != nil {
		a.log.Error("discord: record posted message", "err", errText(err))
		return
	}
	a.refresh.missed(m.entity)
	if !react || !m.seed {
		return
	}
	err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
		return a.api.MessageReactionAdd(channel, messageID, a.opts.ReactionEmoji, opts...)
	})
	if err != nil {
		a.log.Warn("discord: add the reaction to a posted card", "err", errText(err))
	}
}

// autocomplete offers open problems or workshops by title for id options,
// and tags in use for tag options.
func (a *Adapter) autocomplete(ctx context.Context, i *discordgo.Interaction) {
	opt, typed := a.surf.focused(i.ApplicationCommandData())
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if opt != nil && opt.suggest != "" {
		prefix, word := "", typed
		if opt.suggest == commands.SuggestTag && opt.name == "tags" {
			// Several tags in one option: complete the last word.
			if fs := strings.Fields(typed); len(fs) > 0 && !strings.HasSuffix(typed, " ") {
				prefix, word = strings.Join(fs[:len(fs)-1], " "), fs[len(fs)-1]
			} else {
				prefix, word = strings.Join(fs, " "), ""
			}
		}
		found, err := a.router.Suggest(ctx, opt.suggest, word)
		if err != nil {
			a.log.Warn("discord: suggestions", "err", errText(err))
		}
		for _, s := range found {
			c := &discordgo.ApplicationCommandOptionChoice{Name: truncate(s.Label, 100)}
			switch {
			case opt.kind == optInteger:
				n, err := strconv.ParseInt(s.Value, 10, 64)
				if err != nil {
					continue
				}
				c.Value = n
			case opt.suggest == commands.SuggestTag:
				v := strings.TrimSpace(prefix + " #" + s.Value)
				if len(v) > 100 {
					continue
				}
				c.Name, c.Value = truncate(v, 100), v
			default:
				c.Value = s.Value
			}
			choices = append(choices, c)
			if len(choices) == 25 {
				break
			}
		}
	}
	a.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices}})
}
