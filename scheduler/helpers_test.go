package scheduler

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// fakeClock is moved by the test; timers fire when it passes their time.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	c       *fakeClock
	at      time.Time
	ch      chan time.Time
	stopped bool
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{now: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, at: c.now.Add(d), ch: make(chan time.Time, 1)}
	if d <= 0 {
		t.ch <- c.now
		t.stopped = true
		return t
	}
	c.timers = append(c.timers, t)
	return t
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.stopped
	t.stopped = true
	return was
}

// set moves the clock to at and fires the timers due.
func (c *fakeClock) set(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = at
	keep := c.timers[:0]
	for _, t := range c.timers {
		if t.stopped {
			continue
		}
		if !t.at.After(at) {
			t.stopped = true
			t.ch <- at
			continue
		}
		keep = append(keep, t)
	}
	c.timers = keep
}

// waiting returns the deadlines of the live timers.
func (c *fakeClock) waiting() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []time.Time
	for _, t := range c.timers {
		if !t.stopped {
			out = append(out, t.at)
		}
	}
	return out
}

// sent is one message a recordingSender got.
type sent struct {
	To  commands.Target
	Msg commands.Reply
	At  time.Time
}

// recordingSender keeps what it is sent; fail, when set, decides errors.
type recordingSender struct {
	mu    sync.Mutex
	clock Clock
	got   []sent
	fail  func(to commands.Target, msg commands.Reply) error
}

func (r *recordingSender) Send(ctx context.Context, to commands.Target, msg commands.Reply) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		if err := r.fail(to, msg); err != nil {
			return "", err
		}
	}
	var at time.Time
	if r.clock != nil {
		at = r.clock.Now()
	}
	r.got = append(r.got, sent{To: to, Msg: msg, At: at})
	return fmt.Sprintf("m%d", len(r.got)), nil
}

// take returns what was sent since the last take.
func (r *recordingSender) take() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.got
	r.got = nil
	return out
}

// texts renders messages as "<to>: <text>", times in UTC, sorted.
func texts(ss []sent) []string {
	var out []string
	for _, s := range ss {
		to := s.To.UserID
		if to == "" {
			to = s.To.Platform + ":" + s.To.Channel
		}
		out = append(out, to+": "+commands.RenderTimes(s.Msg.Text, func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") }))
	}
	sort.Strings(out)
	return out
}

var paris = mustZone("Europe/Paris")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func parisTime(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, paris)
}

// env is a database, a fake clock shared by storage and the scheduler, a
// recording sender on the console platform and a router.
type env struct {
	t      *testing.T
	ctx    context.Context
	path   string
	db     *storage.DB
	clock  *fakeClock
	sender *recordingSender
	router *commands.Router
	opts   Options
	s      *Scheduler
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newEnv(t *testing.T, start time.Time, edit ...func(*Options)) *env {
	t.Helper()
	e := &env{t: t, ctx: t.Context(), path: filepath.Join(t.TempDir(), "atelier.db"), clock: newFakeClock(start)}
	e.sender = &recordingSender{clock: e.clock}
	e.opts = Options{
		Clock:     e.clock,
		Senders:   map[string]Sender{"console": e.sender},
		Logger:    quietLogger(),
		Location:  paris,
		Language:  commands.EN,
		Platforms: []string{"console"},
		Channels: func(name string) []commands.Target {
			// The digest goes to the announcements channel when it has
			// none of its own, as bot.Config.NamedChannels resolves it.
			if name == "announcements" || name == "digest" {
				return []commands.Target{{Platform: "console", Channel: "announcements"}}
			}
			return nil
		},
	}
	for _, f := range edit {
		f(&e.opts)
	}
	e.open()
	return e
}

// open opens the database file and a scheduler on it, as a (re)start does.
func (e *env) open() {
	e.t.Helper()
	db, err := storage.Open(e.ctx, e.path)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	db.Now = e.clock.Now
	db.Reminders = storage.ReminderPolicy{Offsets: []time.Duration{24 * time.Hour, time.Hour}, Location: paris}
	e.db = db
	e.router = commands.NewRouter(db, commands.Config{
		Location:  paris,
		Language:  commands.EN,
		IsStaff:   func(_, user string) bool { return user == "admin" },
		Logger:    quietLogger(),
		Channels:  e.opts.Channels,
		Platforms: e.opts.Platforms,
	})
	if e.s, err = New(db, e.opts); err != nil {
		e.t.Fatal(err)
	}
	if err := e.s.Start(e.ctx); err != nil {
		e.t.Fatal(err)
	}
}

// restart closes the database and opens it again with a new scheduler.
func (e *env) restart() {
	e.t.Helper()
	if err := e.db.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.open()
}

// do runs a command as a console user.
func (e *env) do(user, line string) commands.Reply {
	e.t.Helper()
	return e.router.Handle(e.ctx, &commands.Request{Platform: "console", Workspace: "local", UserID: user, UserName: user, Channel: "console", Line: line})
}

// must runs a command and fails on a refusal, recognised by its text.
func (e *env) must(user, line, want string) commands.Reply {
	e.t.Helper()
	r := e.do(user, line)
	if !strings.Contains(r.Text, want) {
		e.t.Fatalf("%s: %q\nwant it to contain %q", line, r.Text, want)
	}
	return r
}

// at moves the clock and runs everything due.
func (e *env) at(t time.Time) []sent {
	e.t.Helper()
	e.clock.set(t)
	if _, err := e.s.Tick(e.ctx); err != nil {
		e.t.Fatal(err)
	}
	return e.sender.take()
}

// pending lists the pending rows of a kind as "member offset planned".
func (e *env) pending(kind string) []string {
	e.t.Helper()
	ns, err := e.db.Outbox(e.ctx, storage.OutboxFilter{Kind: kind, State: storage.OutboxPending})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%s %s %s", n.To.UserID, n.Args.Offset, n.PlannedAt.UTC().Format("2006-01-02 15:04")))
	}
	sort.Strings(out)
	return out
}

func wantStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}
