package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/redact"
	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// testNow is Friday 2026-11-27 09:30 UTC (10:30 in Paris).
var testNow = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

const (
	admin = "UADMIN" // staff, English
	ann   = "UANN"   // French
	bob   = "UBOB"   // English
	carol = "UCAROL" // no users.info profile
	chan1 = "C0GENERAL"
	chan2 = "C0WORKSHOPS"
)

// syncBuffer collects the adapter's logs; a failed test prints them.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is the real adapter over a real router and SQLite file, talking
// to a fake Slack through the real slack-go client.
type harness struct {
	t      testing.TB
	db     *storage.DB
	router *commands.Router
	fake   *slackfake.Server
	cfg    Config
	paris  *time.Location
	logs   *syncBuffer

	a      *Adapter
	cancel context.CancelFunc
	done   chan error
	opens  int
}

func newHarness(tb testing.TB, tweak ...func(*Config)) *harness {
	tb.Helper()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		tb.Fatal(err)
	}
	db, err := storage.Open(context.Background(), filepath.Join(tb.TempDir(), "atelier.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return testNow }
	h := &harness{t: tb, db: db, paris: paris, logs: &syncBuffer{}}
	h.fake = slackfake.New(tb, slackfake.Options{PingInterval: 100 * time.Millisecond})
	// The program's own redacting handler, as in production; the cleanup
	// below proves nothing secret got through it.
	log := slog.New(redact.Handler(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}),
		h.fake.Options().BotToken, h.fake.Options().AppToken, httpSecret))
	h.router = commands.NewRouter(db, commands.Config{
		Location: paris,
		Language: commands.EN,
		IsStaff:  func(platform, userID string) bool { return platform == Platform && userID == admin },
		Logger:   log,
	})
	h.fake.AddUser(slackfake.User{ID: admin, Name: "ada", RealName: "Ada Admin", DisplayName: "Ada", TZ: "Europe/Paris", Locale: "en-US"})
	h.fake.AddUser(slackfake.User{ID: ann, Name: "ann", RealName: "Ann Martin", DisplayName: "Ann", TZ: "Europe/Paris", Locale: "fr-FR"})
	h.fake.AddUser(slackfake.User{ID: bob, Name: "bob", RealName: "Bob Smith", DisplayName: "", TZ: "Europe/London", Locale: "en-GB"})
	opts := h.fake.Options()
	h.cfg = Config{
		BotToken:         opts.BotToken,
		AppToken:         opts.AppToken,
		APIURL:           h.fake.APIURL(),
		Community:        paris,
		Language:         commands.EN,
		PostInterval:     time.Millisecond,
		EditDelay:        5 * time.Millisecond,
		PingInterval:     2 * time.Second,
		ReconnectBackoff: 10 * time.Millisecond,
		Logger:           log,
	}
	for _, f := range tweak {
		f(&h.cfg)
	}
	tb.Cleanup(func() {
		h.stop()
		logs := h.logs.String()
		for _, secret := range []string{opts.BotToken, opts.AppToken, httpSecret} {
			if strings.Contains(logs, secret) {
				tb.Errorf("a secret (%.6s…) reached the logs:\n%s", secret, logs)
			}
		}
		if responseURL.MatchString(logs) {
			tb.Errorf("a response_url reached the logs:\n%s", logs)
		}
		if tb.Failed() {
			tb.Logf("adapter logs:\n%s", h.logs.String())
		}
	})
	return h
}

// responseURL finds a response_url with its capability still in it.
var responseURL = regexp.MustCompile(`/response/[^\[\s"]`)

// start runs a new adapter, as a process start does, and waits until it
// is connected (Socket Mode) or serving (HTTP mode).
func (h *harness) start() {
	h.t.Helper()
	a, err := New(h.cfg, h.router)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.a, h.cancel, h.done = a, cancel, make(chan error, 1)
	go func() { h.done <- a.Run(ctx) }()
	if h.cfg.Mode != "http" {
		h.opens++
		h.fake.WaitConnections(h.t, h.opens)
	}
	// The reconcile of a start runs beside the first interactions; tests
	// start once it is done, so what they see does not depend on timing.
	h.wait("the reconcile at start", func() bool { return a.reconciles.Load() > 0 })
}

// stop stops the adapter and waits for Run to return.
func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		h.t.Errorf("Run did not return after its context ended")
	}
	h.cancel = nil
}

// slash sends a slash command and waits for its ack.
func (h *harness) slash(user, channel, command, text string) slackfake.Ack {
	h.t.Helper()
	env, err := h.fake.SlashCommand(user, channel, command, text)
	if err != nil {
		h.t.Fatal(err)
	}
	ack := h.fake.WaitAck(h.t, env)
	if ack.Latency() > 3*time.Second {
		h.t.Errorf("%s %s acked after %s, over Slack's 3s", command, text, ack.Latency())
	}
	return ack
}

// answer decodes an ack's slash answer; it fails when the ack is empty.
func (h *harness) answer(ack slackfake.Ack) slashResponse {
	h.t.Helper()
	var r struct {
		ResponseType string            `json:"response_type"`
		Text         string            `json:"text"`
		Blocks       []json.RawMessage `json:"blocks"`
	}
	if ack.Payload == nil {
		h.t.Fatalf("ack %s has no payload", ack.EnvelopeID)
	}
	if err := json.Unmarshal(ack.Payload, &r); err != nil {
		h.t.Fatalf("ack payload %s: %v", ack.Payload, err)
	}
	if r.ResponseType != "ephemeral" {
		h.t.Errorf("response_type = %q, want ephemeral", r.ResponseType)
	}
	return slashResponse{ResponseType: r.ResponseType, Text: r.Text}
}

// wait polls cond until it holds, failing after 5 seconds.
func (h *harness) wait(what string, cond func() bool) {
	h.t.Helper()
	if !h.fake.Wait(5*time.Second, cond) {
		h.t.Fatalf("timed out waiting for %s", what)
	}
}

// member returns the member behind a Slack user.
func (h *harness) member(user string) storage.Member {
	h.t.Helper()
	m, err := h.db.ResolveMember(context.Background(), storage.Identity{Platform: Platform, Workspace: h.fake.Options().TeamID, UserID: user}, "", false, "")
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

// workshop reads a workshop.
func (h *harness) workshop(id int64) storage.Workshop {
	h.t.Helper()
	w, err := h.db.Workshop(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return w
}

// postedCard waits for the card of an entity to be posted in channel and
// recorded, and returns its message.
func (h *harness) postedCard(channel string, e commands.Entity) slackfake.Message {
	h.t.Helper()
	var ts string
	h.wait(fmt.Sprintf("the card of %s %d in %s", e.Kind, e.ID, channel), func() bool {
		refs, _ := h.router.Messages(context.Background(), e)
		for _, r := range refs {
			if r.Platform == Platform && r.Channel == channel {
				ts = r.MessageID
				return true
			}
		}
		return false
	})
	m, ok := h.fake.Message(channel, ts)
	if !ok {
		h.t.Fatalf("recorded card %s/%s was not posted", channel, ts)
	}
	return m
}

// announce creates a workshop as staff in channel and returns its card.
func (h *harness) announce(channel, text string, id int64) slackfake.Message {
	h.t.Helper()
	ack := h.slash(admin, channel, "/workshop", "create "+text)
	if got, want := h.answer(ack).Text, fmt.Sprintf("Workshop #%d created. Members join with the button or a ✋ reaction.", id); got != want {
		h.t.Fatalf("create: %q, want %q", got, want)
	}
	return h.postedCard(channel, commands.Entity{Kind: storage.KindWorkshop, ID: id})
}

// blocksText gathers every "text" of a message's blocks, decoded, one per
// line, for Contains checks that do not depend on JSON escaping.
func blocksText(b json.RawMessage) string {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "(bad JSON: " + err.Error() + ")"
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if t, ok := x["text"].(string); ok {
				out = append(out, t)
			}
			for k, y := range x {
				if k != "text" {
					walk(y)
				} else if _, isString := y.(string); !isString {
					walk(y)
				}
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	return strings.Join(out, "\n")
}
