package commands

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
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
		a := strings.TrimSpace(args[0])
		if y, err := strconv.Atoi(a); err == nil && len(a) == 4 {
			from = time.Date(y, 1, 1, 0, 0, 0, 0, loc)
		} else if d, err := time.ParseInLocation("2006-01-02", a, loc); err == nil {
			from = d
		} else {
			return Reply{}, userErr("err.retention_period", a)
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
		uid, ok := mentionID(who)
		if !ok || org == "" {
			return Reply{}, userErr("err.orgs_line", n+1, line)
		}
		m, err := r.db.FindMember(ctx, storage.Identity{Platform: req.Platform, Workspace: req.Workspace, UserID: uid})
		if storage.ErrorCode(err) == storage.ENOTFOUND && strings.HasPrefix(who, "@") {
			m, err = r.db.MemberNamed(ctx, uid)
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
