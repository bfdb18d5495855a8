package commands

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/atelier-bot/atelier/storage"
)

// Every list pages the same way: "page N" typed at the end of the command,
// or the Next button, whose line carries "page N after <id>", the last item
// shown, so the next page starts right after it even when items came or
// went meanwhile. Each page says where it is: "21–40 of 45".

// pageArg cuts a trailing "page N" (or "p N"), with the button's "after
// <id>", off the words.
func pageArg(words []string) ([]string, storage.Page, error) {
	var p storage.Page
	n := len(words)
	if n >= 4 && fold(words[n-2]) == "after" {
		id, err := strconv.ParseInt(words[n-1], 10, 64)
		if err != nil || id < 1 {
			return nil, p, userErr("err.page_named", words[n-1])
		}
		p.After = id
		words, n = words[:n-2], n-2
	}
	if n >= 2 && (fold(words[n-2]) == "page" || fold(words[n-2]) == "p") {
		num, err := strconv.Atoi(words[n-1])
		if err != nil || num < 1 {
			return nil, p, userErr("err.page_named", words[n-1])
		}
		p.Number = num
		return words[:n-2], p, nil
	}
	if p.After != 0 {
		return nil, p, userErr("err.page_named", "after")
	}
	p.Number = 1
	return words, p, nil
}

// pageCard is where a page is, and a Next button when there is more; nil
// when the whole list fits on one page. again is the command that lists.
func pageCard(lang Lang, info storage.PageInfo, again string) []Card {
	if info.Total <= info.Last && info.First <= 1 {
		return nil
	}
	c := Card{Footer: T(lang, "page.position", info.First, info.Last, info.Total)}
	if info.First > info.Last {
		c.Footer = T(lang, "page.past", info.Total)
	}
	if info.Next != 0 {
		next := info.Number + 1
		c.Buttons = []Button{{Label: T(lang, "button.next_page"), Line: fmt.Sprintf("%s page %d after %d", again, next, info.Next)}}
		c.Footer += " · " + T(lang, "page.next", again, next)
	}
	return []Card{c}
}

// searchArgs are a search's words as typed (quotes kept), without the
// page; no words is a usage error.
func searchArgs(req *Request) (string, storage.Page, error) {
	args, page, err := pageArg(req.Args)
	if err != nil {
		return "", page, err
	}
	words := req.Rest
	if len(args) < len(req.Args) {
		words = strings.Join(args, " ")
	}
	if strings.TrimSpace(words) == "" {
		return "", page, errUsage
	}
	return words, page, nil
}
