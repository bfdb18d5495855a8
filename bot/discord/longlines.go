package discord

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"
)

// Discord takes at most 100 characters in a button's custom id, where the
// adapter puts the command line the button runs. A longer line (a list's
// Next button repeats the search typed, a track's name) is kept here and the
// button carries its key instead, so that no button is left off a message.
// The keys are the lines' hashes: drawing the same button again adds
// nothing. The store is bounded and in memory: a button pressed after a
// restart, or after thousands of newer long lines, is answered with a
// request to run the command again.
const (
	longLinePrefix = "line:"
	maxLongLines   = 4096
)

type lineStore struct {
	mu    sync.Mutex
	lines map[string]string
	order []string // keys, oldest first
}

var longLines = &lineStore{lines: map[string]string{}}

// key stores line and returns the custom id that stands for it.
func (s *lineStore) key(line string) string {
	sum := sha256.Sum256([]byte(line))
	id := longLinePrefix + base64.RawURLEncoding.EncodeToString(sum[:18])
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.lines[id]; !ok {
		if len(s.order) == maxLongLines {
			delete(s.lines, s.order[0])
			s.order = s.order[1:]
		}
		s.lines[id] = line
		s.order = append(s.order, id)
	}
	return id
}

// line is the command line a button's custom id runs; ok is false for a
// stored line that is no longer kept.
func (s *lineStore) line(customID string) (line string, ok bool) {
	if !strings.HasPrefix(customID, longLinePrefix) {
		return customID, true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	line, ok = s.lines[customID]
	return line, ok
}
