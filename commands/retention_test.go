package commands

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// The retention table on the console, checked by hand:
//
//	cohort 2025-01-01, checked 2026-01-01, participants = 2 sessions or more
//	IGN  participants a1…a5, a5 moves to CNRS in May 2025: 4 of 5 (80%)
//	IGN  others: a6 alone: < 5
//	CNRS participants: none: < 5
//	CNRS others c1…c5, c1 leaves in 2025: 4 of 5 (80%)
func TestRetentionScenario(t *testing.T) {
	h := newHarness(t)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	h.now = d(2024, 12, 1)
	var users []string
	for i := 1; i <= 6; i++ {
		users = append(users, fmt.Sprint("a", i))
	}
	for i := 1; i <= 5; i++ {
		users = append(users, fmt.Sprint("c", i))
	}
	h.meet(append(users, "host")...)
	w := storage.Workshop{HostID: h.member("host").ID, Title: "Causal inference"}
	if err := h.db.CreateWorkshop(h.ctx, &w); err != nil {
		t.Fatal(err)
	}
	for _, start := range []time.Time{d(2025, 2, 1), d(2025, 3, 1)} {
		s := storage.Session{WorkshopID: w.ID, Start: start, Duration: time.Hour}
		if err := h.db.AddSession(h.ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	var rows []storage.OrgStart
	for i, u := range users {
		id := h.member(u).ID
		org := "IGN"
		if u[0] == 'c' {
			org = "CNRS"
		}
		rows = append(rows, storage.OrgStart{MemberID: id, Organisation: org, Since: d(2023, 1, 1+i)})
		if u <= "a5" && u[0] == 'a' {
			if _, err := h.db.Join(h.ctx, w.ID, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows = append(rows, storage.OrgStart{MemberID: h.member("a5").ID, Organisation: "CNRS", Since: d(2025, 5, 1)},
		storage.OrgStart{MemberID: h.member("c1").ID, Organisation: "Ailleurs", Since: d(2025, 7, 1)})
	if err := h.db.ImportOrgStarts(h.ctx, rows); err != nil {
		t.Fatal(err)
	}
	h.now = d(2026, 2, 1)

	got := h.text(h.must("admin", "atelier stats retention 2025"))
	wantText(t, got, "members with an organisation on 2025-01-01, and whether they are still with it on 2026-01-01",
		"Participants: 2 sessions or more",
		"• CNRS: participants < 5 · others 4 of 5 still there (80%)",
		"• IGN: participants 4 of 5 still there (80%) · others < 5",
		"never from activity")

	rep := h.must("admin", "atelier stats retention csv 2025")
	if len(rep.Files) != 1 {
		t.Fatalf("no CSV: %s", h.text(rep))
	}
	wantSlice(t, "csv", strings.Split(strings.TrimSpace(string(rep.Files[0].Data)), "\n"), []string{
		"cohort_date,checked_on,organisation,group,members,still_with_organisation,share",
		"2025-01-01,2026-01-01,CNRS,participants_2_sessions_or_more,< 5,< 5,< 5",
		"2025-01-01,2026-01-01,CNRS,others,5,4,0.8000",
		"2025-01-01,2026-01-01,IGN,participants_2_sessions_or_more,5,4,0.8000",
		"2025-01-01,2026-01-01,IGN,others,< 5,< 5,< 5",
	})

	wantText(t, h.text(h.do("admin", "atelier stats retention 2025-06-01")), "can only be counted 12 months later, from 2026-06-01")
	wantText(t, h.text(h.do("admin", "atelier stats retention last-year")), "`last-year` is neither a year")
	// Staff only: a member gets no figure.
	rep = h.do("a1", "atelier stats retention 2025")
	wantNoText(t, h.text(rep), "IGN", "80%", "of 5")
}

// The pasted CSV of start dates: all lines or none, each refusal naming
// its line; the member's current organisation follows.
func TestOrgsImport(t *testing.T) {
	h := newHarness(t)
	h.meet("alice", "bob", "admin")
	before := h.counts()
	wantText(t, h.text(h.do("admin", "atelier orgs @alice, IGN, 2023-09-01; @zed, CNRS, 2024-01-15")), "Line 2: I know no member `@zed`. Nothing was recorded.")
	wantText(t, h.text(h.do("admin", "atelier orgs @alice, IGN, 2023-09-01\n@bob, CNRS")), "Line 2 (`@bob, CNRS`) is not")
	wantText(t, h.text(h.do("admin", "atelier orgs @alice, IGN, 01/09/2023")), "Line 1: `01/09/2023` is not a past date")
	wantCounts(t, "refused imports", h.counts(), before)
	wantText(t, h.text(h.do("alice", "atelier orgs @alice, IGN, 2023-09-01")), "staff")
	wantText(t, h.text(h.must("admin", "atelier orgs @alice, IGN, 2023-09-01; @bob, Météo-France, Toulouse, 2024-01-15; @alice, CNRS, 2025-02-01")),
		"3 start dates recorded for 2 members")
	wantEqual(t, "alice's organisation", h.member("alice").Organisation, "CNRS")
	wantEqual(t, "bob's organisation", h.member("bob").Organisation, "Météo-France, Toulouse")
	hist, err := h.db.OrgHistory(h.ctx, h.member("alice").ID)
	if err != nil || len(hist) != 2 || hist[0].Source != "import" {
		t.Errorf("history: %+v %v", hist, err)
	}
}

// A forgotten member's organisation history stays with their nameless
// tombstone: the retention table's counts do not change, and no name
// shows.
func TestRetentionKeepsForgottenAsCounts(t *testing.T) {
	h := newHarness(t)
	people := []string{"ann", "ben", "cat", "dan", "eve", "fay"}
	h.meet(append([]string{"admin"}, people...)...)
	var lines []string
	for _, u := range people {
		lines = append(lines, "@"+u+", Acme, 2024-01-01")
	}
	h.must("admin", "atelier orgs "+strings.Join(lines, "; "))
	before := h.text(h.must("admin", "atelier stats retention 2024"))
	wantText(t, before, "Acme")
	h.forgetNow("ann")
	after := h.text(h.must("admin", "atelier stats retention 2024"))
	wantEqual(t, "retention after forget", after, before)
	wantNoText(t, after, "ann")
}
