package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// Edits: "/problem edit <id> title: … | description: … | tags: …" (its
// author or staff) and "/workshop edit <id> title: … | description: … |
// tags: … | place: … | capacity: N" (staff), typed, or as a form filled in
// with what the item says now. Every field is named; one that is not known
// is refused with the ones that are. Every posted card follows.

// editFieldNames are the words of a field, in both languages.
var editFieldNames = map[string]string{
	"title": "title", "titre": "title",
	"description": "description", "desc": "description",
	"tags": "tags", "tag": "tags",
	"place": "place", "lieu": "place", "where": "place", "salle": "place",
	"capacity": "capacity", "capacite": "capacity", "seats": "capacity", "places": "capacity",
}

// editArgs reads an edit's id and its fields, from a form or typed as
// "field: value" parts separated by "|"; allowed are the fields the item
// has.
func editArgs(req *Request, allowed ...string) (int64, map[string]string, error) {
	if len(req.Args) == 0 {
		return 0, nil, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return 0, nil, err
	}
	fields := map[string]string{}
	if len(req.Fields) > 0 {
		for _, name := range allowed {
			if v, ok := req.Fields[name]; ok {
				fields[name] = v
			}
		}
		return id, fields, nil
	}
	rest := strings.TrimSpace(restAfter(req.Rest, 1))
	if rest == "" {
		return id, fields, nil
	}
	for _, part := range strings.Split(rest, "|") {
		name, value, ok := strings.Cut(part, ":")
		field := editFieldNames[fold(strings.TrimSpace(name))]
		if !ok || field == "" || !slices.Contains(allowed, field) {
			return 0, nil, userErr("err.edit_field", strings.TrimSpace(name), strings.Join(allowed, ", "))
		}
		if _, twice := fields[field]; twice {
			return 0, nil, userErr("err.edit_twice", field)
		}
		fields[field] = strings.TrimSpace(value)
	}
	return id, fields, nil
}

// itemEdit turns the text fields into an edit.
func itemEdit(fields map[string]string) (storage.ItemEdit, error) {
	var e storage.ItemEdit
	if v, ok := fields["title"]; ok {
		e.Title = &v
	}
	if v, ok := fields["description"]; ok {
		e.Description = &v
	}
	if v, ok := fields["tags"]; ok {
		tags, err := tagsArg(strings.Fields(v))
		if err != nil {
			return e, err
		}
		e.Tags = &tags
	}
	return e, nil
}

// changes says back what an edit changed: "title “A” → “B”".
func changes(lang Lang, pairs ...[3]string) string {
	var out []string
	for _, p := range pairs {
		if p[1] != p[2] {
			out = append(out, T(lang, "edit.change", T(lang, "edit.field."+p[0]), p[1], p[2]))
		}
	}
	if len(out) == 0 {
		return T(lang, "edit.nothing")
	}
	return strings.Join(out, "\n")
}

// problemEdit: "/problem edit <id> …".
func (r *Router) problemEdit(ctx context.Context, req *Request) (Reply, error) {
	id, fields, err := editArgs(req, "title", "description", "tags")
	if err != nil {
		return Reply{}, err
	}
	if len(fields) == 0 {
		p, err := r.db.Problem(ctx, id)
		if err != nil {
			return Reply{}, err
		}
		if !req.CanForm {
			return Reply{}, errUsage
		}
		f := problemForm(req.Lang)
		f.Line, f.Title, f.Submit = fmt.Sprintf("problem edit %d", id), T(req.Lang, "form.problem_edit.title", id), T(req.Lang, "form.submit.save")
		fill(f, map[string]string{"title": p.Title, "description": p.Description, "tags": hashTags(p.Tags)})
		return Reply{Form: f}, nil
	}
	e, err := itemEdit(fields)
	if err != nil {
		return Reply{}, onField("tags", err)
	}
	by, err := r.actingOnProblem(ctx, req, id)
	if err != nil {
		return Reply{}, err
	}
	before, after, err := r.db.EditProblem(ctx, id, by, e)
	if err != nil {
		return Reply{}, err
	}
	return Reply{
		Text: T(req.Lang, "problem.edited", id) + "\n" + changes(req.Lang,
			[3]string{"title", before.Title, after.Title}, [3]string{"description", before.Description, after.Description},
			[3]string{"tags", hashTags(before.Tags), hashTags(after.Tags)}),
		Refresh: []Entity{{storage.KindProblem, id}},
	}, nil
}

// fill prefills a form's inputs.
func fill(f *Form, values map[string]string) {
	for i := range f.Inputs {
		if v, ok := values[f.Inputs[i].Name]; ok {
			f.Inputs[i].Value = v
		}
	}
}

// workshopEdit: "/workshop edit <id> …" (staff). A new place applies to
// every session to come, whose participants are told; a new capacity
// promotes from the waitlist.
func (r *Router) workshopEdit(ctx context.Context, req *Request) (Reply, error) {
	id, fields, err := editArgs(req, "title", "description", "tags", "place", "capacity")
	if err != nil {
		return Reply{}, err
	}
	w, err := r.db.Workshop(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	if len(fields) == 0 {
		if !req.CanForm {
			return Reply{}, errUsage
		}
		return Reply{Form: workshopEditForm(req.Lang, w)}, nil
	}
	var capacity, place *string
	if v, ok := fields["capacity"]; ok {
		capacity = &v
	}
	// A form always sends the place it was filled in with (the next
	// session's): left as it was, it must not move sessions held elsewhere.
	if v, ok := fields["place"]; ok && (len(req.Fields) == 0 || v != editFormPlace(w)) {
		place = &v
	}
	// Everything is read before anything changes: a bad capacity changes
	// no title. The form, like the create form, reads empty as no limit.
	var seatsN int
	if capacity != nil {
		read := capacityArg
		if len(req.Fields) > 0 {
			read = optionalCapacity
		}
		if seatsN, err = read(*capacity); err != nil {
			return Reply{}, onField("capacity", err)
		}
		if seatsN == w.Capacity {
			capacity = nil
		}
	}
	e, err := itemEdit(fields)
	if err != nil {
		return Reply{}, onField("tags", err)
	}
	before, after := w, w
	if e.Title != nil || e.Description != nil || e.Tags != nil {
		if before, after, err = r.db.EditWorkshop(ctx, id, e); err != nil {
			return Reply{}, err
		}
	}
	lines := []string{T(req.Lang, "workshop.edited", id), changes(req.Lang,
		[3]string{"title", before.Title, after.Title}, [3]string{"description", before.Description, after.Description},
		[3]string{"tags", hashTags(before.Tags), hashTags(after.Tags)})}
	if lines[1] == T(req.Lang, "edit.nothing") {
		lines = lines[:1]
	}
	if capacity != nil {
		res, err := r.db.SetCapacity(ctx, id, seatsN)
		if err != nil {
			return Reply{}, err
		}
		lines = append(lines, T(req.Lang, "edit.change", T(req.Lang, "edit.field.capacity"), capacityText(req.Lang, w.Capacity), capacityText(req.Lang, seatsN)))
		if len(res.Promoted) > 0 {
			lines = append(lines, promotedLines(req.Lang, res.Promoted))
		}
	}
	if place != nil {
		moved := 0
		for _, s := range w.Sessions {
			if s.Cancelled || !s.Start.After(req.Now) || s.Place == *place {
				continue
			}
			if _, _, err := r.db.RescheduleSession(ctx, id, s.ID, storage.SessionChange{Place: place}); err != nil {
				return Reply{}, err
			}
			moved++
		}
		if moved > 0 {
			lines = append(lines, T(req.Lang, "workshop.edited_place", *place, moved))
		}
	}
	if len(lines) == 1 {
		lines = append(lines, T(req.Lang, "edit.nothing"))
	}
	return Reply{Text: strings.Join(lines, "\n"), Refresh: []Entity{{storage.KindWorkshop, id}}}, nil
}

// editFormPlace is the place the edit form shows: the next session's.
func editFormPlace(w storage.Workshop) string {
	if w.NextSession.ID == 0 {
		return ""
	}
	return w.NextSession.Place
}

func workshopEditForm(lang Lang, w storage.Workshop) *Form {
	f := &Form{
		Line:   fmt.Sprintf("workshop edit %d", w.ID),
		Title:  T(lang, "form.workshop_edit.title", w.ID),
		Submit: T(lang, "form.submit.save"),
		Inputs: []Input{
			{Name: "title", Label: T(lang, "form.label.title"), Kind: InputText, Required: true, MaxLen: storage.MaxTitle},
			{Name: "description", Label: T(lang, "form.label.description"), Kind: InputParagraph, MaxLen: storage.MaxDescription},
			{Name: "tags", Label: T(lang, "form.label.tags"), Kind: InputText, MaxLen: 200},
			{Name: "place", Label: T(lang, "edit.field.place"), Kind: InputText, MaxLen: storage.MaxPlace},
			{Name: "capacity", Label: T(lang, "form.label.capacity"), Kind: InputText, MaxLen: 9},
		},
	}
	capacity := ""
	if w.Capacity > 0 {
		capacity = fmt.Sprint(w.Capacity)
	}
	fill(f, map[string]string{"title": w.Title, "description": w.Description, "tags": hashTags(w.Tags), "place": editFormPlace(w), "capacity": capacity})
	return f
}

// workshopRemove: "/workshop remove <id> <member>" (staff): the member is
// named as the workshop's lists show them, or mentioned.
func (r *Router) workshopRemove(ctx context.Context, req *Request) (Reply, error) {
	if len(req.Args) < 2 {
		return Reply{}, errUsage
	}
	id, err := parseID(req.Args[0])
	if err != nil {
		return Reply{}, err
	}
	w, err := r.db.Workshop(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	who := strings.TrimSpace(restAfter(req.Rest, 1))
	// Members of single sessions of a series can be removed too, each
	// once however many sessions they are in.
	people := append(append([]storage.Participant{}, w.Participants...), w.Waitlist...)
	seen := map[int64]bool{}
	for _, p := range people {
		seen[p.MemberID] = true
	}
	for _, p := range w.SessionMembers {
		if !seen[p.MemberID] {
			seen[p.MemberID] = true
			people = append(people, p)
		}
	}
	found, err := r.participantsNamed(ctx, req, people, who)
	if err != nil {
		return Reply{}, err
	}
	switch len(found) {
	case 0:
		return Reply{}, userErr("err.remove_who", who, id)
	case 1:
	default:
		return Reply{}, userErr("err.remove_ambiguous", who)
	}
	res, err := r.db.RemoveParticipant(ctx, id, found[0].MemberID)
	if err != nil {
		return Reply{}, err
	}
	text := T(req.Lang, "workshop.removed", found[0].Name, id, w.Title)
	if len(res.Promoted) > 0 {
		text += "\n" + promotedLines(req.Lang, res.Promoted)
	}
	return Reply{Text: text, Refresh: []Entity{{storage.KindWorkshop, id}}}, nil
}
