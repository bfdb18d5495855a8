package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// FuzzInteractionPayloads decodes any INTERACTION_CREATE payload with
// discordgo, as the gateway does, and hands it to the real adapter over a
// real router and SQLite file: commands, autocomplete, buttons and modal
// submissions of any shape are translated and answered without a panic.
func FuzzInteractionPayloads(f *testing.F) {
	for _, seed := range []string{
		`{"id":"1","type":2,"token":"t","data":{"name":"problem","options":[{"name":"post","type":1,"options":[{"name":"title","type":3,"value":"Hello"},{"name":"tags","type":3,"value":"#a #b"}]}]},"member":{"user":{"id":"42","username":"ann"}},"guild_id":"1","channel_id":"2","locale":"fr"}`,
		`{"id":"2","type":2,"token":"t","data":{"name":"workshop","options":[{"name":"join","type":1,"options":[{"name":"id","type":4,"value":1}]}]},"user":{"id":"42"}}`,
		`{"id":"3","type":3,"token":"t","data":{"custom_id":"workshop join 1","component_type":2},"member":{"user":{"id":"42"}}}`,
		`{"id":"4","type":4,"token":"t","data":{"name":"workshop","options":[{"name":"join","type":1,"options":[{"name":"id","type":4,"value":"cl","focused":true}]}]},"member":{"user":{"id":"42"}}}`,
		`{"id":"5","type":5,"token":"t","data":{"custom_id":"form:problem post","components":[{"type":1,"components":[{"type":4,"custom_id":"title","value":"T"}]}]},"member":{"user":{"id":"42"}}}`,
		`{"id":"6","type":2,"token":"t","data":{"name":"nope","options":[{"name":"x","type":2,"options":[]}]}}`,
		`{"type":9}`,
		`{"id":"7","type":3,"token":"t","data":{"custom_id":"","component_type":3,"values":["a"]}}`,
	} {
		f.Add([]byte(seed))
	}
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, payload []byte) {
		var ic discordgo.InteractionCreate
		if err := json.Unmarshal(payload, &ic); err != nil {
			return // not something the gateway would hand over
		}
		e.a.onInteraction(nil, &ic)
		if logs := e.logs.String(); strings.Contains(logs, "panic recovered") {
			t.Fatalf("%s: a panic was recovered:\n%s", payload, logs)
		}
	})
}
