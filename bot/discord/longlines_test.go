package discord

import (
	"fmt"
	"testing"
)

// The store of long lines keeps the newest maxLongLines, once each.
func TestLineStoreBounded(t *testing.T) {
	s := &lineStore{lines: map[string]string{}}
	first := s.key("problem search first")
	if again := s.key("problem search first"); again != first || len(s.order) != 1 {
		t.Fatalf("the same line stored twice: %q %q %d", first, again, len(s.order))
	}
	var last string
	for i := range maxLongLines {
		last = s.key(fmt.Sprintf("problem search %d", i))
	}
	if len(s.lines) != maxLongLines || len(s.order) != maxLongLines {
		t.Errorf("%d lines, %d keys kept, want %d", len(s.lines), len(s.order), maxLongLines)
	}
	if _, ok := s.line(first); ok {
		t.Error("the oldest line is still kept")
	}
	if line, ok := s.line(last); !ok || line != fmt.Sprintf("problem search %d", maxLongLines-1) {
		t.Errorf("newest: %q, %v", line, ok)
	}
	if line, ok := s.line("workshop join 3"); !ok || line != "workshop join 3" {
		t.Errorf("a plain custom id: %q, %v", line, ok)
	}
}
