// Package commands is atelier's platform-neutral core: requests and replies,
// the router, the message catalog and one file per feature. It imports no
// chat SDK; adapters translate at the edge.
package commands

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// Request is one interaction, whatever the platform: a typed command, a
// button press, a modal submission or a reaction.
type Request struct {
	// Who and where, as the adapter saw it.
	Platform  string // "slack", "discord", "console"
	Workspace string // Slack team, Discord guild, "local": with UserID, the account
	// Origin is the Slack team or Discord guild the request was made in,
	// when it is not Workspace: a Discord account is one person in every
	// guild, so its Workspace stays the community's guild. It tells which
	// chapter a newcomer belongs to.
	Origin   string
	UserID   string
	UserName string
	Channel  string
	Locale   string // the platform's locale hint ("fr", "en-US"); may be empty
	Timezone string // the platform's zone hint (IANA); may be empty

	// What. Line is the command without its slash and with its arguments,
	// "workshop join 12": typed text, a button's line and a modal's command
	// all take this one path. Fields carry a modal's inputs by name.
	Line   string
	Fields map[string]string
	// Reaction is set for an emoji added to or removed from a message; the
	// router maps the message back to what it shows.
	Reaction *Reaction
	// Interest is set for a mark the adapter has mapped to an entity itself
	// (a Discord event's "Interested"); the router decides what it does.
	Interest *Interest
	// CanForm says the platform can show a dialog (Slack and Discord
	// modals): a command typed without arguments then answers with a Form.
	CanForm bool
	// Record, when set, runs once the handler has succeeded, as the router
	// records a reaction: an adapter notes there what it acted on (Discord,
	// an "Interested" mark on a native event), so that its catch-up after
	// downtime applies each change once. Its error is the request's.
	Record func(ctx context.Context) error

	// Resolved by the router before the handler runs.
	Command string
	Sub     string
	Args    []string // the words after the sub-command, quotes honoured
	Rest    string   // the text after the sub-command, as typed
	Member  storage.Member
	Lang    Lang
	Loc     *time.Location
	Order   DateOrder // how the reader writes numeric dates
	Now     time.Time

	route *Route // the matched route, for usage messages
}

// Reaction is an emoji put on or taken off a message the bot posted.
type Reaction struct {
	Channel   string
	MessageID string
	Added     bool
}

// Field returns a modal field, trimmed.
func (r *Request) Field(name string) string { return strings.TrimSpace(r.Fields[name]) }

// Reply is what a handler answers, for the adapter to render natively.
type Reply struct {
	Text  string
	Cards []Card
	// Public replies are for the whole channel (an announced workshop);
	// others are shown only to the member who asked.
	Public bool
	// Refresh names entities whose posted messages should be edited to show
	// their new state (live participant counts).
	Refresh []Entity
	// Form asks the adapter to open a dialog instead of answering.
	Form *Form
	// FieldErrors, for a failed form submission, puts the message on the
	// input at fault (by Input.Name), as Slack and Discord users expect.
	FieldErrors map[string]string
	// Lang and Loc are the reader's, for adapters that render times as text.
	Lang Lang
	Loc  *time.Location
	// Files are attachments (a member's data export, statistics as CSV),
	// sent with the reply: uploaded on Slack and Discord, saved by the
	// console.
	Files []File
}

// File is an attachment of a reply.
type File struct {
	Name        string // a file name, no directory: "atelier-stats.csv"
	ContentType string // "application/json", "text/csv"
	Data        []byte
}

// Target is where a notification goes: a member's direct messages on one
// platform (UserID), or a channel (Channel).
type Target struct {
	Platform  string
	Workspace string
	UserID    string
	Channel   string
}

// Entity names a problem, workshop or job.
type Entity struct {
	Kind string // storage.KindProblem, storage.KindWorkshop, storage.KindJob
	ID   int64
}

// Card is a problem, workshop or job shown with its actions.
type Card struct {
	Entity  Entity
	Title   string
	Body    string
	Fields  []Field
	Buttons []Button
	Footer  string
}

// Field is a labelled value on a card.
type Field struct {
	Label string
	Value string
}

// Button runs Line as the member who presses it; URL buttons open a link
// instead.
type Button struct {
	Label string
	Line  string
	Style string // "", "primary" or "danger"
	URL   string
}

// Time marks: times travel through replies as marks, and each adapter
// renders them its own way (Slack <!date^…>, Discord <t:…>, the console in
// the reader's zone). The marks are private-use runes, stripped from user
// text on the way in so nobody can forge one.
const (
	markOpen  = '\uE000'
	markClose = '\uE001'
)

// TimeMark returns the mark for an instant.
func TimeMark(t time.Time) string {
	return string(markOpen) + strconv.FormatInt(t.Unix(), 10) + string(markClose)
}

// RenderTimes replaces every time mark in s with render(t).
func RenderTimes(s string, render func(time.Time) string) string {
	if !strings.ContainsRune(s, markOpen) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexRune(s, markOpen)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexRune(s[i:], markClose)
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		sec, err := strconv.ParseInt(s[i+len(string(markOpen)):i+j], 10, 64)
		if err == nil {
			b.WriteString(render(time.Unix(sec, 0).UTC()))
		}
		s = s[i+j+len(string(markClose)):]
	}
}

// stripMarks removes mark runes from user text.
func stripMarks(s string) string {
	if !strings.ContainsAny(s, string(markOpen)+string(markClose)) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == markOpen || r == markClose {
			return -1
		}
		return r
	}, s)
}
