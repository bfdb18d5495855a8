// Package discordfake is a fake Discord for tests: a REST API under
// /api/v9 and a gateway websocket on 127.0.0.1 that speak Discord's wire
// protocol, so the real discordgo client can be driven against it. It
// records what it receives (calls, identify payloads, heartbeats,
// messages, reactions, scheduled events, command registrations) and lets a
// test dispatch gateway events (interactions, reactions, scheduled event
// interest) and inject failures such as 429s.
//
// It keeps only what the atelier adapter uses; unknown routes answer 404
// with Discord's error shape, so a call the fake does not know shows up in
// Calls as a 404 rather than passing silently.
package discordfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// Defaults of a new server.
const (
	Token   = "fake-bot-token"
	AppID   = "1100000000000000001"
	GuildID = "1200000000000000001"
	BotID   = "1300000000000000001"
	// Channel is a text channel of the guild, for interactions by default.
	Channel = "1400000000000000001"
)

// Call is one REST request the fake received.
type Call struct {
	Method string
	// Path is the decoded path after /api/v9, e.g. "/channels/14…/messages".
	Path  string
	Query url.Values
	// Body is the JSON body: the payload_json part of a multipart body.
	Body   json.RawMessage
	Files  []Attachment // a multipart body's files
	Auth   string
	Status int
	At     time.Time
}

// Attachment is a file uploaded with a message.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"-"`
}

// JSON decodes the call's body into v.
func (c Call) JSON(v any) error { return json.Unmarshal(c.Body, v) }

// Message is a message the bot posted (by REST or as an interaction
// response), as last edited.
type Message struct {
	ID              string          `json:"id"`
	ChannelID       string          `json:"channel_id"`
	Content         string          `json:"content"`
	Embeds          []Embed         `json:"embeds"`
	Components      json.RawMessage `json:"components,omitempty"`
	Flags           int             `json:"flags"`
	AllowedMentions json.RawMessage `json:"allowed_mentions,omitempty"`
	Attachments     []Attachment    `json:"attachments,omitempty"`
	// Edits counts the edits after creation.
	Edits int `json:"-"`
	// Interaction is the id of the interaction it answers, if any.
	Interaction string `json:"-"`
	// Deferred is an interaction's "thinking…" placeholder not yet edited.
	Deferred bool `json:"-"`
}

// Embed is a message embed.
type Embed struct {
	Type        string       `json:"type,omitempty"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Color       int          `json:"color,omitempty"`
	Fields      []EmbedField `json:"fields,omitempty"`
	Footer      *struct {
		Text string `json:"text"`
	} `json:"footer,omitempty"`
}

// EmbedField is a field of an embed.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// Field returns the value of the first embed's field named name.
func (m Message) Field(name string) string {
	for _, e := range m.Embeds {
		for _, f := range e.Fields {
			if f.Name == name {
				return f.Value
			}
		}
	}
	return ""
}

// Button is a button of a message or a modal's text input, decoded from
// components.
type Button struct {
	Type     int    `json:"type"`
	Label    string `json:"label"`
	Style    int    `json:"style"`
	CustomID string `json:"custom_id"`
	URL      string `json:"url,omitempty"`
}

// Buttons lists the buttons of a components array, row by row.
func Buttons(components json.RawMessage) []Button {
	var rows []struct {
		Type       int      `json:"type"`
		Components []Button `json:"components"`
	}
	if len(components) == 0 || json.Unmarshal(components, &rows) != nil {
		return nil
	}
	var out []Button
	for _, r := range rows {
		out = append(out, r.Components...)
	}
	return out
}

// Callback is an interaction response the bot posted to
// /interactions/{id}/{token}/callback.
type Callback struct {
	Type int             `json:"type"`
	Data json.RawMessage `json:"data"`
	// At is when the call arrived, before the fake read it.
	At time.Time `json:"-"`
}

// CallbackData is the common part of a callback's data.
type CallbackData struct {
	Content         string          `json:"content"`
	Embeds          []Embed         `json:"embeds"`
	Components      json.RawMessage `json:"components"`
	Flags           int             `json:"flags"`
	AllowedMentions json.RawMessage `json:"allowed_mentions"`
	CustomID        string          `json:"custom_id"`
	Title           string          `json:"title"`
	Choices         []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"choices"`
}

// Text is what a member reads in a callback's message: its content, then
// each embed's title, description, fields ("name: value") and footer, a
// line each.
func (d CallbackData) Text() string {
	var b strings.Builder
	b.WriteString(d.Content)
	for _, e := range d.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + ": " + f.Value)
		}
		if e.Footer != nil {
			b.WriteString("\n" + e.Footer.Text)
		}
	}
	return b.String()
}

// Decode decodes the callback's data.
func (c Callback) Decode() CallbackData {
	var d CallbackData
	_ = json.Unmarshal(c.Data, &d)
	return d
}

// Event is a guild scheduled event.
type Event struct {
	ID                 string     `json:"id"`
	GuildID            string     `json:"guild_id"`
	ChannelID          *string    `json:"channel_id"`
	CreatorID          string     `json:"creator_id"`
	Name               string     `json:"name"`
	Description        string     `json:"description"`
	ScheduledStartTime time.Time  `json:"scheduled_start_time"`
	ScheduledEndTime   *time.Time `json:"scheduled_end_time"`
	PrivacyLevel       int        `json:"privacy_level"`
	Status             int        `json:"status"`
	EntityType         int        `json:"entity_type"`
	EntityMetadata     struct {
		Location string `json:"location"`
	} `json:"entity_metadata"`
	UserCount int `json:"user_count"`
	// Edits counts PATCHes.
	Edits int `json:"-"`
}

// Dispatch is one gateway dispatch the fake sent.
type Dispatch struct {
	Seq  int64
	Type string
	At   time.Time
}

// User is a guild member known to the fake, for GET /guilds/{g}/members/{u}.
type User struct {
	ID         string
	Username   string
	GlobalName string
	Nick       string
}

type interaction struct {
	id, token, channel string
	callback           *Callback
	original           string // message id of @original
	dispatched         time.Time
	followups          []string
	event              wireInteraction // as dispatched, for Redeliver
}

type reactionKey struct{ channel, message, emoji string }

type fault struct {
	method, prefix string
	times          int // < 0: forever
	status         int
	body           string
	header         http.Header
}

// Server is a fake Discord. Create it with New and Close it at the end.
type Server struct {
	// URL is the base to give the adapter as discord.api_url.
	URL string
	// HeartbeatInterval is announced in Hello; set it before the client
	// connects.
	HeartbeatInterval time.Duration

	srv      *httptest.Server
	upgrader websocket.Upgrader

	mu           sync.Mutex
	notify       chan struct{}
	next         int64
	calls        []Call
	identifies   []json.RawMessage
	resumes      int
	heartbeats   int
	dispatches   []Dispatch
	seq          int64
	conn         *gwConn
	connects     int
	messages     map[string]*Message
	order        []string
	reactions    map[reactionKey][]string
	events       map[string]*Event
	eventOrder   []string
	interested   map[string][]string // event id → users marked Interested, ascending (events.go)
	commands     json.RawMessage
	guildCmds    map[string]json.RawMessage // guild → its last bulk overwrite
	guilds       []string                   // the guilds the bot is in, GuildID first
	channels     map[string]string          // channel → guild, for channels outside GuildID
	interactions map[string]*interaction
	byToken      map[string]*interaction
	dms          map[string]string
	users        map[string]User
	faults       []*fault
	threads      *threadState // threads.go
}

type gwConn struct {
	mu sync.Mutex
	c  *websocket.Conn
}

func (g *gwConn) write(v any) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.c.WriteJSON(v)
}

// New starts a fake Discord on 127.0.0.1.
func New() *Server {
	s := &Server{
		HeartbeatInterval: 250 * time.Millisecond,
		notify:            make(chan struct{}),
		next:              1500000000000000000,
		messages:          map[string]*Message{},
		reactions:         map[reactionKey][]string{},
		events:            map[string]*Event{},
		interactions:      map[string]*interaction{},
		byToken:           map[string]*interaction{},
		dms:               map[string]string{},
		users:             map[string]User{},
		guildCmds:         map[string]json.RawMessage{},
		guilds:            []string{GuildID},
		channels:          map[string]string{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /gw/", s.gateway)
	mux.HandleFunc("/api/v9/", s.api)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close stops the server and drops the gateway connection.
func (s *Server) Close() {
	s.mu.Lock()
	c := s.conn
	s.conn = nil
	s.mu.Unlock()
	if c != nil {
		c.c.Close()
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// changed wakes Await; the caller holds s.mu.
func (s *Server) changed() {
	close(s.notify)
	s.notify = make(chan struct{})
}

// Await waits until cond holds or the timeout passes, and reports whether
// cond held. cond runs without the server's lock, so it reads through the
// accessors (Calls, Messages, …); it is checked again after every change.
func (s *Server) Await(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.notify
		s.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			return cond()
		}
	}
}

func (s *Server) id() string {
	s.next++
	return strconv.FormatInt(s.next, 10)
}

// AddGuild adds a guild the bot is in: READY lists it, and commands,
// members and scheduled events are served in it.
func (s *Server) AddGuild(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.guilds = append(s.guilds, id)
}

// AddChannel makes channel a text channel of guild (channels are GuildID's
// unless added): GET /channels/{id} and reactions in it say so.
func (s *Server) AddChannel(channel, guild string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[channel] = guild
}

// hasGuild says whether the bot is in guild; the caller holds s.mu.
func (s *Server) hasGuild(guild string) bool {
	for _, g := range s.guilds {
		if g == guild {
			return true
		}
	}
	return false
}

// channelGuild is a channel's guild, "" for a DM; the caller holds s.mu.
func (s *Server) channelGuild(channel string) string {
	if strings.HasPrefix(channel, "dm-") {
		return ""
	}
	if g, ok := s.channels[channel]; ok {
		return g
	}
	return GuildID
}

// AddUser makes a guild member known, for member look-ups.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// Fail makes the next times requests (times < 0: all) whose method matches
// (or method "") and whose path after /api/v9 starts with prefix answer
// status with body and headers.
func (s *Server) Fail(method, prefix string, times, status int, body string, header http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: method, prefix: prefix, times: times, status: status, body: body, header: header})
}

// RateLimit makes the next times matching requests (times < 0: all)
// answer 429 with retry_after seconds, as Discord does.
func (s *Server) RateLimit(method, prefix string, times int, retryAfter float64) {
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(int(retryAfter+0.999)))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(retryAfter, 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "fake-bucket")
	h.Set("X-RateLimit-Scope", "user")
	body := fmt.Sprintf(`{"message":"You are being rate limited.","retry_after":%g,"global":false}`, retryAfter)
	s.Fail(method, prefix, times, http.StatusTooManyRequests, body, h)
}

// ClearFaults removes every injected failure.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Calls returns the REST calls received so far, in order; with a method
// and a path pattern (a regexp matched against Path), only those.
func (s *Server) Calls(method, pathRE string) []Call {
	var re *regexp.Regexp
	if pathRE != "" {
		re = regexp.MustCompile(pathRE)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if (method == "" || c.Method == method) && (re == nil || re.MatchString(c.Path)) {
			out = append(out, c)
		}
	}
	return out
}

// Identifies returns the op 2 payloads ("d") received.
func (s *Server) Identifies() []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]json.RawMessage(nil), s.identifies...)
}

// Resumes counts op 6 Resume payloads received.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Heartbeats counts op 1 heartbeats received (each was acked with op 11).
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// Connects counts gateway connections.
func (s *Server) Connects() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connects
}

// Dispatches returns the op 0 dispatches sent, in order.
func (s *Server) Dispatches() []Dispatch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Dispatch(nil), s.dispatches...)
}

// Commands returns the last bulk overwrite of guild commands.
func (s *Server) Commands() json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands
}

// GuildCommands returns the last bulk overwrite of one guild's commands.
func (s *Server) GuildCommands(guild string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.guildCmds[guild]
}

// Pings lists the mentions the bot's messages would have fired, as
// Discord decides: @everyone and @here, role (<@&id>) and user (<@id>)
// mentions in the content fire unless allowed_mentions rules them out
// (absent, or a null parse list, allows every kind).
func (s *Server) Pings() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, id := range s.order {
		m := s.messages[id]
		var am struct {
			Parse *[]string `json:"parse"`
			Roles []string  `json:"roles"`
			Users []string  `json:"users"`
		}
		_ = json.Unmarshal(m.AllowedMentions, &am)
		allowed := func(kind string) bool {
			if am.Parse == nil {
				return true
			}
			for _, p := range *am.Parse {
				if p == kind {
					return true
				}
			}
			return false
		}
		for _, mention := range reMention.FindAllString(m.Content, -1) {
			kind := "users"
			switch {
			case mention == "@everyone" || mention == "@here":
				kind = "everyone"
			case strings.HasPrefix(mention, "<@&"):
				kind = "roles"
			}
			if allowed(kind) {
				out = append(out, m.ID+": "+mention)
			}
		}
	}
	return out
}

var reMention = regexp.MustCompile(`@everyone|@here|<@&?!?[0-9]+>`)

// Messages returns the messages of a channel ("" for all), oldest first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, id := range s.order {
		m := s.messages[id]
		if channel == "" || m.ChannelID == channel {
			out = append(out, *m)
		}
	}
	return out
}

// Message returns a message by id.
func (s *Server) Message(id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		return Message{}, false
	}
	return *m, true
}

// Events returns the scheduled events, in creation order.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Event
	for _, id := range s.eventOrder {
		out = append(out, *s.events[id])
	}
	return out
}

// DMChannel returns the DM channel opened with a user, if any.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dms[userID]
}

// ForgetHistory drops what the fake recorded of finished exchanges: the
// calls, the dispatches, the answered interactions and the messages that
// answered them. Benchmarks call it between rounds, so that a history the
// bot never has does not weigh on the garbage collector of the process
// they share. Channel posts stay: the bot still edits them.
func (s *Server) ForgetHistory() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls, s.dispatches = nil, nil
	interactions := make(map[string]*interaction)
	byToken := make(map[string]*interaction)
	for id, in := range s.interactions {
		if in.callback == nil {
			interactions[id], byToken[in.token] = in, in
			continue
		}
		delete(s.messages, in.original)
		for _, m := range in.followups {
			delete(s.messages, m)
		}
	}
	s.interactions, s.byToken = interactions, byToken
	messages := make(map[string]*Message, len(s.messages))
	order := make([]string, 0, len(s.messages))
	for _, id := range s.order {
		if m, ok := s.messages[id]; ok {
			messages[id] = m
			order = append(order, id)
		}
	}
	s.messages, s.order = messages, order
}

// Callback returns the response to an interaction, once posted.
func (s *Server) Callback(interactionID string) (Callback, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[interactionID]
	if !ok || in.callback == nil {
		return Callback{}, false
	}
	return *in.callback, true
}

// Original returns the message that answers an interaction (@original).
func (s *Server) Original(interactionID string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[interactionID]
	if !ok || in.original == "" {
		return Message{}, false
	}
	return *s.messages[in.original], true
}

// Followups returns the follow-up messages of an interaction.
func (s *Server) Followups(interactionID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[interactionID]
	if !ok {
		return nil
	}
	var out []Message
	for _, id := range in.followups {
		out = append(out, *s.messages[id])
	}
	return out
}

// Latency is the time from an interaction's dispatch to its callback.
func (s *Server) Latency(interactionID string) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[interactionID]
	if !ok || in.callback == nil {
		return 0, false
	}
	return in.callback.At.Sub(in.dispatched), true
}

// Reactors lists who reacted to a message with an emoji, by user id.
func (s *Server) Reactors(channel, message, emoji string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reactions[reactionKey{channel, message, emoji}]...)
}

// PostMessage adds a message to a channel as if someone had posted it
// (not the bot), and returns its id.
func (s *Server) PostMessage(channel, content string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &Message{ID: s.id(), ChannelID: channel, Content: content}
	s.messages[m.ID] = m
	s.order = append(s.order, m.ID)
	s.changed()
	return m.ID
}

// ---- Gateway ----

type payload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}

func (s *Server) gateway(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("v") != "9" || r.URL.Query().Get("encoding") != "json" {
		http.Error(w, "want ?v=9&encoding=json", http.StatusBadRequest)
		return
	}
	c, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn := &gwConn{c: c}
	s.mu.Lock()
	old := s.conn
	s.conn = conn
	s.connects++
	interval := s.HeartbeatInterval
	s.changed()
	s.mu.Unlock()
	if old != nil {
		old.c.Close()
	}
	defer func() {
		s.mu.Lock()
		if s.conn == conn {
			s.conn = nil
		}
		s.changed()
		s.mu.Unlock()
		c.Close()
	}()
	if err := conn.write(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": interval.Milliseconds()}}); err != nil {
		return
	}
	for {
		var p payload
		if err := c.ReadJSON(&p); err != nil {
			return
		}
		switch p.Op {
		case 1:
			s.mu.Lock()
			s.heartbeats++
			s.changed()
			s.mu.Unlock()
			if conn.write(map[string]any{"op": 11}) != nil {
				return
			}
		case 2:
			s.mu.Lock()
			s.identifies = append(s.identifies, p.D)
			s.changed()
			s.mu.Unlock()
			var id struct {
				Token string `json:"token"`
			}
			_ = json.Unmarshal(p.D, &id)
			if id.Token != "Bot "+Token {
				_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
				return
			}
			s.mu.Lock()
			guilds := []any{}
			for _, g := range s.guilds {
				guilds = append(guilds, map[string]any{"id": g, "unavailable": true})
			}
			s.mu.Unlock()
			ready := map[string]any{
				"v":           9,
				"user":        map[string]any{"id": BotID, "username": "atelier", "discriminator": "0", "bot": true},
				"session_id":  "fake-session",
				"guilds":      guilds,
				"application": map[string]any{"id": AppID, "flags": 0},
			}
			if _, err := s.Dispatch("READY", ready); err != nil {
				return
			}
		case 6:
			s.mu.Lock()
			s.resumes++
			s.changed()
			s.mu.Unlock()
			if _, err := s.Dispatch("RESUMED", map[string]any{}); err != nil {
				return
			}
		}
	}
}

// Dispatch sends an op 0 event with the next sequence number on the
// current gateway connection.
func (s *Server) Dispatch(t string, d any) (int64, error) {
	raw, err := json.Marshal(d)
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	conn := s.conn
	if conn == nil {
		s.mu.Unlock()
		return 0, fmt.Errorf("discordfake: no gateway connection")
	}
	// The sequence is taken and the frame written under one lock, so
	// frames go out in sequence order.
	conn.mu.Lock()
	s.seq++
	seq := s.seq
	s.dispatches = append(s.dispatches, Dispatch{Seq: seq, Type: t, At: time.Now()})
	s.changed()
	s.mu.Unlock()
	// The frame is put together by hand: raw is already JSON, and
	// encoding it again inside a payload costs a burst benchmark as much
	// as the bot's own decoding of it.
	frame := make([]byte, 0, len(raw)+len(t)+48)
	frame = append(frame, `{"op":0,"s":`...)
	frame = strconv.AppendInt(frame, seq, 10)
	frame = append(frame, `,"t":`...)
	frame = strconv.AppendQuote(frame, t)
	frame = append(frame, `,"d":`...)
	frame = append(frame, raw...)
	frame = append(frame, '}')
	err = conn.c.WriteMessage(websocket.TextMessage, frame)
	conn.mu.Unlock()
	return seq, err
}

// Drop closes the gateway connection abruptly, as a network failure would;
// discordgo then reconnects and resumes.
func (s *Server) Drop() {
	s.mu.Lock()
	c := s.conn
	s.mu.Unlock()
	if c != nil {
		c.c.Close()
	}
}

// ---- Dispatch helpers ----

// Interaction describes an INTERACTION_CREATE to dispatch.
type Interaction struct {
	Type       int // 2 command, 3 component, 4 autocomplete, 5 modal submit
	GuildID    string
	ChannelID  string
	UserID     string
	Username   string
	GlobalName string
	Nick       string
	Locale     string
	// DM sends it as from a direct message (user, no member, no guild).
	DM bool
	// Data is the interaction's data object; see Command, Button and
	// ModalSubmit.
	Data any
	// MessageID is the message a component was on.
	MessageID string
}

// Opt is a command option in an interaction.
type Opt struct {
	Name    string `json:"name"`
	Type    int    `json:"type"`
	Value   any    `json:"value,omitempty"`
	Options []Opt  `json:"options,omitempty"`
	Focused bool   `json:"focused,omitempty"`
}

// Str is a string option; Int an integer one; Sub a sub-command.
func Str(name, v string) Opt { return Opt{Name: name, Type: 3, Value: v} }

// Int is an integer option.
func Int(name string, v int64) Opt { return Opt{Name: name, Type: 4, Value: v} }

// Sub is a sub-command with its options.
func Sub(name string, opts ...Opt) Opt {
	if opts == nil {
		opts = []Opt{}
	}
	return Opt{Name: name, Type: 1, Options: opts}
}

// Focused marks an option as the one being typed (autocomplete).
func Focused(o Opt) Opt { o.Focused = true; return o }

// Command is the data of a slash command (and of its autocomplete).
func Command(name string, opts ...Opt) any {
	if opts == nil {
		opts = []Opt{}
	}
	return map[string]any{"id": "1600000000000000001", "name": name, "type": 1, "options": opts}
}

// ButtonPress is the data of a button click.
func ButtonPress(customID string) any {
	return map[string]any{"custom_id": customID, "component_type": 2}
}

// ModalSubmit is the data of a modal submission, inputs by custom id.
func ModalSubmit(customID string, inputs [][2]string) any {
	var rows []any
	for _, in := range inputs {
		rows = append(rows, map[string]any{"type": 1, "components": []any{
			map[string]any{"type": 4, "custom_id": in[0], "value": in[1]},
		}})
	}
	return map[string]any{"custom_id": customID, "components": rows}
}

// Interact dispatches an INTERACTION_CREATE and returns its id.
func (s *Server) Interact(in Interaction) (string, error) {
	if in.ChannelID == "" {
		in.ChannelID = Channel
	}
	if in.GuildID == "" && !in.DM {
		in.GuildID = GuildID
	}
	if in.Username == "" {
		in.Username = "user" + in.UserID
	}
	if in.Locale == "" {
		in.Locale = "en-US"
	}
	s.mu.Lock()
	id := s.id()
	it := &interaction{id: id, token: "itok-" + id, channel: in.ChannelID, dispatched: time.Now()}
	s.interactions[id] = it
	s.byToken[it.token] = it
	s.mu.Unlock()
	user := &wireUser{ID: in.UserID, Username: in.Username, Discriminator: "0", GlobalName: in.GlobalName}
	ev := wireInteraction{ID: id, ApplicationID: AppID, Type: in.Type, Data: in.Data, ChannelID: in.ChannelID,
		Token: it.token, Version: 1, Locale: in.Locale, AppPermissions: "2251799813685247"}
	if in.DM {
		ev.User = user
		ev.Context = 1
	} else {
		ev.GuildID = in.GuildID
		ev.GuildLocale = "en-US"
		ev.Member = &wireMember{User: user, Roles: []string{}, JoinedAt: "2026-01-01T00:00:00Z",
			Permissions: "2248473465835073", Nick: in.Nick}
	}
	if in.MessageID != "" {
		s.mu.Lock()
		m, ok := s.messages[in.MessageID]
		var msg Message
		if ok {
			msg = *m
		}
		s.mu.Unlock()
		ev.Message = map[string]any{"id": in.MessageID, "channel_id": in.ChannelID, "content": msg.Content,
			"author": map[string]any{"id": BotID, "username": "atelier", "bot": true}, "timestamp": "2026-01-01T00:00:00Z"}
	}
	// The dispatch time is taken just before the frame is written.
	s.mu.Lock()
	it.dispatched = time.Now()
	it.event = ev
	s.mu.Unlock()
	_, err := s.Dispatch("INTERACTION_CREATE", ev)
	return id, err
}

// Redeliver dispatches an interaction again, same id and token, as a
// gateway may after a resume.
func (s *Server) Redeliver(interactionID string) error {
	s.mu.Lock()
	it, ok := s.interactions[interactionID]
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("discordfake: no interaction %s", interactionID)
	}
	_, err := s.Dispatch("INTERACTION_CREATE", it.event)
	return err
}

// wireInteraction is an INTERACTION_CREATE's data as Discord sends it.
type wireInteraction struct {
	ID             string         `json:"id"`
	ApplicationID  string         `json:"application_id"`
	Type           int            `json:"type"`
	Data           any            `json:"data"`
	GuildID        string         `json:"guild_id,omitempty"`
	GuildLocale    string         `json:"guild_locale,omitempty"`
	ChannelID      string         `json:"channel_id"`
	Member         *wireMember    `json:"member,omitempty"`
	User           *wireUser      `json:"user,omitempty"`
	Message        map[string]any `json:"message,omitempty"`
	Token          string         `json:"token"`
	Version        int            `json:"version"`
	Locale         string         `json:"locale"`
	AppPermissions string         `json:"app_permissions"`
	Context        int            `json:"context"`
}

type wireMember struct {
	User        *wireUser `json:"user"`
	Nick        string    `json:"nick,omitempty"`
	Roles       []string  `json:"roles"`
	JoinedAt    string    `json:"joined_at"`
	Permissions string    `json:"permissions"`
}

type wireUser struct {
	ID            string `json:"id"`
	Username      string `json:"username"`
	Discriminator string `json:"discriminator"`
	GlobalName    string `json:"global_name,omitempty"`
}

// React adds (or with added false removes) a user's reaction and, when
// dispatch is true, sends MESSAGE_REACTION_ADD/REMOVE. With dispatch false
// the reaction only shows in the reactions list, as one made while the
// bot was not connected.
func (s *Server) React(channel, message, userID, emoji string, added, dispatch bool) error {
	s.mu.Lock()
	k := reactionKey{channel, message, emoji}
	s.reactions[k] = mark(s.reactions[k], userID, added)
	u := s.users[userID]
	guild := s.channelGuild(channel)
	s.changed()
	s.mu.Unlock()
	if !dispatch {
		return nil
	}
	d := map[string]any{"user_id": userID, "channel_id": channel, "message_id": message, "emoji": map[string]any{"id": nil, "name": emoji}}
	if channel != "" && guild != "" {
		d["guild_id"] = guild
	}
	t := "MESSAGE_REACTION_REMOVE"
	if added {
		t = "MESSAGE_REACTION_ADD"
		if d["guild_id"] != nil {
			name := u.Username
			if name == "" {
				name = "user" + userID
			}
			member := map[string]any{"user": map[string]any{"id": userID, "username": name}, "roles": []string{}, "joined_at": "2026-01-01T00:00:00Z"}
			if u.Nick != "" {
				member["nick"] = u.Nick
			}
			d["member"] = member
		}
	}
	_, err := s.Dispatch(t, d)
	return err
}

// EventInterest marks (or unmarks) a user "Interested" in a scheduled
// event and dispatches GUILD_SCHEDULED_EVENT_USER_ADD/REMOVE.
func (s *Server) EventInterest(eventID, userID string, added bool) error {
	return s.MarkInterest(eventID, userID, added, true)
}

// mark adds (or with added false removes) userID in users, kept in
// snowflake order as Discord lists them.
func mark(users []string, userID string, added bool) []string {
	i := sort.Search(len(users), func(i int) bool { return !snowLess(users[i], userID) })
	has := i < len(users) && users[i] == userID
	switch {
	case added && !has:
		users = append(users, "")
		copy(users[i+1:], users[i:])
		users[i] = userID
	case !added && has:
		users = append(users[:i], users[i+1:]...)
	}
	return users
}

// snowLess orders snowflakes numerically (longer is larger).
func snowLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// ---- REST ----

type apiError struct {
	status  int
	code    int
	message string
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := strings.TrimPrefix(r.URL.Path, "/api/v9")
	call := Call{Method: r.Method, Path: path, Query: r.URL.Query(), Body: body, Auth: r.Header.Get("Authorization"), At: time.Now()}
	r = r.WithContext(context.WithValue(r.Context(), arrivedKey{}, call.At))
	multi := false
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "multipart/form-data" {
		multi = true
		call.Body, call.Files, err = readMultipart(body, params["boundary"])
		if err != nil {
			call.Status = http.StatusBadRequest
			s.mu.Lock()
			s.calls = append(s.calls, call)
			s.changed()
			s.mu.Unlock()
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "bad multipart body: " + err.Error(), "code": 50035})
			return
		}
		body = call.Body
	}
	// A call is recorded before its answer is written, so a client that
	// has its answer finds the call in Calls. A handler that publishes
	// what a test waits for (an interaction's callback) records the call
	// in the same locked section, so a test that saw it finds the call.
	recorded := false
	var recordLocked recordFunc = func(status int) {
		call.Status = status
		s.calls = append(s.calls, call)
		recorded = true
	}
	r = r.WithContext(context.WithValue(r.Context(), recordKey{}, recordLocked))
	rec := func(status int) {
		if recorded {
			return
		}
		call.Status = status
		s.mu.Lock()
		s.calls = append(s.calls, call)
		s.changed()
		s.mu.Unlock()
	}
	// Injected failures first.
	s.mu.Lock()
	for _, f := range s.faults {
		if f.times != 0 && (f.method == "" || f.method == r.Method) && strings.HasPrefix(path, f.prefix) {
			if f.times > 0 {
				f.times--
			}
			s.mu.Unlock()
			for k, v := range f.header {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Type", "application/json")
			rec(f.status)
			w.WriteHeader(f.status)
			_, _ = io.WriteString(w, f.body)
			return
		}
	}
	s.mu.Unlock()

	// Interaction webhooks and callbacks need no bot token; everything
	// else does.
	open := strings.HasPrefix(path, "/interactions/") || strings.HasPrefix(path, "/webhooks/")
	if !open && call.Auth != "Bot "+Token {
		rec(http.StatusUnauthorized)
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
		return
	}
	if len(body) > 0 && !multi && r.Header.Get("Content-Type") != "application/json" {
		rec(http.StatusBadRequest)
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Content-Type must be application/json", "code": 50035})
		return
	}
	// Generous rate-limit headers, so discordgo's pacing runs but never
	// waits.
	w.Header().Set("X-RateLimit-Limit", "50")
	w.Header().Set("X-RateLimit-Remaining", "49")
	w.Header().Set("X-RateLimit-Reset-After", "1.000")
	w.Header().Set("X-RateLimit-Bucket", "fake")

	status, out, aerr := s.route(r, path, body, call.Files)
	if aerr != nil {
		rec(aerr.status)
		writeJSON(w, aerr.status, map[string]any{"message": aerr.message, "code": aerr.code})
		return
	}
	rec(status)
	if out == nil {
		w.WriteHeader(status)
		return
	}
	writeJSON(w, status, out)
}

var (
	reGateway      = regexp.MustCompile(`^/gateway$`)
	reCommands     = regexp.MustCompile(`^/applications/([0-9]+)/guilds/([0-9]+)/commands$`)
	reCallback     = regexp.MustCompile(`^/interactions/([0-9]+)/([^/]+)/callback$`)
	reWebhookMsg   = regexp.MustCompile(`^/webhooks/([0-9]+)/([^/]+)/messages/([^/]+)$`)
	reWebhook      = regexp.MustCompile(`^/webhooks/([0-9]+)/([^/]+)$`)
	reChannel      = regexp.MustCompile(`^/channels/([0-9]+)$`)
	reChanMsgs     = regexp.MustCompile(`^/channels/([^/]+)/messages$`)
	reChanMsg      = regexp.MustCompile(`^/channels/([^/]+)/messages/([^/]+)$`)
	reReactions    = regexp.MustCompile(`^/channels/([^/]+)/messages/([^/]+)/reactions/([^/]+)$`)
	reReactionMe   = regexp.MustCompile(`^/channels/([^/]+)/messages/([^/]+)/reactions/([^/]+)/@me$`)
	reDMs          = regexp.MustCompile(`^/users/@me/channels$`)
	reMember       = regexp.MustCompile(`^/guilds/([0-9]+)/members/([0-9]+)$`)
	reEvents       = regexp.MustCompile(`^/guilds/([0-9]+)/scheduled-events$`)
	reEvent        = regexp.MustCompile(`^/guilds/([0-9]+)/scheduled-events/([0-9]+)$`)
	reCommandName  = regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)
	errUnknownMsg  = &apiError{http.StatusNotFound, 10008, "Unknown Message"}
	errUnknownHook = &apiError{http.StatusNotFound, 10015, "Unknown Webhook"}
)

func badForm(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, 50035, "Invalid Form Body: " + fmt.Sprintf(format, args...)}
}

func (s *Server) route(r *http.Request, path string, body []byte, files []Attachment) (int, any, *apiError) {
	m := func(re *regexp.Regexp) []string { return re.FindStringSubmatch(path) }
	if status, out, aerr, ok := s.threadRoute(r, path, body); ok {
		return status, out, aerr
	}
	switch {
	case r.Method == "GET" && m(reGateway) != nil:
		return 200, map[string]any{"url": "ws://" + r.Host + "/gw"}, nil
	case r.Method == "PUT" && m(reCommands) != nil:
		return s.putCommands(m(reCommands), body)
	case r.Method == "POST" && m(reCallback) != nil:
		return s.callback(r, m(reCallback), body, files)
	case m(reWebhookMsg) != nil:
		return s.webhookMessage(r.Method, m(reWebhookMsg), body, files)
	case r.Method == "POST" && m(reWebhook) != nil:
		return s.followup(m(reWebhook), r.URL.Query().Get("wait") == "true", body, files)
	case r.Method == "GET" && m(reChannel) != nil:
		s.mu.Lock()
		defer s.mu.Unlock()
		return 200, map[string]any{"id": m(reChannel)[1], "type": 0, "guild_id": s.channelGuild(m(reChannel)[1]), "name": "atelier"}, nil
	case r.Method == "POST" && m(reChanMsgs) != nil:
		return s.postMessage(m(reChanMsgs)[1], body, files)
	case r.Method == "PATCH" && m(reChanMsg) != nil:
		mm := m(reChanMsg)
		return s.editMessage(mm[1], mm[2], body, files)
	case r.Method == "GET" && m(reReactions) != nil:
		return s.listReactions(m(reReactions), r.URL.Query())
	case r.Method == "PUT" && m(reReactionMe) != nil:
		mm := m(reReactionMe)
		s.mu.Lock()
		_, ok := s.messages[mm[2]]
		s.mu.Unlock()
		if !ok {
			return 0, nil, errUnknownMsg
		}
		_ = s.React(mm[1], mm[2], BotID, mm[3], true, false)
		return 204, nil, nil
	case r.Method == "POST" && m(reDMs) != nil:
		return s.openDM(body)
	case r.Method == "GET" && m(reMember) != nil:
		return s.member(m(reMember))
	case r.Method == "GET" && m(reEventUsers) != nil:
		return s.eventUsers(m(reEventUsers), r.URL.Query())
	case m(reEvents) != nil:
		return s.scheduledEvents(r.Method, m(reEvents)[1], body)
	case m(reEvent) != nil:
		mm := m(reEvent)
		return s.scheduledEvent(r.Method, mm[1], mm[2], body)
	}
	return 0, nil, &apiError{http.StatusNotFound, 0, "404: Not Found"}
}

// --- commands ---

type commandOption struct {
	Type                     int               `json:"type"`
	Name                     string            `json:"name"`
	Description              string            `json:"description"`
	DescriptionLocalizations map[string]string `json:"description_localizations"`
	Required                 bool              `json:"required"`
	Options                  []commandOption   `json:"options"`
	Choices                  []struct {
		Name              string            `json:"name"`
		NameLocalizations map[string]string `json:"name_localizations"`
		Value             any               `json:"value"`
	} `json:"choices"`
	Autocomplete bool     `json:"autocomplete"`
	MinValue     *float64 `json:"min_value"`
	MaxValue     *float64 `json:"max_value"`
	MinLength    *int     `json:"min_length"`
	MaxLength    *int     `json:"max_length"`
}

func checkDescription(where, d string, loc map[string]string) *apiError {
	if n := utf8.RuneCountInString(d); n < 1 || n > 100 {
		return badForm("%s: description must be 1-100 characters, got %d", where, n)
	}
	for l, v := range loc {
		if n := utf8.RuneCountInString(v); n < 1 || n > 100 {
			return badForm("%s: description_localizations.%s must be 1-100 characters, got %d", where, l, n)
		}
	}
	return nil
}

func checkOptions(where string, opts []commandOption, depth int) *apiError {
	if len(opts) > 25 {
		return badForm("%s: more than 25 options", where)
	}
	seenOptional := false
	names := map[string]bool{}
	for _, o := range opts {
		w := where + "." + o.Name
		if !reCommandName.MatchString(o.Name) || names[o.Name] {
			return badForm("%s: bad or repeated option name", w)
		}
		names[o.Name] = true
		if err := checkDescription(w, o.Description, o.DescriptionLocalizations); err != nil {
			return err
		}
		switch o.Type {
		case 1, 2:
			if depth > 1 || (o.Type == 2 && depth > 0) {
				return badForm("%s: sub-command nested too deep", w)
			}
			if err := checkOptions(w, o.Options, depth+1); err != nil {
				return err
			}
			continue
		case 3, 4, 5, 6, 7, 8, 9, 10, 11:
		default:
			return badForm("%s: unknown option type %d", w, o.Type)
		}
		if o.Required && seenOptional {
			return badForm("%s: required options must come before optional ones", w)
		}
		if !o.Required {
			seenOptional = true
		}
		if len(o.Choices) > 25 {
			return badForm("%s: more than 25 choices", w)
		}
		if len(o.Choices) > 0 && o.Autocomplete {
			return badForm("%s: autocomplete with choices", w)
		}
		if o.Type != 3 && (o.MinLength != nil || o.MaxLength != nil) {
			return badForm("%s: length limits on a non-string option", w)
		}
		if o.MaxLength != nil && (*o.MaxLength < 1 || *o.MaxLength > 6000) {
			return badForm("%s: max_length out of range", w)
		}
	}
	return nil
}

func (s *Server) putCommands(m []string, body []byte) (int, any, *apiError) {
	s.mu.Lock()
	in := s.hasGuild(m[2])
	s.mu.Unlock()
	if m[1] != AppID || !in {
		return 0, nil, &apiError{http.StatusForbidden, 50001, "Missing Access"}
	}
	var cmds []struct {
		Name                     string            `json:"name"`
		Type                     int               `json:"type"`
		Description              string            `json:"description"`
		DescriptionLocalizations map[string]string `json:"description_localizations"`
		Options                  []commandOption   `json:"options"`
	}
	if err := json.Unmarshal(body, &cmds); err != nil {
		return 0, nil, badForm("%v", err)
	}
	if len(cmds) > 100 {
		return 0, nil, badForm("more than 100 commands")
	}
	var out []map[string]any
	for _, c := range cmds {
		if !reCommandName.MatchString(c.Name) {
			return 0, nil, badForm("command name %q", c.Name)
		}
		if err := checkDescription(c.Name, c.Description, c.DescriptionLocalizations); err != nil {
			return 0, nil, err
		}
		if err := checkOptions(c.Name, c.Options, 0); err != nil {
			return 0, nil, err
		}
		s.mu.Lock()
		id := s.id()
		s.mu.Unlock()
		out = append(out, map[string]any{"id": id, "application_id": AppID, "guild_id": m[2], "name": c.Name,
			"description": c.Description, "type": 1, "version": id})
	}
	s.mu.Lock()
	s.commands = append(json.RawMessage(nil), body...)
	s.guildCmds[m[2]] = s.commands
	s.changed()
	s.mu.Unlock()
	return 200, out, nil
}

// --- messages ---

type messagePayload struct {
	Content         *string          `json:"content"`
	Embeds          *[]Embed         `json:"embeds"`
	Components      *json.RawMessage `json:"components"`
	Flags           int              `json:"flags"`
	AllowedMentions json.RawMessage  `json:"allowed_mentions"`
	files           []Attachment
}

// readMultipart reads a message sent with files: the JSON in payload_json,
// the files in files[n].
func readMultipart(body []byte, boundary string) (json.RawMessage, []Attachment, error) {
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	var payload json.RawMessage
	var files []Attachment
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, err
		}
		switch name := part.FormName(); {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files["):
			files = append(files, Attachment{Filename: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
		default:
			return nil, nil, fmt.Errorf("unknown part %q", name)
		}
	}
	if payload == nil {
		return nil, nil, fmt.Errorf("no payload_json")
	}
	return payload, files, nil
}

func checkMessage(p messagePayload) *apiError {
	if p.Content != nil && utf8.RuneCountInString(*p.Content) > 2000 {
		return badForm("content: must be 2000 or fewer in length")
	}
	if p.Embeds != nil {
		if len(*p.Embeds) > 10 {
			return badForm("embeds: at most 10")
		}
		for _, e := range *p.Embeds {
			if utf8.RuneCountInString(e.Title) > 256 || utf8.RuneCountInString(e.Description) > 4096 || len(e.Fields) > 25 {
				return badForm("embed too large")
			}
			for _, f := range e.Fields {
				if f.Name == "" || f.Value == "" || utf8.RuneCountInString(f.Name) > 256 || utf8.RuneCountInString(f.Value) > 1024 {
					return badForm("embed field: name and value must be 1-256 and 1-1024 characters")
				}
			}
		}
	}
	if p.Components != nil {
		for _, b := range Buttons(*p.Components) {
			if b.Type == 2 && (b.Label == "" || utf8.RuneCountInString(b.Label) > 80 || len(b.CustomID) > 100 || (b.CustomID == "") == (b.URL == "")) {
				return badForm("button: bad label or custom_id")
			}
		}
	}
	return nil
}

func (p messagePayload) apply(m *Message) {
	if p.Content != nil {
		m.Content = *p.Content
	}
	if p.Embeds != nil {
		m.Embeds = *p.Embeds
	}
	if p.Components != nil {
		m.Components = *p.Components
	}
	if len(p.AllowedMentions) > 0 {
		m.AllowedMentions = p.AllowedMentions
	}
	if len(p.files) > 0 {
		m.Attachments = append(m.Attachments, p.files...)
	}
}

// newMessage creates a message; the caller holds s.mu.
func (s *Server) newMessage(channel string, p messagePayload) *Message {
	msg := &Message{ID: s.id(), ChannelID: channel, Flags: p.Flags}
	p.apply(msg)
	s.messages[msg.ID] = msg
	s.order = append(s.order, msg.ID)
	return msg
}

func (m *Message) wire() map[string]any {
	embeds := m.Embeds
	if embeds == nil {
		embeds = []Embed{}
	}
	comps := m.Components
	if len(comps) == 0 {
		comps = json.RawMessage("[]")
	}
	attachments := []map[string]any{}
	for i, a := range m.Attachments {
		attachments = append(attachments, map[string]any{"id": strconv.Itoa(i + 1), "filename": a.Filename,
			"content_type": a.ContentType, "size": len(a.Data), "url": "https://cdn.discordapp.com/attachments/" + m.ChannelID + "/" + a.Filename})
	}
	return map[string]any{
		"attachments": attachments,
		"id":          m.ID, "channel_id": m.ChannelID, "content": m.Content, "embeds": embeds, "components": comps,
		"flags": m.Flags, "type": 0, "timestamp": "2026-01-01T00:00:00Z",
		"author": map[string]any{"id": BotID, "username": "atelier", "bot": true},
	}
}

func (s *Server) postMessage(channel string, body []byte, files []Attachment) (int, any, *apiError) {
	p, err := decodeMessage(body, files)
	if err != nil {
		return 0, nil, err
	}
	if (p.Content == nil || *p.Content == "") && (p.Embeds == nil || len(*p.Embeds) == 0) && len(p.files) == 0 {
		return 0, nil, &apiError{http.StatusBadRequest, 50006, "Cannot send an empty message"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := s.newMessage(channel, p)
	s.changed()
	return 200, msg.wire(), nil
}

// decodeMessage reads and checks a message payload as Discord does.
func decodeMessage(body []byte, files []Attachment) (messagePayload, *apiError) {
	var p messagePayload
	if err := json.Unmarshal(body, &p); err != nil {
		return p, badForm("%v", err)
	}
	p.files = files
	if err := checkMessage(p); err != nil {
		return p, err
	}
	return p, nil
}

func (s *Server) editMessage(channel, id string, body []byte, files []Attachment) (int, any, *apiError) {
	p, err := decodeMessage(body, files)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	msg, ok := s.messages[id]
	if !ok || msg.ChannelID != channel {
		return 0, nil, errUnknownMsg
	}
	p.apply(msg)
	msg.Edits++
	s.changed()
	return 200, msg.wire(), nil
}

func (s *Server) listReactions(m []string, q url.Values) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.messages[m[2]]; !ok {
		return 0, nil, errUnknownMsg
	}
	limit := 25
	if l, err := strconv.Atoi(q.Get("limit")); err == nil {
		limit = l
	}
	if limit < 1 || limit > 100 {
		return 0, nil, badForm("limit: must be 1-100")
	}
	after := q.Get("after")
	out := []any{}
	for _, u := range s.reactions[reactionKey{m[1], m[2], m[3]}] {
		if after != "" && !snowLess(after, u) {
			continue
		}
		if len(out) == limit {
			break
		}
		name := s.users[u].Username
		if name == "" {
			name = "user" + u
		}
		out = append(out, map[string]any{"id": u, "username": name, "discriminator": "0", "bot": u == BotID})
	}
	return 200, out, nil
}

func (s *Server) openDM(body []byte) (int, any, *apiError) {
	var p struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.Unmarshal(body, &p); err != nil || p.RecipientID == "" {
		return 0, nil, badForm("recipient_id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.dms[p.RecipientID]
	if !ok {
		ch = "dm-" + p.RecipientID
		s.dms[p.RecipientID] = ch
		s.changed()
	}
	return 200, map[string]any{"id": ch, "type": 1, "recipients": []any{map[string]any{"id": p.RecipientID, "username": "user" + p.RecipientID}}}, nil
}

func (s *Server) member(m []string) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[m[2]]
	if !ok || !s.hasGuild(m[1]) {
		return 0, nil, &apiError{http.StatusNotFound, 10007, "Unknown Member"}
	}
	user := map[string]any{"id": u.ID, "username": u.Username, "discriminator": "0"}
	if u.GlobalName != "" {
		user["global_name"] = u.GlobalName
	}
	out := map[string]any{"user": user, "roles": []string{}, "joined_at": "2026-01-01T00:00:00Z"}
	if u.Nick != "" {
		out["nick"] = u.Nick
	}
	return 200, out, nil
}

// --- interactions ---

// arrivedKey is the context key of the instant a REST call arrived.
type arrivedKey struct{}

// recordKey is the context key of a recordFunc.
type recordKey struct{}

// recordFunc records the call under way with its status; the server's
// lock is held.
type recordFunc func(status int)

func (s *Server) callback(r *http.Request, m []string, body []byte, files []Attachment) (int, any, *apiError) {
	var cb Callback
	if err := json.Unmarshal(body, &cb); err != nil {
		return 0, nil, badForm("%v", err)
	}
	cb.At, _ = r.Context().Value(arrivedKey{}).(time.Time)
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.interactions[m[1]]
	if !ok || in.token != m[2] {
		return 0, nil, &apiError{http.StatusNotFound, 10062, "Unknown interaction"}
	}
	if in.callback != nil {
		return 0, nil, &apiError{http.StatusBadRequest, 40060, "Interaction has already been acknowledged."}
	}
	var p messagePayload
	if len(cb.Data) > 0 {
		if err := json.Unmarshal(cb.Data, &p); err != nil {
			return 0, nil, badForm("%v", err)
		}
	}
	p.files = files
	var made *Message
	switch cb.Type {
	case 4, 5:
		if err := checkMessage(p); err != nil {
			return 0, nil, err
		}
		msg := s.newMessage(in.channel, p)
		msg.Interaction = in.id
		msg.Deferred = cb.Type == 5
		in.original = msg.ID
		made = msg
	case 6, 7, 8:
	case 9:
		var d struct {
			CustomID   string `json:"custom_id"`
			Title      string `json:"title"`
			Components []struct {
				Components []struct {
					Type      int    `json:"type"`
					CustomID  string `json:"custom_id"`
					Label     string `json:"label"`
					MaxLength int    `json:"max_length"`
				} `json:"components"`
			} `json:"components"`
		}
		_ = json.Unmarshal(cb.Data, &d)
		if d.CustomID == "" || len(d.CustomID) > 100 || d.Title == "" || utf8.RuneCountInString(d.Title) > 45 || len(d.Components) < 1 || len(d.Components) > 5 {
			return 0, nil, badForm("modal: custom_id, title (1-45) and 1-5 rows are required")
		}
		for _, row := range d.Components {
			for _, c := range row.Components {
				if c.Type != 4 || c.CustomID == "" || c.Label == "" || utf8.RuneCountInString(c.Label) > 45 || c.MaxLength > 4000 {
					return 0, nil, badForm("modal text input %q", c.CustomID)
				}
			}
		}
	default:
		return 0, nil, badForm("type %d", cb.Type)
	}
	status, out := 204, any(nil)
	switch r.URL.Query().Get("with_response") {
	case "true", "True", "1":
		status, out = 200, callbackResponse(in, cb.Type, made)
	}
	if record, ok := r.Context().Value(recordKey{}).(recordFunc); ok {
		record(status)
	}
	in.callback = &cb
	s.changed()
	return status, out, nil
}

// callbackResponse is Discord's interaction callback response, the answer
// to a callback with ?with_response=true: the interaction, and the message
// the response made. The fake makes messages for types 4 and 5 only, so
// the response_message_* fields come with those (Discord also sets them
// for 6 and 7), and resource.message with type 4 (Discord: 4 and 7).
func callbackResponse(in *interaction, typ int, made *Message) map[string]any {
	ic := map[string]any{"id": in.id, "type": in.event.Type}
	resource := map[string]any{"type": typ}
	if made != nil {
		ic["response_message_id"] = made.ID
		ic["response_message_loading"] = typ == 5
		ic["response_message_ephemeral"] = made.Flags&64 != 0
		if typ == 4 {
			resource["message"] = made.wire()
		}
	}
	return map[string]any{"interaction": ic, "resource": resource}
}

func (s *Server) webhookMessage(method string, m []string, body []byte, files []Attachment) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.byToken[m[2]]
	if !ok || m[1] != AppID {
		return 0, nil, errUnknownHook
	}
	id := m[3]
	if id == "@original" {
		id = in.original
	}
	msg, ok := s.messages[id]
	if !ok || msg.Interaction != in.id {
		return 0, nil, errUnknownMsg
	}
	switch method {
	case "GET":
		return 200, msg.wire(), nil
	case "PATCH":
		var p messagePayload
		if err := json.Unmarshal(body, &p); err != nil {
			return 0, nil, badForm("%v", err)
		}
		p.files = files
		if err := checkMessage(p); err != nil {
			return 0, nil, err
		}
		p.apply(msg)
		msg.Edits++
		msg.Deferred = false
		s.changed()
		return 200, msg.wire(), nil
	}
	return 0, nil, &apiError{http.StatusMethodNotAllowed, 0, "405: Method Not Allowed"}
}

func (s *Server) followup(m []string, wait bool, body []byte, files []Attachment) (int, any, *apiError) {
	p, err := decodeMessage(body, files)
	if err != nil {
		return 0, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.byToken[m[2]]
	if !ok || m[1] != AppID {
		return 0, nil, errUnknownHook
	}
	if in.callback == nil {
		return 0, nil, &apiError{http.StatusNotFound, 10015, "Unknown Webhook (the interaction was not acknowledged)"}
	}
	msg := s.newMessage(in.channel, p)
	msg.Interaction = in.id
	in.followups = append(in.followups, msg.ID)
	s.changed()
	if !wait {
		return 204, nil, nil
	}
	return 200, msg.wire(), nil
}

// --- scheduled events ---

type eventPayload struct {
	ChannelID          json.RawMessage `json:"channel_id"`
	Name               *string         `json:"name"`
	Description        *string         `json:"description"`
	ScheduledStartTime *time.Time      `json:"scheduled_start_time"`
	ScheduledEndTime   *time.Time      `json:"scheduled_end_time"`
	PrivacyLevel       *int            `json:"privacy_level"`
	Status             *int            `json:"status"`
	EntityType         *int            `json:"entity_type"`
	EntityMetadata     *struct {
		Location string `json:"location"`
	} `json:"entity_metadata"`
}

func (p eventPayload) apply(e *Event) {
	if p.Name != nil {
		e.Name = *p.Name
	}
	if p.Description != nil {
		e.Description = *p.Description
	}
	if p.ScheduledStartTime != nil {
		e.ScheduledStartTime = *p.ScheduledStartTime
	}
	if p.ScheduledEndTime != nil {
		t := *p.ScheduledEndTime
		e.ScheduledEndTime = &t
	}
	if p.PrivacyLevel != nil {
		e.PrivacyLevel = *p.PrivacyLevel
	}
	if p.Status != nil {
		e.Status = *p.Status
	}
	if p.EntityType != nil {
		e.EntityType = *p.EntityType
	}
	if p.EntityMetadata != nil {
		e.EntityMetadata.Location = p.EntityMetadata.Location
	}
}

func checkEvent(e Event) *apiError {
	if n := utf8.RuneCountInString(e.Name); n < 1 || n > 100 {
		return badForm("name: 1-100 characters")
	}
	if utf8.RuneCountInString(e.Description) > 1000 {
		return badForm("description: at most 1000 characters")
	}
	if e.PrivacyLevel != 2 {
		return badForm("privacy_level must be 2 (guild only)")
	}
	if e.EntityType == 3 {
		if e.ChannelID != nil {
			return badForm("channel_id must be null for an external event")
		}
		if e.ScheduledEndTime == nil || !e.ScheduledEndTime.After(e.ScheduledStartTime) {
			return badForm("scheduled_end_time is required after the start for an external event")
		}
		if n := utf8.RuneCountInString(e.EntityMetadata.Location); n < 1 || n > 100 {
			return badForm("entity_metadata.location: 1-100 characters")
		}
	}
	return nil
}

func (s *Server) scheduledEvents(method, guild string, body []byte) (int, any, *apiError) {
	s.mu.Lock()
	in := s.hasGuild(guild)
	s.mu.Unlock()
	if !in {
		return 0, nil, &apiError{http.StatusNotFound, 10004, "Unknown Guild"}
	}
	switch method {
	case "GET":
		s.mu.Lock()
		defer s.mu.Unlock()
		out := []*Event{}
		for _, id := range s.eventOrder {
			if s.events[id].GuildID == guild {
				out = append(out, s.events[id])
			}
		}
		return 200, out, nil
	case "POST":
		var p eventPayload
		if err := json.Unmarshal(body, &p); err != nil {
			return 0, nil, badForm("%v", err)
		}
		if p.ScheduledStartTime == nil || p.EntityType == nil || p.PrivacyLevel == nil {
			return 0, nil, badForm("scheduled_start_time, entity_type and privacy_level are required")
		}
		if !p.ScheduledStartTime.After(time.Now()) {
			return 0, nil, badForm("scheduled_start_time: cannot schedule an event in the past")
		}
		e := Event{GuildID: guild, CreatorID: BotID, Status: 1}
		if len(p.ChannelID) > 0 && string(p.ChannelID) != "null" {
			var ch string
			_ = json.Unmarshal(p.ChannelID, &ch)
			e.ChannelID = &ch
		}
		p.apply(&e)
		if e.ScheduledEndTime != nil && e.ScheduledEndTime.Location() != time.UTC {
			t := e.ScheduledEndTime.UTC()
			e.ScheduledEndTime = &t
		}
		e.ScheduledStartTime = e.ScheduledStartTime.UTC()
		if err := checkEvent(e); err != nil {
			return 0, nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		e.ID = s.id()
		s.events[e.ID] = &e
		s.eventOrder = append(s.eventOrder, e.ID)
		s.changed()
		return 200, e, nil
	}
	return 0, nil, &apiError{http.StatusMethodNotAllowed, 0, "405: Method Not Allowed"}
}

func (s *Server) scheduledEvent(method, guild, id string, body []byte) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.events[id]
	if !ok || guild != e.GuildID {
		return 0, nil, &apiError{http.StatusNotFound, 10070, "Unknown Guild Scheduled Event"}
	}
	switch method {
	case "GET":
		return 200, e, nil
	case "DELETE":
		delete(s.events, id)
		for i, x := range s.eventOrder {
			if x == id {
				s.eventOrder = append(s.eventOrder[:i], s.eventOrder[i+1:]...)
				break
			}
		}
		s.changed()
		return 204, nil, nil
	case "PATCH":
		var p eventPayload
		if err := json.Unmarshal(body, &p); err != nil {
			return 0, nil, badForm("%v", err)
		}
		if e.Status == 3 || e.Status == 4 {
			return 0, nil, badForm("status: a completed or cancelled event cannot change")
		}
		next := *e
		p.apply(&next)
		if p.Status != nil && *p.Status != 2 && *p.Status != 3 && *p.Status != 4 {
			return 0, nil, badForm("status: bad transition to %d", *p.Status)
		}
		if err := checkEvent(next); err != nil {
			return 0, nil, err
		}
		next.Edits++
		*e = next
		s.changed()
		return 200, e, nil
	}
	return 0, nil, &apiError{http.StatusMethodNotAllowed, 0, "405: Method Not Allowed"}
}
