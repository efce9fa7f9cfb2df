package submissions

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// A spreadsheet export (a class CSV, a roster) is read from an io.ReaderAt:
// bytes in memory or an open regular file. Several forward-only readers go
// over it at once, each from its own offset: a first pass that checks it is
// UTF-8 before any row is handed on, the rows themselves, and, only when a row
// cannot be parsed, a reader that finds that row's line to give its column in
// characters. None holds more than a buffer and the row being read, so a
// class file is never whole in memory.

// utf8BOM is the byte-order mark spreadsheet programs put before UTF-8 text.
var utf8BOM = []byte("\xef\xbb\xbf")

// textBufferSize is each reader's buffer: large enough that a row rarely
// spans two reads, small beside a class.
const textBufferSize = 64 << 10

// csvSource is a CSV's bytes and what a first pass over them found.
type csvSource struct {
	src   io.ReaderAt
	start int64 // past a byte-order mark
	crs   bool  // it has a CR: a lone one must become a line feed
}

// text reads s as the CSV reader is to see it: without a leading byte-order
// mark, and with old Mac line ends (CR alone) read as line feeds. Every other
// byte keeps its place, so the lines and byte columns the CSV reader counts
// are those of the text read here. A text without a CR is read as it is.
func (s csvSource) text() io.Reader {
	r := io.NewSectionReader(s.src, s.start, math.MaxInt64)
	if !s.crs {
		return r
	}
	return &lineEnds{r: bufio.NewReaderSize(r, textBufferSize)}
}

// csvText is s.text() buffered.
func csvText(s csvSource) *bufio.Reader {
	return bufio.NewReaderSize(s.text(), textBufferSize)
}

// MaxCSVRowSize bounds one row of a CSV: a file read as it goes holds only
// the row being read, and a quote left open must not make that row the whole
// file.
const MaxCSVRowSize = MaxCSVSize

// rowLimit stops the text under a CSV reader once a row has gone on for more
// than MaxCSVRowSize bytes: rowStart is where the row being read started
// (csv.Reader.InputOffset after the last row), read how much has been read.
type rowLimit struct {
	r              io.Reader
	rowStart, read int64
	err            error
}

func (l *rowLimit) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	// The reader above buffers up to textBufferSize bytes ahead of the row.
	if l.read-l.rowStart > MaxCSVRowSize+textBufferSize {
		l.err = fmt.Errorf("a row is longer than a row may be (%d bytes); is a quote left open?", MaxCSVRowSize)
		return 0, l.err
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// lineEnds turns each carriage return that no line feed follows into a line
// feed as the text is read, as oldMacLineEnds does to bytes in memory: a CR
// at the end of one read is decided by peeking at the next byte. CRLF is left
// alone; encoding/csv takes it.
type lineEnds struct {
	r   *bufio.Reader
	err error // a read error met while peeking, for the next Read
}

func (l *lineEnds) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	text := p[:n]
	for i := bytes.IndexByte(text, '\r'); i >= 0; {
		switch {
		case i+1 < len(text):
			if text[i+1] != '\n' {
				text[i] = '\n'
			}
		default:
			next, perr := l.r.Peek(1)
			if perr != nil && !errors.Is(perr, io.EOF) {
				l.err = perr
			}
			if len(next) == 0 || next[0] != '\n' {
				text[i] = '\n'
			}
		}
		j := bytes.IndexByte(text[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n, err
}

// scanCSV reads src to its end, a buffer at a time, and reports whether it
// is UTF-8 text (a character cut by a buffer's end is checked whole with the
// next), whether it starts with a byte-order mark and whether it has a CR.
func scanCSV(src io.ReaderAt) (s csvSource, bad *notUTF8, err error) {
	s.src = src
	r := io.NewSectionReader(src, 0, math.MaxInt64)
	buf := make([]byte, textBufferSize)
	kept := 0                       // bytes of a character cut at the previous buffer's end
	at := position{line: 1, col: 1} // where buf starts
	for first := true; ; first = false {
		n, err := io.ReadFull(r, buf[kept:])
		if first && bytes.HasPrefix(buf[:n], utf8BOM) {
			s.start = int64(len(utf8BOM))
			at.col = 0 // the mark is no character of the text
		}
		if !s.crs && bytes.IndexByte(buf[kept:kept+n], '\r') >= 0 {
			s.crs = true
		}
		n += kept
		end := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !end {
			return s, nil, err
		}
		whole := n
		for i := n - 1; !end && i >= 0 && i >= n-utf8.UTFMax; i-- {
			if utf8.RuneStart(buf[i]) {
				if !utf8.FullRune(buf[i:n]) {
					whole = i
				}
				break
			}
		}
		if !utf8.Valid(buf[:whole]) {
			return s, firstNotUTF8(buf[:whole], at), nil
		}
		if end {
			return s, nil, nil
		}
		at.advance(buf[:whole])
		kept = copy(buf, buf[whole:n])
	}
}

// notUTF8 is where a text stops being UTF-8: the line and column (in
// characters) of the first byte that is no character's.
type notUTF8 struct {
	line, col int
	b         byte
}

// firstNotUTF8 finds the first byte of text that is not UTF-8; text starts
// at at.
func firstNotUTF8(text []byte, at position) *notUTF8 {
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		if r == utf8.RuneError && size <= 1 {
			return &notUTF8{at.line, at.col, text[0]}
		}
		at.advance(text[:size])
		text = text[size:]
	}
	return &notUTF8{at.line, at.col, 0}
}

// position is a line and column (in characters) in a text being scanned: a
// line ends at LF, CR LF or a CR alone, as the reader reads them.
type position struct {
	line, col int
	cr        bool // the last byte was a CR: an LF next ends no line
}

// advance moves p past text, which is UTF-8.
func (p *position) advance(text []byte) {
	if !p.cr && bytes.IndexByte(text, '\r') < 0 {
		if n := bytes.Count(text, []byte{'\n'}); n > 0 {
			p.line += n
			text = text[bytes.LastIndexByte(text, '\n')+1:]
			p.col = 1
		}
		p.col += utf8.RuneCount(text)
		return
	}
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		switch {
		case r == '\r':
			p.line, p.col, p.cr = p.line+1, 1, true
		case r == '\n' && p.cr:
			p.cr = false
		case r == '\n':
			p.line, p.col = p.line+1, 1
		default:
			p.col, p.cr = p.col+1, false
		}
		text = text[size:]
	}
}

// csvFile is a spreadsheet export being read row by row.
type csvFile struct {
	name   string
	src    csvSource
	rows   *recordReader
	limit  *rowLimit
	header []string   // cleaned (cleanCell)
	lines  lineFinder // places rows that cannot be parsed
	broken bool       // the file cannot be read past the last problem
}

// openCSV starts reading a spreadsheet export (a class CSV, a roster): a
// byte-order mark is dropped, old Mac line ends (CR alone) are read as line
// ends, rows may have any number of cells, and the header's cells are cleaned.
// Text that is not UTF-8 is refused before any row is read; what names the
// file in that error.
func openCSV(name string, src io.ReaderAt, what string) (*csvFile, error) {
	source, bad, err := scanCSV(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if bad != nil {
		return nil, fmt.Errorf("%s:%d:%d: not UTF-8 text (byte 0x%02X); export the %s as UTF-8", name, bad.line, bad.col, bad.b, what)
	}
	limit := &rowLimit{r: source.text()}
	// Rows are read as encoding/csv reads them, by recordReader: each row's
	// cells are fresh strings whatever the slice holding them, which is
	// reused, as nothing keeps it past the next row.
	rows := newRecordReader(bufio.NewReaderSize(limit, textBufferSize))
	header, err := rows.Read()
	if err != nil {
		return nil, fmt.Errorf("%s:1: cannot read the header: %v", name, err)
	}
	header = append([]string(nil), header...)
	for i := range header {
		header[i] = cleanCell(header[i])
	}
	return &csvFile{name: name, src: source, rows: rows, limit: limit, header: header, lines: lineFinder{src: source}}, nil
}

// next reads the next row: its cells (valid until the next call) and line,
// or io.EOF at the end. A row that cannot be parsed is a problem placed at
// its line and column (in characters: encoding/csv counts bytes); reading
// goes on past it unless the file cannot be read further, which sets broken.
func (f *csvFile) next() (rec []string, line int, err error) {
	if f.broken {
		return nil, 0, io.EOF
	}
	f.limit.rowStart = f.rows.InputOffset()
	rec, err = f.rows.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, io.EOF
	}
	if err != nil {
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			col := f.lines.column(perr.Line, perr.Column-1)
			if perr.StartLine < perr.Line && errors.Is(perr.Err, csv.ErrQuote) {
				// A quote left open reads every line to the next quote as
				// one cell: say where it opened, and what was lost.
				return nil, 0, fmt.Errorf("%s:%d: a quoted cell on this line is not closed until line %d (%d:%d: %v); lines %d to %d were read as one row and not graded",
					f.name, perr.StartLine, perr.Line, perr.Line, col, perr.Err, perr.StartLine, perr.Line)
			}
			return nil, 0, fmt.Errorf("%s:%d:%d: %v", f.name, perr.Line, col, perr.Err)
		}
		f.broken = true
		if f.limit.err != nil {
			return nil, 0, fmt.Errorf("%s:%d: %v", f.name, lineAt(f.src, f.limit.rowStart), err)
		}
		return nil, 0, fmt.Errorf("%s: %v", f.name, err)
	}
	line = f.rows.recordStart()
	return rec, line, nil
}

// eachRow reads f's rows to the end, handing each that is not blank to row
// with its line, and each that cannot be read to problem (nil: ignored), in
// the order they come.
func (f *csvFile) eachRow(problem func(error), row func(rec []string, line int)) {
	for {
		rec, line, err := f.next()
		switch {
		case errors.Is(err, io.EOF):
			return
		case err != nil:
			if problem != nil {
				problem(err)
			}
		case len(rec) == 1 && strings.TrimSpace(rec[0]) == "":
			// a blank line is no row
		default:
			row(rec, line)
		}
	}
}

// lineFinder gives the column in characters of a byte of a CSV's text (as
// csvText reads it), reading forward from where it was last asked: rows are
// placed in order, so a file of many bad rows is read once more, not once a
// row, and no line is ever held whole.
type lineFinder struct {
	src  csvSource
	text *bufio.Reader // on line, at its byte at
	line int
	at   int
}

// column is the 1-based column in characters of byte offset (0-based) on
// line n, as diag.Column counts it on the line's text without its line feed;
// a line past the end of the text is empty.
func (lf *lineFinder) column(n, offset int) int {
	if lf.text == nil || n < lf.line || n == lf.line && lf.at > 0 {
		lf.text, lf.line, lf.at = csvText(lf.src), 1, 0
	}
	for lf.line < n {
		_, err := lf.text.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			lf.text = nil // at the end: start again if asked again
			return 1
		}
		lf.line, lf.at = lf.line+1, 0
	}
	// Count the characters of the line's first offset bytes: the bytes that
	// start one, and, when offset cuts a character, each other byte of it
	// read (diag.Column counts a cut character's bytes one by one).
	chars, tail := 0, 0 // tail: bytes read of the last character begun
	var first byte      // that character's first byte
	for offset > 0 {
		chunk, err := lf.text.Peek(min(offset, textBufferSize))
		lineEnd := bytes.IndexByte(chunk, '\n')
		if lineEnd >= 0 {
			chunk = chunk[:lineEnd]
		}
		for _, b := range chunk {
			if utf8.RuneStart(b) {
				chars, tail, first = chars+1, 1, b
			} else {
				tail++
			}
		}
		offset -= len(chunk)
		lf.at += len(chunk)
		_, _ = lf.text.Discard(len(chunk))
		if lineEnd >= 0 || err != nil {
			break
		}
	}
	if tail > 0 && tail < utf8Len(first) {
		chars += tail - 1
	}
	return chars + 1
}

// lineAt is the line of a CSV's text (as csvText reads it) that holds byte
// offset.
func lineAt(src csvSource, offset int64) int {
	text := csvText(src)
	line := 1
	for offset > 0 {
		chunk, err := text.Peek(int(min(offset, textBufferSize)))
		line += bytes.Count(chunk, []byte{'\n'})
		offset -= int64(len(chunk))
		_, _ = text.Discard(len(chunk))
		if err != nil {
			break
		}
	}
	return line
}

// utf8Len is the length of the UTF-8 character that starts with byte b.
func utf8Len(b byte) int {
	switch {
	case b < 0xc0:
		return 1
	case b < 0xe0:
		return 2
	case b < 0xf0:
		return 3
	}
	return 4
}
