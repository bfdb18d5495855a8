package slack

import (
	"sync"
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
