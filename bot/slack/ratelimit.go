package slack

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// retrying wraps the Web API's HTTP client: a call answered 429 waits the
// Retry-After Slack gave and is sent again, up to maxRetries times, so
// nothing is dropped for a rate limit. Slack limits per method, so the
// pause applies to every call of that method, not only the one refused.
type retrying struct {
	next       *http.Client
	maxRetries int
	log        *slog.Logger

	mu    sync.Mutex
	until map[string]time.Time // method -> no call before
	waits atomic.Uint64
}

func newRetrying(next *http.Client, maxRetries int, log *slog.Logger) *retrying {
	return &retrying{next: next, maxRetries: maxRetries, log: log, until: map[string]time.Time{}}
}

// defaultRetryAfter is used when a 429 carries no usable Retry-After.
const defaultRetryAfter = time.Second

// maxRetryAfter caps one wait, so a wrong header cannot park a call for
// hours.
const maxRetryAfter = 10 * time.Minute

// noRetryKey marks a context whose calls must not wait out a 429 here:
// the caller (the scheduler's dispatcher, through Send) holds the whole
// platform for the delay and tries again itself.
type noRetryKey struct{}

func withoutRetry(ctx context.Context) context.Context {
	return context.WithValue(ctx, noRetryKey{}, true)
}

// Do implements slack-go's httpClient.
func (c *retrying) Do(req *http.Request) (*http.Response, error) {
	method := path.Base(req.URL.Path)
	if strings.HasPrefix(req.URL.Path, "/response/") || !strings.Contains(method, ".") {
		method = "response_url"
	}
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		if err := c.waitFor(ctx, method); err != nil {
			return nil, err
		}
		if attempt > 0 {
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				req.Body = body
			}
		}
		resp, err := c.next.Do(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests {
			return resp, err
		}
		wait := retryAfter(resp.Header.Get("Retry-After"))
		if ctx.Value(noRetryKey{}) != nil {
			c.waits.Add(1)
			c.pause(method, wait)
			return resp, nil
		}
		if attempt >= c.maxRetries || (req.Body != nil && req.GetBody == nil) {
			// slack-go turns this answer into a *slack.RateLimitedError.
			c.log.Warn("slack rate limit: giving up", "method", method, "attempts", attempt+1)
			return resp, nil
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		c.waits.Add(1)
		c.pause(method, wait)
		c.log.Warn("slack rate limited", "method", method, "retry_after", wait, "attempt", attempt+1)
	}
}

func retryAfter(h string) time.Duration {
	sec, err := strconv.Atoi(strings.TrimSpace(h))
	if err != nil || sec <= 0 {
		return defaultRetryAfter
	}
	return min(time.Duration(sec)*time.Second, maxRetryAfter)
}

func (c *retrying) pause(method string, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := time.Now().Add(d); t.After(c.until[method]) {
		c.until[method] = t
	}
}

func (c *retrying) waitFor(ctx context.Context, method string) error {
	c.mu.Lock()
	t := c.until[method]
	c.mu.Unlock()
	if d := time.Until(t); d > 0 && !sleep(ctx, d) {
		return ctx.Err()
	}
	return ctx.Err()
}

// pacer spaces chat.postMessage calls per channel: interval apart on
// average, with up to burst at once (a token bucket, kept as the
// theoretical arrival time of the next call).
type pacer struct {
	interval time.Duration
	burst    int
	mu       sync.Mutex
	tat      map[string]time.Time
}

func newPacer(interval time.Duration, burst int) *pacer {
	return &pacer{interval: interval, burst: burst, tat: map[string]time.Time{}}
}

// wait reserves the channel's next slot and sleeps until it; slept says
// whether it had to.
func (p *pacer) wait(ctx context.Context, channel string) (slept bool, err error) {
	_, slept, err = p.take(ctx, channel, -1)
	return slept, err
}

// take is wait for a caller that can come back later: when the channel's
// next slot is more than most away (most < 0: no bound), it reserves
// nothing and returns how long until the slot.
func (p *pacer) take(ctx context.Context, channel string, most time.Duration) (later time.Duration, slept bool, err error) {
	p.mu.Lock()
	now := time.Now()
	tat := p.tat[channel]
	if tat.Before(now) {
		tat = now
	}
	at := tat.Add(-time.Duration(p.burst-1) * p.interval)
	if d := at.Sub(now); most >= 0 && d > most {
		p.mu.Unlock()
		return d, false, nil
	}
	p.tat[channel] = tat.Add(p.interval)
	// Forget idle channels now and then, so the map stays small.
	if len(p.tat) > 1000 {
		for ch, t := range p.tat {
			if t.Before(now) {
				delete(p.tat, ch)
			}
		}
	}
	p.mu.Unlock()
	d := at.Sub(now)
	if d > 0 && !sleep(ctx, d) {
		return 0, true, ctx.Err()
	}
	return 0, d > 0, nil
}
