package storage

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

func TestOrgKey(t *testing.T) {
	for _, same := range [][]string{
		{"Société Générale", "SOCIÉTÉ GÉNÉRALE", "societe  generale ", "Societe\u00a0Generale", "Socie\u0301te\u0301 Ge\u0301ne\u0301rale"},
		{"L'Oréal", "L’OREAL", "l`oreal"},
		{"Jean-Monnet", "JEAN–MONNET"},
		{"Straße AG", "STRASSE AG"},
	} {
		for _, s := range same[1:] {
			if OrgKey(s) != OrgKey(same[0]) {
				t.Errorf("OrgKey(%q) = %q, OrgKey(%q) = %q: want one organisation", s, OrgKey(s), same[0], OrgKey(same[0]))
			}
		}
	}
	for _, pair := range [][2]string{{"CNRS", "CNES"}, {"Inria", "Inria Paris"}, {"A B", "AB"}} {
		if OrgKey(pair[0]) == OrgKey(pair[1]) {
			t.Errorf("%q and %q read as one organisation", pair[0], pair[1])
		}
	}
}

// The keys stored under lower(trim(name)) are recomputed by migration 33,
// and two spellings of one organisation become one row.
func TestMigrateOrgKeys(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "v32.db")
	old := openAt(t, file, 32)
	tx, err := old.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := seedV28(ctx, tx); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO org_staff (org_key, name, member_id, created_at) VALUES (lower(trim('SOCIÉTÉ GÉNÉRALE')), 'SOCIÉTÉ GÉNÉRALE', 1, 0)`,
		`INSERT INTO org_staff (org_key, name, member_id, created_at) VALUES (lower(trim('Société Générale')), 'Société Générale', 1, 0)`,
		`INSERT INTO org_staff (org_key, name, member_id, created_at) VALUES (lower(trim(' CNRS')), ' CNRS', 2, 0)`,
		`INSERT INTO workshop_consents (workshop_id, member_id, org_key, created_at) VALUES (2, 1, lower(trim('L’ORÉAL')), 0)`,
		`INSERT INTO workshop_consents (workshop_id, member_id, org_key, created_at) VALUES (2, 1, lower(trim('L''Oréal')), 0)`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db := openAt(t, file, 33)
	defer db.Close()
	keys := func(q string) (out []string) {
		rows, err := db.read.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k sql.NullString
			if err := rows.Scan(&k); err != nil {
				t.Fatal(err)
			}
			out = append(out, k.String)
		}
		return out
	}
	if got := keys(`SELECT org_key || '/' || member_id FROM org_staff ORDER BY 1`); len(got) != 2 || got[0] != "cnrs/2" || got[1] != "societe generale/1" {
		t.Errorf("org_staff keys %q, want cnrs/2 and one societe generale/1", got)
	}
	if got := keys(`SELECT org_key FROM workshop_consents`); len(got) != 1 || got[0] != "l'oreal" {
		t.Errorf("consent keys %q, want one l'oreal", got)
	}
}
