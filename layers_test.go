package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers keeps the architecture honest: only the adapters import a
// platform's client library, and no adapter imports another, so a rule
// written for one platform cannot quietly become the other's.
func TestLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/atelier-bot/atelier/"
	adapters := map[string]string{
		mod + "bot/slack":   "github.com/slack-go/slack",
		mod + "bot/discord": "github.com/bwmarrin/discordgo",
		mod + "bot/console": "",
	}
	owner := func(pkg string) string {
		for a := range adapters {
			if pkg == a || strings.HasPrefix(pkg, a+"/") {
				return a
			}
		}
		return ""
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		mine := owner(pkg)
		checked++
		for _, imp := range imports {
			if other := owner(imp); other != "" && mine != "" && other != mine {
				t.Errorf("%s imports %s: an adapter must not import another adapter", pkg, imp)
			}
			for adapter, lib := range adapters {
				if lib != "" && (imp == lib || strings.HasPrefix(imp, lib+"/")) && mine != adapter {
					t.Errorf("%s imports %s: only %s may", pkg, imp, adapter)
				}
			}
			if strings.HasPrefix(pkg, mod+"commands") || strings.HasPrefix(pkg, mod+"storage") || strings.HasPrefix(pkg, mod+"scheduler") {
				if strings.HasPrefix(imp, mod+"bot") {
					t.Errorf("%s imports %s: the core never depends on the bot layer", pkg, imp)
				}
			}
		}
	}
	if checked < 8 {
		t.Fatalf("go list saw %d packages: the check no longer reads the module", checked)
	}
}
