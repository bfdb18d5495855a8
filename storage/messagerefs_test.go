package storage

import (
	"reflect"
	"testing"
	"time"
)

func TestMessageRefs(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)

	saves := []struct {
		at  time.Duration
		ref MessageRef
	}{
		{0, MessageRef{Platform: "slack", Channel: "C1", MessageID: "1700000000.000100", Kind: KindProblem, EntityID: 7}},
		{time.Minute, MessageRef{Platform: "discord", Channel: "9001", MessageID: "1234567890", Kind: KindProblem, EntityID: 7}},
		{2 * time.Minute, MessageRef{Platform: "slack", Channel: "C2", MessageID: "1700000000.000200", Kind: KindProblem, EntityID: 7}},
		{3 * time.Minute, MessageRef{Platform: "slack", Channel: "C1", MessageID: "1700000000.000300", Kind: KindWorkshop, EntityID: 7}},
		{4 * time.Minute, MessageRef{Platform: "slack", Channel: "C1", MessageID: "1700000000.000400", Kind: KindJob, EntityID: 3}},
		// The same message saved again keeps its first record.
		{5 * time.Minute, MessageRef{Platform: "slack", Channel: "C1", MessageID: "1700000000.000100", Kind: KindWorkshop, EntityID: 99}},
	}
	for _, s := range saves {
		setNow(db, testNow.Add(s.at))
		if err := db.SaveMessageRef(ctx, s.ref); err != nil {
			t.Fatalf("save %+v: %v", s.ref, err)
		}
	}
	if c := mustCounts(t, db)["message_refs"]; c != 5 {
		t.Errorf("message_refs = %d, want 5", c)
	}

	finds := []struct {
		name                       string
		platform, channel, message string
		wantKind                   string
		wantEntity                 int64
		wantCode                   string
	}{
		{"problem on slack", "slack", "C1", "1700000000.000100", KindProblem, 7, ""},
		{"problem on discord", "discord", "9001", "1234567890", KindProblem, 7, ""},
		{"workshop, same entity id", "slack", "C1", "1700000000.000300", KindWorkshop, 7, ""},
		{"job", "slack", "C1", "1700000000.000400", KindJob, 3, ""},
		{"same message id, other channel", "slack", "C9", "1700000000.000100", "", 0, ENOTFOUND},
		{"same message id, other platform", "discord", "C1", "1700000000.000100", "", 0, ENOTFOUND},
		{"unknown message", "slack", "C1", "nope", "", 0, ENOTFOUND},
	}
	for _, f := range finds {
		t.Run("find "+f.name, func(t *testing.T) {
			got, err := db.FindMessageRef(ctx, f.platform, f.channel, f.message)
			if f.wantCode != "" {
				wantErr(t, err, f.wantCode, "message_ref")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := MessageRef{Platform: f.platform, Channel: f.channel, MessageID: f.message, Kind: f.wantKind, EntityID: f.wantEntity}
			if got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}

	lists := []struct {
		kind string
		id   int64
		want []MessageRef
	}{
		{KindProblem, 7, []MessageRef{
			{Platform: "discord", Channel: "9001", MessageID: "1234567890", Kind: KindProblem, EntityID: 7},
			{Platform: "slack", Channel: "C1", MessageID: "1700000000.000100", Kind: KindProblem, EntityID: 7},
			{Platform: "slack", Channel: "C2", MessageID: "1700000000.000200", Kind: KindProblem, EntityID: 7},
		}},
		{KindWorkshop, 7, []MessageRef{
			{Platform: "slack", Channel: "C1", MessageID: "1700000000.000300", Kind: KindWorkshop, EntityID: 7},
		}},
		{KindWorkshop, 99, nil},
		{KindProblem, 8, nil},
	}
	for _, l := range lists {
		got, err := db.MessageRefs(ctx, l.kind, l.id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, l.want) {
			t.Errorf("MessageRefs(%s, %d):\n got %+v\nwant %+v", l.kind, l.id, got, l.want)
		}
	}

	bad := []struct {
		name       string
		ref        MessageRef
		wantCode   string
		wantReason string
	}{
		{"no platform", MessageRef{Channel: "C1", MessageID: "m", Kind: KindProblem, EntityID: 1}, EINVALID, "message_ref"},
		{"no channel", MessageRef{Platform: "slack", MessageID: "m", Kind: KindProblem, EntityID: 1}, EINVALID, "message_ref"},
		{"no message id", MessageRef{Platform: "slack", Channel: "C1", Kind: KindProblem, EntityID: 1}, EINVALID, "message_ref"},
		{"no entity", MessageRef{Platform: "slack", Channel: "C1", MessageID: "m", Kind: KindProblem}, EINVALID, "message_ref"},
		{"unknown kind", MessageRef{Platform: "slack", Channel: "C1", MessageID: "m", Kind: "poll", EntityID: 1}, ECONFLICT, "constraint"},
	}
	for _, b := range bad {
		t.Run("save "+b.name, func(t *testing.T) {
			before := mustCounts(t, db)
			err := db.SaveMessageRef(ctx, b.ref)
			wantErr(t, err, b.wantCode, b.wantReason)
			wantCounts(t, db, before, nil)
		})
	}
}
