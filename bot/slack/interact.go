package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/atelier-bot/atelier/commands"
)

// origin is where an interaction came from, and so where its answer goes.
type origin struct {
	team, user, userName string
	channel              string
	responseURL          string
	triggerID            string
	// home: a button of the App Home, whose answer is the home itself.
	home bool
}

// request starts the neutral request for o, with the member's name, zone
// and locale from users.info (cached).
func (a *Adapter) request(ctx context.Context, o origin) *commands.Request {
	if o.team == "" {
		_, o.team = a.identity()
	}
	req := &commands.Request{Platform: Platform, Workspace: o.team, UserID: o.user, UserName: o.userName,
		Channel: o.channel, CanForm: o.triggerID != ""}
	if p, ok := a.users.get(ctx, o.user); ok {
		if p.Name != "" {
			req.UserName = p.Name
		}
		req.Locale, req.Timezone = p.Locale, p.Timezone
	}
	return req
}

// style is how a reply is rendered for its reader.
func (a *Adapter) style(lang commands.Lang) style {
	if lang == "" {
		lang = a.cfg.Language
	}
	return style{lang: lang, loc: a.cfg.Community}
}

// acker sends an envelope's ack exactly once: with the reply when it is
// ready in time, empty when the deadline comes first.
type acker struct {
	mu    sync.Mutex
	done  bool
	send  func(payload any)
	timer *time.Timer
}

func (a *Adapter) newAcker(send func(any)) *acker {
	k := &acker{send: send}
	k.mu.Lock()
	k.timer = time.AfterFunc(a.cfg.AckWait, func() { k.ack(nil) })
	k.mu.Unlock()
	return k
}

// stop cancels the automatic empty ack.
func (k *acker) stop() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.done = true
	k.timer.Stop()
}

// ack sends payload unless the envelope was acked already; it reports
// whether it sent.
func (k *acker) ack(payload any) bool {
	k.mu.Lock()
	if k.done {
		k.mu.Unlock()
		return false
	}
	k.done = true
	t := k.timer
	k.mu.Unlock()
	if t != nil {
		t.Stop()
	}
	k.send(payload)
	return true
}

// commandLine turns a slash command into the router's line: "/problem" +
// "post foo" is "problem post foo". "/atelier-me" is "me" (Slack keeps
// /me for itself), and "/atelier problem list" is "problem list".
func (a *Adapter) commandLine(command, text string) string {
	name := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(command), "/"))
	if rest, ok := strings.CutPrefix(name, "atelier-"); ok && rest != "" {
		name = rest
	}
	text = strings.TrimSpace(unescape(text))
	if name == "atelier" && text != "" {
		first, _, _ := strings.Cut(text, " ")
		if first = strings.ToLower(first); first != "atelier" && a.commands[first] {
			return text
		}
	}
	if text == "" {
		return name
	}
	return name + " " + text
}

// onSlash answers a slash command. ack is called once, within AckWait:
// with the ephemeral answer when it is ready, else empty, the answer then
// following on the response_url. While stopping it takes nothing and
// never acks (Slack then tells the member it failed): it reports false.
func (a *Adapter) onSlash(ctx context.Context, cmd slack.SlashCommand, ack func(any)) bool {
	k := a.newAcker(ack)
	o := origin{team: cmd.TeamID, user: cmd.UserID, userName: cmd.UserName, channel: cmd.ChannelID,
		responseURL: cmd.ResponseURL, triggerID: cmd.TriggerID}
	line := a.commandLine(cmd.Command, cmd.Text)
	queued := a.queue(cmd.UserID, "slash command", func() {
		defer k.ack(nil)
		req := a.request(ctx, o)
		req.Line = line
		reply := a.handle(ctx, req)
		private, _, _ := split(reply)
		sent := false
		if reply.Form == nil {
			if p := a.slashAck(private); p != nil {
				sent = k.ack(p)
			}
		}
		k.ack(nil)
		// Delivery waits on Slack (public posts are paced per channel):
		// out of the member's queue, so the next command is stored at
		// once and a stop finds nothing acknowledged and not stored. A
		// stop that began since the ack delivers here, in this goroutine
		// Run still waits for: its cards go to the outbox, never lost.
		if !a.goSafe("deliver", func() { a.deliver(ctx, o, reply, sent) }) {
			a.deliver(ctx, o, reply, sent)
		}
	})
	if !queued {
		// Stopping: unacknowledged, Slack tells the member it failed,
		// rather than an acknowledged command that is never stored.
		k.stop()
	}
	return queued
}

// handle runs a request through the core to the end even when a stop has
// begun: once taken it is acknowledged, so it must be stored; only the
// calls to Slack that follow give up with the stop.
func (a *Adapter) handle(ctx context.Context, req *commands.Request) commands.Reply {
	return a.router.Handle(context.WithoutCancel(ctx), req)
}

// split divides a reply into what only the asker sees and what the
// channel sees: a public reply's cards are posted, its text stays private;
// a public reply without cards is posted as text.
func split(r commands.Reply) (private commands.Reply, public []commands.Card, publicText string) {
	if !r.Public {
		return r, nil, ""
	}
	if len(r.Cards) == 0 {
		return commands.Reply{Lang: r.Lang, Loc: r.Loc}, nil, r.Text
	}
	return commands.Reply{Text: r.Text, Lang: r.Lang, Loc: r.Loc}, r.Cards, ""
}

// privateMessage renders the private part of a reply; ok is false when
// there is nothing to say.
func (a *Adapter) privateMessage(r commands.Reply) (message, bool) {
	if strings.TrimSpace(r.Text) == "" && len(r.Cards) == 0 {
		return message{}, false
	}
	return a.style(r.Lang).replyMessage(r.Text, r.Cards), true
}

// slashAck is the ack payload of a private answer, nil when there is
// nothing to say or it is too big to ride in the ack. Long answers are
// kept by text (see answerCache).
func (a *Adapter) slashAck(r commands.Reply) any {
	key := answerKey{lang: a.style(r.Lang).lang, text: r.Text}
	cacheable := len(r.Cards) == 0 && len(r.Text) >= longAnswer
	if cacheable {
		if p, ok := a.answers.get(key); ok {
			return p
		}
	}
	m, ok := a.privateMessage(r)
	if !ok {
		return nil
	}
	p := ackPayload(m)
	if cacheable && p != nil {
		// Kept decoded: slack-go encodes the ack with encoding/json,
		// which copies a json.RawMessage through its validating
		// compactor, several times slower than it writes strings.
		var tree any
		if json.Unmarshal(p.(json.RawMessage), &tree) == nil {
			p = tree
		}
		a.answers.put(key, p)
	}
	return p
}

// deliver carries out a reply after the ack: it opens its form, sends its
// private part (unless the ack carried it), and posts its public cards in
// the channel, recording each so reactions and edits find it.
func (a *Adapter) deliver(ctx context.Context, o origin, r commands.Reply, privateSent bool) {
	st := a.style(r.Lang)
	if r.Form != nil {
		if err := a.openForm(ctx, o, r); err != nil {
			a.log.Warn("slack views.open failed", "err", err, "user", o.user)
			cmd, _, _ := strings.Cut(r.Form.Line, " ")
			a.sendPrivate(ctx, o, commands.Reply{Text: commands.T(st.lang, "slack.form_failed", cmd), Lang: r.Lang})
		}
	}
	private, cards, publicText := split(r)
	if !privateSent {
		a.sendPrivate(ctx, o, private)
	}
	if publicText != "" && o.channel != "" {
		if _, err := a.post(ctx, o.channel, st.replyMessage(publicText, nil)); err != nil {
			a.postFailed(ctx, o, st, err)
		}
	}
	if len(r.Files) > 0 {
		a.sendFiles(ctx, o, r)
	}
	if len(cards) > 0 && o.channel != "" {
		a.postCards(o, cards)
	}
}

// sendFiles uploads a reply's files (a member's data export, statistics)
// to the member's direct messages: Slack has no ephemeral files, and these
// are for the member alone.
func (a *Adapter) sendFiles(ctx context.Context, o origin, r commands.Reply) {
	st := a.style(r.Lang)
	var names []string
	for _, f := range r.Files {
		names = append(names, f.Name)
	}
	list := strings.Join(names, ", ")
	dm, _, _, err := a.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{o.user}, ReturnIM: true})
	if err == nil && (dm == nil || dm.ID == "") {
		err = errors.New("no channel")
	}
	if err == nil {
		err = a.upload(ctx, dm.ID, r.Files)
	}
	if err != nil {
		a.log.Warn("slack: could not send a file", "err", err, "user", o.user)
		a.sendPrivate(ctx, o, commands.Reply{Text: commands.T(st.lang, "slack.file_failed", list), Lang: st.lang})
		return
	}
	if !o.home || o.channel != "" {
		a.sendPrivate(ctx, o, commands.Reply{Text: commands.T(st.lang, "slack.file_sent", list), Lang: st.lang})
	}
}

// upload shares files in a channel (files.getUploadURLExternal, the
// upload, files.completeUploadExternal).
func (a *Adapter) upload(ctx context.Context, channel string, files []commands.File) error {
	for _, f := range files {
		if len(f.Data) == 0 {
			continue
		}
		if _, err := a.api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: bytes.NewReader(f.Data), FileSize: len(f.Data),
			Filename: f.Name, Title: f.Name, Channel: channel}); err != nil {
			return fmt.Errorf("upload %s: %w", f.Name, err)
		}
	}
	return nil
}

// publicCard renders a card for a channel, in the community's language as
// its later edits will be. The core builds a public reply's cards in that
// language already, whoever asked (see commands' problemPost); a card is
// read again only when it waited for the channel's pace (drainCards): read
// at once for every post, it was a third of the CPU of a burst.
func (a *Adapter) publicCard(c commands.Card) message {
	return a.style(a.cfg.Language).cardMessage(c)
}

func (a *Adapter) postFailed(ctx context.Context, o origin, st style, err error) {
	a.log.Warn("slack chat.postMessage failed", "err", err, "channel", o.channel)
	key := "slack.post_failed"
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "not_in_channel" || se.Err == "channel_not_found") {
		key = "slack.not_in_channel"
	}
	a.sendPrivate(ctx, o, commands.Reply{Text: commands.T(st.lang, key), Lang: st.lang})
}

// post sends a message to a channel, paced per channel. It never sets
// link_names: only the escaped text and blocks go out.
func (a *Adapter) post(ctx context.Context, channel string, m message) (string, error) {
	if _, err := a.pace.wait(ctx, channel); err != nil {
		return "", err
	}
	return a.postNow(ctx, channel, m)
}

// postNow sends a message to a channel whose pace was waited for.
func (a *Adapter) postNow(ctx context.Context, channel string, m message) (string, error) {
	_, ts, err := a.api.PostMessageContext(ctx, channel, m.options()...)
	return ts, err
}

// sendPrivate shows a reply to the member only: on the response_url when
// the interaction gave one, else as an ephemeral message in the channel;
// on the App Home, as a notice on top of the refreshed home.
func (a *Adapter) sendPrivate(ctx context.Context, o origin, r commands.Reply) {
	if o.home {
		a.publishHome(ctx, o, r)
		return
	}
	m, ok := a.privateMessage(r)
	if !ok {
		return
	}
	var err error
	switch {
	case o.responseURL != "":
		opts := append(m.options(), slack.MsgOptionResponseURL(o.responseURL, slack.ResponseTypeEphemeral))
		_, _, _, err = a.api.SendMessageContext(ctx, "", opts...)
	case o.channel != "":
		_, err = a.api.PostEphemeralContext(ctx, o.channel, o.user, m.options()...)
	default:
		return
	}
	if err != nil {
		a.log.Warn("slack: could not answer privately", "err", err, "user", o.user)
	}
}

// openForm opens a reply's form as a modal with the interaction's trigger.
func (a *Adapter) openForm(ctx context.Context, o origin, r commands.Reply) error {
	if o.triggerID == "" {
		return errors.New("no trigger id")
	}
	view := a.style(r.Lang).modal(r.Form, formMeta{Line: r.Form.Line, Channel: o.channel, ResponseURL: o.responseURL})
	_, err := a.api.OpenViewContext(ctx, o.triggerID, view)
	return err
}

// onBlockActions runs the buttons pressed: each button's value is the line
// to run as the member who pressed it. The envelope is acked already.
func (a *Adapter) onBlockActions(ctx context.Context, cb slack.InteractionCallback) {
	o := origin{team: cb.Team.ID, user: cb.User.ID, userName: cb.User.Name, channel: cb.Channel.ID,
		responseURL: cb.ResponseURL, triggerID: cb.TriggerID, home: cb.View.Type == slack.VTHomeTab}
	if o.channel == "" {
		o.channel = cb.Container.ChannelID
	}
	if o.home {
		o.channel = ""
	}
	for _, act := range cb.ActionCallback.BlockActions {
		if !strings.HasPrefix(act.ActionID, actionPrefix) || act.Value == "" {
			continue // a link button: Slack opened the link
		}
		line := act.Value
		a.queue(o.user, "button", func() {
			req := a.request(ctx, o)
			req.Line = line
			reply := a.handle(ctx, req)
			a.deliver(ctx, o, reply, false)
		})
	}
}

// onViewSubmission answers a modal: field errors keep it open with the
// message on the input at fault; anything else closes it, and the answer
// follows in the channel the command came from.
func (a *Adapter) onViewSubmission(ctx context.Context, cb slack.InteractionCallback, ack func(any)) {
	if cb.View.CallbackID != formCallback {
		ack(nil)
		return
	}
	var meta formMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil || meta.Line == "" {
		a.log.Warn("slack: a modal came back without its command", "user", cb.User.ID)
		ack(nil)
		return
	}
	fields, inputs := formFields(cb.View)
	k := a.newAcker(ack)
	o := origin{team: cb.Team.ID, user: cb.User.ID, userName: cb.User.Name, channel: meta.Channel, responseURL: meta.ResponseURL}
	queued := a.queue(o.user, "modal", func() {
		defer k.ack(nil)
		req := a.request(ctx, o)
		req.Line, req.Fields = meta.Line, fields
		reply := a.handle(ctx, req)
		if len(reply.FieldErrors) > 0 {
			st := a.style(reply.Lang)
			errs := map[string]string{}
			for name, msg := range reply.FieldErrors {
				if name == "start" {
					name = "when"
				}
				if !inputs[name] && len(inputs) > 0 {
					name = firstInput(cb.View)
				}
				errs[name] = st.plainText(msg, 1000)
			}
			if k.ack(slack.NewErrorsViewSubmissionResponse(errs)) {
				return
			}
			// Too late for the modal: it closed; say it in the channel.
			a.sendPrivate(ctx, o, commands.Reply{Text: reply.Text, Lang: reply.Lang})
			return
		}
		k.ack(nil)
		a.deliver(ctx, o, reply, false)
	})
	if !queued {
		k.ack(nil) // stopping
	}
}

// formFields reads a submitted modal's inputs by block id; a date-time
// picker gives "start" in unix seconds. Every input is present, empty when
// left blank, so the handler knows the form was used.
func formFields(v slack.View) (map[string]string, map[string]bool) {
	fields := map[string]string{}
	inputs := map[string]bool{}
	if v.State == nil {
		return fields, inputs
	}
	for blockID, actions := range v.State.Values {
		inputs[blockID] = true
		for _, act := range actions {
			switch act.Type {
			case slack.ActionType(slack.METDatetimepicker):
				if act.SelectedDateTime > 0 {
					fields["start"] = strconv.FormatInt(act.SelectedDateTime, 10)
				}
				if _, ok := fields[blockID]; !ok {
					fields[blockID] = ""
				}
			default:
				fields[blockID] = act.Value
			}
		}
	}
	return fields, inputs
}

func firstInput(v slack.View) string {
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok {
			return in.BlockID
		}
	}
	return ""
}

// onEvent handles an Events API event, once per event id. The envelope is
// acked already.
func (a *Adapter) onEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && !a.seen.First(cb.EventID, time.Now()) {
		a.log.Debug("slack: event delivered again, ignored", "event_id", cb.EventID)
		return
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.ReactionAddedEvent:
		a.onReaction(ctx, ev.TeamID, e.User, e.Reaction, e.Item, true)
	case *slackevents.ReactionRemovedEvent:
		a.onReaction(ctx, ev.TeamID, e.User, e.Reaction, e.Item, false)
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab != "" && e.Tab != "home" {
			return
		}
		o := origin{team: ev.TeamID, user: e.User, home: true}
		a.queue(e.User, "app home", func() {
			a.publishHome(ctx, o, commands.Reply{})
		})
	}
}

// isEmoji tells the configured emoji, in any skin tone.
func (a *Adapter) isEmoji(name string) bool {
	name = strings.Trim(name, ":")
	base, _, _ := strings.Cut(name, "::")
	return base == a.cfg.ReactionEmoji
}

func (a *Adapter) onReaction(ctx context.Context, team, user, emoji string, item slackevents.Item, added bool) {
	bot, _ := a.identity()
	if item.Type != "message" || !a.isEmoji(emoji) || user == "" || user == bot {
		return
	}
	o := origin{team: team, user: user, channel: item.Channel}
	a.queue(user, "reaction", func() {
		req := a.request(ctx, o)
		req.CanForm = false
		req.Reaction = &commands.Reaction{Channel: item.Channel, MessageID: item.Timestamp, Added: added}
		reply := a.handle(ctx, req)
		a.sendPrivate(ctx, o, reply)
	})
}

// publishHome publishes the member's home tab, with notice (the answer to
// a button pressed on it) on top.
func (a *Adapter) publishHome(ctx context.Context, o origin, notice commands.Reply) {
	req := a.request(ctx, origin{team: o.team, user: o.user, userName: o.userName})
	home, err := a.router.Home(ctx, req)
	if err != nil {
		a.log.Error("slack: home failed", "err", err, "user", o.user)
		return
	}
	view := a.style(home.Lang).homeView(home, notice)
	if _, err := a.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: o.user, View: view}); err != nil {
		a.log.Warn("slack views.publish failed", "err", err, "user", o.user)
	}
}
