package commands

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Chapter is one local group of the community (Paris, Casablanca, New
// York): its zone and language are the defaults of its members and the
// language of its channels' cards.
type Chapter struct {
	ID       string
	Name     string
	Location *time.Location
	Language Lang
	Archived bool // closed: kept with its items, no longer joined or posted to
}

// chapter returns an open chapter by id.
func (r *Router) chapter(id string) (Chapter, bool) {
	c, ok := r.chapters[id]
	return c, ok && !c.Archived
}

// chaptered says whether the community has chapters at all; without, the
// community is one implicit chapter and nothing here changes behaviour.
func (r *Router) chaptered() bool { return len(r.chapters) > 0 }

// cardLang is the language of an item's cards: its chapter's, or the
// community's for an item of every chapter.
func (r *Router) cardLang(chapter string) Lang {
	if c, ok := r.chapters[chapter]; ok && c.Language != "" {
		return c.Language
	}
	return r.cfg.Language
}

// channelPosts lists the channels a kind of item ("problems", "workshops",
// "jobs") goes to: those of the item's chapter, or for an item of every
// chapter ("" ) the community's and every open chapter's. When the reply
// itself shows the card in the channel the request came from (a public
// reply), that channel is left out: it has the card.
func (r *Router) channelPosts(kind, chapter string, req *Request, public bool) []storage.Address {
	var targets []Target
	switch c, ok := r.chapter(chapter); {
	case ok && r.cfg.ChapterChannels != nil:
		targets = r.cfg.ChapterChannels(c.ID, kind)
	case r.cfg.Channels != nil:
		targets = r.cfg.Channels(kind)
	}
	var posts []storage.Address
	for _, t := range targets {
		if public && t.Platform == req.Platform && t.Channel == req.Channel {
			continue
		}
		posts = append(posts, storage.Address{Platform: t.Platform, Workspace: t.Workspace, Channel: t.Channel})
	}
	return posts
}

// listChapters reads an optional "all" among a list's words (all says it
// was there, for the Next button's line): without it, a member of an open
// chapter sees their chapter's items and those of every chapter; with it,
// or without chapters, everything (nil).
func (r *Router) listChapters(req *Request, args []string) (rest, chapters []string, all bool) {
	rest = slices.DeleteFunc(slices.Clone(args), func(a string) bool {
		switch fold(a) {
		case "all", "tous", "toutes", "tout":
			all = true
			return true
		}
		return false
	})
	if _, open := r.chapter(req.Member.Chapter); all || !open {
		// No chapter, or a closed one: the whole community's.
		return rest, nil, all
	}
	return rest, []string{req.Member.Chapter, ""}, false
}

// staffFor says whether the member may run staff commands on an item of
// chapter ("" for an item of every chapter): the community-wide staff may
// everywhere, a chapter's staff only in their chapter.
func (r *Router) staffFor(req *Request, chapter string) bool {
	if !req.Member.IsStaff() {
		return false
	}
	if r.cfg.StaffOf == nil {
		return true
	}
	all, chapters := r.cfg.StaffOf(req.Platform, req.UserID)
	return all || chapter != "" && slices.Contains(chapters, chapter)
}

// actingOnProblem is the member as storage should see them acting on
// problem id: a chapter's staff is staff for their chapter's problems only,
// elsewhere one member among others (their own problems stay theirs).
func (r *Router) actingOnProblem(ctx context.Context, req *Request, id int64) (storage.Member, error) {
	m := req.Member
	if !m.IsStaff() || r.cfg.StaffOf == nil || r.communityStaff(req) {
		return m, nil
	}
	p, err := r.db.Problem(ctx, id)
	if err != nil {
		return m, err
	}
	if !r.staffFor(req, p.Chapter) {
		m.Role = storage.RoleMember
	}
	return m, nil
}

// communityStaff says whether the member is on the community-wide staff
// list, which the commands that act for the whole community need.
func (r *Router) communityStaff(req *Request) bool { return r.staffFor(req, "") }

// staffRoute refuses a staff route to members who are not staff. The check
// runs here, on the server, whatever the platform showed or hid. A member
// who is staff of some chapters only may manage their chapters' workshops
// (the workshop named first, or the one they create), nothing
// community-wide.
func (r *Router) staffRoute(ctx context.Context, req *Request, rt *Route) error {
	if !req.Member.IsStaff() {
		return userErr("err.staff_only")
	}
	if r.communityStaff(req) {
		return nil
	}
	if rt.Command != "workshop" {
		return userErr("err.chapter_staff_only")
	}
	if rt.Sub == "create" || len(req.Args) == 0 {
		// workshopCreate checks the chapter it creates in.
		return nil
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		// The handler says what was wrong with the id.
		return nil
	}
	w, err := r.db.WorkshopBrief(ctx, id)
	if err != nil {
		return err
	}
	if !r.staffFor(req, w.Chapter) {
		return userErr("err.chapter_not_yours", id, r.chapterName(req.Lang, w.Chapter))
	}
	return nil
}

// chapterName is how a chapter is shown; "" is every chapter.
func (r *Router) chapterName(lang Lang, id string) string {
	c, ok := r.chapters[id]
	switch {
	case id == "":
		return T(lang, "chapter.online")
	case !ok:
		return id
	case c.Archived:
		return T(lang, "chapter.archived", c.Name)
	}
	return c.Name
}

// chapterArg reads a chapter named by id or name, or "online" (every
// chapter), for /me chapter and /workshop chapter.
func (r *Router) chapterArg(lang Lang, word string, online bool) (string, error) {
	w := fold(word)
	if online && (w == "online" || w == "enligne" || w == "en-ligne" || w == "all" || w == "tous") {
		return "", nil
	}
	for _, c := range r.chapters {
		if !c.Archived && (fold(c.ID) == w || fold(c.Name) == w) {
			return c.ID, nil
		}
	}
	return "", userErr("err.chapter_unknown", word, r.chapterList(lang))
}

// chapterList names the open chapters, for messages that say what works.
func (r *Router) chapterList(lang Lang) string {
	var names []string
	for _, c := range r.chapters {
		if !c.Archived {
			names = append(names, fmt.Sprintf("`%s` (%s)", c.ID, c.Name))
		}
	}
	slices.Sort(names)
	if len(names) == 0 {
		return T(lang, "chapter.none")
	}
	return strings.Join(names, ", ")
}

// meChapter: "/me chapter" shows the member's chapter and the others;
// "/me chapter <id>" moves them there.
func (r *Router) meChapter(ctx context.Context, req *Request, args []string) (Reply, error) {
	if !r.chaptered() {
		return Reply{}, userErr("err.no_chapters")
	}
	switch len(args) {
	case 0:
		return Reply{Text: T(req.Lang, "chapter.yours", r.memberChapter(req.Lang, req.Member), r.chapterList(req.Lang))}, nil
	case 1:
	default:
		return Reply{}, userErr("err.chapter_unknown", strings.Join(args, " "), r.chapterList(req.Lang))
	}
	id, err := r.chapterArg(req.Lang, args[0], false)
	if err != nil {
		return Reply{}, err
	}
	m, err := r.db.UpdateMember(ctx, req.Member.ID, storage.MemberUpdate{Chapter: &id})
	if err != nil {
		return Reply{}, err
	}
	return r.profileUpdated(req, m), nil
}

// memberChapter is the member's chapter as their profile shows it.
func (r *Router) memberChapter(lang Lang, m storage.Member) string {
	if m.Chapter == "" {
		return T(lang, "chapter.no_member_chapter")
	}
	return r.chapterName(lang, m.Chapter)
}

// workshopChapter: "/workshop chapter <id> <chapter|online>" (staff) moves
// a workshop to a chapter, whose channels and members it then belongs to.
func (r *Router) workshopChapter(ctx context.Context, req *Request) (Reply, error) {
	if !r.chaptered() {
		return Reply{}, userErr("err.no_chapters")
	}
	if len(req.Args) != 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	chapter, err := r.chapterArg(req.Lang, req.Args[1], true)
	if err != nil {
		return Reply{}, err
	}
	if !r.staffFor(req, chapter) {
		return Reply{}, userErr("err.chapter_not_yours_to", r.chapterName(req.Lang, chapter))
	}
	w, err := r.db.SetWorkshopChapter(ctx, id, chapter)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "workshop.chapter_set", w.ID, w.Title, r.chapterName(req.Lang, chapter)),
		Refresh: []Entity{{storage.KindWorkshop, w.ID}}}, nil
}

// newWorkshopChapter is the chapter a workshop is created in: the one its
// creator names ("chapter paris", "online"), else its problem's, else the
// creator's own; a chapter's staff may create only in their chapters.
func (r *Router) newWorkshopChapter(ctx context.Context, req *Request, named string, problemID int64) (string, error) {
	chapter := req.Member.Chapter
	switch {
	case !r.chaptered() && named != "":
		return "", userErr("err.no_chapters")
	case !r.chaptered():
		return "", nil
	case named != "":
		var err error
		if chapter, err = r.chapterArg(req.Lang, named, true); err != nil {
			return "", err
		}
	case problemID != 0:
		p, err := r.db.Problem(ctx, problemID)
		if err != nil {
			return "", err
		}
		chapter = p.Chapter
	}
	if _, ok := r.chapter(chapter); !ok {
		chapter = ""
	}
	if !r.staffFor(req, chapter) {
		if r.cfg.StaffOf != nil && named == "" {
			// A chapter's staff creates in their first chapter unless told.
			if _, chapters := r.cfg.StaffOf(req.Platform, req.UserID); len(chapters) > 0 {
				return chapters[0], nil
			}
		}
		return "", userErr("err.chapter_not_yours_to", r.chapterName(req.Lang, chapter))
	}
	return chapter, nil
}

// chapterStats is the /atelier stats block by chapter, "" when the
// community has no chapters.
func (r *Router) chapterStats(ctx context.Context, lang Lang, from, to time.Time) (string, []storage.ChapterCount, error) {
	if !r.chaptered() {
		return "", nil, nil
	}
	cs, err := r.db.ChapterCounts(ctx, from, to)
	if err != nil {
		return "", nil, err
	}
	lines := []string{T(lang, "stats.chapters")}
	for _, c := range cs {
		lines = append(lines, T(lang, "stats.chapter", r.chapterName(lang, c.Chapter), c.Members, c.Problems, c.Workshops, c.Participants))
	}
	return strings.Join(lines, "\n"), cs, nil
}

// appendChapterRows adds the breakdown by chapter to the stats CSV.
func appendChapterRows(data []byte, cs []storage.ChapterCount) ([]byte, error) {
	var rows [][]string
	for _, c := range cs {
		name := c.Chapter
		if name == "" {
			name = "online"
		}
		for _, f := range []struct {
			key string
			n   int
		}{{"members", c.Members}, {"problems_posted", c.Problems}, {"workshops_held", c.Workshops}, {"participations", c.Participants}} {
			rows = append(rows, []string{"chapter_" + f.key, safeCell(name), strconv.Itoa(f.n)})
		}
	}
	return appendCSV(data, "chapter", rows)
}
