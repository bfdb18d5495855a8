package commands

import (
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// FuzzJobPost checks the job post readers on any text: the typed form's
// tags are valid, the words read are the stored ones, the expiry is
// bounded, and whatever passes jobOf is accepted by storage's URL check.
func FuzzJobPost(f *testing.F) {
	for _, seed := range []string{
		"Data | CHU | CDD | phd | Lyon | https://a.example | 45 #nlp",
		"t | o | fixed term | junior | remote | http://x.y | 2027-01-15 #a #b",
		"| | | | |", "a|b|c|d|e|f|g|h", "#1 | x #", "postdoc junior 45 jours", "15/01/2027", "-0", "99999999999999999999d",
	} {
		f.Add(seed)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	f.Fuzz(func(t *testing.T, s string) {
		if in, err := jobFromText(s); err == nil {
			for _, tag := range in.tags {
				if !storage.ValidTag(tag) {
					t.Fatalf("invalid tag %q from %q", tag, s)
				}
			}
			req := &Request{Lang: EN, Now: testNow, Loc: paris}
			if j, err := jobOf(req, in, time.UTC); err == nil {
				if !storage.ValidContract(j.Contract) || !storage.ValidLevel(j.Level) || storage.CheckApplyURL(j.ApplyURL) != nil || len(j.Tags) == 0 {
					t.Fatalf("jobOf(%q) accepted %+v", s, j)
				}
			}
		}
		if c, l, _, err := splitTerms(s); err == nil {
			if _, ok := contractWord(c); c != "" && !ok {
				t.Fatalf("splitTerms(%q) contract %q", s, c)
			}
			if _, ok := levelWord(l); l != "" && !ok {
				t.Fatalf("splitTerms(%q) level %q", s, l)
			}
		}
		if n, err := parseExpiry(s, DateParser{Now: testNow, Loc: paris}); err == nil && (n > 100000 || n < -100000) {
			t.Fatalf("parseExpiry(%q) = %d", s, n)
		}
		readLocation(s)
	})
}
