package commands

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// MinGroup is the smallest group a figure is given for: below it, replies
// and CSV say "< 5", so that no member can be singled out.
const MinGroup = 5

// statsRetention: "/atelier stats retention [csv] [year or cohort date]".
// The cohort is every member the organisation history places with an
// organisation on the cohort date; they are counted again 12 months later.
func (r *Router) statsRetention(ctx context.Context, req *Request, args []string) (Reply, error) {
	asCSV := len(args) > 0 && strings.EqualFold(args[0], "csv")
	if asCSV {
		args = args[1:]
	}
	if len(args) > 1 {
		return Reply{}, errUsage
	}
	loc := r.cfg.Location
	local := req.Now.In(loc)
	from := time.Date(local.Year()-1, local.Month(), local.Day(), 0, 0, 0, 0, loc)
	if len(args) == 1 {
		var ok bool
		if from, ok = yearFrom(args[0], loc); !ok {
			return Reply{}, userErr("err.retention_period", strings.TrimSpace(args[0]))
		}
	}
	to := from.AddDate(1, 0, 0)
	if to.After(req.Now) {
		return Reply{}, userErr("err.retention_early", r.day(from), r.day(to))
	}
	min := r.cfg.RetentionMinSessions
	if min <= 0 {
		min = 2
	}
	ret, err := r.db.RetentionAt(ctx, from.UTC(), to.UTC(), min)
	if err != nil {
		return Reply{}, err
	}
	if asCSV {
		data, err := retentionCSV(ret, r.day)
		if err != nil {
			return Reply{}, err
		}
		name := "atelier-retention-" + r.day(from) + ".csv"
		return Reply{Text: T(req.Lang, "stats.csv_attached", name), Files: []File{{Name: name, ContentType: "text/csv", Data: data}}}, nil
	}
	lang := req.Lang
	lines := []string{T(lang, "retention.header", r.day(from), r.day(to), min), T(lang, "retention.caveat", MinGroup)}
	if len(ret.Rows) == 0 {
		lines = append(lines, T(lang, "retention.none"))
	}
	for _, row := range ret.Rows {
		lines = append(lines, T(lang, "retention.row", row.Organisation,
			groupText(lang, row.Participants), groupText(lang, row.NonParticipants)))
	}
	// The second source, side by side: what the organisations say.
	hr, err := r.headcountText(ctx, lang)
	if err != nil {
		return Reply{}, err
	}
	if hr != "" {
		lines = append(lines, hr)
	}
	return Reply{Text: strings.Join(lines, "\n")}, nil
}

// groupText is "4 of 5 still there (80%)", or "< 5" for a small group.
func groupText(lang Lang, g storage.RetentionGroup) string {
	if g.Members < MinGroup {
		return T(lang, "retention.small", MinGroup)
	}
	return T(lang, "retention.group", g.Kept, g.Members, pct(lang, g.Kept, g.Members))
}

// retentionCSV has one line per organisation and group; a group under
// MinGroup has "< 5" in each of its figures.
func retentionCSV(ret storage.Retention, day func(time.Time) string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"cohort_date", "checked_on", "organisation", "group", "members", "still_with_organisation", "share"}}
	for _, row := range ret.Rows {
		for _, g := range []struct {
			name string
			g    storage.RetentionGroup
		}{{fmt.Sprintf("participants_%d_sessions_or_more", ret.MinSessions), row.Participants}, {"others", row.NonParticipants}} {
			members, kept, share := strconv.Itoa(g.g.Members), strconv.Itoa(g.g.Kept), ""
			if g.g.Members < MinGroup {
				members, kept, share = fmt.Sprintf("< %d", MinGroup), fmt.Sprintf("< %d", MinGroup), fmt.Sprintf("< %d", MinGroup)
			} else {
				share = strconv.FormatFloat(float64(g.g.Kept)/float64(g.g.Members), 'f', 4, 64)
			}
			rows = append(rows, []string{day(ret.From), day(ret.To), safeCell(row.Organisation), g.name, members, kept, share})
		}
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("commands: retention csv: %w", err)
	}
	return buf.Bytes(), nil
}

// orgsImport: "/atelier orgs <@member>, <organisation>, <YYYY-MM-DD>", one
// line per start date (staff): the CSV of member organisations and start
// dates, pasted. All lines are recorded, or none.
func (r *Router) orgsImport(ctx context.Context, req *Request) (Reply, error) {
	text := strings.TrimSpace(req.Rest)
	if text == "" {
		return Reply{}, errUsage
	}
	var rows []storage.OrgStart
	members := map[int64]bool{}
	for n, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == ';' }) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, ",")
		if len(parts) < 3 {
			return Reply{}, userErr("err.orgs_line", n+1, line)
		}
		who, date := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[len(parts)-1])
		org := strings.TrimSpace(strings.Join(parts[1:len(parts)-1], ","))
		if org == "" {
			return Reply{}, userErr("err.orgs_line", n+1, line)
		}
		m, err := r.memberOf(ctx, req, who)
		if errors.Is(err, errNotAMention) {
			return Reply{}, userErr("err.orgs_line", n+1, line)
		}
		if storage.ErrorCode(err) == storage.ENOTFOUND {
			return Reply{}, userErr("err.orgs_member", n+1, who)
		}
		if err != nil {
			return Reply{}, err
		}
		since, err := time.ParseInLocation("2006-01-02", date, r.cfg.Location)
		if err != nil || since.After(req.Now) {
			return Reply{}, userErr("err.orgs_date", n+1, date)
		}
		rows = append(rows, storage.OrgStart{MemberID: m.ID, Organisation: org, Since: since.UTC()})
		members[m.ID] = true
	}
	if len(rows) == 0 {
		return Reply{}, errUsage
	}
	if err := r.db.ImportOrgStarts(ctx, rows); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "orgs.imported", len(rows), len(members))}, nil
}

var errNotAMention = errors.New("commands: not a mention")

// memberOf finds the member a staff command names: a platform mention, or
// "@name" as lists show it.
func (r *Router) memberOf(ctx context.Context, req *Request, who string) (storage.Member, error) {
	uid, ok := mentionID(who)
	if !ok {
		return storage.Member{}, errNotAMention
	}
	m, err := r.db.FindMember(ctx, storage.Identity{Platform: req.Platform, Workspace: req.Workspace, UserID: uid})
	if storage.ErrorCode(err) == storage.ENOTFOUND && strings.HasPrefix(who, "@") {
		m, err = r.db.MemberNamed(ctx, uid)
	}
	return m, err
}

var halfYear = regexp.MustCompile(`^\d{4}-H[12]$`)

// orgContacts: "/atelier hr" lists the organisations' HR contacts; "/atelier
// hr <@member>, <organisation>" makes one (staff).
func (r *Router) orgContacts(ctx context.Context, req *Request) (Reply, error) {
	if text := strings.TrimSpace(req.Rest); text != "" {
		who, org, ok := strings.Cut(text, ",")
		org = strings.TrimSpace(org)
		if !ok || org == "" {
			return Reply{}, errUsage
		}
		m, err := r.memberOf(ctx, req, strings.TrimSpace(who))
		if errors.Is(err, errNotAMention) {
			return Reply{}, errUsage
		}
		if storage.ErrorCode(err) == storage.ENOTFOUND {
			return Reply{}, userErr("err.hr_member", strings.TrimSpace(who))
		}
		if err != nil {
			return Reply{}, err
		}
		if err := r.db.SetOrgContact(ctx, org, m.ID); err != nil {
			return Reply{}, err
		}
		return Reply{Text: T(req.Lang, "hr.set", m.DisplayName, org)}, nil
	}
	cs, err := r.db.OrgContacts(ctx)
	if err != nil {
		return Reply{}, err
	}
	if len(cs) == 0 {
		return Reply{Text: T(req.Lang, "hr.none")}, nil
	}
	lines := []string{T(req.Lang, "hr.list")}
	for _, c := range cs {
		lines = append(lines, "• "+c.Organisation+": "+c.Name)
	}
	return Reply{Text: strings.Join(lines, "\n")}, nil
}

// headcount: "/atelier headcount <2027-H1> <headcount> <departures>
// <organisation>", the HR contact's answer (or staff's).
func (r *Router) headcount(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 4 {
		return Reply{}, errUsage
	}
	period := strings.ToUpper(req.Args[0])
	if !halfYear.MatchString(period) {
		return Reply{}, userErr("err.hr_period", req.Args[0])
	}
	n, err1 := strconv.Atoi(req.Args[1])
	d, err2 := strconv.Atoi(req.Args[2])
	if err1 != nil || err2 != nil || n < 0 || d < 0 {
		return Reply{}, userErr("err.hr_figures", req.Args[1]+" "+req.Args[2])
	}
	org := restAfter(req.Rest, 3)
	if err := r.db.RecordHeadcount(ctx, storage.Headcount{Organisation: org, Period: period, Headcount: n, Departures: d}, req.Member); err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "hr.recorded", org, period, n, d)}, nil
}

// HeadcountAsk is the question an organisation's HR contact gets twice a
// year.
func HeadcountAsk(lang Lang, org, period string) string {
	return T(lang, "hr.ask", org, period, period, org)
}

// headcountText is the retention reply's second source: the figures the
// organisations' HR contacts gave, latest half-year of each.
func (r *Router) headcountText(ctx context.Context, lang Lang) (string, error) {
	hs, err := r.db.Headcounts(ctx)
	if err != nil || len(hs) == 0 {
		return "", err
	}
	lines := []string{T(lang, "hr.figures")}
	seen := map[string]bool{}
	for _, h := range hs {
		if seen[h.Organisation] {
			continue
		}
		seen[h.Organisation] = true
		lines = append(lines, T(lang, "hr.figures_row", h.Organisation, h.Period, h.Headcount, h.Departures, pct(lang, h.Departures, h.Headcount)))
	}
	return strings.Join(lines, "\n"), nil
}

// yearFrom reads the start of a year-long period: "2025" is that calendar
// year, "2025-09-01" the year from that day, both in loc.
func yearFrom(arg string, loc *time.Location) (time.Time, bool) {
	a := strings.TrimSpace(arg)
	if y, err := strconv.Atoi(a); err == nil && len(a) == 4 {
		return time.Date(y, 1, 1, 0, 0, 0, 0, loc), true
	}
	if d, err := time.ParseInLocation("2006-01-02", a, loc); err == nil {
		return d, true
	}
	return time.Time{}, false
}
