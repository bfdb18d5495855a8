package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/atelier-bot/atelier/storage"
)

// Optional views of a platform for health and metrics; adapters implement
// what they can.
type (
	// connectedReporter says whether the platform's link is up now.
	connectedReporter interface{ Connected() bool }
	// statsReporter counts reconnects and waits imposed by rate limits.
	statsReporter interface {
		Reconnects() uint64
		RateLimitWaits() uint64
	}
	// httpMounter serves platform endpoints (Slack's HTTP mode) on the
	// shared listener.
	httpMounter interface{ MountHTTP(mux *http.ServeMux) }
	// partsReporter says whether each link of a platform with several is
	// up (Slack with several workspaces), by name.
	partsReporter interface{ Parts() map[string]bool }
)

// metrics holds the process's Prometheus series, on a registry of its own
// so tests can build several.
type metrics struct {
	reg      *prometheus.Registry
	commands *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "atelier_commands_total",
			Help: "Interactions handled, by platform, command and outcome (ok, refused, forbidden, internal, panic).",
		}, []string{"platform", "command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "atelier_command_duration_seconds",
			Help:    "Time to answer an interaction, in the core (database included, platform calls excluded).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"platform"}),
	}
	m.reg.MustRegister(m.commands, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// observe is the router's Observe hook.
func (m *metrics) observe(platform, command, outcome string, d time.Duration) {
	m.commands.WithLabelValues(platform, command, outcome).Inc()
	m.latency.WithLabelValues(platform).Observe(d.Seconds())
}

// watchPlatforms adds the per-platform series, read when scraped.
func (m *metrics) watchPlatforms(ps map[string]platform) {
	for name, p := range ps {
		labels := prometheus.Labels{"platform": name}
		if c, ok := p.(connectedReporter); ok {
			m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
				Name: "atelier_platform_connected", Help: "1 when the platform's link is up.", ConstLabels: labels,
			}, func() float64 {
				if c.Connected() {
					return 1
				}
				return 0
			}))
		}
		if pr, ok := p.(partsReporter); ok {
			for part := range pr.Parts() {
				m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
					Name: "atelier_platform_part_connected", Help: "1 when one link of the platform (a Slack workspace) is up.",
					ConstLabels: prometheus.Labels{"platform": name, "part": part},
				}, func() float64 {
					if pr.Parts()[part] {
						return 1
					}
					return 0
				}))
			}
		}
		if s, ok := p.(statsReporter); ok {
			m.reg.MustRegister(
				prometheus.NewCounterFunc(prometheus.CounterOpts{
					Name: "atelier_platform_reconnects_total", Help: "Reconnections of the platform's link.", ConstLabels: labels,
				}, func() float64 { return float64(s.Reconnects()) }),
				prometheus.NewCounterFunc(prometheus.CounterOpts{
					Name: "atelier_rate_limit_waits_total", Help: "Calls delayed by the platform's rate limits.", ConstLabels: labels,
				}, func() float64 { return float64(s.RateLimitWaits()) }),
			)
		}
	}
}

// watchOutbox adds the outbox series, counted when scraped.
func (m *metrics) watchOutbox(db *storage.DB) {
	for _, state := range []string{"pending", "failed"} {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "atelier_outbox_" + state, Help: "Notifications in the outbox in state " + state + ".",
		}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			counts, err := db.OutboxCounts(ctx)
			if err != nil {
				return -1
			}
			return float64(counts[state])
		}))
	}
}

// health answers /healthz: 200 when the database answers and every
// enabled platform is connected, 503 otherwise, saying which part is down.
func health(db *storage.DB, ps map[string]platform) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		parts := map[string]string{"database": "ok"}
		ok := true
		if err := db.Ping(ctx); err != nil {
			parts["database"], ok = "down", false
		}
		names := make([]string, 0, len(ps))
		for name := range ps {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if c, is := ps[name].(connectedReporter); is && !c.Connected() {
				parts[name], ok = "down", false
			} else {
				parts[name] = "ok"
			}
			if pr, is := ps[name].(partsReporter); is {
				for part, up := range pr.Parts() {
					parts[name+"/"+part] = map[bool]string{true: "ok", false: "down"}[up]
				}
			}
		}
		status := "ok"
		code := http.StatusOK
		if !ok {
			status, code = "down", http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]any{"status": status, "parts": parts})
	}
}

// newMux builds the shared HTTP surface; withOps adds health and metrics,
// for when no separate operations listener serves them.
func newMux(db *storage.DB, m *metrics, ps map[string]platform, cal *calendars, withOps bool) *http.ServeMux {
	mux := http.NewServeMux()
	cal.mount(mux)
	if withOps {
		mountOps(mux, health(db, ps), m.handler(), false)
	}
	for _, p := range ps {
		if hm, ok := p.(httpMounter); ok {
			hm.MountHTTP(mux)
		}
	}
	return mux
}
