package main

import (
	"bytes"

	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader/report"
)

func keyCommand() *cli.Command {
	return &cli.Command{
		Name:      "key",
		Usage:     "print the answer key of a problem set",
		ArgsUsage: "SET",
		Description: "Solves every question and prints the answers, with a per-layer table for each network.\n\n" +
			"Examples:\n   nngrade key hw8\n   nngrade key hw8 --format json\n   nngrade key my-set.toml --format markdown > key.md",
		Flags: []cli.Flag{
			formatFlag("`FORMAT`: table, json or markdown (worked solutions)", "table"),
		},
		Action: cmdKey,
	}
}

func cmdKey(c *cli.Context) error {
	key, err := keyArg(c, "want one problem set (a file, or a bundled name such as hw8)")
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
	_, err = c.App.Writer.Write(buf.Bytes())
	return err
}
