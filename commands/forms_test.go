package commands

import (
	"strings"
	"testing"
)

// doForm is a typed line from a platform that can show dialogs.
func (h *harness) doForm(user, line string) Reply {
	h.t.Helper()
	req := request(user, line)
	req.CanForm = true
	return h.r.Handle(h.ctx, req)
}

func TestFormsOfferedWithoutArguments(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		user, line, formLine string
		inputs               []string
	}{
		{"alice", "problem post", "problem post", []string{"title", "description", "tags"}},
		{"admin", "workshop create", "workshop create", []string{"from", "title", "description", "tags", "capacity"}},
		{"admin", "workshop schedule", "workshop schedule", []string{"id", "when", "duration", "place"}},
	} {
		rep := h.doForm(tc.user, tc.line)
		if rep.Form == nil {
			t.Fatalf("%s: no form, reply %q", tc.line, rep.Text)
		}
		wantEqual(t, tc.line+" form line", rep.Form.Line, tc.formLine)
		var names []string
		for _, in := range rep.Form.Inputs {
			names = append(names, in.Name)
			if len([]rune(in.Label)) > 45 {
				t.Errorf("%s: label %q over Discord's 45 characters", tc.line, in.Label)
			}
		}
		wantSlice(t, tc.line+" inputs", names, tc.inputs)
		if len([]rune(rep.Form.Title)) > 45 {
			t.Errorf("%s: title %q over 45 characters", tc.line, rep.Form.Title)
		}
	}

	// The schedule dialog comes prefilled with the workshop typed.
	rep := h.doForm("admin", "workshop schedule #4")
	if rep.Form == nil || rep.Form.Inputs[0].Value != "4" {
		t.Errorf("schedule #4 form: %+v", rep.Form)
	}
	// Typed arguments, or a platform without dialogs, take the typed path.
	if rep := h.doForm("alice", "problem post A real title"); rep.Form != nil || !rep.Public {
		t.Errorf("typed post gave a form: %+v", rep)
	}
	if rep := h.do("alice", "problem post"); rep.Form != nil || !strings.HasPrefix(rep.Text, "Usage:") {
		t.Errorf("console post without text: %q", rep.Text)
	}
	// Staff-only dialogs stay staff-only.
	if rep := h.doForm("bob", "workshop create"); rep.Form != nil || rep.Text != T(EN, "err.staff_only") {
		t.Errorf("member got the workshop form: %+v", rep)
	}
	// French labels for a French member.
	h.do("claire", "me language fr")
	if rep := h.doForm("claire", "problem post"); rep.Form == nil || rep.Form.Title != "Publier un problème" {
		t.Errorf("French form: %+v", rep.Form)
	}
}

func TestFormErrorsOnTheField(t *testing.T) {
	h := newHarness(t)
	h.meet("alice", "admin")
	before := h.counts()
	for _, tc := range []struct {
		user, line string
		fields     map[string]string
		field      string
	}{
		{"alice", "problem post", map[string]string{"title": ""}, "title"},
		{"alice", "problem post", map[string]string{"title": strings.Repeat("x", 201)}, "title"},
		{"alice", "problem post", map[string]string{"title": "ok", "description": strings.Repeat("x", 4001)}, "description"},
		{"alice", "problem post", map[string]string{"title": "ok", "tags": "#bad!tag"}, "tags"},
		{"admin", "workshop create", map[string]string{"title": "ok", "capacity": "abc"}, "capacity"},
		{"admin", "workshop create", map[string]string{"from": "#99"}, "from"},
		{"admin", "workshop schedule", map[string]string{"id": "99", "when": "tomorrow 6pm"}, "id"},
		{"admin", "workshop schedule", map[string]string{"id": "1", "when": "blabla"}, "when"},
		{"admin", "workshop schedule", map[string]string{"id": "1", "when": "tomorrow 6pm", "duration": "25h"}, "duration"},
	} {
		if tc.line == "workshop schedule" && tc.fields["id"] == "1" && h.counts()["workshops"] == 0 {
			h.createWorkshop("Clinic")
			before = h.counts()
		}
		rep := h.doFields(tc.user, tc.line, tc.fields)
		msg, ok := rep.FieldErrors[tc.field]
		if !ok || msg == "" || msg != rep.Text {
			t.Errorf("%s %v: field errors %v, text %q", tc.line, tc.fields, rep.FieldErrors, rep.Text)
		}
		wantCounts(t, tc.line, h.counts(), before)
	}
}

func TestSuggest(t *testing.T) {
	h := newHarness(t)
	h.postProblem("alice", "Missing values in sensors #timeseries #imputation")
	h.postProblem("bob", "Causal forests 100% off #causal #timeseries")
	h.createWorkshop("Time series clinic #timeseries")

	got, err := h.r.Suggest(h.ctx, SuggestProblem, "sens")
	if err != nil || len(got) != 1 || got[0].Value != "1" || got[0].Label != "#1 Missing values in sensors" {
		t.Errorf("problems 'sens': %+v %v", got, err)
	}
	if got, _ := h.r.Suggest(h.ctx, SuggestProblem, "#2"); len(got) != 1 || got[0].Value != "2" {
		t.Errorf("problems '#2': %+v", got)
	}
	// LIKE wildcards in what is typed are literal.
	if got, _ := h.r.Suggest(h.ctx, SuggestProblem, "%"); len(got) != 1 || got[0].Value != "2" {
		t.Errorf("problems '%%': %+v", got)
	}
	if got, _ := h.r.Suggest(h.ctx, SuggestWorkshop, "CLINIC"); len(got) != 1 || got[0].Value != "1" {
		t.Errorf("workshops: %+v", got)
	}
	got, _ = h.r.Suggest(h.ctx, SuggestTag, "#t")
	if len(got) != 1 || got[0].Value != "timeseries" {
		t.Errorf("tags 't': %+v", got)
	}
	got, _ = h.r.Suggest(h.ctx, SuggestTag, "")
	if len(got) != 3 || got[0].Value != "timeseries" {
		t.Errorf("all tags, most used first: %+v", got)
	}
	if _, err := h.r.Suggest(h.ctx, "nope", ""); err == nil {
		t.Error("unknown kind accepted")
	}
}
