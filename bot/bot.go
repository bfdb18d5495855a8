// Package bot wires atelier together: configuration, the database, the
// router and the platform adapters.
package bot

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/bot/console"
	"github.com/atelier-bot/atelier/bot/redact"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Version is set at build time with -ldflags "-X …/bot.Version=…".
var Version = "dev"

// ErrUsage means the command line was wrong; usage was already printed.
var ErrUsage = errors.New("usage")

// ExitCode is the process exit status for an error of Run: 2 for a bad
// command line, 1 for anything else.
func ExitCode(err error) int {
	if errors.Is(err, ErrUsage) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

const usage = `atelier runs the atelier community bot.

Usage:
  atelier [-config FILE]               run the bot (the console when no platform is enabled)
  atelier [-config FILE] backup FILE   write an online copy of the database to FILE (while the bot runs)
  atelier [-config FILE] restore FILE  replace the database with the backup FILE (the bot must be stopped)
  atelier version                      print the version

Flags:
`

// Run is the whole program; main only calls it, and so do tests.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("atelier", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "configuration `FILE` (default: atelier.yaml if present, else built-in defaults)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return ErrUsage
	}
	rest := fs.Args()
	sub := "run"
	if len(rest) > 0 {
		sub, rest = rest[0], rest[1:]
	}
	switch sub {
	case "version":
		if len(rest) != 0 {
			fs.Usage()
			return ErrUsage
		}
		fmt.Fprintf(stdout, "atelier %s\n", Version)
		return nil
	case "backup", "restore":
		if len(rest) != 1 {
			fs.Usage()
			return ErrUsage
		}
	case "run":
		if len(rest) != 0 {
			fs.Usage()
			return ErrUsage
		}
	default:
		fmt.Fprintf(stderr, "atelier: unknown command %q\n", sub)
		fs.Usage()
		return ErrUsage
	}

	cfg, err := loadConfig(*configPath, getenv)
	if err != nil {
		return err
	}
	if sub == "run" {
		tuneGC(getenv)
	}
	consoleOnly := !cfg.Slack.Enabled && !cfg.Discord.Enabled
	log := newLogger(cfg.Log, stderr, consoleOnly && sub == "run", cfg.secrets()...)

	if sub == "run" || sub == "restore" {
		release, err := lockDatabase(cfg.Database.Path)
		if errors.Is(err, errLocked) {
			return fmt.Errorf("atelier: %s is in use by a running atelier (database locked); stop it first", cfg.Database.Path)
		}
		if err != nil {
			return err
		}
		defer release()
	}
	if sub == "restore" {
		if err := storage.Restore(ctx, rest[0], cfg.Database.Path); err != nil {
			return fmt.Errorf("atelier: %w", err)
		}
	}

	db, err := storage.Open(ctx, cfg.Database.Path, storage.Options{SynchronousFull: cfg.Database.Synchronous == "full"})
	if err != nil {
		return fmt.Errorf("atelier: %w", err)
	}
	defer db.Close()
	for _, f := range db.Tightened {
		log.Warn("a database file was readable by others; it is now 0600", "file", f)
	}
	if db.DirWarning != "" {
		log.Warn("database directory open to others", "detail", db.DirWarning)
	}

	if sub == "restore" {
		v, err := db.Version(ctx)
		if err != nil {
			return fmt.Errorf("atelier: %w", err)
		}
		fmt.Fprintf(stdout, "restored %s from %s (schema version %d)\n", cfg.Database.Path, rest[0], v)
		return nil
	}

	if sub == "backup" {
		if err := db.Backup(ctx, rest[0]); err != nil {
			return fmt.Errorf("atelier: %w", err)
		}
		fmt.Fprintf(stdout, "backup written to %s\n", rest[0])
		return nil
	}

	if err := syncChapters(ctx, db, cfg); err != nil {
		return fmt.Errorf("atelier: %w", err)
	}
	lang, _ := commands.ParseLang(cfg.Community.Language)
	order, _ := commands.ParseDateOrder(cfg.Community.DateOrder)
	m := newMetrics()
	router := commands.NewRouter(db, commands.Config{
		Location:  cfg.Location(),
		Language:  lang,
		DateOrder: order,
		IsStaff:   cfg.IsStaff,
		Logger:    log,
		Observe:   m.observe,
		// Calendar links point at the listener, so none without it.
		PublicURL:       publicURL(cfg.HTTP),
		Posts:           commands.Rate{Every: time.Duration(cfg.Limits.PostEvery), Burst: cfg.Limits.PostBurst},
		Channels:        cfg.NamedChannels,
		Platforms:       cfg.Platforms(),
		Chapters:        cfg.routerChapters(),
		ChapterFrom:     cfg.ChapterFrom,
		ChapterChannels: cfg.ChapterChannels,
		StaffOf:         cfg.StaffOf,
		// Participants in the retention table.
		RetentionMinSessions: cfg.Stats.RetentionMinSessions,
	})
	reminderPolicy(db, cfg)
	jobPolicy(db, cfg)
	log.Info("atelier starting", "version", Version, "database", cfg.Database.Path, "slack", cfg.Slack.Enabled, "discord", cfg.Discord.Enabled)

	deps := platformDeps{cfg: cfg, router: router, log: log}
	platforms := map[string]platform{}
	if consoleOnly {
		platforms["console"] = consolePlatform{in: stdin, console: console.New(router, stdout, console.Options{
			User:        firstOr(cfg.Staff.Console, "admin"),
			Echo:        !isTerminal(stdin),
			Interactive: isTerminal(stdin),
			Community:   cfg.Community.Name,
		})}
	}
	if cfg.Slack.Enabled {
		p, err := newSlack(deps)
		if err != nil {
			return err
		}
		platforms["slack"] = p
	}
	if cfg.Discord.Enabled {
		p, err := newDiscord(deps)
		if err != nil {
			return err
		}
		platforms["discord"] = p
	}
	m.watchPlatforms(platforms)
	m.watchOutbox(db)

	runners := map[string]func(context.Context) error{}
	for name, p := range platforms {
		runners[name] = p.Run
	}
	// A post is matched to members' interests just after its own
	// transaction; a crash in between is caught up here, before anything
	// new comes in.
	if n, err := db.MatchCatchUp(ctx, db.Now().Add(-48*time.Hour)); err != nil {
		log.Error("interest matching catch-up", "err", err)
	} else if n > 0 {
		log.Info("interest matching caught up", "told", n)
	}
	sched, err := newScheduler(cfg, db, router, platforms, log)
	if err != nil {
		return fmt.Errorf("atelier: %w", err)
	}
	runners["scheduler"] = sched.Run
	h := cfg.HTTP
	if h.Listen != "" {
		ln, err := h.listen("http.listen", h.Listen)
		if err != nil {
			return fmt.Errorf("atelier: %w", err)
		}
		log.Info("http listening", "addr", ln.Addr().String())
		cal := &calendars{db: db, log: log, community: cfg.Community.Name, lang: commands.Lang(cfg.Community.Language), uidDomain: uidDomain(h.PublicURL, cfg.Community.Name), communityOff: !h.CalendarFeed,
			reads: commands.Buckets[string]{Limit: perMinute(cfg.Limits.CalendarPerMinute)}}
		srv := h.server(newMux(db, m, platforms, cal, h.OpsListen == ""), log)
		runners["http"] = func(ctx context.Context) error { return serveHTTP(ctx, log, ln, srv, shutdownGrace) }
	}
	if h.OpsListen != "" {
		ln, err := h.listen("http.ops_listen", h.OpsListen)
		if err != nil {
			return fmt.Errorf("atelier: %w", err)
		}
		log.Info("ops listening", "addr", ln.Addr().String(), "pprof", h.Pprof)
		mux := http.NewServeMux()
		mountOps(mux, health(db, platforms), m.handler(), h.Pprof)
		srv := h.server(mux, log)
		// A CPU profile or trace streams for as long as it was asked to.
		srv.WriteTimeout = max(srv.WriteTimeout, 2*time.Minute)
		runners["ops"] = func(ctx context.Context) error { return serveHTTP(ctx, log, ln, srv, shutdownGrace) }
	}
	return runAll(ctx, log, runners)
}

func publicURL(h HTTPConfig) string {
	if h.Listen == "" {
		return ""
	}
	return strings.TrimSuffix(h.PublicURL, "/")
}

// shutdownGrace bounds how long a stop waits for work in flight.
const shutdownGrace = 10 * time.Second

// consolePlatform runs the console like any other platform.
type consolePlatform struct {
	console *console.Console
	in      io.Reader
}

func (c consolePlatform) Run(ctx context.Context) error {
	return c.console.Run(ctx, c.in)
}

// loadConfig reads -config, else atelier.yaml when present, else defaults.
func loadConfig(path string, getenv func(string) string) (Config, error) {
	if path == "" {
		if _, err := os.Stat("atelier.yaml"); err == nil {
			path = "atelier.yaml"
		}
	}
	return LoadConfig(path, getenv)
}

// newLogger writes to stderr. On the console the terminal is the chat, so
// the routine info lines are held back unless debug is asked for.
// newLogger builds the program's logger; every record passes through the
// redacting handler, which masks the secrets given and any token or
// capability URL it recognises.
func newLogger(c LogConfig, w io.Writer, console bool, secrets ...string) *slog.Logger {
	var level slog.Level
	switch strings.ToLower(c.Level) {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	if console && level == slog.LevelInfo {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if c.Format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(redact.Handler(h, secrets...))
}

func firstOr(list []string, def string) string {
	if len(list) > 0 {
		return list[0]
	}
	return def
}

// isTerminal reports whether r is an interactive terminal (not a pipe or a
// file), to decide between a prompt and echoing piped input.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// gcPercent is the garbage collector's target when GOGC is not set. The
// bot's live heap is a few megabytes, so Go's default (100) collects every
// few megabytes allocated: four or five times in a burst of 500
// interactions. At 400 the heap stays small (some tens of megabytes) and a
// burst spends 10 to 20 % less CPU. The burst benchmarks of bot/discord and
// bot/slack run with the same value.
const gcPercent = 400

// tuneGC applies gcPercent unless the operator chose with GOGC.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
