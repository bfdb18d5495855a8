package console

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
	"github.com/atelier-bot/atelier/storage"
)

type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *stepClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// NewTimer is never waited on: the test calls Tick itself.
func (c *stepClock) NewTimer(d time.Duration) scheduler.Timer {
	return scheduler.RealClock{}.NewTimer(d)
}

// An edition on the console, with the scheduler posting the phases and
// the results at their dates (an injected clock), and the console started
// again in the middle of the jury: the results still come, once.
func TestAwardsOnConsole(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "atelier.db")
	clk := &stepClock{now: time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC)}
	var out bytes.Buffer
	start := func() (*Console, *scheduler.Scheduler, func()) {
		db, err := storage.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = clk.Now
		channels := func(name string) []commands.Target {
			if name == "announcements" || name == "digest" {
				return []commands.Target{{Platform: Platform, Workspace: Workspace, Channel: Channel}}
			}
			return nil
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		r := commands.NewRouter(db, commands.Config{Location: time.UTC, Logger: log, Channels: channels,
			IsStaff: func(_, u string) bool { return u == "admin" }})
		c := New(r, &out, Options{User: "admin", Echo: true})
		s, err := scheduler.New(db, scheduler.Options{Clock: clk, Senders: map[string]scheduler.Sender{Platform: c}, Logger: log,
			Location: time.UTC, Channels: channels, Platforms: []string{Platform}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Start(ctx); err != nil {
			t.Fatal(err)
		}
		return c, s, func() { db.Close() }
	}
	c, s, stop := start()
	run := func(lines ...string) {
		t.Helper()
		for _, l := range lines {
			c.line(ctx, l)
		}
	}
	tick := func() {
		t.Helper()
		if _, err := s.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	run("/awards create Awards 2027", "/awards category 1 remove 5", "/awards category 1 remove 4", "/awards category 1 remove 3",
		"/awards set 1 community on",
		":as carol", "/me org Inria", ":as dave", "/me",
		":as bob", "/awards nominate 1 1 2 | Flood forecasting | Inria | Six months with the city | @bob",
		":as alice", "/awards nominate 1 1 | Open maps | IGN | Maps for everyone",
		":as erin", "/awards nominate 1 2 | Tutor bot | CNRS | Helps students",
		":as admin", "/awards jury 1 add @carol @dave")
	tick()
	e, err := c.router.(*commands.Router).DB().Edition(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	clk.set(e.ClosesAt)
	tick()
	run(":as carol", "/awards ballot 1", "/awards score 1 1 5 zq-a | 5 zq-b | 5 zq-c", "/awards score 2 1 4 zq-d | 4 zq-e | 4 zq-f")
	// A restart in the middle of the jury.
	stop()
	c, s, stop = start()
	defer stop()
	run(":as carol", "/awards score 3 2 3 zq-g | 3 zq-h | 3 zq-i",
		":as dave", "/awards score 1 1 5 zq-j | 5 zq-k | 5 zq-l", "/awards score 2 1 2 zq-m | 2 zq-n | 2 zq-o",
		"/awards score 1 2 5 zq-p | 4 zq-q | 4 zq-r", "/awards score 3 2 4 zq-s | 4 zq-t | 4 zq-u",
		":as erin", "/awards vote 1 1", "/awards vote 2 1", ":as bob", "/awards vote 2 1")
	clk.set(e.ResultsAt)
	tick()
	tick()
	run(":as erin", "/awards show 1")
	got := out.String()
	for _, want := range []string{
		"[#console] 🏆 The nominations for Awards 2027 are open until",
		"[#console] 🏆 The nominations for Awards 2027 are closed; the jury is at work.",
		"#1 Flood forecasting (Inria): skipped, your own organisation",
		"This nomination is from your own organisation: you cannot score it",
		"You have already voted in this category",
		"[#console] 🏆 The winners of Awards 2027!",
		"🏆 Awards 2027 · Most audacious project\n│ 🥇 Flood forecasting · Inria",
		"│ Community prize: Flood forecasting, Open maps",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("console lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "The winners of Awards 2027"); n != 1 {
		t.Errorf("results posted %d times", n)
	}
	// Scores show only in the answer to the juror who gave them.
	blocks := strings.Split(got, "\n\n")
	secret := regexp.MustCompile(`zq-[a-z]|\d/5`)
	for _, b := range blocks {
		if secret.MatchString(b) && !strings.HasPrefix(b, "carol> /awards score") && !strings.HasPrefix(b, "dave> /awards score") {
			t.Errorf("a score shows outside its juror's answer:\n%s", b)
		}
	}
}
