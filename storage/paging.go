package storage

import (
	"context"
	"fmt"
)

// PageSize is how many items a page of a list shows.
const PageSize = 20

// Page asks for one page of a list: Number counts from 1; After is the id
// of the last item of the page before, the cursor a "next" button carries,
// which keeps the next page right when items come or go meanwhile.
type Page struct {
	Number int
	After  int64
}

// PageInfo says where a page is: items First to Last (from 1) of Total,
// and the cursor of the next page, 0 on the last one.
type PageInfo struct {
	Number, First, Last, Total int
	Next                       int64
}

// pageIDs cuts one page out of a list's ids, in the list's order. newest
// says the ids are in decreasing order, so that a cursor whose item has
// gone still finds its place (the first id below it).
func pageIDs(all []int64, p Page, newest bool) ([]int64, PageInfo) {
	start := -1
	if p.After != 0 {
		for i, id := range all {
			if id == p.After {
				start = i + 1
				break
			}
			if newest && id < p.After {
				start = i
				break
			}
		}
		if start < 0 && newest {
			start = len(all)
		}
	}
	if start < 0 {
		start = (max(p.Number, 1) - 1) * PageSize
	}
	start = min(start, len(all))
	end := min(start+PageSize, len(all))
	info := PageInfo{Number: max(p.Number, 1), First: start + 1, Last: end, Total: len(all)}
	if p.After != 0 && p.Number <= 1 {
		info.Number = start/PageSize + 1
	}
	if end < len(all) && end > start {
		info.Next = all[end-1]
	}
	return all[start:end], info
}

// idsOf runs a query of ids.
func (db *DB) idsOf(ctx context.Context, q string, args ...any) ([]int64, error) {
	var ids []int64
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		ids, err = int64s(ctx, tx, q, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: page: %w", err)
	}
	return ids, nil
}

// PageOf cuts one page out of a list already read (open workshops,
// announcements, a workshop's participants), in its own order.
func PageOf[T any](all []T, id func(T) int64, p Page) ([]T, PageInfo) {
	ids := make([]int64, len(all))
	for i, v := range all {
		ids[i] = id(v)
	}
	page, info := pageIDs(ids, p, false)
	if len(page) == 0 {
		return nil, info
	}
	return all[info.First-1 : info.Last], info
}

// searchMatch turns a search's words into a full-text query, once index
// has brought the full-text index up to date.
func searchMatch(words string, index func() error) (string, error) {
	match := ftsQuery(words)
	if match == "" {
		return "", Errorf(EINVALID, "search_empty", "no words to search")
	}
	return match, index()
}
