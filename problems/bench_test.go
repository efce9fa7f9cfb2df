package problems

import (
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// BenchmarkLoadHomework8 loads and checks the bundled Homework 8 problem set from
// its TOML text: what every nngrade command does first.
func BenchmarkLoadHomework8(b *testing.B) {
	src, err := os.ReadFile("bundled/hw8.toml") // the file package bundled embeds
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load("hw8.toml", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDraw draws one student's values of the bundled variant set, as
// grading a class does for each student (variants are cached after the
// first of each combination).
//
//	go test ./problems -run '^$' -bench Draw -benchmem
func BenchmarkDraw(b *testing.B) {
	src, err := os.ReadFile("bundled/hw8-variants.toml")
	if err != nil {
		b.Fatal(err)
	}
	set, err := Load("hw8-variants.toml", src)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 4096)
	for i := range ids {
		ids[i] = "student" + strconv.Itoa(i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := set.Draw(ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
	}
}

// TestVariantCacheIsBounded: validating a set of many combinations keeps
// none of the variants it checks, and drawing for a large class keeps at
// most maxCachedVariants: each variant holds its own networks, and a set of
// 10,000 combinations kept them all (over 500 MB for a file of 3 kB).
func TestVariantCacheIsBounded(t *testing.T) {
	src := `id = "many"
[params]
a = { from = 1, to = 100 }
b = { from = 1, to = 100 }

[networks.net]
input = ["a", 3]
layers = [{ name = "fc", type = "dense", units = "b" }]

[[questions]]
id = "1"
text = "Params of a dense layer of {b} units on {a} inputs?"
network = "net"
layer = "fc"
ask = "params"
`
	set, err := Load("many.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	if err := set.CheckVariants(func(*Set) error { checked++; return nil }); err != nil {
		t.Fatal(err)
	}
	if checked != 10000 || set.cachedVariants() != 0 {
		t.Errorf("CheckVariants checked %d variants and kept %d; want 10000 and 0", checked, set.cachedVariants())
	}
	// Four graders at once, as a class is graded: variants are dropped from
	// the cache while others are made and read.
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 3*maxCachedVariants; i += 4 {
				v, err := set.Draw("student" + strconv.Itoa(i))
				if err != nil {
					t.Error(err)
					return
				}
				variant, err := set.Variant(v)
				if err != nil || !slices.Equal(variant.Values, v) {
					t.Errorf("Variant(%s): %v, values %s", v, err, variant.Values)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := set.cachedVariants(); n == 0 || n > maxCachedVariants {
		t.Errorf("after drawing for %d students the set keeps %d variants; want 1..%d", 3*maxCachedVariants, n, maxCachedVariants)
	}
}

// cachedVariants is how many variants the set keeps (for tests).
func (s *Set) cachedVariants() int {
	if s.variants == nil {
		return 0
	}
	s.variants.mu.Lock()
	defer s.variants.mu.Unlock()
	return len(s.variants.cache)
}
