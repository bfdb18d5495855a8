// Package slack is atelier's Slack adapter. It receives slash commands,
// button presses, modal submissions, reactions and App Home openings over
// Socket Mode (the default: no public URL) or over HTTP (the Events API,
// slash commands and interactivity posted to /slack/...), turns each into a
// commands.Request for the router, and renders the neutral commands.Reply
// back as Block Kit: ephemeral answers, public cards, modals, home tabs.
//
// What the adapter owns beyond translation:
//   - acknowledging within Slack's 3 seconds, with the reply in the ack when
//     it is ready in time and after the ack otherwise;
//   - escaping every user text so nobody can ping @channel through a title,
//     and times as <!date^…> so each reader sees their own zone;
//   - editing its posted cards when what they show changes, on any
//     platform (router.Subscribe);
//   - reconciling reactions made while it was not connected;
//   - honouring 429 Retry-After on every call, and pacing its posts.
//
// Only this package imports slack-go.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/atelier-bot/atelier/bot/once"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Platform is Slack's name in identities and message references.
const Platform = "slack"

// Config is what the adapter needs; zero durations take the defaults.
type Config struct {
	// Mode is "socket" (default) or "http".
	Mode          string
	BotToken      string // xoxb-…
	AppToken      string // xapp-…, Socket Mode
	SigningSecret string // HTTP mode
	// APIURL is the Web API base, with its trailing slash; "" is Slack's.
	APIURL string
	// TeamID, when set, is the workspace the bot token must belong to:
	// Run refuses to start on another (a token pasted in the wrong place).
	TeamID string
	// Claim, when set, is asked whether the workspace Slack names at start
	// may be served by this adapter; an error stops Run (the same
	// workspace configured twice).
	Claim func(team string) error
	// Shared says other adapters serve other workspaces on the same
	// router: the cards and reactions the router lists are then also
	// theirs, and a channel this workspace does not know is left to them.
	Shared bool
	// Listen is an address for HTTP mode to listen on by itself; Listener,
	// when set, is used instead (tests pass one bound to 127.0.0.1:0).
	// With neither, the endpoints are only served where MountHTTP puts
	// them (the bot's shared listener).
	Listen   string
	Listener net.Listener
	// ReactionEmoji is the emoji name that joins a workshop or marks
	// interest (default raised_hand); its skin-tone variants count too.
	ReactionEmoji string
	// Community is the community's zone and language, for the text
	// fallback of times and for edited cards.
	Community *time.Location
	Language  commands.Lang

	// AckWait bounds how long an ack waits for the reply to ride in it
	// (default 1.5s, well inside Slack's 3s); slower replies follow the
	// empty ack.
	AckWait time.Duration
	// PostInterval and PostBurst pace chat.postMessage per channel: Slack
	// allows about one message per second per channel, with short bursts
	// (defaults 1s and 3).
	PostInterval time.Duration
	PostBurst    int
	// EditDelay is how long a changed card waits before it is edited, so a
	// burst of joins makes one chat.update, not one each (Slack allows
	// about 50 edits a minute). Default 1s.
	EditDelay time.Duration
	// MaxRetries bounds the retries of one call answered 429 (default 8).
	MaxRetries int
	// PingInterval is how long Socket Mode waits for Slack's PING before it
	// reconnects (slack-go's default, 30s, when zero).
	PingInterval time.Duration
	// ReconnectBackoff is the first wait before reopening Socket Mode after
	// it stopped on an error; it doubles up to a minute (default 1s).
	ReconnectBackoff time.Duration
	// StopGrace is how long interactions in flight may finish after a stop
	// (default 5s).
	StopGrace time.Duration
	// Now is the clock for HTTP signature timestamps (default time.Now).
	Now func() time.Time
	// HTTPClient carries the Web API calls (default: a client with a 30s
	// timeout keeping webAPIConns idle connections); 429 retries wrap it.
	HTTPClient *http.Client
	Logger     *slog.Logger
}

// Router is what the adapter needs of the core; *commands.Router has it.
type Router interface {
	Handle(ctx context.Context, req *commands.Request) commands.Reply
	Home(ctx context.Context, req *commands.Request) (commands.Home, error)
	Routes() []*commands.Route
	Subscribe(fn func(commands.Entity))
	NameMembers(platform string, fn commands.Namer)
	ThreadCards(platform string)
	SaveMessage(ctx context.Context, platform, channel, messageID string, e commands.Entity) error
	Messages(ctx context.Context, e commands.Entity) ([]storage.MessageRef, error)
	Card(ctx context.Context, e commands.Entity) (commands.Card, error)
	PostLater(ctx context.Context, cards ...commands.LaterCard) error
	ReconcileTargets(ctx context.Context, platform string) ([]storage.MessageRef, error)
	Reconcile(ctx context.Context, ref storage.MessageRef, workspace, origin string, current []string) ([]commands.Reconciled, error)
}

// webAPI lists the Web API calls the adapter makes, so the SDK stays
// behind one small interface. *slack.Client has them.
type webAPI interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	SendMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, string, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	GetReactionsContext(ctx context.Context, item slack.ItemRef, params slack.GetReactionsParameters) (slack.ReactedItem, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
}

var _ webAPI = (*slack.Client)(nil)

// webAPIConns is how many idle connections to the Web API are kept.
const webAPIConns = 64

// Adapter is the Slack platform.
type Adapter struct {
	cfg    Config
	router Router
	log    *slog.Logger
	client *slack.Client
	api    webAPI
	pace   *pacer
	users  *userCache
	serial *serial
	// answers keeps the ack payloads of long answers (the help).
	answers answerCache
	// cards are the public cards waiting for their channel's pace.
	cards cardQueue
	// seen holds the Events API ids acted on, replays the signatures of
	// HTTP mode requests accepted: each acts once.
	seen    *once.Set
	replays *once.Set
	live    *refresher
	// commands are the router's command names, for "/atelier <command>".
	commands map[string]bool

	mu      sync.Mutex
	botUser string // the bot's own user id, from auth.test
	team    string // the workspace, from auth.test
	base    context.Context
	link    context.Context // Run's, ended when a stop begins
	// reconciling serialises reconciliations; again asks for one more pass.
	reconciling bool
	again       bool
	// wg counts the goroutines and queued work Run waits for before it
	// returns; stopping refuses new work once Run is winding down.
	wg       sync.WaitGroup
	stopping bool

	// foreign holds the channels Slack said this workspace does not have
	// (another workspace's, when Shared).
	foreign sync.Map

	connected  atomic.Bool
	connects   atomic.Uint64
	reconciles atomic.Uint64 // passes done, for tests
	retry      *retrying
}

// New builds the adapter and subscribes it to the router's changes. It
// does not connect: Run does.
func New(cfg Config, router Router) (*Adapter, error) {
	switch cfg.Mode {
	case "":
		cfg.Mode = "socket"
	case "socket", "http":
	default:
		return nil, fmt.Errorf("slack: mode %q: want socket or http", cfg.Mode)
	}
	if cfg.BotToken == "" {
		return nil, errors.New("slack: a bot token is needed")
	}
	if cfg.Mode == "socket" && cfg.AppToken == "" {
		return nil, errors.New("slack: Socket Mode needs an app-level token")
	}
	if cfg.Mode == "http" && cfg.SigningSecret == "" {
		return nil, errors.New("slack: HTTP mode needs the signing secret")
	}
	cfg.ReactionEmoji = strings.Trim(strings.TrimSpace(cfg.ReactionEmoji), ":")
	if cfg.ReactionEmoji == "" {
		cfg.ReactionEmoji = "raised_hand"
	}
	if cfg.Community == nil {
		cfg.Community = time.UTC
	}
	if cfg.Language == "" {
		cfg.Language = commands.EN
	}
	if cfg.AckWait <= 0 {
		cfg.AckWait = 1500 * time.Millisecond
	}
	if cfg.PostInterval <= 0 {
		cfg.PostInterval = time.Second
	}
	if cfg.PostBurst <= 0 {
		cfg.PostBurst = 3
	}
	if cfg.EditDelay <= 0 {
		cfg.EditDelay = time.Second
	}
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = 8
	}
	if cfg.ReconnectBackoff <= 0 {
		cfg.ReconnectBackoff = time.Second
	}
	if cfg.StopGrace <= 0 {
		cfg.StopGrace = 5 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		// http.DefaultTransport keeps 2 idle connections per host: a
		// burst's Web API calls (users.info of new members, answers on
		// response_urls, card edits) would dial one each and close it.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns, t.MaxIdleConnsPerHost = webAPIConns, webAPIConns
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: t}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	log := cfg.Logger.With("platform", Platform)
	retry := newRetrying(cfg.HTTPClient, cfg.MaxRetries, log)
	opts := []slack.Option{
		slack.OptionHTTPClient(retry),
		slack.OptionAppLevelToken(cfg.AppToken),
	}
	if cfg.APIURL != "" {
		u := cfg.APIURL
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		opts = append(opts, slack.OptionAPIURL(u))
	}
	client := slack.New(cfg.BotToken, opts...)
	a := &Adapter{
		cfg:    cfg,
		router: router,
		log:    log,
		client: client,
		api:    client,
		pace:   newPacer(cfg.PostInterval, cfg.PostBurst),
		serial: newSerial(),
		seen:   once.New(15 * time.Minute),
		// A signature stays valid while its timestamp is within maxSkew of
		// now, either side: 2×maxSkew after it is first seen covers it.
		replays:  once.New(2 * maxSkew),
		commands: map[string]bool{},
		base:     context.Background(),
		retry:    retry,
	}
	a.users = newUserCache(a.api, time.Hour)
	a.live = newRefresher(cfg.EditDelay)
	for _, rt := range router.Routes() {
		a.commands[rt.Command] = true
	}
	router.Subscribe(a.live.add)
	router.ThreadCards(Platform)
	router.NameMembers(Platform, func(ctx context.Context, _, user string) string { return a.MemberName(ctx, user) })
	return a, nil
}

// Run connects and serves until ctx is done; it returns an error only when
// Slack refuses the tokens or the listener cannot start. When ctx ends, the
// link closes at once and the interactions in flight get StopGrace to
// finish (a card posted is then also recorded); Run returns when they are
// done. Run is called once per Adapter.
func (a *Adapter) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	// Interactions run on a context of their own, ended StopGrace after
	// ctx, so a stop does not cut a post from its record.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer func() {
		cancel()
		a.mu.Lock()
		a.stopping = true
		a.mu.Unlock()
		done := make(chan struct{})
		go func() { a.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(a.cfg.StopGrace):
			a.log.Warn("slack: stopping; cutting the work still in flight", "grace", a.cfg.StopGrace)
			stopWork()
			<-done
		}
		stopWork()
	}()
	a.mu.Lock()
	a.base, a.link, a.stopping = work, ctx, false
	a.mu.Unlock()
	if err := a.authenticate(ctx); err != nil {
		return err
	}
	a.goSafe("refresher", func() { a.live.run(ctx, a.refresh) })
	if a.cfg.Mode == "http" {
		// HTTP mode has no connection event: reconcile at start.
		a.connected.Store(true)
		defer a.connected.Store(false)
		a.requestReconcile(ctx)
		if a.cfg.Listen == "" && a.cfg.Listener == nil {
			<-ctx.Done() // served on the bot's shared listener
			return nil
		}
		return a.serveHTTP(ctx)
	}
	defer a.connected.Store(false)
	return a.runSocket(ctx)
}

// Connected says whether the link to Slack is up: the Socket Mode
// connection, or in HTTP mode, the adapter running after Slack accepted
// its token.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// Reconnects counts the Socket Mode connections opened after the first.
func (a *Adapter) Reconnects() uint64 {
	if n := a.connects.Load(); n > 1 {
		return n - 1
	}
	return 0
}

// RateLimitWaits counts the calls Slack answered 429 and that waited to be
// sent again.
func (a *Adapter) RateLimitWaits() uint64 { return a.retry.waits.Load() }

// authenticate learns the bot's user id and workspace, retrying while
// Slack cannot be reached; refused tokens are final.
func (a *Adapter) authenticate(ctx context.Context) error {
	wait := a.cfg.ReconnectBackoff
	for {
		res, err := a.api.AuthTestContext(ctx)
		if err == nil && a.cfg.TeamID != "" && res.TeamID != a.cfg.TeamID {
			return fmt.Errorf("slack: the bot token is workspace %s's, but it is configured for workspace %s: check the team id and the token", res.TeamID, a.cfg.TeamID)
		}
		if err == nil && a.cfg.Claim != nil {
			if err := a.cfg.Claim(res.TeamID); err != nil {
				return fmt.Errorf("slack: %w", err)
			}
		}
		if err == nil {
			a.mu.Lock()
			a.botUser, a.team = res.UserID, res.TeamID
			a.mu.Unlock()
			a.log.Info("slack authenticated", "team", res.TeamID, "bot_user", res.UserID)
			return nil
		}
		if fatalAuth(err) {
			return fmt.Errorf("slack: the bot token was refused (%v): check slack.bot_token", err)
		}
		a.log.Warn("slack unreachable, retrying", "err", err, "in", wait)
		if !sleep(ctx, wait) {
			return nil
		}
		wait = min(2*wait, time.Minute)
	}
}

// fatalAuth tells errors that retrying cannot fix.
func fatalAuth(err error) bool {
	var se slack.SlackErrorResponse
	msg := err.Error()
	if errors.As(err, &se) {
		msg = se.Err
	}
	switch msg {
	case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type":
		return true
	}
	var sc slack.StatusCodeError
	return errors.As(err, &sc) && (sc.Code == http.StatusUnauthorized || sc.Code == http.StatusNotFound)
}

// Team is the workspace the adapter serves, as Slack said at start ("" before).
func (a *Adapter) Team() string {
	_, team := a.identity()
	return team
}

// MemberName is how this workspace shows a member, "" when unknown.
func (a *Adapter) MemberName(ctx context.Context, user string) string {
	p, _ := a.users.get(ctx, user)
	return p.Name
}

// elsewhere says whether a channel is known to be another workspace's;
// learn records it from an error of Slack's, and reports whether it did.
func (a *Adapter) elsewhere(channel string) bool {
	_, ok := a.foreign.Load(channel)
	return ok
}

func (a *Adapter) learn(channel string, err error) bool {
	var se slack.SlackErrorResponse
	if !a.cfg.Shared || !errors.As(err, &se) || se.Err != "channel_not_found" {
		return false
	}
	a.foreign.Store(channel, true)
	a.log.Debug("slack: a channel of another workspace; left to its adapter", "channel", channel)
	return true
}

func (a *Adapter) identity() (botUser, team string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.botUser, a.team
}

// contexts are the link's (ended when a stop begins) and the work's.
func (a *Adapter) contexts() (link, work context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.link, a.base
}

func (a *Adapter) baseContext() context.Context {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.base
}

// track counts one more piece of work for Run to wait for; false once
// Run is stopping.
func (a *Adapter) track() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopping {
		return false
	}
	a.wg.Add(1)
	return true
}

// goSafe runs fn in a goroutine that Run waits for, and that logs a panic
// instead of crashing the bot. It reports false, doing nothing, once Run
// is stopping.
func (a *Adapter) goSafe(what string, fn func()) bool {
	if !a.track() {
		return false
	}
	go func() {
		defer a.wg.Done()
		defer a.recoverPanic(what)
		fn()
	}()
	return true
}

// queue runs fn behind the member's earlier work (see serial), counted for
// Run and with panics recovered. It reports false, doing nothing, once Run
// is stopping.
func (a *Adapter) queue(member, what string, fn func()) bool {
	if !a.track() {
		return false
	}
	a.serial.do(member, func() {
		defer a.wg.Done()
		defer a.recoverPanic(what)
		fn()
	})
	return true
}

func (a *Adapter) recoverPanic(what string) {
	if v := recover(); v != nil {
		a.log.Error("slack: panic recovered", "in", what, "panic", fmt.Sprint(v))
	}
}

// sleep waits d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
