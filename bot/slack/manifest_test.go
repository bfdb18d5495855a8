package slack

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/atelier-bot/atelier/commands"
	"gopkg.in/yaml.v3"
)

type manifest struct {
	Features struct {
		AppHome struct {
			HomeTab bool `yaml:"home_tab_enabled"`
		} `yaml:"app_home"`
		SlashCommands []struct {
			Command      string `yaml:"command"`
			Description  string `yaml:"description"`
			URL          string `yaml:"url"`
			ShouldEscape bool   `yaml:"should_escape"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuth struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Events struct {
			RequestURL string   `yaml:"request_url"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			Enabled    bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url"`
		} `yaml:"interactivity"`
		SocketMode bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

// The manifests list every command the router serves (Slack keeps /me for
// itself: the profile is /atelier-me), the scopes the adapter's calls need
// and no more, and the events it handles.
func TestManifests(t *testing.T) {
	h := newHarness(t)
	routes := map[string]bool{}
	for _, rt := range h.router.Routes() {
		routes[rt.Command] = true
	}
	// Named by the issue, served by the router once its feature lands.
	coming := map[string]bool{"jobs": true}

	for _, c := range []struct {
		name, src string
		socket    bool
	}{{"manifest.yaml", Manifest, true}, {"manifest-http.yaml", ManifestHTTP, false}} {
		var m manifest
		if err := yaml.Unmarshal([]byte(c.src), &m); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var cmds []string
		for _, sc := range m.Features.SlashCommands {
			cmds = append(cmds, sc.Command)
			if sc.ShouldEscape {
				t.Errorf("%s %s: should_escape would turn mentions into <@U…> markup", c.name, sc.Command)
			}
			// A manifest carries one language; it must be text, never a
			// raw catalog key.
			if len(sc.Command) > 32 || strings.ToLower(sc.Command) != sc.Command || sc.Description == "" || commands.IsRawKey(sc.Description) {
				t.Errorf("%s %s: bad command", c.name, sc.Command)
			}
			name := strings.TrimPrefix(sc.Command, "/")
			line := h.adapterFor(t).commandLine(sc.Command, "")
			if !routes[line] && !coming[name] {
				t.Errorf("%s %s: reaches %q, which no route serves", c.name, sc.Command, line)
			}
			if c.socket && sc.URL != "" || !c.socket && !strings.HasSuffix(sc.URL, PathCommands) {
				t.Errorf("%s %s: url %q", c.name, sc.Command, sc.URL)
			}
		}
		for cmd := range routes {
			want := "/" + cmd
			if cmd == "me" {
				want = "/atelier-me"
			}
			if !slices.Contains(cmds, want) {
				t.Errorf("%s lacks %s", c.name, want)
			}
		}
		scopes := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
		if want := []string{"chat:write", "chat:write.public", "commands", "files:write", "im:write", "reactions:read", "users:read"}; !slices.Equal(scopes, want) {
			t.Errorf("%s scopes %v, want %v", c.name, scopes, want)
		}
		events := slices.Sorted(slices.Values(m.Settings.Events.BotEvents))
		if want := []string{"app_home_opened", "reaction_added", "reaction_removed"}; !slices.Equal(events, want) {
			t.Errorf("%s events %v, want %v", c.name, events, want)
		}
		if !m.Features.AppHome.HomeTab || !m.Settings.Interactivity.Enabled || m.Settings.SocketMode != c.socket {
			t.Errorf("%s: home tab %v, interactivity %v, socket mode %v", c.name, m.Features.AppHome.HomeTab, m.Settings.Interactivity.Enabled, m.Settings.SocketMode)
		}
		if !c.socket && (!strings.HasSuffix(m.Settings.Events.RequestURL, PathEvents) || !strings.HasSuffix(m.Settings.Interactivity.RequestURL, PathInteractivity)) {
			t.Errorf("%s: request URLs %q %q", c.name, m.Settings.Events.RequestURL, m.Settings.Interactivity.RequestURL)
		}
	}
}

// adapterFor builds an adapter without running it.
func (h *harness) adapterFor(tb testing.TB) *Adapter {
	tb.Helper()
	if h.a != nil {
		return h.a
	}
	a, err := New(h.cfg, h.router)
	if err != nil {
		tb.Fatal(err)
	}
	h.a = a
	return a
}

// The Slack set-up page shows the manifest to paste: the same as the file.
func TestReadmeManifest(t *testing.T) {
	readme, err := os.ReadFile("../../docs/slack.md")
	if err != nil {
		t.Fatal(err)
	}
	var body []string
	for _, l := range strings.Split(Manifest, "\n") {
		if !strings.HasPrefix(l, "#") {
			body = append(body, l)
		}
	}
	if !strings.Contains(string(readme), "```yaml\n"+strings.Join(body, "\n")+"```") {
		t.Errorf("docs/slack.md's Slack manifest differs from bot/slack/manifest.yaml")
	}
}
