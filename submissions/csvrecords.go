package submissions

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
)

// recordReader reads CSV records exactly as encoding/csv's Reader does with
// a comma between fields, FieldsPerRecord -1, ReuseRecord and no other
// option: the same records, the same *csv.ParseError (line, byte column,
// ErrBareQuote or ErrQuote) for the same text, the same lines (FieldPos) and
// input offsets. Its parsing is encoding/csv's readRecord (Go's own code,
// BSD-licensed) with the search for the end of an unquoted field made one
// pass over its bytes: encoding/csv looks for the comma and then again for a
// quote, two calls for every field of every row, which made reading a
// class's cells take as long as grading them. FuzzRecordReader compares the
// two on any text.
type recordReader struct {
	r *bufio.Reader
	// numLine is the lines read so far, offset the bytes.
	numLine int
	offset  int64
	// recordLine is the line the last record started on (FieldPos(0)).
	recordLine int
	// rawBuffer holds a line longer than r's buffer; recordBuffer the
	// unquoted text of the record's fields, one after the other, and
	// fieldIndexes where each ends in it.
	rawBuffer    []byte
	recordBuffer []byte
	fieldIndexes []int
	spans        []int // splitLine's cells: start and end in the line, in turn
	lastRecord   []string
}

// newRecordReader reads records from r, which is read through a
// bufio.Reader (r itself if it is one, as encoding/csv does).
func newRecordReader(r io.Reader) *recordReader {
	return &recordReader{r: bufio.NewReader(r)}
}

// Read is csv.Reader's Read with ReuseRecord: the record's cells, in a
// slice the next call reuses.
func (r *recordReader) Read() ([]string, error) {
	record, err := r.readRecord(r.lastRecord)
	r.lastRecord = record
	return record, err
}

// InputOffset is csv.Reader's: the bytes read by the end of the last record.
func (r *recordReader) InputOffset() int64 { return r.offset }

// recordStart is the line the last record read started on: csv.Reader's
// FieldPos(0)'s line.
func (r *recordReader) recordStart() int { return r.recordLine }

// readLine is encoding/csv's: the next line with its line feed, a CRLF
// read as LF and a CR just before the end of the text dropped.
func (r *recordReader) readLine() ([]byte, error) {
	line, err := r.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.rawBuffer = append(r.rawBuffer[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.r.ReadSlice('\n')
			r.rawBuffer = append(r.rawBuffer, line...)
		}
		line = r.rawBuffer
	}
	readSize := len(line)
	if readSize > 0 && err == io.EOF {
		err = nil
		if line[readSize-1] == '\r' {
			line = line[:readSize-1]
		}
	}
	r.numLine++
	r.offset += int64(readSize)
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

// splitLine finds the cells of line as one record whose every field is
// unquoted, or quoted with no quote inside and closed on this line: most of
// a class's rows, whose cells are then the line's own bytes (spans holds
// where each starts and ends), not copied one by one. ok is false for any
// other line (a quote doubled, a field running onto the next line, a quote
// out of place), which readRecord reads its general way.
func (r *recordReader) splitLine(line []byte) (ok bool) {
	r.spans = r.spans[:0]
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
	}
	for i := 0; ; i++ { // i is where a field starts
		if i < n && line[i] == '"' {
			j := bytes.IndexByte(line[i+1:n], '"')
			if j < 0 {
				return false // it goes on past the line's end
			}
			end := i + 1 + j
			if end+1 < n && line[end+1] != ',' {
				return false // a doubled quote, or text after the closing one
			}
			r.spans = append(r.spans, i+1, end)
			i = end + 1
		} else {
			start := i
			for i < n && line[i] != ',' && line[i] != '"' {
				i++
			}
			if i < n && line[i] == '"' {
				return false // a bare quote: the general way says where
			}
			r.spans = append(r.spans, start, i)
		}
		if i >= n {
			return true
		}
	}
}

// endsLine reports whether b is nothing or a line feed alone.
func endsLine(b []byte) bool { return len(b) == 0 || len(b) == 1 && b[0] == '\n' }

// readRecord is encoding/csv's readRecord for a comma, no comment character,
// no TrimLeadingSpace, no LazyQuotes and any number of fields.
func (r *recordReader) readRecord(dst []string) ([]string, error) {
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = r.readLine()
		if errRead == nil && endsLine(line) {
			line = nil
			continue // an empty line is no record
		}
		break
	}
	if errRead == io.EOF {
		return nil, errRead
	}
	if errRead == nil && r.splitLine(line) {
		r.recordLine = r.numLine
		n := len(line)
		if n > 0 && line[n-1] == '\n' {
			n--
		}
		str := string(line[:n]) // one string for the record's cells, which are its bytes
		dst = dst[:0]
		for k := 0; k < len(r.spans); k += 2 {
			dst = append(dst, str[r.spans[k]:r.spans[k+1]])
		}
		return dst, nil
	}
	var err error
	recLine := r.numLine
	r.recordLine = recLine
	r.recordBuffer = r.recordBuffer[:0]
	r.fieldIndexes = r.fieldIndexes[:0]
	atLine, col := r.numLine, 1 // the line and byte column of what is read next
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// An unquoted field runs to the next comma or the line's end; a
			// quote in it is an error. One pass finds whichever comes first.
			i := 0
			for i < len(line) && line[i] != ',' && line[i] != '"' {
				i++
			}
			if i < len(line) && line[i] == '"' {
				err = &csv.ParseError{StartLine: recLine, Line: r.numLine, Column: col + i, Err: csv.ErrBareQuote}
				break parseField
			}
			field := line[:i]
			if i == len(line) && i > 0 && line[i-1] == '\n' {
				field = line[:i-1]
			}
			r.recordBuffer = append(r.recordBuffer, field...)
			r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
			if i < len(line) {
				line = line[i+1:]
				col += i + 1
				continue parseField
			}
			break parseField
		}
		// A quoted field, which may run over several lines.
		line = line[1:]
		col++
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				r.recordBuffer = append(r.recordBuffer, line[:i]...)
				line = line[i+1:]
				col += i + 1
				switch {
				case len(line) > 0 && line[0] == '"':
					r.recordBuffer = append(r.recordBuffer, '"') // "" is a quote
					line = line[1:]
					col++
				case len(line) > 0 && line[0] == ',':
					line = line[1:]
					col++
					r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
					continue parseField
				case endsLine(line):
					r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
					break parseField
				default:
					err = &csv.ParseError{StartLine: recLine, Line: r.numLine, Column: col - 1, Err: csv.ErrQuote}
					break parseField
				}
			case len(line) > 0:
				// The field goes on past the line's end.
				r.recordBuffer = append(r.recordBuffer, line...)
				if errRead != nil {
					break parseField
				}
				col += len(line)
				line, errRead = r.readLine()
				if len(line) > 0 {
					atLine++
					col = 1
				}
				if errRead == io.EOF {
					errRead = nil
				}
			default:
				// The text ended inside the quotes.
				if errRead == nil {
					err = &csv.ParseError{StartLine: recLine, Line: atLine, Column: col, Err: csv.ErrQuote}
					break parseField
				}
				r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
				break parseField
			}
		}
	}
	if err == nil {
		err = errRead
	}
	str := string(r.recordBuffer) // one string for the record's cells
	dst = dst[:0]
	if cap(dst) < len(r.fieldIndexes) {
		dst = make([]string, len(r.fieldIndexes))
	}
	dst = dst[:len(r.fieldIndexes)]
	start := 0
	for i, end := range r.fieldIndexes {
		dst[i] = str[start:end]
		start = end
	}
	return dst, err
}
