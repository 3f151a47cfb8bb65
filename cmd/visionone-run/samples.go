package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// sampler shows the first record of each kind the collector delivers, read
// from the file exporter's output (config/run.yaml's `file` exporter: one
// OTLP JSON request per line) as the collector appends to it. Once every
// stream the collector reports has shown one it reads no more.
type sampler struct {
	out    io.Writer
	follow *follower
	shown  map[recordKind]bool
	done   bool
}

func newSampler(out io.Writer, path string) *sampler {
	return &sampler{out: out, follow: newFollower(path), shown: map[recordKind]bool{}}
}

// poll reads what the collector wrote since the last poll and shows the
// first record of each kind not shown yet. streams are the streams the
// collector reports (its metrics): they name a sample's stream where
// streams of different feeds deliver the same kind, and tell when all
// have been shown.
func (s *sampler) poll(streams map[string]streamStats) error {
	if s.done {
		return nil
	}
	err := s.follow.lines(func(line []byte) {
		for _, smp := range firstRecords(line, s.shown) {
			s.shown[smp.Kind] = true
			_, _ = io.WriteString(s.out, strings.Join(smp.lines(running(smp.Kind, streams)), "\n")+"\n")
		}
	})
	if len(streams) > 0 && allShown(streams, s.shown) {
		s.done = true
		s.follow.close()
	}
	return err
}

// running names the streams that deliver records of kind: those of the
// registry's the collector reports, or all of them if it reports none.
func running(kind recordKind, streams map[string]streamStats) []string {
	var out []string
	for _, name := range streamsOf[kind] {
		if _, ok := streams[name]; ok {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return streamsOf[kind]
	}
	return out
}

func allShown(streams map[string]streamStats, shown map[recordKind]bool) bool {
	for name := range streams {
		if !shown[kindOf[name]] {
			return false
		}
	}
	return true
}

// recordKind is what a record says of the stream that read it: its event
// name, and whether it is an updates stream's later state of its item.
// Streams of different feeds may share one: a data pipeline's OAT
// detections are OAT detections.
type recordKind struct {
	event  string
	update bool
}

// streamsOf lists, from the feed registry, the streams that deliver each
// kind of record, in the registry's order; kindOf is the other way round.
var streamsOf, kindOf = func() (map[recordKind][]string, map[string]recordKind) {
	of, kind := map[recordKind][]string{}, map[string]recordKind{}
	add := func(f *feeds.Feed, update bool) {
		k := recordKind{f.Event, update}
		of[k] = append(of[k], f.Stream)
		kind[f.Stream] = k
	}
	for _, sec := range feeds.Registry {
		for i := range sec.Feeds {
			add(&sec.Feeds[i], false)
		}
		if u := sec.Updates; u != nil {
			add(u, true)
		}
	}
	return of, kind
}()

// eventNeedles are each kind's event name as it appears, quoted, in a line
// of the file exporter's JSON: a line holding none of the kinds not shown
// yet is not decoded.
var eventNeedles = func() map[recordKind][]byte {
	m := map[recordKind][]byte{}
	for kind := range streamsOf {
		m[kind] = []byte(`"` + kind.event + `"`)
	}
	return m
}()

// sample is a record as the console shows it.
type sample struct {
	Kind       recordKind
	Time       time.Time
	Severity   string // the severity number's name and the original text
	Attributes []field
	Body       string // as JSON
}

// firstRecords decodes one line of the file exporter's output and returns
// the first record it holds of each kind not in shown, in their order. A
// line that is not OTLP JSON holds none, nor do records of no stream's.
func firstRecords(line []byte, shown map[recordKind]bool) []sample {
	wanted := false
	for kind, needle := range eventNeedles {
		if !shown[kind] && bytes.Contains(line, needle) {
			wanted = true
			break
		}
	}
	if !wanted {
		return nil
	}
	logs, err := (&plog.JSONUnmarshaler{}).UnmarshalLogs(line)
	if err != nil {
		return nil
	}
	var out []sample
	seen := map[recordKind]bool{}
	rls := logs.ResourceLogs()
	for i := range rls.Len() {
		sls := rls.At(i).ScopeLogs()
		for j := range sls.Len() {
			lrs := sls.At(j).LogRecords()
			for k := range lrs.Len() {
				lr := lrs.At(k)
				event := lr.EventName()
				if v, ok := lr.Attributes().Get("event.name"); ok && event == "" {
					event = v.AsString()
				}
				kind := recordKind{event, translate.IsUpdate(lr.Attributes())}
				if streamsOf[kind] == nil || shown[kind] || seen[kind] {
					continue
				}
				seen[kind] = true
				out = append(out, newSample(kind, lr))
			}
		}
	}
	return out
}

// sampleHidden are the attributes a sample leaves out: the event name is
// shown anyway, and the dedup key is a long hash or UUID.
var sampleHidden = map[string]bool{"event.name": true, "log.record.uid": true}

func newSample(kind recordKind, lr plog.LogRecord) sample {
	s := sample{Kind: kind, Time: lr.Timestamp().AsTime().UTC(), Body: lr.Body().AsString()}
	s.Severity = strings.ToUpper(lr.SeverityNumber().String())
	if t := lr.SeverityText(); t != "" {
		s.Severity += "(" + t + ")"
	}
	lr.Attributes().Range(func(k string, v pcommon.Value) bool {
		if !sampleHidden[k] {
			s.Attributes = append(s.Attributes, field{Key: k, Value: v.AsString()})
		}
		return true
	})
	return s
}

// Lines of a sample: a header, the record's time, severity, event name
// and attributes in up to sampleAttrLines lines, and its body cut to
// sampleBodyLines lines, all within the console's width.
const (
	sampleIndent    = "   "
	sampleAttrLines = 3
	sampleBodyLines = 2
)

// lines shows the sample as a record of streams (one, unless several read
// records of its kind).
func (s sample) lines(streams []string) []string {
	out := wrap(append([]string{"──", "first", "record", "of"}, strings.Split(strings.Join(streams, " or "), " ")...),
		"", sampleIndent+"  ", consoleWidth, 0)
	words := []string{"time=" + s.Time.Format(time.RFC3339Nano), "severity=" + quoteValue(s.Severity), "event.name=" + s.Kind.event}
	for _, a := range s.Attributes {
		words = append(words, a.Key+"="+quoteValue(a.Value))
	}
	out = append(out, wrap(words, sampleIndent, sampleIndent+"  ", consoleWidth, sampleAttrLines)...)
	return append(out, wrap([]string{"body=" + s.Body}, sampleIndent, sampleIndent+"  ", consoleWidth, sampleBodyLines)...)
}

// follower reads the lines appended to a file, from where it ended when
// the follower was made, so a run shows its own records, not an earlier
// run's. It follows the file exporter's rotation (the file renamed, a new
// one started) and a truncation (started again).
type follower struct {
	path    string
	start   fs.FileInfo // the file when the follower was made, if it existed
	f       *os.File
	offset  int64  // how much of f has been read
	partial []byte // a line not ended yet
	long    bool   // inside a line longer than maxLine, being dropped
	buf     []byte
}

// maxLine bounds a line kept in memory; a page of the largest search page
// size, 5000 activity items, is about 10 MB of JSON.
const maxLine = 64 << 20

func newFollower(path string) *follower {
	fl := &follower{path: path, buf: make([]byte, 1<<20)}
	if fi, err := os.Stat(path); err == nil {
		fl.start, fl.offset = fi, fi.Size()
	}
	return fl
}

// lines hands each complete line written since the last call to fn, ending
// newline excluded.
func (fl *follower) lines(fn func([]byte)) error {
	for range 2 { // the rest of a rotated file, then the new one
		if fl.f == nil {
			f, err := os.Open(fl.path)
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil {
				return err
			}
			fi, err := f.Stat()
			if err != nil {
				f.Close()
				return err
			}
			if fl.start == nil || !os.SameFile(fl.start, fi) {
				fl.offset = 0 // a file the follower has not read from yet
			}
			fl.start = fi
			fl.f = f
		}
		if fi, err := fl.f.Stat(); err == nil && fi.Size() < fl.offset {
			fl.offset, fl.partial, fl.long = 0, nil, false // truncated
		}
		if err := fl.read(fn); err != nil {
			return err
		}
		cur, err := os.Stat(fl.path)
		if err == nil && os.SameFile(cur, fl.start) {
			return nil
		}
		// Renamed away (rotated) or removed: what it held is read; a line
		// it left unended never will be.
		fl.close()
		fl.start = nil
	}
	return nil
}

func (fl *follower) read(fn func([]byte)) error {
	for {
		n, err := fl.f.ReadAt(fl.buf, fl.offset)
		fl.offset += int64(n)
		fl.split(fl.buf[:n], fn)
		if errors.Is(err, io.EOF) || n == 0 {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// split cuts data, which follows what came before it, into lines.
func (fl *follower) split(data []byte, fn func([]byte)) {
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			if !fl.long {
				fl.partial = append(fl.partial, data...)
				if len(fl.partial) > maxLine {
					fl.partial, fl.long = nil, true
				}
			}
			return
		}
		if !fl.long {
			line := data[:i]
			if len(fl.partial) > 0 {
				line = append(fl.partial, line...)
			}
			fn(line)
		}
		fl.partial, fl.long = fl.partial[:0], false
		data = data[i+1:]
	}
}

func (fl *follower) close() {
	if fl.f != nil {
		fl.f.Close()
		fl.f = nil
	}
	fl.partial, fl.long = nil, false
}
