package commands

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atelier-bot/atelier/storage"
)

// everyoneElse dumps every row of every table (full-text indexes and the
// cursor of their indexing aside, which a search moves) that is not the forgotten member's: a
// row is theirs when one of its columns that refers to members holds
// their id, or when it records one of their platform accounts (reactions,
// Discord event marks, messages to them). The tables of what forget keeps
// of them (the hashes of their reactions and event marks) are left out.
func everyoneElse(t *testing.T, h *harness, forgotten int64, accounts []string) string {
	t.Helper()
	raw := h.rawDB()
	var tables []string
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'
		AND name != 'fts_cursor' AND name NOT LIKE 'forgotten_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	if len(tables) < 30 {
		t.Fatalf("only %d tables: %q", len(tables), tables)
	}
	var b strings.Builder
	for _, table := range tables {
		where := []string{"1"}
		fks, err := raw.Query(`SELECT "from" FROM pragma_foreign_key_list(?) WHERE "table" = 'members'`, table)
		if err != nil {
			t.Fatal(err)
		}
		for fks.Next() {
			var col string
			fks.Scan(&col)
			where = append(where, fmt.Sprintf(`"%s" IS NOT %d`, col, forgotten))
		}
		fks.Close()
		if table == "members" {
			where = append(where, fmt.Sprintf("id != %d", forgotten))
		}
		cols, err := raw.Query(`SELECT name FROM pragma_table_info(?) WHERE name = 'user_id'`, table)
		if err != nil {
			t.Fatal(err)
		}
		if cols.Next() {
			for _, a := range accounts {
				where = append(where, fmt.Sprintf(`user_id != '%s'`, a))
			}
		}
		cols.Close()
		q := `SELECT * FROM "` + table + `" WHERE ` + strings.Join(where, " AND ") + ` ORDER BY 1, 2`
		rs, err := raw.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		names, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(names))
			ptrs := make([]any, len(names))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					vals[i] = string(bs)
				}
			}
			fmt.Fprintf(&b, "%s %v\n", table, vals)
		}
		rs.Close()
	}
	return b.String()
}

// Forgetting a job poster closes their offer and edits its cards; every
// other member's rows, in every table, stay as they were.
func TestForgetJobPosterLeavesEveryoneElse(t *testing.T) {
	h := newHarness(t)
	seedHistory(h)
	h.must("alice", "me interests add #gis")
	h.must("carol", "problem interested #1")
	id := h.postJob("erin", jobLine(map[int]string{0: "Pandas expert", 5: "https://inria.example/erin"}, "#python"))
	if err := h.r.SaveMessage(h.ctx, "slack", "C0JOBS", "9.9", Entity{Kind: storage.KindJob, ID: id}); err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "open before", h.job(id).Status, storage.JobOpen)
	erin := h.member("erin").ID
	before := everyoneElse(t, h, erin, []string{"erin"})
	if !strings.Contains(before, "jobs [2 4 GIS postdoc") || !strings.Contains(before, "participants") {
		t.Fatalf("the dump misses others' rows:\n%s", before)
	}

	var refreshed []Entity
	h.r.Subscribe(func(e Entity) { refreshed = append(refreshed, e) })
	rep := h.forgetNow("erin")
	j := h.job(id)
	wantEqual(t, "status", j.Status, storage.JobClosed)
	found := false
	for _, e := range refreshed {
		found = found || e == (Entity{storage.KindJob, id})
	}
	if !found {
		t.Errorf("refreshed %v (reply %v), want job %d", refreshed, rep.Refresh, id)
	}
	card, err := h.r.Card(h.ctx, Entity{storage.KindJob, id})
	if err != nil {
		t.Fatal(err)
	}
	if h.field(card, "Status") != "closed" {
		t.Errorf("the job's card after forget: %+v", card)
	}
	for _, b := range card.Buttons {
		if b.URL != "" {
			t.Errorf("a closed card keeps its Apply button: %+v", b)
		}
	}
	if after := everyoneElse(t, h, erin, []string{"erin"}); after != before {
		t.Errorf("others' rows changed:\n%s", lineDiff(before, after))
	}
}

// lineDiff lists the lines only in a (-) or only in b (+).
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for _, l := range strings.Split(a, "\n") {
		if !mb[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if !ma[l] {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
