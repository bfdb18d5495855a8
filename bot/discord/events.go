package discord

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Each session of an open workshop is mirrored as a guild scheduled event
// (external, at the session's place), so it shows in the server's Events
// tab and in members' calendars. The events follow the sessions: created
// when a session is scheduled, edited when it changes, cancelled with it
// or with the workshop. A member who marks an event "Interested" joins the
// workshop (on the waitlist when it is full), and leaves it by unmarking;
// marks made while the bot was away are caught up at start and after each
// resume (catchUpInterest), once each.

// syncEvents brings a workshop's events in line with its sessions, in
// each guild EventGuilds names, and cancels those left in a configured
// guild it no longer names.
func (a *Adapter) syncEvents(ctx context.Context, workshopID int64) {
	w, err := a.db.WorkshopSessions(ctx, workshopID)
	if err != nil {
		a.log.Error("discord: workshop for its events", "id", workshopID, "err", errText(err))
		return
	}
	wanted := a.eventGuilds(w)
	for _, guild := range a.guilds {
		a.syncGuildEvents(ctx, guild, w, slices.Contains(wanted, guild))
	}
}

// eventGuilds are the configured guilds where a workshop's events belong.
func (a *Adapter) eventGuilds(w storage.Workshop) []string {
	if a.opts.EventGuilds == nil {
		return a.guilds[:1]
	}
	var out []string
	for _, g := range a.opts.EventGuilds(w) {
		if slices.Contains(a.guilds, g) {
			out = append(out, g)
		} else if g != "" {
			a.log.Warn("discord: a workshop's events asked for in a guild that is not configured; skipped", "workshop", w.ID, "guild", g)
		}
	}
	if len(out) == 0 {
		return a.guilds[:1]
	}
	return out
}

// syncGuildEvents brings a workshop's events in one guild in line with its
// sessions; with wanted false, every event still open there is cancelled.
func (a *Adapter) syncGuildEvents(ctx context.Context, guild string, w storage.Workshop, wanted bool) {
	existing, err := a.db.DiscordEvents(ctx, guild, w.ID)
	if err != nil {
		a.log.Error("discord: events of a workshop", "id", w.ID, "err", errText(err))
		return
	}
	have := make(map[int64]storage.DiscordEvent, len(existing))
	for _, e := range existing {
		have[e.SessionID] = e
	}
	now := a.opts.Now()
	for _, s := range w.Sessions {
		ev, ok := have[s.ID]
		if ok && ev.Cancelled || !s.End().After(now) {
			continue // done with, or over: Discord completes it itself
		}
		want := wanted && commands.SessionOffered(w, s, now)
		switch {
		case want && !ok:
			if !s.Start.After(now) {
				continue // Discord refuses an event that starts in the past
			}
			p := a.eventParams(w, s)
			var created *discordgo.GuildScheduledEvent
			err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
				var err error
				created, err = a.api.GuildScheduledEventCreate(guild, p, opts...)
				return err
			})
			if err != nil {
				a.log.Warn("discord: create the event of a session", "guild", guild, "session", s.ID, "err", errText(err))
				continue
			}
			a.saveEvent(ctx, storage.DiscordEvent{GuildID: guild, SessionID: s.ID, WorkshopID: w.ID,
				EventID: created.ID, Signature: signature(p)})
		case want && ok:
			p := a.eventParams(w, s)
			sig := signature(p)
			if sig == ev.Signature {
				continue
			}
			if !s.Start.After(now) {
				// A started event keeps its start; only the rest changes.
				p.ScheduledStartTime = nil
			}
			if err := a.editEvent(ctx, guild, ev.EventID, p); err != nil {
				continue
			}
			ev.Signature = sig
			a.saveEvent(ctx, ev)
		case !want && ok:
			status := discordgo.GuildScheduledEventStatusCanceled
			if !s.Start.After(now) {
				status = discordgo.GuildScheduledEventStatusCompleted // a started event can only end
			}
			if err := a.editEvent(ctx, guild, ev.EventID, &discordgo.GuildScheduledEventParams{Status: status}); err != nil && !isNotFound(err) {
				continue
			}
			ev.Cancelled = true
			a.saveEvent(ctx, ev)
		}
	}
}

func (a *Adapter) editEvent(ctx context.Context, guild, eventID string, p *discordgo.GuildScheduledEventParams) error {
	err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := a.api.GuildScheduledEventEdit(guild, eventID, p, opts...)
		return err
	})
	if err != nil {
		a.log.Warn("discord: edit an event", "guild", guild, "err", errText(err))
	}
	return err
}

func (a *Adapter) saveEvent(ctx context.Context, e storage.DiscordEvent) {
	if err := a.db.SaveDiscordEvent(ctx, e); err != nil {
		a.log.Error("discord: record an event", "err", errText(err))
	}
}

// eventParams is the event of a session: the workshop's title, how to
// join, the place, start and end in UTC.
func (a *Adapter) eventParams(w storage.Workshop, s storage.Session) *discordgo.GuildScheduledEventParams {
	lang := a.opts.Language
	place := strings.TrimSpace(s.Place)
	if place == "" {
		place = commands.T(lang, "workshop.no_place")
	}
	desc := commands.T(lang, "discord.event.description", w.ID)
	if d := strings.TrimSpace(w.Description); d != "" {
		desc = d + "\n\n" + desc
	}
	start, end := s.Start.UTC(), s.End().UTC()
	return &discordgo.GuildScheduledEventParams{
		Name:               truncate(w.Title, 100),
		Description:        truncate(desc, 1000),
		ScheduledStartTime: &start,
		ScheduledEndTime:   &end,
		PrivacyLevel:       discordgo.GuildScheduledEventPrivacyLevelGuildOnly,
		EntityType:         discordgo.GuildScheduledEventEntityTypeExternal,
		EntityMetadata:     &discordgo.GuildScheduledEventEntityMetadata{Location: truncate(place, 100)},
	}
}

// signature is what an event shows, to edit it only on a change.
func signature(p *discordgo.GuildScheduledEventParams) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%s", p.Name, p.Description, p.ScheduledStartTime.Unix(), p.ScheduledEndTime.Unix(), p.EntityMetadata.Location)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// syncAllEvents has the sessions of every open workshop mirrored, for what
// was scheduled while the bot was away (through the refresh worker, the
// one place events are created).
func (a *Adapter) syncAllEvents(ctx context.Context) {
	ws, err := a.db.ListWorkshops(ctx, 200)
	if err != nil {
		a.log.Error("discord: workshops for their events", "err", errText(err))
		return
	}
	for _, w := range ws {
		a.refresh.mark(commands.Entity{Kind: storage.KindWorkshop, ID: w.ID}, events)
	}
}

func (a *Adapter) onEventUserAdd(_ *discordgo.Session, e *discordgo.GuildScheduledEventUserAdd) {
	a.eventInterest(e.GuildID, e.GuildScheduledEventID, e.UserID, true)
}

func (a *Adapter) onEventUserRemove(_ *discordgo.Session, e *discordgo.GuildScheduledEventUserRemove) {
	a.eventInterest(e.GuildID, e.GuildScheduledEventID, e.UserID, false)
}

// eventInterest joins (or leaves) the workshop of an event a member marked
// (or unmarked) "Interested", as "/workshop join N" typed by them would.
func (a *Adapter) eventInterest(guildID, eventID, userID string, added bool) {
	if userID == "" || userID == a.bot() || !a.serves(guildID) {
		return // the creator is subscribed to its own events
	}
	ctx, ok := a.enter()
	if !ok {
		return
	}
	defer a.wg.Done()
	defer a.recover("event interest")
	ctx, cancel := finishing(ctx)
	defer cancel()
	guildID = a.workspace(guildID)
	ev, ok, err := a.db.FindDiscordEvent(ctx, guildID, eventID)
	if err != nil {
		a.log.Error("discord: find an event", "err", errText(err))
		return
	}
	if !ok {
		return // an event the bot did not create
	}
	name := a.memberName(ctx, guildID, userID)
	// A catch-up lists an event's users and applies the difference under
	// this lock: a mark seen live after it listed is applied after it, so
	// the later of the two wins.
	a.interestMu.Lock()
	reply := a.actOnInterest(ctx, ev, userID, name, added)
	a.interestMu.Unlock()
	a.dm(ctx, userID, reply)
}

// actOnInterest has the router act on the mark (or unmark) of an event as
// on one of its workshop (commands decides: join, or leave), and records that it did so once the
// router succeeded, as reactions are: the one path of a live mark and of
// one caught up. The caller holds interestMu and delivers the reply.
func (a *Adapter) actOnInterest(ctx context.Context, ev storage.DiscordEvent, userID, name string, added bool) commands.Reply {
	req := &commands.Request{Platform: Platform, Workspace: a.opts.GuildID, Origin: ev.GuildID, UserID: userID, UserName: name,
		Interest: &commands.Interest{Entity: commands.Entity{Kind: storage.KindWorkshop, ID: ev.WorkshopID}, Added: added, Session: ev.SessionID},
		// Recorded after the change it caused: a crash in between leaves
		// the mark unrecorded, and the next catch-up repeats an idempotent
		// join or leave.
		Record: func(ctx context.Context) error {
			return a.db.RecordDiscordEventInterest(ctx, ev.GuildID, ev.EventID, userID, added)
		}}
	return a.router.Handle(ctx, req)
}

// catchUpInterestSoon applies, once, the "Interested" marks added or taken
// back while the bot was not connected: at start and after each resume or
// reconnect, beside the reactions' reconcile.
func (a *Adapter) catchUpInterestSoon() {
	a.go_("event interest catch-up", func(ctx context.Context) {
		a.interestCatcher.do(func() { a.catchUpInterest(ctx) })
	})
}

func (a *Adapter) catchUpInterest(ctx context.Context) {
	var evs []storage.DiscordEvent
	for _, guild := range a.guilds {
		some, err := a.db.DiscordEventsToCatchUp(ctx, guild)
		if err != nil {
			a.log.Error("discord: events to catch up", "guild", guild, "err", errText(err))
			return
		}
		evs = append(evs, some...)
	}
	changes := 0
	for _, ev := range evs {
		if ctx.Err() != nil {
			return
		}
		n, err := a.catchUpEvent(ctx, ev)
		changes += n
		if isNotFound(err) {
			continue // deleted on Discord: nobody can mark it any more
		}
		if err != nil {
			a.log.Warn("discord: catch up event interest", "event", ev.EventID, "err", errText(err))
		}
	}
	a.log.Info("discord: event interest caught up", "events", len(evs), "changes", changes)
}

// catchUpEvent applies the difference between who is marked "Interested"
// in an event now and the marks the bot acted on, as
// commands.InterestChanges decides it.
func (a *Adapter) catchUpEvent(ctx context.Context, ev storage.DiscordEvent) (int, error) {
	type answer struct {
		userID string
		reply  commands.Reply
	}
	var answers []answer
	// Changes under way when a stop comes are finished and answered,
	// within the grace; no new one starts.
	gctx, cancel := graceful(ctx)
	defer cancel()
	err := func() error {
		a.interestMu.Lock()
		defer a.interestMu.Unlock()
		users, err := a.interested(ctx, ev.GuildID, ev.EventID)
		if err != nil {
			return err
		}
		recorded, err := a.db.DiscordEventInterest(ctx, ev.GuildID, ev.EventID)
		if err != nil {
			return err
		}
		forgotten, err := a.db.ForgottenDiscordEventInterest(ctx, ev.GuildID, ev.EventID)
		if err != nil {
			return err
		}
		ids, names := make([]string, len(users)), make(map[string]string, len(users))
		for i, u := range users {
			ids[i], names[u.id] = u.id, u.name
		}
		added, removed := commands.InterestChanges(Platform, ids, recorded, forgotten)
		act := func(userID string, added bool) {
			if ctx.Err() != nil {
				return // stopping: the next start picks up the rest
			}
			answers = append(answers, answer{userID, a.actOnInterest(gctx, ev, userID, names[userID], added)})
		}
		for _, u := range added {
			act(u, true)
		}
		for _, u := range removed {
			act(u, false)
		}
		return nil
	}()
	// The answers go out after the lock, so live marks do not wait on DMs.
	for _, r := range answers {
		a.dm(gctx, r.userID, r.reply)
	}
	return len(answers), err
}

// graceful is ctx that lasts finishGrace longer once ctx is done, and no
// shorter: a catch-up may answer many members, which finishing's fixed
// bound would cut short while the bot runs.
func graceful(ctx context.Context) (context.Context, context.CancelFunc) {
	gctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(finishGrace, cancel) })
	return gctx, func() { stop(); cancel() }
}

type interestedUser struct{ id, name string }

// interested lists who marked an event "Interested", the bot left out, a
// page of 100 at a time, with the name the guild shows them.
func (a *Adapter) interested(ctx context.Context, guildID, eventID string) ([]interestedUser, error) {
	// Discord lists users in ascending order of id; start from the first.
	all, err := allPages("users interested in one event", "0", func(after string) ([]*discordgo.GuildScheduledEventUser, error) {
		var page []*discordgo.GuildScheduledEventUser
		err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
			var err error
			page, err = a.api.GuildScheduledEventUsers(guildID, eventID, 100, true, "", after, opts...)
			return err
		})
		return page, err
	}, func(u *discordgo.GuildScheduledEventUser) string {
		if u == nil || u.User == nil {
			return ""
		}
		return u.User.ID
	})
	if err != nil {
		return nil, err
	}
	var out []interestedUser
	bot := a.bot()
	for _, u := range all {
		if u == nil || u.User == nil || u.User.ID == bot || u.User.Bot {
			continue
		}
		nick := ""
		if u.Member != nil {
			nick = u.Member.Nick
		}
		out = append(out, interestedUser{u.User.ID, displayName(nick, u.User)})
	}
	return out, nil
}

// memberName looks up how the guild shows a member; the gateway event
// names nobody. It needs no privileged intent.
func (a *Adapter) memberName(ctx context.Context, guildID, userID string) (name string) {
	// A name is a nicety: a failed look-up (even a panic in discordgo on a
	// malformed answer) leaves it out rather than the join.
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("discord: panic recovered", "in", "member name", "panic", fmt.Sprint(p))
			name = ""
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var m *discordgo.Member
	err := a.retry(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		m, err = a.api.GuildMember(guildID, userID, opts...)
		return err
	})
	if err != nil || m == nil || m.User == nil {
		return ""
	}
	return displayName(m.Nick, m.User)
}
