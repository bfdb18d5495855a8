package bot

import "errors"

// newSlack builds the Slack adapter (issue: Slack adapter).
func newSlack(d platformDeps) (platform, error) {
	return nil, errors.New("atelier: the Slack adapter is not built yet; set slack.enabled: false to use the console")
}
