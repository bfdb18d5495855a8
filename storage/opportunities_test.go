package storage

import (
	"testing"
)

// The opening is the member's data: exported with the rest, gone when
// they are forgotten.
func TestOpportunitiesExportAndForget(t *testing.T) {
	ctx := t.Context()
	db := MustOpenDB(t)
	alice := mustMember(t, db, "U1", "Alice")
	if _, err := db.SetOpenToOpportunities(ctx, alice.ID, true); err != nil {
		t.Fatal(err)
	}
	e, err := db.ExportMember(ctx, alice.ID)
	if err != nil || len(e.Other["opportunity_openings"]) != 1 {
		t.Fatalf("export other = %v, %v", e.Other, err)
	}
	code, _, err := db.NewForgetCode(ctx, alice.ID, "slack")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, alice.ID, code); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.OpenToOpportunitiesUntil(ctx, alice.ID); ok || err != nil {
		t.Errorf("still open after forget: %v, %v", ok, err)
	}
	if n := mustCounts(t, db)["opportunity_openings"]; n != 0 {
		t.Errorf("%d rows left", n)
	}
}
