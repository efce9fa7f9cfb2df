package main

import (
	"flag"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

var update = flag.Bool("update", false, "rewrite the golden output in testscript files")

func TestFlagsFirst(t *testing.T) {
	commands := newApp(io.Discard, io.Discard).Commands
	cases := []struct{ in, want string }{
		{"nngrade grade hw8 subs/ --details", "nngrade grade --details -- hw8 subs/"},
		{"nngrade grade hw8 -d subs/", "nngrade grade -d -- hw8 subs/"},
		{"nngrade grade hw8 class.csv --format csv", "nngrade grade --format csv -- hw8 class.csv"},
		{"nngrade grade hw8 class.csv -f csv --out fb", "nngrade grade -f csv --out fb -- hw8 class.csv"},
		{"nngrade grade hw8 --format=csv class.csv", "nngrade grade --format=csv -- hw8 class.csv"},
		{"nngrade grade hw8 c.csv --assignment HW8 --rubric r.toml", "nngrade grade --assignment HW8 --rubric r.toml -- hw8 c.csv"},
		{"nngrade check hw8 --rubric r.toml a.toml", "nngrade check --rubric r.toml -- hw8 a.toml"},
		{"nngrade template hw8 --student ab123", "nngrade template --student ab123 -- hw8"},
		{"nngrade validate a.toml -- --odd-name.toml", "nngrade validate -- a.toml --odd-name.toml"},
		{"nngrade key hw8", "nngrade key -- hw8"},
		{"nngrade nosuch hw8 --format json", "nngrade nosuch hw8 --format json"},
		{"nngrade grade", "nngrade grade"},
	}
	for _, tc := range cases {
		got := strings.Join(flagsFirst(strings.Fields(tc.in), commands), " ")
		if got != tc.want {
			t.Errorf("flagsFirst(%s)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

// TestEveryFlagAfterAnArgument walks every flag of every command, by each of
// its names, written after an argument as users do, and parses the result with
// the real app: a flag that takes a value (as urfave/cli itself says) gets the
// word after it, and a boolean flag leaves that word an argument. A new flag
// that flagsFirst does not recognise fails here.
func TestEveryFlagAfterAnArgument(t *testing.T) {
	for _, cmd := range newApp(io.Discard, io.Discard).Commands {
		for _, f := range cmd.Flags {
			takesValue := f.(cli.DocGenerationFlag).TakesValue()
			for _, name := range f.Names() {
				dash := "--"
				if len(name) == 1 {
					dash = "-"
				}
				app := newApp(io.Discard, io.Discard)
				var args []string
				var set bool
				var value string
				for _, c := range app.Commands {
					c.Action = func(c *cli.Context) error {
						args, set = c.Args().Slice(), c.IsSet(name)
						value = c.Generic(name).(flag.Value).String()
						return nil
					}
				}
				line := []string{"nngrade", cmd.Name, "ARG", dash + name, "7"}
				if err := app.Run(flagsFirst(line, app.Commands)); err != nil {
					t.Errorf("%s: %v", strings.Join(line, " "), err)
					continue
				}
				wantArgs, wantValue := []string{"ARG", "7"}, "true"
				if takesValue {
					wantArgs, wantValue = []string{"ARG"}, "7"
				}
				if !set || value != wantValue || !slices.Equal(args, wantArgs) {
					t.Errorf("%s: flag %s set %v to %q and arguments %q; want %q and %q",
						strings.Join(line, " "), name, set, value, args, wantValue, wantArgs)
				}
			}
		}
	}
}
