package slack

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/slack/slackfake"
)

// FuzzHTTPPayloads sends any body, correctly signed, to each HTTP mode
// endpoint of the real adapter: slash-command forms, interactivity
// payloads and Events API JSON are decoded and translated without a panic,
// and every request is answered with a status below 500 (or the 503 of a
// stopping adapter).
func FuzzHTTPPayloads(f *testing.F) {
	seeds := []struct{ path, body string }{
		{PathCommands, "team_id=T0FAKE&channel_id=C0GENERAL&user_id=UBOB&user_name=bob&command=%2Fproblem&text=post+Hello+%23tag&response_url=&trigger_id=1.2"},
		{PathCommands, "command=%2Fworkshop&text=join+%3C%21channel%3E&user_id=UBOB"},
		{PathCommands, "command=%2Fatelier&text=&user_id="},
		{PathInteractivity, `payload={"type":"block_actions","user":{"id":"UBOB"},"team":{"id":"T0FAKE"},"channel":{"id":"C0GENERAL"},"actions":[{"action_id":"workshop.join","value":"workshop join 1"}]}`},
		{PathInteractivity, `payload={"type":"view_submission","user":{"id":"UBOB"},"view":{"callback_id":"problem post","state":{"values":{}}}}`},
		{PathInteractivity, "payload=%7B%22type%22%3A1%7D"},
		{PathEvents, `{"type":"url_verification","challenge":"abc"}`},
		{PathEvents, `{"type":"event_callback","team_id":"T0FAKE","event_id":"Ev1","event":{"type":"reaction_added","user":"UBOB","reaction":"raised_hand","item":{"type":"message","channel":"C0GENERAL","ts":"1.1"}}}`},
		{PathEvents, `{"type":"event_callback","event_id":"Ev2","event":{"type":"app_home_opened","user":"UBOB","tab":"home"}}`},
		{PathEvents, `{"type":"event_callback","event":null}`},
	}
	for _, s := range seeds {
		f.Add(s.path, []byte(s.body))
	}
	clk := &clock{now: time.Now()}
	h := newHTTPHarness(f, clk)
	f.Cleanup(h.stop)
	handler := h.a.Handler()
	f.Fuzz(func(t *testing.T, path string, body []byte) {
		switch path {
		case PathCommands, PathInteractivity, PathEvents:
		default:
			path = PathEvents
		}
		ts, sig := slackfake.Sign(httpSecret, clk.Now(), body)
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		if path == PathEvents {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", sig)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s %q: status %d %s", path, body, rec.Code, rec.Body.String())
		}
		if strings.Contains(h.logs.String(), "panic recovered") {
			t.Fatalf("%s %q: a panic was recovered:\n%s", path, body, h.logs.String())
		}
	})
}
