package bot

import "errors"

// newDiscord builds the Discord adapter (issue: Discord adapter).
func newDiscord(d platformDeps) (platform, error) {
	return nil, errors.New("atelier: the Discord adapter is not built yet; set discord.enabled: false to use the console")
}
