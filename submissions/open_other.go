//go:build !unix

package submissions

import "os"

// openNoWait opens a file for reading. Systems other than Unix have no named
// pipes in folders to wait on.
func openNoWait(path string) (*os.File, error) { return os.Open(path) }
