package discord

import (
	"context"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/storage"
)

// BenchmarkInteractionBurst sends bursts of 500 /workshop join commands
// through the fake gateway into the real adapter (discordgo, the router, a
// SQLite file), and waits for the 500 callbacks. Every join also edits the
// workshop's announcement, coalesced. It reports interactions per second,
// the latency from dispatch to callback (p50, p99), and allocations per
// interaction (the fake's own work included: it runs in the same process).
//
// "known" members have used the bot before; "new" members are each
// created on first contact, one more write transaction each.
//
// "mix" is the Slack adapter's benchmark mix, for comparison: 500
// commands from 50 known members, a quarter of them writes.
func BenchmarkInteractionBurst(b *testing.B) {
	b.Run("known", func(b *testing.B) { benchBurst(b, true) })
	b.Run("new", func(b *testing.B) { benchBurst(b, false) })
	b.Run("mix", benchMix)
}

func benchMix(b *testing.B) {
	const burst, members = 500, 50
	e := newEnv(b, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
		o.EditInterval = time.Second
	})
	e.createWorkshop("Imputation clinic", 20)
	e.command(bobID, "en-US", "problem", discordfake.Sub("post", discordfake.Str("title", "Missing values"), discordfake.Str("tags", "#timeseries")))
	mix := []any{
		discordfake.Command("problem", discordfake.Sub("list")),
		discordfake.Command("workshop", discordfake.Sub("list")),
		discordfake.Command("workshop", discordfake.Sub("join", discordfake.Int("id", 1))),
		discordfake.Command("problem", discordfake.Sub("interested", discordfake.Int("id", 1))),
		discordfake.Command("me", discordfake.Sub("show")),
		discordfake.Command("workshop", discordfake.Sub("show", discordfake.Int("id", 1))),
		discordfake.Command("workshop", discordfake.Sub("leave", discordfake.Int("id", 1))),
		discordfake.Command("atelier", discordfake.Sub("help", discordfake.Str("command", "problem"))),
	}
	user := func(i int) string { return strconv.FormatInt(1900000000000000000+int64(i%members), 10) }
	for i := range members {
		e.command(user(i), "en-US", "workshop", discordfake.Sub("list"))
	}
	var lat []time.Duration
	var elapsed time.Duration
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for range b.N {
		ids := make([]string, 0, burst)
		start := time.Now()
		for k := range burst {
			id, err := e.fake.Interact(discordfake.Interaction{Type: 2, UserID: user(k), Data: mix[k%len(mix)]})
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, id)
		}
		var last time.Time
		for _, id := range ids {
			if !e.fake.Await(time.Minute, func() bool { _, ok := e.fake.Callback(id); return ok }) {
				b.Fatal("callback missing")
			}
			cb, _ := e.fake.Callback(id)
			if cb.At.After(last) {
				last = cb.At
			}
			d, _ := e.fake.Latency(id)
			lat = append(lat, d)
		}
		elapsed += last.Sub(start)
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	total := float64(b.N * burst)
	slices.Sort(lat)
	b.ReportMetric(total/elapsed.Seconds(), "interactions/s")
	b.ReportMetric(float64(lat[len(lat)/2])/float64(time.Millisecond), "p50-ms")
	b.ReportMetric(float64(lat[int(0.99*float64(len(lat)-1))])/float64(time.Millisecond), "p99-ms")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/total, "allocs/interaction")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/total, "B/interaction")
}

func benchBurst(b *testing.B, known bool) {
	const burst = 500
	e := newEnv(b, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
		o.EditInterval = time.Second // the default
	})
	// One announced workshop per burst: 500 people joining at once, as at
	// the end of a talk.
	wids := make([]int64, b.N)
	for n := range b.N {
		wids[n], _ = e.createWorkshop("Burst "+strconv.Itoa(n), 0)
	}
	user := func(n, k int) string { return strconv.FormatInt(1900000000000000000+int64(n*burst+k), 10) }
	if known {
		for n := range b.N {
			for k := range burst {
				id := storage.Identity{Platform: Platform, Workspace: discordfake.GuildID, UserID: user(n, k)}
				if _, err := e.db.ResolveMember(context.Background(), id, "user"+user(n, k), false); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	var lat, core []time.Duration
	var elapsed time.Duration
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	e.coreMu.Lock()
	e.core = nil
	e.coreMu.Unlock()
	b.ResetTimer()
	for n := range b.N {
		ids := make([]string, 0, burst)
		start := time.Now()
		for k := range burst {
			id, err := e.fake.Interact(discordfake.Interaction{Type: 2, UserID: user(n, k),
				Data: discordfake.Command("workshop", discordfake.Sub("join", discordfake.Int("id", wids[n])))})
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, id)
		}
		if !e.fake.Await(time.Minute, func() bool {
			_, ok := e.fake.Callback(ids[len(ids)-1])
			if !ok {
				return false
			}
			for _, id := range ids {
				if _, ok := e.fake.Callback(id); !ok {
					return false
				}
			}
			return true
		}) {
			b.Fatal("callbacks missing")
		}
		var last time.Time
		for _, id := range ids {
			cb, _ := e.fake.Callback(id)
			if cb.Type != 4 {
				b.Fatalf("callback type %d", cb.Type)
			}
			if cb.At.After(last) {
				last = cb.At
			}
			d, _ := e.fake.Latency(id)
			lat = append(lat, d)
		}
		elapsed += last.Sub(start)
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	total := float64(b.N * burst)
	e.coreMu.Lock()
	core = append(core, e.core...)
	e.coreMu.Unlock()
	pct := func(ds []time.Duration, p float64) float64 {
		slices.Sort(ds)
		return float64(ds[int(p*float64(len(ds)-1))]) / float64(time.Millisecond)
	}
	b.ReportMetric(total/elapsed.Seconds(), "interactions/s")
	b.ReportMetric(pct(lat, 0.50), "p50-ms")
	b.ReportMetric(pct(lat, 0.99), "p99-ms")
	// The router's own time per interaction (the SQLite transactions, and
	// the wait for the one writer), part of the latency above.
	b.ReportMetric(pct(core, 0.50), "core-p50-ms")
	b.ReportMetric(pct(core, 0.99), "core-p99-ms")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/total, "allocs/interaction")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/total, "B/interaction")
	for _, id := range wids {
		if w := e.workshop(id); w.Joined != burst {
			b.Errorf("workshop %d: %d joined, want %d", id, w.Joined, burst)
		}
	}
}
