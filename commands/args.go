package commands

import (
	"strconv"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// parseID reads "12" or "#12".
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, userErr("err.bad_id", s)
	}
	return id, nil
}

// oneID is the argument list of commands that take just an id.
func oneID(req *Request) (int64, error) {
	if len(req.Args) != 1 {
		return 0, errUsage
	}
	return parseID(req.Args[0])
}

// tagsArg normalises tags typed as "#nlp #time-series" or "nlp, vision".
// An invalid tag is refused here by name, before anything is written.
func tagsArg(words []string) ([]string, error) {
	var raw []string
	for _, w := range words {
		raw = append(raw, strings.FieldsFunc(w, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })...)
	}
	tags := storage.NormalizeTags(raw)
	for _, t := range tags {
		if !storage.ValidTag(t) {
			return nil, userErr("err.tag_named", t, storage.MaxTagLen)
		}
	}
	if len(tags) > storage.MaxTags {
		return nil, userErr("err.too_many_tags", storage.MaxTags)
	}
	return tags, nil
}

// textForm splits the free text of a post, "title | description #tag #tag":
// the trailing words starting with '#' are tags, and a '|' separates the
// title from the description.
func textForm(rest string) (title, description string, tags []string, err error) {
	words := strings.Fields(rest)
	i := len(words)
	for i > 0 && strings.HasPrefix(words[i-1], "#") && len(words[i-1]) > 1 && !isNumber(words[i-1][1:]) {
		i--
	}
	if tags, err = tagsArg(words[i:]); err != nil {
		return "", "", nil, err
	}
	// Cut the tags off the text as typed, keeping the description's lines.
	text := rest
	for j := len(words) - 1; j >= i; j-- {
		text = strings.TrimSpace(text)
		text = strings.TrimSuffix(text, words[j])
	}
	title, description, _ = strings.Cut(text, "|")
	return strings.TrimSpace(title), strings.TrimSpace(description), tags, nil
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}
