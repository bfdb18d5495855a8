package storage

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// awardFixture: an edition in its jury phase, with a community prize,
// two nominations in one category, and Carol who voted for the second.
func awardFixture(t *testing.T) (*DB, Edition, Member, Nomination) {
	t.Helper()
	ctx := context.Background()
	db := MustOpenDB(t)
	alice, bob, carol := mustMember(t, db, "U1", "Alice"), mustMember(t, db, "U2", "Bob"), mustMember(t, db, "U3", "Carol")
	e := Edition{Name: "Prix", OpensAt: testNow, ClosesAt: testNow.Add(time.Hour), ResultsAt: testNow.Add(2 * time.Hour), CommunityPrize: true,
		Categories: []Category{{NameEN: "Boldest", NameFR: "Plus audacieux"}}, Criteria: []Criterion{{NameEN: "Impact", NameFR: "Impact"}}}
	if err := db.CreateEdition(ctx, &e, nil); err != nil {
		t.Fatal(err)
	}
	n1 := Nomination{EditionID: e.ID, Title: "Zephyr maps", Pitch: "p", Organisation: "IGN", Categories: []int{1}, NominatorID: alice.ID,
		Team: []TeamMember{{MemberID: bob.ID}, {Name: "Jane Doe"}}}
	n2 := Nomination{EditionID: e.ID, Title: "Quokka tutor", Pitch: "p", Organisation: "CNRS", Categories: []int{1}, NominatorID: alice.ID}
	for _, n := range []*Nomination{&n1, &n2} {
		if err := db.Nominate(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	setNow(db, testNow.Add(90*time.Minute))
	if _, _, err := db.Vote(ctx, carol.ID, n2.ID, 1); err != nil {
		t.Fatal(err)
	}
	return db, e, carol, n2
}

// No table, and no column of a table, joins a community-prize voter to
// their choice: the fact of voting and the tally share no key, carry no
// time, and have no rowid whose order could pair them.
func TestAwardVotesCannotBeJoined(t *testing.T) {
	db, _, _, _ := awardFixture(t)
	ctx := context.Background()
	rows, err := db.read.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	schema := map[string]string{}
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			t.Fatal(err)
		}
		schema[name] = sql
	}
	rows.Close()
	cols := func(table string) map[string]string {
		out := map[string]string{}
		rs, err := db.read.QueryContext(ctx, `SELECT name, type FROM pragma_table_info(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		for rs.Next() {
			var n, ty string
			if err := rs.Scan(&n, &ty); err != nil {
				t.Fatal(err)
			}
			out[n] = ty
		}
		return out
	}
	voters, tally := cols("award_voters"), cols("award_tally")
	if len(voters) != 2 || voters["category_id"] == "" || voters["member_id"] == "" {
		t.Errorf("award_voters columns %v: want only category_id and member_id", voters)
	}
	if len(tally) != 3 || tally["category_id"] == "" || tally["nomination_id"] == "" || tally["votes"] == "" {
		t.Errorf("award_tally columns %v: want only category_id, nomination_id and votes", tally)
	}
	for _, tb := range []string{"award_voters", "award_tally"} {
		if !strings.Contains(schema[tb], "WITHOUT ROWID") {
			t.Errorf("%s has a rowid: the order of writes could pair a voter with a vote", tb)
		}
	}
	// Nothing else records a vote: no other table, view or trigger names
	// the tally or the voters, and no table holds a member beside a
	// nomination but the nominations' own people and the jury's scores.
	for name, sql := range schema {
		if name == "award_voters" || name == "award_tally" {
			continue
		}
		if strings.Contains(sql, "award_voters") || strings.Contains(sql, "award_tally") || strings.Contains(strings.ToLower(name), "vote") {
			t.Errorf("%s refers to the votes: %s", name, sql)
		}
		c := cols(name)
		hasMember := c["member_id"] != "" || c["voter_id"] != "" || c["juror_id"] != ""
		if hasMember && c["nomination_id"] != "" && name != "award_people" && name != "award_scores" {
			t.Errorf("%s holds a member beside a nomination", name)
		}
	}
	// Nor does the outbox: a vote queues nothing.
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE kind LIKE '%vote%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("outbox vote rows %d, %v", n, err)
	}
}

// A voter's export says they voted in a category, never for what.
func TestAwardVoteExport(t *testing.T) {
	db, _, carol, chosen := awardFixture(t)
	e, err := db.ExportMember(context.Background(), carol.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	if !strings.Contains(got, `"award_voters":[{"category_id":1,"member_id":`) {
		t.Errorf("export lacks the fact of voting: %s", got)
	}
	for _, bad := range []string{chosen.Title, "nomination", "tally", "votes"} {
		if strings.Contains(got, bad) {
			t.Errorf("export shows %q: %s", bad, got)
		}
	}
}

// A forgotten member's name leaves the nominations; their text stays.
func TestAwardForget(t *testing.T) {
	db, _, _, _ := awardFixture(t)
	ctx := context.Background()
	bob, err := db.FindMember(ctx, slack("U2"))
	if err != nil {
		t.Fatal(err)
	}
	alice, err := db.FindMember(ctx, slack("U1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Member{alice, bob} {
		code, _, err := db.NewForgetCode(ctx, m.ID, "slack")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Forget(ctx, m.ID, code); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.Nomination(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if n.Title != "Zephyr maps" || n.NominatorID != 0 || n.NominatorName != "" || strings.Join(n.Names(), ",") != "Jane Doe" {
		t.Errorf("after forget: %+v", n)
	}
}

// A juror from any organisation a nomination names has a conflict.
func TestAwardConflict(t *testing.T) {
	for _, c := range []struct {
		juror, org, want string
	}{
		{"Inria", "Inria", "organisation"},
		{"inria", "Airbus, INRIA", "organisation"},
		{"Inria", "Airbus & Inria", "organisation"},
		{"Inria", "Airbus et Inria", "organisation"},
		{"Inria", "Inrialab", ""},
		{"", "Inria", ""},
	} {
		got := Conflict(Member{ID: 9, Organisation: c.juror}, Nomination{Organisation: c.org, NominatorID: 1})
		if got != c.want {
			t.Errorf("juror of %q, nomination of %q: %q, want %q", c.juror, c.org, got, c.want)
		}
	}
	if got := Conflict(Member{ID: 9}, Nomination{Team: []TeamMember{{MemberID: 9}}}); got != "named" {
		t.Errorf("a juror in the team: %q", got)
	}
}
