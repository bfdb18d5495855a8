package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack/socketmode"

	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/commands"
)

// BenchmarkSlashCommandBurst sends bursts of 500 slash commands from 50
// members through the fake's Socket Mode websocket into the real adapter,
// router and SQLite file, and waits for every ack. One op is one burst.
// It reports commands per second, the time from an envelope sent to its
// ack received (p50, p99), and allocations per command; those include the
// fake Slack's own work, which runs in the same process.
//
//	go test -run XXX -bench SlashCommandBurst -benchmem ./bot/slack/
func BenchmarkSlashCommandBurst(b *testing.B) {
	const burst, members = 500, 50
	serviceGC(b)
	// The production edit grouping (one edit per card per second), not
	// the tests' few milliseconds.
	h := newHarness(b, func(c *Config) { c.EditDelay = time.Second })
	for i := range members {
		id := fmt.Sprintf("UM%04d", i)
		h.fake.AddUser(slackfake.User{ID: id, Name: fmt.Sprintf("m%d", i), DisplayName: fmt.Sprintf("Member %d", i), TZ: "Europe/Paris", Locale: "en-US"})
	}
	h.start()
	h.announce(chan1, "capacity 20 Imputation clinic", 1)
	h.slash(bob, chan1, "/problem", "post Missing values in sensor series #timeseries")
	// A mix of reads and writes; joins past the 20 seats go to the
	// waitlist, and each change edits the announcement (coalesced).
	mix := []struct{ command, text string }{
		{"/problem", "list"},
		{"/workshop", "list"},
		{"/workshop", "join 1"},
		{"/problem", "interested 1"},
		{"/atelier-me", ""},
		{"/workshop", "show 1"},
		{"/workshop", "leave 1"},
		{"/atelier", "help problem"},
	}
	user := func(i int) string { return fmt.Sprintf("UM%04d", i%members) }
	// Every member's first contact (users.info, member row) before timing.
	for i := range members {
		h.slash(user(i), chan1, "/workshop", "list")
	}

	lat := make([]time.Duration, 0, burst*b.N)
	envs := make([]slackfake.Envelope, burst)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		for j := range burst {
			c := mix[j%len(mix)]
			env, err := h.fake.SlashCommand(user(j), chan1, c.command, c.text)
			if err != nil {
				b.Fatal(err)
			}
			envs[j] = env
		}
		for _, env := range envs {
			ack, err := h.fake.AwaitAck(env, 30*time.Second)
			if err != nil {
				b.Fatal(err)
			}
			if ack.Payload == nil {
				b.Fatalf("%s acked without its answer", env.ID)
			}
			lat = append(lat, ack.Latency())
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.ReadMemStats(&after)

	n := float64(burst * b.N)
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(n/elapsed.Seconds(), "cmds/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/cmd")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "B/cmd")
}

// serviceGC runs a benchmark with the garbage collector set as bot.Run sets
// it for the service (bot.gcPercent = 400), unless GOGC says otherwise.
func serviceGC(b *testing.B) {
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(400)
		b.Cleanup(func() { debug.SetGCPercent(old) })
	}
}

// BenchmarkHelpAnswer is the adapter's share of answering "/atelier help",
// the longest answer that rides in an ack, up to slack-go's encoding of
// the ack (socketmode.Response): "render" renders the reply and its
// payload, "kept" is what the adapter does (slashAck: the payload kept
// from an earlier help). The core's own work (writing the help) is left
// out.
//
//	go test -run XXX -bench HelpAnswer -benchmem ./bot/slack/
func BenchmarkHelpAnswer(b *testing.B) {
	h := newHarness(b)
	reply := h.router.Handle(context.Background(), &commands.Request{Platform: Platform, Workspace: "T1", UserID: "UHELP",
		UserName: "helper", Line: "atelier help"})
	if len(reply.Text) < longAnswer {
		b.Fatalf("help of %d bytes: not the long answer this measures", len(reply.Text))
	}
	a := &Adapter{cfg: Config{Language: commands.EN, Community: time.UTC}}
	run := func(b *testing.B, payload func() any) {
		b.ReportAllocs()
		for range b.N {
			p := payload()
			if p == nil {
				b.Fatal("the help does not ride in the ack")
			}
			if _, err := json.Marshal(socketmode.Response{EnvelopeID: "e1", Payload: p}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("render", func(b *testing.B) {
		run(b, func() any {
			m, _ := a.privateMessage(reply)
			return ackPayload(m)
		})
	})
	b.Run("kept", func(b *testing.B) { run(b, func() any { return a.slashAck(reply) }) })
}
