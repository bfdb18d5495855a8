package bot

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// limitedServer serves h on 127.0.0.1 with short limits, through the same
// listen/server/serveHTTP the program uses.
func limitedServer(t *testing.T, h http.Handler, tune func(*HTTPConfig)) string {
	t.Helper()
	cfg := DefaultHTTPConfig()
	cfg.ReadHeaderTimeout = Duration(300 * time.Millisecond)
	cfg.ReadTimeout = Duration(600 * time.Millisecond)
	cfg.IdleTimeout = Duration(400 * time.Millisecond)
	if tune != nil {
		tune(&cfg)
	}
	if errs := cfg.validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	ln, err := cfg.listen("test", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serveHTTP(ctx, slog.New(slog.DiscardHandler), ln, cfg.server(h, slog.New(slog.DiscardHandler)), time.Second)
	}()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr().String()
}

// closedWithin reports whether the server closes c within d (reading until
// EOF or a reset); anything the server writes first is read and dropped.
func closedWithin(t *testing.T, c net.Conn, d time.Duration) bool {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

func okHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "ok")
	})
}

func TestHTTPSlowHeadersClosed(t *testing.T) {
	addr := limitedServer(t, okHandler(), nil)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n") // and never the blank line
	if !closedWithin(t, c, 3*time.Second) {
		t.Fatal("a client sending its headers slowly kept the connection past read_header_timeout")
	}
}

func TestHTTPSlowBodyClosed(t *testing.T) {
	addr := limitedServer(t, okHandler(), nil)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab")
	if !closedWithin(t, c, 3*time.Second) {
		t.Fatal("a client sending its body slowly kept the connection past read_timeout")
	}
}

func TestHTTPIdleKeepAliveClosed(t *testing.T) {
	addr := limitedServer(t, okHandler(), nil)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("first request: status %d, close %v; want a kept-alive 200", resp.StatusCode, resp.Close)
	}
	if !closedWithin(t, c, 3*time.Second) {
		t.Fatal("an idle keep-alive connection outlived idle_timeout")
	}
}

func TestHTTPHeaderBytesCapped(t *testing.T) {
	addr := limitedServer(t, okHandler(), func(c *HTTPConfig) { c.MaxHeaderBytes = 2048 })
	req, _ := http.NewRequest("GET", "http://"+addr+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 64<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("64 KB of headers: status %d, want 431", resp.StatusCode)
	}
}

// Past max_conns, a new connection is not served until one closes.
func TestHTTPConnectionCap(t *testing.T) {
	addr := limitedServer(t, okHandler(), func(c *HTTPConfig) {
		c.MaxConns = 2
		c.IdleTimeout = Duration(time.Minute)
		c.ReadHeaderTimeout = Duration(time.Minute)
		c.ReadTimeout = Duration(time.Minute)
	})
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		held = append(held, c)
	}
	third := &http.Client{Timeout: 300 * time.Millisecond}
	if _, err := third.Get("http://" + addr + "/"); err == nil {
		t.Fatal("a third connection was served while two held the cap of 2")
	}
	held[0].Close()
	third.Timeout = 3 * time.Second
	resp, err := third.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("after one of the two closed, a new connection was still refused: %v", err)
	}
	resp.Body.Close()
}

func TestHTTPConfigLimitsValidated(t *testing.T) {
	for _, tc := range []struct {
		tune func(*HTTPConfig)
		want string
	}{
		{func(c *HTTPConfig) { c.IdleTimeout = 0 }, "http.idle_timeout"},
		{func(c *HTTPConfig) { c.MaxConns = 0 }, "http.max_conns"},
		{func(c *HTTPConfig) { c.MaxHeaderBytes = 10 }, "http.max_header_bytes"},
		{func(c *HTTPConfig) { c.OpsListen = "nowhere" }, "http.ops_listen"},
		{func(c *HTTPConfig) { c.Listen, c.OpsListen = ":8080", ":8080" }, "http.ops_listen must differ"},
		{func(c *HTTPConfig) { c.Pprof = true }, "http.pprof needs http.ops_listen"},
	} {
		cfg := DefaultHTTPConfig()
		tc.tune(&cfg)
		var got []string
		for _, err := range cfg.validate() {
			got = append(got, err.Error())
		}
		if !strings.Contains(strings.Join(got, "\n"), tc.want) {
			t.Errorf("want an error naming %q, got %q", tc.want, got)
		}
	}
	if errs := DefaultHTTPConfig().validate(); len(errs) > 0 {
		t.Errorf("the defaults do not validate: %v", errs)
	}
}

// freeAddr is a 127.0.0.1 address nothing listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// With http.ops_listen set, the whole program serves health, metrics and
// profiles only there; the public listener answers 404 for them.
func TestOpsListenerKeepsOpsOffPublic(t *testing.T) {
	public, ops := freeAddr(t), freeAddr(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, "database:\n  path: "+filepath.Join(dir, "atelier.db")+
		"\nhttp:\n  listen: "+public+"\n  ops_listen: "+ops+"\n  pprof: true\n")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	stdin, hold := io.Pipe() // the console waits on it: the program keeps running
	go func() {
		done <- Run(ctx, []string{"-config", cfg}, func(string) string { return "" }, stdin, &out, &errOut)
	}()
	defer func() {
		cancel()
		hold.Close()
		<-done
	}()
	status := func(addr, path string) int {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	deadline := time.Now().Add(10 * time.Second)
	for status(ops, "/healthz") != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("the ops listener never answered /healthz\nlogs:\n%s", errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, path := range []string{"/metrics", "/debug/pprof/"} {
		if got := status(ops, path); got != http.StatusOK {
			t.Errorf("ops %s: %d, want 200", path, got)
		}
	}
	for _, path := range []string{"/healthz", "/metrics", "/debug/pprof/"} {
		if got := status(public, path); got != http.StatusNotFound {
			t.Errorf("public %s: %d, want 404", path, got)
		}
	}
}

// The whole program refuses a database a newer atelier wrote: a clear
// message, a non-zero exit, and the file left as it was.
func TestRunRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "atelier.db")
	db, err := storage.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, "database:\n  path: "+path+"\n")
	var out, errOut bytes.Buffer
	err = Run(t.Context(), []string{"-config", cfg}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	if err == nil || ExitCode(err) == 0 {
		t.Fatalf("Run on a version 9999 database: err %v", err)
	}
	if !strings.Contains(err.Error(), "newer version of atelier") || !strings.Contains(err.Error(), "9999") {
		t.Errorf("message %q does not say a newer version wrote the database", err)
	}
}
