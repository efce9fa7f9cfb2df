package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// flagsFirst moves a command's flags before its arguments: urfave/cli v2 stops
// reading flags at the first argument, but users type `nngrade grade hw8 --details`.
// A flag that takes a value keeps the argument after it ("--format json"); which
// flags take one is read from the command's own flag definitions (valueFlags),
// so a new flag needs no list kept by hand. Arguments of a command nngrade does
// not have are left alone, for urfave/cli to report.
func flagsFirst(args []string, commands []*cli.Command) []string {
	if len(args) < 3 {
		return args
	}
	var cmd *cli.Command
	for _, c := range commands {
		if c.HasName(args[1]) {
			cmd = c
		}
	}
	if cmd == nil {
		return args
	}
	takesValue := valueFlags(cmd)
	out := append([]string(nil), args[:2]...)
	var positional []string
	for i := 2; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		out = append(out, a)
		name := strings.TrimLeft(a, "-")
		if takesValue[name] && i+1 < len(args) {
			i++
			out = append(out, args[i])
		}
	}
	if len(positional) > 0 {
		out = append(out, "--")
		out = append(out, positional...)
	}
	return out
}

// valueFlags is the set of names and aliases of cmd's flags that take a value:
// every flag but a *cli.BoolFlag. A name written with its value ("--format=json")
// is not in it, so the argument after it stays an argument.
func valueFlags(cmd *cli.Command) map[string]bool {
	names := map[string]bool{}
	for _, f := range cmd.Flags {
		if _, isBool := f.(*cli.BoolFlag); isBool {
			continue
		}
		for _, n := range f.Names() {
			names[n] = true
		}
	}
	return names
}
