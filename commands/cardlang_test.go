package commands

import (
	"reflect"
	"testing"
)

// A card posted in a channel is in the community's language whoever posts
// it, and stays in it when a member of the other language acts on it: the
// card an edit renders is the card that was posted.
func TestCardsInCommunityLanguage(t *testing.T) {
	for _, community := range []Lang{EN, FR} {
		t.Run(string(community), func(t *testing.T) {
			h := newHarness(t)
			h.r.cfg.Language = community
			other := FR
			if community == FR {
				other = EN
			}
			h.must("alice", "me language "+string(other))
			h.must("bob", "me language "+string(community))
			h.must("admin", "me language "+string(other))

			posted := h.do("alice", "problem post Données manquantes | trous #timeseries")
			if !posted.Public || len(posted.Cards) != 1 {
				t.Fatalf("post: public %v, %d cards", posted.Public, len(posted.Cards))
			}
			// The confirmation is Alice's, in her language.
			if want := T(other, "problem.posted", 1); posted.Text[:len(want)] != want {
				t.Errorf("confirmation %q, want %q", posted.Text, want)
			}
			// Bob, of the community's language, says "me too": the edit is
			// rendered from the router's card, which must be the same card.
			h.must("bob", "problem interested 1")
			edit, err := h.r.Card(h.ctx, posted.Cards[0].Entity)
			if err != nil {
				t.Fatal(err)
			}
			if edit.Title != posted.Cards[0].Title || edit.Fields[0].Label != posted.Cards[0].Fields[0].Label {
				t.Errorf("edit %+v\nposted %+v", edit, posted.Cards[0])
			}
			// A workshop created by a member of the other language.
			created := h.do("admin", "workshop create from 1 capacity 2")
			if len(created.Cards) != 1 {
				t.Fatalf("create: %d cards", len(created.Cards))
			}
			h.must("alice", "workshop join 1")
			after, err := h.r.Card(h.ctx, created.Cards[0].Entity)
			if err != nil {
				t.Fatal(err)
			}
			labels := func(c Card) []string {
				var out []string
				for _, f := range c.Fields {
					out = append(out, f.Label)
				}
				return out
			}
			if !reflect.DeepEqual(labels(after), labels(created.Cards[0])) {
				t.Errorf("after a join by a %s member: %v, posted %v", other, labels(after), labels(created.Cards[0]))
			}
			if want := T(community, "label.host"); labels(after)[0] != want {
				t.Errorf("first label %q, want %q", labels(after)[0], want)
			}
			// The member's own ephemeral reply stays in their language.
			if r := h.do("alice", "workshop show 1"); r.Lang != other {
				t.Errorf("show: lang %s, want %s", r.Lang, other)
			}
		})
	}
}
