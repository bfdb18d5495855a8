package bot

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// fakePlatform is a platform whose link the test cuts and restores.
type fakePlatform struct {
	up         atomic.Bool
	reconnects atomic.Uint64
}

func (f *fakePlatform) Run(ctx context.Context) error { <-ctx.Done(); return nil }
func (f *fakePlatform) Connected() bool               { return f.up.Load() }
func (f *fakePlatform) Reconnects() uint64            { return f.reconnects.Load() }
func (f *fakePlatform) RateLimitWaits() uint64        { return 0 }

func TestHealthAndMetrics(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "atelier.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := newMetrics()
	r := commands.NewRouter(db, commands.Config{
		Location: time.UTC, Language: commands.EN, Observe: m.observe,
		IsStaff: func(_, u string) bool { return u == "admin" },
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	slack := &fakePlatform{}
	slack.up.Store(true)
	ps := map[string]platform{"slack": slack}
	m.watchPlatforms(ps)
	m.watchOutbox(db)
	srv := httptest.NewServer(newMux(db, m, ps, &calendars{db: db, log: slog.Default(), community: "test", uidDomain: "test"}, true))
	defer srv.Close()

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	health := func() (int, map[string]any) {
		code, body := get("/healthz")
		var v map[string]any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("healthz body %q: %v", body, err)
		}
		return code, v
	}

	if code, v := health(); code != 200 || v["status"] != "ok" {
		t.Errorf("healthz up: %d %v", code, v)
	}
	slack.up.Store(false)
	code, v := health()
	if parts, _ := v["parts"].(map[string]any); code != 503 || parts["slack"] != "down" || parts["database"] != "ok" {
		t.Errorf("healthz with slack down: %d %v", code, v)
	}
	slack.up.Store(true)
	slack.reconnects.Add(2)
	if code, _ := health(); code != 200 {
		t.Errorf("healthz back: %d", code)
	}

	req := func(user, line string) {
		r.Handle(ctx, &commands.Request{Platform: "slack", Workspace: "T1", UserID: user, UserName: user, Line: line})
	}
	req("alice", "problem post One #a")
	req("alice", "problem post Two #a")
	req("bob", "workshop create Nope")  // forbidden for a member: refused
	req("bob", "frobnicate everything") // unknown command
	_, body := get("/metrics")
	for _, want := range []string{
		`atelier_commands_total{command="problem.post",outcome="ok",platform="slack"} 2`,
		`atelier_commands_total{command="workshop.create",outcome="refused",platform="slack"} 1`,
		`atelier_commands_total{command="unknown",outcome="refused",platform="slack"} 1`,
		`atelier_command_duration_seconds_count{platform="slack"} 4`,
		`atelier_platform_connected{platform="slack"} 1`,
		`atelier_platform_reconnects_total{platform="slack"} 2`,
		`atelier_rate_limit_waits_total{platform="slack"} 0`,
		"atelier_outbox_pending 0",
		"atelier_outbox_failed 0",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "frobnicate") {
		t.Error("typed text became a metrics label")
	}
	db.Close()
	if code, v := health(); code != 503 {
		t.Errorf("healthz with the database closed: %d %v", code, v)
	}
}
