package commands

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/atelier-bot/atelier/storage"
)

// verbRE matches one fmt verb, with an optional explicit argument index.
var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// verbs lists the arguments a format uses as "index:verb", sorted, with
// fmt's rule that a verb after %[n]x takes argument n+1.
func verbs(s string) []string {
	seen := map[string]bool{}
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
		}
		next = i + 1
		seen[fmt.Sprintf("%d:%s", i, m[2])] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sampleArgs gives a value of the right kind for each argument.
func sampleArgs(vs []string) []any {
	var args []any
	for _, v := range vs {
		i, _ := strconv.Atoi(strings.Split(v, ":")[0])
		for len(args) < i {
			args = append(args, nil)
		}
		if strings.HasSuffix(v, ":d") {
			args[i-1] = 7
		} else {
			args[i-1] = "x"
		}
	}
	return args
}

func TestCatalogBothLanguages(t *testing.T) {
	if len(catalog) < 100 {
		t.Fatalf("catalog has %d keys; did it lose its messages?", len(catalog))
	}
	for key, m := range catalog {
		en, fr := m[0], m[1]
		if strings.TrimSpace(en) == "" || strings.TrimSpace(fr) == "" {
			t.Errorf("%s: empty text: en %q, fr %q", key, en, fr)
			continue
		}
		ve, vf := verbs(en), verbs(fr)
		if !slices.Equal(ve, vf) {
			t.Errorf("%s: verbs differ: en %v %q, fr %v %q", key, ve, en, vf, fr)
			continue
		}
		if len(ve) == 0 {
			if strings.Contains(T(EN, key), "%!") || T(FR, key) != fr {
				t.Errorf("%s: T does not return the text as is", key)
			}
			continue
		}
		args := sampleArgs(ve)
		for _, lang := range []Lang{EN, FR} {
			if s := T(lang, key, args...); strings.Contains(s, "%!") {
				t.Errorf("%s (%s): formatting with %v gives %q", key, lang, args, s)
			}
		}
	}
}

func TestCatalogPicksLanguage(t *testing.T) {
	wantEqual(t, "T(EN)", T(EN, "err.staff_only"), "Only staff can do that.")
	wantEqual(t, "T(FR)", T(FR, "err.staff_only"), "Seule l'équipe peut faire cela.")
	wantEqual(t, "T(FR, args)", T(FR, "workshop.waitlisted", 3, 2), "L'atelier #3 est complet : vous êtes numéro 2 sur la liste d'attente. Vous aurez la prochaine place libérée.")
	wantEqual(t, "T(missing)", T(EN, "no.such.key"), "no.such.key")
	wantEqual(t, "Has(err.problem)", Has("err.problem"), true)
	wantEqual(t, "Has(no.such.key)", Has("no.such.key"), false)
}

// Every route has its usage, example and help, in both languages, and its
// example runs the route it documents.
func TestCatalogCoversEveryRoute(t *testing.T) {
	h := newHarness(t)
	routeKeys := map[string]bool{}
	for _, rt := range h.r.Routes() {
		k := rt.Key()
		routeKeys[k] = true
		for _, prefix := range []string{"usage.", "example.", "help."} {
			if !Has(prefix + k) {
				t.Errorf("route %s: no catalog key %s", k, prefix+k)
			}
		}
		for _, lang := range []Lang{EN, FR} {
			ex := T(lang, "example."+k)
			req := &Request{Line: strings.TrimPrefix(ex, "/")}
			got, err := h.r.route(req)
			if err != nil {
				t.Errorf("example %q (%s) does not route: %v", ex, lang, err)
				continue
			}
			wantEqual(t, "route of example "+ex, got.Key(), k)
			if usage := T(lang, "usage."+k); !strings.HasPrefix(usage, "/"+rt.Command) {
				t.Errorf("usage %q (%s) does not start with /%s", usage, lang, rt.Command)
			}
		}
	}
	// No documentation for a route that does not exist.
	for key := range catalog {
		for _, prefix := range []string{"usage.", "example.", "help."} {
			if k, ok := strings.CutPrefix(key, prefix); ok && key != "help.header" && key != "help.staff" && key != "help.example" && !routeKeys[k] {
				t.Errorf("catalog key %s documents no route", key)
			}
		}
	}
}

// storageReasons is every reason storage returns, from
// grep -o 'Errorf(E[A-Z]*, "[a-z_]*"' storage/*.go, plus constraintError's.
var storageReasons = []string{
	"announcement", "announcement_empty", "announcement_too_long",
	"award_categories_missing", "award_category", "award_category_name", "award_category_twice", "award_category_used",
	"award_closed", "award_conflict_named", "award_conflict_organisation", "award_criterion_name", "award_dates_order",
	"award_dates_past", "award_duplicate", "award_edition", "award_jury_not_yet", "award_kind", "award_link",
	"award_name_missing", "award_name_too_long", "award_no_category", "award_no_criterion", "award_no_vote",
	"award_nomination", "award_not_in_category", "award_not_juror", "award_not_open", "award_not_tied", "award_not_yours",
	"award_organisation_missing", "award_over", "award_pitch_missing", "award_pitch_too_long", "award_published",
	"award_reason_missing", "award_reason_too_long", "award_score_range", "award_scores_count", "award_team_name",
	"award_team_too_big", "award_too_many_categories", "award_too_many_criteria", "award_vote_not_yet", "award_voted",
	"award_withdrawn", "calendar_token",
	"capacity", "capacity_below_count", "chapter", "comment_too_long", "consent_no_org", "consent_not_registered", "constraint", "date_order", "description_too_long",
	"feedback_early", "feedback_score", "forget_code", "forget_expired", "forget_used", "headcount_range", "identity",
	"interest_kind", "job", "job_closed", "job_contract", "job_daily_cap", "job_discipline", "job_discipline_too_long",
	"job_expiry_far", "job_expiry_past", "job_level", "job_location_missing", "job_location_too_long", "job_organisation_missing",
	"job_pay_currency", "job_pay_missing", "job_pay_period", "job_pay_range", "job_pay_wide", "job_post_kind", "job_url", "job_url_missing",
	"join_session_cancelled", "join_session_not_series", "join_session_past", "join_session_unknown",
	"link_code", "link_expired", "link_locked", "link_self", "link_used",
	"member", "message_ref", "not_author", "not_author_edit", "not_event_org", "not_org_contact", "not_participant", "not_participant_of", "not_poster", "not_recruiter", "notify_platform", "org_contact", "organisation_empty",
	"organisation_too_long", "outcome", "outcome_kind", "outcome_link", "outcome_not_your_org", "outcome_org",
	"outcome_text_missing", "outcome_text_too_long", "outcome_too_many_orgs", "own_problem", "partner_name", "place_too_long", "problem", "problem_closed",
	"problem_status", "reuse_answer", "reuse_question", "role", "role_staff", "search_empty", "series", "series_count", "series_interval", "series_until", "session", "session_duration",
	"session_past", "skill_level", "stats_period", "tag", "tags_missing", "timezone", "title_missing", "title_too_long",
	"too_many_org_staff", "too_many_partners", "too_many_recruiting_jobs", "too_many_tags", "track", "track_modules", "track_name", "track_not_followed",
	"training", "training_gain", "training_kind", "training_language", "training_minutes", "training_not_done",
	"training_provider_too_long", "training_retired", "training_url", "training_where",
	"workshop", "workshop_closed",
}

func TestCatalogCoversStorageReasons(t *testing.T) {
	// The list above must follow storage: read its sources.
	files, err := filepath.Glob("../storage/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("storage sources: %v, %d files", err, len(files))
	}
	re := regexp.MustCompile(`(?:Errorf\(E[A-Z]+,\s*|Reason:\s*)"([a-z_]+)"`)
	found := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			found[m[1]] = true
		}
	}
	var got []string
	for r := range found {
		got = append(got, r)
	}
	sort.Strings(got)
	wantSlice(t, "storage reasons (update storageReasons)", got, storageReasons)

	for _, r := range storageReasons {
		if !Has("err." + r) {
			t.Errorf("storage reason %q has no catalog key err.%s", r, r)
		}
	}
}

// Each storage refusal becomes its catalog message, limits quoted; an
// internal error becomes "something went wrong" and never shows its text.
func TestErrorTextFromStorage(t *testing.T) {
	r := &Router{}
	for _, c := range []struct {
		err  error
		lang Lang
		want string
	}{
		{storage.Errorf(storage.EINVALID, "title_too_long", "title over"), EN, "The title is too long (200 characters at most)."},
		{storage.Errorf(storage.EINVALID, "description_too_long", "x"), FR, "La description est trop longue (4000 caractères au plus)."},
		{storage.Errorf(storage.EINVALID, "too_many_tags", "x"), EN, "Too many tags (10 at most)."},
		{storage.Errorf(storage.EINVALID, "tag", "x"), EN, "A tag is invalid: letters, digits, - _ . only, 32 characters at most."},
		{storage.Errorf(storage.EINVALID, "place_too_long", "x"), EN, "The place is too long (300 characters at most)."},
		{storage.Errorf(storage.EINVALID, "organisation_too_long", "x"), FR, "Le nom d'organisation est trop long (100 caractères au plus)."},
		{storage.Errorf(storage.EINVALID, "capacity", "x"), EN, "Capacity must be between 1 and 10000, or `unlimited`."},
		{storage.Errorf(storage.EFORBIDDEN, "not_author", "x"), FR, "Seul l'auteur ou l'équipe peut fermer ce problème."},
		{storage.Errorf(storage.ECONFLICT, "constraint", "UNIQUE constraint failed: x"), EN, "That conflicts with existing data; nothing was changed."},
		{storage.Errorf(storage.EINTERNAL, "problem", "x"), EN, T(EN, "err.internal")},
		{storage.Errorf(storage.EINVALID, "no_such_reason", "x"), EN, T(EN, "err.internal")},
		{fmt.Errorf("storage: list problems: %w", os.ErrClosed), FR, T(FR, "err.internal")},
	} {
		got := r.errorText(&Request{Lang: c.lang}, c.err)
		wantEqual(t, fmt.Sprintf("errorText(%v)", c.err), got, c.want)
	}
}

// Every status, role, language, weekday and month a reply can name has
// its words.
func TestCatalogCoversDynamicKeys(t *testing.T) {
	keys := []string{"lang.en", "lang.fr"}
	for _, s := range []string{storage.ProblemOpen, storage.ProblemWorkshop, storage.ProblemSolved, storage.ProblemDuplicate, storage.ProblemStale,
		storage.WorkshopOpen, storage.WorkshopCancelled, storage.WorkshopDone} {
		keys = append(keys, "status."+s)
	}
	for _, k := range []string{storage.NomineeProject, storage.NomineeWorkshop, storage.NomineeCollaboration, storage.NomineeOrganisation} {
		keys = append(keys, "nominee."+k)
	}
	for _, k := range storage.OutcomeKinds {
		keys = append(keys, "outcome.kind."+k, "outcome.word."+k)
	}
	for _, ks := range conflictKeys {
		keys = append(keys, ks[0], ks[1])
	}
	for _, r := range []string{storage.RoleMember, storage.RoleResearcher, storage.RoleStaff} {
		keys = append(keys, "role."+r)
	}
	for d := 0; d < 7; d++ {
		keys = append(keys, fmt.Sprintf("day.%d", d))
	}
	for _, s := range []string{storage.SkillSession, storage.SkillTraining} {
		keys = append(keys, "skills.about."+s)
	}
	for _, a := range []string{storage.ReuseYes, storage.ReuseNotYet, storage.ReuseNo} {
		keys = append(keys, "skills.reuse."+a)
	}
	for n := 1; n <= 4; n++ {
		keys = append(keys, fmt.Sprintf("skills.level%d", n))
	}
	for m := 1; m <= 12; m++ {
		keys = append(keys, fmt.Sprintf("month.%d", m))
	}
	for _, k := range keys {
		if !Has(k) {
			t.Errorf("catalog lacks %s", k)
		}
	}
	// And every literal key the handlers name exists.
	files, _ := filepath.Glob("*.go")
	lit := regexp.MustCompile(`(?:\bT\([a-zA-Z.]+, |userErr\()"([a-z_.]+)"`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "catalog.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			if strings.HasSuffix(m[1], ".") {
				continue // a prefix: the dynamic keys are checked above
			}
			n++
			if !Has(m[1]) {
				t.Errorf("%s names %s, which the catalog lacks", f, m[1])
			}
		}
	}
	if n < 80 {
		t.Errorf("found only %d catalog keys in the handlers; is the pattern stale?", n)
	}
}
