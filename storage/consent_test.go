package storage

import (
	"testing"
)

// A member's consents and organisation-staff rows are theirs: the export
// carries them and forgetting the member deletes them.
func TestConsentExportedAndForgotten(t *testing.T) {
	db := MustOpenDB(t)
	ctx := t.Context()
	staff := mustStaff(t, db, "U0", "Admin")
	alice := mustMember(t, db, "U1", "Alice")
	w := Workshop{HostID: staff.ID, Title: "Journée données"}
	if err := db.CreateWorkshop(ctx, &w); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPartners(ctx, w.ID, []string{"Women in Data"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Join(ctx, w.ID, alice.ID); err != nil {
		t.Fatal(err)
	}
	if o, err := db.SetConsent(ctx, w.ID, alice.ID, "women in data", true); err != nil || o.Name != "Women in Data" {
		t.Fatalf("consent: %+v, %v", o, err)
	}
	if _, err := db.SetOrgStaff(ctx, "Latitudes", alice.ID, true); err != nil {
		t.Fatal(err)
	}
	e, err := db.ExportMember(ctx, alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Other["workshop_consents"]) != 1 || len(e.Other["org_staff"]) != 1 {
		t.Errorf("export: consents %v, org staff %v", e.Other["workshop_consents"], e.Other["org_staff"])
	}
	code, _, err := db.NewForgetCode(ctx, alice.ID, "slack")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, alice.ID, code); err != nil {
		t.Fatal(err)
	}
	c := mustCounts(t, db)
	if c["workshop_consents"] != 0 || c["org_staff"] != 0 {
		t.Errorf("after forget: %d consents, %d org staff", c["workshop_consents"], c["org_staff"])
	}
}
