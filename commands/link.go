package commands

import (
	"context"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// link: "/atelier link" gives a one-time code, good for ten minutes, and
// lists the member's accounts; "/atelier link <code>" typed on another
// account makes the two accounts one member.
func (r *Router) link(ctx context.Context, req *Request) (Reply, error) {
	switch len(req.Args) {
	case 0:
		code, expires, err := r.db.NewLinkCode(ctx, req.Member.ID, req.Platform)
		if err != nil {
			return Reply{}, err
		}
		acc, err := r.db.MemberAccounts(ctx, req.Member.ID)
		if err != nil {
			return Reply{}, err
		}
		shown := code[:5] + "-" + code[5:10] + "-" + code[10:]
		return Reply{Text: T(req.Lang, "link.code", shown, TimeMark(expires), "/atelier link "+shown) + "\n" + accountsText(req.Lang, acc)}, nil
	case 1:
		res, err := r.db.Link(ctx, req.Member.ID, req.Args[0])
		if err != nil {
			return Reply{}, err
		}
		acc, err := r.db.MemberAccounts(ctx, res.Member.ID)
		if err != nil {
			return Reply{}, err
		}
		reply := Reply{Text: T(req.Lang, "link.done", platformName(req.Lang, res.From), platformName(req.Lang, req.Platform), res.Member.DisplayName) +
			"\n" + accountsText(req.Lang, acc)}
		for _, id := range res.Workshops {
			reply.Refresh = append(reply.Refresh, Entity{Kind: storage.KindWorkshop, ID: id})
		}
		return reply, nil
	}
	return Reply{}, errUsage
}

// platformName is a platform as people write it.
func platformName(lang Lang, p string) string {
	if Has("platform." + p) {
		return T(lang, "platform."+p)
	}
	return p
}

// accountsText lists a member's accounts and where their messages go.
func accountsText(lang Lang, a storage.Accounts) string {
	var names []string
	for _, i := range a.Identities {
		names = append(names, platformName(lang, i.Platform))
	}
	to := T(lang, "link.notify_all")
	if a.NotifyPlatform != storage.NotifyAll {
		to = T(lang, "link.notify_one", platformName(lang, a.NotifyPlatform))
	}
	return T(lang, "link.accounts", strings.Join(names, ", "), to)
}

// meNotifyOn: "/me notify-on slack|discord|all" chooses the platform
// reminders and other direct messages go to.
func (r *Router) meNotifyOn(ctx context.Context, req *Request, args []string) (Reply, error) {
	if len(args) != 1 {
		return Reply{}, userErr("err.notify_on_usage")
	}
	p := strings.ToLower(args[0])
	switch p {
	case "all", "every", "any", "tous", "toutes", "partout":
		p = storage.NotifyAll
	case "slack", "discord", "console":
	default:
		return Reply{}, userErr("err.notify_on_usage")
	}
	if err := r.db.SetNotifyPlatform(ctx, req.Member.ID, p); err != nil {
		if storage.ErrorReason(err) == "notify_platform" {
			return Reply{}, userErr("err.notify_platform", platformName(req.Lang, p))
		}
		return Reply{}, err
	}
	if p == storage.NotifyAll {
		return Reply{Text: T(req.Lang, "me.notify_on_all")}, nil
	}
	return Reply{Text: T(req.Lang, "me.notify_on", platformName(req.Lang, p))}, nil
}
