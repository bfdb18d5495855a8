package slack

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/slack/slackfake"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/scheduler"
	"github.com/atelier-bot/atelier/storage"
)

// Slack's published signing example (PLATFORMS.md).
const (
	exampleSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	exampleTimestamp = "1531420618"
	exampleBody      = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	exampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func TestVerifySlackExample(t *testing.T) {
	signed := time.Unix(1531420618, 0)
	header := func(ts, sig string) http.Header {
		h := http.Header{}
		if ts != "" {
			h.Set("X-Slack-Request-Timestamp", ts)
		}
		if sig != "" {
			h.Set("X-Slack-Signature", sig)
		}
		return h
	}
	for _, c := range []struct {
		name   string
		h      http.Header
		body   string
		now    time.Time
		secret string
		want   error
	}{
		{"Slack's example", header(exampleTimestamp, exampleSignature), exampleBody, signed, exampleSecret, nil},
		{"4 min 59 s later", header(exampleTimestamp, exampleSignature), exampleBody, signed.Add(4*time.Minute + 59*time.Second), exampleSecret, nil},
		{"6 minutes later", header(exampleTimestamp, exampleSignature), exampleBody, signed.Add(6 * time.Minute), exampleSecret, errStale},
		{"6 minutes early", header(exampleTimestamp, exampleSignature), exampleBody, signed.Add(-6 * time.Minute), exampleSecret, errStale},
		{"body changed", header(exampleTimestamp, exampleSignature), strings.Replace(exampleBody, "text=", "text=x", 1), signed, exampleSecret, errBadSignature},
		{"other secret", header(exampleTimestamp, exampleSignature), exampleBody, signed, exampleSecret + "x", errBadSignature},
		{"timestamp changed", header("1531420619", exampleSignature), exampleBody, signed, exampleSecret, errBadSignature},
		{"v1 scheme", header(exampleTimestamp, "v1="+strings.TrimPrefix(exampleSignature, "v0=")), exampleBody, signed, exampleSecret, errBadSignature},
		{"not hex", header(exampleTimestamp, "v0=zz"), exampleBody, signed, exampleSecret, errBadSignature},
		{"no signature", header(exampleTimestamp, ""), exampleBody, signed, exampleSecret, errNoSignature},
		{"no timestamp", header("", exampleSignature), exampleBody, signed, exampleSecret, errNoSignature},
		{"bad timestamp", header("soon", exampleSignature), exampleBody, signed, exampleSecret, errBadTimestamp},
	} {
		if got := verify(c.secret, c.h, []byte(c.body), c.now); !errors.Is(got, c.want) {
			t.Errorf("%s: verify = %v, want %v", c.name, got, c.want)
		}
	}
	// The fake signs as Slack does.
	ts, sig := slackfake.Sign(exampleSecret, signed, []byte(exampleBody))
	if ts != exampleTimestamp || sig != exampleSignature {
		t.Errorf("slackfake.Sign = %s %s", ts, sig)
	}
}

// clock is an injectable clock for the HTTP mode verifier.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

const httpSecret = "test-signing-secret"

// newHTTPHarness runs the adapter in HTTP mode on 127.0.0.1, with the
// verifier on clk; the fake posts to it, signed.
func newHTTPHarness(t testing.TB, clk *clock) *harness {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *Config) {
		c.Mode, c.AppToken, c.SigningSecret, c.Listener, c.Now = "http", "", httpSecret, ln, clk.Now
	})
	h.fake.UseHTTP("http://"+ln.Addr().String(), httpSecret)
	h.fake.SetClock(clk.Now)
	h.start()
	h.wait("the HTTP listener", func() bool { return strings.Contains(h.logs.String(), "slack listening (HTTP mode)") })
	return h
}

func TestHTTPMode(t *testing.T) {
	clk := &clock{now: time.Now()}
	h := newHTTPHarness(t, clk)

	// url_verification is answered with its challenge.
	env, _ := h.fake.URLVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
	ack := h.fake.WaitAck(t, env)
	if ack.Status != 200 || !strings.Contains(string(ack.Body), `"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"`) {
		t.Errorf("url_verification: %d %s", ack.Status, ack.Body)
	}

	// A slash command is answered in the response body, like an ack.
	got := h.answer(h.slash(bob, chan1, "/workshop", "list")).Text
	if got != "No workshop planned yet." {
		t.Errorf("slash over HTTP: %q", got)
	}
	card := h.announce(chan1, "capacity 3 Imputation clinic", 1)

	// A button press: 200 at once, the answer on the response_url.
	env, _ = h.fake.Press(ann, chan1, card.TS, "atelier.workshop.join")
	if ack := h.fake.WaitAck(t, env); ack.Status != 200 || len(ack.Body) != 0 {
		t.Errorf("button over HTTP: %d %q", ack.Status, ack.Body)
	}
	h.fake.WaitCall(t, "response_url", func(c slackfake.Call) bool { return c.User == ann && strings.HasPrefix(c.Text, "Vous avez une place") })

	// A modal's field error comes back in the response body.
	h.slash(bob, chan1, "/problem", "post")
	h.fake.WaitCall(t, "views.open", nil)
	env, _ = h.fake.Submit(bob, h.fake.Views()[0], map[string]string{"title": "x", "tags": "#bad!"})
	ack = h.fake.WaitAck(t, env)
	if ack.Status != 200 || !strings.Contains(string(ack.Body), `"response_action":"errors"`) || !strings.Contains(string(ack.Body), `"tags":`) {
		t.Errorf("modal error over HTTP: %d %s", ack.Status, ack.Body)
	}

	// The same reaction event delivered three times (Slack's retries)
	// acts once.
	event := map[string]any{"type": "reaction_added", "user": bob, "reaction": "raised_hand", "item_user": "UBOT",
		"item": map[string]any{"type": "message", "channel": chan1, "ts": card.TS}, "event_ts": "1780000001.000200"}
	if _, err := h.fake.React(bob, chan1, card.TS, "raised_hand", true); err != nil {
		t.Fatal(err)
	}
	for retry := range 3 {
		env, _ := h.fake.Event("Ev0SAME", event, retry)
		if ack := h.fake.WaitAck(t, env); ack.Status != 200 {
			t.Errorf("delivery %d: status %d", retry, ack.Status)
		}
	}
	// Bob's work runs in order: once his next command is answered, every
	// delivery before it is done.
	h.slash(bob, chan1, "/workshop", "list")
	var answers []string
	for _, c := range h.fake.Calls("chat.postEphemeral") {
		if c.User == bob {
			answers = append(answers, c.Text)
		}
	}
	if len(answers) != 1 || answers[0] != "You have a seat in workshop #1 Imputation clinic." {
		t.Errorf("answers to one reaction delivered three times: %q", answers)
	}
	if w := h.workshop(1); w.Joined != 2 {
		t.Errorf("joined %d, want 2 (Ann and Bob)", w.Joined)
	}
}

// A request with a bad signature, or signed six minutes ago, gets 401 and
// changes nothing: no row, no call to Slack.
func TestHTTPModeRefusesUnsigned(t *testing.T) {
	clk := &clock{now: time.Now()}
	h := newHTTPHarness(t, clk)
	h.announce(chan1, "Imputation clinic", 1) // a first command works
	card, _ := h.router.Messages(context.Background(), commands.Entity{Kind: storage.KindWorkshop, ID: 1})
	counts, err := h.db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	calls := len(h.fake.Calls())

	check := func(what string, send func() (slackfake.Envelope, error)) {
		t.Helper()
		env, err := send()
		if err != nil {
			t.Fatal(err)
		}
		ack := h.fake.WaitAck(t, env)
		if ack.Status != http.StatusUnauthorized || ack.Payload != nil {
			t.Errorf("%s: status %d body %q, want 401", what, ack.Status, ack.Body)
		}
	}
	attempts := func(label string) {
		check(label+" slash", func() (slackfake.Envelope, error) {
			return h.fake.SlashCommand(admin, chan1, "/workshop", "create Forged")
		})
		check(label+" event", func() (slackfake.Envelope, error) {
			return h.fake.React(bob, chan1, card[0].MessageID, "raised_hand", false)
		})
		check(label+" button", func() (slackfake.Envelope, error) {
			return h.fake.Press(bob, chan1, card[0].MessageID, "atelier.workshop.join")
		})
	}
	h.fake.UseHTTP("http://"+h.cfg.Listener.Addr().String(), "not-the-secret")
	attempts("bad signature")
	h.fake.UseHTTP("http://"+h.cfg.Listener.Addr().String(), httpSecret)
	h.fake.SetClock(func() time.Time { return clk.Now().Add(-6 * time.Minute) })
	attempts("6-minute-old")

	after, _ := h.db.Counts(context.Background())
	for table, n := range counts {
		if after[table] != n {
			t.Errorf("table %s went from %d to %d rows", table, n, after[table])
		}
	}
	time.Sleep(50 * time.Millisecond) // a stray call would show by now
	if got := h.fake.Calls()[calls:]; len(got) != 0 {
		t.Errorf("calls to Slack after refused requests: %+v", got)
	}

	// The injectable clock moves with the signer: 4 minutes behind is fine.
	h.fake.SetClock(func() time.Time { return clk.Now().Add(-4 * time.Minute) })
	if got := h.answer(h.slash(bob, chan1, "/workshop", "list")).Text; !strings.HasPrefix(got, "Upcoming workshops:") {
		t.Errorf("a fresh enough request: %q", got)
	}
}

// Send follows the scheduler's contract: a 429 on the first post is
// returned as a RetryAfter at once; an archived channel is permanent.
func TestSendErrorsForTheScheduler(t *testing.T) {
	h := newHarness(t)
	h.start()
	ctx := context.Background()

	h.fake.Archive(chan2)
	_, err := h.a.Send(ctx, commands.Target{Platform: Platform, Channel: chan2}, commands.Reply{Text: "hello"})
	if !scheduler.IsPermanent(err) || !strings.Contains(err.Error(), "is_archived") {
		t.Errorf("Send to an archived channel = %v, want a permanent error", err)
	}
	_, err = h.a.Send(ctx, commands.Target{Platform: Platform}, commands.Reply{Text: "x"})
	if !scheduler.IsPermanent(err) {
		t.Errorf("Send with no target = %v, want a permanent error", err)
	}

	// Last: the 429 pauses chat.postMessage for its delay.
	h.fake.RateLimit("chat.postMessage", 1, 7)
	start := time.Now()
	_, err = h.a.Send(ctx, commands.Target{Platform: Platform, Channel: chan1}, commands.Reply{Text: "hello"})
	var ra *scheduler.RetryAfter
	if !errors.As(err, &ra) || ra.Delay != 7*time.Second {
		t.Fatalf("Send on 429 = %v, want a RetryAfter of 7s", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Send waited %s on a 429; the scheduler waits", d)
	}
	if n := len(h.fake.Messages(chan1)); n != 0 {
		t.Errorf("%d messages posted", n)
	}

}

// Once the adapter stops, a command still reaching its endpoint is not
// taken: 503 at once (Slack tells the member), nothing stored.
func TestHTTPModeStoppedRefuses(t *testing.T) {
	clk := &clock{now: time.Now()}
	h := newHTTPHarness(t, clk)
	h.stop()
	body := []byte("team_id=T0FAKE&channel_id=C0GENERAL&user_id=UBOB&user_name=bob&command=%2Fproblem&text=post+Late&response_url=&trigger_id=")
	ts, sig := slackfake.Sign(httpSecret, clk.Now(), body)
	req := httptest.NewRequest(http.MethodPost, PathCommands, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	rec := httptest.NewRecorder()
	start := time.Now()
	h.a.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || time.Since(start) > time.Second {
		t.Errorf("after stop: %d in %s, want 503 at once", rec.Code, time.Since(start))
	}
	if ps, _ := h.db.ListProblems(context.Background(), storage.ProblemFilter{}); len(ps) != 0 {
		t.Errorf("%d problems stored after stop", len(ps))
	}
}

// A signed slash command or button press captured and sent again within
// Slack's five minutes is answered without acting: one workshop, and a
// member who left is not brought back by a replayed "join".
func TestHTTPModeReplayActsOnce(t *testing.T) {
	clk := &clock{now: time.Now()}
	h := newHTTPHarness(t, clk)

	env, err := h.fake.SlashCommand(admin, chan1, "/workshop", "create Replayed clinic")
	if err != nil {
		t.Fatal(err)
	}
	if ack := h.fake.WaitAck(t, env); ack.Status != 200 || !strings.Contains(string(ack.Body), "Workshop #1") {
		t.Fatalf("first delivery: %d %s", ack.Status, ack.Body)
	}
	again, err := h.fake.Replay(env)
	if err != nil {
		t.Fatal(err)
	}
	if ack := h.fake.WaitAck(t, again); ack.Status != 200 || len(ack.Body) != 0 {
		t.Errorf("replayed command: %d %q, want an empty 200", ack.Status, ack.Body)
	}
	card := h.announce(chan1, "capacity 3 Second", 2)

	press, _ := h.fake.Press(ann, chan1, card.TS, "atelier.workshop.join")
	h.fake.WaitAck(t, press)
	h.fake.WaitCall(t, "response_url", func(c slackfake.Call) bool { return c.User == ann && strings.HasPrefix(c.Text, "Vous avez une place") })
	h.answer(h.slash(ann, chan1, "/workshop", "leave 2"))
	replayed, err := h.fake.Replay(press)
	if err != nil {
		t.Fatal(err)
	}
	if ack := h.fake.WaitAck(t, replayed); ack.Status != 200 {
		t.Errorf("replayed press: status %d", ack.Status)
	}
	// Ann's work runs in order: once her next command is answered, the
	// replay would have acted.
	h.answer(h.slash(ann, chan1, "/workshop", "list"))
	if w := h.workshop(2); w.Joined != 0 {
		t.Errorf("joined %d after a replayed join press, want 0 (Ann left)", w.Joined)
	}
	ws, err := h.db.ListWorkshops(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 {
		t.Errorf("%d workshops after a replayed create, want 2", len(ws))
	}
	if !strings.Contains(h.logs.String(), "replayed request ignored") {
		t.Error("the replay left no trace in the log")
	}
}
