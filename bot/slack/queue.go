package slack

import (
	"sync"
	"time"
)

// serial runs the work of one key (one member) in arrival order, and
// different keys in parallel: a reaction put on and taken off at once must
// not be applied in the other order.
type serial struct {
	mu     sync.Mutex
	queues map[string][]func()
}

func newSerial() *serial { return &serial{queues: map[string][]func(){}} }

// do queues fn behind key's earlier work; it never blocks.
func (s *serial) do(key string, fn func()) {
	s.mu.Lock()
	q, running := s.queues[key]
	s.queues[key] = append(q, fn)
	s.mu.Unlock()
	if running {
		return
	}
	go s.drain(key)
}

func (s *serial) drain(key string) {
	for {
		s.mu.Lock()
		q := s.queues[key]
		if len(q) == 0 {
			delete(s.queues, key)
			s.mu.Unlock()
			return
		}
		fn := q[0]
		q[0] = nil
		s.queues[key] = q[1:]
		s.mu.Unlock()
		fn()
	}
}

// seenSet remembers ids for ttl, to act once on an event Slack delivers
// again (HTTP retries, or a Socket Mode envelope resent after a lost ack).
type seenSet struct {
	ttl time.Duration
	mu  sync.Mutex
	ids map[string]time.Time
	// sweep is when expired ids are next dropped.
	sweep time.Time
}

func newSeenSet(ttl time.Duration) *seenSet {
	return &seenSet{ttl: ttl, ids: map[string]time.Time{}}
}

// first reports whether id is seen for the first time within ttl, and
// remembers it.
func (s *seenSet) first(id string, now time.Time) bool {
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
