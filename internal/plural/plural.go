// Package plural writes counts in messages as English does: "1 axis", "3 axes",
// "1 of 2 files has problems". Every message that puts a number before a noun
// goes through it, so that no message reads "1 students".
package plural

import "strconv"

// Count writes n and the noun that agrees with it: Count(1, "axis", "axes") is
// "1 axis", Count(3, "axis", "axes") is "3 axes". Zero takes the plural ("0 files").
func Count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Word(n, one, many)
}

// Word is the form of a word (a noun or a verb) that agrees with n: one when n
// is 1, many otherwise. Word(1, "has", "have") is "has".
func Word(n int, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}
