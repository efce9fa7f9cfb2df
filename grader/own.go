package grader

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// Spill is where a stored class puts the results of students' own (answers
// no memo keeps: in a class where every answer differs, nearly all of them)
// once they outgrow ownInMemory, so that a class of any variety is held in a
// few bytes a student. cmd/nngrade gives a temporary file.
type Spill interface {
	io.WriterAt
	io.ReaderAt
}

// ownInMemory is how many bytes of encoded results a stored class keeps in
// memory before it writes them to its Spill.
const ownInMemory = 8 << 20

// ownResults is a stored class's results of students' own, each encoded
// (ownCodec) and found by its offset: the first spilled bytes in the Spill,
// the rest in mem.
type ownResults struct {
	spill Spill
	limit int // bytes kept in memory before a spill; ownInMemory unless a test says

	spilled int64 // bytes written to spill; mem's first byte is at this offset
	mem     []byte
	offsets []int64
	err     error // the first error of the spill; results then read as invalid
}

// ownWindow is the last stretch a reader read back from a spill, at at: a
// class read back in the order it was added reads each stretch once. Each
// goroutine reading a class has its own.
type ownWindow struct {
	bytes []byte
	at    int64
}

func (o *ownResults) len() int { return len(o.offsets) }

// add keeps qr (its ID and Text are the question's, not kept) and returns its
// index.
func (o *ownResults) add(qr *QuestionResult) int {
	o.offsets = append(o.offsets, o.spilled+int64(len(o.mem)))
	o.mem = appendOwn(o.mem, qr)
	limit := o.limit
	if limit == 0 {
		limit = ownInMemory
	}
	if o.spill != nil && len(o.mem) >= limit && o.err == nil {
		if _, err := o.spill.WriteAt(o.mem, o.spilled); err != nil {
			o.err = err
		} else {
			o.spilled += int64(len(o.mem))
			o.mem = o.mem[:0]
		}
	}
	return len(o.offsets) - 1
}

// get decodes result n into qr, whose ID and Text the caller sets, reading
// a spilled one through win.
func (o *ownResults) get(n int, qr *QuestionResult, win *ownWindow) {
	src, err := o.encoded(n, win)
	if err != nil {
		*qr = QuestionResult{Status: Invalid, Feedback: fmt.Sprintf("internal error: reading a stored result back: %v", err)}
		return
	}
	decodeOwn(src, qr)
}

// score is result n's score, as get would decode it (0 for a result that
// cannot be read back), decoding nothing else.
func (o *ownResults) score(n int, win *ownWindow) float64 {
	src, err := o.encoded(n, win)
	if err != nil {
		return 0
	}
	bits, _ := binary.Uvarint(src)
	return math.Float64frombits(bits)
}

// encoded is where result n's encoding starts: in memory, or in win, which
// is read from the spill when it does not hold it.
func (o *ownResults) encoded(n int, win *ownWindow) ([]byte, error) {
	off := o.offsets[n]
	var src []byte
	switch {
	case off >= o.spilled:
		src = o.mem[off-o.spilled:]
	default:
		end := o.spilled
		if n+1 < len(o.offsets) {
			end = min(o.offsets[n+1], o.spilled)
		}
		if off < win.at || end > win.at+int64(len(win.bytes)) {
			size := max(end-off, 1<<16)
			size = min(size, o.spilled-off)
			if int64(cap(win.bytes)) < size {
				win.bytes = make([]byte, size)
			}
			win.bytes = win.bytes[:size]
			if _, err := o.spill.ReadAt(win.bytes, off); err != nil && err != io.EOF {
				win.bytes = win.bytes[:0]
				return nil, err
			}
			win.at = off
		}
		src = win.bytes[off-win.at:]
	}
	return src, nil
}

// appendOwn encodes a result: its score and maximum (the score first:
// score reads it alone), then its texts, status first, each a length and
// its bytes.
func appendOwn(b []byte, qr *QuestionResult) []byte {
	b = binary.AppendUvarint(b, math.Float64bits(qr.Score))
	b = binary.AppendUvarint(b, math.Float64bits(qr.MaxScore))
	for _, s := range [...]string{string(qr.Status), qr.Answer, qr.Expected, qr.Feedback, qr.ReadAs} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(qr.CarriedForward)))
	for _, s := range qr.CarriedForward {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(qr.SourceLine))
	b = binary.AppendUvarint(b, uint64(len(qr.Extraction)))
	return append(b, qr.Extraction...)
}

// decodeOwn reads what appendOwn wrote.
func decodeOwn(b []byte, qr *QuestionResult) {
	next := func() uint64 {
		v, n := binary.Uvarint(b)
		b = b[n:]
		return v
	}
	text := func() string {
		n := next()
		s := string(b[:n])
		b = b[n:]
		return s
	}
	*qr = QuestionResult{Score: math.Float64frombits(next()), MaxScore: math.Float64frombits(next())}
	qr.Status = Status(text())
	qr.Answer, qr.Expected, qr.Feedback, qr.ReadAs = text(), text(), text(), text()
	if n := next(); n > 0 {
		qr.CarriedForward = make([]string, n)
		for i := range qr.CarriedForward {
			qr.CarriedForward[i] = text()
		}
	}
	qr.SourceLine = int(next())
	qr.Extraction = text()
}
