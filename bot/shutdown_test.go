package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/storage"
)

// shutdownChildEnv switches the test binary into the bot, run as main runs
// it (signals included), so the test can send it SIGTERM.
const shutdownChildEnv = "ATELIER_SHUTDOWN_CHILD_CONFIG"

func TestShutdownChild(t *testing.T) {
	cfg := os.Getenv(shutdownChildEnv)
	if cfg == "" {
		t.Skip("only runs as the shutdown test's child")
	}
	ctx, stop := SignalContext(context.Background())
	defer stop()
	if err := Run(ctx, []string{"-config", cfg}, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// The real program under a steady stream of slash commands gets SIGTERM:
// it exits within the bound, and every command it acknowledged is in the
// database.
func TestShutdownUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	fake := slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond})
	fake.AddUser(slackfake.User{ID: "U0ADA", Name: "ada", DisplayName: "Ada", TZ: "Europe/Paris", Locale: "en-US"})
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "atelier.db")
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, `database:
  path: `+dbPath+`
slack:
  enabled: true
  bot_token: `+fake.Options().BotToken+`
  app_token: `+fake.Options().AppToken+`
  api_url: `+fake.APIURL()+`
# One member streams posts: the per-member post limit would refuse most.
limits:
  post_burst: 0
`)
	cmd := exec.Command(os.Args[0], "-test.run=^TestShutdownChild$")
	cmd.Env = append(os.Environ(), shutdownChildEnv+"="+cfg)
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer cmd.Process.Kill()
	fake.WaitConnections(t, 1)

	// The stream: one command every few milliseconds, each waited for on
	// its own, until the bot is gone.
	var mu sync.Mutex
	acked := map[int]string{} // command number → the answer
	stop := make(chan struct{})
	var wg sync.WaitGroup
	sent := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			env, err := fake.SlashCommand("U0ADA", "C0GENERAL", "/problem", fmt.Sprintf("post Stream %d #load", i))
			if err != nil {
				return // the link is gone
			}
			mu.Lock()
			sent = i
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				ack, err := fake.AwaitAck(env, 5*time.Second)
				if err != nil {
					return
				}
				var answer struct{ Text string }
				json.Unmarshal(ack.Payload, &answer)
				mu.Lock()
				acked[i] = answer.Text
				mu.Unlock()
			}()
			time.Sleep(3 * time.Millisecond)
		}
	}()

	waitUntil(t, "50 commands acknowledged", 30*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= 50
	})
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var exitErr error
	select {
	case exitErr = <-exited:
	case <-time.After(shutdownGrace + 5*time.Second):
		t.Fatalf("still running %s after SIGTERM\n%s", shutdownGrace+5*time.Second, logs.String())
	}
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if exitErr != nil {
		t.Fatalf("exit: %v\n%s", exitErr, logs.String())
	}

	db, err := storage.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ps, err := db.ListProblems(context.Background(), storage.ProblemFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, p := range ps {
		stored[p.Title] = true
	}
	mu.Lock()
	defer mu.Unlock()
	for i, answer := range acked {
		// An empty ack is Slack's "working on it": the answer follows on
		// the response_url. Either way the command was taken.
		if answer != "" && !strings.Contains(answer, "posted") {
			t.Errorf("command %d answered %q", i, answer)
		}
		if !stored[fmt.Sprintf("Stream %d", i)] {
			t.Errorf("command %d was acknowledged (%q) but is not in the database", i, answer)
		}
	}
	t.Logf("sent %d, acknowledged %d, stored %d; exited %s after SIGTERM", sent, len(acked), len(ps), took.Round(time.Millisecond))
	if len(acked) < 50 {
		t.Errorf("only %d commands acknowledged", len(acked))
	}
}
