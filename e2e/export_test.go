//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	engine "github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// stream is one receiver stream, with what the test compares it to: the
// simulator feed and the time field the stream windows on (README, Streams,
// windows and delivery), which is also the ground truth's target.
type stream struct {
	name   string
	event  string // event.name of its records
	update bool   // an updates stream: its records carry trendmicro.visionone.<x>.update = true
	latest bool   // an endpoint without a time range, read newest first down to the checkpoint
	feed   string
	target string // windowed time field, in the item and in the ground truth
}

// streams are the registry's streams, every one the collector reads but
// the data pipelines, whose ground truth is their packages'.
var streams = func() []stream {
	var out []stream
	for _, sec := range feeds.Registry {
		if sec.Pipeline != nil {
			continue // pipeline_test.go
		}
		for _, f := range sec.Feeds {
			out = append(out, stream{f.Stream, f.Event, false, f.Order == engine.Latest, f.SimulatorFeed(), f.Window})
		}
		if u := sec.Updates; u != nil {
			out = append(out, stream{u.Stream, u.Event, true, u.Order == engine.Latest, u.SimulatorFeed(), u.Window})
		}
	}
	return out
}()

// record is what the test needs of one exported log record.
type record struct {
	uid string    // log.record.uid, the stream's dedup key
	at  time.Time // the stream's windowed time
}

// exportFile reads what the file exporter appended to its output since the
// last read: one OTLP JSON object per line. A line without its newline yet
// is kept for the next read (a killed collector may leave one behind: see
// readRest).
type exportFile struct {
	path    string
	offset  int64
	partial []byte
}

// read returns the records of the complete lines appended since the last
// read, by stream name.
func (f *exportFile) read() (map[string][]record, error) {
	file, err := os.Open(f.path)
	if os.IsNotExist(err) {
		return nil, nil // the exporter has not created it yet
	}
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if _, err := file.Seek(f.offset, io.SeekStart); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(file)
	if err != nil {
		return nil, err
	}
	f.offset += int64(len(data))
	data = append(f.partial, data...)
	end := bytes.LastIndexByte(data, '\n') + 1
	f.partial = append([]byte(nil), data[end:]...)
	return parseLines(data[:end])
}

// readRest is read for output whose writer has exited, killed maybe. The
// exporter writes a batch's JSON, then its newline, so a kill can leave a
// last line without one: complete JSON, parsed, if the kill came between
// the two writes; a prefix of it if the kill cut the batch's write short
// (Linux ends a write to a file early at a fatal signal). The export of a
// cut batch never returned, so the receiver committed none of it and a
// later run delivers it: the prefix is dropped, not an error.
func (f *exportFile) readRest() (map[string][]record, error) {
	got, err := f.read()
	last := bytes.TrimSpace(f.partial)
	f.partial = nil
	if err != nil || len(last) == 0 || !json.Valid(last) {
		return got, err
	}
	rest, err := parseLines(last)
	for name, recs := range rest {
		got[name] = append(got[name], recs...)
	}
	return got, err
}

func parseLines(data []byte) (map[string][]record, error) {
	out := map[string][]record{}
	var unmarshaler plog.JSONUnmarshaler
	for line := range bytes.Lines(data) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		logs, err := unmarshaler.UnmarshalLogs(line)
		if err != nil {
			return nil, fmt.Errorf("file exporter output: %w", err)
		}
		if err := addRecords(out, logs); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// addRecords appends the records of logs to out, by stream name.
func addRecords(out map[string][]record, logs plog.Logs) error {
	for _, rl := range logs.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				s, rec, err := toRecord(lr)
				if err != nil {
					return err
				}
				out[s.name] = append(out[s.name], rec)
			}
		}
	}
	return nil
}

// toRecord finds the stream of an exported record and reads its key and
// windowed time.
func toRecord(lr plog.LogRecord) (stream, record, error) {
	attrs := lr.Attributes()
	event, _ := attrs.Get("event.name")
	update := translate.IsUpdate(attrs)
	uid, _ := attrs.Get("log.record.uid")
	for _, s := range streams {
		if s.event != event.Str() || s.update != update {
			continue
		}
		if lr.Body().Type() != pcommon.ValueTypeMap {
			return s, record{}, fmt.Errorf("%s: body is %s, not a map", s.name, lr.Body().Type())
		}
		v, ok := lr.Body().Map().Get(s.target)
		if !ok {
			return s, record{}, fmt.Errorf("%s: record %s has no %s", s.name, uid.Str(), s.target)
		}
		at, err := translate.ParseTime(v.AsString())
		if err != nil {
			return s, record{}, fmt.Errorf("%s: record %s: %s: %w", s.name, uid.Str(), s.target, err)
		}
		return s, record{uid: uid.Str(), at: at}, nil
	}
	return stream{}, record{}, fmt.Errorf("a record of no known stream: event.name %q, update %v", event.Str(), update)
}
