package scheduler

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// benchDB opens a database whose clock is the real one.
func benchDB(b *testing.B) *storage.DB {
	b.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// nopSender records only a count.
type nopSender struct{ n int }

func (s *nopSender) Send(context.Context, commands.Target, commands.Reply) (string, error) {
	s.n++
	return "x", nil
}

// BenchmarkDispatch measures sends per second to a recording sender: each
// row claimed in a batch, rendered, sent and marked sent on its own (so a
// crash re-sends at most the row in flight).
//
//	go test -run XXX -bench Dispatch ./scheduler/
func BenchmarkDispatch(b *testing.B) {
	ctx := context.Background()
	b.Run("announcements", func(b *testing.B) {
		db := benchDB(b)
		now := time.Now()
		db.Now = func() time.Time { return now }
		notes := make([]storage.Note, 0, 1000)
		for i := range b.N {
			notes = append(notes, storage.Note{Key: "b:" + strconv.Itoa(i), Kind: storage.NoteAnnouncement, Args: storage.NoteArgs{Text: "hello"},
				To: storage.Address{Platform: "console", Channel: "c"}, PlannedAt: now})
			if len(notes) == cap(notes) || i == b.N-1 {
				if err := db.Enqueue(ctx, notes...); err != nil {
					b.Fatal(err)
				}
				notes = notes[:0]
			}
		}
		sender := &nopSender{}
		s, err := New(db, Options{Senders: map[string]Sender{"console": sender}, Logger: quietLogger(), Clock: fixedClock{now}})
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		start := time.Now()
		if _, err := s.Tick(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sender.n)/time.Since(start).Seconds(), "sends/s")
		if sender.n != b.N {
			b.Fatalf("sent %d of %d", sender.n, b.N)
		}
	})
	b.Run("reminders", func(b *testing.B) {
		// A session's 1,000 participants, reminded in their language: the
		// renderer reads each reader, and the session once a batch.
		db := benchDB(b)
		now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		clock := newFakeClock(now)
		db.Now = clock.Now
		db.Reminders = storage.ReminderPolicy{Offsets: []time.Duration{time.Hour}, Location: paris}
		host, _ := db.ResolveMember(ctx, storage.Identity{Platform: "console", Workspace: "local", UserID: "admin"}, "admin", true, "")
		w := storage.Workshop{HostID: host.ID, Title: "QGIS"}
		if err := db.CreateWorkshop(ctx, &w); err != nil {
			b.Fatal(err)
		}
		s := storage.Session{WorkshopID: w.ID, Start: now.Add(2 * time.Hour), Duration: time.Hour}
		if err := db.AddSession(ctx, &s); err != nil {
			b.Fatal(err)
		}
		const members = 1000
		for i := range members {
			m, err := db.ResolveMember(ctx, storage.Identity{Platform: "console", Workspace: "local", UserID: fmt.Sprint("m", i)}, "", false, "")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := db.Join(ctx, w.ID, m.ID); err != nil {
				b.Fatal(err)
			}
		}
		sender := &nopSender{}
		sch, err := New(db, Options{Senders: map[string]Sender{"console": sender}, Logger: quietLogger(), Clock: clock, Location: paris})
		if err != nil {
			b.Fatal(err)
		}
		var elapsed time.Duration
		start := now
		for i := range b.N {
			// Each round moves the session a day: 1,000 reminders queued
			// again, then all due.
			if i > 0 {
				start = start.Add(24 * time.Hour)
				if _, _, err := db.RescheduleSession(ctx, w.ID, 0, storage.SessionChange{Start: start.Add(2 * time.Hour)}); err != nil {
					b.Fatal(err)
				}
			}
			clock.set(start.Add(time.Hour))
			t0 := time.Now()
			if _, err := sch.Tick(ctx); err != nil {
				b.Fatal(err)
			}
			elapsed += time.Since(t0)
			clock.set(start)
		}
		// Each move also tells the 1,000 participants, at once.
		if want := members*b.N + members*(b.N-1); sender.n != want {
			b.Fatalf("sent %d, want %d", sender.n, want)
		}
		b.ReportMetric(float64(sender.n)/elapsed.Seconds(), "sends/s")
	})
}

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time                 { return c.t }
func (c fixedClock) NewTimer(d time.Duration) Timer { return RealClock{}.NewTimer(d) }

// rateLimited is a fake platform API allowing rate requests a second (a
// token bucket holding one second of them), answering 429 with the exact
// Retry-After beyond; it counts 429s per message.
type rateLimited struct {
	mu       sync.Mutex
	rate     float64
	tokens   float64
	last     time.Time
	got      map[string]int
	refused  map[string]int
	requests int
}

func (f *rateLimited) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body struct{ Key string }
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	f.requests++
	f.tokens = min(f.rate, f.tokens+now.Sub(f.last).Seconds()*f.rate)
	f.last = now
	if f.tokens < 1 {
		f.refused[body.Key]++
		wait := (1 - f.tokens) / f.rate
		w.Header().Set("Retry-After", strconv.FormatFloat(wait, 'f', 6, 64))
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	f.tokens--
	f.got[body.Key]++
	fmt.Fprint(w, `{"ok":true,"id":"1"}`)
}

// httpSender posts to the fake, as an adapter would, and turns a 429 into
// a *RetryAfter.
type httpSender struct {
	url    string
	client *http.Client
}

func (s *httpSender) Send(ctx context.Context, to commands.Target, msg commands.Reply) (string, error) {
	body, _ := json.Marshal(map[string]string{"Key": to.Channel, "Text": msg.Text})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	resp, err := s.client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusTooManyRequests {
		sec, _ := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64)
		return "", &RetryAfter{Delay: time.Duration(sec * float64(time.Second)), Err: fmt.Errorf("429")}
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	return "1", nil
}

// BenchmarkRateLimitedFanout sends 1,000 DMs through a platform that
// allows 200 requests a second: the fan-out must take about the limit's
// bound (5 s; 4 s of refill after the first second's burst) and no more
// than 10% over it, and no message may be refused twice.
//
//	go test -run XXX -bench RateLimited -benchtime 1x ./scheduler/
func BenchmarkRateLimitedFanout(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		fake := &rateLimited{rate: 200, tokens: 200, last: time.Now(), got: map[string]int{}, refused: map[string]int{}}
		srv := httptest.NewServer(fake)
		db := benchDB(b)
		now := time.Now()
		var notes []storage.Note
		for i := range 1000 {
			key := fmt.Sprint("dm", i)
			notes = append(notes, storage.Note{Key: key, Kind: storage.NoteAnnouncement, Args: storage.NoteArgs{Text: "hi"},
				To: storage.Address{Platform: "slack", Channel: key}, PlannedAt: now})
		}
		if err := db.Enqueue(ctx, notes...); err != nil {
			b.Fatal(err)
		}
		sender := &httpSender{url: srv.URL, client: srv.Client()}
		s, err := New(db, Options{Senders: map[string]Sender{"slack": sender}, Logger: quietLogger()})
		if err != nil {
			b.Fatal(err)
		}
		fake.mu.Lock()
		fake.tokens, fake.last = 200, time.Now()
		fake.mu.Unlock()
		start := time.Now()
		for {
			next, err := s.Tick(ctx)
			if err != nil {
				b.Fatal(err)
			}
			c, _ := db.OutboxCounts(ctx)
			if c[storage.OutboxSent] == 1000 {
				break
			}
			time.Sleep(max(time.Until(next), time.Millisecond))
		}
		took := time.Since(start)
		srv.Close()
		worst := 0
		for _, n := range fake.refused {
			worst = max(worst, n)
		}
		b.ReportMetric(took.Seconds(), "s/fanout")
		b.ReportMetric(float64(worst), "max-429/row")
		b.ReportMetric(float64(fake.requests), "requests")
		if len(fake.got) != 1000 {
			b.Fatalf("delivered %d distinct", len(fake.got))
		}
		if worst > 1 {
			b.Errorf("a message was refused %d times", worst)
		}
		if took > 5500*time.Millisecond {
			b.Errorf("fan-out took %s, over 5.5 s", took)
		}
	}
}
