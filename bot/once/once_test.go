package once

import (
	"testing"
	"time"
)

func TestFirst(t *testing.T) {
	s := New(time.Minute)
	t0 := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	if !s.First("a", t0) || s.First("a", t0.Add(30*time.Second)) {
		t.Fatal("an id seen twice within the TTL was new both times")
	}
	if !s.First("b", t0) {
		t.Fatal("another id was not new")
	}
	if !s.First("a", t0.Add(2*time.Minute)) {
		t.Fatal("an id past its TTL is still remembered")
	}
	if !s.First("", t0) || !s.First("", t0) {
		t.Fatal("an empty id must always be new")
	}
	s.First("z", t0.Add(10*time.Minute)) // sweeps
	if len(s.ids) != 1 {
		t.Errorf("%d ids kept after the sweep, want 1: expired ones must go", len(s.ids))
	}
}
