//go:build ignore

// burststop runs atelier behind the harness's fake Slack or fake Discord
// (scripts/compare/burststop.sh builds it against the harness): a burst,
// the bot's RSS right after it and after an idle minute, then a second
// burst and a SIGTERM the moment its last command is answered: how long
// the stop takes, and, after a restart on the same database, that every
// problem's card is posted once or waits in the outbox, none twice.
//
// It is not part of atelier's module (the build tag keeps it out): it
// needs the harness's packages, and sqlite3 on the PATH to read the
// database.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"harness/fake"
)

var (
	platform = flag.String("platform", "slack", "slack or discord")
	n        = flag.Int("n", 5000, "commands in each burst")
	c        = flag.Int("c", 200, "commands awaiting their answer at most")
	idle     = flag.Duration("idle", 60*time.Second, "idle time before the second RSS reading")
	tmpl     = flag.String("config-template", "", "atelier's config, as for slackburst / discordburst")
	after    = flag.Duration("after", 15*time.Second, "how long to watch the restarted bot")
)

type bot struct {
	cmd *exec.Cmd
	log *os.File
}

func main() {
	flag.Parse()
	if flag.NArg() == 0 || *tmpl == "" {
		fmt.Fprintln(os.Stderr, "usage: burststop -platform slack|discord -config-template FILE -- BOT COMMAND...")
		os.Exit(2)
	}
	if err := run(flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "burststop:", err)
		os.Exit(1)
	}
}

func run(argv []string) error {
	dir, err := os.MkdirTemp("", "burststop")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "bot.db")
	raw, err := os.ReadFile(*tmpl)
	if err != nil {
		return err
	}
	env := append(os.Environ(), "DB="+db)
	var sl *fake.Slack
	var dc *fake.Discord
	repl := []string{"{{DB}}", db}
	if *platform == "slack" {
		sl = fake.NewSlack(fake.SlackOptions{AckTimeout: 30 * time.Second})
		defer sl.Close()
		env = append(env, "SLACK_API_URL="+sl.APIURL(), "SLACK_APP_TOKEN=xapp-1-burst", "SLACK_BOT_TOKEN=xoxb-burst")
		repl = append(repl, "{{SLACK_API_URL}}", sl.APIURL())
	} else {
		dc = fake.NewDiscord(fake.DiscordOptions{AppID: "100000000000000001", GuildID: "100000000000000002"})
		defer dc.Close()
		env = append(env, "DISCORD_API="+dc.URL()+"/api", "DISCORD_URL="+dc.URL(), "DISCORD_BOT_TOKEN=discord-test")
		repl = append(repl, "{{DISCORD_API_URL}}", dc.APIURL(), "{{DISCORD_URL}}", dc.URL())
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte(strings.NewReplacer(repl...).Replace(string(raw))), 0o600); err != nil {
		return err
	}
	env = append(env, "CONFIG="+cfg)
	connections := func() int {
		if sl != nil {
			return sl.Connections()
		}
		return dc.Connections()
	}
	start := func() (*bot, error) {
		before := connections()
		logf, err := os.CreateTemp("", "burststop-bot-*.log")
		if err != nil {
			return nil, err
		}
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env, cmd.Dir, cmd.Stdout, cmd.Stderr = env, dir, logf, logf
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		for deadline := time.Now().Add(60 * time.Second); connections() == before; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				return nil, fmt.Errorf("the bot did not connect (log in %s)", logf.Name())
			}
		}
		time.Sleep(time.Second) // its start-up calls (command registration, reconcile)
		return &bot{cmd: cmd, log: logf}, nil
	}

	b, err := start()
	if err != nil {
		return err
	}
	burst := func(from int) (time.Duration, int) {
		t0 := time.Now()
		sem := make(chan struct{}, *c)
		var wg sync.WaitGroup
		var mu sync.Mutex
		failed := 0
		for i := from; i < from+*n; i++ {
			wg.Add(1)
			sem <- struct{}{}
			go func(i int) {
				defer wg.Done()
				defer func() { <-sem }()
				if err := one(sl, dc, i); err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}(i)
		}
		wg.Wait()
		return time.Since(t0), failed
	}
	took, failed := burst(0)
	fmt.Printf("burst 1: %d commands, %d in flight, %s, %d failed\n", *n, *c, took.Round(time.Millisecond), failed)
	fmt.Printf("RSS right after the burst: %s\n", rss(b.cmd.Process.Pid))
	time.Sleep(*idle)
	fmt.Printf("RSS after %s idle: %s\n", *idle, rss(b.cmd.Process.Pid))

	took, failed = burst(*n)
	stopAt := time.Now()
	if err := b.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	err = b.cmd.Wait()
	fmt.Printf("burst 2: %d commands, %s, %d failed; SIGTERM as its last answer came: exited in %s (%v)\n",
		*n, took.Round(time.Millisecond), failed, time.Since(stopAt).Round(time.Millisecond), exitText(err))

	problems := count(db, `SELECT count(*) FROM problems`)
	fmt.Printf("problems stored: %d of %d answered\n", problems, 2**n-failed)
	if sl != nil {
		posted, twice := slackCards(sl)
		waiting := count(db, `SELECT count(*) FROM outbox WHERE kind = 'problem_posted' AND state IN ('pending', 'sending')`)
		fmt.Printf("before the restart: %d cards posted (%d twice), %d waiting in the outbox: %d of %d problems, none lost: %v\n",
			len(posted), twice, waiting, len(posted)+waiting, problems, len(posted)+waiting == problems && twice == 0)
		b, err = start()
		if err != nil {
			return err
		}
		time.Sleep(*after)
		again, twice := slackCards(sl)
		left := count(db, `SELECT count(*) FROM outbox WHERE kind = 'problem_posted' AND state IN ('pending', 'sending')`)
		fmt.Printf("%s after the restart: %d more cards posted, %d twice in all, %d still waiting (posted at the channel's pace)\n",
			*after, len(again)-len(posted), twice, left)
	} else {
		refs := count(db, `SELECT count(*) FROM message_refs WHERE platform = 'discord' AND kind = 'problem'`)
		cbs, twice := discordCallbacks(dc)
		fmt.Printf("before the restart: %d interactions answered (%d twice), %d cards recorded of %d problems, none lost: %v\n",
			cbs, twice, refs, problems, refs == problems && twice == 0)
		b, err = start()
		if err != nil {
			return err
		}
		time.Sleep(*after)
		cbs, twice = discordCallbacks(dc)
		fmt.Printf("%s after the restart: %d interactions answered, %d twice\n", *after, cbs, twice)
	}
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	_ = b.cmd.Wait()
	return nil
}

// one sends /problem post number i and waits for its answer.
func one(sl *fake.Slack, dc *fake.Discord, i int) error {
	title := fmt.Sprintf("Bias in credit scoring data %d", i)
	if sl != nil {
		_, err := sl.SlashCommand(fake.SlackSlashCommand{Command: "/problem", Text: "post " + title, UserID: fmt.Sprintf("U%04d", i%50)})
		return err
	}
	mark := dc.Mark()
	ia, err := dc.SlashCommandInteraction(fake.DiscordSlashCommand{
		DiscordContext: fake.DiscordContext{UserID: fmt.Sprintf("%d", 100000+i%50)},
		Name:           "problem", Options: []fake.DiscordOption{fake.SubCommand("post", fake.StringOption("title", title))},
	})
	if err != nil {
		return err
	}
	_, err = dc.WaitForAfter(mark, fake.Match("POST", ia.CallbackEndpoint()), 30*time.Second)
	return err
}

var cardID = regexp.MustCompile(`#(\d+) ·`)

// slackCards are the problems whose card was posted, and how many were
// posted more than once.
func slackCards(sl *fake.Slack) (map[string]int, int) {
	seen := map[string]int{}
	for _, call := range sl.CallsSince(0, fake.Match("", "chat.postMessage")) {
		if m := cardID.FindStringSubmatch(call.Param("text")); m != nil {
			seen[m[1]]++
		}
	}
	twice := 0
	for _, k := range seen {
		if k > 1 {
			twice++
		}
	}
	return seen, twice
}

// discordCallbacks counts the interactions answered, and those answered
// more than once.
func discordCallbacks(dc *fake.Discord) (int, int) {
	seen := map[string]int{}
	for _, call := range dc.CallsSince(0, fake.Match("POST", "interactions/*/*/callback")) {
		if call.Status < 300 {
			seen[strings.Split(call.Endpoint, "/")[1]]++
		}
	}
	twice := 0
	for _, k := range seen {
		if k > 1 {
			twice++
		}
	}
	return len(seen), twice
}

func rss(pid int) string {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	var cur, peak string
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "VmRSS:" {
			cur = f[1]
		}
		if len(f) >= 2 && f[0] == "VmHWM:" {
			peak = f[1]
		}
	}
	mb := func(kb string) string {
		v, _ := strconv.Atoi(kb)
		return fmt.Sprintf("%.1f MB", float64(v)/1024)
	}
	return mb(cur) + " (peak " + mb(peak) + ")"
}

func count(db, query string) int {
	out, err := exec.Command("sqlite3", db, query).Output()
	if err != nil {
		return -1
	}
	v, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return v
}

func exitText(err error) string {
	if err == nil {
		return "exit 0"
	}
	return err.Error()
}
