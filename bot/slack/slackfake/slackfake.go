// Package slackfake is a fake Slack for tests, on 127.0.0.1, that speaks
// the real wire protocol: the Web API methods atelier calls, with the form
// and JSON encodings and the token checks real Slack applies, a Socket
// Mode websocket (hello, envelopes, server PINGs, disconnect, acks), and
// HTTP-mode deliveries signed with a signing secret. Tests drive it through
// the real slack-go client and assert what it received.
//
// It keeps the state a test needs to look at and to act on: the messages
// posted per channel with their reactions, the modals opened, the home tabs
// published, the users known to users.info, and every call received.
package slackfake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Options configure a Server; zero values take the defaults shown.
type Options struct {
	BotToken  string // "xoxb-fake"
	AppToken  string // "xapp-fake"
	TeamID    string // "T0FAKE"
	BotUserID string // "UBOT"
	AppID     string // "A0FAKE"
	// PingInterval is how often the Socket Mode server PINGs each
	// connection, as Slack does (default 2s).
	PingInterval time.Duration
	// TriggerTTL is how long a trigger id stays valid for views.open
	// (Slack: 3 seconds).
	TriggerTTL time.Duration
}

// User is a workspace member as users.info returns them.
type User struct {
	ID          string
	Name        string // the handle
	RealName    string
	DisplayName string
	TZ          string // IANA zone
	Locale      string // "fr-FR"
	IsBot       bool
}

// Call is one request the fake received.
type Call struct {
	Method   string // "chat.postMessage", ..., or "response_url"
	Encoding string // "form" or "json"
	Status   int    // the HTTP status answered
	Error    string // the "error" answered with ok:false, if any
	At       time.Time

	Form url.Values      // form methods
	JSON json.RawMessage // JSON methods and response_url posts

	// Decoded for convenience, whatever the encoding.
	Channel   string
	User      string
	TS        string
	Text      string
	Blocks    json.RawMessage
	Ephemeral bool   // chat.postEphemeral, or a response_url post that is not in_channel
	View      string // views.open / views.publish: the view as sent
	Trigger   string
}

// Message is a message posted by the bot, as the fake keeps it.
type Message struct {
	Channel string
	TS      string
	User    string
	Text    string
	Blocks  json.RawMessage
	// Reactions maps an emoji name to who put it on, in order.
	Reactions map[string][]string
	Edits     int
	// ThreadTS is the ts of the message this one replies to (thread_ts);
	// "" for a message of the channel itself.
	ThreadTS string
}

// View is a modal opened with views.open or a home tab published.
type View struct {
	ID       string
	Type     string
	UserID   string // home tabs
	Trigger  string // modals
	Raw      json.RawMessage
	Blocks   []json.RawMessage
	Metadata string
	Callback string
}

// Upload is a file uploaded with files.getUploadURLExternal, the upload
// URL and files.completeUploadExternal.
type Upload struct {
	ID       string
	Name     string
	Length   int
	Data     []byte // what reached the upload URL
	Title    string
	Channel  string // where files.completeUploadExternal shared it
	Complete bool
}

// Ack is what the bot answered to one envelope or HTTP delivery.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage // nil for an empty ack
	SentAt     time.Time
	AckedAt    time.Time
	// HTTP deliveries only.
	Status int
	Body   []byte
}

// Latency is the time from sending the envelope to receiving its ack.
func (a Ack) Latency() time.Duration { return a.AckedAt.Sub(a.SentAt) }

// Server is the fake Slack.
type Server struct {
	opts Options
	srv  *httptest.Server
	up   websocket.Upgrader

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced on every change
	calls     []Call
	messages  map[string]*Message // channel + "/" + ts
	posted    []string            // keys in posting order
	users     map[string]User
	views     map[string]*View
	homes     map[string]*View
	triggers  map[string]time.Time
	limits    map[string][]int // method -> queued 429 Retry-After seconds
	archived  map[string]bool
	slow      map[string]time.Duration
	uploads   map[string]*Upload // file id -> upload
	seq       int
	ts        int64
	opens     int
	conns     []*wsConn
	acks      map[string]Ack
	sentAt    map[string]time.Time
	acked     map[string]chan struct{}
	delivered map[string]delivery // HTTP mode: each envelope's signed request

	// HTTP mode: deliveries go to these URLs, signed.
	httpBase   string
	httpSecret string
	httpClient *http.Client
	clock      func() time.Time
}

// New starts a fake Slack on 127.0.0.1 and stops it when the test ends.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := NewServer(opts)
	tb.Cleanup(s.Close)
	return s
}

// NewServer starts a fake Slack on 127.0.0.1; Close stops it.
func NewServer(opts Options) *Server {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&opts.BotToken, "xoxb-fake")
	def(&opts.AppToken, "xapp-fake")
	def(&opts.TeamID, "T0FAKE")
	def(&opts.BotUserID, "UBOT")
	def(&opts.AppID, "A0FAKE")
	if opts.PingInterval <= 0 {
		opts.PingInterval = 2 * time.Second
	}
	if opts.TriggerTTL <= 0 {
		opts.TriggerTTL = 3 * time.Second
	}
	s := &Server{
		opts: opts,
		// slack-go dials with Origin: https://api.slack.com, which Slack
		// accepts.
		up:        websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		changed:   make(chan struct{}),
		messages:  map[string]*Message{},
		users:     map[string]User{},
		views:     map[string]*View{},
		homes:     map[string]*View{},
		triggers:  map[string]time.Time{},
		limits:    map[string][]int{},
		archived:  map[string]bool{},
		slow:      map[string]time.Duration{},
		uploads:   map[string]*Upload{},
		acks:      map[string]Ack{},
		sentAt:    map[string]time.Time{},
		acked:     map[string]chan struct{}{},
		delivered: map[string]delivery{},
		ts:        1_780_000_000_000_000, // microseconds
		clock:     time.Now,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.api)
	mux.HandleFunc("/ws", s.socket)
	mux.HandleFunc("/response/", s.responseURL)
	mux.HandleFunc("/upload/", s.upload)
	s.srv = httptest.NewServer(mux)
	return s
}

// Close stops the server and its websockets.
func (s *Server) Close() {
	s.mu.Lock()
	conns := slices.Clone(s.conns)
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Options returns the options in effect, defaults filled in.
func (s *Server) Options() Options { return s.opts }

// APIURL is the Web API base to give slack-go (with its trailing slash).
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// URL is the server's base URL.
func (s *Server) URL() string { return s.srv.URL }

// AddUser makes a user known to users.info.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// RateLimit makes the next n calls of method answer 429 with Retry-After
// seconds, as Slack does over a rate limit.
func (s *Server) RateLimit(method string, n, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.limits[method] = append(s.limits[method], retryAfter)
	}
}

// ClearLimits drops the 429s still queued by RateLimit.
func (s *Server) ClearLimits() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.limits)
}

// SetTriggerTTL changes how long trigger ids stay valid.
func (s *Server) SetTriggerTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.TriggerTTL = d
}

// Slow makes every call of method take d before it is answered.
func (s *Server) Slow(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow[method] = d
}

// Archive makes posts to channel fail with is_archived.
func (s *Server) Archive(channel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.archived[channel] = true
}

// UseHTTP makes deliveries (SlashCommand, Event, Interactive) go to the
// bot's HTTP endpoints under base (e.g. "http://127.0.0.1:8080"), signed
// with secret, instead of over Socket Mode.
func (s *Server) UseHTTP(base, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.httpBase, s.httpSecret = strings.TrimRight(base, "/"), secret
	s.httpClient = &http.Client{Timeout: 10 * time.Second}
}

// SetClock sets the clock used to sign HTTP deliveries.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = now
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Wait polls cond, under no lock of the fake, until it holds or timeout
// passes; it reports whether it held. Every change in the fake wakes it.
func (s *Server) Wait(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-ch:
		case <-time.After(50 * time.Millisecond):
		case <-deadline.C:
			return cond()
		}
	}
}

// Calls returns the calls received, of the given methods (all when none).
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || slices.Contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// WaitCall waits for the first answered call of method that satisfies
// match (nil matches any); it fails the test after 5 seconds.
func (s *Server) WaitCall(tb testing.TB, method string, match func(Call) bool) Call {
	tb.Helper()
	var found Call
	ok := s.Wait(5*time.Second, func() bool {
		for _, c := range s.Calls(method) {
			if c.Status == http.StatusOK && (match == nil || match(c)) {
				found = c
				return true
			}
		}
		return false
	})
	if !ok {
		var seen []string
		for _, c := range s.Calls() {
			seen = append(seen, fmt.Sprintf("%s(%d %s) channel=%s text=%.80q", c.Method, c.Status, c.Error, c.Channel, c.Text))
		}
		tb.Fatalf("slackfake: no matching %s call; calls received:\n%s", method, strings.Join(seen, "\n"))
	}
	return found
}

// Messages returns the messages posted in channel, oldest first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, k := range s.posted {
		m := s.messages[k]
		if m.Channel == channel && m.ThreadTS == "" {
			out = append(out, cloneMessage(m))
		}
	}
	return out
}

// Replies lists the replies in the thread of a message, in order. The
// channel's own list (Messages) leaves them out, as Slack's channel view
// does.
func (s *Server) Replies(channel, ts string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, k := range s.posted {
		m := s.messages[k]
		if m.Channel == channel && m.ThreadTS == ts {
			out = append(out, cloneMessage(m))
		}
	}
	return out
}

// Message returns one posted message.
func (s *Server) Message(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[channel+"/"+ts]
	if !ok {
		return Message{}, false
	}
	return cloneMessage(m), true
}

func cloneMessage(m *Message) Message {
	c := *m
	c.Reactions = map[string][]string{}
	for k, v := range m.Reactions {
		c.Reactions[k] = slices.Clone(v)
	}
	return c
}

// Views returns the modals opened, in order.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []View
	for i := 1; i <= s.seq; i++ {
		if v, ok := s.views[fmt.Sprintf("V%04d", i)]; ok {
			out = append(out, *v)
		}
	}
	return out
}

// Home returns the home tab last published for a user.
func (s *Server) Home(userID string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.homes[userID]
	if !ok {
		return View{}, false
	}
	return *v, true
}

// Opens counts apps.connections.open calls answered with a URL.
func (s *Server) Opens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opens
}

// Connections counts the live Socket Mode connections.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// WaitConnections waits until n Socket Mode connections have been opened
// in all (and at least one is live).
func (s *Server) WaitConnections(tb testing.TB, n int) {
	tb.Helper()
	if !s.Wait(10*time.Second, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.opens >= n && len(s.conns) > 0 && s.conns[len(s.conns)-1].usable()
	}) {
		tb.Fatalf("slackfake: %d connections opened, want %d", s.Opens(), n)
	}
}

func (s *Server) next(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%04d", prefix, s.seq)
}

func (s *Server) nextTS() string {
	s.ts += 100
	return fmt.Sprintf("%d.%06d", s.ts/1_000_000, s.ts%1_000_000)
}

// ---- Web API ----

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

type obj = map[string]any

// jsonMethods are the methods Slack wants as JSON with a Bearer token, the
// way slack-go sends them.
var jsonMethods = map[string]bool{"views.open": true, "views.publish": true, "views.update": true, "apps.connections.open": true}

func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	delay := s.slow[method]
	s.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	}
	c := Call{Method: method, At: time.Now(), Status: http.StatusOK}
	ctype := r.Header.Get("Content-Type")
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case strings.HasPrefix(ctype, "application/x-www-form-urlencoded"):
		c.Encoding = "form"
		c.Form, _ = url.ParseQuery(string(body))
		if t := c.Form.Get("token"); t != "" {
			token = t
		}
		c.Channel, c.User, c.TS, c.Text = c.Form.Get("channel"), c.Form.Get("user"), c.Form.Get("ts"), c.Form.Get("text")
		if b := c.Form.Get("blocks"); b != "" {
			c.Blocks = json.RawMessage(b)
		}
	case strings.HasPrefix(ctype, "application/json"):
		c.Encoding = "json"
		c.JSON = json.RawMessage(body)
	}

	s.mu.Lock()
	defer func() {
		s.calls = append(s.calls, c)
		s.notifyLocked()
		s.mu.Unlock()
	}()

	fail := func(code string) {
		c.Error = code
		writeJSON(w, http.StatusOK, obj{"ok": false, "error": code})
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		c.Status = http.StatusMethodNotAllowed
		w.WriteHeader(c.Status)
		return
	}
	if q := s.limits[method]; len(q) > 0 {
		s.limits[method] = q[1:]
		c.Status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", strconv.Itoa(q[0]))
		writeJSON(w, http.StatusTooManyRequests, obj{"ok": false, "error": "ratelimited"})
		return
	}
	if jsonMethods[method] && c.Encoding != "json" || !jsonMethods[method] && c.Encoding != "form" && method != "auth.test" {
		fail("invalid_arguments")
		return
	}
	want := s.opts.BotToken
	if method == "apps.connections.open" {
		want = s.opts.AppToken
	}
	if token == "" {
		fail("not_authed")
		return
	}
	if token != want {
		fail("invalid_auth")
		return
	}

	switch method {
	case "auth.test":
		writeJSON(w, http.StatusOK, obj{"ok": true, "url": "https://fake.slack.com/", "team": "Fake", "user": "atelier",
			"team_id": s.opts.TeamID, "user_id": s.opts.BotUserID, "bot_id": "B0FAKE", "is_enterprise_install": false})
	case "apps.connections.open":
		s.opens++
		u := "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/ws?ticket=" + strconv.Itoa(s.opens)
		writeJSON(w, http.StatusOK, obj{"ok": true, "url": u})
	case "chat.postMessage":
		if c.Channel == "" {
			fail("channel_not_found")
			return
		}
		if c.Text == "" && len(c.Blocks) == 0 {
			fail("no_text")
			return
		}
		if s.archived[c.Channel] {
			fail("is_archived")
			return
		}
		// A reply names its thread by the ts of a message of the channel
		// that is not itself a reply.
		parent := c.Form.Get("thread_ts")
		if p, ok := s.messages[c.Channel+"/"+parent]; parent != "" && (!ok || p.ThreadTS != "") {
			fail("thread_not_found")
			return
		}
		ts := s.nextTS()
		c.TS = ts
		m := &Message{Channel: c.Channel, TS: ts, User: s.opts.BotUserID, Text: c.Text, Blocks: c.Blocks, Reactions: map[string][]string{}, ThreadTS: parent}
		s.messages[c.Channel+"/"+ts] = m
		s.posted = append(s.posted, c.Channel+"/"+ts)
		msg := obj{"type": "message", "user": s.opts.BotUserID, "text": c.Text, "ts": ts, "blocks": c.Blocks}
		if parent != "" {
			msg["thread_ts"] = parent
		}
		writeJSON(w, http.StatusOK, obj{"ok": true, "channel": c.Channel, "ts": ts, "message": msg})
	case "chat.postEphemeral":
		c.Ephemeral = true
		if c.Channel == "" || c.User == "" {
			fail("channel_not_found")
			return
		}
		writeJSON(w, http.StatusOK, obj{"ok": true, "message_ts": s.nextTS()})
	case "chat.update":
		m, ok := s.messages[c.Channel+"/"+c.TS]
		if !ok {
			fail(s.missing(c.Channel))
			return
		}
		m.Text, m.Blocks = c.Text, c.Blocks
		m.Edits++
		writeJSON(w, http.StatusOK, obj{"ok": true, "channel": c.Channel, "ts": c.TS, "text": c.Text})
	case "reactions.get":
		c.TS = c.Form.Get("timestamp")
		m, ok := s.messages[c.Channel+"/"+c.TS]
		if !ok {
			fail(s.missing(c.Channel))
			return
		}
		var rs []obj
		names := make([]string, 0, len(m.Reactions))
		for n := range m.Reactions {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			users := m.Reactions[n]
			if len(users) == 0 {
				continue
			}
			shown := users
			// Without full=true Slack cuts long user lists.
			if c.Form.Get("full") != "true" && len(shown) > 3 {
				shown = shown[:3]
			}
			rs = append(rs, obj{"name": n, "count": len(users), "users": shown})
		}
		msg := obj{"type": "message", "user": m.User, "text": m.Text, "ts": m.TS}
		if len(rs) > 0 {
			msg["reactions"] = rs
		}
		writeJSON(w, http.StatusOK, obj{"ok": true, "type": "message", "channel": c.Channel, "message": msg})
	case "users.info":
		u, ok := s.users[c.Form.Get("user")]
		if !ok {
			fail("user_not_found")
			return
		}
		writeJSON(w, http.StatusOK, obj{"ok": true, "user": obj{
			"id": u.ID, "team_id": s.opts.TeamID, "name": u.Name, "real_name": u.RealName, "deleted": false,
			"tz": u.TZ, "tz_label": u.TZ, "tz_offset": 0, "is_bot": u.IsBot, "locale": u.Locale,
			"profile": obj{"real_name": u.RealName, "display_name": u.DisplayName},
		}})
	case "conversations.open":
		users := c.Form.Get("users")
		if users == "" || strings.Contains(users, ",") {
			fail("invalid_arguments")
			return
		}
		c.User = users
		writeJSON(w, http.StatusOK, obj{"ok": true, "channel": obj{"id": "D" + strings.TrimPrefix(users, "U")}})
	case "files.getUploadURLExternal":
		n, err := strconv.Atoi(c.Form.Get("length"))
		if c.Form.Get("filename") == "" || err != nil || n <= 0 {
			fail("invalid_arguments")
			return
		}
		id := s.next("F")
		s.uploads[id] = &Upload{ID: id, Name: c.Form.Get("filename"), Length: n}
		writeJSON(w, http.StatusOK, obj{"ok": true, "upload_url": s.srv.URL + "/upload/" + id, "file_id": id})
	case "files.completeUploadExternal":
		var files []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		}
		if err := json.Unmarshal([]byte(c.Form.Get("files")), &files); err != nil || len(files) == 0 {
			fail("invalid_arguments")
			return
		}
		c.Channel = c.Form.Get("channel_id")
		var out []obj
		for _, f := range files {
			u, ok := s.uploads[f.ID]
			if !ok || u.Data == nil {
				fail("file_not_found")
				return
			}
			if len(u.Data) != u.Length {
				fail("file_size_mismatch")
				return
			}
			u.Title, u.Channel, u.Complete = f.Title, c.Channel, true
			out = append(out, obj{"id": f.ID, "title": f.Title})
		}
		writeJSON(w, http.StatusOK, obj{"ok": true, "files": out})
	case "views.open":
		var req struct {
			TriggerID string          `json:"trigger_id"`
			View      json.RawMessage `json:"view"`
		}
		if err := json.Unmarshal(body, &req); err != nil || len(req.View) == 0 {
			fail("invalid_arguments")
			return
		}
		c.Trigger, c.View = req.TriggerID, string(req.View)
		issued, ok := s.triggers[req.TriggerID]
		if !ok {
			fail("invalid_trigger_id")
			return
		}
		if time.Since(issued) > s.opts.TriggerTTL {
			fail("expired_trigger_id")
			return
		}
		delete(s.triggers, req.TriggerID) // a trigger opens one view
		v, err := s.storeView(req.View, "modal")
		if err != nil {
			fail(err.Error())
			return
		}
		v.Trigger = req.TriggerID
		writeJSON(w, http.StatusOK, obj{"ok": true, "view": s.viewJSON(v)})
	case "views.publish":
		var req struct {
			UserID string          `json:"user_id"`
			View   json.RawMessage `json:"view"`
		}
		if err := json.Unmarshal(body, &req); err != nil || req.UserID == "" {
			fail("invalid_arguments")
			return
		}
		c.User, c.View = req.UserID, string(req.View)
		v, err := s.storeView(req.View, "home")
		if err != nil {
			fail(err.Error())
			return
		}
		v.UserID = req.UserID
		s.homes[req.UserID] = v
		writeJSON(w, http.StatusOK, obj{"ok": true, "view": s.viewJSON(v)})
	default:
		fail("unknown_method")
	}
}

// missing is Slack's error for a message not found: channel_not_found
// when the workspace has no such channel (another workspace's: the fake
// knows a channel once something was posted in it), else
// message_not_found. The caller holds s.mu.
func (s *Server) missing(channel string) string {
	for _, k := range s.posted {
		if strings.HasPrefix(k, channel+"/") {
			return "message_not_found"
		}
	}
	return "channel_not_found"
}

// storeView checks a view the way Slack does for what atelier sends and
// keeps it.
func (s *Server) storeView(raw json.RawMessage, wantType string) (*View, error) {
	var v struct {
		Type            string            `json:"type"`
		Blocks          []json.RawMessage `json:"blocks"`
		PrivateMetadata string            `json:"private_metadata"`
		CallbackID      string            `json:"callback_id"`
		Title           *struct {
			Text string `json:"text"`
		} `json:"title"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("invalid_arguments")
	}
	if v.Type != wantType {
		return nil, fmt.Errorf("invalid_arguments")
	}
	limit := 100
	if wantType == "modal" {
		if v.Title == nil || v.Title.Text == "" || len([]rune(v.Title.Text)) > 24 {
			return nil, fmt.Errorf("invalid_arguments")
		}
	}
	if len(v.Blocks) > limit || len(v.PrivateMetadata) > 3000 {
		return nil, fmt.Errorf("invalid_arguments")
	}
	view := &View{ID: s.next("V"), Type: v.Type, Raw: raw, Blocks: v.Blocks, Metadata: v.PrivateMetadata, Callback: v.CallbackID}
	if wantType == "modal" {
		s.views[view.ID] = view
	}
	return view, nil
}

func (s *Server) viewJSON(v *View) obj {
	return obj{"id": v.ID, "team_id": s.opts.TeamID, "type": v.Type, "blocks": v.Blocks, "private_metadata": v.Metadata,
		"callback_id": v.Callback, "state": obj{"values": obj{}}, "hash": "h" + v.ID, "app_id": s.opts.AppID, "bot_id": "B0FAKE"}
}

// upload receives a file's bytes at the URL files.getUploadURLExternal
// gave: a multipart form with a "file" part, and the bot token as Bearer.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	c := Call{Method: "upload", Encoding: "multipart", At: time.Now(), Status: http.StatusOK}
	var data []byte
	if strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") != s.opts.BotToken {
		c.Status = http.StatusUnauthorized
	} else if f, _, err := r.FormFile("file"); err != nil {
		c.Status = http.StatusBadRequest
	} else {
		data, _ = io.ReadAll(f)
		f.Close()
	}
	s.mu.Lock()
	u, ok := s.uploads[id]
	if ok && c.Status == http.StatusOK {
		u.Data = data
		c.Text = u.Name
	} else if !ok {
		c.Status = http.StatusNotFound
	}
	s.calls = append(s.calls, c)
	s.notifyLocked()
	s.mu.Unlock()
	w.WriteHeader(c.Status)
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(data)))
}

// Uploads returns the files shared in channel.
func (s *Server) Uploads(channel string) []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Upload
	for i := 1; i <= s.seq; i++ {
		if u, ok := s.uploads[fmt.Sprintf("F%04d", i)]; ok && u.Complete && u.Channel == channel {
			out = append(out, *u)
		}
	}
	return out
}

// responseURL receives posts to the response_url of a slash command or a
// button press.
func (s *Server) responseURL(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	c := Call{Method: "response_url", Encoding: "json", JSON: body, At: time.Now(), Status: http.StatusOK}
	var m struct {
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
		ResponseType string          `json:"response_type"`
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || json.Unmarshal(body, &m) != nil {
		c.Status = http.StatusBadRequest
	}
	c.Text, c.Blocks, c.Ephemeral = m.Text, m.Blocks, m.ResponseType != "in_channel"
	c.Channel = r.URL.Query().Get("channel")
	c.User = r.URL.Query().Get("user")
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.notifyLocked()
	s.mu.Unlock()
	if c.Status != http.StatusOK {
		http.Error(w, "invalid_payload", c.Status)
		return
	}
	writeJSON(w, http.StatusOK, obj{"ok": true})
}

// ---- Socket Mode ----

type wsConn struct {
	ws    *websocket.Conn
	wmu   sync.Mutex
	done  chan struct{}
	once  sync.Once
	ready bool
	// draining: told to disconnect, or closed; Slack sends it nothing new.
	draining bool
}

// usable reports whether new envelopes may go to c.
func (c *wsConn) usable() bool { return c.ready && !c.draining }

func (c *wsConn) write(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

func (c *wsConn) close() {
	c.once.Do(func() {
		close(c.done)
		c.ws.Close()
	})
}

func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	ws, err := s.up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsConn{ws: ws, done: make(chan struct{})}
	s.mu.Lock()
	s.conns = append(s.conns, c)
	n := len(s.conns)
	s.mu.Unlock()
	defer func() {
		c.close()
		s.mu.Lock()
		s.conns = slices.DeleteFunc(s.conns, func(x *wsConn) bool { return x == c })
		s.notifyLocked()
		s.mu.Unlock()
	}()
	if err := c.write(obj{"type": "hello", "num_connections": n,
		"debug_info":      obj{"host": "slackfake", "build_number": 1, "approximate_connection_time": 18060},
		"connection_info": obj{"app_id": s.opts.AppID}}); err != nil {
		return
	}
	s.mu.Lock()
	c.ready = true
	s.notifyLocked()
	s.mu.Unlock()
	go func() {
		t := time.NewTicker(s.opts.PingInterval)
		defer t.Stop()
		for {
			select {
			case <-c.done:
				return
			case <-t.C:
				c.wmu.Lock()
				err := ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second))
				c.wmu.Unlock()
				if err != nil {
					return
				}
			}
		}
	}()
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) != nil || ack.EnvelopeID == "" {
			continue
		}
		s.recordAck(Ack{EnvelopeID: ack.EnvelopeID, Payload: ack.Payload, AckedAt: time.Now(), Status: http.StatusOK})
	}
}

func (s *Server) recordAck(a Ack) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.acks[a.EnvelopeID]; dup {
		a.EnvelopeID += "#again" // recorded, so a double ack shows
	}
	if len(a.Payload) == 0 || string(a.Payload) == "null" {
		a.Payload = nil
	}
	a.SentAt = s.sentAt[a.EnvelopeID]
	s.acks[a.EnvelopeID] = a
	if ch, ok := s.acked[a.EnvelopeID]; ok {
		close(ch)
		delete(s.acked, a.EnvelopeID)
	}
	s.notifyLocked()
}

// Acks returns how many acks were received for an envelope (more than one
// is a bug in the client).
func (s *Server) Acks(envelopeID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id := range s.acks {
		if id == envelopeID || strings.HasPrefix(id, envelopeID+"#") {
			n++
		}
	}
	return n
}

// Disconnect sends a "disconnect" envelope on every live connection, as
// Slack does before it recycles a connection.
func (s *Server) Disconnect() {
	s.mu.Lock()
	conns := slices.Clone(s.conns)
	s.mu.Unlock()
	s.mu.Lock()
	for _, c := range conns {
		c.draining = true
	}
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.write(obj{"type": "disconnect", "reason": "refresh_requested", "debug_info": obj{"host": "slackfake"}})
	}
}

// Drop closes every live connection abruptly, as a lost link does.
func (s *Server) Drop() {
	s.mu.Lock()
	conns := slices.Clone(s.conns)
	for _, c := range conns {
		c.draining = true
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
}

// Envelope is a delivery to the bot: its envelope id (Socket Mode) or a
// generated id (HTTP), to wait for its ack.
type Envelope struct {
	ID string
}

// send delivers a Socket Mode envelope on the newest live connection, or
// posts it to the bot's HTTP endpoint in HTTP mode.
func (s *Server) send(kind string, payload any, httpPath string, httpBody func() ([]byte, string), headers http.Header) (Envelope, error) {
	s.mu.Lock()
	id := s.next("env-")
	s.sentAt[id] = time.Now()
	s.acked[id] = make(chan struct{})
	base := s.httpBase
	var conn *wsConn
	for i := len(s.conns) - 1; i >= 0; i-- {
		if s.conns[i].usable() {
			conn = s.conns[i]
			break
		}
	}
	s.mu.Unlock()
	if base != "" {
		go s.deliverHTTP(id, base+httpPath, httpBody, headers)
		return Envelope{ID: id}, nil
	}
	if conn == nil {
		return Envelope{}, fmt.Errorf("slackfake: no Socket Mode connection")
	}
	env := obj{"type": kind, "envelope_id": id, "payload": payload, "accepts_response_payload": kind != "events_api"}
	if kind == "events_api" {
		env["retry_attempt"], env["retry_reason"] = 0, ""
	}
	s.mu.Lock()
	s.sentAt[id] = time.Now()
	s.mu.Unlock()
	if err := conn.write(env); err != nil {
		return Envelope{}, err
	}
	return Envelope{ID: id}, nil
}

// Sign returns Slack's request signature headers for body at ts.
func Sign(secret string, ts time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

func (s *Server) deliverHTTP(id, target string, body func() ([]byte, string), headers http.Header) {
	data, ctype := body()
	s.mu.Lock()
	secret, now := s.httpSecret, s.clock()
	s.mu.Unlock()
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(data))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", ctype)
	ts, sig := Sign(secret, now, data)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	for k, v := range headers {
		req.Header[k] = v
	}
	s.mu.Lock()
	s.delivered[id] = delivery{target: target, body: data, header: req.Header.Clone()}
	s.mu.Unlock()
	s.post(id, req)
}

// delivery is a signed HTTP request as sent, for Replay.
type delivery struct {
	target string
	body   []byte
	header http.Header
}

// Replay sends again, byte for byte with its signature, the request an
// earlier envelope delivered in HTTP mode: what an attacker who captured it
// could do within Slack's five minutes.
func (s *Server) Replay(env Envelope) (Envelope, error) {
	s.mu.Lock()
	d, ok := s.delivered[env.ID]
	id := s.next("env-")
	s.sentAt[id] = time.Now()
	s.acked[id] = make(chan struct{})
	s.mu.Unlock()
	if !ok {
		return Envelope{}, fmt.Errorf("slackfake: no HTTP delivery for %s", env.ID)
	}
	req, err := http.NewRequest(http.MethodPost, d.target, bytes.NewReader(d.body))
	if err != nil {
		return Envelope{}, err
	}
	req.Header = d.header.Clone()
	go s.post(id, req)
	return Envelope{ID: id}, nil
}

// post sends a request to the bot and records its answer as the ack.
func (s *Server) post(id string, req *http.Request) {
	s.mu.Lock()
	client := s.httpClient
	s.mu.Unlock()
	a := Ack{EnvelopeID: id}
	resp, err := client.Do(req)
	if err == nil {
		a.Body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		a.Status = resp.StatusCode
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && len(bytes.TrimSpace(a.Body)) > 0 {
			a.Payload = json.RawMessage(bytes.TrimSpace(a.Body))
		}
	}
	a.AckedAt = time.Now()
	s.recordAck(a)
}

// WaitAck waits for the ack of an envelope; it fails the test after 5s.
func (s *Server) WaitAck(tb testing.TB, env Envelope) Ack {
	tb.Helper()
	a, err := s.AwaitAck(env, 5*time.Second)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// AwaitAck waits up to timeout for the ack of an envelope.
func (s *Server) AwaitAck(env Envelope, timeout time.Duration) (Ack, error) {
	s.mu.Lock()
	if a, ok := s.acks[env.ID]; ok {
		s.mu.Unlock()
		return a, nil
	}
	ch, ok := s.acked[env.ID]
	s.mu.Unlock()
	if !ok {
		return Ack{}, fmt.Errorf("slackfake: unknown envelope %s", env.ID)
	}
	select {
	case <-ch:
	case <-time.After(timeout):
		return Ack{}, fmt.Errorf("slackfake: no ack for %s within %s", env.ID, timeout)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.acks[env.ID], nil
}

// ---- What Slack sends ----

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape encodes &, < and > as Slack does in the text it sends.
func Escape(s string) string { return escaper.Replace(s) }

func (s *Server) trigger() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := fmt.Sprintf("%d.%d.%s", 1000+s.seq, time.Now().UnixNano()%1e9, s.next("tr"))
	s.triggers[t] = time.Now()
	return t
}

func (s *Server) responseURLFor(channel, user string) string {
	s.mu.Lock()
	id := s.next("R")
	s.mu.Unlock()
	return s.srv.URL + "/response/" + id + "?" + url.Values{"channel": {channel}, "user": {user}}.Encode()
}

func (s *Server) userName(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[id]; ok {
		return u.Name
	}
	return strings.ToLower(id)
}

// SlashCommand delivers a slash command typed by user in channel, text
// escaped as Slack escapes it.
func (s *Server) SlashCommand(user, channel, command, text string) (Envelope, error) {
	f := url.Values{
		"token": {"fake-verification"}, "team_id": {s.opts.TeamID}, "team_domain": {"fake"}, "channel_id": {channel},
		"channel_name": {"general"}, "user_id": {user}, "user_name": {s.userName(user)}, "command": {command},
		"text": {Escape(text)}, "api_app_id": {s.opts.AppID}, "is_enterprise_install": {"false"},
		"response_url": {s.responseURLFor(channel, user)}, "trigger_id": {s.trigger()},
	}
	payload := obj{}
	for k := range f {
		payload[k] = f.Get(k)
	}
	return s.send("slash_commands", payload, "/slack/commands", func() ([]byte, string) {
		return []byte(f.Encode()), "application/x-www-form-urlencoded"
	}, nil)
}

// Event delivers an Events API event (the inner "event" object) with this
// event id; an empty id gets a fresh one. retry > 0 marks an HTTP retry.
func (s *Server) Event(eventID string, event map[string]any, retry int) (Envelope, error) {
	if eventID == "" {
		s.mu.Lock()
		eventID = s.next("Ev")
		s.mu.Unlock()
	}
	payload := obj{"token": "fake-verification", "team_id": s.opts.TeamID, "api_app_id": s.opts.AppID, "event": event,
		"type": "event_callback", "event_id": eventID, "event_time": time.Now().Unix(),
		"authorizations":        []obj{{"team_id": s.opts.TeamID, "user_id": s.opts.BotUserID, "is_bot": true, "is_enterprise_install": false}},
		"is_ext_shared_channel": false, "event_context": "4-fake"}
	var h http.Header
	if retry > 0 {
		h = http.Header{"X-Slack-Retry-Num": {strconv.Itoa(retry)}, "X-Slack-Retry-Reason": {"http_timeout"}}
	}
	return s.send("events_api", payload, "/slack/events", func() ([]byte, string) {
		b, _ := json.Marshal(payload)
		return b, "application/json"
	}, h)
}

// URLVerification posts Slack's url_verification challenge (HTTP mode).
func (s *Server) URLVerification(challenge string) (Envelope, error) {
	payload := obj{"token": "fake-verification", "challenge": challenge, "type": "url_verification"}
	return s.send("events_api", payload, "/slack/events", func() ([]byte, string) {
		b, _ := json.Marshal(payload)
		return b, "application/json"
	}, nil)
}

// Interactive delivers an interaction payload (block_actions,
// view_submission, ...).
func (s *Server) Interactive(payload map[string]any) (Envelope, error) {
	return s.send("interactive", payload, "/slack/interactivity", func() ([]byte, string) {
		b, _ := json.Marshal(payload)
		return []byte(url.Values{"payload": {string(b)}}.Encode()), "application/x-www-form-urlencoded"
	}, nil)
}

// React puts an emoji on a message as user, and tells the bot with a
// reaction_added event unless silent (the bot was down).
func (s *Server) React(user, channel, ts, name string, silent bool) (Envelope, error) {
	s.mu.Lock()
	m, ok := s.messages[channel+"/"+ts]
	if !ok {
		s.mu.Unlock()
		return Envelope{}, fmt.Errorf("slackfake: no message %s/%s", channel, ts)
	}
	if !slices.Contains(m.Reactions[name], user) {
		m.Reactions[name] = append(m.Reactions[name], user)
	}
	bot := m.User
	s.notifyLocked()
	s.mu.Unlock()
	if silent {
		return Envelope{}, nil
	}
	return s.Event("", obj{"type": "reaction_added", "user": user, "reaction": name, "item_user": bot,
		"item": obj{"type": "message", "channel": channel, "ts": ts}, "event_ts": s.eventTS()}, 0)
}

// Unreact takes an emoji off a message, and tells the bot unless silent.
func (s *Server) Unreact(user, channel, ts, name string, silent bool) (Envelope, error) {
	s.mu.Lock()
	m, ok := s.messages[channel+"/"+ts]
	if !ok {
		s.mu.Unlock()
		return Envelope{}, fmt.Errorf("slackfake: no message %s/%s", channel, ts)
	}
	m.Reactions[name] = slices.DeleteFunc(m.Reactions[name], func(u string) bool { return u == user })
	bot := m.User
	s.notifyLocked()
	s.mu.Unlock()
	if silent {
		return Envelope{}, nil
	}
	return s.Event("", obj{"type": "reaction_removed", "user": user, "reaction": name, "item_user": bot,
		"item": obj{"type": "message", "channel": channel, "ts": ts}, "event_ts": s.eventTS()}, 0)
}

func (s *Server) eventTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextTS()
}

// OpenHome delivers app_home_opened for the home tab.
func (s *Server) OpenHome(user string) (Envelope, error) {
	return s.Event("", obj{"type": "app_home_opened", "user": user, "channel": "D" + strings.TrimPrefix(user, "U"),
		"tab": "home", "event_ts": s.eventTS()}, 0)
}

func (s *Server) userObj(user string) obj {
	return obj{"id": user, "username": s.userName(user), "name": s.userName(user), "team_id": s.opts.TeamID}
}

// Press clicks the button with actionID on a posted message as user.
func (s *Server) Press(user, channel, ts, actionID string) (Envelope, error) {
	m, ok := s.Message(channel, ts)
	if !ok {
		return Envelope{}, fmt.Errorf("slackfake: no message %s/%s", channel, ts)
	}
	action, err := findButton(m.Blocks, actionID)
	if err != nil {
		return Envelope{}, err
	}
	var blocks any
	_ = json.Unmarshal(m.Blocks, &blocks)
	return s.Interactive(obj{
		"type": "block_actions", "user": s.userObj(user), "api_app_id": s.opts.AppID, "token": "fake-verification",
		"container":  obj{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": false},
		"trigger_id": s.trigger(), "team": obj{"id": s.opts.TeamID, "domain": "fake"}, "enterprise": nil, "is_enterprise_install": false,
		"channel":      obj{"id": channel, "name": "general"},
		"message":      obj{"type": "message", "user": m.User, "ts": ts, "text": m.Text, "blocks": blocks},
		"state":        obj{"values": obj{}},
		"response_url": s.responseURLFor(channel, user),
		"actions":      []any{action},
	})
}

// PressHome clicks a button on the home tab last published for user.
func (s *Server) PressHome(user, actionID, value string) (Envelope, error) {
	v, ok := s.Home(user)
	if !ok {
		return Envelope{}, fmt.Errorf("slackfake: no home for %s", user)
	}
	blocks, _ := json.Marshal(v.Blocks)
	action, err := findButton(blocks, actionID, value)
	if err != nil {
		return Envelope{}, err
	}
	return s.Interactive(obj{
		"type": "block_actions", "user": s.userObj(user), "api_app_id": s.opts.AppID, "token": "fake-verification",
		"container":  obj{"type": "view", "view_id": v.ID},
		"trigger_id": s.trigger(), "team": obj{"id": s.opts.TeamID, "domain": "fake"}, "enterprise": nil, "is_enterprise_install": false,
		"view":    obj{"id": v.ID, "type": "home", "team_id": s.opts.TeamID, "blocks": v.Blocks, "private_metadata": v.Metadata, "callback_id": v.Callback, "hash": "h" + v.ID},
		"actions": []any{action},
	})
}

// findButton finds a button by action id (and value, when given) in blocks
// and returns the action payload Slack sends for a click on it.
func findButton(blocksJSON json.RawMessage, actionID string, value ...string) (obj, error) {
	var blocks []struct {
		Type     string `json:"type"`
		BlockID  string `json:"block_id"`
		Elements []struct {
			Type     string          `json:"type"`
			ActionID string          `json:"action_id"`
			Value    string          `json:"value"`
			Style    string          `json:"style"`
			Text     json.RawMessage `json:"text"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(blocksJSON, &blocks); err != nil {
		return nil, err
	}
	for i, b := range blocks {
		if b.Type != "actions" {
			continue
		}
		for _, e := range b.Elements {
			if e.Type == "button" && e.ActionID == actionID && (len(value) == 0 || e.Value == value[0]) {
				blockID := b.BlockID
				if blockID == "" {
					blockID = fmt.Sprintf("auto%d", i) // Slack fills in a random block id
				}
				var text any
				_ = json.Unmarshal(e.Text, &text)
				a := obj{"action_id": e.ActionID, "block_id": blockID, "text": text, "value": e.Value, "type": "button",
					"action_ts": fmt.Sprintf("%d.000000", time.Now().Unix())}
				if e.Style != "" {
					a["style"] = e.Style
				}
				return a, nil
			}
		}
	}
	return nil, fmt.Errorf("slackfake: no button %s %v", actionID, value)
}

// Submit submits an opened modal as user with values by block id: text
// for plain-text inputs, unix seconds (as a decimal string) for date-time
// pickers. Inputs left out are submitted empty, as Slack does.
func (s *Server) Submit(user string, v View, values map[string]string) (Envelope, error) {
	state := obj{}
	for _, raw := range v.Blocks {
		var b struct {
			Type    string `json:"type"`
			BlockID string `json:"block_id"`
			Element struct {
				Type     string `json:"type"`
				ActionID string `json:"action_id"`
			} `json:"element"`
		}
		if json.Unmarshal(raw, &b) != nil || b.Type != "input" {
			continue
		}
		val, set := values[b.BlockID]
		var st obj
		switch b.Element.Type {
		case "datetimepicker":
			st = obj{"type": "datetimepicker", "selected_date_time": nil}
			if set && val != "" {
				n, err := strconv.ParseInt(val, 10, 64)
				if err != nil {
					return Envelope{}, err
				}
				st["selected_date_time"] = n
			}
		default:
			st = obj{"type": b.Element.Type, "value": nil}
			if set && val != "" {
				st["value"] = val
			}
		}
		state[b.BlockID] = obj{b.Element.ActionID: st}
	}
	var blocks any
	_ = json.Unmarshal(mustJSON(v.Blocks), &blocks)
	return s.Interactive(obj{
		"type": "view_submission", "team": obj{"id": s.opts.TeamID, "domain": "fake"}, "user": s.userObj(user),
		"api_app_id": s.opts.AppID, "token": "fake-verification", "trigger_id": s.trigger(),
		"view": obj{"id": v.ID, "team_id": s.opts.TeamID, "type": "modal", "blocks": blocks, "private_metadata": v.Metadata,
			"callback_id": v.Callback, "state": obj{"values": state}, "hash": "h" + v.ID, "app_id": s.opts.AppID, "bot_id": "B0FAKE"},
		"response_urls": []any{}, "is_enterprise_install": false, "enterprise": nil,
	})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// PressIn clicks, as user, the first button of blocks whose value holds
// want: blocks of an ephemeral message (a slash command's answer), which
// Slack keeps nowhere the bot can read, so the click carries no message.
func (s *Server) PressIn(user, channel string, blocks json.RawMessage, want string) (Envelope, error) {
	var bs []struct {
		Type     string `json:"type"`
		Elements []struct {
			Type     string `json:"type"`
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(blocks, &bs); err != nil {
		return Envelope{}, err
	}
	for _, b := range bs {
		for _, e := range b.Elements {
			if b.Type != "actions" || e.Type != "button" || !strings.Contains(e.Value, want) {
				continue
			}
			action, err := findButton(blocks, e.ActionID, e.Value)
			if err != nil {
				return Envelope{}, err
			}
			return s.Interactive(obj{
				"type": "block_actions", "user": s.userObj(user), "api_app_id": s.opts.AppID, "token": "fake-verification",
				"container":  obj{"type": "message", "channel_id": channel, "is_ephemeral": true},
				"trigger_id": s.trigger(), "team": obj{"id": s.opts.TeamID, "domain": "fake"},
				"channel":      obj{"id": channel, "name": "general"},
				"state":        obj{"values": obj{}},
				"response_url": s.responseURLFor(channel, user),
				"actions":      []any{action},
			})
		}
	}
	return Envelope{}, fmt.Errorf("slackfake: no button holding %q", want)
}
