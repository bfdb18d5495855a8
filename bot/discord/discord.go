// Package discord is atelier's Discord adapter. It connects to the gateway
// through discordgo with only the intents it needs, registers the slash
// commands of the core's routes for the configured guild, answers
// interactions (commands, autocomplete, buttons, modals) within Discord's
// three seconds, turns ✋ reactions on posted cards into joins and
// interest, keeps every posted card up to date with live counts, and
// mirrors workshop sessions as native guild scheduled events.
//
// Only this package imports discordgo; the core sees commands.Request and
// commands.Reply.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/bot/once"
	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Platform is Discord's name in identities and message refs.
const Platform = "discord"

// Intents are the gateway intents the bot asks for, none privileged:
// guilds (the guild and its channels, required for the rest), reactions in
// guild channels and in DMs (✋ on a card joins or marks interest), and
// scheduled events ("Interested" on a session's native event joins).
// Interactions arrive without any intent, and the bot never reads message
// content or the member list.
const Intents = discordgo.IntentsGuilds |
	discordgo.IntentsGuildMessageReactions |
	discordgo.IntentsDirectMessageReactions |
	discordgo.IntentsGuildScheduledEvents

// Permissions are what the bot needs in the guild, and exactly what the
// invite URL asks for: see the channels, send messages with embeds, add
// the ✋ it invites members to click, read the history of its own posts
// (to list reactions on older ones), create events (which also lets it
// edit and cancel the events it created), and start, post in and archive
// the workshops' threads (threads.go).
const Permissions int64 = discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionAddReactions |
	discordgo.PermissionReadMessageHistory |
	discordgo.PermissionCreateEvents |
	discordgo.PermissionCreatePublicThreads |
	discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionManageThreads

// Scopes are the OAuth2 scopes of the invite: the bot user, and its slash
// commands.
const Scopes = "bot applications.commands"

// InviteURL is the link that adds the bot to a server with exactly the
// scopes and permissions it needs; with a guild id it preselects it.
func InviteURL(appID, guildID string) string {
	q := url.Values{}
	q.Set("client_id", appID)
	q.Set("scope", Scopes)
	q.Set("permissions", strconv.FormatInt(Permissions, 10))
	if guildID != "" {
		q.Set("guild_id", guildID)
		q.Set("disable_guild_select", "true")
	}
	return "https://discord.com/oauth2/authorize?" + q.Encode()
}

// Options configure the adapter.
type Options struct {
	Token         string // the bot token, without "Bot "
	ApplicationID string
	// GuildID is the main guild: direct messages belong to it, and a
	// workshop's native events go there unless EventGuilds says otherwise.
	GuildID string
	// Guilds are more guilds the one gateway connection serves: the slash
	// commands are registered in each, and interactions, reactions and
	// event marks from them are answered; any other guild is ignored.
	Guilds []string
	// EventGuilds names the guilds where a workshop's native scheduled
	// events are kept (among GuildID and Guilds); nil, or an empty answer,
	// means the main guild only. Events in a configured guild it no longer
	// names are cancelled.
	EventGuilds func(w storage.Workshop) []string
	// APIURL replaces https://discord.com for REST (and so for the gateway
	// URL that REST hands out): a fake in tests, or a REST proxy.
	APIURL string
	// ReactionEmoji joins a workshop or marks interest when put on a card:
	// a unicode emoji, or "name:id" for a custom one. Default ✋.
	ReactionEmoji string
	// Language is the community's, for text nobody in particular reads
	// (the native events' descriptions).
	Language commands.Lang
	// Location is the community's zone, for times written as text where
	// Discord shows no timestamp markup (embed footers). Default UTC.
	Location *time.Location
	Logger   *slog.Logger
	// DeferAfter is how long an interaction may run before it is
	// acknowledged with a deferred response that is edited when the work
	// is done; Discord allows three seconds. Default 1.5 s.
	DeferAfter time.Duration
	// Transport carries REST requests (default: a clone of
	// http.DefaultTransport); APIURL is applied on top of it.
	Transport http.RoundTripper
	// EditInterval is the least time between two edits of a card (Discord
	// limits edits); changes in between are shown together. Default 1 s.
	EditInterval time.Duration
	// Now is the clock, for deciding which sessions are still ahead.
	Now func() time.Time
}

// Adapter is the Discord adapter. It is safe for concurrent use.
type Adapter struct {
	opts   Options
	router *commands.Router
	db     *storage.DB
	log    *slog.Logger
	s      *discordgo.Session
	api    api
	surf   *surface
	// interactions holds the ids answered: one an interaction token lives
	// (15 minutes) is never acted on twice.
	interactions *once.Set

	botID atomic.Value // string: the bot's user id, from READY
	ready chan struct{}
	once  sync.Once

	// In-flight event handlers, so Run returns only when they are done.
	mu      sync.Mutex
	running bool
	wg      sync.WaitGroup
	runCtx  context.Context

	// dms caches DM channel ids by user.
	dms sync.Map
	// guilds are the guilds served, the main one first; channels caches
	// the guild of a channel (see channelGuild); strangers holds the
	// guilds outside them already logged.
	guilds    []string
	channels  sync.Map
	strangers sync.Map
	// kinds caches channel types by channel, for forums (threads.go).
	kinds sync.Map

	refresh    *refresher
	reconciler singleFlight
	// The catch-up of "Interested" marks on events runs once at a time,
	// and interestMu orders it with the live marks (see events.go).
	interestCatcher singleFlight
	interestMu      sync.Mutex

	// slowForTest makes every interaction outlast DeferAfter.
	slowForTest atomic.Bool
	reconciles  atomic.Uint64 // passes done, for tests

	// For /healthz and /metrics.
	connected atomic.Bool
	connects  atomic.Uint64
	rateWaits atomic.Uint64
}

// Connected reports whether the gateway link is up.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// Reconnects counts gateway connections after the first.
func (a *Adapter) Reconnects() uint64 {
	if n := a.connects.Load(); n > 1 {
		return n - 1
	}
	return 0
}

// RateLimitWaits counts REST calls that waited on a 429.
func (a *Adapter) RateLimitWaits() uint64 { return a.rateWaits.Load() }

// api is the part of discordgo the adapter calls, so a test could swap it;
// *discordgo.Session implements it.
type api interface {
	ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
	RequestWithBucketID(method, urlStr string, data any, bucketID string, options ...discordgo.RequestOption) ([]byte, error)
	RequestRaw(method, urlStr, contentType string, b []byte, bucketID string, sequence int, options ...discordgo.RequestOption) ([]byte, error)
	ChannelMessageSendComplex(channelID string, data *discordgo.MessageSend, options ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageEditComplex(m *discordgo.MessageEdit, options ...discordgo.RequestOption) (*discordgo.Message, error)
	MessageReactionAdd(channelID, messageID, emojiID string, options ...discordgo.RequestOption) error
	MessageReactions(channelID, messageID, emojiID string, limit int, beforeID, afterID string, options ...discordgo.RequestOption) ([]*discordgo.User, error)
	UserChannelCreate(recipientID string, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	GuildMember(guildID, userID string, options ...discordgo.RequestOption) (*discordgo.Member, error)
	GuildScheduledEventCreate(guildID string, event *discordgo.GuildScheduledEventParams, options ...discordgo.RequestOption) (*discordgo.GuildScheduledEvent, error)
	GuildScheduledEventEdit(guildID, eventID string, event *discordgo.GuildScheduledEventParams, options ...discordgo.RequestOption) (*discordgo.GuildScheduledEvent, error)
	GuildScheduledEventUsers(guildID, eventID string, limit int, withMember bool, beforeID, afterID string, options ...discordgo.RequestOption) ([]*discordgo.GuildScheduledEventUser, error)
	Channel(channelID string, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	// Workshop threads (threads.go); Channel above too.
	ChannelEditComplex(channelID string, data *discordgo.ChannelEdit, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	MessageThreadStartComplex(channelID, messageID string, data *discordgo.ThreadStart, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	ForumThreadStartComplex(channelID string, threadData *discordgo.ThreadStart, messageData *discordgo.MessageSend, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	ThreadMemberAdd(threadID, memberID string, options ...discordgo.RequestOption) error
	ThreadMemberRemove(threadID, memberID string, options ...discordgo.RequestOption) error
}

var _ api = (*discordgo.Session)(nil)

// New builds the adapter; Run connects it.
func New(opts Options, router *commands.Router) (*Adapter, error) {
	switch {
	case opts.Token == "":
		return nil, errors.New("discord: discord.token is required (Developer Portal → your application → Bot → Reset Token)")
	case opts.ApplicationID == "":
		return nil, errors.New("discord: discord.application_id is required (Developer Portal → your application → General Information)")
	case opts.GuildID == "":
		// The commands, the events and the members' identities are the
		// one server's.
		return nil, errors.New("discord: discord.guild_id is required (in Discord, Developer Mode on: right-click the server → Copy Server ID)")
	}
	if opts.ReactionEmoji == "" {
		opts.ReactionEmoji = "✋"
	}
	if opts.Language == "" {
		opts.Language = commands.EN
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.DeferAfter <= 0 {
		opts.DeferAfter = 1500 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.EditInterval <= 0 {
		opts.EditInterval = time.Second
	}
	s, err := discordgo.New("Bot " + opts.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	transport := opts.Transport
	if transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// Interactions come in bursts: keep a connection open for each
		// callback that can be in flight (one per bucket) rather than
		// dialling one per callback. Raise both together: more buckets
		// than idle connections dial, more connections than buckets
		// stay unused.
		t.MaxIdleConns, t.MaxIdleConnsPerHost = interactionBuckets, interactionBuckets
		transport = t
	}
	if opts.APIURL != "" {
		base, err := url.Parse(opts.APIURL)
		if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
			return nil, fmt.Errorf("discord: api url %q: want http(s)://host[/path]", opts.APIURL)
		}
		transport = &rewrite{base: base, next: transport}
	}
	s.Client = &http.Client{Transport: transport, Timeout: 20 * time.Second}
	s.Identify.Intents = Intents
	// The adapter retries 429s itself, a bounded number of times:
	// discordgo's own retry loops for as long as Discord says 429.
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 2
	// Nothing reads discordgo's cache of guilds, channels and members.
	s.StateEnabled = false
	s.LogLevel = discordgo.LogError

	a := &Adapter{
		interactions: once.New(15 * time.Minute),
		opts:         opts,
		router:       router,
		db:           router.DB(),
		log:          opts.Logger.With("platform", Platform),
		s:            s,
		api:          s,
		ready:        make(chan struct{}),
		refresh:      newRefresher(opts.EditInterval),
		guilds:       []string{opts.GuildID},
	}
	for _, g := range opts.Guilds {
		if g != "" && !slices.Contains(a.guilds, g) {
			a.guilds = append(a.guilds, g)
		}
	}
	a.botID.Store("")
	a.surf = newSurface(router.Routes())
	router.Subscribe(a.refresh.add)
	router.ThreadCards(Platform)
	router.NameMembers(Platform, func(ctx context.Context, guild, user string) string {
		return a.memberName(ctx, a.workspace(guild), user)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) {
		a.connects.Add(1)
		a.connected.Store(true)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) { a.connected.Store(false) })
	s.AddHandler(a.onReady)
	s.AddHandler(a.onResumed)
	s.AddHandler(a.onInteraction)
	s.AddHandler(a.onReactionAdd)
	s.AddHandler(a.onReactionRemove)
	s.AddHandler(a.onEventUserAdd)
	s.AddHandler(a.onEventUserRemove)
	return a, nil
}

// Run registers the commands, connects to the gateway and serves until
// ctx is done.
func (a *Adapter) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	a.mu.Lock()
	if a.running {
		a.mu.Unlock()
		cancel()
		return errors.New("discord: already running")
	}
	a.running, a.runCtx = true, ctx
	a.mu.Unlock()
	var workers sync.WaitGroup
	defer func() {
		cancel()
		a.mu.Lock()
		a.running = false
		a.mu.Unlock()
		a.wg.Wait()
		workers.Wait()
	}()

	if err := a.register(ctx); err != nil {
		return err
	}
	for _, g := range a.guilds {
		a.log.Info("discord: invite the bot with this URL", "guild", g, "url", InviteURL(a.opts.ApplicationID, g),
			"intents", int(Intents), "permissions", Permissions)
	}

	workers.Add(1)
	go func() {
		defer workers.Done()
		defer a.recover("refresh")
		a.refresh.run(ctx, a)
	}()

	if err := a.open(ctx); err != nil {
		return err
	}
	// Sessions scheduled while the bot was away get their events now.
	a.go_("events at start", func(ctx context.Context) { a.syncAllEvents(ctx) })
	<-ctx.Done()
	// Close races discordgo's heartbeat goroutine, which on a failed write
	// would reconnect for ever after Run returned. Close's lock orders this
	// write before the goroutine's read.
	a.s.ShouldReconnectOnError = false
	if err := a.s.Close(); err != nil {
		a.log.Warn("discord: close", "err", errText(err))
	}
	return nil
}

// open connects to the gateway, retrying a lost network for a while; a
// refused token fails at once.
func (a *Adapter) open(ctx context.Context) error {
	wait := time.Second
	for attempt := 1; ; attempt++ {
		err := a.s.Open()
		if err == nil {
			return nil
		}
		if isStatus(err, http.StatusUnauthorized) {
			return fmt.Errorf("discord: the token was refused (check discord.token): %s", errText(err))
		}
		if attempt == 6 {
			return fmt.Errorf("discord: connect to the gateway: %s", errText(err))
		}
		a.log.Warn("discord: connect failed, retrying", "attempt", attempt, "in", wait, "err", errText(err))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// register overwrites each guild's commands with the core's surface:
// guild commands update at once. The main guild must accept them; another
// that refuses (the bot not invited there yet) is logged and skipped, so
// one chapter's server does not keep the others' from starting.
func (a *Adapter) register(ctx context.Context) error {
	cmds := a.surf.applicationCommands()
	for _, guild := range a.guilds {
		err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
			_, err := a.api.ApplicationCommandBulkOverwrite(a.opts.ApplicationID, guild, cmds, opts...)
			return err
		})
		if isStatus(err, http.StatusUnauthorized) {
			return fmt.Errorf("discord: the token was refused (check discord.token): %s", errText(err))
		}
		if err != nil && guild == a.opts.GuildID {
			return fmt.Errorf("discord: register commands (check discord.application_id and discord.guild_id, and that the bot was invited with the applications.commands scope): %s", errText(err))
		}
		if err != nil {
			a.log.Error("discord: register commands in a guild of discord.guilds failed; invite the bot there with the URL given", "guild", guild,
				"err", errText(err), "url", InviteURL(a.opts.ApplicationID, guild))
			continue
		}
		a.log.Info("discord: commands registered", "guild", guild, "commands", len(cmds))
	}
	return nil
}

func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	if r.User != nil {
		a.botID.Store(r.User.ID)
	}
	a.log.Info("discord: connected", "session", r.SessionID != "", "guilds", len(r.Guilds))
	a.once.Do(func() { close(a.ready) })
	a.reconcileSoon()
	a.catchUpInterestSoon()
}

func (a *Adapter) onResumed(_ *discordgo.Session, _ *discordgo.Resumed) {
	a.log.Info("discord: resumed")
	a.reconcileSoon()
	a.catchUpInterestSoon()
}

func (a *Adapter) bot() string { return a.botID.Load().(string) }

// workspace is the guild of an event; DMs carry none, and belong to the
// configured guild's community. It is a request's Origin, never its
// Workspace: a Discord account is one person in every guild and in DMs, so
// members are keyed by the main guild, whichever guild they write from
// (keyed by guild, a member of a second guild would become someone else
// in their DMs, where reminders and their buttons go).
func (a *Adapter) workspace(guildID string) string {
	if guildID == "" {
		return a.opts.GuildID
	}
	return guildID
}

// serves says whether an event from guildID is the bot's to answer: a DM
// (no guild) or one of the configured guilds. Another guild (the bot was
// invited somewhere it was not configured for) is logged once and ignored.
func (a *Adapter) serves(guildID string) bool {
	if guildID == "" || slices.Contains(a.guilds, guildID) {
		return true
	}
	if _, seen := a.strangers.LoadOrStore(guildID, true); !seen {
		a.log.Warn("discord: ignoring a guild that is not configured (add it to discord.guilds to serve it)", "guild", guildID)
	}
	return false
}

// learnChannel remembers the guild a channel belongs to, as an event from
// it shows.
func (a *Adapter) learnChannel(channelID, guildID string) {
	if channelID != "" && guildID != "" {
		a.channels.Store(channelID, guildID)
	}
}

// channelGuild is the guild of a channel (a reaction's origin):
// known from the events seen in it, else asked of Discord once; the main
// guild when that fails.
func (a *Adapter) channelGuild(ctx context.Context, channelID string) string {
	if len(a.guilds) == 1 {
		return a.opts.GuildID
	}
	if g, ok := a.channels.Load(channelID); ok {
		return g.(string)
	}
	var ch *discordgo.Channel
	err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		ch, err = a.api.Channel(channelID, opts...)
		return err
	})
	if err != nil || ch == nil {
		a.log.Warn("discord: the guild of a channel is unknown; taking the main guild", "channel", channelID, "err", errText(err))
		return a.opts.GuildID
	}
	g := a.workspace(ch.GuildID)
	a.learnChannel(channelID, g)
	return g
}

// go_ runs fn in a goroutine that Run waits for, with panics recovered;
// it does nothing once Run has returned.
func (a *Adapter) go_(what string, fn func(ctx context.Context)) {
	ctx, ok := a.enter()
	if !ok {
		return
	}
	go func() {
		defer a.wg.Done()
		defer a.recover(what)
		fn(ctx)
	}()
}

// enter counts an event handler in; ok is false when not running.
func (a *Adapter) enter() (context.Context, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.running {
		return nil, false
	}
	a.wg.Add(1)
	return a.runCtx, true
}

// finishing is the context of work a member started (an interaction, a
// reaction): a stop lets it finish, within a bound, rather than cut it
// between the change stored and the answer sent.
func finishing(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), finishGrace)
}

// finishGrace bounds the work a stop waits for (the bot's own grace is 10 s).
const finishGrace = 8 * time.Second

func (a *Adapter) recover(what string) {
	if p := recover(); p != nil {
		a.log.Error("discord: panic recovered", "in", what, "panic", fmt.Sprint(p))
	}
}

// rewrite sends REST requests for discord.com to another base, keeping
// their path under the base's: a fake, or a proxy in front of Discord.
type rewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (t *rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "discord.com" {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	// Without this the server sees Host: discord.com, and hands out a
	// gateway URL built from it.
	r.Host = t.base.Host
	if p := t.base.Path; p != "" && p != "/" {
		r.URL.Path = singleJoin(p, req.URL.Path)
		if req.URL.RawPath != "" {
			r.URL.RawPath = singleJoin(t.base.EscapedPath(), req.URL.RawPath)
		}
	}
	return t.next.RoundTrip(r)
}

func singleJoin(a, b string) string {
	for len(a) > 0 && a[len(a)-1] == '/' {
		a = a[:len(a)-1]
	}
	return a + b
}

// Rate limits: discordgo paces requests from the X-RateLimit headers; a
// 429 all the same comes back as a RateLimitError (ShouldRetryOnRateLimit
// is off), and retry waits as Discord asks, a few times at most.
const (
	maxRateLimitRetries = 3
	maxRetryAfter       = 10 * time.Second
)

func (a *Adapter) retry(ctx context.Context, call func(opts ...discordgo.RequestOption) error) error {
	for attempt := 0; ; attempt++ {
		err := call(discordgo.WithContext(ctx))
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) {
			return err
		}
		wait := time.Duration(0)
		if rl.TooManyRequests != nil {
			wait = rl.RetryAfter
		}
		if attempt >= maxRateLimitRetries || wait > maxRetryAfter {
			return err
		}
		a.rateWaits.Add(1)
		a.log.Debug("discord: rate limited, waiting", "retry_after", wait, "attempt", attempt+1)
		t := time.NewTimer(max(wait, 10*time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
