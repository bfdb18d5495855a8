package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// export: "/atelier export" sends the member everything the community
// holds about them as a JSON file, only to them.
func (r *Router) export(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) != 0 {
		return Reply{}, errUsage
	}
	e, err := r.db.ExportMember(ctx, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	data, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return Reply{}, fmt.Errorf("commands: export: %w", err)
	}
	name := "atelier-my-data-" + req.Now.In(req.Loc).Format("2006-01-02") + ".json"
	return Reply{
		Text:  T(req.Lang, "privacy.export", name),
		Files: []File{{Name: name, ContentType: "application/json", Data: append(data, '\n')}},
	}, nil
}

// forget: "/atelier forget" explains what forgetting does and gives a
// code good for a few minutes, with a button; "/atelier forget confirm
// <code>" (the button's line) erases the member. See storage/privacy.go
// for what is deleted and what stays, nameless.
func (r *Router) forget(ctx context.Context, req *Request) (Reply, error) {
	switch {
	case len(req.Args) == 0:
		code, expires, err := r.db.NewForgetCode(ctx, req.Member.ID, req.Platform)
		if err != nil {
			return Reply{}, err
		}
		line := "atelier forget confirm " + code
		return Reply{
			Text: T(req.Lang, "privacy.forget_ask"),
			Cards: []Card{{
				Title:   T(req.Lang, "privacy.forget_title"),
				Body:    T(req.Lang, "privacy.forget_what"),
				Buttons: []Button{{Label: T(req.Lang, "button.forget"), Line: line, Style: "danger"}},
				Footer:  T(req.Lang, "privacy.forget_footer", "/"+line, TimeMark(expires)),
			}},
		}, nil
	case len(req.Args) == 2 && strings.EqualFold(req.Args[0], "confirm") || len(req.Args) == 2 && strings.EqualFold(req.Args[0], "confirmer"):
		res, err := r.db.Forget(ctx, req.Member.ID, req.Args[1])
		if err != nil {
			return Reply{}, err
		}
		reply := Reply{Text: T(req.Lang, "privacy.forgotten")}
		for _, id := range res.Problems {
			reply.Refresh = append(reply.Refresh, Entity{Kind: storage.KindProblem, ID: id})
		}
		for _, id := range res.Workshops {
			reply.Refresh = append(reply.Refresh, Entity{Kind: storage.KindWorkshop, ID: id})
		}
		for _, id := range res.Jobs {
			reply.Refresh = append(reply.Refresh, Entity{Kind: storage.KindJob, ID: id})
		}
		return reply, nil
	}
	return Reply{}, errUsage
}
