//go:build unix

package submissions

import (
	"os"
	"syscall"
)

// openNoWait opens a file for reading without waiting: a named pipe with no
// writer opens at once (to be refused) instead of blocking. O_NONBLOCK does
// not change reads of a regular file.
func openNoWait(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
