package discord

import (
	"context"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/storage"
)

// BenchmarkInteractionBurst sends bursts of 500 /workshop join commands
// through the fake gateway into the real adapter (discordgo, the router, a
// SQLite file), and waits for the 500 callbacks. Every join also edits the
// workshop's announcement, coalesced. It reports interactions per second,
// the latency from dispatch to callback (p50, p99), the process's CPU time
// and allocations per interaction (the fake's own work included: it runs
// in the same process).
//
// "known" members have used the bot before; "new" members are each
// created on first contact, one more write transaction each.
//
// "post" is /problem post: a public card per interaction, recorded after
// its callback.
//
// "mix" is the Slack adapter's benchmark mix, for comparison: 500
// commands from 50 known members, a quarter of them writes. "floor" is
// the cost of the round trip itself (see benchFloor).
func BenchmarkInteractionBurst(b *testing.B) {
	serviceGC(b)
	b.Run("known", func(b *testing.B) { benchBurst(b, true) })
	b.Run("new", func(b *testing.B) { benchBurst(b, false) })
	b.Run("mix", benchMix)
	b.Run("floor", benchFloor)
	b.Run("post", benchPost)
}

// benchFloor is the floor: "/me show" from known members is answered from
// the member cache, so what it costs is the gateway, discordgo, the
// adapter, the callback's round trip and the fake.
func benchFloor(b *testing.B) {
	const burst, members = 500, 50
	e := newBenchEnv(b)
	user := func(i int) string { return strconv.FormatInt(1900000000000000000+int64(i%members), 10) }
	show := discordfake.Command("me", discordfake.Sub("show"))
	for i := range members {
		e.command(user(i), "en-US", "me", discordfake.Sub("show"))
	}
	m := startBursts(b, e)
	for range b.N {
		m.burst(burst, func(k int) discordfake.Interaction {
			return discordfake.Interaction{Type: 2, UserID: user(k), Data: show}
		})
	}
	m.report()
}

func benchMix(b *testing.B) {
	const burst, members = 500, 50
	e := newBenchEnv(b)
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
	m := startBursts(b, e)
	for range b.N {
		m.burst(burst, func(k int) discordfake.Interaction {
			return discordfake.Interaction{Type: 2, UserID: user(k), Data: mix[k%len(mix)]}
		})
	}
	m.report()
}

func benchBurst(b *testing.B, known bool) {
	const burst = 500
	e := newBenchEnv(b)
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
				if _, err := e.db.ResolveMember(context.Background(), id, "user"+user(n, k), false, ""); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	m := startBursts(b, e)
	for n := range b.N {
		m.burst(burst, func(k int) discordfake.Interaction {
			return discordfake.Interaction{Type: 2, UserID: user(n, k),
				Data: discordfake.Command("workshop", discordfake.Sub("join", discordfake.Int("id", wids[n])))}
		})
	}
	m.report()
	for _, id := range wids {
		if w := e.workshop(id); w.Joined != burst {
			b.Errorf("workshop %d: %d joined, want %d", id, w.Joined, burst)
		}
	}
}

func newBenchEnv(b *testing.B) *env {
	return newEnv(b, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
		o.EditInterval = time.Second // the default
	})
}

// bursts measures bursts of interactions: each is sent at once through
// the fake gateway, and ends when the fake has every callback.
type bursts struct {
	b        *testing.B
	e        *env
	lat      []time.Duration
	elapsed  time.Duration
	n        int
	ms       runtime.MemStats
	cpu      time.Duration
	coreFrom int
}

func startBursts(b *testing.B, e *env) *bursts {
	m := &bursts{b: b, e: e}
	// One burst first, not measured: a bot that has been running has its
	// connections to Discord open (over HTTP/1 to the fake, dozens of
	// dials), its goroutine stacks grown and its statements prepared. The
	// warm-up has its own members, so the measured "new" ones stay new.
	warm := discordfake.Command("me", discordfake.Sub("show"))
	m.burst(500, func(k int) discordfake.Interaction {
		return discordfake.Interaction{Type: 2, UserID: strconv.FormatInt(1800000000000000000+int64(k%50), 10), Data: warm}
	})
	m.lat, m.elapsed, m.n = nil, 0, 0
	runtime.GC()
	runtime.ReadMemStats(&m.ms)
	m.cpu = cpuTime(b)
	e.coreMu.Lock()
	m.coreFrom = len(e.core)
	e.coreMu.Unlock()
	b.ResetTimer()
	return m
}

func (m *bursts) burst(size int, interaction func(k int) discordfake.Interaction) {
	ids := make([]string, 0, size)
	start := time.Now()
	for k := range size {
		id, err := m.e.fake.Interact(interaction(k))
		if err != nil {
			m.b.Fatal(err)
		}
		ids = append(ids, id)
	}
	if !m.e.fake.Await(time.Minute, func() bool {
		for _, id := range slices.Backward(ids) {
			if _, ok := m.e.fake.Callback(id); !ok {
				return false
			}
		}
		return true
	}) {
		m.b.Fatal("callbacks missing")
	}
	var last time.Time
	for _, id := range ids {
		cb, _ := m.e.fake.Callback(id)
		if cb.Type != 4 {
			m.b.Fatalf("callback type %d", cb.Type)
		}
		if cb.At.After(last) {
			last = cb.At
		}
		d, _ := m.e.fake.Latency(id)
		m.lat = append(m.lat, d)
	}
	m.elapsed += last.Sub(start)
	m.n += size
	// Every message still blocked every mention; then the fake forgets
	// them (see ForgetHistory). Neither counts in the figures: its CPU
	// time and allocations move the baselines.
	m.b.StopTimer()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu := cpuTime(m.b)
	checkAllowedMentions(m.b, m.e.fake)
	m.e.fake.ForgetHistory()
	m.cpu += cpuTime(m.b) - cpu
	runtime.ReadMemStats(&after)
	m.ms.Mallocs += after.Mallocs - before.Mallocs
	m.ms.TotalAlloc += after.TotalAlloc - before.TotalAlloc
	m.b.StartTimer()
}

func (m *bursts) report() {
	m.b.StopTimer()
	cpu := cpuTime(m.b) - m.cpu
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	total := float64(m.n)
	m.e.coreMu.Lock()
	core := slices.Clone(m.e.core[m.coreFrom:])
	m.e.coreMu.Unlock()
	pct := func(ds []time.Duration, p float64) float64 {
		if len(ds) == 0 {
			return 0
		}
		slices.Sort(ds)
		return float64(ds[int(p*float64(len(ds)-1))]) / float64(time.Millisecond)
	}
	m.b.ReportMetric(total/m.elapsed.Seconds(), "interactions/s")
	m.b.ReportMetric(pct(m.lat, 0.50), "p50-ms")
	m.b.ReportMetric(pct(m.lat, 0.99), "p99-ms")
	// The router's own time per interaction (the SQLite transactions, and
	// the wait for the one writer), part of the latency above.
	m.b.ReportMetric(pct(core, 0.50), "core-p50-ms")
	m.b.ReportMetric(pct(core, 0.99), "core-p99-ms")
	// The process's CPU time, the fake's included: on a small machine a
	// burst's p99 is about its CPU time divided by the cores.
	m.b.ReportMetric(float64(cpu.Microseconds())/total, "cpu-µs/interaction")
	m.b.ReportMetric(float64(ms.Mallocs-m.ms.Mallocs)/total, "allocs/interaction")
	m.b.ReportMetric(float64(ms.TotalAlloc-m.ms.TotalAlloc)/total, "B/interaction")
}

// cpuTime is the user and system CPU time the process used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// serviceGC runs a benchmark with the garbage collector set as bot.Run sets
// it for the service (bot.gcPercent = 400), unless GOGC says otherwise.
func serviceGC(b *testing.B) {
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(400)
		b.Cleanup(func() { debug.SetGCPercent(old) })
	}
}

// benchPost: bursts of 500 "/problem post" from 50 known members, each a
// public card answered in the callback, whose message the adapter then
// records. That recording (and whatever else follows the callback) is not
// waited for: it overlaps the next burst, and counts in the CPU time.
func benchPost(b *testing.B) {
	const burst, members = 500, 50
	e := newBenchEnv(b)
	user := func(i int) string { return strconv.FormatInt(1900000000000000000+int64(i%members), 10) }
	for i := range members {
		e.command(user(i), "en-US", "me", discordfake.Sub("show"))
	}
	m := startBursts(b, e)
	for n := range b.N {
		m.burst(burst, func(k int) discordfake.Interaction {
			title := "Burst " + strconv.Itoa(n) + " problem " + strconv.Itoa(k)
			return discordfake.Interaction{Type: 2, UserID: user(k),
				Data: discordfake.Command("problem", discordfake.Sub("post", discordfake.Str("title", title)))}
		})
	}
	m.report()
}
