package storage

import (
	"testing"
	"time"
)

// A workshop's first card in a channel carries its thread: a card posted
// there again does not start another, one in another channel does; a
// cancelled workshop gets none. The thread's rows (made, members,
// reminders) are queued with the card, once.
func TestThreadedCards(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	now := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	setNow(db, now)
	db.Reminders = ReminderPolicy{Offsets: []time.Duration{24 * time.Hour, time.Hour}, Location: time.UTC}
	host := mustStaff(t, db, "U0", "Ada")
	alice := mustMember(t, db, "U1", "Alice")
	w := Workshop{HostID: host.ID, Title: "Imputation"}
	if err := db.CreateWorkshop(ctx, &w); err != nil {
		t.Fatal(err)
	}
	if err := db.AddSession(ctx, &Session{WorkshopID: w.ID, Start: now.Add(72 * time.Hour), Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Join(ctx, w.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	card := func(channel, id string) error {
		return db.SaveThreadedCard(ctx, MessageRef{Platform: "slack", Channel: channel, MessageID: id, Kind: KindWorkshop, EntityID: w.ID}, channel, "")
	}
	for _, c := range [][2]string{{"C1", "1.0"}, {"C1", "2.0"}, {"C2", "3.0"}} {
		if err := card(c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	ts, err := db.Threads(ctx, w.ID)
	if err != nil || len(ts) != 2 || ts[0].Channel != "C1" || ts[0].CardID != "1.0" || ts[1].Channel != "C2" || ts[1].CardID != "3.0" {
		t.Fatalf("threads %+v %v, want one on the first card of each channel", ts, err)
	}
	if r, err := db.FindMessageRef(ctx, "slack", "C1", "2.0"); err != nil || r.EntityID != w.ID {
		t.Errorf("the second card is recorded as a card: %+v %v", r, err)
	}
	count := func(kind string) int {
		ns, err := db.Outbox(ctx, OutboxFilter{Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		return len(ns)
	}
	// Per thread: one to make it, Alice to add, the session's two reminders.
	if got := [3]int{count(NoteThreadOpen), count(NoteThreadMember), count(NoteThreadReminder)}; got != [3]int{2, 2, 4} {
		t.Errorf("open, member, reminder rows: %v, want [2 2 4]", got)
	}

	// Not over yet; cancelled, it is.
	if over, err := db.ThreadsToClose(ctx, now.Add(72*time.Hour)); err != nil || len(over) != 0 {
		t.Errorf("threads to close before the session: %+v %v", over, err)
	}
	if over, err := db.ThreadsToClose(ctx, now.Add(73*time.Hour)); err != nil || len(over) != 2 {
		t.Errorf("threads to close after the last session: %+v %v", over, err)
	}
	if err := db.ThreadClosed(ctx, ts[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CancelWorkshop(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if over, err := db.ThreadsToClose(ctx, now); err != nil || len(over) != 1 || over[0].ID != ts[0].ID {
		t.Errorf("threads to close once cancelled: %+v %v, want the one still open", over, err)
	}
	// A cancelled workshop's card gets no thread.
	if err := card("C3", "4.0"); err != nil {
		t.Fatal(err)
	}
	if ts, _ := db.Threads(ctx, w.ID); len(ts) != 2 {
		t.Errorf("a cancelled workshop got a thread: %+v", ts)
	}
}
