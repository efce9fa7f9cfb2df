package report

import (
	"unsafe"

	"github.com/nngrade/nngrade/grader"
)

// renderCache keeps what a writer rendered of each distinct question result,
// which a class repeats from student to student: a JSON element, a feedback
// section. It keeps at most maxRenderedBytes of renderings, so that a class
// whose every answer differs costs the same memory as any other; past that,
// results not seen yet are rendered each time. A result with carried-forward
// credit is kept only when the class shares it (those not shared are few,
// and would need the ids compared).
type renderCache[V any] struct {
	entries map[renderKey][]rendered[V]
	// byShared keeps the renderings of results a class shares between
	// students (grader.StudentResult.Shared), found by pointer: no hashing
	// of texts, no comparing.
	byShared map[*grader.QuestionResult]V
	// recent is byShared's front, found by the pointer's bits alone: a
	// class asks for the same few hundred results a hundred thousand times
	// over, and a map's lookup cost as much as the copy of what it found.
	recent *[recentSlots]sharedSlot[V]
	bytes  int
	// budget is the bytes it may keep: maxRenderedBytes when 0. The
	// renderers of one grader.Render share the bound (renderShare).
	budget int
}

// sharedSlot is one of renderCache.recent's: a shared result and what was
// rendered of it.
type sharedSlot[V any] struct {
	result *grader.QuestionResult
	value  V
}

// recentSlots is the size of renderCache.recent, a power of two.
const recentSlots = 1 << 11

// recentSlot is where result goes in renderCache.recent: its address's bits
// above an allocation's alignment, mixed (Fibonacci hashing).
func recentSlot(result *grader.QuestionResult) int {
	const bits = 11 // recentSlots == 1<<bits
	return int(uint64(uintptr(unsafe.Pointer(result))>>4) * 0x9E3779B97F4A7C15 >> (64 - bits))
}

// renderShare is the budget of each of the renderers grader.Render renders
// a class on at once, so that together they keep what one would.
func renderShare() int { return maxRenderedBytes / grader.RenderWorkers() }

// maxLookAlikes is how many results one renderKey keeps: results that share
// an answer, lengths and scores (a result after carry-forward, or not) are
// few, and past these the last is replaced.
const maxLookAlikes = 4

const maxRenderedBytes = 8 << 20

// renderKey finds a result in the cache: its answer (a few bytes), its
// numbers and the lengths of its other texts, which hash in a few
// instructions where the feedback would take a hundred bytes. Results with
// the same key are told apart by comparing them (texts compare at once when
// they are the same strings, as the shared results of a ClassGrader's
// students are).
type renderKey struct {
	answer          string
	lengths         [5]int
	score, maxScore float64
}

// rendered is a result and what was rendered of it.
type rendered[V any] struct {
	result grader.QuestionResult
	value  V
}

func keyOf(q *grader.QuestionResult) renderKey {
	return renderKey{answer: q.Answer, lengths: [...]int{len(q.ID), len(q.Text), len(q.Expected), len(q.Feedback), len(q.ReadAs)},
		score: q.Score, maxScore: q.MaxScore}
}

// get is what was rendered of a result like s's i-th.
func (c *renderCache[V]) get(s *grader.StudentResult, i int) (v V, ok bool) {
	if shared := s.Shared(i); shared != nil {
		if c.recent == nil {
			c.recent = new([recentSlots]sharedSlot[V])
		}
		slot := &c.recent[recentSlot(shared)]
		if slot.result == shared {
			return slot.value, true
		}
		if v, ok = c.byShared[shared]; ok {
			*slot = sharedSlot[V]{shared, v}
		}
		return v, ok
	}
	q := &s.Questions[i]
	if len(q.CarriedForward) > 0 || q.Extraction != "" {
		return v, false
	}
	for _, e := range c.entries[keyOf(q)] {
		if sameResult(&e.result, q) {
			return e.value, true
		}
	}
	return v, false
}

// put keeps what was rendered of q, size bytes that value makes (a copy, if
// what the caller has is its own buffer), while the budget allows. The
// budget counts a result that takes a look-alike's place as well as the one
// it replaces, so that a class of look-alikes too stops keeping.
func (c *renderCache[V]) put(s *grader.StudentResult, i int, size int, value func() V) {
	budget := c.budget
	if budget == 0 {
		budget = maxRenderedBytes
	}
	if c.bytes+size > budget {
		return
	}
	if shared := s.Shared(i); shared != nil {
		if c.byShared == nil {
			c.byShared = make(map[*grader.QuestionResult]V)
		}
		c.byShared[shared] = value()
		c.bytes += size
		return
	}
	q := &s.Questions[i]
	if len(q.CarriedForward) > 0 || q.Extraction != "" {
		return
	}
	if c.entries == nil {
		c.entries = make(map[renderKey][]rendered[V])
	}
	key := keyOf(q)
	r, alike := rendered[V]{result: *q, value: value()}, c.entries[key]
	if len(alike) < maxLookAlikes {
		c.entries[key] = append(alike, r)
	} else {
		alike[len(alike)-1] = r
	}
	c.bytes += size
}

// sameResult reports whether a and b, neither with carried-forward credit,
// render alike.
func sameResult(a, b *grader.QuestionResult) bool {
	return a.ID == b.ID && a.Text == b.Text && a.Answer == b.Answer && a.Expected == b.Expected &&
		a.Feedback == b.Feedback && a.ReadAs == b.ReadAs && a.Status == b.Status &&
		a.Score == b.Score && a.MaxScore == b.MaxScore
}
