// Package console is the adapter for a terminal: commands on stdin, replies
// on stdout. It is the demo and the easiest end-to-end test harness, so it
// offers every interaction Slack and Discord do: typed commands, button
// presses on a shown card, and reactions on a posted message.
package console

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/atelier-bot/atelier/commands"
	"github.com/atelier-bot/atelier/storage"
)

// Platform is the console's platform name in identities and message refs.
const (
	Platform  = "console"
	Workspace = "local"
	Channel   = "console"
)

// Router is what the console needs of the core.
type Router interface {
	Handle(ctx context.Context, req *commands.Request) commands.Reply
	Subscribe(fn func(commands.Entity))
	SaveMessage(ctx context.Context, platform, channel, messageID string, e commands.Entity) error
	Messages(ctx context.Context, e commands.Entity) ([]storage.MessageRef, error)
	Card(ctx context.Context, e commands.Entity) (commands.Card, error)
	Community() (commands.Lang, *time.Location)
}

// Options tune the console.
type Options struct {
	User        string // who types at start
	Echo        bool   // print each input line, for piped scripts
	Interactive bool   // show a prompt
	Community   string
	// FilesDir is where attached files (an /atelier export, statistics as
	// CSV) are written; "" is the current directory.
	FilesDir string
}

// Console is the terminal adapter. Notifications (Send) print among the
// replies; mu keeps one from cutting into another.
type Console struct {
	mu     sync.Mutex
	ndm    int
	router Router
	out    io.Writer
	opts   Options
	user   string
	// run makes message ids unique across runs: refs persist in the
	// database, and an id reused by a later run would map to the wrong card.
	run   string
	cards []commands.Card // shown cards, by number-1, for :press
	// posted maps the short names shown ("m2") to message ids.
	posted map[string]string
	nmsg   int
	// changed collects what the last request changed, to reprint after
	// its reply.
	changed []commands.Entity
}

// Run reads commands until the end of input or ctx is done.
func Run(ctx context.Context, r Router, in io.Reader, out io.Writer, opts Options) error {
	return New(r, out, opts).Run(ctx, in)
}

// New returns a console writing to out.
func New(r Router, out io.Writer, opts Options) *Console {
	if opts.User == "" {
		opts.User = "admin"
	}
	c := &Console{router: r, out: out, opts: opts, user: opts.User,
		run: strconv.FormatInt(time.Now().UnixNano(), 36), posted: map[string]string{}}
	r.Subscribe(func(e commands.Entity) { c.changed = append(c.changed, e) })
	return c
}

// Send prints a notification: "[DM to bob] …" for a member's direct
// messages, "[#announcements] …" for a channel, with its cards, which can
// be pressed like any other. The whole message is one write.
func (c *Console) Send(ctx context.Context, to commands.Target, msg commands.Reply) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	render := func(s string) string {
		return commands.RenderTimes(s, func(t time.Time) string { return commands.FormatTime(t, msg.Lang, msg.Loc) })
	}
	var b bytes.Buffer
	out := c.out
	c.out = &b
	defer func() { c.out = out }()
	who := "#" + to.Channel
	if to.UserID != "" {
		who = "DM to " + to.UserID
	}
	fmt.Fprintf(&b, "[%s] %s\n", who, render(msg.Text))
	for _, card := range msg.Cards {
		c.printCard(card, "", render)
	}
	if _, err := out.Write(b.Bytes()); err != nil {
		return "", fmt.Errorf("console: send: %w", err)
	}
	c.ndm++
	return fmt.Sprintf("%s-n%d", c.run, c.ndm), nil
}

// Run reads commands until the end of input or ctx is done.
func (c *Console) Run(ctx context.Context, in io.Reader) error {
	c.mu.Lock() // Send swaps c.out while it prints
	opts, out := c.opts, c.out
	c.mu.Unlock()
	if opts.Interactive {
		fmt.Fprintf(out, "atelier console for %s. You are %s. Type /help for commands, :help for console keys.\n", opts.Community, c.user)
	}
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
		close(lines)
	}()
	for {
		if opts.Interactive {
			fmt.Fprintf(out, "%s> ", c.user)
		}
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if err := <-errc; err != nil {
					return fmt.Errorf("console: read: %w", err)
				}
				return nil
			}
			if d, ok := waitKey(line); ok {
				// Outside the lock, so notifications due meanwhile print.
				if c.opts.Echo {
					fmt.Fprintf(out, "\n%s> %s\n", c.user, strings.TrimSpace(line))
				}
				select {
				case <-ctx.Done():
					return nil
				case <-time.After(d):
				}
				continue
			}
			c.mu.Lock()
			quit := c.line(ctx, line)
			c.mu.Unlock()
			if quit {
				return nil
			}
		}
	}
}

// waitKey reads ":wait <duration>" (at most a minute): the console pauses,
// and notifications due meanwhile print, as in a chat left open.
func waitKey(line string) (time.Duration, bool) {
	f := strings.Fields(line)
	if len(f) != 2 || f[0] != ":wait" {
		return 0, false
	}
	d, err := time.ParseDuration(f[1])
	if err != nil || d < 0 || d > time.Minute {
		return 0, false
	}
	return d, true
}

// line handles one input line; it reports whether to stop.
func (c *Console) line(ctx context.Context, line string) bool {
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return false
	}
	if c.opts.Echo {
		fmt.Fprintf(c.out, "\n%s> %s\n", c.user, line)
	}
	if strings.HasPrefix(line, ":") {
		return c.meta(ctx, line)
	}
	c.do(ctx, &commands.Request{Line: strings.TrimPrefix(line, "/")})
	return false
}

// meta runs a console key: who you are, pressing buttons, reacting.
func (c *Console) meta(ctx context.Context, line string) bool {
	f := strings.Fields(line)
	switch f[0] {
	case ":quit", ":q", ":exit":
		return true
	case ":as":
		if len(f) != 2 {
			fmt.Fprintln(c.out, "usage: :as <name>")
			return false
		}
		c.user = f[1]
		fmt.Fprintf(c.out, "(you are now %s)\n", c.user)
	case ":press":
		if len(f) < 3 {
			fmt.Fprintln(c.out, "usage: :press <card, e.g. c2> <button number or label>")
			return false
		}
		b, err := c.button(f[1], strings.Join(f[2:], " "))
		if err != nil {
			fmt.Fprintln(c.out, err)
			return false
		}
		if b.URL != "" {
			fmt.Fprintf(c.out, "(opens %s)\n", b.URL)
			return false
		}
		c.do(ctx, &commands.Request{Line: b.Line})
	case ":react", ":unreact":
		if len(f) < 2 || len(f) > 3 {
			fmt.Fprintf(c.out, "usage: %s <message, e.g. m1> [emoji]\n", f[0])
			return false
		}
		id, ok := c.posted[f[1]]
		if !ok {
			fmt.Fprintf(c.out, "no posted message %s\n", f[1])
			return false
		}
		c.do(ctx, &commands.Request{Reaction: &commands.Reaction{Channel: Channel, MessageID: id, Added: f[0] == ":react"}})
	case ":help":
		fmt.Fprintln(c.out, `console keys:
  :as <name>               act as another member (created on first use)
  :press <card> <button>   press a button on a shown card, e.g. :press c2 1 or :press c2 join
  :react <message>         add the ✋ reaction to a posted message, e.g. :react m1
  :unreact <message>       take the reaction back
  :wait <duration>         pause, e.g. :wait 2s, so notifications due meanwhile print
  :quit                    leave (or end of input)
commands: /help`)
	default:
		fmt.Fprintf(c.out, "unknown console key %s; :help lists them\n", f[0])
	}
	return false
}

func (c *Console) button(card, which string) (commands.Button, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(card, "c"))
	if err != nil || n < 1 || n > len(c.cards) {
		return commands.Button{}, fmt.Errorf("no card %s", card)
	}
	bs := c.cards[n-1].Buttons
	if i, err := strconv.Atoi(which); err == nil {
		if i < 1 || i > len(bs) {
			return commands.Button{}, fmt.Errorf("card %s has no button %d", card, i)
		}
		return bs[i-1], nil
	}
	for _, b := range bs {
		if strings.HasPrefix(strings.ToLower(b.Label), strings.ToLower(which)) {
			return b, nil
		}
	}
	return commands.Button{}, fmt.Errorf("card %s has no button %q", card, which)
}

func (c *Console) do(ctx context.Context, req *commands.Request) {
	req.Platform, req.Workspace, req.UserID, req.UserName, req.Channel = Platform, Workspace, c.user, c.user, Channel
	reply := c.router.Handle(ctx, req)
	c.print(ctx, reply)
}

func (c *Console) print(ctx context.Context, reply commands.Reply) {
	render := func(s string) string {
		return commands.RenderTimes(s, func(t time.Time) string { return commands.FormatTime(t, reply.Lang, reply.Loc) })
	}
	if reply.Text != "" {
		fmt.Fprintln(c.out, render(reply.Text))
	}
	for _, f := range reply.Files {
		c.attach(f)
	}
	// A channel's card has every member as reader: its plain-text times
	// are in the community's language and zone, never the acting member's.
	lang, loc := c.router.Community()
	channel := func(s string) string {
		return commands.RenderTimes(s, func(t time.Time) string { return commands.FormatTime(t, lang, loc) })
	}
	for _, card := range reply.Cards {
		msg := ""
		r := render
		if reply.Public && card.Entity.ID != 0 {
			msg = c.post(ctx, card.Entity)
			r = channel
		}
		c.printCard(card, msg, r)
	}
	changed := c.changed
	c.changed = nil
	for _, e := range changed {
		c.refresh(ctx, e, channel)
	}
}

// post records a public card as a message of the channel, so reactions on
// it map back to what it shows.
func (c *Console) post(ctx context.Context, e commands.Entity) string {
	c.nmsg++
	short := fmt.Sprintf("m%d", c.nmsg)
	id := c.run + "-" + short
	if err := c.router.SaveMessage(ctx, Platform, Channel, id, e); err != nil {
		fmt.Fprintf(c.out, "(could not record message: %v)\n", err)
		return ""
	}
	c.posted[short] = id
	return short
}

// refresh edits, that is reprints, the messages of this run that show e,
// as a platform would edit its announcement to show live counts.
func (c *Console) refresh(ctx context.Context, e commands.Entity, render func(string) string) {
	refs, err := c.router.Messages(ctx, e)
	if err != nil {
		return
	}
	for _, ref := range refs {
		short, ok := c.shortName(ref)
		if !ok {
			continue
		}
		card, err := c.router.Card(ctx, e)
		if err != nil {
			continue
		}
		fmt.Fprintf(c.out, "(message %s updated)\n", short)
		c.printCard(card, short, render)
	}
}

func (c *Console) shortName(ref storage.MessageRef) (string, bool) {
	if ref.Platform != Platform {
		return "", false
	}
	for short, id := range c.posted {
		if id == ref.MessageID {
			return short, true
		}
	}
	return "", false
}

// maxInline is the largest attached text printed as well as saved.
const maxInline = 2048

// attach saves an attached file under FilesDir, never over an existing
// file ("name-2.csv" then), and says where; a short text file is printed
// too, so a piped session shows it.
func (c *Console) attach(f commands.File) {
	dir := c.opts.FilesDir
	if dir == "" {
		dir = "."
	}
	name := filepath.Base(filepath.Clean("/" + f.Name))
	if name == "/" || name == "." {
		name = "attachment"
	}
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	var path string
	for i := 1; ; i++ {
		path = filepath.Join(dir, name)
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", stem, i, ext))
		}
		file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) && i < 1000 {
			continue
		}
		if err == nil {
			_, err = file.Write(f.Data)
			err = errors.Join(err, file.Close())
		}
		if err != nil {
			fmt.Fprintf(c.out, "📎 %s (%d bytes): could not save: %v\n", name, len(f.Data), err)
			return
		}
		break
	}
	fmt.Fprintf(c.out, "📎 %s (%d bytes) saved to %s\n", name, len(f.Data), path)
	if len(f.Data) <= maxInline && utf8.Valid(f.Data) {
		fmt.Fprintf(c.out, "%s", f.Data)
		if !bytes.HasSuffix(f.Data, []byte("\n")) {
			fmt.Fprintln(c.out)
		}
	}
}

func (c *Console) printCard(card commands.Card, msg string, render func(string) string) {
	c.cards = append(c.cards, card)
	ref := fmt.Sprintf("c%d", len(c.cards))
	if msg != "" {
		ref += " · " + msg
	}
	fmt.Fprintf(c.out, "┌─ [%s] %s\n", ref, render(card.Title))
	for _, l := range strings.Split(card.Body, "\n") {
		if l != "" {
			fmt.Fprintf(c.out, "│ %s\n", render(l))
		}
	}
	for _, f := range card.Fields {
		lines := strings.Split(render(f.Value), "\n")
		fmt.Fprintf(c.out, "│ %s: %s\n", f.Label, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(c.out, "│   %s\n", l)
		}
	}
	if len(card.Buttons) > 0 {
		var bs []string
		for i, b := range card.Buttons {
			bs = append(bs, fmt.Sprintf("[%d] %s", i+1, b.Label))
		}
		fmt.Fprintf(c.out, "├─ %s\n", strings.Join(bs, "  "))
	}
	fmt.Fprintf(c.out, "└─ %s\n", render(card.Footer))
}
