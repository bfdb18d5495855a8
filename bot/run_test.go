package bot

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/atelier-bot/atelier/storage"
)

// runScript runs the whole program on a script, as `printf … | go run .`
// does, against a fresh database in a temporary directory.
func runScript(t *testing.T, dir, script string) (stdout, stderr string) {
	t.Helper()
	cfg := filepath.Join(dir, "atelier.yaml")
	if _, err := os.Stat(cfg); err != nil {
		writeFile(t, cfg, "database:\n  path: "+filepath.Join(dir, "atelier.db")+"\n")
	}
	var out, errOut bytes.Buffer
	err := Run(context.Background(), []string{"-config", cfg}, func(string) string { return "" }, strings.NewReader(script), &out, &errOut)
	if err != nil {
		t.Fatalf("Run: %v\nstderr: %s", err, errOut.String())
	}
	return out.String(), errOut.String()
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// The acceptance scenario, in English then in French.
func TestRunCommunityLoop(t *testing.T) {
	for _, tc := range []struct {
		lang   string
		setup  string
		card   string // the problem's card, after the setup's own cards
		expect []string
	}{
		{"en", "", "c1", []string{
			"Problem #1 posted",
			"You are marked as interested in #1",
			"Workshop #1 created",
			"Session added to workshop #1: Thu ",
			"You have a seat in workshop #1",
			"Workshop #1 is full: you are number 1 on the waitlist",
			"You left workshop #1",
			"dave moved from the waitlist to a seat",
			"│ Participants: dave",
			"Problems matching “donnees”:\n• #1 Données manquantes",
			"Problems matching “données”:\n• #1 Données manquantes",
		}},
		{"fr", "/me language fr", "c6", []string{
			"Problème #1 publié",
			"Vous êtes noté comme intéressé par #1",
			"Atelier #1 créé",
			"Séance ajoutée à l'atelier #1 : jeu. ",
			"Vous avez une place dans l'atelier #1",
			"L'atelier #1 est complet : vous êtes numéro 1 sur la liste d'attente",
			"Vous avez quitté l'atelier #1",
			"dave passe de la liste d'attente à une place",
			"│ Participants: dave",
			"Problèmes correspondant à « donnees » :\n• #1 Données manquantes",
			"Problèmes correspondant à « données » :\n• #1 Données manquantes",
		}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			dir := t.TempDir()
			var script []string
			for _, who := range []string{"alice", "bob", "admin", "carol", "dave"} {
				script = append(script, ":as "+who, tc.setup)
			}
			script = append(script,
				":as alice",
				"/problem post Données manquantes en série temporelle | Des trous de plusieurs heures #timeseries #imputation",
				":as bob", ":press "+tc.card+" 1",
				":as admin", "/workshop create from 1 capacity 1", "/workshop schedule 1 next thursday 14:00 1h30 Room B",
				":as carol", "/workshop join 1",
				":as dave", ":react m2",
				":as carol", "/workshop leave 1",
				"/workshop show 1",
				"/problem search donnees",
				"/problem search données",
			)
			out, _ := runScript(t, dir, strings.Join(script, "\n")+"\n")
			for _, want := range tc.expect {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q\n---\n%s", want, out)
				}
			}
			// The state is in the database file, not only on screen.
			db, err := storage.Open(context.Background(), filepath.Join(dir, "atelier.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			w, err := db.Workshop(context.Background(), 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(w.Participants) != 1 || w.Participants[0].Name != "dave" || len(w.Waitlist) != 0 || w.Participants[0].PromotedAt.IsZero() {
				t.Errorf("participants %+v waitlist %+v", w.Participants, w.Waitlist)
			}
			if len(w.Sessions) != 1 || w.Sessions[0].Start.In(mustZone(t, "Europe/Paris")).Hour() != 14 {
				t.Errorf("sessions %+v", w.Sessions)
			}
		})
	}
}

func TestRunFlags(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	run := func(args ...string) error {
		out.Reset()
		errOut.Reset()
		return Run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}
	if err := run("-h"); err != nil || !strings.Contains(errOut.String(), "Usage:") || !strings.Contains(errOut.String(), "-config") {
		t.Errorf("-h: %v %q", err, errOut.String())
	}
	if err := run("version"); err != nil || !strings.HasPrefix(out.String(), "atelier ") {
		t.Errorf("version: %v %q", err, out.String())
	}
	if err := run("-nope"); ExitCode(err) != 2 {
		t.Errorf("bad flag: %v", err)
	}
	if err := run("frobnicate"); ExitCode(err) != 2 || !strings.Contains(errOut.String(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %v %q", err, errOut.String())
	}
	if err := run("backup"); ExitCode(err) != 2 {
		t.Errorf("backup without file: %v", err)
	}

	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, "slack:\n  enabled: true\n  bot_token: xoxb-1\n")
	err := run("-config", bad)
	if err == nil || ExitCode(err) != 1 || !strings.Contains(err.Error(), "slack.app_token is required when slack.mode is socket") {
		t.Errorf("bad config: %v", err)
	}
}

func TestRunBackup(t *testing.T) {
	dir := t.TempDir()
	runScript(t, dir, ":as alice\n/problem post Backups matter #ops\n")
	cfg := filepath.Join(dir, "atelier.yaml")
	copyPath := filepath.Join(dir, "copy.db")
	var out, errOut bytes.Buffer
	if err := Run(context.Background(), []string{"-config", cfg, "backup", copyPath}, func(string) string { return "" }, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("backup: %v %s", err, errOut.String())
	}
	db, err := storage.Open(context.Background(), copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := db.Problem(context.Background(), 1)
	if err != nil || p.Title != "Backups matter" {
		t.Errorf("copy holds %+v, %v", p, err)
	}
}

// A panic-free console: unknown keys and commands are answered, and input
// ends cleanly.
func TestRunConsoleKeys(t *testing.T) {
	out, _ := runScript(t, t.TempDir(), ":wat\n:press c9 1\n:react m7\n/frobnicate\n:help\n")
	for _, want := range []string{"unknown console key :wat", "no card c9", "no posted message m7", "Unknown command `/frobnicate`", ":as <name>"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// A running bot collects garbage at gcPercent, unless GOGC says otherwise.
func TestRunTunesGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		gogc string
		want int
	}{{"", gcPercent}, {"150", 100}} {
		debug.SetGCPercent(100)
		dir := t.TempDir()
		cfg := filepath.Join(dir, "atelier.yaml")
		writeFile(t, cfg, "database:\n  path: "+filepath.Join(dir, "atelier.db")+"\n")
		env := func(k string) string {
			if k == "GOGC" {
				return tc.gogc
			}
			return ""
		}
		var out, errOut bytes.Buffer
		if err := Run(context.Background(), []string{"-config", cfg}, env, strings.NewReader(""), &out, &errOut); err != nil {
			t.Fatalf("Run: %v\n%s", err, errOut.String())
		}
		// The runtime read GOGC itself at start; Run only sets a default.
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q: GC percent %d, want %d", tc.gogc, got, tc.want)
		}
	}
}
