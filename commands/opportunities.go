package commands

import (
	"context"
	"fmt"
	"strings"
)

// "Open to opportunities": a member says so for 90 days (or stops at any
// time); recruiters of member organisations list them, never one from the
// member's own organisation (see storage.Candidates).

// meOpportunities: "/me opportunities on|off".
func (r *Router) meOpportunities(ctx context.Context, req *Request, args []string) (Reply, error) {
	if len(args) != 1 {
		return Reply{}, userErr("err.opportunities_usage")
	}
	on, ok := onOff(args[0])
	if !ok {
		return Reply{}, userErr("err.opportunities_usage")
	}
	until, err := r.db.SetOpenToOpportunities(ctx, req.Member.ID, on)
	if err != nil {
		return Reply{}, err
	}
	if !on {
		return Reply{Text: T(req.Lang, "opportunities.off")}, nil
	}
	text := T(req.Lang, "opportunities.on", TimeMark(until))
	if org := strings.TrimSpace(req.Member.Organisation); org != "" {
		text += "\n" + T(req.Lang, "opportunities.not_employer", org)
	} else {
		text += "\n" + T(req.Lang, "opportunities.set_org")
	}
	return Reply{Text: text}, nil
}

// jobsCandidates: "/jobs candidates" lists, to a recruiter, the members
// open to opportunities they may see.
func (r *Router) jobsCandidates(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) > 0 {
		return Reply{}, errUsage
	}
	cs, err := r.db.Candidates(ctx, req.Member.ID)
	if err != nil {
		return Reply{}, err
	}
	if len(cs) == 0 {
		return Reply{Text: T(req.Lang, "opportunities.none")}, nil
	}
	var b strings.Builder
	b.WriteString(T(req.Lang, "opportunities.list", len(cs)))
	for _, c := range cs {
		line := "\n• " + c.Name
		if c.Organisation != "" {
			line += " · " + c.Organisation
		}
		if len(c.Interests) > 0 {
			line += " · " + hashTags(c.Interests)
		}
		line += " · " + fmt.Sprintf(T(req.Lang, "opportunities.until"), TimeMark(c.Until))
		b.WriteString(line)
	}
	return Reply{Text: b.String()}, nil
}
