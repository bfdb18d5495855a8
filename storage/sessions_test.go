package storage

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestAddSession(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "H", "Host")
	w := mustWorkshop(t, db, host.ID, "Julia", 0)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	tomorrow := testNow.Add(24 * time.Hour)

	tests := []struct {
		name       string
		workshop   int64
		start      time.Time
		duration   time.Duration
		place      string
		wantStart  time.Time
		wantPlace  string
		wantCode   string
		wantReason string
	}{
		{name: "ninety minutes tomorrow", start: tomorrow, duration: 90 * time.Minute, place: "Salle 2", wantStart: tomorrow, wantPlace: "Salle 2"},
		{name: "local time stored as UTC", start: time.Date(2026, 12, 3, 14, 0, 0, 0, paris), duration: time.Hour,
			wantStart: time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)},
		{name: "seconds dropped", start: tomorrow.Add(42 * time.Second), duration: time.Hour, wantStart: tomorrow},
		{name: "place trimmed", start: tomorrow, duration: time.Hour, place: "  https://meet.example.org/julia \n", wantStart: tomorrow,
			wantPlace: "https://meet.example.org/julia"},
		{name: "place of 300 characters", start: tomorrow, duration: time.Hour, place: strings.Repeat("é", MaxPlace), wantStart: tomorrow,
			wantPlace: strings.Repeat("é", 300)},
		{name: "place of 301 characters", start: tomorrow, duration: time.Hour, place: strings.Repeat("é", MaxPlace+1),
			wantCode: EINVALID, wantReason: "place_too_long"},
		{name: "one minute", start: tomorrow, duration: time.Minute, wantStart: tomorrow},
		{name: "twenty-four hours", start: tomorrow, duration: MaxSessionDuration, wantStart: tomorrow},
		{name: "under a minute", start: tomorrow, duration: 59 * time.Second, wantCode: EINVALID, wantReason: "session_duration"},
		{name: "no duration", start: tomorrow, duration: 0, wantCode: EINVALID, wantReason: "session_duration"},
		{name: "negative duration", start: tomorrow, duration: -time.Hour, wantCode: EINVALID, wantReason: "session_duration"},
		{name: "over twenty-four hours", start: tomorrow, duration: MaxSessionDuration + time.Minute, wantCode: EINVALID, wantReason: "session_duration"},
		{name: "starting now", start: testNow, duration: time.Hour, wantCode: EINVALID, wantReason: "session_past"},
		{name: "in the past", start: testNow.Add(-24 * time.Hour), duration: time.Hour, wantCode: EINVALID, wantReason: "session_past"},
		{name: "zero time", duration: time.Hour, wantCode: EINVALID, wantReason: "session_past"},
		{name: "unknown workshop", workshop: 999, start: tomorrow, duration: time.Hour, wantCode: ENOTFOUND, wantReason: "workshop"},
	}
	var wantIDs []int64
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Session{WorkshopID: w.ID, Start: tt.start, Duration: tt.duration, Place: tt.place}
			if tt.workshop != 0 {
				s.WorkshopID = tt.workshop
			}
			before := mustCounts(t, db)
			err := db.AddSession(ctx, &s)
			if tt.wantCode != "" {
				wantErr(t, err, tt.wantCode, tt.wantReason)
				wantCounts(t, db, before, nil)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantCounts(t, db, before, map[string]int{"sessions": 1})
			if s.ID == 0 {
				t.Error("ID not set")
			}
			wantIDs = append(wantIDs, s.ID)
			stored, err := db.Workshop(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got Session
			for _, ss := range stored.Sessions {
				if ss.ID == s.ID {
					got = ss
				}
			}
			want := Session{ID: s.ID, WorkshopID: w.ID, Start: tt.wantStart, Duration: tt.duration, Place: tt.wantPlace}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("stored session:\n got %+v\nwant %+v", got, want)
			}
			if got.Start.Location() != time.UTC {
				t.Errorf("Start in %s, want UTC", got.Start.Location())
			}
			if !got.End().Equal(tt.wantStart.Add(tt.duration)) {
				t.Errorf("End = %s", got.End())
			}
		})
	}

	// Sessions come in start order, then id order.
	stored, err := db.Workshop(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.Sessions) != len(wantIDs) {
		t.Fatalf("%d sessions, want %d", len(stored.Sessions), len(wantIDs))
	}
	for i := 1; i < len(stored.Sessions); i++ {
		a, b := stored.Sessions[i-1], stored.Sessions[i]
		if a.Start.After(b.Start) || (a.Start.Equal(b.Start) && a.ID > b.ID) {
			t.Errorf("sessions out of order: %+v before %+v", a, b)
		}
	}
}

// TestNextSessionBoundaries: a session is the next one from before it
// starts until the minute it ends.
func TestNextSessionBoundaries(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "H", "Host")
	w := mustWorkshop(t, db, host.ID, "Numpy", 0)
	start := testNow.Add(2 * time.Hour)
	first := mustSession(t, db, w.ID, start, time.Hour)
	second := mustSession(t, db, w.ID, start.Add(7*24*time.Hour), time.Hour)

	tests := []struct {
		name string
		now  time.Time
		want int64
	}{
		{"well before", testNow, first.ID},
		{"a minute before", start.Add(-time.Minute), first.ID},
		{"at the start", start, first.ID},
		{"in progress", start.Add(59 * time.Minute), first.ID},
		{"at the end", start.Add(time.Hour), second.ID},
		{"after the end", start.Add(2 * time.Hour), second.ID},
		{"all over", start.Add(8 * 24 * time.Hour), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setNow(db, tt.now)
			got, err := db.Workshop(ctx, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.NextSession.ID != tt.want {
				t.Errorf("Workshop: next session = %d, want %d", got.NextSession.ID, tt.want)
			}
			list, err := db.ListWorkshops(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].NextSession.ID != tt.want {
				t.Errorf("ListWorkshops: %+v", list)
			}
		})
	}
	setNow(db, testNow)
	got, err := db.Workshop(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := Session{ID: first.ID, WorkshopID: w.ID, Start: start, Duration: time.Hour, Place: "Salle 1"}
	if !reflect.DeepEqual(got.NextSession, want) {
		t.Errorf("NextSession = %+v, want %+v", got.NextSession, want)
	}
}

func TestListWorkshopsOrder(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	host := mustMember(t, db, "H", "Host")
	t0 := testNow
	mk := func(title string) Workshop { return mustWorkshop(t, db, host.ID, title, 0) }

	noSession := mk("no session")
	in3days := mk("in three days")
	running := mk("running")
	tomorrow := mk("tomorrow, and later")
	ended := mk("ended")
	cancelledFirst := mk("first session cancelled")
	cancelledW := mk("cancelled workshop")
	mustSession(t, db, in3days.ID, t0.Add(3*24*time.Hour), time.Hour)
	runningS := mustSession(t, db, running.ID, t0.Add(time.Hour), 2*time.Hour)
	mustSession(t, db, tomorrow.ID, t0.Add(5*24*time.Hour), time.Hour)
	mustSession(t, db, tomorrow.ID, t0.Add(24*time.Hour), time.Hour)
	mustSession(t, db, ended.ID, t0.Add(time.Hour), 30*time.Minute)
	gone := mustSession(t, db, cancelledFirst.ID, t0.Add(4*time.Hour), time.Hour)
	mustSession(t, db, cancelledFirst.ID, t0.Add(6*24*time.Hour), time.Hour)
	mustSession(t, db, cancelledW.ID, t0.Add(2*time.Hour), time.Hour)
	// There is no API to cancel one session yet; do what a reschedule will.
	if _, err := db.write.ExecContext(ctx, `UPDATE sessions SET cancelled_at = ? WHERE id = ?`, unix(t0), gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CancelWorkshop(ctx, cancelledW.ID); err != nil {
		t.Fatal(err)
	}

	// Two hours later: "running" started an hour ago, "ended" is over.
	setNow(db, t0.Add(2*time.Hour))
	list, err := db.ListWorkshops(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID    int64
		Next  time.Time
		Title string
	}
	var got []row
	for _, w := range list {
		got = append(got, row{w.ID, w.NextSession.Start, w.Title})
	}
	want := []row{
		{running.ID, t0.Add(time.Hour), "running"},
		{tomorrow.ID, t0.Add(24 * time.Hour), "tomorrow, and later"},
		{in3days.ID, t0.Add(3 * 24 * time.Hour), "in three days"},
		{cancelledFirst.ID, t0.Add(6 * 24 * time.Hour), "first session cancelled"},
		{noSession.ID, time.Time{}, "no session"},
		{ended.ID, time.Time{}, "ended"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ListWorkshops:\n got %+v\nwant %+v", got, want)
	}
	if list[0].NextSession.ID != runningS.ID || list[0].NextSession.Duration != 2*time.Hour || list[0].NextSession.Place != "Salle 1" {
		t.Errorf("running next session = %+v", list[0].NextSession)
	}
	// List rows carry counts but not the detail lists.
	if list[0].Sessions != nil || list[0].Participants != nil || list[0].HostName != "Host" {
		t.Errorf("list row = %+v", list[0])
	}

	limited, err := db.ListWorkshops(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(limited) != 2 || limited[0].ID != running.ID || limited[1].ID != tomorrow.ID {
		t.Errorf("limit 2: %+v", limited)
	}

	// Each workshop agrees with the list.
	for _, r := range want {
		w, err := db.Workshop(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !w.NextSession.Start.Equal(r.Next) {
			t.Errorf("%s: Workshop next session at %s, want %s", r.Title, w.NextSession.Start, r.Next)
		}
	}
}
