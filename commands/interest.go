package commands

import (
	"fmt"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// A member can say "count me in" with one tap on something the bot posted:
// the reaction emoji on a card (Slack, Discord), "Interested" on a Discord
// scheduled event. What such a mark does, which cards take one, and how the
// marks made while the bot was away are caught up are decided here, once
// for every platform; an adapter only says who marked what.

// Interest is a mark put on or taken off an entity the adapter has found
// from its own records (a Discord event's workshop).
type Interest struct {
	Entity Entity
	Added  bool
	// Session is the one session the mark is about (a Discord event
	// mirrors one session): of a series, the mark joins or leaves that
	// session only; otherwise the workshop.
	Session int64
}

// interestVerbs is the command a mark stands for on each kind: put on,
// taken off.
var interestVerbs = map[string][2]string{
	storage.KindWorkshop: {"workshop join", "workshop leave"},
	storage.KindProblem:  {"problem interested", "problem uninterested"},
}

// Seeded reports whether an adapter puts the first reaction on a posted
// card, to show members the one tap that counts them in: only on a kind a
// mark acts on, and only when the card has no button that does the same.
// A button is one tap already, and a seeded reaction is one more call per
// card, paced per channel by the platform, which a burst of posts waits on.
func Seeded(c Card) bool {
	line, ok := interestLine(Interest{Entity: c.Entity, Added: true})
	if !ok {
		return false
	}
	for _, b := range c.Buttons {
		if b.Line == line {
			return false
		}
	}
	return true
}

// interestLine is the command a mark stands for; ok is false on a kind a
// mark does nothing on.
func interestLine(in Interest) (line string, ok bool) {
	verbs, ok := interestVerbs[in.Entity.Kind]
	if !ok {
		return "", false
	}
	verb := verbs[1]
	if in.Added {
		verb = verbs[0]
	}
	return fmt.Sprintf("%s %d", verb, in.Entity.ID), true
}

// InterestChanges is the catch-up of one marked thing: current lists who
// marks it now (the bot left out), recorded who the bot acted on. Someone
// marking it now and not recorded is added, unless the mark is a forgotten
// member's old one (known by its hash in forgotten); someone recorded and
// no longer marking it is removed. Joins by button or command were never
// recorded, so a catch-up never undoes them.
func InterestChanges(platform string, current, recorded []string, forgotten map[string]bool) (added, removed []string) {
	had := make(map[string]bool, len(recorded))
	for _, u := range recorded {
		had[u] = true
	}
	now := make(map[string]bool, len(current))
	for _, u := range current {
		now[u] = true
		if !had[u] && !forgotten[storage.ReactorHash(platform, u)] {
			added = append(added, u)
		}
	}
	for _, u := range recorded {
		if !now[u] {
			removed = append(removed, u)
		}
	}
	return added, removed
}

// SessionOffered reports whether members can still sign up for a session:
// its workshop is open, it is not cancelled and it has not ended. A
// platform that mirrors sessions as its own events (Discord) shows these.
func SessionOffered(w storage.Workshop, s storage.Session, now time.Time) bool {
	return w.Status == storage.WorkshopOpen && !s.Cancelled && s.End().After(now)
}
