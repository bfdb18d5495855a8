package storage

import (
	"path/filepath"
	"testing"
)

// Options.SynchronousFull reaches the writer's connection; the default is
// NORMAL (1), FULL is 2.
func TestSynchronousOption(t *testing.T) {
	for _, tc := range []struct {
		opts []Options
		want int
	}{{nil, 1}, {[]Options{{SynchronousFull: true}}, 2}} {
		db, err := Open(t.Context(), filepath.Join(t.TempDir(), "a.db"), tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		var got int
		if err := db.write.QueryRowContext(t.Context(), `PRAGMA synchronous`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if got != tc.want {
			t.Errorf("options %+v: synchronous = %d, want %d", tc.opts, got, tc.want)
		}
	}
}
