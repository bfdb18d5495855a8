package commands

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// TestLinkAcrossPlatforms: Alice joined a workshop on Slack and on Discord
// as two members; linking makes one member, seated once, and with Discord
// preferred her reminders go to Discord only.
func TestLinkAcrossPlatforms(t *testing.T) {
	h := newHarness(t)
	h.db.Reminders = storage.ReminderPolicy{Offsets: []time.Duration{24 * time.Hour, time.Hour}}
	h.meet("admin", "bob")
	w := h.createWorkshop("capacity 2 Julia for data #julia")
	h.must("admin", "workshop schedule #1 2026-12-03 14:00 1h Room B")
	h.mustOn("slack", "U1", "Alice", "workshop join #1")
	h.mustOn("discord", "D1", "alice_d", "workshop join #1")
	h.must("bob", "workshop join #1") // waiting: Alice holds both seats
	wantSlice(t, "before", names(h.workshop(w).Participants), []string{"Alice", "alice_d"})
	h.mustOn("slack", "U1", "Alice", "me interests add #julia #gis")
	h.mustOn("discord", "D1", "alice_d", "me interests add #julia #hpc")

	rep := h.mustOn("slack", "U1", "Alice", "atelier link")
	code := linkCode(t, rep)
	wantEqual(t, "code reply", replyText(rep), "Your code: *"+code+"* (valid until "+FormatTime(testNow.Add(10*time.Minute), EN, h.paris)+
		", once). On your other account (Slack or Discord), type `/atelier link "+code+"`.\n"+
		"Your accounts: Slack. Notifications go to every platform (`/me notify-on slack|discord|all`).")

	// Refusals write nothing.
	before := h.counts()
	for _, c := range []struct{ platform, user, line, want string }{
		{"discord", "D1", "atelier link ZZZZ-ZZZZ", "That code is not valid. Type `/atelier link` on your other account to get one, then type it here within 10 minutes."},
		{"slack", "U1", "atelier link " + code, "That code is this account's own (or the accounts are already linked): type it on your account on the other platform."},
		{"discord", "D1", "atelier link a b", "Usage: `/atelier link [code]`\nExample: `/atelier link`"},
	} {
		wantEqual(t, c.line, h.on(c.platform, c.user, "", c.line).Text, c.want)
	}
	wantCounts(t, "refused links", h.counts(), before)
	h.now = testNow.Add(10 * time.Minute)
	wantEqual(t, "expired", h.on("discord", "D1", "", "atelier link "+code).Text,
		"That code has expired (codes last 10 minutes). Ask for a new one with `/atelier link` on your other account.")
	h.now = testNow

	code = linkCode(t, h.mustOn("slack", "U1", "Alice", "atelier link"))
	rep = h.mustOn("discord", "D1", "alice_d", "atelier link "+strings.ToLower(code))
	wantEqual(t, "linked", rep.Text, "Linked: your Slack and Discord accounts are now one member, Alice. Seats, interests, problems and feedback are merged.\n"+
		"Your accounts: Discord, Slack. Notifications go to every platform (`/me notify-on slack|discord|all`).")
	wantEqual(t, "refresh", len(rep.Refresh), 1)
	wantEqual(t, "used twice", h.on("discord", "D9", "Mallory", "atelier link "+code).Text,
		"That code has already been used. Each code links accounts once; ask for a new one with `/atelier link`.")

	// One member (the older, Slack's), seated once (the earlier seat); the
	// seat given back went to Bob.
	wk := h.workshop(w)
	wantSlice(t, "participants", names(wk.Participants), []string{"Alice", "bob"})
	wantEqual(t, "waitlist", len(wk.Waitlist), 0)
	m := h.card(h.mustOn("slack", "U1", "Alice", "me"))
	wantEqual(t, "interests", h.field(m, "Interests"), "#gis #hpc #julia")
	if a, d := h.memberOn("slack", "U1"), h.memberOn("discord", "D1"); a.ID != d.ID {
		t.Fatalf("slack %d and discord %d are still two members", a.ID, d.ID)
	}

	// Every platform by default; then Discord only, for what is queued and
	// what comes.
	alice := h.memberOn("discord", "D1").ID
	wantSlice(t, "reminders on both", reminderTargets(t, h, alice), []string{
		"1h discord/D1", "1h slack/U1", "24h discord/D1", "24h slack/U1"})
	wantEqual(t, "notify-on", h.mustOn("slack", "U1", "Alice", "me notify-on discord").Text, "Reminders and other messages now go to Discord only.")
	wantSlice(t, "reminders on discord", reminderTargets(t, h, alice), []string{"1h discord/D1", "24h discord/D1"})
	h.must("admin", "workshop schedule #1 2026-12-10 14:00 1h Room B")
	wantSlice(t, "new session's reminders", reminderTargets(t, h, alice), []string{
		"1h discord/D1", "1h discord/D1", "24h discord/D1", "24h discord/D1"})
	wantEqual(t, "no console account", h.on("slack", "U1", "", "me notify-on console").Text,
		"You have no console account linked. Link it first with `/atelier link`.")
	wantEqual(t, "bad platform", h.on("slack", "U1", "", "me notify-on teams").Text,
		"Say `/me notify-on slack`, `/me notify-on discord`, or `/me notify-on all` for every platform you use.")
	wantEqual(t, "all", h.mustOn("discord", "D1", "", "me notify-on all").Text, "Reminders and other messages now go to every platform you use.")
	wantText(t, h.mustOn("discord", "D1", "", "atelier link").Text, "Your accounts: Discord, Slack. Notifications go to every platform")
}

// memberOn resolves an account as the router does, changing nothing.
func (h *harness) memberOn(platform, user string) storage.Member {
	h.t.Helper()
	ws := map[string]string{"slack": "T1", "discord": "G1"}[platform]
	m, err := h.db.ResolveMember(h.ctx, storage.Identity{Platform: platform, Workspace: ws, UserID: user}, "", false, "")
	if err != nil {
		h.t.Fatal(err)
	}
	return m
}

// reminderTargets lists a member's pending reminders as "offset platform/user".
func reminderTargets(t *testing.T, h *harness, member int64) []string {
	t.Helper()
	notes, err := h.db.Outbox(h.ctx, storage.OutboxFilter{Kind: storage.NoteReminder, State: storage.OutboxPending, MemberID: member})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range notes {
		out = append(out, n.Args.Offset+" "+n.To.Platform+"/"+n.To.UserID)
	}
	sort.Strings(out)
	return out
}

// Five wrong codes lock an account out of linking for 15 minutes, even
// with the right code; the refusals write nothing; then it works again.
func TestLinkLockout(t *testing.T) {
	h := newHarness(t)
	code := linkCode(t, h.mustOn("slack", "U1", "Alice", "atelier link"))
	h.mustOn("discord", "D1", "alice_d", "me")
	before := h.counts()
	for i := range storage.LinkTries {
		wantEqual(t, fmt.Sprintf("wrong code %d", i+1), h.on("discord", "D1", "", "atelier link ZZZZZ-ZZZZZ-ZZZZ"+string(rune('A'+i))).Text,
			"That code is not valid. Type `/atelier link` on your other account to get one, then type it here within 10 minutes.")
	}
	locked := "Too many wrong codes: linking is paused for 15 minutes on this account. Nothing was linked."
	wantEqual(t, "right code while locked", h.on("discord", "D1", "", "atelier link "+code).Text, locked)
	wantCounts(t, "refused and locked links", h.counts(), before)
	// Another account is not locked by Alice's tries.
	h.mustOn("discord", "D2", "carol", "me")
	wantEqual(t, "another member", h.on("discord", "D2", "", "atelier link ZZZZZ-ZZZZZ-ZZZZZ").Text,
		"That code is not valid. Type `/atelier link` on your other account to get one, then type it here within 10 minutes.")

	h.now = testNow.Add(storage.LinkLockout)
	code = linkCode(t, h.mustOn("slack", "U1", "Alice", "atelier link"))
	if got := h.on("discord", "D1", "", "atelier link "+code).Text; !strings.Contains(got, "linked") && !strings.Contains(got, "Linked") {
		t.Errorf("after the lockout, the right code: %q", got)
	}
}
