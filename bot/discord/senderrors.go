package discord

import (
	"time"
)

// The scheduler's Sender contract sorts failures: a rate limit with its
// delay, and failures retrying cannot fix.

type retryAfterError struct {
	delay time.Duration
	err   error
}

func (e *retryAfterError) Error() string { return e.err.Error() }
func (e *retryAfterError) Unwrap() error { return e.err }

func retryAfter(d time.Duration, err error) error { return &retryAfterError{d, err} }

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return &permanentError{err} }
