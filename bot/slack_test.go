package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/bot/slack/slackfake"
)

// The whole program with Slack enabled, as `go run . -config atelier.yaml`
// runs it, against a fake Slack: it connects over Socket Mode, answers a
// slash command, and stops cleanly.
func TestRunSlackConnected(t *testing.T) {
	fake := slackfake.New(t, slackfake.Options{PingInterval: 200 * time.Millisecond})
	fake.AddUser(slackfake.User{ID: "U0ADA", Name: "ada", DisplayName: "Ada", TZ: "Europe/Paris", Locale: "en-US"})
	dir := t.TempDir()
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, `database:
  path: `+filepath.Join(dir, "atelier.db")+`
staff:
  slack: [U0ADA]
slack:
  enabled: true
  bot_token: ${SLACK_BOT_TOKEN}
  app_token: ${SLACK_APP_TOKEN}
  api_url: `+fake.APIURL()+`
`)
	env := map[string]string{"SLACK_BOT_TOKEN": fake.Options().BotToken, "SLACK_APP_TOKEN": fake.Options().AppToken}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"-config", cfg}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	}()
	fake.WaitConnections(t, 1)

	sent, err := fake.SlashCommand("U0ADA", "C0GENERAL", "/workshop", "create Imputation clinic")
	if err != nil {
		t.Fatal(err)
	}
	ack := fake.WaitAck(t, sent)
	var answer struct{ Text string }
	json.Unmarshal(ack.Payload, &answer)
	if !strings.HasPrefix(answer.Text, "Workshop #1 created.") {
		t.Errorf("answer %q", answer.Text)
	}
	fake.WaitCall(t, "chat.postMessage", func(c slackfake.Call) bool { return strings.HasPrefix(c.Text, "#1 · Imputation clinic") })

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not stop")
	}
	if logs := errOut.String(); !strings.Contains(logs, "slack connected (Socket Mode)") || strings.Contains(logs, fake.Options().BotToken) || strings.Contains(logs, fake.Options().AppToken) {
		t.Errorf("logs (connected, and no token):\n%s", logs)
	}
}

// HTTP mode through the whole program: Slack's endpoints are served on the
// shared listener at http.listen, beside /healthz, and check signatures.
func TestRunSlackHTTPMode(t *testing.T) {
	fake := slackfake.New(t, slackfake.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "atelier.yaml")
	writeFile(t, cfg, `database:
  path: `+filepath.Join(dir, "atelier.db")+`
slack:
  enabled: true
  mode: http
  bot_token: `+fake.Options().BotToken+`
  signing_secret: ${SLACK_SIGNING_SECRET}
  api_url: `+fake.APIURL()+`
http:
  listen: `+addr+`
`)
	const secret = "e2e-signing-secret"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- Run(ctx, []string{"-config", cfg}, func(k string) string {
			if k == "SLACK_SIGNING_SECRET" {
				return secret
			}
			return ""
		}, strings.NewReader(""), &out, &errOut)
	}()
	fake.UseHTTP("http://"+addr, secret)
	// The listener may not be up yet: retry the challenge until answered.
	var ack slackfake.Ack
	deadline := time.Now().Add(10 * time.Second)
	for {
		env, _ := fake.URLVerification("challenge-123")
		ack = fake.WaitAck(t, env)
		if ack.Status == 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(string(ack.Body), `"challenge":"challenge-123"`) {
		t.Fatalf("url_verification: %d %s", ack.Status, ack.Body)
	}
	env, _ := fake.SlashCommand("U0BOB", "C0GENERAL", "/workshop", "list")
	ack = fake.WaitAck(t, env)
	if ack.Status != 200 || !strings.Contains(string(ack.Body), "No workshop planned yet.") {
		t.Errorf("slash over HTTP: %d %s", ack.Status, ack.Body)
	}
	fake.UseHTTP("http://"+addr, "wrong-secret")
	env, _ = fake.SlashCommand("U0BOB", "C0GENERAL", "/workshop", "list")
	if ack = fake.WaitAck(t, env); ack.Status != 401 {
		t.Errorf("bad signature: status %d", ack.Status)
	}
	// Healthy once the adapter's token is accepted (auth.test may still
	// be on its way when the listener already answers).
	status := 0
	for end := time.Now().Add(5 * time.Second); status != 200 && time.Now().Before(end); {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if status = resp.StatusCode; status != 200 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if status != 200 {
		t.Errorf("/healthz %d with Slack in HTTP mode", status)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not stop")
	}
}
