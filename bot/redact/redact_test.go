package redact

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestRedacts(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(Handler(slog.NewJSONHandler(&buf, nil), "s3cr3t-signing-value"))
	secrets := []string{
		"xoxb-1234-5678-abcdef", "xapp-1-A1-99-ffff", "s3cr3t-signing-value",
		"T0001/1234567890/AbCdEfGh", // the capability part of a response_url
		"aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZg",
		"MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123",
		"0123456789abcdef0123456789abcdef",
		"LINKCODE-7Q2X",
	}
	log.Info("post failed",
		"err", fmt.Errorf("slack: %w", errors.New(`Post "https://hooks.slack.com/commands/T0001/1234567890/AbCdEfGh": timeout`)),
		"url", "https://discord.com/api/v10/interactions/123456/aW50ZXJhY3Rpb246MTIzNDU2Nzg5OmFiY2RlZg/callback",
		"header", "Bot MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123",
		"feed", "GET /calendar/0123456789abcdef0123456789abcdef.ics",
		slog.Group("slack", "token", "xoxb-1234-5678-abcdef", "note", "app xapp-1-A1-99-ffff"),
		"code", "LINKCODE-7Q2X",
	)
	log.With("signing", "s3cr3t-signing-value").Warn("the secret is s3cr3t-signing-value")
	out := buf.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("%q reached the log:\n%s", s, out)
		}
	}
	// What is not secret stays readable.
	for _, keep := range []string{"hooks.slack.com/", "/interactions/123456/", "/callback", "/calendar/", ".ics", "post failed", "timeout"} {
		if !strings.Contains(out, keep) {
			t.Errorf("%q was masked too:\n%s", keep, out)
		}
	}
}
