package discord

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"github.com/atelier-bot/atelier/storage"
)

// One workshop's outcome recorded from Discord and from Slack is one
// outcome: private to staff and participants until both organisations
// agree, then once in /outcomes, once in each platform's digest, and in
// the statistics. The questions after the last session, 30, 90 and 180
// days later go out once each, across a restart, and stop for a member
// who opts out.
func TestOutcomesAcrossPlatforms(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// A Friday: the digest runs on Mondays at 09:00.
	f := newFakes(t, time.Date(2027, 1, 8, 9, 0, 0, 0, time.UTC))
	w, clk, dfake, sfake := f.w, f.clk, f.dfake, f.sfake
	tick, contains := f.tick, f.contains

	contains("create", f.slash("UADMIN", "/workshop", "create Imputation clinic #timeseries"), "Workshop #1 created")
	contains("schedule", f.slash("UADMIN", "/workshop", "schedule 1 2027-01-09 14:00 1h"), "#1")
	if _, err := dfake.Interact(discordfake.Interaction{Type: 2, UserID: aliceID, GlobalName: "Alice", Locale: "en-US",
		Data: discordfake.Command("workshop", discordfake.Sub("join", discordfake.Int("id", 1)))}); err != nil {
		t.Fatal(err)
	}
	f.slash("UBOB", "/workshop", "join 1")
	f.slash("UCAROL", "/atelier-me", "org Airbus")
	f.slash("UCAROL", "/workshop", "join 1")
	if !dfake.Await(wait, func() bool { w, err := w.router.DB().Workshop(ctx, 1); return err == nil && w.Joined == 3 }) {
		t.Fatal("three participants expected")
	}

	// The session ends; within the hour each participant is asked.
	end := time.Date(2027, 1, 9, 15, 0, 0, 0, time.UTC)
	clk.set(end.Add(time.Hour))
	tick()
	tick()
	asked := func(phrase string) (slackN, discordN int) {
		for _, c := range sfake.Calls("chat.postMessage") {
			if strings.HasPrefix(c.Channel, "D") && strings.Contains(c.Text, phrase) {
				slackN++
			}
		}
		for _, m := range dfake.Messages(dfake.DMChannel(aliceID)) {
			if strings.Contains(m.Content, phrase) {
				discordN++
			}
		}
		return slackN, discordN
	}
	waitAsked := func(phrase string, slackN, discordN int) {
		t.Helper()
		sfake.Wait(wait, func() bool { s, _ := asked(phrase); return s >= slackN })
		dfake.Await(wait, func() bool { _, d := asked(phrase); return d >= discordN })
		if s, d := asked(phrase); s != slackN || d != discordN {
			t.Fatalf("%q asked %d times on Slack, %d on Discord; want %d and %d", phrase, s, d, slackN, discordN)
		}
	}
	waitAsked("Workshop #1 Imputation clinic has ended", 2, 1)

	// Alice records it on Discord; Bob tells the same on Slack.
	_, got := f.discord(aliceID, "workshop", "outcome", "1 collaboration Inria and Airbus start a joint thesis on imputation | Inria, Airbus")
	contains("alice's outcome", got, "Outcome #1 recorded", "Only staff and the workshop's participants see it", "⏳ Airbus, ⏳ Inria")
	contains("bob's outcome", f.slash("UBOB", "/workshop", "outcome 1 collaboration A joint thesis with Airbus | airbus, INRIA"),
		"already recorded as #1: you are added")
	contains("not a participant", f.slash("UERIN", "/workshop", "outcome 1 tool my tool"), "Only")

	// Unpublished: not in a non-participant's list, not in the digest.
	contains("erin's list", f.slash("UERIN", "/outcomes", ""), "No outcome to show")
	contains("bob's list", f.slash("UBOB", "/outcomes", ""), "#1 Collaboration", "not public yet")
	clk.set(time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC))
	tick()
	for _, m := range sfake.Messages(slackAnn) {
		if strings.Contains(m.Text, "joint thesis") {
			t.Errorf("an unpublished outcome in a public channel: %s", m.Text)
		}
	}
	for _, m := range dfake.Messages(discordAnn) {
		if strings.Contains(m.Content, "joint thesis") {
			t.Errorf("an unpublished outcome in a public channel: %s", m.Content)
		}
	}

	// Both organisations agree, after that digest: it is public.
	clk.set(time.Date(2027, 1, 11, 10, 0, 0, 0, time.UTC))
	contains("carol agrees", f.slash("UCAROL", "/outcomes", "agree 1"), "Airbus agrees", "waiting for: Inria")
	contains("erin cannot", f.slash("UERIN", "/outcomes", "agree 1 Inria"), "No outcome you can see")
	if _, err := dfake.Interact(discordfake.Interaction{Type: 2, UserID: aliceID, GlobalName: "Alice", Locale: "en-US",
		Data: discordfake.Command("me", discordfake.Sub("org", discordfake.Str("name", "Inria")))}); err != nil {
		t.Fatal(err)
	}
	dfake.Await(wait, func() bool {
		m, err := w.router.DB().FindMember(ctx, storage.Identity{Platform: Platform, Workspace: discordfake.GuildID, UserID: aliceID})
		return err == nil && m.Organisation == "Inria"
	})
	_, got = f.discord(aliceID, "outcomes", "", "agree 1")
	contains("alice agrees", got, "It is public")
	list := f.slash("UERIN", "/outcomes", "#timeseries 2027 inria")
	contains("erin's list", list, "#1 Collaboration", "Inria and Airbus start a joint thesis")
	var answer struct{ Text string }
	if err := json.Unmarshal([]byte(list), &answer); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(answer.Text, "• #"); n != 1 {
		t.Errorf("/outcomes lists %d outcomes, want 1: %s", n, list)
	}
	contains("stats", f.slash("UADMIN", "/atelier", "stats 30d"), "Collaborations started, by year and organisation: 2027 Airbus (1), 2027 Inria (1)")

	// The next digest has it once on each platform.
	clk.set(time.Date(2027, 1, 18, 9, 0, 0, 0, time.UTC))
	tick()
	waitPosts(t, sfake, dfake, "Inria and Airbus start a joint thesis", 1)

	// A restart; the later questions still come, once each.
	w = f.restart()
	clk.set(end.AddDate(0, 0, 30).Add(time.Hour))
	tick()
	tick()
	waitAsked("30 days ago, workshop #1 Imputation clinic ended", 2, 1)
	// Alice stops the questions.
	_, got = f.discord(aliceID, "outcomes", "", "questions off")
	contains("opt out", got, "no longer be asked")
	clk.set(end.AddDate(0, 0, 90).Add(time.Hour))
	tick()
	clk.set(end.AddDate(0, 0, 180).Add(time.Hour))
	tick()
	tick()
	waitAsked("90 days ago, workshop #1 Imputation clinic ended", 2, 0)
	waitAsked("180 days ago, workshop #1 Imputation clinic ended", 2, 0)
	waitAsked("30 days ago, workshop #1 Imputation clinic ended", 2, 1)

	// The outcome survives Bob being forgotten; his name leaves it.
	db := w.router.DB()
	bob, err := db.FindMember(ctx, storage.Identity{Platform: "slack", Workspace: sfake.Options().TeamID, UserID: "UBOB"})
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := db.NewForgetCode(ctx, bob.ID, "slack")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, bob.ID, code); err != nil {
		t.Fatal(err)
	}
	o, err := db.Outcome(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Authors) != 1 || o.Authors[0].Name != "Alice" || !strings.Contains(o.Text, "joint thesis") {
		t.Errorf("after forget: %+v", o)
	}
	checkAllowedMentions(t, dfake)
}
