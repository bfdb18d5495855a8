package bot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/atelier-bot/atelier/commands"
	"gopkg.in/yaml.v3"
)

// How LoadConfig reads the file. Adding a key never needs this file: a
// field with a yaml tag (and a config tag if it is cleaned or secret) on a
// section's struct, its default and its check in the section's validate
// are all it takes.

// loader keeps what error messages need between the passes.
type loader struct {
	file   string
	getenv func(string) string
	nodes  []place // the file's nodes in document order
	errs   []error
}

// place is one node of the file with its dotted key and its line. An
// expanded value keeps its text as written, which messages may show (the
// expansion may be a secret), and the variable that left it empty, if any.
type place struct {
	node           *yaml.Node
	path           string
	line           int
	key            bool
	written, unset string
}

// load decodes the file over cfg with yaml.v3, in two passes. The file as
// written, decoded with KnownFields, names the unknown keys. Then the
// parsed tree, its values expanded (so that no value can change the file's
// structure) and each node's line set to its index, is decoded into cfg, so
// that each of the decoder's errors leads back to its key.
func (l *loader) load(cfg *Config) error {
	data, err := os.ReadFile(l.file)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err = dec.Decode(&doc); err == nil {
		// A plain Decode would ignore a second document, and so hide half
		// of a badly concatenated file.
		if err = dec.Decode(new(yaml.Node)); err == nil {
			err = errors.New("more than one YAML document (remove the extra ---)")
		}
	}
	if err != io.EOF {
		return fmt.Errorf("config: %s: %w", l.file, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].ShortTag() == "!!null" {
		return nil
	}
	root := doc.Content[0]
	l.index(root, "", false)

	var te *yaml.TypeError
	dec = yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if errors.As(dec.Decode(new(Config)), &te) {
		for _, msg := range te.Errors {
			var line int
			fmt.Sscanf(msg, "line %d:", &line)
			_, field, _ := strings.Cut(msg, ": field ")
			name, typ, unknown := strings.Cut(field, " not found in type ")
			// A name may hold spaces ("bot token"), and a key not found
			// is still reported, for KnownFields is the only check.
			p := place{line: line, path: name}
			if i := slices.IndexFunc(l.nodes, func(p place) bool { return p.key && p.line == line && p.node.Value == name }); i >= 0 {
				p = l.nodes[i]
			}
			if unknown {
				l.errorf(p, "unknown key %s%s", p.path, didYouMean(p.path, typ))
			}
		}
	}
	if len(l.errs) == 0 {
		if err := root.Decode(cfg); errors.As(err, &te) {
			for _, msg := range te.Errors {
				l.explain(msg)
			}
		} else if err != nil {
			return fmt.Errorf("config: %s: %w", l.file, err)
		}
	}
	return errors.Join(l.errs...)
}

// index lists n's nodes depth first, keys before their values, without
// following aliases, so that each node is listed once, where it is
// written; it expands each value and sets each node's line to its index.
func (l *loader) index(n *yaml.Node, path string, key bool) {
	l.nodes = append(l.nodes, place{node: n, path: path, line: n.Line, key: key})
	if n.Kind == yaml.ScalarNode && !key {
		l.expand(&l.nodes[len(l.nodes)-1])
	}
	n.Line = len(l.nodes)
	for i, c := range n.Content {
		switch {
		case n.Kind == yaml.SequenceNode:
			l.index(c, fmt.Sprintf("%s[%d]", path, i), false)
		case n.Kind == yaml.MappingNode:
			k := n.Content[i&^1]
			l.index(c, joinPath(path, k.Value), c == k)
		}
	}
}

// varRef is a reference up to its first "}"; expand checks the name and the
// default inside.
var (
	varRef  = regexp.MustCompile(`\$\{[^}]*\}`)
	varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// expand replaces ${NAME} and ${NAME:-default} in a value. A plain value is
// resolved again, so that "${ENABLED:-false}" can be a bool; a quoted or
// block one stays a string, as its author asked. getenv cannot tell unset
// from empty, so both take the default.
func (l *loader) expand(p *place) {
	n := p.node
	if !strings.Contains(n.Value, "${") {
		return
	}
	if strings.Contains(varRef.ReplaceAllString(n.Value, ""), "${") {
		l.errorf(*p, `%s: "${" has no closing "}"`, p.path)
	}
	p.written, n.Value = n.Value, varRef.ReplaceAllStringFunc(n.Value, func(ref string) string {
		name, def, hasDef := strings.Cut(ref[2:len(ref)-1], ":-")
		switch val := l.getenv(name); {
		case !varName.MatchString(name):
			l.errorf(*p, "%s: %s: %q is not a variable name (letters, digits and _)", p.path, ref, name)
		case strings.Contains(def, "${"):
			l.errorf(*p, "%s: %s: a default cannot contain another ${...}", p.path, ref)
		case val == "" && hasDef:
			return def
		case val == "":
			p.unset = name
		default:
			return val
		}
		return ""
	})
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		n.Tag = ""
	}
}

// explain rewrites one of the decoder's "line N: ..." messages, N being a
// node's index, in the file's terms: the line, the dotted key and what the
// key wants.
func (l *loader) explain(msg string) {
	var n, first int
	fmt.Sscanf(msg, "line %d:", &n)
	_, rest, _ := strings.Cut(msg, ": ")
	if n < 1 || n > len(l.nodes) {
		l.errs = append(l.errs, fmt.Errorf("config: %s: %s", l.file, rest))
		return
	}
	p := l.nodes[n-1]
	_, into, _ := strings.Cut(rest, " into ")
	want := yaml.ScalarNode
	if keysOf(reflect.TypeFor[Config](), into) != nil {
		want = yaml.MappingNode
	} else if strings.HasPrefix(into, "[]") {
		want = yaml.SequenceNode
	}
	switch {
	case strings.HasPrefix(rest, "mapping key "):
		fmt.Sscanf(rest[strings.LastIndex(rest, "line "):], "line %d", &first)
		l.errorf(p, "%s is set twice (first on line %d)", p.path, l.nodes[max(first, 1)-1].line)
	case p.written != "":
		l.errorf(p, "%s: %s does not expand to %s", p.path, p.written, expectation(into, rest))
	case want == yaml.MappingNode && p.path == "":
		l.errorf(p, "the file must be a mapping of keys such as community: and slack:")
	case want != p.node.Kind:
		l.errorf(p, "%s must be a %s, not a %s", p.path, kindNames[want], kindNames[p.node.Kind])
	default:
		l.errorf(p, "%s: %s", p.path, rest)
	}
}

var kindNames = map[yaml.Kind]string{
	yaml.MappingNode: "mapping of keys", yaml.SequenceNode: "list", yaml.ScalarNode: "single value",
}

func (l *loader) errorf(p place, format string, args ...any) {
	l.errs = append(l.errs, fmt.Errorf("config: %s:%d: %s", l.file, p.line, fmt.Sprintf(format, args...)))
}

// keysOf lists the keys of the struct type in t named typ as yaml.v3's
// messages name it ("bot.SlackConfig"), or nil.
func keysOf(t reflect.Type, typ string) []string {
	for t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	if t.String() == typ {
		return yamlKeys(t)
	}
	for i := range t.NumField() {
		if keys := keysOf(t.Field(i).Type, typ); keys != nil {
			return keys
		}
	}
	return nil
}

// yamlKeys lists a struct type's keys in the order of its fields.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		keys = append(keys, strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0])
	}
	return keys
}

// didYouMean names the key of type typ closest to path's last part.
func didYouMean(path, typ string) string {
	leaf := path[strings.LastIndex(path, ".")+1:]
	if m := commands.DidYouMean(leaf, keysOf(reflect.TypeFor[Config](), typ)); m != "" {
		return fmt.Sprintf(" (did you mean %s%s?)", strings.TrimSuffix(path, leaf), m)
	}
	return ""
}

// expectation says what a key decoded into the type into wants, for a value
// that came from a variable and so cannot be shown.
func expectation(into, msg string) string {
	switch {
	case into == "bool":
		return "true or false"
	case strings.Contains(msg, "duration"):
		return "a duration such as 90m, 24h or 2d"
	case strings.HasPrefix(into, "int"):
		return "a whole number"
	}
	return "a valid " + into
}

// withHints adds to a validation error a line for each required key whose
// value came from a variable that was unset, since the message alone would
// send the reader to the file.
func (l *loader) withHints(verr error) error {
	for _, p := range l.nodes {
		if p.unset != "" && strings.Contains("\n"+verr.Error(), "\nconfig: "+p.path+" ") {
			l.errorf(p, "%s is empty because ${%s} is unset or empty", p.path, p.unset)
		}
	}
	return errors.Join(append([]error{verr}, l.errs...)...)
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
