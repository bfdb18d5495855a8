package commands

import (
	"context"
	"errors"
	"testing"
)

// Request.Record runs only after the handler succeeded (so an adapter
// records only what was done), and its failure is the request's.
func TestRequestRecord(t *testing.T) {
	h := newHarness(t)
	id := h.createWorkshop("Clinic")
	var recorded []string
	record := func(what string, err error) func(context.Context) error {
		return func(context.Context) error {
			recorded = append(recorded, what)
			return err
		}
	}
	join := request("alice", "workshop join 1")
	join.Record = record("join", nil)
	wantEqual(t, "join", h.r.Handle(h.ctx, join).Text, "You have a seat in workshop #1 Clinic.")
	missing := request("alice", "workshop join 99")
	missing.Record = record("missing", nil)
	if rep := h.r.Handle(h.ctx, missing); !isRefusal(rep) {
		t.Errorf("join of an unknown workshop: %q", rep.Text)
	}
	wantSlice(t, "recorded", recorded, []string{"join"})

	broken := request("bob", "workshop join 1")
	broken.Record = record("broken", errors.New("disk full"))
	wantEqual(t, "a failed record", h.r.Handle(h.ctx, broken).Text, T(EN, "err.internal"))
	// The join itself happened: a catch-up repeats it harmlessly.
	wantSlice(t, "participants", names(h.workshop(id).Participants), []string{"alice", "bob"})
}
