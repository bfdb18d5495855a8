package discordfake

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
)

// Interest in scheduled events: who marked each event "Interested", as
// GET /guilds/{guild}/scheduled-events/{event}/users lists them.

var reEventUsers = regexp.MustCompile(`^/guilds/([0-9]+)/scheduled-events/([0-9]+)/users$`)

// MarkInterest marks (or with added false unmarks) a user "Interested" in
// a scheduled event and, when dispatch is true, sends
// GUILD_SCHEDULED_EVENT_USER_ADD/REMOVE. With dispatch false the mark only
// shows in the event's users list and count, as one made while the bot
// was not connected.
func (s *Server) MarkInterest(eventID, userID string, added, dispatch bool) error {
	s.mu.Lock()
	guild := GuildID
	if e, ok := s.events[eventID]; ok {
		guild = e.GuildID
		if s.interested == nil {
			s.interested = map[string][]string{}
		}
		s.interested[eventID] = mark(s.interested[eventID], userID, added)
		e.UserCount = len(s.interested[eventID])
	}
	s.changed()
	s.mu.Unlock()
	if !dispatch {
		return nil
	}
	t := "GUILD_SCHEDULED_EVENT_USER_REMOVE"
	if added {
		t = "GUILD_SCHEDULED_EVENT_USER_ADD"
	}
	_, err := s.Dispatch(t, map[string]any{"guild_scheduled_event_id": eventID, "user_id": userID, "guild_id": guild})
	return err
}

// Interested lists who is marked "Interested" in an event, by user id.
func (s *Server) Interested(eventID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.interested[eventID]...)
}

// DeleteEvent deletes a scheduled event as a guild moderator would in
// Discord, without the bot knowing.
func (s *Server) DeleteEvent(eventID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.events, eventID)
	delete(s.interested, eventID)
	for i, id := range s.eventOrder {
		if id == eventID {
			s.eventOrder = append(s.eventOrder[:i], s.eventOrder[i+1:]...)
			break
		}
	}
	s.changed()
}

// eventUsers answers GET /guilds/{guild}/scheduled-events/{event}/users
// as Discord does: guild scheduled event user objects, always in
// ascending order of user id, at most limit (1-100, default 100) of them;
// before wins over after when both are given; with_member adds the
// member of a user the guild knows.
func (s *Server) eventUsers(m []string, q url.Values) (int, any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.events[m[2]]; !ok || m[1] != e.GuildID {
		return 0, nil, &apiError{http.StatusNotFound, 10070, "Unknown Guild Scheduled Event"}
	}
	limit := 100
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 100 {
			return 0, nil, badForm("limit: must be 1-100")
		}
		limit = n
	}
	for _, k := range []string{"before", "after"} {
		if v := q.Get(k); v != "" {
			if _, err := strconv.ParseUint(v, 10, 64); err != nil {
				return 0, nil, badForm("%s: not a snowflake", k)
			}
		}
	}
	withMember := q.Get("with_member") == "true"
	users := s.interested[m[2]]
	if before := q.Get("before"); before != "" {
		// The limit users just below before, still in ascending order.
		i := sort.Search(len(users), func(i int) bool { return !snowLess(users[i], before) })
		users = users[max(0, i-limit):i]
	} else {
		if after := q.Get("after"); after != "" {
			i := sort.Search(len(users), func(i int) bool { return snowLess(after, users[i]) })
			users = users[i:]
		}
		users = users[:min(limit, len(users))]
	}
	out := []any{}
	for _, id := range users {
		known, ok := s.users[id]
		name := known.Username
		if name == "" {
			name = "user" + id
		}
		user := map[string]any{"id": id, "username": name, "discriminator": "0", "bot": id == BotID}
		if known.GlobalName != "" {
			user["global_name"] = known.GlobalName
		}
		row := map[string]any{"guild_scheduled_event_id": m[2], "user": user}
		if withMember && ok {
			member := map[string]any{"user": user, "roles": []string{}, "joined_at": "2026-01-01T00:00:00Z"}
			if known.Nick != "" {
				member["nick"] = known.Nick
			}
			row["member"] = member
		}
		out = append(out, row)
	}
	return 200, out, nil
}
