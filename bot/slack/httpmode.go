package slack

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// HTTP mode endpoints, to give Slack in the app's settings (or manifest).
const (
	PathCommands      = "/slack/commands"
	PathInteractivity = "/slack/interactivity"
	PathEvents        = "/slack/events"
)

// maxSkew is how old (or early) a signed request may be: Slack's own rule,
// which stops a captured request from being replayed later.
const maxSkew = 5 * time.Minute

const maxBody = 1 << 20

var (
	errNoSignature  = errors.New("missing signature headers")
	errBadTimestamp = errors.New("bad timestamp")
	errStale        = errors.New("timestamp too old or in the future")
	errBadSignature = errors.New("signature mismatch")
)

// verify checks Slack's request signature: v0= hex HMAC-SHA256 of
// "v0:<timestamp>:<raw body>" with the signing secret, the timestamp within
// five minutes of now.
func verify(secret string, h http.Header, body []byte, now time.Time) error {
	ts, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	if ts == "" || sig == "" {
		return errNoSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errBadTimestamp
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxSkew || d < -maxSkew {
		return errStale
	}
	got, err := hex.DecodeString(strings.TrimPrefix(sig, "v0="))
	if err != nil || !strings.HasPrefix(sig, "v0=") {
		return errBadSignature
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errBadSignature
	}
	return nil
}

// Handler serves HTTP mode: slash commands, interactivity and the Events
// API, each request's signature checked before anything is parsed.
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	a.mount(mux)
	return mux
}

// MountHTTP puts the HTTP mode endpoints on the bot's shared listener. In
// Socket Mode it mounts nothing: no endpoint answers without a signing
// secret.
func (a *Adapter) MountHTTP(mux *http.ServeMux) {
	if a.cfg.Mode == "http" {
		a.mount(mux)
	}
}

func (a *Adapter) mount(mux *http.ServeMux) {
	mux.Handle("POST "+PathCommands, a.verified(a.httpCommand))
	mux.Handle("POST "+PathInteractivity, a.verified(a.httpInteractive))
	mux.Handle("POST "+PathEvents, a.verified(a.httpEvents))
}

func (a *Adapter) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer a.recoverPanic("http " + r.URL.Path)
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		now := a.cfg.Now()
		if err := verify(a.cfg.SigningSecret, r.Header, body, now); err != nil {
			a.log.Warn("slack: request refused", "path", r.URL.Path, "reason", err, "remote", r.RemoteAddr)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		if !a.replays.First(r.Header.Get("X-Slack-Signature"), now) {
			// Answered like a request with nothing to say: the sender
			// learns nothing, and nothing acts twice.
			a.log.Warn("slack: replayed request ignored", "path", r.URL.Path, "remote", r.RemoteAddr)
			w.WriteHeader(http.StatusOK)
			return
		}
		next(w, r, body)
	})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// waitAck returns an ack function and the channel its payload comes on.
func waitAck() (func(any), chan any) {
	ch := make(chan any, 1)
	return func(p any) { ch <- p }, ch
}

// answer writes what an ack would carry: the payload as JSON, or an empty
// 200.
func answer(w http.ResponseWriter, p any) {
	if p == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	writeJSON(w, p)
}

func (a *Adapter) httpCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	cmd := slack.SlashCommand{
		TeamID: form.Get("team_id"), TeamDomain: form.Get("team_domain"), EnterpriseID: form.Get("enterprise_id"),
		ChannelID: form.Get("channel_id"), ChannelName: form.Get("channel_name"), UserID: form.Get("user_id"),
		UserName: form.Get("user_name"), Command: form.Get("command"), Text: form.Get("text"),
		ResponseURL: form.Get("response_url"), TriggerID: form.Get("trigger_id"), APIAppID: form.Get("api_app_id"),
	}
	ack, ch := waitAck()
	if !a.onSlash(a.baseContext(), cmd, ack) {
		// Stopping: the command is not taken, and Slack says so.
		http.Error(w, "stopping", http.StatusServiceUnavailable)
		return
	}
	answer(w, <-ch)
}

func (a *Adapter) httpInteractive(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	ctx := a.baseContext()
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		ack, ch := waitAck()
		a.onViewSubmission(ctx, cb, ack)
		answer(w, <-ch)
	case slack.InteractionTypeBlockActions:
		w.WriteHeader(http.StatusOK)
		a.onBlockActions(ctx, cb)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func (a *Adapter) httpEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// An event type slack-go does not know: answer 200, or Slack
		// retries it.
		a.log.Debug("slack event not understood", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	if ev.Type == slackevents.URLVerification {
		if v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
			writeJSON(w, map[string]string{"challenge": v.Challenge})
			return
		}
	}
	w.WriteHeader(http.StatusOK)
	if ev.Type == slackevents.CallbackEvent {
		a.onEvent(a.baseContext(), ev)
	}
}

// serveHTTP listens for Slack's requests until ctx is done.
func (a *Adapter) serveHTTP(ctx context.Context) error {
	ln := a.cfg.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", a.cfg.Listen); err != nil {
			return fmt.Errorf("slack: listen on %s: %w", a.cfg.Listen, err)
		}
	}
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, ErrorLog: nil}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.log.Info("slack listening (HTTP mode)", "addr", ln.Addr().String(),
		"commands", PathCommands, "interactivity", PathInteractivity, "events", PathEvents)
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("slack: http: %w", err)
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		return nil
	}
}
