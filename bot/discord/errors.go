package discord

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// errText describes an error for the logs without what must not be
// logged: interaction and webhook tokens travel in URL paths (and so in
// url.Error and RateLimitError texts), and REST error bodies can quote
// message content.
func errText(err error) string {
	if err == nil {
		return ""
	}
	var rest *discordgo.RESTError
	if errors.As(err, &rest) {
		s := "HTTP"
		if rest.Response != nil {
			s += " " + strconv.Itoa(rest.Response.StatusCode)
		}
		if rest.Request != nil {
			s += " " + rest.Request.Method + " " + redactPath(rest.Request.URL.Path)
		}
		if rest.Message != nil {
			s += " code " + strconv.Itoa(rest.Message.Code) + ": " + truncate(rest.Message.Message, 120)
		}
		return s
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		s := "rate limited"
		if rl.TooManyRequests != nil {
			s += ", retry after " + rl.RetryAfter.String()
		}
		if u, perr := url.Parse(rl.URL); perr == nil {
			s += " on " + redactPath(u.Path)
		}
		return s
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		path := ""
		if u, perr := url.Parse(ue.URL); perr == nil {
			path = redactPath(u.Path)
		}
		return ue.Op + " " + path + ": " + redactTokens(ue.Err.Error())
	}
	return redactTokens(err.Error())
}

// tokenInPath matches the token segment of interaction and webhook paths.
var tokenInPath = regexp.MustCompile(`(/(?:interactions|webhooks)/[0-9]+/)[^/?\s"]+`)

func redactPath(p string) string { return tokenInPath.ReplaceAllString(p, "${1}…") }

func redactTokens(s string) string { return tokenInPath.ReplaceAllString(s, "${1}…") }

// isStatus reports whether err is a REST error with that HTTP status.
func isStatus(err error, status int) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode == status
}

func isNotFound(err error) bool { return isStatus(err, http.StatusNotFound) }
