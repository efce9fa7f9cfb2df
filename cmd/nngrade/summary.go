package main

import (
	"github.com/urfave/cli/v2"

	"github.com/nngrade/nngrade/grader/report"
)

func summaryCommand() *cli.Command {
	return &cli.Command{
		Name:        "summary",
		Usage:       "print each network's per-layer table (like torchinfo or Keras summary)",
		ArgsUsage:   "SET",
		Description: "Example:\n   nngrade summary hw8",
		Action:      cmdSummary,
	}
}

func cmdSummary(c *cli.Context) error {
	key, err := keyArg(c, "want one problem set")
	if err != nil {
		return err
	}
	return report.Summary(c.App.Writer, key)
}
