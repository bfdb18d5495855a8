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
	(&calendars{db: db, log: log, community: "Club des données", lang: commands.FR, uidDomain: "atelier.example.org"}).mount(mux)
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
	for _, ev := range strings.Split(text, "BEGIN:VEVENT")[1:] {
		for _, want := range []string{"UID:", "DTSTAMP:", "DTSTART:", "DTEND:", "SUMMARY:", "SEQUENCE:", "STATUS:"} {
			if !strings.Contains(ev, "\n"+want) {
				t.Errorf("event lacks %s:\n%s", want, ev)
			}
		}
		if !regexp.MustCompile(`\nDTSTART:\d{8}T\d{6}Z`).MatchString(ev) {
			t.Errorf("DTSTART not in UTC:\n%s", ev)
		}
	}
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
	e1 := events["session-1@atelier.example.org"]
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
	if got := prop(events["session-2@atelier.example.org"], ics.ComponentPropertyUrl); got != "https://meet.example.org/abc" {
		t.Errorf("URL %q", got)
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
	if mine := parseFeed(t, body); len(mine) != 1 || mine["session-1@atelier.example.org"] == nil {
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
	e1 = parseFeed(t, body)["session-1@atelier.example.org"]
	if e1 == nil || prop(e1, ics.ComponentPropertyDtStart) != "20261204T140000Z" || prop(e1, ics.ComponentPropertySequence) == seq0 {
		t.Fatalf("rescheduled event: start %s, sequence %s (was %s)", prop(e1, ics.ComponentPropertyDtStart), prop(e1, ics.ComponentPropertySequence), seq0)
	}

	// Cancelling keeps the UID, bumps SEQUENCE and marks it cancelled.
	before := prop(e1, ics.ComponentPropertySequence)
	h.do("admin", "workshop cancel 1")
	_, body = h.get("/calendar.ics")
	e1 = parseFeed(t, body)["session-1@atelier.example.org"]
	if e1 == nil || prop(e1, ics.ComponentPropertyStatus) != "CANCELLED" || prop(e1, ics.ComponentPropertySequence) == before {
		t.Errorf("cancelled event: %v", e1)
	}

	// One session's file, as the card's button links it.
	code, body = h.get("/calendar/session/2.ics")
	if single := parseFeed(t, body); code != 200 || len(single) != 1 {
		t.Errorf("single event: %d %v", code, single)
	}
	if code, _ := h.get("/calendar/session/99.ics"); code != 404 {
		t.Errorf("unknown session: %d", code)
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
	if len(urls) != 2 || urls[0] != h.srv.URL+"/calendar/session/1.ics" ||
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
	e := parseFeed(t, body)["session-1@atelier.example.org"]
	if e == nil {
		t.Fatalf("no event in %s", body)
	}
	want := "Une journée avec nos amis\n\nCo-organisé avec : Women in Data, Data for Good"
	if got := prop(e, ics.ComponentPropertyDescription); got != want {
		t.Errorf("DESCRIPTION %q, want %q", got, want)
	}
	h.do("admin", "workshop partners 1 none")
	_, body = h.get("/calendar.ics")
	if got := prop(parseFeed(t, body)["session-1@atelier.example.org"], ics.ComponentPropertyDescription); got != "Une journée avec nos amis" {
		t.Errorf("after clearing, DESCRIPTION %q", got)
	}
}
