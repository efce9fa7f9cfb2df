package main

import "flag"

var update = flag.Bool("update", false, "rewrite the golden output in testscript files")
