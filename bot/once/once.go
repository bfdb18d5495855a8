// Package once remembers ids for a while, so that what a platform delivers
// twice (a retried event, a replayed signed request, an interaction seen
// again after a resume) acts once. Both adapters use it.
package once

import (
	"sync"
	"time"
)

// Set remembers ids for TTL. The zero value is not usable: use New.
type Set struct {
	ttl time.Duration
	mu  sync.Mutex
	ids map[string]time.Time
	// sweep is when expired ids are next dropped.
	sweep time.Time
}

// New returns a set that remembers each id for ttl.
func New(ttl time.Duration) *Set {
	return &Set{ttl: ttl, ids: map[string]time.Time{}}
}

// First reports whether id is seen for the first time within the TTL, and
// remembers it. An empty id is always new (nothing to recognise it by).
func (s *Set) First(id string, now time.Time) bool {
	if id == "" {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.After(s.sweep) {
		for k, t := range s.ids {
			if now.Sub(t) > s.ttl {
				delete(s.ids, k)
			}
		}
		s.sweep = now.Add(s.ttl / 4)
	}
	if t, ok := s.ids[id]; ok && now.Sub(t) <= s.ttl {
		return false
	}
	s.ids[id] = now
	return true
}
