package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// mdLink matches an inline Markdown link's target; images too, as they break alike.
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocLinks follows every relative link of README.md and docs/*.md: the file
// must exist and, when the link names an anchor, the target must have that
// heading. A page moved or a heading renamed breaks the build, not a reader.
func TestDocLinks(t *testing.T) {
	pages, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	pages = append([]string{"README.md"}, pages...)
	checked := 0
	for _, page := range pages {
		body, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(stripCode(string(body)), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			path := page
			if file != "" {
				path = filepath.Join(filepath.Dir(page), file)
				if _, err := os.Stat(path); err != nil {
					t.Errorf("%s: link %q: no file %s", page, target, path)
					continue
				}
			}
			checked++
			if anchor == "" {
				continue
			}
			if !strings.HasSuffix(path, ".md") {
				t.Errorf("%s: link %q: an anchor into a file that is not Markdown", page, target)
				continue
			}
			if !hasAnchor(t, path, anchor) {
				t.Errorf("%s: link %q: %s has no heading #%s", page, target, path, anchor)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d relative links found: the link pattern no longer matches the pages", checked)
	}
}

// TestReadmeFrontDoor keeps the README a front door: short, with the two
// commands and the demo on its first screen.
func TestReadmeFrontDoor(t *testing.T) {
	body, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(body), "\n")
	if len(lines) > 250 {
		t.Errorf("README.md has %d lines; keep it under 250 and move detail to docs/", len(lines))
	}
	first := strings.Join(lines[:min(60, len(lines))], "\n")
	for _, want := range []string{"go run .", "go test ./...", "demo"} {
		if !strings.Contains(first, want) {
			t.Errorf("README.md's first screen lacks %q", want)
		}
	}
}

func hasAnchor(t *testing.T, path, anchor string) bool {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, l := range strings.Split(stripCode(string(body)), "\n") {
		if !strings.HasPrefix(l, "#") {
			continue
		}
		s := slug(strings.TrimLeft(l, "# "))
		n := seen[s]
		seen[s]++
		if n > 0 {
			s += "-" + strconv.Itoa(n)
		}
		if s == anchor {
			return true
		}
	}
	return false
}

// slug is GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.
func slug(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// stripCode blanks fenced code blocks, where "# comment" is not a heading and
// "](x)" is not a link.
func stripCode(s string) string {
	var out []string
	fence := false
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fence = !fence
			out = append(out, "")
			continue
		}
		if fence {
			l = ""
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
