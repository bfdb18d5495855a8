//go:build unix

package bot

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// errLocked means another process holds the database's lock file.
var errLocked = errors.New("database locked")

// lockDatabase takes an exclusive lock on path+".lock" for as long as the
// bot runs: a second bot on the same file, or a restore under a running
// bot, is refused instead of corrupting it. The kernel drops the lock when
// the process dies, so a crash leaves nothing to clean up.
func lockDatabase(path string) (release func(), err error) {
	f, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("atelier: lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, fmt.Errorf("atelier: lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
