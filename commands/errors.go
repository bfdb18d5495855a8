package commands

import (
	"errors"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// errUsage means the arguments do not fit the command; the router answers
// with the route's usage and example.
var errUsage = errors.New("commands: usage")

// userError is a refusal with a catalog message.
type userError struct {
	key  string
	args []any
}

func (e *userError) Error() string { return "commands: " + e.key }

func userErr(key string, args ...any) error { return &userError{key: key, args: args} }

// catalogKey is a userError argument shown in the reader's language.
type catalogKey string

// localArgs renders the catalogKey arguments in lang.
func localArgs(lang Lang, args []any) []any {
	out := args
	for i, a := range args {
		if k, ok := a.(catalogKey); ok {
			if &out[0] == &args[0] {
				out = append([]any(nil), args...)
			}
			out[i] = T(lang, string(k))
		}
	}
	return out
}

// errOutcome classifies an error for logs and metrics.
func errOutcome(err error) string {
	var ue *userError
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, errPanic):
		return "panic"
	case errors.Is(err, errUsage), errors.As(err, &ue), isTimeError(err):
		return "refused"
	}
	switch storage.ErrorCode(err) {
	case storage.EINVALID, storage.ENOTFOUND, storage.ECONFLICT:
		return "refused"
	case storage.EFORBIDDEN:
		return "forbidden"
	}
	return "internal"
}

// errorText turns an error into a short message in the member's language.
// Unknown errors get "something went wrong"; their detail is only logged.
func (r *Router) errorText(req *Request, err error) string {
	lang := req.Lang
	var ue *userError
	switch {
	case errors.Is(err, errUsage):
		return usageText(lang, req.route)
	case errors.As(err, &ue):
		return T(lang, ue.key, localArgs(lang, ue.args)...)
	case isTimeError(err):
		return timeErrorText(lang, err)
	}
	if reason := storage.ErrorReason(err); reason != "" && storage.ErrorCode(err) != storage.EINTERNAL {
		key := "err." + reason
		if Has(key) {
			return T(lang, key, reasonArgs(reason)...)
		}
	}
	return T(lang, "err.internal")
}

// reasonArgs gives the limits a storage refusal's message quotes.
func reasonArgs(reason string) []any {
	switch reason {
	case "title_too_long":
		return []any{storage.MaxTitle}
	case "description_too_long":
		return []any{storage.MaxDescription}
	case "too_many_tags":
		return []any{storage.MaxTags}
	case "tag":
		return []any{storage.MaxTagLen}
	case "organisation_too_long":
		return []any{storage.MaxOrganisation}
	case "place_too_long":
		return []any{storage.MaxPlace}
	case "capacity":
		return []any{storage.MaxCapacity}
	case "announcement_too_long":
		return []any{storage.MaxAnnouncement}
	case "comment_too_long":
		return []any{storage.MaxComment}
	}
	return nil
}

// usageText is the syntax and an example of a route.
func usageText(lang Lang, rt *Route) string {
	if rt == nil {
		return T(lang, "err.internal")
	}
	return T(lang, "err.usage", T(lang, "usage."+rt.Key()), T(lang, "example."+rt.Key()))
}

// splitArgs splits a line into words; double quotes (straight or curly)
// group words.
func splitArgs(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inQuote, has := false, false
	for _, r := range line {
		switch {
		case r == '"' || r == '“' || r == '”' || r == '«' || r == '»':
			inQuote, has = !inQuote, true
		case !inQuote && (r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0'):
			if has {
				words = append(words, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if inQuote {
		return nil, userErr("err.quote")
	}
	if has {
		words = append(words, cur.String())
	}
	return words, nil
}

// restAfter returns line without its first n words, as typed.
func restAfter(line string, n int) string {
	s := strings.TrimSpace(line)
	for i := 0; i < n && s != ""; i++ {
		j := strings.IndexAny(s, " \t\n\r\u00a0")
		if j < 0 {
			return ""
		}
		s = strings.TrimSpace(s[j:])
	}
	return s
}
