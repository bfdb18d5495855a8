package storage

import (
	"errors"
	"fmt"
)

// Error codes, after Ben Johnson's wtf: the edge shows the user a message for
// the known codes and logs the rest.
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EINTERNAL  = "internal"
)

// Error is a domain error. Reason is a stable machine word (for example
// "capacity_below_count") that callers map to a translated message; Message
// is for logs only and never shown to users.
type Error struct {
	Code    string
	Reason  string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("storage: %s: %s", e.Code, e.Message)
}

// Errorf returns a domain error with a code and reason.
func Errorf(code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the domain error in err's chain, EINTERNAL
// for any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorReason returns the reason of the domain error in err's chain, or "".
func ErrorReason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}
