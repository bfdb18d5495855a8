package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/bot/redact"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Users of the tests. staffID is on the staff list.
const (
	staffID = "1700000000000000001"
	aliceID = "1700000000000000002"
	bobID   = "1700000000000000003"
	carolID = "1700000000000000004"
)

// wait is how long a test waits for the adapter to act; it only bounds a
// failure, nothing is timed.
const wait = 10 * time.Second

// env is a fake Discord, a real SQLite file, a real router and the real
// adapter connected to the fake through discordgo.
type env struct {
	t      testing.TB
	fake   *discordfake.Server
	db     *storage.DB
	router *commands.Router
	a      *Adapter
	opts   Options
	logs   *syncBuffer

	cancel context.CancelFunc
	done   chan error

	// core holds how long the router took on each interaction.
	coreMu sync.Mutex
	core   []time.Duration
}

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

// newEnv starts everything; the adapter runs until the test ends.
func newEnv(t testing.TB, tune ...func(*Options)) *env {
	t.Helper()
	fake := discordfake.New()
	t.Cleanup(fake.Close)
	db := openDB(t)
	e := &env{t: t, fake: fake, db: db, logs: &syncBuffer{}}
	e.opts = Options{
		Token:         discordfake.Token,
		ApplicationID: discordfake.AppID,
		GuildID:       discordfake.GuildID,
		APIURL:        fake.URL,
		Language:      commands.EN,
		Location:      time.UTC,
		EditInterval:  20 * time.Millisecond,
		// The program's own redacting handler, as in production.
		Logger: slog.New(redact.Handler(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}), discordfake.Token)),
	}
	for _, f := range tune {
		f(&e.opts)
	}
	e.start()
	// Every message the bot sent in the test blocked every mention.
	t.Cleanup(func() { checkAllowedMentions(t, fake) })
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("adapter logs:\n%s", e.logs.String())
		}
	})
	// No token ever reached the logs.
	t.Cleanup(func() {
		if logs := e.logs.String(); strings.Contains(logs, discordfake.Token) || strings.Contains(logs, "itok-") {
			t.Errorf("a token reached the logs:\n%s", logs)
		}
	})
	return e
}

// start builds a router and an adapter on the database (as a fresh
// process would) and runs the adapter until it is connected.
func (e *env) start() {
	e.t.Helper()
	e.router = commands.NewRouter(e.db, commands.Config{
		Location: time.UTC,
		Language: commands.EN,
		IsStaff:  func(p, u string) bool { return p == Platform && u == staffID },
		Logger:   e.opts.Logger,
		Observe: func(_, _, _ string, d time.Duration) {
			e.coreMu.Lock()
			e.core = append(e.core, d)
			e.coreMu.Unlock()
		},
	})
	a, err := New(e.opts, e.router)
	if err != nil {
		e.t.Fatal(err)
	}
	e.a = a
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel, e.done = cancel, make(chan error, 1)
	go func() { e.done <- a.Run(ctx) }()
	select {
	case <-a.ready:
	case err := <-e.done:
		e.t.Fatalf("Run returned before READY: %v", err)
	case <-time.After(wait):
		e.t.Fatal("no READY")
	}
	e.t.Cleanup(e.stop)
	// The reconcile of reactions at READY runs beside the first
	// interactions; tests start once it is done, so what they see does not
	// depend on timing: a reaction put while it runs can be undone by it
	// (it reads the recorded reactors and the message's at two moments).
	e.await("the reconcile at start", func() bool { return a.reconciles.Load() > 0 })
}

// stop stops the adapter (discordgo's Close sleeps a second).
func (e *env) stop() {
	if e.cancel == nil {
		return
	}
	e.cancel()
	e.cancel = nil
	select {
	case err := <-e.done:
		if err != nil {
			e.t.Errorf("Run: %v", err)
		}
	case <-time.After(wait):
		e.t.Error("Run did not return")
	}
}

// await fails the test unless cond holds within the wait.
// recorded reports whether a posted card's message is in the database,
// mapped back to its entity.
func (e *env) recorded(channel, messageID string) bool {
	_, err := e.db.FindMessageRef(context.Background(), Platform, channel, messageID)
	return err == nil
}

func (e *env) await(what string, cond func() bool) {
	e.t.Helper()
	if !e.fake.Await(wait, cond) {
		e.t.Fatalf("timed out waiting for %s", what)
	}
}

// interact dispatches an interaction and returns its id and response.
func (e *env) interact(in discordfake.Interaction) (string, discordfake.Callback) {
	e.t.Helper()
	id, err := e.fake.Interact(in)
	if err != nil {
		e.t.Fatal(err)
	}
	var cb discordfake.Callback
	e.await("the response to interaction "+id, func() bool {
		var ok bool
		cb, ok = e.fake.Callback(id)
		return ok
	})
	return id, cb
}

// command runs a slash command as a user and returns the response data.
func (e *env) command(user, locale, name string, opts ...discordfake.Opt) (string, discordfake.Callback) {
	e.t.Helper()
	return e.interact(discordfake.Interaction{Type: 2, UserID: user, Locale: locale, Data: discordfake.Command(name, opts...)})
}

// text runs a slash command and returns the text of its ephemeral reply.
func (e *env) text(user, name string, opts ...discordfake.Opt) string {
	e.t.Helper()
	_, cb := e.command(user, "en-US", name, opts...)
	d := cb.Decode()
	if cb.Type != 4 {
		e.t.Fatalf("/%s: response type %d, want 4", name, cb.Type)
	}
	if d.Flags != 64 {
		e.t.Errorf("/%s: flags %d, want 64 (ephemeral)", name, d.Flags)
	}
	return d.Content
}

// press clicks a button.
func (e *env) press(user, customID, messageID string) (string, discordfake.Callback) {
	e.t.Helper()
	return e.interact(discordfake.Interaction{Type: 3, UserID: user, Data: discordfake.ButtonPress(customID), MessageID: messageID})
}

// workshop reads a workshop from the database.
func (e *env) workshop(id int64) storage.Workshop {
	e.t.Helper()
	w, err := e.db.Workshop(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

// announce creates workshop 1 (as staff, with options) and announces it
// in the default channel; it returns the announcement's message id.
func (e *env) createWorkshop(title string, capacity int64) (int64, string) {
	e.t.Helper()
	opts := []discordfake.Opt{discordfake.Str("title", title), discordfake.Str("tags", "#gis")}
	if capacity > 0 {
		opts = append(opts, discordfake.Int("capacity", capacity))
	}
	id, cb := e.command(staffID, "en-US", "workshop", discordfake.Sub("create", opts...))
	if cb.Type != 4 || cb.Decode().Flags != 0 {
		e.t.Fatalf("workshop create: response %+v", cb)
	}
	var msg discordfake.Message
	e.await("the workshop card recorded", func() bool {
		var ok bool
		msg, ok = e.fake.Original(id)
		return ok && e.recorded(msg.ChannelID, msg.ID)
	})
	var wid int64
	if ws, err := e.db.ListWorkshops(context.Background(), 100); err == nil {
		for _, w := range ws {
			if w.Title == title {
				wid = w.ID
			}
		}
	}
	if wid == 0 {
		e.t.Fatalf("workshop %q not created", title)
	}
	return wid, msg.ID
}

// checkAllowedMentions asserts that every message the bot created or
// edited carried allowed_mentions with an empty parse list.
func checkAllowedMentions(t testing.TB, fake *discordfake.Server) {
	t.Helper()
	n := 0
	for _, c := range fake.Calls("", "") {
		if c.Status >= 300 {
			continue
		}
		var body []byte
		switch {
		case c.Method == "POST" && strings.HasSuffix(c.Path, "/callback"):
			var cb struct {
				Type int             `json:"type"`
				Data json.RawMessage `json:"data"`
			}
			if err := c.JSON(&cb); err != nil {
				t.Errorf("callback body: %v", err)
				continue
			}
			if cb.Type != 4 && cb.Type != 5 && cb.Type != 7 {
				continue // a modal, an autocomplete or an ack sends no message
			}
			body = cb.Data
		case (c.Method == "POST" || c.Method == "PATCH") && (strings.HasPrefix(c.Path, "/webhooks/") ||
			strings.HasPrefix(c.Path, "/channels/") && strings.Contains(c.Path, "/messages") && !strings.Contains(c.Path, "/reactions") && !strings.HasSuffix(c.Path, "/threads")):
			body = c.Body
		default:
			continue
		}
		n++
		var m struct {
			AllowedMentions *struct {
				Parse *[]string `json:"parse"`
				Roles []string  `json:"roles"`
				Users []string  `json:"users"`
			} `json:"allowed_mentions"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			t.Errorf("%s %s: %v", c.Method, c.Path, err)
			continue
		}
		if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(*m.AllowedMentions.Parse) != 0 ||
			len(m.AllowedMentions.Roles) != 0 || len(m.AllowedMentions.Users) != 0 {
			t.Errorf("%s %s: allowed_mentions does not block every mention: %s", c.Method, c.Path, body)
		}
	}
	if n == 0 && !t.Failed() && !t.Skipped() {
		t.Logf("no message was sent")
	}
}

// openDB opens a database in a fresh file, closed when the test ends.
func openDB(t testing.TB) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "atelier.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
