package commands

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// defaultStatsPeriod is what /atelier stats covers without a period.
const defaultStatsPeriod = "90d"

// stats: "/atelier stats [period]" shows the community's KPIs (staff
// only); "/atelier stats csv [period]" attaches them as a CSV file. The
// figures are defined in storage.Stats and in the help text.
func (r *Router) stats(ctx context.Context, req *Request) (Reply, error) {
	args := req.Args
	if len(args) > 0 && (fold(args[0]) == "skills" || fold(args[0]) == "competences") {
		return r.statsSkills(ctx, req, args[1:])
	}
	if len(args) > 0 && (fold(args[0]) == "retention" || fold(args[0]) == "fidelisation") {
		return r.statsRetention(ctx, req, args[1:])
	}
	asCSV := len(args) > 0 && strings.EqualFold(args[0], "csv")
	if asCSV {
		args = args[1:]
	}
	if len(args) > 1 {
		return Reply{}, errUsage
	}
	period := defaultStatsPeriod
	if len(args) == 1 {
		period = args[0]
	}
	from, to, err := parsePeriod(period, req.Now, r.cfg.Location)
	if err != nil {
		return Reply{}, err
	}
	s, err := r.db.CommunityStats(ctx, from, to)
	if err != nil {
		return Reply{}, err
	}
	if asCSV {
		data, err := statsCSV(s)
		if err != nil {
			return Reply{}, err
		}
		if data, err = r.appendOutcomeRows(ctx, data, from, to); err != nil {
			return Reply{}, err
		}
		if data, err = r.appendPartnerRows(ctx, data, from, to); err != nil {
			return Reply{}, err
		}
		if data, err = r.appendRecruitingRows(ctx, data, from, to); err != nil {
			return Reply{}, err
		}
		if _, cs, err := r.chapterStats(ctx, req.Lang, from, to); err != nil {
			return Reply{}, err
		} else if data, err = appendChapterRows(data, cs); err != nil {
			return Reply{}, err
		}
		if _, f, err := r.attendanceText(ctx, req.Lang, from, to); err != nil {
			return Reply{}, err
		} else if f.Sessions > 0 {
			data = fmt.Appendf(data, "kpi,attendance_sessions_recorded,%d\nkpi,attendance_signups,%d\nkpi,attendance_came,%d\n", f.Sessions, f.Signups, f.Attended)
		}
		name := "atelier-stats-" + r.day(s.From) + "-" + r.day(lastInstant(s.To)) + ".csv"
		return Reply{Text: T(req.Lang, "stats.csv_attached", name), Files: []File{{Name: name, ContentType: "text/csv", Data: data}}}, nil
	}
	outcomes, err := r.outcomeStatsText(ctx, req.Lang, from, to)
	if err != nil {
		return Reply{}, err
	}
	partners, err := r.partnerStatsText(ctx, req.Lang, from, to)
	if err != nil {
		return Reply{}, err
	}
	recruiting, err := r.recruitingStatsText(ctx, req.Lang, from, to)
	if err != nil {
		return Reply{}, err
	}
	attendance, _, err := r.attendanceText(ctx, req.Lang, from, to)
	if err != nil {
		return Reply{}, err
	}
	chapters, _, err := r.chapterStats(ctx, req.Lang, from, to)
	if err != nil {
		return Reply{}, err
	}
	text := r.statsText(req.Lang, s)
	for _, more := range []string{chapters, attendance, outcomes, partners, recruiting} {
		if more != "" {
			text += "\n" + more
		}
	}
	return Reply{Text: text}, nil
}

// day is a date in the community's zone.
func (r *Router) day(t time.Time) string { return t.In(r.cfg.Location).Format("2006-01-02") }

// lastInstant is the last moment inside a period that ends at to.
func lastInstant(to time.Time) time.Time { return to.Add(-time.Nanosecond) }

var (
	relPeriod = regexp.MustCompile(`^(\d{1,4})\s*(d|j|days?|jours?|w|s|weeks?|semaines?|m|mo|months?|mois|y|a|years?|ans?)$`)
	datePair  = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$`)
)

// parsePeriod reads a period ending now, counted back on the community's
// calendar — "30d" (or "30j"), "12w" ("12s"), "6m" ("6mois"), "1y" ("1a") —
// or two dates "2026-01-01..2026-06-30", both days included, in the
// community's zone. It returns [from, to).
func parsePeriod(s string, now time.Time, loc *time.Location) (time.Time, time.Time, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if m := relPeriod.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < 1 {
			return time.Time{}, time.Time{}, userErr("err.period", s)
		}
		local := now.In(loc)
		var from time.Time
		switch m[2][0] {
		case 'd', 'j':
			from = local.AddDate(0, 0, -n)
		case 'w', 's':
			from = local.AddDate(0, 0, -7*n)
		case 'm':
			from = local.AddDate(0, -n, 0)
		default:
			from = local.AddDate(-n, 0, 0)
		}
		return from.UTC(), now.UTC(), nil
	}
	if m := datePair.FindStringSubmatch(s); m != nil {
		a, errA := time.ParseInLocation("2006-01-02", m[1], loc)
		b, errB := time.ParseInLocation("2006-01-02", m[2], loc)
		if errA != nil || errB != nil || b.Before(a) {
			return time.Time{}, time.Time{}, userErr("err.period", s)
		}
		return a.UTC(), b.AddDate(0, 0, 1).UTC(), nil
	}
	return time.Time{}, time.Time{}, userErr("err.period", s)
}

// pct is a share as a whole percentage, "—" when there is nothing to
// divide.
func pct(lang Lang, n, of int) string {
	if of == 0 {
		return "—"
	}
	return T(lang, "stats.pct", int(math.Round(100*float64(n)/float64(of))))
}

// decimal writes x with one decimal, in the reader's language.
func decimal(lang Lang, x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if lang == FR {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func counts(cs []storage.Count, prefix string) string {
	if len(cs) == 0 {
		return "—"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s%s (%d)", prefix, c.Name, c.N)
	}
	return strings.Join(parts, ", ")
}

func (r *Router) statsText(lang Lang, s storage.Stats) string {
	lines := []string{
		T(lang, "stats.header", r.day(s.From), r.day(lastInstant(s.To))),
		T(lang, "stats.problems", s.ProblemsPosted),
		T(lang, "stats.to_workshop", s.ProblemsToWorkshop, pct(lang, s.ProblemsToWorkshop, s.ProblemsPosted)),
	}
	if s.ToFirstSessionCount > 0 {
		lines = append(lines, T(lang, "stats.first_session", decimal(lang, s.MedianToFirstSession.Hours()/24), s.ToFirstSessionCount))
	} else {
		lines = append(lines, T(lang, "stats.first_session_none"))
	}
	lines = append(lines,
		T(lang, "stats.sessions", s.SessionsHeld),
		T(lang, "stats.participants", s.Participations, s.UniqueParticipants))
	if s.WaitlistPeakWorkshop != 0 && s.WaitlistPeak > 0 {
		lines = append(lines, T(lang, "stats.waitlist", s.WaitlistPeak, s.WaitlistPeakWorkshop))
	} else {
		lines = append(lines, T(lang, "stats.waitlist_none"))
	}
	lines = append(lines, T(lang, "stats.retention", pct(lang, s.Returning, s.UniqueParticipants), s.Returning, s.UniqueParticipants))
	if s.FeedbackAnswers > 0 {
		lines = append(lines, T(lang, "stats.feedback", decimal(lang, s.FeedbackMean), s.FeedbackAnswers, pct(lang, s.FeedbackAnswers, s.Participations)))
	} else {
		lines = append(lines, T(lang, "stats.feedback_none"))
	}
	if s.HasJobs {
		lines = append(lines, T(lang, "stats.jobs", s.JobsPosted, s.JobsClosed))
	} else {
		lines = append(lines, T(lang, "stats.jobs_none"))
	}
	lines = append(lines,
		T(lang, "stats.tags", counts(s.TopTags, "#")),
		T(lang, "stats.organisations", counts(s.TopOrganisations, "")),
		T(lang, "stats.footer"))
	return strings.Join(lines, "\n")
}

// appendCSV adds rows to the stats CSV data; what names them in an error.
func appendCSV(data []byte, what string, rows [][]string) ([]byte, error) {
	b := bytes.NewBuffer(data)
	if err := csv.NewWriter(b).WriteAll(rows); err != nil {
		return nil, fmt.Errorf("commands: %s stats csv: %w", what, err)
	}
	return b.Bytes(), nil
}

// safeCell keeps member-typed text from being read as a formula by a
// spreadsheet (CSV injection): a leading = + - @ gets a quote.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// statsCSV writes the KPIs as section,name,value rows for a spreadsheet:
// shares as fractions (0.4167), durations in days, dot decimals, empty
// values where a figure does not exist (no answer, no jobs board).
func statsCSV(s storage.Stats) ([]byte, error) {
	frac := func(n, of int) string {
		if of == 0 {
			return ""
		}
		return strconv.FormatFloat(float64(n)/float64(of), 'f', 4, 64)
	}
	median, mean := "", ""
	if s.ToFirstSessionCount > 0 {
		median = strconv.FormatFloat(s.MedianToFirstSession.Hours()/24, 'f', 2, 64)
	}
	if s.FeedbackAnswers > 0 {
		mean = strconv.FormatFloat(s.FeedbackMean, 'f', 2, 64)
	}
	jobs := func(n int) string {
		if !s.HasJobs {
			return ""
		}
		return strconv.Itoa(n)
	}
	peakWorkshop := ""
	if s.WaitlistPeakWorkshop != 0 {
		peakWorkshop = strconv.FormatInt(s.WaitlistPeakWorkshop, 10)
	}
	itoa := strconv.Itoa
	rows := [][]string{
		{"section", "name", "value"},
		{"period", "from", s.From.UTC().Format(time.RFC3339)},
		{"period", "to", s.To.UTC().Format(time.RFC3339)},
		{"kpi", "problems_posted", itoa(s.ProblemsPosted)},
		{"kpi", "problems_turned_into_workshops", itoa(s.ProblemsToWorkshop)},
		{"kpi", "share_turned_into_workshops", frac(s.ProblemsToWorkshop, s.ProblemsPosted)},
		{"kpi", "median_days_problem_to_first_session", median},
		{"kpi", "problems_with_a_first_session", itoa(s.ToFirstSessionCount)},
		{"kpi", "sessions_held", itoa(s.SessionsHeld)},
		{"kpi", "participations", itoa(s.Participations)},
		{"kpi", "unique_participants", itoa(s.UniqueParticipants)},
		{"kpi", "returning_participants", itoa(s.Returning)},
		{"kpi", "retention", frac(s.Returning, s.UniqueParticipants)},
		{"kpi", "waitlist_peak", itoa(s.WaitlistPeak)},
		{"kpi", "waitlist_peak_workshop", peakWorkshop},
		{"kpi", "feedback_answers", itoa(s.FeedbackAnswers)},
		{"kpi", "feedback_average_score", mean},
		{"kpi", "feedback_response_rate", frac(s.FeedbackAnswers, s.Participations)},
		{"kpi", "jobs_posted", jobs(s.JobsPosted)},
		{"kpi", "jobs_closed", jobs(s.JobsClosed)},
	}
	for _, c := range s.TopTags {
		rows = append(rows, []string{"tag", c.Name, itoa(c.N)})
	}
	for _, c := range s.TopOrganisations {
		rows = append(rows, []string{"organisation", safeCell(c.Name), itoa(c.N)})
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("commands: stats csv: %w", err)
	}
	return b.Bytes(), nil
}
