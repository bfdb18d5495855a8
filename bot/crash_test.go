package bot

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// crashChildEnv switches the test binary into the bot: the crash test runs
// the real program (Run, as main does) in a child process it can kill.
const crashChildEnv = "ATELIER_CRASH_CHILD_CONFIG"

// TestCrashChild is the child's entry point; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	cfg := os.Getenv(crashChildEnv)
	if cfg == "" {
		t.Skip("only runs as the crash test's child")
	}
	if err := Run(context.Background(), []string{"-config", cfg}, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

var dmLine = regexp.MustCompile(`^\[DM to (m\d+)\] ⏰ `)

// child is a running bot whose console output the test reads, as a fake
// platform receives messages: every line goes to the log file.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	mu    sync.Mutex
	got   map[string]int // DMs received in this run, by member
	lines int
	done  chan struct{}
	hold  chan struct{} // closed to let the reader go on after a pause
	pause int           // stop reading after this many DMs (0: never)
}

func startChild(t *testing.T, cfg string, log *os.File, pause int) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+cfg)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe() // held open: the console waits for input
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, stdin: stdin, got: map[string]int{}, done: make(chan struct{}), hold: make(chan struct{}), pause: pause}
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(log, line)
			m := dmLine.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			c.mu.Lock()
			c.got[m[1]]++
			c.lines++
			n := c.lines
			c.mu.Unlock()
			if n == c.pause {
				// Stop reading: the child soon blocks writing to a full
				// pipe, in the middle of its work, and is killed there.
				<-c.hold
			}
		}
	}()
	return c
}

func (c *child) received() (distinct, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.got), c.lines
}

func waitUntil(t *testing.T, what string, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The real program dispatching 1,000 reminders is killed with SIGKILL in
// the middle; started again, it sends the rest. Every reminder is received
// at least once, and at most one twice (the one in flight at the kill).
func TestCrashWhileDispatching(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the bot twice in child processes")
	}
	const members = 1000
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "atelier.db")
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, `database:
  path: `+dbPath+`
reminders:
  offsets: [24h]
scheduler:
  digest: ""
  feedback: ""
  nudge: ""
  lease: 1s
log:
  level: error
`)
	// The reminders were queued yesterday, for a session in two hours: the
	// bot was down at their time and they are still useful, so all 1,000
	// are due at once when it starts.
	ctx := t.Context()
	db, err := storage.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	db.Now = func() time.Time { return now.Add(-23 * time.Hour) }
	db.Reminders = storage.ReminderPolicy{Offsets: []time.Duration{24 * time.Hour}, Location: mustZone(t, "Europe/Paris")}
	host, err := db.ResolveMember(ctx, storage.Identity{Platform: "console", Workspace: "local", UserID: "admin"}, "admin", true, "")
	if err != nil {
		t.Fatal(err)
	}
	w := storage.Workshop{HostID: host.ID, Title: "QGIS"}
	if err := db.CreateWorkshop(ctx, &w); err != nil {
		t.Fatal(err)
	}
	s := storage.Session{WorkshopID: w.ID, Start: now.Add(2 * time.Hour), Duration: time.Hour, Place: "Room B"}
	if err := db.AddSession(ctx, &s); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= members; i++ {
		user := fmt.Sprintf("m%d", i)
		m, err := db.ResolveMember(ctx, storage.Identity{Platform: "console", Workspace: "local", UserID: user}, user, false, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Join(ctx, w.ID, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	if c, err := db.OutboxCounts(ctx); err != nil || c[storage.OutboxPending] != members {
		t.Fatalf("queued %v, %v", c, err)
	}
	db.Close()

	logPath := filepath.Join(dir, "received.log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()

	// First run: killed after 200 DMs, while it is blocked writing more.
	first := startChild(t, cfg, log, 200)
	waitUntil(t, "200 DMs", 60*time.Second, func() bool { _, n := first.received(); return n >= 200 })
	time.Sleep(200 * time.Millisecond) // the pipe fills, the child blocks mid-batch
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	close(first.hold)
	<-first.done // what was written before the kill is received all the same
	first.cmd.Wait()
	d1, n1 := first.received()
	t.Logf("first run: %d reminders received (%d distinct) before SIGKILL", n1, d1)
	if d1 < 200 || d1 >= members {
		t.Fatalf("first run received %d distinct reminders; the kill was not mid-way", d1)
	}

	// Second run: the rest, including the rows claimed when it died, once
	// their one-second lease is over.
	second := startChild(t, cfg, log, 0)
	all := func() bool {
		first.mu.Lock()
		defer first.mu.Unlock()
		second.mu.Lock()
		defer second.mu.Unlock()
		n := len(first.got)
		for m := range second.got {
			if first.got[m] == 0 {
				n++
			}
		}
		return n == members
	}
	waitUntil(t, "every reminder", 60*time.Second, all)
	second.stdin.Close() // end of input: the console, then the bot, stop
	<-second.done
	if err := second.cmd.Wait(); err != nil {
		t.Fatalf("second run: %v", err)
	}

	// The log is the proof: count each member's reminders in it.
	log.Close()
	body, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, line := range strings.Split(string(body), "\n") {
		if m := dmLine.FindStringSubmatch(line); m != nil {
			count[m[1]]++
		}
	}
	var twice []string
	for i := 1; i <= members; i++ {
		user := fmt.Sprintf("m%d", i)
		switch n := count[user]; {
		case n == 0:
			t.Errorf("%s never received the reminder", user)
		case n == 2:
			twice = append(twice, user)
		case n > 2:
			t.Errorf("%s received it %d times", user, n)
		}
	}
	if len(twice) > 1 {
		t.Errorf("received twice: %v; at most the one in flight at the kill may be", twice)
	}
	t.Logf("log %s: %d lines for %d members, received twice: %v", logPath, len(count), members, twice)

	db, err = storage.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if c, err := db.OutboxCounts(ctx); err != nil || c[storage.OutboxSent] != members || len(c) != 1 {
		t.Errorf("outbox after both runs: %v, %v", c, err)
	}
}
