// Package redact keeps secrets and capabilities out of the logs in one
// place: a slog.Handler that masks them by attribute name and by pattern,
// whoever logs them and however they are wrapped (an error from an HTTP
// client quotes the URL it called, a webhook URL holds its token).
package redact

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// Mask replaces what is removed.
const Mask = "[redacted]"

// secretKeys are attribute names whose value is always a secret.
var secretKeys = map[string]bool{
	"token": true, "bot_token": true, "app_token": true, "secret": true, "signing_secret": true,
	"response_url": true, "password": true, "authorization": true, "code": true, "link_code": true,
	"calendar_token": true, "interaction_token": true, "webhook": true,
}

// patterns find secrets inside any text. A capability in a URL keeps its
// route (useful to read) and loses the part that grants access.
var patterns = []struct {
	hint string // a pattern runs only on text holding its hint: most log text holds none
	re   *regexp.Regexp
	with string
}{
	{"x", regexp.MustCompile(`\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+`), Mask},                               // Slack tokens
	{"hooks.slack.com/", regexp.MustCompile(`(hooks\.slack\.com/)[^\s"']+`), "${1}" + Mask},               // Slack response_urls and webhooks
	{"/", regexp.MustCompile(`(/(?:commands|actions|response)/)[^\s"']+`), "${1}" + Mask},                 // response_urls, Slack's and the fakes'
	{"/", regexp.MustCompile(`(/(?:interactions|webhooks)/\d+/)[A-Za-z0-9_.\-]+`), "${1}" + Mask},         // Discord interaction and webhook tokens
	{".", regexp.MustCompile(`\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b`), Mask}, // Discord bot tokens
	{"", regexp.MustCompile(`(?i)\b(Bot|Bearer)\s+[A-Za-z0-9._\-]{16,}`), "${1} " + Mask},                 // Authorization headers
	{"/calendar/", regexp.MustCompile(`(/calendar/)[A-Za-z0-9_-]{16,}(\.ics)`), "${1}" + Mask + "${2}"},   // personal calendar tokens
}

// Handler wraps next; values is a list of exact secrets (the configured
// tokens) masked wherever they appear.
func Handler(next slog.Handler, values ...string) slog.Handler {
	var keep []string
	for _, v := range values {
		if len(v) >= 8 { // a short value would mask ordinary words
			keep = append(keep, v)
		}
	}
	return &handler{next: next, values: keep}
}

type handler struct {
	next   slog.Handler
	values []string
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.String(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = h.attr(a)
	}
	return &handler{next: h.next.WithAttrs(clean), values: h.values}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{next: h.next.WithGroup(name), values: h.values}
}

func (h *handler) attr(a slog.Attr) slog.Attr {
	if secretKeys[strings.ToLower(a.Key)] {
		return slog.String(a.Key, Mask)
	}
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.String(v.String()))
	case slog.KindGroup:
		group := v.Group()
		clean := make([]any, len(group))
		for i, g := range group {
			clean[i] = h.attr(g)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		// Errors and structs print their text; if it holds a secret, the
		// masked text replaces the value.
		text := fmt.Sprint(v.Any())
		if masked := h.String(text); masked != text {
			return slog.String(a.Key, masked)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// String masks every secret in s.
func (h *handler) String(s string) string {
	for _, v := range h.values {
		s = strings.ReplaceAll(s, v, Mask)
	}
	for _, p := range patterns {
		if strings.Contains(s, p.hint) {
			s = p.re.ReplaceAllString(s, p.with)
		}
	}
	return s
}
