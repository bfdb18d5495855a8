package commands

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate is a rate: Burst at once, then one every Every. For posts
// (problems, jobs, feedback, nominations, outcomes) it applies per member,
// staff excepted. The zero value turns the limit off.
type Rate struct {
	Every time.Duration
	Burst int
}

// Buckets holds one token bucket per key (a member, a calendar address):
// Burst at once, then one every Every. Buckets that are full again are
// dropped, so the map holds only keys used lately. The zero Limit lets
// everything through.
type Buckets[K comparable] struct {
	Limit Rate
	mu    sync.Mutex
	byKey map[K]*rate.Limiter
	sweep time.Time
}

// Allow takes a token for key at now; false when its bucket is empty.
func (l *Buckets[K]) Allow(key K, now time.Time) bool {
	if l.Limit.Every <= 0 || l.Limit.Burst <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byKey == nil {
		l.byKey = map[K]*rate.Limiter{}
	}
	if now.After(l.sweep) {
		for k, b := range l.byKey {
			if b.TokensAt(now) >= float64(l.Limit.Burst) {
				delete(l.byKey, k)
			}
		}
		l.sweep = now.Add(l.Limit.Every * time.Duration(l.Limit.Burst))
	}
	b, ok := l.byKey[key]
	if !ok {
		b = rate.NewLimiter(rate.Every(l.Limit.Every), l.Limit.Burst)
		l.byKey[key] = b
	}
	return b.AllowN(now, 1)
}

// rateLimited refuses a member's post when their bucket is empty, before
// the handler runs: nothing is written.
func (r *Router) rateLimited(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, req *Request) (Reply, error) {
		if !req.Member.IsStaff() && !r.posts.Allow(req.Member.ID, r.db.Now()) {
			return Reply{}, userErr("err.rate_limited")
		}
		return next.Serve(ctx, req)
	})
}

func init() {
	register(map[string][2]string{
		"err.rate_limited": {"You are posting faster than this community allows. Nothing was posted; try again in a few minutes.",
			"Vous publiez plus vite que cette communauté ne le permet. Rien n'a été publié ; réessayez dans quelques minutes."},
	})
}
