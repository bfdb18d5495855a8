package discord

import (
	"encoding/json"
	"testing"

	"github.com/atelier-bot/atelier/commands"
)

// The registration payload the real client sent to the fake: every
// command, option and choice has an English text and a French
// localisation, and none of them is a raw catalog key.
func TestRegistrationPayloadLocalised(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var cmds []map[string]any
	if err := json.Unmarshal(e.fake.Commands(), &cmds); err != nil {
		t.Fatal(err)
	}
	if len(cmds) < 5 {
		t.Fatalf("%d commands registered", len(cmds))
	}
	n := 0
	var check func(where string, o map[string]any)
	check = func(where string, o map[string]any) {
		text, locField := "description", "description_localizations"
		if _, isChoice := o["value"]; isChoice {
			text, locField = "name", "name_localizations"
		}
		en, _ := o[text].(string)
		locs, _ := o[locField].(map[string]any)
		fr, _ := locs["fr"].(string)
		if en == "" || fr == "" || commands.IsRawKey(en) || commands.IsRawKey(fr) {
			t.Errorf("%s: %s %q, fr %q", where, text, en, fr)
		}
		n++
		for _, list := range []string{"options", "choices"} {
			subs, _ := o[list].([]any)
			for _, s := range subs {
				m := s.(map[string]any)
				name, _ := m["name"].(string)
				check(where+" "+name, m)
			}
		}
	}
	for _, c := range cmds {
		check("/"+c["name"].(string), c)
	}
	if n < 50 {
		t.Errorf("only %d texts checked", n)
	}
}
