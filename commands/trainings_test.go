package commands

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The catalogue on the console: staff add, paging, accent-blind search,
// enrol, done, the one-tap answer, and nobody else's answer in a reply.
func TestTrainingCatalogueScenario(t *testing.T) {
	h := newHarness(t)
	if rep := h.do("alice", "training add Video | video | Uni | en | 10 | https://u.example/v #python"); !strings.Contains(h.text(rep), "staff") && !isRefusal(rep) {
		t.Fatalf("member added a training: %s", h.text(rep))
	}
	for i := 1; i <= 11; i++ {
		h.must("admin", fmt.Sprintf("training add Python %d | video | Uni | en | 10 | https://u.example/%d #python", i, i))
	}
	rep := h.must("admin", "training add L'inférence causale en 10 minutes | vidéo | Université de Lyon | fr | 10 min | https://u.example/causal #causal #stats")
	wantText(t, h.text(rep), "Training #12 added", "L'inférence causale en 10 minutes", "Kind: video", "Length: 10 min", "#causal #stats")

	// Page 1 of 2, English first for an English reader, with the next
	// page's command; page 2 has the rest.
	list := h.text(h.must("alice", "training list"))
	wantText(t, list, "#11 Python 11", "1–10 of 12", "next: `/training list page 2`")
	wantNoText(t, list, "#12 L'inférence")
	wantText(t, h.text(h.must("alice", "training list page 2")), "#1 Python 1", "#12 L'inférence causale", "11–12 of 12")
	wantText(t, h.text(h.do("alice", "training list page 9")), "No such page: the list has 12.")
	wantText(t, h.text(h.do("alice", "training list page x")), "`x` is not a page number")
	wantText(t, h.text(h.do("alice", "training list python")), "`python` is not a filter")
	wantText(t, h.text(h.must("alice", "training list #causal")), "Trainings on #causal", "#12 L'inférence")

	// Search: accents and case ignored, each word a prefix.
	for _, q := range []string{"INFERENCE", "inférence caus", "universite lyon", "stats"} {
		wantText(t, h.text(h.must("alice", "training search "+q)), "#12 L'inférence causale")
	}
	wantText(t, h.text(h.do("alice", "training search zebra")), "No training matches “zebra”.")

	// Refusals name what was not understood.
	wantText(t, h.text(h.do("admin", "training add X | podcast | Uni | en | 10 | https://u.example #a")), "`podcast` is not a kind of training")
	wantText(t, h.text(h.do("admin", "training add X | video | Uni | de | 10 | https://u.example #a")), "`de` is not a language")
	wantText(t, h.text(h.do("admin", "training add X | video | Uni | en | ten | https://u.example #a")), "`ten` is not a length")
	wantText(t, h.text(h.do("admin", "training add X | video | Uni | en | 10 | u.example #a")), "`u.example` is neither a link")
	wantText(t, h.text(h.do("admin", "training add X | video | Uni | en | 10 | workshop #99 #a")), "workshop")
	wantText(t, h.text(h.do("admin", "training add X | video #a")), "Missing: the language")

	// Enrol, done, one tap.
	c := h.card(h.must("alice", "training show 12"))
	c = h.card(h.press("alice", lineButton(t, c, "training enrol 12")))
	wantText(t, c.Body, "You are enrolled")
	done := h.press("alice", lineButton(t, c, "training done 12"))
	// The training's card, then the optional skill question of each tag.
	if len(done.Cards) != 3 {
		t.Fatalf("done: %d cards, want the training's and one question per tag: %s", len(done.Cards), replyText(done))
	}
	c = done.Cards[0]
	wantText(t, c.Body, "What did it give you?")
	wantText(t, done.Cards[1].Title, "how sure were you of #causal before?")
	wantText(t, h.text(h.press("alice", lineButton(t, c, "training gave 12 method"))), "Noted for L'inférence causale en 10 minutes: a method.")
	wantText(t, h.text(h.do("alice", "training gave 12 grade")), "`grade` is not an answer")
	wantText(t, h.text(h.must("alice", "training mine")), "Your trainings", "#12 L'inférence", "gave you a method")

	// Bob sees the module, not Alice's answer nor her enrolment.
	for _, line := range []string{"training show 12", "training mine", "training list page 2", "training search causale"} {
		wantNoText(t, h.text(h.do("bob", line)), "method", "Alice", "alice", "You said you are done")
	}
	wantText(t, h.text(h.do("bob", "training gave 12 idea")), "Say you are done first")

	// Edit and retire.
	wantText(t, h.text(h.must("admin", "training edit 12 Causal inference | video | Université de Lyon | en | 12 | https://u.example/causal #causal")),
		"Training #12 changed.", "Length: 12 min")
	wantText(t, h.text(h.must("admin", "training retire 12")), "Training #12 Causal inference is retired")
	wantText(t, h.text(h.do("alice", "training search causal")), "No training matches")
	wantText(t, h.text(h.do("bob", "training enrol 12")), "That training is retired")
	wantText(t, h.text(h.must("alice", "training mine")), "gave you a method")
}

// lineButton returns the card's button that runs line; a card may carry
// link buttons, which have none.
func lineButton(t *testing.T, c Card, line string) Button {
	t.Helper()
	for _, b := range c.Buttons {
		if b.Line == line {
			return b
		}
	}
	t.Fatalf("card %q has no button for %q: %+v", c.Title, line, c.Buttons)
	return Button{}
}

// /me skills is a member's own journal; /me orgs their own dated
// history. Neither shows anything of another member, nor any score.
func TestMeSkillsAndOrgs(t *testing.T) {
	h := newHarness(t)
	h.must("admin", "training add Causal inference | video | Uni Lyon | en | 10 | https://u.example/c #causal")
	h.must("admin", "training add Escape game | game | Latitudes | en | 45 | https://g.example #ai")
	wantText(t, h.text(h.must("alice", "me skills")), "Your journal is empty")
	h.must("alice", "training done 1")
	h.must("alice", "training gave 1 method")
	h.must("alice", "training enrol 2")
	h.must("bob", "training done 2")
	h.must("bob", "training gave 2 tool")
	got := h.text(h.must("alice", "me skills"))
	wantText(t, got, "What you said you learned", "Causal inference (video, Uni Lyon) — gave you a method · #causal")
	wantNoText(t, got, "Escape game", "a tool", "bob", "rank")
	wantNoText(t, h.text(h.must("bob", "me skills")), "Causal", "a method")

	h.must("alice", "me org IGN")
	h.now = h.now.Add(48 * time.Hour)
	h.must("alice", "me org CNRS")
	wantText(t, h.text(h.must("alice", "me orgs")), "Your organisations", ": IGN", ": CNRS")
	wantText(t, h.text(h.must("bob", "me orgs")), "No organisation recorded yet")
}

// No member-facing reply, of any route a member may run, shows another
// member's skills or a per-person figure: Zelda's answer (confidence) and
// the retention table stay out of everything Bob can type, while Bob's
// own examples (done, gave method) act on the same module.
func TestNoOtherMembersSkillsInReplies(t *testing.T) {
	h := newHarness(t)
	h.must("admin", "training add Causal inference | video | Uni Lyon | en | 10 | https://u.example/c #causal")
	h.must("zelda7", "training done 1")
	h.must("zelda7", "training gave 1 confidence")
	h.must("zelda7", "me org IGN")
	for _, rt := range h.r.Routes() {
		if rt.Staff {
			continue
		}
		for _, lang := range []Lang{EN, FR} {
			line := strings.TrimPrefix(T(lang, "example."+rt.Key()), "/")
			for _, l := range []string{line, rt.Command + " " + rt.Sub, strings.Replace(line, " 3", " 1", 1)} {
				got := h.text(h.do("bob", l))
				wantNoText(t, got, "answered: confidence", "gave you confidence", "répondu : de l'assurance", "apporté de l'assurance", "still there", "encore là", "zelda7")
			}
		}
	}
	// The staff table is refused to a member.
	wantNoText(t, h.text(h.do("bob", "atelier stats retention")), "IGN", "Retention")
}
