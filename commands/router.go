package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Handler answers one request.
type Handler interface {
	Serve(ctx context.Context, req *Request) (Reply, error)
}

// HandlerFunc lets a function be a Handler.
type HandlerFunc func(ctx context.Context, req *Request) (Reply, error)

// Serve calls f.
func (f HandlerFunc) Serve(ctx context.Context, req *Request) (Reply, error) { return f(ctx, req) }

// Route is one command and sub-command. Its usage, example and help text
// live in the catalog under "usage.", "example." and "help." + Key().
type Route struct {
	Command string
	Sub     string // "" for the command alone
	Staff   bool
	// Posts marks a route that publishes a member's content: it is
	// subject to the per-member post limit.
	Posts bool
	// Partners, with Staff, also lets through the staff of an
	// organisation co-organising the workshop the first argument names.
	Partners bool
	Handler  Handler
}

// Key names the route in the catalog: "problem.post", "me".
func (rt *Route) Key() string {
	if rt.Sub == "" {
		return rt.Command
	}
	return rt.Command + "." + rt.Sub
}

// Config is what the router needs to know of the community.
type Config struct {
	// RetentionMinSessions makes a member a participant in the retention
	// table; 0 means 2.
	RetentionMinSessions int
	Location             *time.Location // the community's zone
	Language             Lang           // the community's language
	// DateOrder reads numeric dates for members who chose no order.
	DateOrder DateOrder
	// IsStaff says whether a platform account is on the configured staff list.
	IsStaff func(platform, userID string) bool
	Logger  *slog.Logger
	// Channels resolves a channel named in the configuration
	// ("announcements") to that channel on every enabled platform, and
	// Platforms lists the enabled platforms, for /announce targets.
	Channels  func(name string) []Target
	Platforms []string
	// Observe, when set, hears of every interaction once it is answered
	// (metrics); outcome is "ok", "refused", "forbidden", "internal" or
	// "panic". It must be quick.
	Observe func(platform, command, outcome string, d time.Duration)
	// PublicURL is the bot's public HTTP address, without a trailing slash,
	// for calendar links; empty leaves them out.
	PublicURL string
	// Posts bounds how fast one member posts; zero: no limit.
	Posts Rate

	// Chapters are the community's chapters, archived ones included; none
	// makes the community one implicit chapter, as before chapters.
	Chapters []Chapter
	// ChapterFrom names the chapter a request comes from (by its channel,
	// then its workspace or guild), "" for none: a newcomer joins it.
	ChapterFrom func(platform, workspace, channel string) string
	// ChapterChannels resolves a kind of item to one chapter's channels;
	// Channels gives the community's and every chapter's, for items of
	// every chapter.
	ChapterChannels func(chapter, kind string) []Target
	// StaffOf says whether an account is on the community-wide staff list
	// (all) and which chapters' staff lists name it. Nil: IsStaff alone,
	// everywhere.
	StaffOf func(platform, userID string) (all bool, chapters []string)
}

// Router resolves who asks, finds the route and runs its handler through
// the middleware.
type Router struct {
	db     *storage.DB
	cfg    Config
	routes []*Route
	// Aliases map what people type to a command: French names, "help".
	aliases map[string]string
	chain   Handler
	posts   Buckets[int64]

	chapters map[string]Chapter

	subsMu sync.Mutex
	subs   []func(Entity)
	namers map[string]Namer // by platform; under subsMu
	// threaded: platforms whose cards carry threads (threads.go); under subsMu
	threaded map[string]bool
}

// NewRouter returns a router with every route of routes.go.
func NewRouter(db *storage.DB, cfg Config) *Router {
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Language == "" {
		cfg.Language = EN
	}
	if cfg.IsStaff == nil {
		cfg.IsStaff = func(string, string) bool { return false }
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	r := &Router{db: db, cfg: cfg, posts: Buckets[int64]{Limit: cfg.Posts}, chapters: map[string]Chapter{}}
	for _, c := range cfg.Chapters {
		r.chapters[c.ID] = c
	}
	r.routes, r.aliases = r.table()
	r.chain = logging(cfg.Logger, cfg.Observe, recovering(cfg.Logger, HandlerFunc(r.dispatch)))
	return r
}

// Routes lists every route, in the order of routes.go (help follows it).
func (r *Router) Routes() []*Route { return r.routes }

// DB is the database, for adapters that keep platform state of their own
// beside the core's (Discord's native scheduled event ids).
func (r *Router) DB() *storage.DB { return r.db }

// Handle answers a request. It never fails: errors become messages in the
// member's language, and a panic becomes "something went wrong".
func (r *Router) Handle(ctx context.Context, req *Request) Reply {
	req.Line = stripMarks(req.Line)
	req.UserName = stripMarks(req.UserName)
	for k, v := range req.Fields {
		req.Fields[k] = stripMarks(v)
	}
	reply, err := r.chain.Serve(ctx, req)
	if err != nil {
		if req.Lang == "" {
			req.Lang = r.langOf(req)
		}
		reply = Reply{Text: r.errorText(req, err)}
		if len(req.Fields) > 0 {
			if f := fieldOf(err); f != "" {
				reply.FieldErrors = map[string]string{f: reply.Text}
			}
		}
	}
	reply.Lang, reply.Loc = req.Lang, req.Loc
	if reply.Loc == nil {
		reply.Loc = r.cfg.Location
	}
	r.changed(reply.Refresh)
	return reply
}

// Subscribe registers fn to hear of every entity a request changed, on any
// platform: each adapter edits its own posted messages of it, so a join on
// Slack updates the count shown on Discord too. fn must not block; an
// adapter queues the work.
func (r *Router) Subscribe(fn func(Entity)) {
	r.subsMu.Lock()
	defer r.subsMu.Unlock()
	r.subs = append(r.subs, fn)
}

// Namer looks up how a platform shows a member ("" when it cannot say).
type Namer func(ctx context.Context, workspace, userID string) string

// NameMembers registers a platform's look-up of members' names, asked when
// a request names nobody (a reaction, a catch-up after downtime) and the
// member is new or known only by a stand-in: nobody is ever shown by a raw
// platform id. The adapter caches what it can.
func (r *Router) NameMembers(platform string, fn Namer) {
	r.subsMu.Lock()
	defer r.subsMu.Unlock()
	if r.namers == nil {
		r.namers = map[string]Namer{}
	}
	r.namers[platform] = fn
}

// nameOf fills req.UserName from the platform when the request names
// nobody and the member needs a name.
func (r *Router) nameOf(ctx context.Context, req *Request, id storage.Identity) {
	if req.UserName != "" {
		return
	}
	r.subsMu.Lock()
	fn := r.namers[req.Platform]
	r.subsMu.Unlock()
	if fn == nil {
		return
	}
	if unnamed, err := r.db.Unnamed(ctx, id); err == nil && unnamed {
		where := req.Origin
		if where == "" {
			where = req.Workspace
		}
		req.UserName = stripMarks(fn(ctx, where, req.UserID))
	}
}

// Changed tells every platform that entities changed outside a request
// (the scheduler making a series' sessions): their cards and events follow.
func (r *Router) Changed(es ...Entity) { r.changed(es) }

func (r *Router) changed(es []Entity) {
	if len(es) == 0 {
		return
	}
	r.subsMu.Lock()
	subs := r.subs
	r.subsMu.Unlock()
	for _, e := range es {
		for _, fn := range subs {
			fn(e)
		}
	}
}

// dispatch resolves the member, finds the route and runs it.
func (r *Router) dispatch(ctx context.Context, req *Request) (Reply, error) {
	if err := r.resolve(ctx, req); err != nil {
		return Reply{}, err
	}
	var ref storage.MessageRef
	if req.Reaction != nil {
		var ok bool
		var err error
		ref, ok, err = r.reactionLine(ctx, req)
		if err != nil {
			return Reply{}, err
		}
		if !ok {
			// A reaction on a message we do not track is none of our
			// business: answer nothing.
			return Reply{}, nil
		}
	}
	if req.Interest != nil {
		line, ok := interestLine(*req.Interest)
		if !ok {
			return Reply{}, nil
		}
		line, err := r.sessionInterest(ctx, *req.Interest, line)
		if err != nil {
			return Reply{}, err
		}
		req.Line = line
	}
	rt, err := r.route(req)
	if err != nil {
		return Reply{}, err
	}
	req.route = rt
	if rt.Staff {
		if err := r.staffRoute(ctx, req, rt); err != nil {
			if !rt.Partners {
				return Reply{}, err
			}
			if err := r.partnerRoute(ctx, req, err); err != nil {
				return Reply{}, err
			}
		}
	}
	var h Handler = rt.Handler
	if rt.Posts {
		h = r.rateLimited(h)
	}
	reply, err := h.Serve(ctx, req)
	if err == nil && req.Reaction != nil {
		// Recorded after the change it caused: a crash in between leaves
		// a reaction unrecorded, and the next reconcile repeats an
		// idempotent join or leave.
		err = r.db.RecordReaction(ctx, ref, req.UserID, req.Reaction.Added)
	}
	if err == nil && req.Record != nil {
		err = req.Record(ctx)
	}
	return reply, err
}

// resolve fills in the member, language, zone and clock.
func (r *Router) resolve(ctx context.Context, req *Request) error {
	id := storage.Identity{Platform: req.Platform, Workspace: req.Workspace, UserID: req.UserID}
	r.nameOf(ctx, req, id)
	from := ""
	if r.cfg.ChapterFrom != nil {
		origin := req.Origin
		if origin == "" {
			origin = req.Workspace
		}
		from = r.cfg.ChapterFrom(req.Platform, origin, req.Channel)
	}
	m, err := r.db.ResolveMember(ctx, id, req.UserName, r.cfg.IsStaff(req.Platform, req.UserID), from)
	if err != nil {
		return err
	}
	req.Member = m
	req.Lang = r.langOf(req)
	req.Loc = r.locOf(req)
	req.Order = r.cfg.DateOrder
	if o, ok := ParseDateOrder(m.DateOrder); ok {
		req.Order = o
	}
	req.Now = r.db.Now().UTC()
	return nil
}

// zones caches loaded zones: time.LoadLocation parses the zone database on
// every call, and every interaction names the member's zone (a tenth of a
// slash command's CPU time in the Slack burst benchmark).
var zones sync.Map // string -> *time.Location

func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, errors.New("no zone")
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// langOf chooses the member's language: their own choice, then the
// platform's locale, then their chapter's, then the community's.
func (r *Router) langOf(req *Request) Lang {
	if l, ok := ParseLang(req.Member.Language); ok {
		return l
	}
	if l, ok := ParseLang(req.Locale); ok {
		return l
	}
	if c, ok := r.chapter(req.Member.Chapter); ok && c.Language != "" {
		return c.Language
	}
	return r.cfg.Language
}

// locOf chooses the member's zone in the same order as langOf.
func (r *Router) locOf(req *Request) *time.Location {
	if loc, err := loadZone(req.Member.Timezone); err == nil {
		return loc
	}
	if loc, err := loadZone(req.Timezone); err == nil {
		return loc
	}
	if c, ok := r.chapter(req.Member.Chapter); ok && c.Location != nil {
		return c.Location
	}
	return r.cfg.Location
}

// route splits req.Line and finds its route.
func (r *Router) route(req *Request) (*Route, error) {
	words, err := splitArgs(req.Line)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, userErr("err.unknown_command", "")
	}
	cmd := strings.ToLower(strings.TrimPrefix(words[0], "/"))
	// "help" and a bare "atelier" are the help, as people expect.
	typed := 2
	if cmd == "help" || cmd == "aide" || (cmd == "atelier" && len(words) == 1) {
		words, typed = append([]string{"atelier", "help"}, words[1:]...), 1
		cmd = "atelier"
	}
	if a, ok := r.aliases[cmd]; ok {
		cmd = a
	}
	req.Command = cmd
	var cmdRoutes []*Route
	for _, rt := range r.routes {
		if rt.Command == cmd {
			cmdRoutes = append(cmdRoutes, rt)
		}
	}
	if len(cmdRoutes) == 0 {
		names := r.commandNames()
		if s := suggest(cmd, keys(names)); s != "" {
			return nil, userErr("err.unknown_command_suggest", cmd, names[s])
		}
		return nil, userErr("err.unknown_command", cmd)
	}
	var sub string
	if len(words) > 1 {
		sub = strings.ToLower(words[1])
		if a, ok := r.aliases[cmd+"."+sub]; ok {
			sub = a
		}
	}
	for _, rt := range cmdRoutes {
		if rt.Sub != "" && rt.Sub == sub {
			req.Sub, req.Args, req.Rest = sub, words[2:], restAfter(req.Line, typed)
			return rt, nil
		}
	}
	// A command with a bare route takes the rest as its arguments (/me).
	for _, rt := range cmdRoutes {
		if rt.Sub == "" {
			req.Args, req.Rest = words[1:], restAfter(req.Line, 1)
			return rt, nil
		}
	}
	if sub == "" {
		return nil, userErr("err.missing_sub", cmd, r.subList(cmd))
	}
	if s := suggest(sub, keys(r.subNames(cmd))); s != "" {
		return nil, userErr("err.unknown_sub_suggest", cmd, words[1], cmd+" "+s, r.subList(cmd))
	}
	return nil, userErr("err.unknown_sub", cmd, words[1], r.subList(cmd))
}

func (r *Router) subList(cmd string) string {
	var subs []string
	for _, rt := range r.routes {
		if rt.Command == cmd && rt.Sub != "" {
			subs = append(subs, rt.Sub)
		}
	}
	return strings.Join(subs, ", ")
}

// reactionLine sets req.Line to the command an emoji on a tracked message
// stands for. ok is false for a message the bot does not track.
func (r *Router) reactionLine(ctx context.Context, req *Request) (storage.MessageRef, bool, error) {
	ref, err := r.db.FindMessageRef(ctx, req.Platform, req.Reaction.Channel, req.Reaction.MessageID)
	if storage.ErrorCode(err) == storage.ENOTFOUND {
		return ref, false, nil
	}
	if err != nil {
		return ref, false, err
	}
	line, ok := interestLine(Interest{Entity: Entity{Kind: ref.Kind, ID: ref.EntityID}, Added: req.Reaction.Added})
	if !ok {
		return ref, false, nil
	}
	req.Line = line
	return ref, true, nil
}

// Reconciled is one reaction change found by Reconcile, with the request
// it became and the reply, for the adapter to deliver if it wants.
type Reconciled struct {
	Request *Request
	Reply   Reply
}

// Reconcile applies the reactions added or taken back on a message while
// the bot was not listening. current lists the users whose reaction is on
// the message now (the bot's own excluded); workspace and origin are their
// requests' (see Request). Each change is applied once: what was acted on
// is recorded.
func (r *Router) Reconcile(ctx context.Context, ref storage.MessageRef, workspace, origin string, current []string) ([]Reconciled, error) {
	recorded, err := r.db.Reactors(ctx, ref)
	if err != nil {
		return nil, err
	}
	forgotten, err := r.db.ForgottenReactors(ctx, ref)
	if err != nil {
		return nil, err
	}
	var out []Reconciled
	apply := func(user string, added bool) {
		req := &Request{Platform: ref.Platform, Workspace: workspace, Origin: origin, UserID: user, Channel: ref.Channel,
			Reaction: &Reaction{Channel: ref.Channel, MessageID: ref.MessageID, Added: added}}
		out = append(out, Reconciled{Request: req, Reply: r.Handle(ctx, req)})
	}
	added, removed := InterestChanges(ref.Platform, current, recorded, forgotten)
	for _, u := range added {
		apply(u, true)
	}
	for _, u := range removed {
		apply(u, false)
	}
	return out, nil
}

// ReconcileTargets lists a platform's posted messages whose reactions still
// matter: those of open workshops and problems.
func (r *Router) ReconcileTargets(ctx context.Context, platform string) ([]storage.MessageRef, error) {
	return r.db.OpenMessageRefs(ctx, platform)
}

// SaveMessage records that a posted message shows an entity, so reactions
// and edits find it later. Adapters call it after posting a public card.
func (r *Router) SaveMessage(ctx context.Context, platform, channel, messageID string, e Entity) error {
	return r.saveCard(ctx, storage.MessageRef{Platform: platform, Channel: channel, MessageID: messageID, Kind: e.Kind, EntityID: e.ID})
}

// Messages lists the posted messages that show an entity.
func (r *Router) Messages(ctx context.Context, e Entity) ([]storage.MessageRef, error) {
	return r.db.MessageRefs(ctx, e.Kind, e.ID)
}

// Community is the community's language and zone: those of channel posts,
// for adapters that write their times as plain text.
func (r *Router) Community() (Lang, *time.Location) { return r.cfg.Language, r.cfg.Location }

// Card renders an entity's public card in the community's language, for
// adapters editing an announcement.
func (r *Router) Card(ctx context.Context, e Entity) (Card, error) {
	lang := r.cfg.Language
	switch e.Kind {
	case storage.KindProblem:
		p, err := r.db.Problem(ctx, e.ID)
		if err != nil {
			return Card{}, err
		}
		return problemCard(r.cardLang(p.Chapter), p), nil
	case storage.KindWorkshop:
		w, err := r.db.Workshop(ctx, e.ID)
		if err != nil {
			return Card{}, err
		}
		return r.workshopCardWithLinks(r.cardLang(w.Chapter), w), nil
	case storage.KindJob:
		j, err := r.db.Job(ctx, e.ID)
		if err != nil {
			return Card{}, err
		}
		return JobCard(lang, j, r.db.Now()), nil
	}
	return Card{}, fmt.Errorf("commands: card for unknown kind %q", e.Kind)
}

// Suggestion kinds for Suggest.
const (
	SuggestProblem  = "problem"
	SuggestWorkshop = "workshop"
	SuggestTag      = "tag"
)

// Suggest offers choices while a member types an option (Discord
// autocomplete), so nobody has to remember an id: open problems or
// workshops by title, or tags in use. At most 25, Discord's limit.
func (r *Router) Suggest(ctx context.Context, kind, typed string) ([]storage.Suggestion, error) {
	const limit = 25
	switch kind {
	case SuggestProblem:
		return r.db.SuggestProblems(ctx, typed, limit)
	case SuggestWorkshop:
		return r.db.SuggestWorkshops(ctx, typed, limit)
	case SuggestTag:
		return r.db.SuggestTags(ctx, typed, limit)
	}
	return nil, fmt.Errorf("commands: suggest: unknown kind %q", kind)
}
