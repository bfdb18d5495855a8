package commands

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// A member posting past the limit is refused politely, in their language,
// and nothing is written; staff are not limited; the bucket refills.
func TestPostRateLimit(t *testing.T) {
	h := newHarness(t)
	h.r = NewRouter(h.db, Config{
		Location: h.paris, Language: EN,
		IsStaff: func(platform, userID string) bool { return platform == "console" && userID == "admin" },
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		Posts:   Rate{Every: 10 * time.Minute, Burst: 2},
	})
	h.do("bob", "me language fr")
	for i := range 2 {
		if got := h.do("alice", "problem post Gaps "+string(rune('A'+i))).Text; !strings.HasPrefix(got, "Problem #") {
			t.Fatalf("post %d within the burst: %q", i+1, got)
		}
		h.do("bob", "problem post Trous "+string(rune('A'+i)))
	}
	before := h.counts()
	if got := h.do("alice", "problem post One too many").Text; got != T(EN, "err.rate_limited") {
		t.Errorf("third post: %q", got)
	}
	if got := h.do("alice", "jobs post Data engineer | Acme | permanent junior | Paris | https://acme.example/jobs/1 | 45-55k€").Text; got != T(EN, "err.rate_limited") {
		t.Errorf("a job right after: %q", got)
	}
	if got := h.do("bob", "problem post Encore").Text; got != T(FR, "err.rate_limited") {
		t.Errorf("in French: %q", got)
	}
	wantCounts(t, "refused posts", h.counts(), before)

	for i := range 5 {
		if got := h.do("admin", "problem post Staff note "+string(rune('A'+i))).Text; !strings.HasPrefix(got, "Problem #") {
			t.Errorf("staff post %d: %q", i+1, got)
		}
	}
	// Reading is never limited.
	if got := h.do("alice", "problem list").Text; got == T(EN, "err.rate_limited") {
		t.Error("a list was rate limited")
	}
	h.now = h.now.Add(10 * time.Minute)
	if got := h.do("alice", "problem post After a while").Text; !strings.HasPrefix(got, "Problem #") {
		t.Errorf("after the bucket refilled: %q", got)
	}
}
