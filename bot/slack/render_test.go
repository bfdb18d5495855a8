package slack

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
)

func TestCommandLine(t *testing.T) {
	h := newHarness(t)
	a := h.adapterFor(t)
	for _, c := range []struct{ command, text, want string }{
		{"/problem", "post foo", "problem post foo"},
		{"/problem", "  list   ", "problem list"},
		{"/problem", "", "problem"},
		{"/PROBLEM", "list", "problem list"},
		{"/atelier-me", "", "me"},
		{"/atelier-me", "timezone Europe/Paris", "me timezone Europe/Paris"},
		{"/atelier", "", "atelier"},
		{"/atelier", "help workshop", "atelier help workshop"},
		{"/atelier", "problem list", "problem list"},
		{"/atelier", "Workshop join 3", "Workshop join 3"},
		{"/atelier", "atelier help", "atelier atelier help"},
		{"/atelier", "nonsense", "atelier nonsense"},
		// Slack escapes &, < and > in what it sends; the router gets what
		// was typed.
		{"/problem", "post A &amp; B &lt;!channel&gt;", "problem post A & B <!channel>"},
		{"/problem", "post &amp;lt;", "problem post &lt;"},
	} {
		if got := a.commandLine(c.command, c.text); got != c.want {
			t.Errorf("commandLine(%q, %q) = %q, want %q", c.command, c.text, got, c.want)
		}
	}
}

func TestTextRendering(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	start := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)
	en := style{lang: commands.EN, loc: paris}
	fr := style{lang: commands.FR, loc: paris}
	for _, c := range []struct {
		st   style
		in   string
		want string
	}{
		{en, "plain", "plain"},
		{en, "a & b < c > d", "a &amp; b &lt; c &gt; d"},
		{en, "<!channel> <!here> <!everyone> <!subteam^S1> <@U1> <#C1> <https://x.example|y>",
			"&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;!subteam^S1&gt; &lt;@U1&gt; &lt;#C1&gt; &lt;https://x.example|y&gt;"},
		{en, "Starts " + commands.TimeMark(start) + ".", "Starts <!date^1796302800^{date_short_pretty} at {time}|Thu 3 Dec 2026, 14:00 CET>."},
		{fr, "Début " + commands.TimeMark(start), "Début <!date^1796302800^{date_short_pretty} à {time}|jeu. 3 déc. 2026, 14:00 CET>"},
		// A forged date markup stays text: escaping comes first.
		{en, "<!date^1^{date}|now>", "&lt;!date^1^{date}|now&gt;"},
	} {
		if got := c.st.text(c.in); got != c.want {
			t.Errorf("text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := en.plainText("Join "+commands.TimeMark(start)+" <b>", 75); got != "Join Thu 3 Dec 2026, 14:00 CET <b>" {
		t.Errorf("plainText = %q", got)
	}
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"abcdef", 4, "abc…"},
		{"abcd", 4, "abcd"},
		{"abcde", 4, "abc…"},
		{"ééééé", 4, "ééé…"},
		{"éé", 2, "éé"},
		{"", 3, ""},
	} {
		if got := truncate(c.in, c.max); got != c.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

func TestChunks(t *testing.T) {
	long := strings.Repeat("x", 25)
	for _, c := range []struct {
		in   string
		n    int
		want []string
	}{
		{"", 10, nil},
		{"a\nb\nc", 10, []string{"a\nb\nc"}},
		{"aaaa\nbbbb\ncccc", 9, []string{"aaaa\nbbbb", "cccc"}},
		{long, 10, []string{long[:10], long[10:20], long[20:]}},
		{"ab\n" + long, 10, []string{"ab", long[:10], long[10:20], long[20:]}},
	} {
		got := chunks(c.in, c.n)
		if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
			t.Errorf("chunks(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

// Buttons: the line is the value, the verb the action id; Discord-neutral
// styles map to Slack's; URL buttons open their link.
func TestButtons(t *testing.T) {
	st := style{lang: commands.EN, loc: time.UTC}
	els := st.buttons([]commands.Button{
		{Label: "Join", Line: "workshop join 3", Style: "primary"},
		{Label: "Cancel", Line: "workshop cancel 3", Style: "danger"},
		{Label: "Join again", Line: "workshop join 3"},
		{Label: "Add to calendar", URL: "https://cal.example/3.ics"},
		{Label: strings.Repeat("L", 100), Line: "#3"},
	})
	got, _ := json.Marshal(els)
	want := `[{"type":"button","text":{"type":"plain_text","text":"Join","emoji":false},"action_id":"atelier.workshop.join","value":"workshop join 3","style":"primary"},` +
		`{"type":"button","text":{"type":"plain_text","text":"Cancel","emoji":false},"action_id":"atelier.workshop.cancel","value":"workshop cancel 3","style":"danger"},` +
		`{"type":"button","text":{"type":"plain_text","text":"Join again","emoji":false},"action_id":"atelier.workshop.join.2","value":"workshop join 3"},` +
		`{"type":"button","text":{"type":"plain_text","text":"Add to calendar","emoji":false},"action_id":"atelier.url.3","url":"https://cal.example/3.ics"},` +
		`{"type":"button","text":{"type":"plain_text","text":"` + strings.Repeat("L", 74) + `…","emoji":false},"action_id":"atelier.run","value":"#3"}]`
	if string(got) != want {
		t.Errorf("buttons:\n%s\nwant:\n%s", got, want)
	}
}

// A long answer keeps its blocks in the ack with a shorter fallback text;
// one too long even so goes to the response_url (nil payload).
func TestAckPayloadSize(t *testing.T) {
	st := style{lang: commands.EN, loc: time.UTC}
	long := strings.Repeat("line of help text that goes on\n", 520) // 16 KB
	p := ackPayload(st.replyMessage(long, nil))
	if p == nil {
		t.Fatal("a 16 KB answer does not ride in the ack")
	}
	b, _ := json.Marshal(p)
	var r struct {
		Text   string
		Blocks []json.RawMessage
	}
	json.Unmarshal(b, &r)
	if len(b) > maxAckPayload || len([]rune(r.Text)) != 300 || len(r.Blocks) == 0 {
		t.Errorf("payload of %d bytes, text of %d runes", len(b), len([]rune(r.Text)))
	}
	if ackPayload(st.replyMessage(strings.Repeat(long, 3), nil)) != nil {
		t.Errorf("a 48 KB answer rides in the ack, over Slack's 20 KB")
	}
	// A short answer rides whole: the text as it is, the blocks as Slack
	// reads them.
	m := st.replyMessage("Problem #1 posted. <b> & \"quotes\"", nil)
	b, _ = json.Marshal(ackPayload(m))
	var short struct {
		ResponseType string          `json:"response_type"`
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(b, &short); err != nil {
		t.Fatal(err)
	}
	blocks, _ := json.Marshal(m.blocks)
	if short.ResponseType != "ephemeral" || short.Text != m.text || string(short.Blocks) != string(blocks) {
		t.Errorf("short answer: %s", b)
	}
	if b, _ := json.Marshal(ackPayload(message{text: "no blocks"})); string(b) != `{"response_type":"ephemeral","text":"no blocks"}` {
		t.Errorf("text only: %s", b)
	}
}

// A long answer's payload is kept by language and text, a bounded number
// of them; a short one is rendered each time.
func TestAnswerCache(t *testing.T) {
	a := &Adapter{cfg: Config{Language: commands.EN, Community: time.UTC}}
	long := strings.Repeat("line of help text that goes on\n", 200) // 6 KB
	first := a.slashAck(commands.Reply{Text: long})
	again := a.slashAck(commands.Reply{Text: long})
	b1, _ := json.Marshal(first)
	b2, _ := json.Marshal(again)
	if first == nil || string(b1) != string(b2) || len(a.answers.m) != 1 {
		t.Fatalf("long answer: %d kept, payloads equal %v", len(a.answers.m), string(b1) == string(b2))
	}
	m, _ := a.privateMessage(commands.Reply{Text: long})
	var kept, rendered any
	_ = json.Unmarshal(b1, &kept)
	_ = json.Unmarshal(ackPayload(m).(json.RawMessage), &rendered)
	if !reflect.DeepEqual(kept, rendered) || kept == nil {
		t.Error("the kept payload is not the rendered one")
	}
	a.slashAck(commands.Reply{Text: long, Lang: commands.FR})
	a.slashAck(commands.Reply{Text: "short"})
	if len(a.answers.m) != 2 {
		t.Errorf("%d kept after a French long answer and a short one, want 2", len(a.answers.m))
	}
	for i := range 3 * maxAnswers {
		a.slashAck(commands.Reply{Text: fmt.Sprintf("%d %s", i, long)})
	}
	if n := len(a.answers.m); n == 0 || n > maxAnswers {
		t.Errorf("%d kept, want 1 to %d", n, maxAnswers)
	}
	if a.slashAck(commands.Reply{}) != nil {
		t.Error("an empty answer has a payload")
	}
}
