package storage

import (
	"strings"
	"testing"
	"time"
)

func validJob(poster int64) Job {
	return Job{PosterID: poster, Title: "Data scientist", Organisation: "CHU", Contract: ContractFixedTerm, Level: LevelPhD,
		Location: "Lyon", ApplyURL: "https://chu.example/j", Tags: []string{"nlp"},
		Pay: Pay{Min: 40000, Max: 48000, Currency: "EUR", Period: PayYear}}
}

func TestCheckApplyURL(t *testing.T) {
	for _, c := range []struct {
		url, reason string
	}{
		{"https://chu.example/jobs/42?ref=atelier#apply", ""},
		{"http://localhost:8080/j", ""},
		{"https://xn--donnes-bva.example/j", ""},
		{"", "job_url_missing"},
		{"chu.example/jobs", "job_url"},
		{"ftp://chu.example/jobs", "job_url"},
		{"mailto:rh@chu.example", "job_url"},
		{"javascript:alert(1)", "job_url"},
		{"https://", "job_url"},
		{"https:///path", "job_url"},
		{"https://chu .example/j", "job_url"},
		{"https://chu.example/a b", "job_url"},
		{"https://chu.example/\tb", "job_url"},
		{"https://user:pw@evil.example/", "job_url"},
		{"https://good.example@evil.example/", "job_url"},
		{"https://.example/", "job_url"},
		{"https://" + strings.Repeat("a", MaxJobURL) + ".example", "job_url"},
	} {
		err := CheckApplyURL(c.url)
		if ErrorReason(err) != c.reason || (c.reason == "") != (err == nil) {
			t.Errorf("CheckApplyURL(%q) = %v, want reason %q", c.url, err, c.reason)
		}
	}
}

// Every refusal names its reason and writes nothing.
func TestCreateJobRefusals(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	before := mustCounts(t, db)
	for _, c := range []struct {
		edit         func(*Job)
		code, reason string
	}{
		{func(j *Job) { j.Title = "  " }, EINVALID, "title_missing"},
		{func(j *Job) { j.Title = strings.Repeat("x", MaxTitle+1) }, EINVALID, "title_too_long"},
		{func(j *Job) { j.Organisation = "" }, EINVALID, "job_organisation_missing"},
		{func(j *Job) { j.Organisation = strings.Repeat("x", MaxOrganisation+1) }, EINVALID, "organisation_too_long"},
		{func(j *Job) { j.Contract = "volunteer" }, EINVALID, "job_contract"},
		{func(j *Job) { j.Level = "" }, EINVALID, "job_level"},
		{func(j *Job) { j.Location = "" }, EINVALID, "job_location_missing"},
		{func(j *Job) { j.Location = strings.Repeat("x", MaxJobLocation+1) }, EINVALID, "job_location_too_long"},
		{func(j *Job) { j.ApplyURL = "www.chu.example" }, EINVALID, "job_url"},
		{func(j *Job) { j.Tags = nil }, EINVALID, "tags_missing"},
		{func(j *Job) { j.Tags = []string{"bad tag"} }, EINVALID, "tag"},
		{func(j *Job) { j.ExpiresAt = testNow }, EINVALID, "job_expiry_past"},
		{func(j *Job) { j.ExpiresAt = testNow.Add(-time.Hour) }, EINVALID, "job_expiry_past"},
		{func(j *Job) { j.ExpiresAt = testNow.Add(90*24*time.Hour + time.Second) }, EINVALID, "job_expiry_far"},
		{func(j *Job) { j.Pay = Pay{} }, EINVALID, "job_pay_missing"},
		{func(j *Job) { j.Pay.Max = 39000 }, EINVALID, "job_pay_range"},
		{func(j *Job) { j.Pay.Min, j.Pay.Max = 0, 0 }, EINVALID, "job_pay_range"},
		{func(j *Job) { j.Pay.Max = 200001 }, EINVALID, "job_pay_wide"},
		{func(j *Job) { j.Pay.Currency = "BTC" }, EINVALID, "job_pay_currency"},
		{func(j *Job) { j.Pay.Period = "week" }, EINVALID, "job_pay_period"},
		{func(j *Job) { j.PostKind = "phd" }, EINVALID, "job_post_kind"},
		{func(j *Job) { j.Discipline = strings.Repeat("x", MaxDiscipline+1) }, EINVALID, "job_discipline_too_long"},
		{func(j *Job) { j.Discipline = "a\x00b" }, EINVALID, "job_discipline"},
	} {
		j := validJob(alice.ID)
		c.edit(&j)
		_, err := db.CreateJob(ctx, &j, nil)
		wantErr(t, err, c.code, c.reason)
		if j.ID != 0 {
			t.Errorf("%s: id %d set on a refusal", c.reason, j.ID)
		}
	}
	wantCounts(t, db, before, nil)
	// Remote alone is a place.
	j := validJob(alice.ID)
	j.Location, j.Remote = "", true
	if _, err := db.CreateJob(ctx, &j, nil); err != nil {
		t.Fatal(err)
	}
}

func TestJobDailyCapAndQuota(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	db.Jobs = JobPolicy{MaxPerDay: 2}
	alice := mustMember(t, db, "U1", "Alice")
	for i := range 2 {
		setNow(db, testNow.Add(time.Duration(i)*time.Hour))
		j := validJob(alice.ID)
		if _, err := db.CreateJob(ctx, &j, nil); err != nil {
			t.Fatal(err)
		}
	}
	before := mustCounts(t, db)
	j := validJob(alice.ID)
	_, err := db.CreateJob(ctx, &j, nil)
	wantErr(t, err, ECONFLICT, "job_daily_cap")
	wantCounts(t, db, before, nil)
	used, next, err := db.JobQuota(ctx, alice.ID)
	if err != nil || used != 2 || !next.Equal(testNow.Add(24*time.Hour)) {
		t.Errorf("quota = %d, %s, %v", used, next, err)
	}
	setNow(db, testNow.Add(24*time.Hour))
	if _, err := db.CreateJob(ctx, &j, nil); err != nil {
		t.Errorf("a day later: %v", err)
	}
}

// Lists go through the jobs_open index: expired jobs are left out by the
// query, with nothing to run at their expiry.
func TestListJobsPlan(t *testing.T) {
	db := MustOpenDB(t)
	plan := queryPlan(t, db, listJobsSQL(20), unix(testNow))
	if !strings.Contains(plan, "INDEX jobs_open (status=? AND expires_at>?)") {
		t.Errorf("list plan does not use jobs_open:\n%s", plan)
	}
	if strings.Contains(plan, "SCAN j") {
		t.Errorf("list plan scans jobs:\n%s", plan)
	}
}

func TestRenewAndClose(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	bob := mustMember(t, db, "U2", "Bob")
	staff := mustStaff(t, db, "S", "Staff")
	j := validJob(alice.ID)
	j.ExpiresAt = testNow.Add(80 * 24 * time.Hour)
	if _, err := db.CreateJob(ctx, &j, []Address{{Platform: "slack", Channel: "C1"}}); err != nil {
		t.Fatal(err)
	}
	_, err := db.RenewJob(ctx, j.ID, bob)
	wantErr(t, err, EFORBIDDEN, "not_poster")
	// Capped at 90 days from now.
	r, err := db.RenewJob(ctx, j.ID, alice)
	if err != nil || !r.ExpiresAt.Equal(testNow.Add(90*24*time.Hour)) {
		t.Errorf("renew = %+v, %v", r, err)
	}
	_, err = db.CloseJob(ctx, j.ID, bob)
	wantErr(t, err, EFORBIDDEN, "not_poster")
	c, err := db.CloseJob(ctx, j.ID, staff)
	if err != nil || c.Status != JobClosed || !c.ClosedAt.Equal(testNow) {
		t.Errorf("close = %+v, %v", c, err)
	}
	for _, kind := range []string{NoteJobPosted, NoteJobExpiring} {
		if ns, _ := db.Outbox(ctx, OutboxFilter{Kind: kind}); len(ns) != 0 {
			t.Errorf("%s rows left after close: %+v", kind, ns)
		}
	}
	_, err = db.RenewJob(ctx, j.ID, alice)
	wantErr(t, err, ECONFLICT, "job_closed")
	_, err = db.CloseJob(ctx, 99, alice)
	wantErr(t, err, ENOTFOUND, "job")
	// Job 1's rows are not job 12's: the key ranges end at the id.
	if got := jobKey(NoteJobExpiring, 1); got != "job_expiring:job=1:" {
		t.Errorf("jobKey = %q", got)
	}
}
