package tomlfile

import (
	"fmt"
	"strings"
)

// Suggest returns the candidate closest to word by edit distance, or "" when none
// is close enough to be a plausible typo (more than a third of the word differs).
func Suggest(word string, candidates []string) string {
	best, bestDist := "", -1
	lw := strings.ToLower(word)
	for _, c := range candidates {
		d := editDistance(lw, strings.ToLower(c))
		if strings.HasPrefix(strings.ToLower(c), lw) || strings.HasPrefix(lw, strings.ToLower(c)) {
			d = min(d, 1) // "conv" for "conv2d", "filter" for "filters"
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(2, (len([]rune(word))+2)/3)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// DidYouMean formats a suggestion as the tail of an error message: "; did you mean
// `filters`?" or, with no close candidate, "; valid: a, b, c".
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	if len(candidates) == 0 {
		return ""
	}
	return "; valid: " + strings.Join(candidates, ", ")
}

// editDistance is the Damerau (optimal string alignment) distance, so that a swapped
// pair of letters ("fitlers") counts as one slip.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
