package slack

import _ "embed"

// Manifest is the Slack app manifest for Socket Mode: paste it at
// https://api.slack.com/apps (Create New App, From an app manifest).
//
//go:embed manifest.yaml
var Manifest string

// ManifestHTTP is the manifest for HTTP mode, with example request URLs to
// replace by the bot's public address.
//
//go:embed manifest-http.yaml
var ManifestHTTP string
