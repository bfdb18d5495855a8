package commands

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// on runs a line as a member's account on Slack or Discord.
func (h *harness) on(platform, user, name, line string) Reply {
	h.t.Helper()
	ws := map[string]string{"slack": "T1", "discord": "G1"}[platform]
	return h.r.Handle(h.ctx, &Request{Platform: platform, Workspace: ws, UserID: user, UserName: name, Channel: "C1", Line: line})
}

func (h *harness) mustOn(platform, user, name, line string) Reply {
	h.t.Helper()
	rep := h.on(platform, user, name, line)
	if isRefusal(rep) {
		h.t.Fatalf("%s %s: %q refused: %s", platform, user, line, rep.Text)
	}
	return rep
}

// linkCode asks for a link code and returns it as shown.
func linkCode(t *testing.T, rep Reply) string {
	t.Helper()
	_, after, ok := strings.Cut(rep.Text, "Your code: *")
	code, _, ok2 := strings.Cut(after, "*")
	if !ok || !ok2 || len(code) != 17 {
		t.Fatalf("no code in %q", rep.Text)
	}
	return code
}

func TestExport(t *testing.T) {
	h := newHarness(t)
	seedHistory(h)
	h.must("alice", "me interests add #gis #python")
	// A ✋ on a posted card, which forget would erase, is exported too.
	if err := h.r.SaveMessage(h.ctx, "console", "console", "m9", Entity{Kind: storage.KindWorkshop, ID: 1}); err != nil {
		t.Fatal(err)
	}
	if err := h.db.RecordReaction(h.ctx, storage.MessageRef{Platform: "console", Channel: "console", MessageID: "m9"}, "alice", true); err != nil {
		t.Fatal(err)
	}
	rep := h.must("alice", "atelier export")
	wantEqual(t, "text", rep.Text, "Here is everything the community holds about you: atelier-my-data-2026-11-27.json (only you see this).")
	wantEqual(t, "public", rep.Public, false)
	if len(rep.Files) != 1 || rep.Files[0].ContentType != "application/json" || rep.Files[0].Name != "atelier-my-data-2026-11-27.json" {
		t.Fatalf("files = %+v", rep.Files)
	}
	var e storage.Export
	if err := json.Unmarshal(rep.Files[0].Data, &e); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, rep.Files[0].Data)
	}
	wantEqual(t, "name", e.Profile.DisplayName, "alice")
	wantEqual(t, "organisation", e.Profile.Organisation, "CNRS")
	wantEqual(t, "accounts", len(e.Accounts), 1)
	wantEqual(t, "account", e.Accounts[0], storage.ExportAccount{Platform: "console", Workspace: "local", UserID: "alice"})
	wantSlice(t, "interests", e.Interests, []string{"gis", "python"})
	if len(e.Reactions) != 1 || e.Reactions[0].Message != "m9" || e.Reactions[0].Item != "workshop 1" || e.EventInterest == nil {
		t.Errorf("reactions %+v, event interest %+v", e.Reactions, e.EventInterest)
	}
	wantEqual(t, "problems", len(e.Problems), 1)
	wantEqual(t, "problem", e.Problems[0].Title+" | "+e.Problems[0].Description, "Missing values | Gaps of hours")
	wantSlice(t, "problem tags", e.Problems[0].Tags, []string{"python", "timeseries"})
	var parts []string
	for _, p := range e.Participations {
		parts = append(parts, p.WorkshopTitle+":"+p.State)
	}
	wantSlice(t, "participations", parts, []string{"Reprojecting rasters:joined", "Tiles for a web map:joined", "R meetup:joined"})
	wantEqual(t, "sessions of workshop 3", len(e.Participations[2].Sessions), 3)
	var fb []string
	for _, f := range e.Feedback {
		fb = append(fb, f.WorkshopTitle+":"+string(rune('0'+*f.Score)))
	}
	wantSlice(t, "feedback", fb, []string{"Reprojecting rasters:5", "Tiles for a web map:4", "R meetup:5"})
	if e.Jobs != nil {
		t.Errorf("alice posted no job: %v", e.Jobs)
	}

	// Bob's export has his jobs and his feedback comment is his own to see.
	var b storage.Export
	if err := json.Unmarshal(h.must("dave", "atelier export").Files[0].Data, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Feedback) != 1 || b.Feedback[0].Comment != "great hands-on" || *b.Feedback[0].Score != 4 {
		t.Errorf("dave's feedback = %+v", b.Feedback)
	}
	if err := json.Unmarshal(h.must("bob", "atelier export").Files[0].Data, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Jobs) != 2 || b.Jobs[0]["title"] != "Data engineer" || b.Jobs[1]["apply_url"] != "https://acme.example/3" {
		t.Errorf("bob's jobs = %v", b.Jobs)
	}
	if tags, _ := b.Jobs[0]["tags"].([]any); len(tags) != 1 || tags[0] != "python" {
		t.Errorf("job tags = %v", b.Jobs[0]["tags"])
	}
	wantEqual(t, "usage", h.do("alice", "atelier export everything").Text, "Usage: `/atelier export`\nExample: `/atelier export`")
}

// TestForget: after forget, no row of any table (full-text tables and
// their shadows included) holds the member's name, platform ids or free
// text, the file itself does not either, and every KPI is unchanged.
func TestForget(t *testing.T) {
	h := newHarness(t)
	h.db.Reminders = storage.ReminderPolicy{Offsets: []time.Duration{time.Hour}}
	seedHistory(h)
	// Dave: a Slack account linked to his console one, interests, reminders
	// off, a seat with a reminder queued, a search index that holds his
	// problem, a job, reactions recorded.
	code := linkCode(t, h.must("dave", "atelier link"))
	h.mustOn("slack", "UDAVE7", "Dave Slack", "atelier link "+code)
	h.must("dave", "me interests add #rust #wasm")
	h.must("dave", "me reminders off")
	h.must("dave", "me reminders on")
	h.must("dave", "workshop join #3") // waitlisted behind bob
	h.must("dave", "problem interested #5")
	if got := h.must("alice", "problem search borrow"); !strings.Contains(replyText(got), "Rust borrow checker fights") {
		t.Fatalf("search before forget: %s", replyText(got))
	}
	raw := h.rawDB()
	if _, err := raw.Exec(`INSERT INTO jobs (poster_id, title, organisation, contract, level, location, remote, apply_url, status, expires_at, created_at, updated_at)
		VALUES (5, 'Wasm wizard wanted', 'Inria', 'freelance', 'senior', 'Daveville', 0, 'https://example.org/dave-jobs', 'open', 1800000000, 1793491200, 1793491200)`); err != nil {
		t.Fatal(err)
	}
	// As the jobs board indexes it before a search.
	if _, err := raw.Exec(`INSERT INTO jobs_fts (docid, title, organisation, location, tags) VALUES (4, 'Wasm wizard wanted', 'Inria', 'Daveville', '')`); err != nil {
		t.Fatal(err)
	}
	if err := h.db.RecordReaction(h.ctx, storage.MessageRef{Platform: "slack", Channel: "C1", MessageID: "1.1"}, "UDAVE7", true); err == nil {
		t.Fatal("reaction on an unknown message was recorded")
	}
	if err := h.r.SaveMessage(h.ctx, "slack", "C1", "1.1", Entity{Kind: storage.KindWorkshop, ID: 3}); err != nil {
		t.Fatal(err)
	}
	if err := h.db.RecordReaction(h.ctx, storage.MessageRef{Platform: "slack", Channel: "C1", MessageID: "1.1"}, "UDAVE7", true); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"dave", "UDAVE7", "Rust borrow checker", "borrow", "Lifetimes", "great hands-on", "wasm", "Wasm wizard", "Daveville", "dave-jobs"}
	if n := findStrings(t, h, secrets); n == 0 {
		t.Fatal("the seed holds none of dave's strings: the search proves nothing")
	}
	// The figures are read an hour after the forget, before and after it:
	// read in the forget's own second, a close stamped then falls outside
	// the period and a wrong count would go unseen.
	statsLater := func(line string) []byte {
		h.t.Helper()
		h.now = h.now.Add(time.Hour)
		defer func() { h.now = h.now.Add(-time.Hour) }()
		return h.must("admin", line).Files[0].Data
	}
	stats6m, stats90 := statsLater("atelier stats csv 6m"), statsLater("atelier stats csv")

	// Asking gives a code and a button; a wrong or stale code deletes nothing.
	before := h.counts()
	rep := h.must("dave", "atelier forget")
	wantEqual(t, "ask", rep.Text, "Do you want the community to forget you? This cannot be undone.")
	c := h.card(rep)
	wantEqual(t, "button style", c.Buttons[0].Style, "danger")
	fcode := strings.TrimPrefix(c.Buttons[0].Line, "atelier forget confirm ")
	if len(fcode) != 6 || c.Buttons[0].Line != "atelier forget confirm "+fcode {
		t.Fatalf("button line %q", c.Buttons[0].Line)
	}
	wantText(t, c.Footer, "Press the button or type `/atelier forget confirm "+fcode+"` before")
	for _, x := range []struct{ user, line, want string }{
		{"dave", "atelier forget confirm ABCDEF", "That confirmation code is not valid. Type `/atelier forget` to get one."},
		{"alice", "atelier forget confirm " + fcode, "That confirmation code is not valid. Type `/atelier forget` to get one."},
		{"dave", "atelier forget yes", "Usage: `/atelier forget [confirm <code>]`\nExample: `/atelier forget`"},
	} {
		wantEqual(t, x.line, h.do(x.user, x.line).Text, x.want)
	}
	h.now = h.now.Add(storage.ForgetCodeTTL)
	wantEqual(t, "expired", h.do("dave", "atelier forget confirm "+fcode).Text,
		"That confirmation has expired; nothing was deleted. Type `/atelier forget` again if you still want to.")
	h.now = h.now.Add(-storage.ForgetCodeTTL)
	after := h.counts()
	wantEqual(t, "alice's refused try adds only her own row", after["members"], before["members"])
	delete(before, "member_codes")
	delete(after, "member_codes")
	wantCounts(t, "refused forget", after, before)

	// Confirmed (the button, as an adapter presses it).
	rep = h.press("dave", c.Buttons[0])
	wantEqual(t, "forgotten", rep.Text, "Done: the community has forgotten you. If you write again, you will start as a new member.")
	var refresh []string
	for _, e := range rep.Refresh {
		refresh = append(refresh, e.Kind+":"+strconv.FormatInt(e.ID, 10))
	}
	// His problem, the one he marked, the workshops he sat or waits in, his job.
	wantSlice(t, "refresh", refresh, []string{"problem:4", "problem:5", "workshop:1", "workshop:3", "job:4"})
	if n := findStrings(t, h, secrets); n != 0 {
		t.Errorf("%d cells still hold dave's strings", n)
	}
	// Not even in free pages of the file, or its WAL.
	for _, f := range []string{h.db.Path(), h.db.Path() + "-wal"} {
		data, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, s := range []string{"UDAVE7", "Lifetimes everywhere", "great hands-on", "Wasm wizard", "dave-jobs"} {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s still holds %q", f, s)
			}
		}
	}
	// Every KPI is the same: a forgotten participant still counts.
	// His open offer is closed by the forget, not by him or staff: "jobs
	// closed" does not count it.
	wantEqual(t, "stats 6m after forget", string(statsLater("atelier stats csv 6m")), string(stats6m))
	wantEqual(t, "stats 90d after forget", string(statsLater("atelier stats csv")), string(stats90))
	// Workshop 1 still seats two, one of them without a name.
	w := h.workshop(1)
	wantSlice(t, "workshop 1", names(w.Participants), []string{"alice", storage.ForgottenName})
	p := h.problem(4)
	wantEqual(t, "problem 4", p.Title+"|"+p.Description+"|"+p.AuthorName+"|"+p.Status, "—||—|stale")
	wantEqual(t, "problem 5 interested", h.problem(5).Interested, 1)
	// Search no longer finds it.
	wantEqual(t, "search", h.must("alice", "problem search borrow").Text, "No problem matches “borrow”.")
	// Writing again makes a new member, with nothing of the old one.
	m := h.member("dave")
	if m.ID == 5 || len(m.Interests) != 0 {
		t.Errorf("dave came back as %+v", m)
	}
	again := h.mustOn("slack", "UDAVE7", "Dave", "me")
	if !strings.Contains(replyText(again), "Dave") {
		t.Errorf("slack dave = %s", replyText(again))
	}
}

// findStrings counts the cells of every table, full-text tables and their
// shadow tables included, that contain one of the strings (case folded).
func findStrings(t *testing.T, h *harness, ss []string) int {
	t.Helper()
	raw := h.rawDB()
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	found := 0
	fts := 0
	for _, table := range tables {
		if strings.HasSuffix(table, "_fts") {
			fts++
		}
		crows, err := raw.Query(`SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		var cols []string
		for crows.Next() {
			var c string
			crows.Scan(&c)
			cols = append(cols, c)
		}
		crows.Close()
		if len(cols) == 0 {
			t.Fatalf("table %s has no columns?", table)
		}
		for _, col := range cols {
			for _, s := range ss {
				var n int
				q := `SELECT COUNT(*) FROM "` + table + `" WHERE instr(lower(CAST("` + col + `" AS TEXT)), lower(?)) > 0`
				if err := raw.QueryRow(q, s).Scan(&n); err != nil {
					t.Fatalf("%s.%s: %v", table, col, err)
				}
				if n > 0 {
					t.Logf("%s.%s: %d rows hold %q", table, col, n, s)
					found += n
				}
			}
		}
	}
	if fts < 2 {
		t.Fatalf("found %d full-text tables in %q", fts, tables)
	}
	return found
}
