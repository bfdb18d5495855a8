package discord

import (
	"context"
	"fmt"
	"github.com/atelier-bot/atelier/bot/discord/discordfake"
	"strings"
	"testing"

	"github.com/atelier-bot/atelier/storage"
)

// /training through the fake Discord: paging, accent-blind search, and
// enrol, done and the one-tap answer as a member.
func TestTrainings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for i := 1; i <= 11; i++ {
		tr := storage.Training{Title: fmt.Sprintf("Python %d", i), Kind: storage.TrainingVideo, Language: "en", Minutes: 10,
			URL: "https://u.example/p", Tags: []string{"python"}}
		if i == 11 {
			tr.Title, tr.Tags = "L'inférence causale", []string{"causal"}
		}
		if err := e.db.CreateTraining(context.Background(), &tr); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.text(aliceID, "training", subc("list")); !strings.Contains(got, "#11 L'inférence causale") {
		t.Errorf("list: %q", got)
	}
	// Where the page is, and the Next button, on the page's card.
	_, cb := e.command(aliceID, "en-US", "training", subc("list"))
	d := cb.Decode()
	if len(d.Embeds) != 1 || d.Embeds[0].Footer == nil || !strings.HasPrefix(d.Embeds[0].Footer.Text, "1–10 of 11") {
		t.Errorf("page card: %+v", d.Embeds)
	}
	if bs := discordfake.Buttons(d.Components); len(bs) != 1 || !strings.HasPrefix(bs[0].CustomID, "training list page 2 after ") {
		t.Errorf("next button: %+v", bs)
	}
	if got := e.text(aliceID, "training", subc("list", str("text", "page 2"))); !strings.Contains(got, "#1 Python 1") {
		t.Errorf("page 2: %q", got)
	}
	if got := e.text(aliceID, "training", subc("search", str("text", "INFERENCE"))); !strings.Contains(got, "#11 L'inférence causale") {
		t.Errorf("search: %q", got)
	}
	if got := e.text(aliceID, "training", subc("done", str("text", "11"))); !strings.Contains(got, "Noted: you are done with #11") {
		t.Errorf("done: %q", got)
	}
	if got := e.text(aliceID, "training", subc("gave", str("text", "11 tool"))); !strings.Contains(got, "a tool") {
		t.Errorf("gave: %q", got)
	}
	if got := e.text(bobID, "training", subc("mine")); strings.Contains(got, "a tool") {
		t.Errorf("bob sees alice's answer: %q", got)
	}
}
