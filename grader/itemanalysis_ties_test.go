package grader

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestDifficultyAtATie: a question's difficulty is its mean score, found
// exactly and then rounded as roundScore rounds the float64 nearest it,
// also when the mean falls halfway between two 4-decimal values (k right
// answers of 1 point among 20,000 students, k odd: a tie in a class of an
// even size is common). Welford's running mean, which AnalyseClass kept
// before its sums were exact, came out a few ulps short of such a tie
// and rounded it down where the question's own mean (QuestionInfo.Mean,
// roundScore of the plain sum over n) rounds it up: 0.0672 for a mean of
// 0.06725, whose Mean is 0.0673 (here 3 of these 7 questions).
func TestDifficultyAtATie(t *testing.T) {
	const n = 20_000
	rights := []int{799, 481, 1345, 723, 4751, 1193, 175}
	rng := rand.New(rand.NewPCG(20, 0))
	class := &ClassResult{MaxScore: float64(len(rights))}
	for i := range rights {
		class.Questions = append(class.Questions, QuestionInfo{ID: fmt.Sprint("q", i), MaxScore: 1})
	}
	// Each question's right answers at positions drawn at random.
	right := make([][]bool, len(rights))
	for i, k := range rights {
		right[i] = make([]bool, n)
		for _, j := range rng.Perm(n)[:k] {
			right[i][j] = true
		}
	}
	for j := range n {
		s := StudentResult{Student: fmt.Sprintf("s%05d", j), MaxScore: class.MaxScore}
		for i, q := range class.Questions {
			r := QuestionResult{ID: q.ID, MaxScore: 1, Status: Incorrect, Answer: "x"}
			if right[i][j] {
				r.Score, r.Status, r.Answer = 1, Correct, "y"
			}
			s.Score += r.Score
			s.Questions = append(s.Questions, r)
		}
		class.Students = append(class.Students, s)
	}
	a := analysedInChunks(t, "a class at a tie", class)
	for i, k := range rights {
		if got, want := a.Items[i].Difficulty, roundScore(float64(k)/n); got != want {
			t.Errorf("%d right of %d: difficulty %v, want %v (the mean, %v, rounded)", k, n, got, want, float64(k)/n)
		}
	}
}
