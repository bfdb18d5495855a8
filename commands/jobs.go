package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/atelier-bot/atelier/storage"
)

// The jobs board: member companies post offers (young PhDs above all),
// members list and search them, posters close or renew them. New offers
// go to the jobs channel of every platform, and to the members whose
// interests they match.

// fieldError names the form input a refusal is about (see fieldOf).
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

func onField(field string, err error) error {
	if err == nil {
		return nil
	}
	return &fieldError{field: field, err: err}
}

// jobInput is a post as typed: each field's text.
type jobInput struct {
	title, organisation, contract, level, location, url, expires string
	tags                                                         []string
	// extras are the typed parts after the apply link: a pay range,
	// "discipline: …" and the days listed, in any order.
	extras     []string
	pay        storage.Pay
	discipline string
}

// The fields of a post, in the order they are asked.
var jobFields = []string{"title", "organisation", "contract", "level", "location", "url"}

// jobsPost: "/jobs post <title> | <organisation> | <contract> | <level> |
// <location or remote> | <apply URL> [| <days or YYYY-MM-DD>] #tags", or a
// form (see jobForm).
func (r *Router) jobsPost(ctx context.Context, req *Request) (Reply, error) {
	var in jobInput
	var err error
	if len(req.Fields) > 0 {
		in, err = jobFromFields(req)
	} else {
		if reply, ok := form(req, jobForm); ok {
			return reply, nil
		}
		if strings.TrimSpace(req.Rest) == "" {
			return Reply{}, errUsage
		}
		in, err = jobFromText(req.Rest)
	}
	if err != nil {
		return Reply{}, err
	}
	j, err := jobOf(req, in, r.cfg.Location)
	if err != nil {
		return Reply{}, err
	}
	// The reply is the poster's own, with Renew and Close: the jobs
	// channels get the card even when the offer was posted in one.
	posts := r.channelPosts("jobs", "", req, false)
	matched, err := r.db.CreateJob(ctx, &j, posts)
	if err != nil {
		return Reply{}, r.jobErr(ctx, req, err)
	}
	j.PosterName = req.Member.DisplayName
	text := T(req.Lang, "jobs.posted", j.ID, TimeMark(j.ExpiresAt))
	if len(posts) > 0 {
		text += "\n" + T(req.Lang, "jobs.posted_channels")
	}
	if matched > 0 {
		text += "\n" + T(req.Lang, "match.told", matched)
	}
	return Reply{Text: text, Cards: []Card{r.jobCardFor(req, j)}}, nil
}

// jobFromText splits the typed form: trailing #tags, then fields separated
// by '|'. A field left out or empty is named.
func jobFromText(rest string) (jobInput, error) {
	words := strings.Fields(rest)
	i := len(words)
	for i > 0 && strings.HasPrefix(words[i-1], "#") && len(words[i-1]) > 1 && !isNumber(words[i-1][1:]) {
		i--
	}
	tags, err := tagsArg(words[i:])
	if err != nil {
		return jobInput{}, err
	}
	text := rest
	for j := len(words) - 1; j >= i; j-- {
		text = strings.TrimSuffix(strings.TrimSpace(text), words[j])
	}
	parts := strings.Split(text, "|")
	if len(parts) > len(jobFields)+3 {
		return jobInput{}, errUsage
	}
	for len(parts) < len(jobFields) {
		parts = append(parts, "")
	}
	get := func(k int) string { return strings.TrimSpace(parts[k]) }
	in := jobInput{title: get(0), organisation: get(1), contract: get(2), level: get(3), location: get(4), url: get(5), tags: tags}
	for k := len(jobFields); k < len(parts); k++ {
		in.extras = append(in.extras, get(k))
	}
	return in, nil
}

// jobFromFields reads a form. The form has five inputs (Discord's limit):
// the title carries the #tags, and "contract" holds the contract, the
// level and, optionally, the days listed ("postdoc junior 45"). Separate
// "tags", "level" and "expires" fields are read too, for surfaces with
// one option each.
func jobFromFields(req *Request) (jobInput, error) {
	in := jobInput{organisation: req.Field("organisation"), location: req.Field("location"), url: req.Field("url"),
		contract: req.Field("contract"), level: req.Field("level"), expires: req.Field("expires"), discipline: req.Field("discipline")}
	// The pay rides in the terms ("postdoc phd 45 50-60k€"), or in a
	// field of its own where a surface has one.
	if p := req.Field("pay"); p != "" {
		var ok bool
		if in.pay, ok = readPay(p); !ok {
			return in, onField("pay", userErr("err.job_pay_named", p))
		}
	} else {
		in.contract, in.pay, _ = findPay(in.contract)
	}
	title, _, tags, err := textForm(req.Field("title"))
	if err != nil {
		return in, onField("title", err)
	}
	in.title = title
	more, err := tagsArg([]string{req.Field("tags")})
	if err != nil {
		return in, onField("tags", err)
	}
	in.tags = storage.NormalizeTags(append(tags, more...))
	if len(in.tags) > storage.MaxTags {
		return in, onField("title", userErr("err.too_many_tags", storage.MaxTags))
	}
	if _, ok := req.Fields["level"]; !ok {
		c, l, e, err := splitTerms(in.contract)
		if err != nil {
			return in, onField("contract", err)
		}
		in.contract, in.level = c, l
		if e != "" {
			in.expires = e
		}
	}
	return in, nil
}

// splitTerms reads "postdoc junior 45": a contract, a level and days (or
// a date), in any order; "phd phd" is a PhD position for PhDs.
func splitTerms(s string) (contract, level, expires string, err error) {
	toks := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",;·/|", r) })
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+1 < len(toks) { // "fixed term", "post doc", "full time"
			two := t + toks[i+1]
			if _, ok := contractWord(two); ok && contract == "" {
				contract, i = two, i+1
				continue
			}
		}
		_, isContract := contractWord(t)
		_, isLevel := levelWord(t)
		switch {
		case isContract && contract == "":
			contract = t
		case isLevel && level == "":
			level = t
		case expires == "" && (startsWithDigit(t) || strings.HasPrefix(t, "-")):
			expires = t
			// "45 days", "45 jours"
			if i+1 < len(toks) && isDayWord(toks[i+1]) {
				i++
			}
		default:
			return "", "", "", userErr("err.job_term", t)
		}
	}
	return contract, level, expires, nil
}

// jobOf checks that every field is there and reads the words, naming the
// first field missing or wrong.
func jobOf(req *Request, in jobInput, community *time.Location) (storage.Job, error) {
	lang := req.Lang
	j := storage.Job{PosterID: req.Member.ID, Title: in.title, Organisation: in.organisation, Tags: in.tags}
	vals := map[string]string{"title": in.title, "organisation": in.organisation, "contract": in.contract,
		"level": in.level, "location": in.location, "url": in.url}
	for _, f := range jobFields {
		if vals[f] == "" {
			return j, onField(formFieldOf(f), userErr("err.job_missing", T(lang, "jobs.field."+f)))
		}
	}
	var ok bool
	if j.Contract, ok = contractWord(in.contract); !ok {
		return j, onField("contract", userErr("err.job_contract_named", in.contract))
	}
	if j.Level, ok = levelWord(in.level); !ok {
		return j, onField(formFieldOf("level"), userErr("err.job_level_named", in.level))
	}
	j.Location, j.Remote = readLocation(in.location)
	if err := storage.CheckApplyURL(in.url); err != nil {
		return j, onField("url", userErr("err.job_url_named", in.url))
	}
	j.ApplyURL = in.url
	if len(j.Tags) == 0 {
		return j, onField(formFieldOf("tags"), userErr("err.tags_missing"))
	}
	j.Pay, j.Discipline, j.PostKind = in.pay, in.discipline, postKindOf(in.contract, j.Contract)
	for _, x := range in.extras {
		if p, ok := readPay(x); ok && !j.Pay.Given() {
			j.Pay = p
		} else if d, ok := readDiscipline(x); ok && j.Discipline == "" {
			j.Discipline = d
		} else if x == "" {
			continue
		} else if in.expires == "" {
			in.expires = x // read below, refused there when it is not days or a date
		} else {
			return j, userErr("err.job_extra", x)
		}
	}
	if in.expires != "" {
		days, err := parseExpiry(in.expires, dateParser(req))
		if err != nil {
			return j, onField(formFieldOf("expires"), err)
		}
		j.ExpiresAt = req.Now.Add(time.Duration(days) * 24 * time.Hour)
		if expiryIsDate(in.expires) {
			// A date means the end of that day in the community's zone: an
			// offer "until the 15th" is listed all of the 15th, wherever
			// its reader is. The days were counted from the poster's
			// today (dateParser reads dates in their zone), which need not
			// be the community's: the date is found from theirs.
			loc, typed := community, req.Loc
			if loc == nil {
				loc = time.UTC
			}
			if typed == nil {
				typed = time.UTC
			}
			y, m, d := req.Now.In(typed).Date()
			j.ExpiresAt = time.Date(y, m, d+days+1, 0, 0, 0, 0, loc).UTC()
		}
	}
	return j, nil
}

// formFieldOf is the input of the job form that holds a field: the form
// folds the level and the days into "contract" and the tags into "title".
func formFieldOf(f string) string {
	switch f {
	case "level", "expires", "pay":
		return "contract"
	case "tags":
		return "title"
	}
	return f
}

// fold lowers s, drops accents, spaces, dashes and dots: "Post-doc",
// "postdoc" and "post doc" read the same, as do "thèse" and "these".
func fold(s string) string {
	s = folder.Replace(strings.ToLower(strings.TrimSpace(s)))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '.' || unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
}

// contractWords and levelWords accept both languages' words.
var contractWords = map[string]string{
	"permanent": storage.ContractPermanent, "cdi": storage.ContractPermanent, "tenure": storage.ContractPermanent, "tenured": storage.ContractPermanent,
	"fixedterm": storage.ContractFixedTerm, "fixed": storage.ContractFixedTerm, "cdd": storage.ContractFixedTerm, "temporary": storage.ContractFixedTerm,
	"internship": storage.ContractInternship, "intern": storage.ContractInternship, "stage": storage.ContractInternship,
	"phd": storage.ContractPhD, "these": storage.ContractPhD, "doctorat": storage.ContractPhD, "cifre": storage.ContractPhD, "phdposition": storage.ContractPhD,
	"industrialphd": storage.ContractPhD, "theseindustrielle": storage.ContractPhD, "thesecifre": storage.ContractPhD, "doctoratindustriel": storage.ContractPhD, "industrialdoctorate": storage.ContractPhD,
	"postdoc": storage.ContractPostdoc, "postdoctoral": storage.ContractPostdoc, "postdoctorat": storage.ContractPostdoc,
	"freelance": storage.ContractFreelance, "freelancer": storage.ContractFreelance, "contractor": storage.ContractFreelance,
	"independant": storage.ContractFreelance, "independante": storage.ContractFreelance,
}

var levelWords = map[string]string{
	"student": storage.LevelStudent, "etudiant": storage.LevelStudent, "etudiante": storage.LevelStudent,
	"junior": storage.LevelJunior, "debutant": storage.LevelJunior, "debutante": storage.LevelJunior, "entrylevel": storage.LevelJunior, "graduate": storage.LevelJunior,
	"phd": storage.LevelPhD, "docteur": storage.LevelPhD, "docteure": storage.LevelPhD, "doctor": storage.LevelPhD, "phdholder": storage.LevelPhD,
	"senior": storage.LevelSenior, "confirme": storage.LevelSenior, "confirmee": storage.LevelSenior, "experienced": storage.LevelSenior, "expert": storage.LevelSenior,
}

func contractWord(s string) (string, bool) { c, ok := contractWords[fold(s)]; return c, ok }
func levelWord(s string) (string, bool)    { l, ok := levelWords[fold(s)]; return l, ok }

// remoteOnly are the ways to say the job is remote and nowhere else;
// remoteWords those that say remote work is possible.
var (
	remoteOnly  = map[string]bool{"remote": true, "fullremote": true, "fullyremote": true, "remoteonly": true, "100%remote": true, "teletravail": true, "teletravailcomplet": true, "100%teletravail": true, "distanciel": true, "adistance": true, "enteletravail": true}
	remoteWords = []string{"remote", "teletravail", "distanciel", "adistance"}
)

// readLocation reads "Lyon", "remote" or "Lyon or remote".
func readLocation(s string) (location string, remote bool) {
	f := fold(s)
	if remoteOnly[f] {
		return "", true
	}
	for _, w := range remoteWords {
		if strings.Contains(f, w) {
			return s, true
		}
	}
	return s, false
}

func isDayWord(s string) bool {
	switch fold(s) {
	case "d", "day", "days", "j", "jour", "jours":
		return true
	}
	return false
}

// expiryIsDate tells a date ("2027-01-15", "15 janvier") from a number of
// days ("45", "45 jours").
func expiryIsDate(s string) bool {
	t := strings.TrimSpace(s)
	num := strings.TrimRightFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsSpace(r) })
	if num != "" && num != t && isDayWord(strings.TrimSpace(t[len(num):])) {
		return false
	}
	_, err := strconv.Atoi(strings.TrimSpace(t))
	return err != nil
}

// parseExpiry reads how long a job stays listed: a number of days ("45",
// "45d", "45 jours") or a date ("2027-01-15", "15/01/2027"), counted in
// calendar days from today in loc. The bounds are storage's to judge.
func parseExpiry(s string, dp DateParser) (int, error) {
	now, loc := dp.Now, dp.Loc
	t := strings.TrimSpace(s)
	num := strings.TrimRightFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsSpace(r) })
	if num != "" && num != t && !isDayWord(strings.TrimSpace(t[len(num):])) {
		num = ""
	}
	if num == "" {
		num = t
	}
	if n, err := strconv.Atoi(strings.TrimSpace(num)); err == nil {
		if n > 100000 || n < -100000 {
			return 0, userErr("err.job_expiry_bad", s)
		}
		return n, nil
	}
	if loc == nil {
		loc = time.UTC
	}
	// A date with a year may be past: storage says so with its own message.
	if d, err := dp.ParseDate(t); err == nil || errors.Is(err, ErrPastTime) {
		if err != nil {
			d = pastDate(t, dp)
		}
		today := now.In(loc)
		start := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
		n := int(d.Sub(start).Hours() / 24) // saturates far away: refused as too far
		return max(min(n, 100000), -100000), nil
	}
	return 0, userErr("err.job_expiry_bad", s)
}

// jobErr turns storage's refusals that quote limits or times into their
// messages, on the form input at fault.
func (r *Router) jobErr(ctx context.Context, req *Request, err error) error {
	lim := r.db.JobLimits()
	switch storage.ErrorReason(err) {
	case "job_daily_cap":
		used, next, qerr := r.db.JobQuota(ctx, req.Member.ID)
		if qerr != nil {
			return err
		}
		return userErr("err.job_daily_cap_until", used, TimeMark(next))
	case "job_expiry_far":
		return onField(formFieldOf("expires"), userErr("err.job_expiry_far_max", lim.MaxDays, TimeMark(req.Now.Add(time.Duration(lim.MaxDays)*24*time.Hour))))
	case "job_expiry_past":
		return onField(formFieldOf("expires"), err)
	case "job_location_too_long":
		return onField("location", userErr("err.job_location_too_long_max", storage.MaxJobLocation))
	case "organisation_too_long":
		return onField("organisation", err)
	case "job_pay_missing", "job_pay_range", "job_pay_wide", "job_pay_currency", "job_pay_period":
		return onField(formFieldOf("pay"), err)
	case "tag", "too_many_tags", "tags_missing":
		return onField(formFieldOf("tags"), err)
	}
	return err
}

// jobsList: "/jobs list [#tag] [level] [contract] [remote]".
func (r *Router) jobsList(ctx context.Context, req *Request) (Reply, error) {
	args, page, err := pageArg(req.Args)
	if err != nil {
		return Reply{}, err
	}
	var f storage.JobFilter
	var shown []string
	for _, a := range args {
		c, isContract := contractWord(a)
		l, isLevel := levelWord(a)
		switch {
		case strings.HasPrefix(a, "#"):
			tags, err := tagsArg([]string{a})
			if err != nil {
				return Reply{}, err
			}
			if len(tags) != 1 || f.Tag != "" {
				return Reply{}, errUsage
			}
			f.Tag = tags[0]
			shown = append(shown, "#"+f.Tag)
		case isContract && isLevel: // "phd": both
			f.PhD = true
			shown = append(shown, T(req.Lang, "level."+l))
		case isContract && f.Contract == "":
			f.Contract = c
			shown = append(shown, T(req.Lang, "contract."+c))
		case isLevel && f.Level == "":
			f.Level = l
			shown = append(shown, T(req.Lang, "level."+l))
		case remoteOnly[fold(a)]:
			f.Remote = true
			shown = append(shown, T(req.Lang, "jobs.remote"))
		default:
			return Reply{}, userErr("err.jobs_filter", a)
		}
	}
	js, info, err := r.db.JobsPage(ctx, f, "", page)
	if err != nil {
		return Reply{}, err
	}
	if info.Total == 0 {
		return Reply{Text: T(req.Lang, "jobs.list_empty")}, nil
	}
	header := T(req.Lang, "jobs.list")
	if len(shown) > 0 {
		header = T(req.Lang, "jobs.list_filtered", strings.Join(shown, " · "))
	}
	again := strings.TrimSpace("jobs list " + strings.Join(args, " "))
	return Reply{Text: header + "\n" + jobLines(req.Lang, js), Cards: pageCard(req.Lang, info, again)}, nil
}

// jobsSearch: "/jobs search <words>".
func (r *Router) jobsSearch(ctx context.Context, req *Request) (Reply, error) {
	words, page, err := searchArgs(req)
	if err != nil {
		return Reply{}, err
	}
	js, info, err := r.db.JobsPage(ctx, storage.JobFilter{}, words, page)
	if storage.ErrorReason(err) == "search_empty" {
		return Reply{}, errUsage
	}
	if err != nil {
		return Reply{}, err
	}
	if info.Total == 0 {
		return Reply{Text: T(req.Lang, "jobs.search_empty", words)}, nil
	}
	return Reply{Text: T(req.Lang, "jobs.search", words) + "\n" + jobLines(req.Lang, js), Cards: pageCard(req.Lang, info, "jobs search "+words)}, nil
}

func jobLines(lang Lang, js []storage.Job) string {
	var b strings.Builder
	for _, j := range js {
		fmt.Fprintf(&b, "• #%d %s · %s · %s · %s · %s", j.ID, j.Title, j.Organisation,
			T(lang, "contract."+j.Contract), T(lang, "level."+j.Level), jobPlace(lang, j))
		if len(j.Tags) > 0 {
			b.WriteString(" · " + hashTags(j.Tags))
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// jobsShow: "/jobs show <id>".
func (r *Router) jobsShow(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	j, err := r.db.Job(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Cards: []Card{r.jobCardFor(req, j)}}, nil
}

// jobsClose: "/jobs close <id>" (its poster or staff).
func (r *Router) jobsClose(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	j, err := r.db.CloseJob(ctx, id, req.Member)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "jobs.closed", j.ID, j.Title), Refresh: []Entity{{storage.KindJob, j.ID}}}, nil
}

// jobsRenew: "/jobs renew <id>" (its poster or staff), also the button of
// the expiry warning.
func (r *Router) jobsRenew(ctx context.Context, req *Request) (Reply, error) {
	id, err := oneID(req)
	if err != nil {
		return Reply{}, err
	}
	j, err := r.db.RenewJob(ctx, id, req.Member)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: T(req.Lang, "jobs.renewed", j.ID, j.Title, TimeMark(j.ExpiresAt)), Refresh: []Entity{{storage.KindJob, j.ID}}}, nil
}

// jobCardFor is a job's card for the member asking: its poster and staff
// also get Renew and Close.
func (r *Router) jobCardFor(req *Request, j storage.Job) Card {
	c := JobCard(req.Lang, j, req.Now)
	if j.Status == storage.JobOpen && (j.PosterID == req.Member.ID || req.Member.IsStaff()) {
		c.Buttons = append(c.Buttons,
			Button{Label: T(req.Lang, "button.renew"), Line: fmt.Sprintf("jobs renew %d", j.ID)},
			Button{Label: T(req.Lang, "button.close_job"), Line: fmt.Sprintf("jobs close %d", j.ID), Style: "danger"})
	}
	return c
}

// jobPlace is where the job is: its location as typed, or "Remote".
func jobPlace(lang Lang, j storage.Job) string {
	if j.Location == "" {
		return T(lang, "jobs.remote")
	}
	return j.Location
}

// JobCard is a job's public card at now: what, who, where, until when,
// and an Apply button to the offer while it is listed. The scheduler
// posts it to the jobs channels.
func JobCard(lang Lang, j storage.Job, now time.Time) Card {
	c := Card{
		Entity: Entity{storage.KindJob, j.ID},
		Title:  fmt.Sprintf("#%d · %s", j.ID, j.Title),
		Fields: []Field{
			{T(lang, "label.organisation"), j.Organisation},
			{T(lang, "label.contract"), T(lang, "contract."+j.Contract)},
			{T(lang, "label.level"), T(lang, "level."+j.Level)},
			{T(lang, "label.location"), jobPlace(lang, j)},
		},
	}
	if j.Pay.Given() {
		c.Fields = append(c.Fields, Field{T(lang, "label.pay"), formatPay(lang, j.Pay)})
	}
	if j.PostKind != "" {
		c.Fields = append(c.Fields, Field{T(lang, "label.post_kind"), T(lang, "post."+j.PostKind)})
	}
	if j.Discipline != "" {
		c.Fields = append(c.Fields, Field{T(lang, "label.discipline"), j.Discipline})
	}
	if len(j.Tags) > 0 {
		c.Fields = append(c.Fields, Field{T(lang, "label.tags"), hashTags(j.Tags)})
	}
	switch {
	case j.Status == storage.JobClosed:
		c.Fields = append(c.Fields, Field{T(lang, "label.status"), T(lang, "status.job_closed")})
	case j.Expired(now):
		c.Fields = append(c.Fields, Field{T(lang, "label.status"), T(lang, "status.job_expired", TimeMark(j.ExpiresAt))})
	default:
		c.Fields = append(c.Fields, Field{T(lang, "label.expires"), TimeMark(j.ExpiresAt)})
		c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.apply"), URL: j.ApplyURL, Style: "primary"})
	}
	c.Buttons = append(c.Buttons, Button{Label: T(lang, "button.details"), Line: fmt.Sprintf("jobs show %d", j.ID)})
	if j.PosterName != "" {
		c.Footer = T(lang, "jobs.footer_by", j.ID, j.PosterName)
	} else {
		c.Footer = T(lang, "jobs.footer", j.ID)
	}
	return c
}

// JobExpiringMessage is the poster's warning that a job leaves the board
// soon, with Renew (by renewDays) and Close buttons.
func JobExpiringMessage(lang Lang, j storage.Job, renewDays int) (string, Card) {
	text := T(lang, "jobs.expiring", j.ID, j.Title, TimeMark(j.ExpiresAt), renewDays)
	c := Card{
		Entity: Entity{storage.KindJob, j.ID},
		Title:  fmt.Sprintf("#%d · %s", j.ID, j.Title),
		Fields: []Field{{T(lang, "label.organisation"), j.Organisation}, {T(lang, "label.expires"), TimeMark(j.ExpiresAt)}},
		Buttons: []Button{
			{Label: T(lang, "button.renew"), Line: fmt.Sprintf("jobs renew %d", j.ID), Style: "primary"},
			{Label: T(lang, "button.close_job"), Line: fmt.Sprintf("jobs close %d", j.ID), Style: "danger"},
			{Label: T(lang, "button.details"), Line: fmt.Sprintf("jobs show %d", j.ID)},
		},
		Footer: T(lang, "jobs.expiring_footer"),
	}
	return text, c
}

// jobForm is the dialog of /jobs post: five inputs, Discord's most.
func jobForm(lang Lang) *Form {
	return &Form{
		Line:   "jobs post",
		Title:  T(lang, "form.job.title"),
		Submit: T(lang, "form.submit.post"),
		Inputs: []Input{
			{Name: "title", Label: T(lang, "form.label.job_title"), Kind: InputText, Required: true, MaxLen: storage.MaxTitle + 100, Placeholder: T(lang, "form.ph.job_title")},
			{Name: "organisation", Label: T(lang, "form.label.organisation"), Kind: InputText, Required: true, MaxLen: storage.MaxOrganisation, Placeholder: T(lang, "form.ph.organisation")},
			{Name: "contract", Label: T(lang, "form.label.terms"), Kind: InputText, Required: true, MaxLen: 60, Placeholder: T(lang, "form.ph.terms")},
			{Name: "location", Label: T(lang, "form.label.location"), Kind: InputText, Required: true, MaxLen: storage.MaxJobLocation, Placeholder: T(lang, "form.ph.location")},
			{Name: "url", Label: T(lang, "form.label.url"), Kind: InputText, Required: true, MaxLen: storage.MaxJobURL, Placeholder: "https://"},
		},
	}
}

// pastDate is the calendar date of a dated expiry that has passed, read
// with "now" far back, so that the refusal can say it is in the past.
func pastDate(s string, dp DateParser) time.Time {
	dp.Now = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	d, err := dp.ParseDate(s)
	if err != nil {
		return time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}
