package slack

import (
	"context"
	"sync"
	"time"
)

// profile is what users.info tells of a member: the name shown, and the
// zone and locale used as hints when the member chose none.
type profile struct {
	Name     string
	Timezone string
	Locale   string
}

// userCache remembers users.info answers, so a member costs one call on
// first contact and then one per ttl, not one per interaction.
type userCache struct {
	api webAPI
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]userEntry
}

type userEntry struct {
	p   profile
	ok  bool
	exp time.Time
}

func newUserCache(api webAPI, ttl time.Duration) *userCache {
	return &userCache{api: api, ttl: ttl, entries: map[string]userEntry{}}
}

// failedLookupTTL keeps a failed lookup from being retried on every
// interaction of that member.
const failedLookupTTL = time.Minute

// get returns the member's profile; ok is false when users.info failed
// (the caller falls back on what the payload said).
func (c *userCache) get(ctx context.Context, userID string) (profile, bool) {
	now := time.Now()
	c.mu.Lock()
	e, found := c.entries[userID]
	c.mu.Unlock()
	if found && now.Before(e.exp) {
		return e.p, e.ok
	}
	u, err := c.api.GetUserInfoContext(ctx, userID)
	if err != nil {
		if ctx.Err() == nil {
			c.put(userID, userEntry{exp: now.Add(failedLookupTTL)})
		}
		return profile{}, false
	}
	p := profile{Name: u.Profile.DisplayName, Timezone: u.TZ, Locale: u.Locale}
	if p.Name == "" {
		p.Name = u.Profile.RealName
	}
	if p.Name == "" {
		p.Name = u.RealName
	}
	if p.Name == "" {
		p.Name = u.Name
	}
	c.put(userID, userEntry{p: p, ok: true, exp: now.Add(c.ttl)})
	return p, true
}

func (c *userCache) put(userID string, e userEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) > 50000 {
		now := time.Now()
		for k, v := range c.entries {
			if now.After(v.exp) {
				delete(c.entries, k)
			}
		}
	}
	c.entries[userID] = e
}
