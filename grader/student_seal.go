package grader

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/nngrade/nngrade/engine/nn"
	"github.com/nngrade/nngrade/rubrics"
	"github.com/nngrade/nngrade/submissions"
)

// How an answer is sealed. Every hash is HMAC-SHA-256 keyed with the edition's
// salt over a domain-separated message:
//
//	"nngrade student edition 1" NUL purpose NUL question id NUL domain NUL canonical value
//
// purpose is "match" for the hash the file shows (its first 16 bytes, in hex)
// and "open" for the AES-256-GCM key the verdict of that answer is encrypted
// under; domain says what is hashed ("answer", "axis:2", "rel:real:+", ...)
// and the canonical value is the value as the grader compares it (a count in
// decimal, a shape's sizes in order, an exact fraction). Anyone holding the
// file and an answer can find that answer's verdict, and only that one: the
// file reads as noise without the answers that open it.
const sealDomain = "nngrade student edition 1"

// sealKeys derives the match hash and the encryption key of one value.
type sealKeys struct {
	salt []byte
	id   string // question id
}

func (k sealKeys) mac(purpose, domain, canonical string) []byte {
	m := hmac.New(sha256.New, k.salt)
	for _, part := range []string{sealDomain, purpose, k.id, domain, canonical} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

// match is the hash of a value as the file shows it.
func (k sealKeys) match(domain, canonical string) string {
	return matchHex(k.mac("match", domain, canonical)[:16])
}

// seal makes an entry "match:ciphertext" holding v, which only the value opens.
func (k sealKeys) seal(domain, canonical string, v any) (string, error) {
	return k.sealPadded(domain, canonical, v, minSealedSize)
}

// minSealedSize is the fewest bytes of JSON an entry holds, padding
// included: enough for a verdict with the longest key display, so that the
// key's length does not show in its entry's.
const minSealedSize = 128

// sealPadded is seal with v's JSON padded with spaces to a multiple of 64
// bytes and to at least minLen, so that an entry's length says little of
// what it holds.
func (k sealKeys) sealPadded(domain, canonical string, v any, minLen int) (string, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	size := max(minLen, (len(plain)+63)/64*64)
	plain = append(plain, bytes.Repeat([]byte{' '}, size-len(plain))...)
	gcm, err := newGCM(k.mac("open", domain, canonical))
	if err != nil {
		return "", err
	}
	// Each key seals one message, so a fixed nonce is never reused.
	sealed := gcm.Seal(nil, make([]byte, gcm.NonceSize()), plain, []byte(k.id))
	return k.match(domain, canonical) + ":" + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// open finds the entry of a value among entries (by match hash) and decrypts
// its content into v; false when the value has no entry.
func (k sealKeys) open(entries map[string]string, domain, canonical string, v any) (bool, error) {
	sealed, ok := entries[k.match(domain, canonical)]
	if !ok {
		return false, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil {
		return false, fmt.Errorf("a sealed entry is not base64: %v", err)
	}
	gcm, err := newGCM(k.mac("open", domain, canonical))
	if err != nil {
		return false, err
	}
	plain, err := gcm.Open(nil, make([]byte, gcm.NonceSize()), raw, []byte(k.id))
	if err != nil {
		return false, errors.New("a sealed entry does not open with its answer (the file was changed after it was published)")
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return false, fmt.Errorf("a sealed entry holds no verdict: %v", err)
	}
	return true, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// entryMap indexes "match:sealed" entries by match hash.
func entryMap(entries []string) map[string]string {
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		if h, sealed, ok := strings.Cut(e, ":"); ok {
			m[h] = sealed
		}
	}
	return m
}

// sealedVerdict is what an entry of Answers holds: the verdict full grading
// (under the student policy) gives the answer that opens it.
type sealedVerdict struct {
	Status   Status  `json:"s"`
	Score    float64 `json:"p"`
	Feedback string  `json:"f,omitempty"`
	Expected string  `json:"e,omitempty"`
	// Note is true when the question's carry-forward note goes with the verdict.
	Note bool `json:"n,omitempty"`
}

// A sealer seals one form of question at publication and checks answers
// against the seal. This is the hook for every kind of question: to seal a new
// kind, give formOf a case for its KeyAnswers and put its sealer in sealers.
// A sealer's verdicts must be full grading's, so seal gets them from the
// grader itself (publication.grade) rather than working them out again.
type sealer interface {
	// seal fills sq's sealed parts (Axes, Answers, Cells, Classes, ...) for q.
	seal(p *publication, q *gradedQuestion, sq *StudentQuestion) error
	// validate checks the form's own keys of a loaded question.
	validate(sq *StudentQuestion) error
	// read reads an answer the way full grading reads it, without the key.
	read(sq *StudentQuestion, raw string) (reading, error)
	// readAs writes a read answer as full grading's ReadAs does.
	readAs(sq *StudentQuestion, got reading) string
	// check finds the verdict of an answer that was read.
	check(c *sealedQuestion, got reading) (sealedVerdict, error)
}

// sealers holds the sealer of every form a student edition has.
var sealers = map[string]sealer{
	"count":          countSealer{form: "count"},
	"receptive_size": countSealer{form: "receptive_size"},
	"shape":          shapeSealer{},
	"matrix":         shapeSealer{},
	"receptive":      receptiveSealer{},
	"number":         numberSealer{},
	"formula":        formulaSealer{form: "formula"},
	"identity":       formulaSealer{form: "identity"},
	"asymptotic":     formulaSealer{form: "asymptotic"},
}

func sealerForms() []string {
	forms := make([]string, 0, len(sealers))
	for f := range sealers {
		forms = append(forms, f)
	}
	sort.Strings(forms)
	return forms
}

// publication is one Publish under way: the grader whose verdicts are sealed,
// under the student policy, and the salt.
type publication struct {
	g    *Grader
	salt []byte
	// sealed holds the domain and canonical value of every entry of the
	// question being sealed, so that none is sealed twice.
	sealed map[string]bool
	// minCells and minAnswers are the fewest cells and answers the question
	// being sealed shows, decoys included: as many as a key of any magnitude
	// (zero too) would have. decoySize, when set, is the ciphertext length
	// of a decoy, that of an entry any key has.
	minCells, minAnswers, decoySize int
	// secret keys the decoys: derived from the salt and the keys, so that
	// nobody without the keys can tell a decoy from an entry.
	secret []byte
}

func (p *publication) keys(q *gradedQuestion) sealKeys {
	return sealKeys{salt: p.salt, id: q.key.Question.ID}
}

// grade is full grading's verdict, under the student policy, on raw as the
// answer to q and the only answer of a submission (so that nothing is carried
// forward), with whether full grading reached carry-forward's place for it.
func (p *publication) grade(q *gradedQuestion, raw string) sealedVerdict {
	sub := &submissions.Submission{Student: "publish", Answers: map[string]string{q.key.Question.ID: raw}}
	res := p.g.Grade(sub)
	for _, qr := range res.Questions {
		if qr.ID != q.key.Question.ID {
			continue
		}
		v := sealedVerdict{Status: qr.Status, Score: qr.Score, Feedback: qr.Feedback, Expected: qr.Expected}
		v.Note = p.carryEligible(q, raw, qr.Status)
		return v
	}
	panic("grader: a question graded without its result")
}

// carryEligible reports whether full grading could credit raw by carry-forward
// with other earlier answers: a wrong answer that is no known mistake.
func (p *publication) carryEligible(q *gradedQuestion, raw string, st Status) bool {
	if st != Incorrect && st != Partial {
		return false
	}
	got, err := readAnswer(q, raw)
	if err != nil {
		return false
	}
	for _, m := range q.mistakes {
		if q.key.kind.same(q, m.answer, got) {
			return false
		}
	}
	return true
}

// Publish seals key under rubric (nil: the default rubric) as a student
// edition, with salt (at least 16 bytes; draw it from crypto/rand for every
// publication: the same salt twice lets one term's hashes answer the next's).
func Publish(key *Key, rubric *rubrics.Rubric, salt []byte) (*StudentEdition, error) {
	if len(salt) < 16 {
		return nil, fmt.Errorf("a student edition needs a salt of at least 16 bytes, not %d", len(salt))
	}
	g := New(key, rubric)
	g.SelfCheck = true
	p := &publication{g: g, salt: salt, secret: decoySecret(salt, key)}
	ed := &StudentEdition{
		Edition: "student", Version: StudentEditionVersion,
		ProblemSet: key.Set.ID, Title: key.Set.Title,
		Salt: base64.StdEncoding.EncodeToString(salt), salt: salt,
	}
	var errs []error
	for i := range g.questions {
		q := &g.questions[i]
		ka := q.key
		sq := StudentQuestion{ID: ka.Question.ID, Text: ka.Question.Text, Hint: hintFor(key.Set.AnswerHint(ka.Question), key), Points: q.settings.Points}
		sq.Form = formOf(ka)
		s, ok := sealers[sq.Form]
		if !ok {
			errs = append(errs, fmt.Errorf("question %q: a %s question cannot be sealed in a student edition yet", ka.Question.ID, ka.Question.Kind))
			continue
		}
		p.sealed, p.minCells, p.minAnswers, p.decoySize = map[string]bool{}, 0, minAnswers, 0
		if err := s.seal(p, q, &sq); err != nil {
			errs = append(errs, fmt.Errorf("question %q: %w", ka.Question.ID, err))
			continue
		}
		sq.Answers = p.padEntries(sq.ID, "answers", sq.Answers, p.minAnswers)
		sq.Cells = p.padEntries(sq.ID, "cells", sq.Cells, p.minCells)
		slices.Sort(sq.Answers) // in hash order: the order says nothing of the candidates, decoys or not
		slices.Sort(sq.Cells)
		sq.CarryFrom = carryFrom(g, ka, q.settings)
		sq.Carry = carryNote(sq.CarryFrom)
		if g.showAnswer(ka, q.settings, verdict{status: Missing}) {
			sq.Answer = ka.Display // the rubric lets any feedback show it
		}
		ed.Questions = append(ed.Questions, sq)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return ed, nil
}

// minAnswers is the fewest entries a question's answers show, decoys
// included: more than most keys, known mistakes and slips of a count or shape.
const minAnswers = 32

// decoySecret derives the key of the decoys from the salt and every key's
// display: deterministic for a publication, unknowable without the keys.
func decoySecret(salt []byte, key *Key) []byte {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(sealDomain + " decoys"))
	for _, ka := range key.Answers {
		m.Write([]byte{0})
		m.Write([]byte(ka.Question.ID + "\x00" + ka.Display))
	}
	return m.Sum(nil)
}

// padEntries adds decoys to a list of sealed entries until it has a multiple
// of 16 of them, and at least least: how many entries a question has then
// says little of its key (how many divisors a count has, whether a number is 0).
// A decoy has a random-looking match hash and a ciphertext as long as one of
// the entries'; none opens. An empty list with least 0 stays empty.
func (p *publication) padEntries(id, list string, entries []string, least int) []string {
	if len(entries) == 0 && least == 0 {
		return entries
	}
	target := (max(len(entries), least) + 15) / 16 * 16
	stream := func(i int, n int) []byte {
		var out []byte
		for block := 0; len(out) < n; block++ {
			m := hmac.New(sha256.New, p.secret)
			fmt.Fprintf(m, "%s\x00%s\x00%d\x00%d", id, list, i, block)
			out = m.Sum(out)
		}
		return out[:n]
	}
	real := len(entries)
	for i := 0; len(entries) < target; i++ {
		size := minSealedSize + 16 // bytes of ciphertext: the shortest verdict and the tag
		if p.decoySize > 0 {
			size = p.decoySize
		} else if real > 0 {
			_, sealed, _ := strings.Cut(entries[i%real], ":")
			if raw, err := base64.RawURLEncoding.DecodeString(sealed); err == nil {
				size = len(raw)
			}
		}
		b := stream(i, 16+size)
		entries = append(entries, matchHex(b[:16])+":"+base64.RawURLEncoding.EncodeToString(b[16:]))
	}
	return entries
}

// formOf names how a solved question is sealed and read: the key of sealers.
// Expression kinds (formula, identity, asymptotic, and counts on networks whose
// sizes are names) are sealed by fingerprints (student_formula.go).
func formOf(ka *KeyAnswer) string {
	if ka.kind == (numberKind{}) {
		return "number"
	}
	if k, ok := ka.kind.(*expressionKind); ok {
		return formulaForm(k)
	}
	if _, ok := ka.kind.(networkKind); !ok {
		return ""
	}
	switch ka.Kind {
	case IntegerValue:
		if ka.Question.Ask.Form == nn.ReceptiveSizeForm {
			return "receptive_size"
		}
		return "count"
	case ShapeValue:
		if ka.Question.Ask.Form == nn.MatrixForm {
			return "matrix"
		}
		return "shape"
	case TupleValue:
		return "receptive"
	}
	return ""
}

// sealAnswers seals the verdicts of candidate answers: each is graded as
// written in raw, and its entry is matched by its canonical value under domain.
// Two candidates with one canonical value are sealed once.
func (p *publication) sealAnswers(q *gradedQuestion, sq *StudentQuestion, domain string, candidates []candidate) error {
	keys := p.keys(q)
	for _, c := range candidates {
		if p.sealed[domain+"\x00"+c.canonical] {
			continue
		}
		p.sealed[domain+"\x00"+c.canonical] = true
		entry, err := keys.seal(domain, c.canonical, p.grade(q, c.raw))
		if err != nil {
			return err
		}
		sq.Answers = append(sq.Answers, entry)
	}
	return nil
}

// candidate is an answer whose verdict is sealed: as written, and its
// canonical value.
type candidate struct {
	raw, canonical string
}

// sealedQuestion is a question of an edition made ready for checking.
type sealedQuestion struct {
	sq      *StudentQuestion
	s       sealer
	keys    sealKeys
	answers map[string]string // Answers by match hash
	cells   map[string]string // Cells by match hash
}

// lookup opens the verdict sealed for a canonical value, if there is one.
func (c *sealedQuestion) lookup(domain, canonical string) (sealedVerdict, bool, error) {
	var v sealedVerdict
	ok, err := c.keys.open(c.answers, domain, canonical, &v)
	return v, ok, err
}

// class is the verdict of the first class that takes an answer with the given
// axes, right marking the axes that match the key's.
func (c *sealedQuestion) class(axes int, right string) sealedVerdict {
	for _, cl := range c.sq.Classes {
		if cl.Axes == 0 || (cl.Axes == axes && (cl.Right == "" || cl.Right == right)) {
			return sealedVerdict{Status: cl.Status, Score: cl.Score, Feedback: cl.Feedback, Expected: cl.Expected, Note: cl.Note}
		}
	}
	return sealedVerdict{Status: Incorrect}
}

// classOf is the class of the answers with the given axes and right axes
// (axes 0: any answer) that no entry matches, with full grading's verdict on
// raw, one of them: for a class, the verdict is the same for all its answers
// (the agreement test holds the sealed check to it).
func (p *publication) classOf(q *gradedQuestion, axes int, right, raw string) SealedClass {
	v := p.grade(q, raw)
	return SealedClass{Axes: axes, Right: right, Status: v.Status, Score: v.Score, Feedback: v.Feedback, Expected: v.Expected, Note: v.Note}
}
