package slack

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/atelier-bot/atelier/commands"
)

// Slack's limits on what a message or view may hold.
const (
	maxBlocksMessage = 50
	maxBlocksView    = 100
	maxSectionText   = 3000
	maxFieldText     = 2000
	maxFields        = 10
	maxButtons       = 25
	maxButtonText    = 75
	maxHeaderText    = 150
	maxModalTitle    = 24
	maxLabel         = 2000
	maxPlaceholder   = 150
	maxInputLength   = 3000
	maxAckPayload    = 19 * 1024 // slack-go refuses 20 KB and more
)

// actionPrefix starts the action id of every button atelier renders; the
// value carries the command line to run.
const actionPrefix = "atelier."

// formCallback is the callback id of atelier's modals.
const formCallback = "atelier.form"

// escaper turns the three characters Slack reads as markup into entities.
// Applied to all text before anything else, it makes <!channel>, <!here>,
// <!everyone>, <!subteam^…> and <@U…> inert whatever a member typed.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escape(s string) string { return escaper.Replace(s) }

// unescaper undoes the escaping Slack applies to the text it sends (slash
// command text), so what is stored is what the member typed; escape puts
// it back on the way out.
var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

func unescape(s string) string { return unescaper.Replace(s) }

// style is how one reader sees text: their language for words, the zone
// for the fallback of times.
type style struct {
	lang commands.Lang
	loc  *time.Location
}

// text renders user-visible text as mrkdwn: escaped first, then each time
// mark becomes <!date^…> so every reader sees their own zone, with the
// community's time as the fallback. The date markup is inserted after the
// escaping, so user text can never forge one.
func (st style) text(s string) string {
	return commands.RenderTimes(escape(s), st.date)
}

func (st style) date(t time.Time) string {
	return "<!date^" + strconv.FormatInt(t.Unix(), 10) + "^" + commands.T(st.lang, "slack.date_format") +
		"|" + commands.FormatTime(t, st.lang, st.loc) + ">"
}

// plainText renders text for a plain_text object (labels, buttons,
// headers), which Slack shows as is: times as text, no markup.
func (st style) plainText(s string, max int) string {
	return truncate(commands.RenderTimes(s, func(t time.Time) string { return commands.FormatTime(t, st.lang, st.loc) }), max)
}

// truncate cuts s to max runes, ending with an ellipsis when cut. One
// pass and no copy of the runes: long replies (the help) go through it
// several times.
func truncate(s string, max int) string {
	cut, n := 0, 0
	for i := range s {
		if n == max-1 {
			cut = i
		}
		if n == max {
			return s[:cut] + "…"
		}
		n++
	}
	return s
}

func mrkdwnObj(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func plainObj(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

// message is one Slack message: blocks and the plain text fallback that
// notifications, screen readers and old clients show.
type message struct {
	text   string
	blocks []slack.Block
	// entity is what the message shows, when it is one card.
	entity commands.Entity
	// thread, when set, is the ts of the message this one replies to.
	thread string
}

func (m message) options() []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.text, false), slack.MsgOptionBlocks(m.blocks...)}
	if m.thread != "" {
		opts = append(opts, slack.MsgOptionTS(m.thread))
	}
	return opts
}

// textBlocks renders text as sections, split at line ends to stay under
// Slack's 3000 characters a section.
func (st style) textBlocks(s string) []slack.Block {
	var out []slack.Block
	for _, chunk := range chunks(s, 1800) {
		out = append(out, slack.NewSectionBlock(mrkdwnObj(truncate(st.text(chunk), maxSectionText)), nil, nil))
	}
	return out
}

// chunks splits s into pieces of at most n runes, at line ends when it
// can.
func chunks(s string, n int) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	var out []string
	var cur strings.Builder
	curLen := 0
	for _, line := range strings.Split(s, "\n") {
		for utf8.RuneCountInString(line) > n {
			r := []rune(line)
			if curLen > 0 {
				out = append(out, cur.String())
				cur.Reset()
				curLen = 0
			}
			out = append(out, string(r[:n]))
			line = string(r[n:])
		}
		l := utf8.RuneCountInString(line)
		if curLen > 0 && curLen+1+l > n {
			out = append(out, cur.String())
			cur.Reset()
			curLen = 0
		}
		if curLen > 0 {
			cur.WriteByte('\n')
			curLen++
		}
		cur.WriteString(line)
		curLen += l
	}
	if curLen > 0 || cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// cardBlocks renders a card: a section with the title and body, a section
// of fields, the buttons, and the footer as context.
func (st style) cardBlocks(c commands.Card) []slack.Block {
	head := "*" + st.text(truncate(c.Title, 250)) + "*"
	if c.Body != "" {
		head += "\n" + st.text(truncate(c.Body, 2400))
	}
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwnObj(truncate(head, maxSectionText)), nil, nil)}
	if len(c.Fields) > 0 {
		var fields []*slack.TextBlockObject
		for _, f := range c.Fields[:min(len(c.Fields), maxFields)] {
			fields = append(fields, mrkdwnObj(truncate("*"+st.text(truncate(f.Label, 100))+"*\n"+st.text(truncate(f.Value, 1500)), maxFieldText)))
		}
		blocks = append(blocks, slack.NewSectionBlock(nil, fields, nil))
	}
	if len(c.Buttons) > 0 {
		blocks = append(blocks, slack.NewActionBlock("", st.buttons(c.Buttons)...))
	}
	if c.Footer != "" {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwnObj(truncate(st.text(c.Footer), maxSectionText))))
	}
	return blocks
}

// buttons renders card buttons: the line to run is the value, and the
// action id names the verb ("atelier.workshop.join"), stable across cards.
func (st style) buttons(bs []commands.Button) []slack.BlockElement {
	var out []slack.BlockElement
	used := map[string]bool{}
	for i, b := range bs[:min(len(bs), maxButtons)] {
		label := plainObj(st.plainText(b.Label, maxButtonText))
		var el *slack.ButtonBlockElement
		if b.URL != "" {
			el = slack.NewButtonBlockElement(fmt.Sprintf("%surl.%d", actionPrefix, i), "", label).WithURL(b.URL)
		} else {
			id := actionID(b.Line)
			if used[id] {
				id = fmt.Sprintf("%s.%d", id, i)
			}
			used[id] = true
			el = slack.NewButtonBlockElement(id, b.Line, label)
		}
		switch b.Style {
		case "primary":
			el = el.WithStyle(slack.StylePrimary)
		case "danger":
			el = el.WithStyle(slack.StyleDanger)
		}
		out = append(out, el)
	}
	return out
}

// actionID names a button by the command and sub-command of its line.
func actionID(line string) string {
	words := strings.Fields(line)
	var verb []string
	for _, w := range words[:min(len(words), 2)] {
		if w != "" && (w[0] < '0' || w[0] > '9') && w[0] != '#' {
			verb = append(verb, strings.ToLower(w))
		}
	}
	if len(verb) == 0 {
		return actionPrefix + "run"
	}
	return truncate(actionPrefix+strings.Join(verb, "."), 200)
}

// cardText is a card's plain fallback, escaped like the blocks.
func (st style) cardText(c commands.Card) string {
	var b strings.Builder
	b.WriteString(c.Title)
	if c.Body != "" {
		b.WriteString("\n" + c.Body)
	}
	for _, f := range c.Fields {
		b.WriteString("\n" + f.Label + ": " + f.Value)
	}
	if c.Footer != "" {
		b.WriteString("\n" + c.Footer)
	}
	return st.text(truncate(b.String(), 3500))
}

// cardMessage renders one card as a message of its own.
func (st style) cardMessage(c commands.Card) message {
	return message{text: st.cardText(c), blocks: st.cardBlocks(c), entity: c.Entity}
}

// replyMessage renders text and cards as one message.
func (st style) replyMessage(text string, cards []commands.Card) message {
	var m message
	var texts []string
	if strings.TrimSpace(text) != "" {
		m.blocks = append(m.blocks, st.textBlocks(text)...)
		texts = append(texts, st.text(truncate(text, 3500)))
	}
	for i, c := range cards {
		if i > 0 || len(m.blocks) > 0 {
			m.blocks = append(m.blocks, slack.NewDividerBlock())
		}
		m.blocks = append(m.blocks, st.cardBlocks(c)...)
		texts = append(texts, st.cardText(c))
	}
	if len(m.blocks) > maxBlocksMessage {
		m.blocks = m.blocks[:maxBlocksMessage]
	}
	if len(cards) == 1 {
		m.entity = cards[0].Entity
	}
	m.text = strings.Join(texts, "\n\n")
	return m
}

// slashResponse is the body of an answer to a slash command, in the ack
// or on its response_url.
type slashResponse struct {
	ResponseType string        `json:"response_type"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

// ackPayload is m as an ephemeral slash answer (a slashResponse), or nil
// when it is too big to ride in the ack (it then goes to the
// response_url). The blocks are encoded once and the answer put together
// from the parts, rather than encoded whole and, too big, again with a
// shorter text: a long answer (the help) is a few thousand characters
// twice over, and each encoding of it counted in the ack's delay.
func ackPayload(m message) any {
	text, err := json.Marshal(m.text)
	if err != nil {
		return nil
	}
	var blocks []byte
	if len(m.blocks) > 0 {
		if blocks, err = json.Marshal(m.blocks); err != nil {
			return nil
		}
	}
	const head, mid, tail = `{"response_type":"ephemeral","text":`, `,"blocks":`, `}`
	size := func() int {
		n := len(head) + len(text) + len(tail)
		if blocks != nil {
			n += len(mid) + len(blocks)
		}
		return n
	}
	if size() > maxAckPayload && blocks != nil {
		// With blocks, the text is only the notification fallback: a
		// shorter one lets a long answer still ride in the ack.
		if text, err = json.Marshal(truncate(m.text, 300)); err != nil {
			return nil
		}
	}
	if size() > maxAckPayload {
		return nil
	}
	b := make([]byte, 0, size())
	b = append(append(b, head...), text...)
	if blocks != nil {
		b = append(append(b, mid...), blocks...)
	}
	return json.RawMessage(append(b, tail...))
}

// formMeta travels in a modal's private_metadata: the command the form
// stands for and where its answer goes.
type formMeta struct {
	Line        string `json:"l"`
	Channel     string `json:"c,omitempty"`
	ResponseURL string `json:"r,omitempty"`
}

// modal renders a form. Each input's block id and action id are its name,
// so field errors land on the input they are about.
func (st style) modal(f *commands.Form, meta formMeta) slack.ModalViewRequest {
	var blocks []slack.Block
	for _, in := range f.Inputs {
		label := plainObj(st.plainText(in.Label, maxLabel))
		var placeholder *slack.TextBlockObject
		if in.Placeholder != "" {
			placeholder = plainObj(st.plainText(in.Placeholder, maxPlaceholder))
		}
		var el slack.BlockElement
		switch in.Kind {
		case commands.InputDateTime:
			dt := slack.NewDateTimePickerBlockElement(in.Name)
			if sec, err := strconv.ParseInt(in.Value, 10, 64); err == nil {
				dt.InitialDateTime = sec
			}
			el = dt
		default:
			ti := slack.NewPlainTextInputBlockElement(placeholder, in.Name)
			ti.Multiline = in.Kind == commands.InputParagraph
			if in.MaxLen > 0 {
				ti.MaxLength = min(in.MaxLen, maxInputLength)
			}
			ti.InitialValue = in.Value
			el = ti
		}
		blocks = append(blocks, slack.NewInputBlock(in.Name, label, nil, el).WithOptional(!in.Required))
	}
	b, _ := json.Marshal(meta)
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      formCallback,
		Title:           plainObj(st.plainText(f.Title, maxModalTitle)),
		Submit:          plainObj(st.plainText(f.Submit, maxModalTitle)),
		Close:           plainObj(st.plainText(commands.T(st.lang, "slack.cancel"), maxModalTitle)),
		Blocks:          slack.Blocks{BlockSet: blocks},
		PrivateMetadata: string(b),
	}
}

// homeView renders a member's home tab, with a notice on top (the answer
// to a button pressed on it).
func (st style) homeView(h commands.Home, notice commands.Reply) slack.HomeTabViewRequest {
	var blocks []slack.Block
	if strings.TrimSpace(notice.Text) != "" || len(notice.Cards) > 0 {
		m := st.replyMessage(notice.Text, notice.Cards)
		blocks = append(blocks, m.blocks[:min(len(m.blocks), 40)]...)
		blocks = append(blocks, slack.NewDividerBlock())
	}
	for i, sec := range h.Sections {
		if i > 0 {
			blocks = append(blocks, slack.NewDividerBlock())
		}
		blocks = append(blocks, slack.NewHeaderBlock(plainObj(st.plainText(sec.Title, maxHeaderText))))
		if len(sec.Cards) == 0 {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwnObj(st.text(sec.Empty))))
		}
		for _, c := range sec.Cards {
			cb := st.cardBlocks(c)
			if len(blocks)+len(cb) > maxBlocksView {
				break
			}
			blocks = append(blocks, cb...)
		}
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// answerCache keeps the ack payloads of the last long text answers, by
// language and text. The help is one: 12 KB of text, the same for every
// member who reads it in a language, rendered into blocks and encoded into
// a payload of 19 KB, which took more CPU than the rest of the command
// (BenchmarkHelpAnswer). It holds at most maxAnswers, forgotten all at
// once when full: long answers are few (the help per language and kind of
// member), and an answer that changes is a new text.
type answerCache struct {
	mu sync.Mutex
	m  map[answerKey]any
}

type answerKey struct {
	lang commands.Lang
	text string
}

// longAnswer is the length from which an answer is kept; maxAnswers how
// many are.
const (
	longAnswer = 4 << 10
	maxAnswers = 16
)

func (c *answerCache) get(k answerKey) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[k]
	return p, ok
}

func (c *answerCache) put(k answerKey, p any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxAnswers {
		c.m = make(map[answerKey]any, maxAnswers)
	}
	c.m[k] = p
}
