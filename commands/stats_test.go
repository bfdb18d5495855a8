package commands

import (
	"database/sql"
	"strings"
	"testing"
	"time"
)

// at moves the harness clock to a UTC time.
func (h *harness) at(s string) {
	h.t.Helper()
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		h.t.Fatal(err)
	}
	h.now = t
}

// rawDB opens the harness's database file beside the bot's pools, for what
// no command does: rows of a feature seeded directly, and a search of every
// column.
func (h *harness) rawDB() *sql.DB {
	h.t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+h.db.Path()+"?_busy_timeout=5000")
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { raw.Close() })
	return raw
}

// seedHistory writes six months of community life through the router; the
// figures each period must show are worked out in TestStats.
//
//	alice CNRS, bob Inria, carol CNRS, dave (no organisation), erin Inria
//	05-10 P1 alice #timeseries #python (never a workshop)
//	06-01 P2 bob #gis #python → 06-02 W1 (2 seats), S1 06-12 12:00 UTC, 2h
//	06-03 alice, carol seated; dave, erin waiting (peak 2)
//	06-05 carol leaves: dave promoted; S1: alice, dave
//	06-13 feedback S1: alice 5, dave 4 "great hands-on"
//	07-01 P3 carol #gis → 07-02 W2 (no limit), S2 07-20 08:00, S3 08-03 08:00
//	07-03 alice, bob join W2; 07-25 carol joins (S3 only)
//	08-04 feedback S2 alice 4; S3 bob 3, carol 2
//	09-01 P4 dave #rust (never a workshop)
//	10-01 W3 "R meetup" #r (1 seat), S4 10-15 16:00, S5 10-20 (cancelled
//	      10-16), S6 12-05 (to come); alice seated, bob waiting (peak 1)
//	10-16 feedback S4 alice 5
//	11-20 P5 erin #python → W4, cancelled
//	jobs (rows): J1 06-15 Inria #python closed 07-01; J2 10-05 CNRS #gis;
//	      J3 11-01 Acme closed 11-10
func seedHistory(h *harness) {
	h.t.Helper()
	h.at("2026-05-01 08:00")
	h.meet("admin", "alice", "bob", "carol", "dave", "erin")
	for u, org := range map[string]string{"alice": "CNRS", "bob": "Inria", "carol": "CNRS", "erin": "Inria"} {
		h.must(u, "me org "+org)
	}
	h.at("2026-05-10 10:00")
	h.postProblem("alice", "Missing values | Gaps of hours #timeseries #python")
	h.at("2026-06-01 09:00")
	h.postProblem("bob", "Reprojecting rasters | EPSG:2154 to 4326 #gis #python")
	h.at("2026-06-02 09:00")
	h.createWorkshop("from #2 capacity 2")
	h.must("admin", "workshop schedule #1 2026-06-12 14:00 2h Room A")
	h.at("2026-06-03 09:00")
	for _, u := range []string{"alice", "carol", "dave", "erin"} {
		h.must(u, "workshop join #1")
	}
	h.at("2026-06-05 09:00")
	h.must("carol", "workshop leave #1")
	h.at("2026-06-13 09:00")
	h.must("alice", "feedback 1 5")
	h.must("dave", "feedback 1 4 great hands-on")
	h.at("2026-07-01 09:00")
	h.postProblem("carol", "Tiles for a web map | Vector or raster? #gis")
	h.at("2026-07-02 09:00")
	h.createWorkshop("from #3")
	h.must("admin", "workshop schedule #2 2026-07-20 10:00 1h Room B")
	h.must("admin", "workshop schedule #2 2026-08-03 10:00 1h Room B")
	h.at("2026-07-03 09:00")
	h.must("alice", "workshop join #2")
	h.must("bob", "workshop join #2")
	h.at("2026-07-25 09:00")
	h.must("carol", "workshop join #2")
	h.at("2026-08-04 09:00")
	h.must("alice", "feedback 2 4")
	h.must("bob", "feedback 3 3")
	h.must("carol", "feedback 3 2")
	h.at("2026-09-01 09:00")
	h.postProblem("dave", "Rust borrow checker fights | Lifetimes everywhere #rust")
	h.at("2026-10-01 09:00")
	h.createWorkshop("capacity 1 R meetup #r")
	h.must("admin", "workshop schedule #3 2026-10-15 18:00 1h Room C")
	h.must("admin", "workshop schedule #3 2026-10-20 18:00 1h Room C")
	h.must("alice", "workshop join #3")
	h.must("bob", "workshop join #3")
	h.at("2026-10-16 09:00")
	h.must("admin", "workshop unschedule #3")
	h.must("admin", "workshop schedule #3 2026-12-05 10:00 1h Room C")
	h.must("alice", "feedback 4 5")
	h.at("2026-11-20 09:00")
	h.postProblem("erin", "Pandas memory | Too big for RAM #python")
	h.createWorkshop("from #5")
	h.must("admin", "workshop cancel #4")

	raw := h.rawDB()
	for _, q := range []string{
		`INSERT INTO jobs (id, poster_id, title, organisation, contract, level, location, remote, apply_url, status, expires_at, created_at, updated_at, closed_at) VALUES
			(1, 3, 'Data engineer', 'Inria', 'permanent', 'junior', 'Paris', 0, 'https://inria.example/1', 'closed', 1784000000, 1781481600, 1782864000, 1782864000),
			(2, 4, 'GIS postdoc', 'CNRS', 'postdoc', 'phd', 'Lyon', 0, 'https://cnrs.example/2', 'open', 1793000000, 1791158400, 1791158400, NULL),
			(3, 3, 'Intern', 'Acme', 'internship', 'student', '', 1, 'https://acme.example/3', 'closed', 1795000000, 1793491200, 1794268800, 1794268800)`,
		`INSERT INTO job_tags (job_id, tag) VALUES (1, 'python'), (2, 'gis')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			h.t.Fatalf("seed jobs: %v", err)
		}
	}
	h.at("2026-11-27 09:30")
}

func TestStatsPeriodsExact(t *testing.T) {
	h := newHarness(t)
	seedHistory(h)
	// The job rows' times, as written above.
	wantEqual(t, "J1 posted", time.Unix(1781481600, 0).UTC().Format("01-02"), "06-15")
	wantEqual(t, "J1 closed", time.Unix(1782864000, 0).UTC().Format("01-02"), "07-01")
	wantEqual(t, "J2 posted", time.Unix(1791158400, 0).UTC().Format("01-02"), "10-05")
	wantEqual(t, "J3 posted", time.Unix(1793491200, 0).UTC().Format("01-02"), "11-01")
	wantEqual(t, "J3 closed", time.Unix(1794268800, 0).UTC().Format("01-02"), "11-10")

	footer := "How each figure is counted: `/atelier help atelier`. As a spreadsheet: `/atelier stats csv`."
	for _, c := range []struct {
		line string
		want []string
	}{
		{"atelier stats 6m", []string{
			"Community statistics from 2026-05-27 to 2026-11-27",
			"Problems posted: 4",
			"Turned into workshops: 2 (50%)",
			// P2: 06-01 09:00 → S1 06-12 12:00 is 11.125 days; P3: 07-01
			// 09:00 → S2 07-20 08:00 is 18.958 days; the median of two is
			// their mean, 15.04.
			"Median time from problem to first session: 15.0 days (over 2 problems)",
			"Sessions held: 4",
			// S1 alice, dave; S2 alice, bob; S3 alice, bob, carol; S4 alice.
			"Participants: 8 (unique: 4)",
			"Waitlist peak: 2 (workshop #1)",
			// Only alice took part in two workshops.
			"Retention: 25% (1 of 4 came back for another workshop)",
			// 5, 4, 4, 3, 2, 5: 23/6.
			"Feedback: average 3.8/5 over 6 answers, response rate 75%",
			"Jobs: 3 posted, 2 closed",
			// gis: P2, P3, W1, W2, J2; python: P2, P5, W1, J1.
			"Most active tags: #gis (5), #python (4), #r (1), #rust (1)",
			// CNRS: P3 + alice ×4 + carol ×1 + J2; Inria: P2, P5, bob ×2, J1.
			"Most active organisations: CNRS (7), Inria (5), Acme (1)",
			footer}},
		{"atelier stats", []string{
			"Community statistics from 2026-08-29 to 2026-11-27",
			"Problems posted: 2",
			"Turned into workshops: 0 (0%)", // W4 was cancelled
			"Median time from problem to first session: — (no problem of the period has had a session)",
			"Sessions held: 1", // S5 cancelled, S6 to come
			"Participants: 1 (unique: 1)",
			"Waitlist peak: 1 (workshop #3)",
			"Retention: 100% (1 of 1 came back for another workshop)",
			"Feedback: average 5.0/5 over 1 answers, response rate 100%",
			"Jobs: 2 posted, 1 closed",
			"Most active tags: #gis (1), #python (1), #r (1), #rust (1)",
			"Most active organisations: CNRS (2), Acme (1), Inria (1)",
			footer}},
		{"atelier stats 2026-06-01..2026-06-30", []string{
			"Community statistics from 2026-06-01 to 2026-06-30",
			"Problems posted: 1",
			"Turned into workshops: 1 (100%)",
			"Median time from problem to first session: 11.1 days (over 1 problems)",
			"Sessions held: 1",
			"Participants: 2 (unique: 2)",
			"Waitlist peak: 2 (workshop #1)",
			"Retention: 0% (0 of 2 came back for another workshop)", // alice's second workshop is in July
			"Feedback: average 4.5/5 over 2 answers, response rate 100%",
			"Jobs: 1 posted, 0 closed",
			"Most active tags: #python (3), #gis (2)",
			"Most active organisations: Inria (2), CNRS (1)",
			footer}},
		{"atelier stats 2026-01-01..2026-03-31", []string{
			"Community statistics from 2026-01-01 to 2026-03-31",
			"Problems posted: 0",
			"Turned into workshops: 0 (—)",
			"Median time from problem to first session: — (no problem of the period has had a session)",
			"Sessions held: 0",
			"Participants: 0 (unique: 0)",
			"Waitlist peak: 0",
			"Retention: — (0 of 0 came back for another workshop)",
			"Feedback: no answer",
			"Jobs: 0 posted, 0 closed",
			"Most active tags: —",
			"Most active organisations: —",
			footer}},
	} {
		rep := h.must("admin", c.line)
		wantEqual(t, c.line, rep.Text, strings.Join(c.want, "\n"))
	}
	// A year reaches P1 too.
	wantText(t, h.must("admin", "atelier stats 1y").Text, "Problems posted: 5\n", "Turned into workshops: 2 (40%)\n")
	// In French, with French units and decimals.
	h.must("admin", "me language fr")
	wantText(t, h.must("admin", "atelier statistiques 6mois").Text,
		"Statistiques de la communauté du 2026-05-27 au 2026-11-27\n",
		"Devenus des ateliers : 2 (50 %)\n",
		"Délai médian du problème à la première séance : 15,0 jours (sur 2 problèmes)\n",
		"Avis : moyenne 3,8/5 sur 6 réponses, taux de réponse 75 %\n")
}

func TestStatsCSV(t *testing.T) {
	h := newHarness(t)
	seedHistory(h)
	rep := h.must("admin", "atelier stats csv 6m")
	wantEqual(t, "text", rep.Text, "Statistics attached: atelier-stats-2026-05-27-2026-11-27.csv")
	if len(rep.Files) != 1 {
		t.Fatalf("files = %d", len(rep.Files))
	}
	f := rep.Files[0]
	wantEqual(t, "name", f.Name, "atelier-stats-2026-05-27-2026-11-27.csv")
	wantEqual(t, "type", f.ContentType, "text/csv")
	wantEqual(t, "csv", string(f.Data), strings.Join([]string{
		"section,name,value",
		"period,from,2026-05-27T08:30:00Z",
		"period,to,2026-11-27T09:30:00Z",
		"kpi,problems_posted,4",
		"kpi,problems_turned_into_workshops,2",
		"kpi,share_turned_into_workshops,0.5000",
		"kpi,median_days_problem_to_first_session,15.04",
		"kpi,problems_with_a_first_session,2",
		"kpi,sessions_held,4",
		"kpi,participations,8",
		"kpi,unique_participants,4",
		"kpi,returning_participants,1",
		"kpi,retention,0.2500",
		"kpi,waitlist_peak,2",
		"kpi,waitlist_peak_workshop,1",
		"kpi,feedback_answers,6",
		"kpi,feedback_average_score,3.83",
		"kpi,feedback_response_rate,0.7500",
		"kpi,jobs_posted,3",
		"kpi,jobs_closed,2",
		"tag,gis,5",
		"tag,python,4",
		"tag,r,1",
		"tag,rust,1",
		"organisation,CNRS,7",
		"organisation,Inria,5",
		"organisation,Acme,1",
		""}, "\n"))
}

func TestStatsRefusals(t *testing.T) {
	h := newHarness(t)
	h.meet("admin", "alice")
	before := h.counts()
	for _, c := range []struct{ user, line, want string }{
		{"alice", "atelier stats", "Only staff can do that."},
		{"alice", "atelier stats csv", "Only staff can do that."},
		{"admin", "atelier stats soon", "I cannot read the period `soon`."},
		{"admin", "atelier stats 0d", "I cannot read the period `0d`."},
		{"admin", "atelier stats 2026-06-30..2026-06-01", "I cannot read the period `2026-06-30..2026-06-01`."},
		{"admin", "atelier stats 2026-02-30..2026-03-01", "I cannot read the period `2026-02-30..2026-03-01`."},
		{"admin", "atelier stats 30d 60d", "Usage: `/atelier stats [csv] [30d|90d|6m|1y|2026-01-01..2026-06-30]`"},
	} {
		rep := h.do(c.user, c.line)
		if !strings.HasPrefix(rep.Text, c.want) || len(rep.Files) != 0 {
			t.Errorf("%s: %q = %q, want it to start with %q", c.user, c.line, rep.Text, c.want)
		}
	}
	wantCounts(t, "refused stats", h.counts(), before)
}

func TestParsePeriod(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 3, 30, 10, 0, 0, 0, time.UTC) // the day after the clocks went forward
	for _, c := range []struct{ in, from, to string }{
		{"30d", "2026-02-28T11:00:00Z", "2026-03-30T10:00:00Z"}, // 12:00 in Paris both days, across the change of clocks
		{"1j", "2026-03-29T10:00:00Z", "2026-03-30T10:00:00Z"},
		{"2w", "2026-03-16T11:00:00Z", "2026-03-30T10:00:00Z"},
		{"6m", "2025-09-30T10:00:00Z", "2026-03-30T10:00:00Z"},
		{"6mois", "2025-09-30T10:00:00Z", "2026-03-30T10:00:00Z"},
		{"1y", "2025-03-30T10:00:00Z", "2026-03-30T10:00:00Z"},
		{"1an", "2025-03-30T10:00:00Z", "2026-03-30T10:00:00Z"},
		{"2026-03-01..2026-03-31", "2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z"},
	} {
		from, to, err := parsePeriod(c.in, now, paris)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		wantEqual(t, c.in+" from", from.Format(time.RFC3339), c.from)
		wantEqual(t, c.in+" to", to.Format(time.RFC3339), c.to)
	}
}
