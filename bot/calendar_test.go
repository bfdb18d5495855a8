package bot

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

type calendarHarness struct {
	t   *testing.T
	ctx context.Context
	db  *storage.DB
	r   *commands.Router
	srv *httptest.Server
	now time.Time
}

func newCalendarHarness(t *testing.T) *calendarHarness {
	t.Helper()
	h := &calendarHarness{t: t, ctx: context.Background(), now: time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)}
	db, err := storage.Open(h.ctx, filepath.Join(t.TempDir(), "atelier.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return h.now }
	h.db = db
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mux := http.NewServeMux()
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	(&calendars{db: db, log: log, community: "Club des données", lang: commands.FR, uidDomain: "atelier.example.org",
		reads: commands.Buckets[string]{Limit: perMinute(calendarReadsPerMinute)}}).mount(mux)
	paris, _ := time.LoadLocation("Europe/Paris")
	h.r = commands.NewRouter(db, commands.Config{Location: paris, Language: commands.EN, Logger: log, PublicURL: h.srv.URL,
		IsStaff: func(_, u string) bool { return u == "admin" }})
	return h
}

func (h *calendarHarness) do(user, line string) commands.Reply {
	return h.r.Handle(h.ctx, &commands.Request{Platform: "console", Workspace: "local", UserID: user, UserName: user, Line: line})
}

func (h *calendarHarness) get(path string) (int, string) {
	h.t.Helper()
	if !strings.HasPrefix(path, "http") {
		path = h.srv.URL + path
	}
	resp, err := http.Get(path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// calendarReadsPerMinute is the harness's limit per calendar address.
const calendarReadsPerMinute = 20

// checkRFC5545 is a second, independent reading of a feed: CRLF line
// endings, lines of at most 75 octets, the required properties.
func checkRFC5545(t *testing.T, body string) {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Error("feed does not end with CRLF")
	}
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := strings.Index(string(data), "\r\n"); i >= 0 {
			return i + 2, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			t.Errorf("line without CRLF: %q", data)
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	var unfolded []string
	for sc.Scan() {
		line := sc.Text()
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("bare LF in %q", line)
		}
		if strings.HasPrefix(line, " ") && len(unfolded) > 0 {
			unfolded[len(unfolded)-1] += line[1:]
			continue
		}
		unfolded = append(unfolded, line)
	}
	text := strings.Join(unfolded, "\n")
	for _, want := range []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:", "END:VCALENDAR"} {
		if !strings.Contains(text, want) {
			t.Errorf("feed lacks %s", want)
		}
	}
	for _, ev := range strings.Split(text, "\nBEGIN:VEVENT")[1:] {
		for _, want := range []string{"UID:", "DTSTAMP:", "SUMMARY:", "SEQUENCE:", "STATUS:"} {
			if !strings.Contains(ev, "\n"+want) {
				t.Errorf("event lacks %s:\n%s", want, ev)
			}
		}
		// A single session is in UTC; a series' rule is in its zone's wall
		// clock, which the feed must describe in a VTIMEZONE.
		if m := regexp.MustCompile(`\nDTSTART;TZID=([^:]+):\d{8}T\d{6}\n`).FindStringSubmatch(ev); m != nil {
			if !strings.Contains(ev, "\nDTEND;TZID="+m[1]+":") || !strings.Contains(ev, "\nRRULE:") {
				t.Errorf("a zoned event without its zoned end or its rule:\n%s", ev)
			}
			if !strings.Contains(text, "BEGIN:VTIMEZONE\nTZID:"+m[1]+"\n") {
				t.Errorf("TZID %s has no VTIMEZONE", m[1])
			}
		} else if !regexp.MustCompile(`\nDTSTART:\d{8}T\d{6}Z`).MatchString(ev) || !strings.Contains(ev, "\nDTEND:") {
			t.Errorf("DTSTART not in UTC:\n%s", ev)
		}
	}
}

// uid is the UID the feeds give session id.
func (h *calendarHarness) uid(id int64) string {
	return h.db.SessionToken(id) + "@atelier.example.org"
}

func parseFeed(t *testing.T, body string) map[string]*ics.VEvent {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, body)
	}
	out := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		out[e.Id()] = e
	}
	return out
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func TestCalendarFeeds(t *testing.T) {
	h := newCalendarHarness(t)
	long := strings.Repeat("Une description longue, avec des virgules; des points-virgules et des accents éèà. ", 5)
	h.do("admin", "workshop create QGIS avancé | "+long+" #gis")
	h.do("admin", "workshop schedule 1 2026-12-03 14:00 1h30 Salle 2, bâtiment B")
	h.do("admin", "workshop create Causalité #causal")
	h.do("admin", "workshop schedule 2 2026-12-10 10:00 1h https://meet.example.org/abc")
	h.do("alice", "workshop join 1")

	code, body := h.get("/calendar.ics")
	if code != 200 {
		t.Fatalf("community feed: %d", code)
	}
	checkRFC5545(t, body)
	events := parseFeed(t, body)
	e1 := events[h.uid(1)]
	if len(events) != 2 || e1 == nil {
		t.Fatalf("events %v", events)
	}
	if got := prop(e1, ics.ComponentPropertyDtStart); got != "20261203T130000Z" {
		t.Errorf("DTSTART %s, want 14:00 Paris = 13:00 UTC", got)
	}
	if got := prop(e1, ics.ComponentPropertyDtEnd); got != "20261203T143000Z" {
		t.Errorf("DTEND %s", got)
	}
	if got := prop(e1, ics.ComponentPropertyLocation); got != "Salle 2, bâtiment B" {
		t.Errorf("LOCATION %q (escaping round trip)", got)
	}
	if got := prop(e1, ics.ComponentPropertyDescription); got != strings.TrimSpace(long) {
		t.Errorf("DESCRIPTION %q", got)
	}
	// An online meeting's link stays out of the public feed: it may hold
	// the meeting's password. The participant's own feed carries it.
	if e2 := events[h.uid(2)]; prop(e2, ics.ComponentPropertyUrl) != "" || prop(e2, ics.ComponentPropertyLocation) != "" {
		t.Errorf("public feed shows the meeting link: URL %q LOCATION %q", prop(e2, ics.ComponentPropertyUrl), prop(e2, ics.ComponentPropertyLocation))
	}
	if strings.Contains(body, "meet.example.org") {
		t.Error("the meeting link is somewhere in the public feed")
	}
	h.do("bob", "workshop join 2")
	bobURL := regexp.MustCompile(`http://\S+/calendar/[a-z0-9]+\.ics`).FindString(h.do("bob", "me calendar").Text)
	_, bobFeed := h.get(bobURL)
	if got := prop(parseFeed(t, bobFeed)[h.uid(2)], ics.ComponentPropertyUrl); got != "https://meet.example.org/abc" {
		t.Errorf("participant's feed URL %q", got)
	}
	// UIDs name no count: not "session-1", and unrelated between sessions.
	if strings.Contains(body, "session-") || h.uid(1)[:8] == h.uid(2)[:8] {
		t.Errorf("UIDs look sequential: %s %s", h.uid(1), h.uid(2))
	}

	// Alice's feed: only her session, behind her token.
	reply := h.do("alice", "me calendar")
	url := regexp.MustCompile(`http://\S+/calendar/[a-z0-9]+\.ics`).FindString(reply.Text)
	if url == "" {
		t.Fatalf("/me calendar: %q", reply.Text)
	}
	code, body = h.get(url)
	if code != 200 {
		t.Fatalf("personal feed %d", code)
	}
	checkRFC5545(t, body)
	if mine := parseFeed(t, body); len(mine) != 1 || mine[h.uid(1)] == nil {
		t.Errorf("alice's feed holds %v", mine)
	}
	if code, _ := h.get("/calendar/nottherighttoken.ics"); code != 404 {
		t.Errorf("wrong token: %d", code)
	}
	// Reset: the old address stops working.
	reset := h.do("alice", "me calendar reset")
	newURL := regexp.MustCompile(`http://\S+/calendar/[a-z0-9]+\.ics`).FindString(reset.Text)
	if newURL == "" || newURL == url {
		t.Fatalf("reset gave %q", reset.Text)
	}
	if code, _ := h.get(url); code != 404 {
		t.Errorf("old token after reset: %d", code)
	}
	if code, _ := h.get(newURL); code != 200 {
		t.Errorf("new token: %d", code)
	}

	// Rescheduling keeps the UID, moves the times and bumps SEQUENCE.
	seq0 := prop(e1, ics.ComponentPropertySequence)
	if rep := h.do("admin", "workshop reschedule 1 2026-12-04 15:00"); !strings.Contains(rep.Text, "moves") {
		t.Fatalf("reschedule: %q", rep.Text)
	}
	_, body = h.get("/calendar.ics")
	e1 = parseFeed(t, body)[h.uid(1)]
	if e1 == nil || prop(e1, ics.ComponentPropertyDtStart) != "20261204T140000Z" || prop(e1, ics.ComponentPropertySequence) == seq0 {
		t.Fatalf("rescheduled event: start %s, sequence %s (was %s)", prop(e1, ics.ComponentPropertyDtStart), prop(e1, ics.ComponentPropertySequence), seq0)
	}

	// Cancelling keeps the UID, bumps SEQUENCE and marks it cancelled.
	before := prop(e1, ics.ComponentPropertySequence)
	h.do("admin", "workshop cancel 1")
	_, body = h.get("/calendar.ics")
	e1 = parseFeed(t, body)[h.uid(1)]
	if e1 == nil || prop(e1, ics.ComponentPropertyStatus) != "CANCELLED" || prop(e1, ics.ComponentPropertySequence) == before {
		t.Errorf("cancelled event: %v", e1)
	}

	// One session's file, as the card's button links it.
	code, body = h.get("/calendar/session/" + h.db.SessionToken(2) + ".ics")
	if single := parseFeed(t, body); code != 200 || len(single) != 1 {
		t.Errorf("single event: %d %v", code, single)
	}
	for _, guess := range []string{"2", "99", h.db.SessionToken(99), strings.Repeat("0", 32)} {
		if code, _ := h.get("/calendar/session/" + guess + ".ics"); code != 404 {
			t.Errorf("session file %q: %d, want 404", guess, code)
		}
	}
}

func TestWorkshopCardCalendarLinks(t *testing.T) {
	h := newCalendarHarness(t)
	h.do("admin", "workshop create QGIS #gis")
	card, err := h.r.Card(h.ctx, commands.Entity{Kind: storage.KindWorkshop, ID: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range card.Buttons {
		if b.URL != "" {
			t.Errorf("calendar link before any session: %+v", b)
		}
	}
	h.do("admin", "workshop schedule 1 2026-12-03 14:00 1h30 Salle 2")
	card, _ = h.r.Card(h.ctx, commands.Entity{Kind: storage.KindWorkshop, ID: 1})
	var urls []string
	for _, b := range card.Buttons {
		if b.URL != "" {
			urls = append(urls, b.URL)
		}
	}
	if len(urls) != 2 || urls[0] != h.srv.URL+"/calendar/session/"+h.db.SessionToken(1)+".ics" ||
		!strings.Contains(urls[1], "dates=20261203T130000Z%2F20261203T143000Z") || !strings.Contains(urls[1], "text=QGIS") {
		t.Errorf("calendar links %v", urls)
	}
	if code, _ := h.get(urls[0]); code != 200 {
		t.Errorf("card's .ics link: %d", code)
	}
}

// A workshop's partner organisations follow it into the feeds, after its
// description, in the community's language.
func TestCalendarFeedNamesPartners(t *testing.T) {
	h := newCalendarHarness(t)
	h.do("admin", "workshop create Journée spéciale | Une journée avec nos amis #gis")
	h.do("admin", "workshop schedule 1 2026-12-03 14:00 3h Salle 2")
	if r := h.do("admin", "workshop partners 1 Women in Data, Data for Good"); !strings.Contains(r.Text, "Women in Data, Data for Good") {
		t.Fatalf("partners reply %q", r.Text)
	}
	_, body := h.get("/calendar.ics")
	e := parseFeed(t, body)[h.uid(1)]
	if e == nil {
		t.Fatalf("no event in %s", body)
	}
	want := "Une journée avec nos amis\n\nCo-organisé avec : Women in Data, Data for Good"
	if got := prop(e, ics.ComponentPropertyDescription); got != want {
		t.Errorf("DESCRIPTION %q, want %q", got, want)
	}
	h.do("admin", "workshop partners 1 none")
	_, body = h.get("/calendar.ics")
	if got := prop(parseFeed(t, body)[h.uid(1)], ics.ComponentPropertyDescription); got != "Une journée avec nos amis" {
		t.Errorf("after clearing, DESCRIPTION %q", got)
	}
}

// Member text with every kind of line break and control character cannot
// add a property or an event to a feed: the feed parses into exactly the
// events built, each with exactly its own properties, the text intact but
// for the control characters.
func TestCalendarTextCannotInject(t *testing.T) {
	h := newCalendarHarness(t)
	start := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)
	nasty := []storage.CalendarEvent{
		{Session: storage.Session{ID: 1, Start: start, Duration: time.Hour, Place: "Room 1\rATTENDEE:mailto:evil@example.org"},
			WorkshopTitle: "A;B,C\\D\r\nX-INJECT:1\nEND:VEVENT\r\nBEGIN:VEVENT", WorkshopDescription: "line1\rline2\x00\x07\x1b[31m\u0085end"},
		{Session: storage.Session{ID: 2, Start: start, Duration: time.Hour, Place: "Online: https://meet.example.org/x?pwd=1\r\nX-LEAK:1"},
			WorkshopTitle: strings.Repeat("é", 60) + "\x7f"},
	}
	var buf strings.Builder
	cal := &calendars{db: h.db, uidDomain: "atelier.example.org"}
	for _, private := range []bool{false, true} {
		buf.Reset()
		if err := cal.calendar("Club\r\nX-NAME:1", nasty, private, start).SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
			t.Fatal(err)
		}
		body := buf.String()
		checkRFC5545(t, body)
		events := parseFeed(t, body)
		if len(events) != 2 {
			t.Fatalf("private=%v: %d events, want 2:\n%s", private, len(events), body)
		}
		allowed := map[ics.ComponentProperty]bool{
			ics.ComponentPropertyUniqueId: true, ics.ComponentPropertyDtstamp: true, ics.ComponentPropertyLastModified: true,
			ics.ComponentPropertySequence: true, ics.ComponentPropertyDtStart: true, ics.ComponentPropertyDtEnd: true,
			ics.ComponentPropertySummary: true, ics.ComponentPropertyDescription: true, ics.ComponentPropertyLocation: true,
			ics.ComponentPropertyUrl: true, ics.ComponentPropertyStatus: true,
		}
		for id, e := range events {
			for _, p := range e.Properties {
				if !allowed[ics.ComponentProperty(p.IANAToken)] {
					t.Errorf("private=%v: event %s has an injected property %s:%s", private, id, p.IANAToken, p.Value)
				}
			}
		}
		e1 := events[h.uid(1)]
		if got, want := prop(e1, ics.ComponentPropertySummary), "A;B,C\\D\nX-INJECT:1\nEND:VEVENT\nBEGIN:VEVENT"; got != want {
			t.Errorf("SUMMARY %q, want %q", got, want)
		}
		if got, want := prop(e1, ics.ComponentPropertyDescription), "line1\nline2[31mend"; got != want {
			t.Errorf("DESCRIPTION %q, want %q", got, want)
		}
		if got, want := prop(e1, ics.ComponentPropertyLocation), "Room 1\nATTENDEE:mailto:evil@example.org"; got != want {
			t.Errorf("LOCATION %q, want %q", got, want)
		}
		if got := prop(events[h.uid(2)], ics.ComponentPropertySummary); got != strings.Repeat("é", 60) {
			t.Errorf("long SUMMARY %q (folding must not split a character)", got)
		}
		if leaked := strings.Contains(body, "pwd=1"); leaked != private {
			t.Errorf("private=%v: the meeting link in the feed: %v", private, leaked)
		}
		for _, bad := range []string{"\nX-INJECT", "\nATTENDEE", "\nX-LEAK", "\nX-NAME", "\x00", "\x1b", "\x7f"} {
			if strings.Contains(strings.ReplaceAll(body, "\r\n", "\n"), bad) {
				t.Errorf("private=%v: %q reached the feed raw", private, bad)
			}
		}
	}
}

// One calendar address is served limits.calendar_per_minute times a
// minute; more get 429 with Retry-After, and another address is not held
// back by it.
func TestCalendarReadsLimited(t *testing.T) {
	h := newCalendarHarness(t)
	h.do("admin", "workshop create QGIS #gis")
	url := regexp.MustCompile(`http://\S+/calendar/[a-z0-9]+\.ics`).FindString(h.do("alice", "me calendar").Text)
	for i := range calendarReadsPerMinute {
		if code, _ := h.get(url); code != 200 {
			t.Fatalf("read %d: %d", i+1, code)
		}
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("read past the limit: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if code, _ := h.get("/calendar.ics"); code != 200 {
		t.Errorf("the community feed, another address: %d", code)
	}
}

// A series is one event with its rule in its zone's wall clock, the zone
// described (the spring change included), a cancelled occurrence as an
// EXDATE and a moved one as an override: read back with golang-ical.
func TestCalendarSeriesRRule(t *testing.T) {
	h := newCalendarHarness(t)
	h.do("admin", "workshop create Groupe de lecture #ml")
	if got := h.do("admin", "workshop schedule 1 tous les mardis 18h jusqu'au 2027-04-30 1h Salle B").Text; !strings.Contains(got, "Series added") {
		t.Fatalf("schedule: %s", got)
	}
	if got := h.do("admin", "workshop reschedule 1 session 2 2026-12-10 18:00").Text; !strings.Contains(got, "moved") && !strings.Contains(got, "10 Dec") {
		t.Logf("reschedule: %s", got)
	}
	if got := h.do("admin", "workshop unschedule 1 session 3").Text; strings.Contains(got, "cannot") {
		t.Fatalf("unschedule: %s", got)
	}
	code, body := h.get("/calendar.ics")
	if code != 200 {
		t.Fatalf("feed: %d", code)
	}
	checkRFC5545(t, body)
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, body)
	}
	uid := h.db.SeriesToken(1) + "@atelier.example.org"
	var master, moved *ics.VEvent
	for _, e := range cal.Events() {
		if e.Id() != uid {
			t.Errorf("an event of the series outside it: %s", e.Id())
			continue
		}
		if e.GetProperty(ics.ComponentPropertyRecurrenceId) != nil {
			moved = e
		} else {
			master = e
		}
	}
	if master == nil || moved == nil {
		t.Fatalf("master %v, override %v in\n%s", master != nil, moved != nil, body)
	}
	start := master.GetProperty(ics.ComponentPropertyDtStart)
	if start.Value != "20261201T180000" || start.ICalParameters["TZID"][0] != "Europe/Paris" {
		t.Errorf("DTSTART %s %v", start.Value, start.ICalParameters)
	}
	if got := prop(master, ics.ComponentPropertyRrule); got != "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;UNTIL=20270430T215900Z" {
		t.Errorf("RRULE %q", got)
	}
	if got := prop(master, ics.ComponentPropertyExdate); got != "20261215T180000" {
		t.Errorf("EXDATE %q, want the cancelled 15 December", got)
	}
	if got := prop(moved, ics.ComponentPropertyRecurrenceId); got != "20261208T180000" {
		t.Errorf("RECURRENCE-ID %q, want the 8 December occurrence", got)
	}
	if got := prop(moved, ics.ComponentPropertyDtStart); got != "20261210T170000Z" {
		t.Errorf("moved DTSTART %q", got)
	}
	// The zone, with the change of 28 March 2027 at 02:00 (+0100 to +0200).
	tzs := cal.Timezones()
	if len(tzs) != 1 || prop2(tzs[0].ComponentBase, ics.ComponentPropertyTzid) != "Europe/Paris" {
		t.Fatalf("timezones %d", len(tzs))
	}
	spring := false
	for _, c := range tzs[0].Components {
		if d, ok := c.(*ics.Daylight); ok && prop2(d.ComponentBase, ics.ComponentPropertyDtStart) == "20270328T020000" &&
			prop2(d.ComponentBase, ics.ComponentProperty(ics.PropertyTzoffsetfrom)) == "+0100" && prop2(d.ComponentBase, ics.ComponentProperty(ics.PropertyTzoffsetto)) == "+0200" {
			spring = true
		}
	}
	if !spring {
		t.Errorf("no DAYLIGHT observance for 28 March 2027 in\n%s", body)
	}
}

func prop2(c ics.ComponentBase, p ics.ComponentProperty) string {
	if v := c.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}
