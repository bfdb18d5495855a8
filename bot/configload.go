package bot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/atelier-bot/atelier/commands"
	"gopkg.in/yaml.v3"
)

// How LoadConfig reads the file. Adding a key never needs this file: a
// field with a yaml tag on a section's struct, its default and its check
// in the section's validate are all it takes.

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

// index lists n's nodes depth first, keys before their values, without
// following aliases, so that each node is listed once, where it is written.
func (l *loader) index(n *yaml.Node, path string, key bool) {
	l.nodes = append(l.nodes, place{node: n, path: path, line: n.Line, key: key})
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

// load decodes the file over cfg with yaml.v3, in two passes. The file as
// written, decoded with KnownFields, names the unknown keys. Then ${VAR} is
// expanded in the parsed values, so that no value can change the file's
// structure, and the tree is decoded into cfg with each node's line set to
// its index, so that each of the decoder's errors leads back to its key.
func (l *loader) load(cfg *Config) error {
	data, err := os.ReadFile(l.file)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	root, err := parseYAML(data)
	if err != nil || root == nil {
		return wrapFile(l.file, err)
	}
	l.index(root, "", false)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var te *yaml.TypeError
	if errors.As(dec.Decode(new(Config)), &te) {
		for _, msg := range te.Errors {
			var line int
			var name string
			_, typ, unknown := strings.Cut(msg, " not found in type ")
			fmt.Sscanf(msg, "line %d: field %s", &line, &name)
			for _, p := range l.nodes {
				if unknown && p.key && p.line == line && p.node.Value == name {
					l.errorf(p, "unknown key %s%s", p.path, didYouMean(p.path, typ))
					break
				}
			}
		}
	}
	for i := range l.nodes {
		if p := &l.nodes[i]; p.node.Kind == yaml.ScalarNode && !p.key {
			l.expand(p)
		}
		l.nodes[i].node.Line = i + 1
	}
	if len(l.errs) == 0 {
		if err := root.Decode(cfg); errors.As(err, &te) {
			for _, msg := range te.Errors {
				l.explain(msg)
			}
		} else if err != nil {
			return wrapFile(l.file, err)
		}
	}
	return errors.Join(l.errs...)
}

func wrapFile(file string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("config: %s: %w", file, err)
}

// expand replaces ${NAME} and ${NAME:-default} in a value. A plain value is
// resolved again, so that "${ENABLED:-false}" can be a bool; a quoted or
// block one stays a string, as its author asked. getenv cannot tell unset
// from empty, so both take the default.
func (l *loader) expand(p *place) {
	n, s := p.node, p.node.Value
	if !strings.Contains(s, "${") {
		return
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		ref, rest, closed := strings.Cut(s[i+2:], "}")
		name, def, hasDef := strings.Cut(ref, ":-")
		switch {
		case !closed:
			l.errorf(*p, `%s: "${" has no closing "}"`, p.path)
			return
		case !isVarName(name):
			l.errorf(*p, "%s: ${%s}: %q is not a variable name (letters, digits and _)", p.path, ref, name)
			return
		case strings.Contains(def, "${"):
			l.errorf(*p, "%s: ${%s}: a default cannot contain another ${...}", p.path, ref)
			return
		}
		val := l.getenv(name)
		if val == "" && hasDef {
			val = def
		} else if val == "" {
			p.unset = name
		}
		b.WriteString(val)
		s = rest
	}
	b.WriteString(s)
	p.written, n.Value = n.Value, b.String()
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
	_, isStruct := configKeys()[into]
	switch {
	case strings.HasPrefix(rest, "mapping key "):
		fmt.Sscanf(rest[strings.LastIndex(rest, "line "):], "line %d", &first)
		l.errorf(p, "%s is set twice (first on line %d)", p.path, l.nodes[max(first, 1)-1].line)
	case p.written != "":
		l.errorf(p, "%s: %s does not expand to %s", p.path, p.written, expectation(into, rest))
	case isStruct && p.path == "":
		l.errorf(p, "the file must be a mapping of keys such as community: and slack:")
	case isStruct:
		l.errorf(p, "%s must be a mapping of keys, not a %s", p.path, kindName(p.node))
	case strings.HasPrefix(into, "[]"):
		l.errorf(p, "%s must be a list, not a %s", p.path, kindName(p.node))
	case p.node.Kind != yaml.ScalarNode:
		l.errorf(p, "%s must be a single value, not a %s", p.path, kindName(p.node))
	default:
		l.errorf(p, "%s: %s", p.path, rest)
	}
}

func (l *loader) errorf(p place, format string, args ...any) {
	l.errs = append(l.errs, fmt.Errorf("config: %s:%d: %s", l.file, p.line, fmt.Sprintf(format, args...)))
}

// configKeys maps each struct type in Config, named as yaml.v3's messages
// name it ("bot.SlackConfig"), to its keys.
var configKeys = sync.OnceValue(func() map[string][]string {
	keys := map[string][]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if _, seen := keys[t.String()]; seen || t.Kind() != reflect.Struct {
			return
		}
		keys[t.String()] = nil
		for i := range t.NumField() {
			if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" && name != "-" {
				keys[t.String()] = append(keys[t.String()], name)
				walk(t.Field(i).Type)
			}
		}
	}
	walk(reflect.TypeFor[Config]())
	return keys
})

// didYouMean names the key of type typ closest to path's last part.
func didYouMean(path, typ string) string {
	leaf := path[strings.LastIndex(path, ".")+1:]
	if m := commands.DidYouMean(leaf, slices.Clone(configKeys()[typ])); m != "" {
		return fmt.Sprintf(" (did you mean %s%s?)", strings.TrimSuffix(path, leaf), m)
	}
	return ""
}

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

// parseYAML returns the root node of the only document in data, or nil when
// the file holds no document or just null.
func parseYAML(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err == io.EOF {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	// A plain Decode would ignore a second document, and so hide half of a
	// badly concatenated file.
	if err := dec.Decode(new(yaml.Node)); err != io.EOF {
		if err != nil {
			return nil, err
		}
		return nil, errors.New("more than one YAML document (remove the extra ---)")
	}
	if len(doc.Content) == 0 || doc.Content[0].ShortTag() == "!!null" {
		return nil, nil
	}
	return doc.Content[0], nil
}

// hints explains required-key errors whose value came from a variable that
// was unset, since the message alone would send the reader to the file.
func (l *loader) hints(verr error) []error {
	var hints []error
	for _, p := range l.nodes {
		if p.unset != "" && strings.Contains("\n"+verr.Error(), "\nconfig: "+p.path+" ") {
			hints = append(hints, fmt.Errorf("config: %s:%d: %s is empty because ${%s} is unset or empty", l.file, p.line, p.path, p.unset))
		}
	}
	return hints
}

func isVarName(s string) bool {
	for i, r := range s {
		if r != '_' && !('a' <= r && r <= 'z') && !('A' <= r && r <= 'Z') && !(i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return s != ""
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "single value"
}
