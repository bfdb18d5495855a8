package commands

import (
	"errors"
	"strconv"

	"github.com/atelier-bot/atelier/storage"
)

// Form is a dialog for a command typed without its arguments: a Slack
// modal, a Discord modal. Its submission comes back as a Request whose Line
// is Form.Line and whose Fields hold the inputs by name, and goes through
// the same handler as the typed form.
type Form struct {
	Line   string // "problem post"
	Title  string
	Submit string
	Inputs []Input
}

// Input kinds.
const (
	InputText      = "text"      // one line
	InputParagraph = "paragraph" // several lines
	// InputDateTime is a date and time. Platforms with a picker (Slack's
	// datetimepicker) submit it as unix seconds in the field "start";
	// others show a text input and submit the typed text under Name.
	InputDateTime = "datetime"
)

// Input is one field of a form.
type Input struct {
	Name        string
	Label       string
	Kind        string
	Required    bool
	MaxLen      int
	Placeholder string
	Value       string // prefilled
}

// form offers a dialog when the platform can show one and the member typed
// no arguments; ok is false when the typed form must be used.
func form(req *Request, f func(Lang) *Form) (Reply, bool) {
	if !req.CanForm || len(req.Fields) > 0 || req.Rest != "" {
		return Reply{}, false
	}
	return Reply{Form: f(req.Lang)}, true
}

func problemForm(lang Lang) *Form {
	return &Form{
		Line:   "problem post",
		Title:  T(lang, "form.problem.title"),
		Submit: T(lang, "form.submit.post"),
		Inputs: []Input{
			{Name: "title", Label: T(lang, "form.label.title"), Kind: InputText, Required: true, MaxLen: storage.MaxTitle, Placeholder: T(lang, "form.ph.problem_title")},
			{Name: "description", Label: T(lang, "form.label.description"), Kind: InputParagraph, MaxLen: storage.MaxDescription, Placeholder: T(lang, "form.ph.problem_description")},
			{Name: "tags", Label: T(lang, "form.label.tags"), Kind: InputText, MaxLen: 200, Placeholder: "#timeseries #nlp"},
		},
	}
}

func workshopForm(lang Lang) *Form {
	return &Form{
		Line:   "workshop create",
		Title:  T(lang, "form.workshop.title"),
		Submit: T(lang, "form.submit.create"),
		Inputs: []Input{
			{Name: "from", Label: T(lang, "form.label.from"), Kind: InputText, MaxLen: 12, Placeholder: "#12"},
			{Name: "title", Label: T(lang, "form.label.title"), Kind: InputText, MaxLen: storage.MaxTitle},
			{Name: "description", Label: T(lang, "form.label.description"), Kind: InputParagraph, MaxLen: storage.MaxDescription},
			{Name: "tags", Label: T(lang, "form.label.tags"), Kind: InputText, MaxLen: 200, Placeholder: "#timeseries #nlp"},
			{Name: "capacity", Label: T(lang, "form.label.capacity"), Kind: InputText, MaxLen: 9, Placeholder: "12"},
		},
	}
}

func scheduleForm(id int64) func(Lang) *Form {
	return func(lang Lang) *Form {
		var value string
		if id > 0 {
			value = strconv.FormatInt(id, 10)
		}
		return &Form{
			Line:   "workshop schedule",
			Title:  T(lang, "form.schedule.title"),
			Submit: T(lang, "form.submit.schedule"),
			Inputs: []Input{
				{Name: "id", Label: T(lang, "form.label.workshop"), Kind: InputText, Required: true, MaxLen: 12, Value: value, Placeholder: "#3"},
				{Name: "when", Label: T(lang, "form.label.when"), Kind: InputDateTime, Required: true, MaxLen: 60, Placeholder: T(lang, "form.ph.when")},
				{Name: "duration", Label: T(lang, "form.label.duration"), Kind: InputText, MaxLen: 12, Placeholder: "1h30"},
				{Name: "place", Label: T(lang, "form.label.place"), Kind: InputText, MaxLen: storage.MaxPlace, Placeholder: T(lang, "form.ph.place")},
			},
		}
	}
}

// fieldOf names the form input an error is about, so a dialog can show the
// message on that field; "" means the form as a whole.
func fieldOf(err error) string {
	var ue *userError
	var fe *fieldError
	switch {
	case errors.As(err, &fe):
		return fe.field
	case errors.Is(err, ErrBadDuration):
		return "duration"
	case isTimeError(err):
		return "when"
	case errors.As(err, &ue):
		switch ue.key {
		case "err.tag_named", "err.too_many_tags":
			return "tags"
		case "err.capacity_value", "err.capacity_below_count":
			return "capacity"
		}
	}
	switch storage.ErrorReason(err) {
	case "title_missing", "title_too_long":
		return "title"
	case "description_too_long":
		return "description"
	case "tag", "too_many_tags":
		return "tags"
	case "capacity":
		return "capacity"
	case "problem", "problem_closed":
		return "from"
	case "workshop", "workshop_closed":
		return "id"
	case "session_past":
		return "when"
	case "session_duration":
		return "duration"
	case "place_too_long":
		return "place"
	}
	return ""
}
