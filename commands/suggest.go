package commands

import (
	"sort"
	"strings"
)

// suggest returns the candidate closest to typed, if one is close enough to
// be what was meant: a prefix of at least three letters, or an edit
// distance of at most a third of the word (one typo in "shedule"). Accents
// and case are ignored; "" when nothing is close.
func suggest(typed string, candidates []string) string {
	t := foldWord(typed)
	if t == "" {
		return ""
	}
	best, bestD := "", len(t)/3+1
	sort.Strings(candidates) // stable choice between equals
	for _, c := range candidates {
		f := foldWord(c)
		if len(t) >= 3 && strings.HasPrefix(f, t) {
			return c
		}
		if d := editDistance(t, f); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// DidYouMean is suggest for the layers above: the configuration names the
// key a misspelt one was probably meant to be.
func DidYouMean(typed string, candidates []string) string { return suggest(typed, candidates) }

// editDistance is Levenshtein's distance over runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// commandNames lists what may be typed as a command, aliases included, and
// maps each to the command it stands for.
func (r *Router) commandNames() map[string]string {
	names := map[string]string{}
	for _, rt := range r.routes {
		names[rt.Command] = rt.Command
	}
	for a, c := range r.aliases {
		if !strings.Contains(a, ".") {
			names[a] = c
		}
	}
	names["help"], names["aide"] = "atelier", "atelier"
	return names
}

// subNames lists what may be typed as a sub-command of cmd, French
// aliases included, each mapped to its sub-command.
func (r *Router) subNames(cmd string) map[string]string {
	names := map[string]string{}
	for _, rt := range r.routes {
		if rt.Command == cmd && rt.Sub != "" {
			names[rt.Sub] = rt.Sub
		}
	}
	for a, s := range r.aliases {
		if c, sub, ok := strings.Cut(a, "."); ok && c == cmd {
			names[sub] = s
		}
	}
	return names
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
