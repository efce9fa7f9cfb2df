package main

import (
	"bytes"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader/report"
)

func cmdKey(c *cli.Context, stdout io.Writer) error {
	if c.NArg() != 1 {
		return usageError(c, "want one problem set (a file, or a bundled name such as hw8)")
	}
	key, err := loadKey(c.Args().First())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch f := c.String("format"); f {
	case "table":
		err = report.KeyTable(&buf, key)
	case "json":
		err = report.KeyJSON(&buf, key)
	case "markdown", "md":
		err = report.KeyMarkdown(&buf, key)
	default:
		return usageError(c, "unknown --format %q; valid: table, json, markdown", f)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}

func cmdSummary(c *cli.Context, stdout io.Writer) error {
	if c.NArg() != 1 {
		return usageError(c, "want one problem set")
	}
	key, err := loadKey(c.Args().First())
	if err != nil {
		return err
	}
	return report.Summary(stdout, key)
}
