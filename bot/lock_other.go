//go:build !unix

package bot

import "errors"

var errLocked = errors.New("database locked")

// lockDatabase is a no-op where flock does not exist: there, stop the bot
// before a restore.
func lockDatabase(path string) (func(), error) { return func() {}, nil }
