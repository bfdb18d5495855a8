package commands

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// testNow is Friday 2026-11-27 09:30 UTC (10:30 in Paris), so "next
// thursday 14:00" in Paris is 2026-12-03 13:00 UTC.
var testNow = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

// harness is a router over a real SQLite file, with a settable clock. The
// community is in Europe/Paris and speaks English; the console user
// "admin" is staff.
type harness struct {
	t     *testing.T
	ctx   context.Context
	db    *storage.DB
	r     *Router
	now   time.Time
	paris *time.Location
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, ctx: context.Background(), now: testNow, paris: mustLoc(t, "Europe/Paris")}
	db, err := storage.Open(h.ctx, filepath.Join(t.TempDir(), "atelier.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return h.now }
	h.db = db
	h.r = NewRouter(db, Config{
		Location: h.paris,
		Language: EN,
		IsStaff:  func(platform, userID string) bool { return platform == "console" && userID == "admin" },
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	// On the console a user's id is their name; reactions carry neither,
	// so the platform is asked, as the adapters of Slack and Discord are.
	h.r.NameMembers("console", func(_ context.Context, _, user string) string { return user })
	return h
}

// request is a typed line on the console as user.
func request(user, line string) *Request {
	return &Request{Platform: "console", Workspace: "local", UserID: user, UserName: user, Channel: "console", Line: line}
}

// do runs a line as user.
func (h *harness) do(user, line string) Reply {
	h.t.Helper()
	return h.r.Handle(h.ctx, request(user, line))
}

// doFields submits a modal: the route's line plus named fields.
func (h *harness) doFields(user, line string, fields map[string]string) Reply {
	h.t.Helper()
	req := request(user, line)
	req.Fields = maps.Clone(fields)
	return h.r.Handle(h.ctx, req)
}

// press runs a card button as user, as an adapter does.
func (h *harness) press(user string, b Button) Reply {
	h.t.Helper()
	if b.Line == "" {
		h.t.Fatalf("button %q has no line", b.Label)
	}
	return h.do(user, b.Line)
}

// text renders a reply as the console would, times included: the text,
// then each card's title, body, fields, buttons and footer, one per line.
func (h *harness) text(rep Reply) string {
	return replyText(rep)
}

func replyText(rep Reply) string {
	var b strings.Builder
	b.WriteString(rep.Text)
	for _, c := range rep.Cards {
		b.WriteString("\n" + c.Title)
		if c.Body != "" {
			b.WriteString("\n" + c.Body)
		}
		for _, f := range c.Fields {
			b.WriteString("\n" + f.Label + ": " + f.Value)
		}
		for _, btn := range c.Buttons {
			b.WriteString("\n[" + btn.Label + "] " + btn.Line)
		}
		if c.Footer != "" {
			b.WriteString("\n" + c.Footer)
		}
	}
	return RenderTimes(b.String(), func(t time.Time) string { return FormatTime(t, rep.Lang, rep.Loc) })
}

// must runs a line that must succeed: it fails the test when the reply is
// an error message (a refusal or "something went wrong").
func (h *harness) must(user, line string) Reply {
	h.t.Helper()
	rep := h.do(user, line)
	if isRefusal(rep) {
		h.t.Fatalf("%s: %q refused: %s", user, line, rep.Text)
	}
	return rep
}

// isRefusal tells an error reply: no card, nothing to refresh, and text
// that starts with one of the catalog's error messages.
func isRefusal(rep Reply) bool {
	if len(rep.Cards) > 0 || len(rep.Refresh) > 0 {
		return false
	}
	for _, re := range refusalPatterns() {
		if re.MatchString(rep.Text) {
			return true
		}
	}
	return false
}

// refusalPatterns turns every "err." message, in both languages, into a
// pattern anchored at the start, its verbs matching anything.
var refusalPatterns = sync.OnceValue(func() []*regexp.Regexp {
	verb := regexp.MustCompile(`%(\[\d+\])?[sdv]`)
	var out []*regexp.Regexp
	for key, texts := range catalog {
		if !strings.HasPrefix(key, "err.") {
			continue
		}
		for _, s := range texts {
			parts := verb.Split(s, -1)
			for i := range parts {
				parts[i] = regexp.QuoteMeta(parts[i])
			}
			out = append(out, regexp.MustCompile(`(?s)^`+strings.Join(parts, `.*?`)))
		}
	}
	return out
})

// card returns the reply's only card.
func (h *harness) card(rep Reply) Card {
	h.t.Helper()
	if len(rep.Cards) != 1 {
		h.t.Fatalf("want 1 card, got %d: %s", len(rep.Cards), replyText(rep))
	}
	return rep.Cards[0]
}

// field returns the value of a card field by label.
func (h *harness) field(c Card, label string) string {
	h.t.Helper()
	for _, f := range c.Fields {
		if f.Label == label {
			return f.Value
		}
	}
	h.t.Fatalf("card %q has no field %q: %+v", c.Title, label, c.Fields)
	return ""
}

// button returns a card button by its line's verb ("join", "interested").
func (h *harness) button(c Card, verb string) Button {
	h.t.Helper()
	for _, b := range c.Buttons {
		if strings.Fields(b.Line)[1] == verb {
			return b
		}
	}
	h.t.Fatalf("card %q has no %q button: %+v", c.Title, verb, c.Buttons)
	return Button{}
}

// meet makes the users members, as their first command does, so that a
// later refusal can be checked to write nothing.
func (h *harness) meet(users ...string) {
	h.t.Helper()
	for _, u := range users {
		h.must(u, "me")
	}
}

// postProblem posts a problem as user and returns its id.
func (h *harness) postProblem(user, rest string) int64 {
	h.t.Helper()
	rep := h.must(user, "problem post "+rest)
	return h.card(rep).Entity.ID
}

// createWorkshop creates a workshop as admin and returns its id.
func (h *harness) createWorkshop(rest string) int64 {
	h.t.Helper()
	rep := h.must("admin", "workshop create "+rest)
	return h.card(rep).Entity.ID
}

func (h *harness) counts() map[string]int {
	h.t.Helper()
	c, err := h.db.Counts(h.ctx)
	if err != nil {
		h.t.Fatalf("counts: %v", err)
	}
	return c
}

func (h *harness) problem(id int64) storage.Problem {
	h.t.Helper()
	p, err := h.db.Problem(h.ctx, id)
	if err != nil {
		h.t.Fatalf("problem %d: %v", id, err)
	}
	return p
}

func (h *harness) workshop(id int64) storage.Workshop {
	h.t.Helper()
	w, err := h.db.Workshop(h.ctx, id)
	if err != nil {
		h.t.Fatalf("workshop %d: %v", id, err)
	}
	return w
}

// member returns the stored member of a console user, as the router
// resolves them (so it changes nothing for a known member).
func (h *harness) member(user string) storage.Member {
	h.t.Helper()
	m, err := h.db.ResolveMember(h.ctx, storage.Identity{Platform: "console", Workspace: "local", UserID: user}, user, h.r.cfg.IsStaff("console", user), "")
	if err != nil {
		h.t.Fatalf("member %s: %v", user, err)
	}
	return m
}

// names lists participants' names in order.
func names(ps []storage.Participant) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func wantText(t *testing.T, got string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(got, s) {
			t.Errorf("reply lacks %q:\n%s", s, got)
		}
	}
}

func wantNoText(t *testing.T, got string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(got, s) {
			t.Errorf("reply has %q:\n%s", s, got)
		}
	}
}

func wantEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		if g, ok := any(got).(string); ok {
			t.Errorf("%s = %q, want %q", what, g, any(want).(string))
			return
		}
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func wantSlice(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func wantCounts(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Errorf("%s: row counts changed\n got  %v\n want %v", what, got, want)
	}
}
