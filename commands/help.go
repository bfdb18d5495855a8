package commands

import (
	"context"
	"strings"
)

// help: "/atelier help [command]" lists every command with its syntax and
// an example, in the member's language, in the order of routes.go.
func (r *Router) help(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) > 1 {
		return Reply{}, errUsage
	}
	var only string
	if len(req.Args) == 1 {
		only = strings.ToLower(strings.TrimPrefix(req.Args[0], "/"))
		if a, ok := r.aliases[only]; ok {
			only = a
		}
	}
	var b strings.Builder
	b.WriteString(T(req.Lang, "help.header"))
	found := false
	for _, rt := range r.routes {
		if only != "" && rt.Command != only {
			continue
		}
		found = true
		b.WriteString("\n\n" + T(req.Lang, "usage."+rt.Key()))
		if rt.Staff {
			b.WriteString(" " + T(req.Lang, "help.staff"))
		}
		b.WriteString("\n  " + T(req.Lang, "help."+rt.Key()))
		b.WriteString("\n  " + T(req.Lang, "help.example", T(req.Lang, "example."+rt.Key())))
	}
	if !found {
		return Reply{}, userErr("err.unknown_command", only)
	}
	return Reply{Text: b.String()}, nil
}
