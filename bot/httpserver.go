package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strconv"
	"time"

	"golang.org/x/net/netutil"
)

// HTTPConfig configures the HTTP listener that Slack's HTTP mode needs; an
// empty Listen means no listener.
type HTTPConfig struct {
	Listen string `yaml:"listen"`
	// PublicURL is how members reach the listener (https://atelier.example.org),
	// for calendar links; empty leaves the links out.
	PublicURL string `yaml:"public_url" config:"url"`
	// OpsListen, when set (127.0.0.1:9090), serves /metrics, /healthz and,
	// with Pprof, /debug/pprof/ there instead of on Listen, so operations
	// endpoints stay off the public listener.
	OpsListen string `yaml:"ops_listen"`
	// CalendarFeed serves the community's feed (/calendar.ics) to anyone
	// with the address; false leaves only members' personal feeds.
	CalendarFeed bool `yaml:"calendar_feed"`
	Pprof        bool `yaml:"pprof"`
	// Limits of the listeners: a slow or idle client cannot hold a
	// connection, nor many of them the process's memory and sockets.
	ReadHeaderTimeout Duration `yaml:"read_header_timeout"`
	ReadTimeout       Duration `yaml:"read_timeout"`
	WriteTimeout      Duration `yaml:"write_timeout"`
	IdleTimeout       Duration `yaml:"idle_timeout"`
	MaxHeaderBytes    int      `yaml:"max_header_bytes"`
	MaxConns          int      `yaml:"max_conns"`
}

// DefaultHTTPConfig bounds the listeners so that slow or idle clients cost a
// few sockets for a few seconds, not memory without end: Slack and Discord
// send small requests and expect an answer within three seconds, and the
// calendar feeds are small.
func DefaultHTTPConfig() HTTPConfig {
	return HTTPConfig{
		ReadHeaderTimeout: Duration(5 * time.Second),
		ReadTimeout:       Duration(15 * time.Second),
		WriteTimeout:      Duration(30 * time.Second),
		IdleTimeout:       Duration(60 * time.Second),
		MaxHeaderBytes:    32 << 10,
		MaxConns:          1024,
		CalendarFeed:      true,
	}
}

func (h HTTPConfig) validate() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("config: "+format, args...)) }
	if u := h.PublicURL; u != "" {
		if err := checkURL(u); err != nil {
			fail("http.public_url %v", err)
		}
	}
	if l := h.Listen; l != "" && !isHostPort(l) {
		fail("http.listen %q must be host:port, for example :8080 or 127.0.0.1:8080", l)
	}
	if l := h.OpsListen; l != "" {
		switch {
		case !isHostPort(l):
			fail("http.ops_listen %q must be host:port, for example 127.0.0.1:9090", l)
		case l == h.Listen:
			fail("http.ops_listen must differ from http.listen (%q): it keeps metrics and health off the public listener", l)
		}
	}
	if h.Pprof && h.OpsListen == "" {
		fail("http.pprof needs http.ops_listen: profiles are never served on the public listener")
	}
	for _, d := range []struct {
		key string
		v   Duration
	}{
		{"read_header_timeout", h.ReadHeaderTimeout}, {"read_timeout", h.ReadTimeout},
		{"write_timeout", h.WriteTimeout}, {"idle_timeout", h.IdleTimeout},
	} {
		if d.v <= 0 || time.Duration(d.v) > 10*time.Minute {
			fail("http.%s must be between 1s and 10m, not %s", d.key, time.Duration(d.v))
		}
	}
	if h.MaxHeaderBytes < 1<<10 || h.MaxHeaderBytes > 1<<20 {
		fail("http.max_header_bytes must be between 1024 and 1048576, not %d", h.MaxHeaderBytes)
	}
	if h.MaxConns < 1 || h.MaxConns > 1<<20 {
		fail("http.max_conns must be between 1 and 1048576, not %d", h.MaxConns)
	}
	return errs
}

func isHostPort(s string) bool {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535
}

// listen opens addr with the connection cap: past MaxConns, new connections
// wait in the kernel's backlog instead of costing a goroutine and buffers.
func (h HTTPConfig) listen(key, addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return netutil.LimitListener(ln, h.MaxConns), nil
}

// server is an http.Server with the configured limits.
func (h HTTPConfig) server(handler http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: time.Duration(h.ReadHeaderTimeout),
		ReadTimeout:       time.Duration(h.ReadTimeout),
		WriteTimeout:      time.Duration(h.WriteTimeout),
		IdleTimeout:       time.Duration(h.IdleTimeout),
		MaxHeaderBytes:    h.MaxHeaderBytes,
		// Clients that hang up or send garbage are the internet's noise:
		// debug level, not the operator's error log.
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
}

// serveHTTP runs srv on ln until ctx is done, then drains it for at most
// grace.
func serveHTTP(ctx context.Context, log *slog.Logger, ln net.Listener, srv *http.Server, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Warn("http shutdown", "err", err)
	}
	return nil
}

// mountOps adds the operations endpoints: health, metrics and, when asked,
// the runtime profiles.
func mountOps(mux *http.ServeMux, health, metrics http.Handler, withPprof bool) {
	mux.Handle("GET /healthz", health)
	mux.Handle("GET /metrics", metrics)
	if withPprof {
		mux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	}
}
