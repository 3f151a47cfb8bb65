package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// collectorOutput takes the collector's output, line by line: all of it
// goes to a file, so the console keeps to the table; its warnings and
// errors are also shown, made short, and the last lines are kept to show
// if it exits.
type collectorOutput struct {
	console io.Writer
	file    io.Writer
	path    string           // the file's name, for the console
	now     func() time.Time // the clock of the console's rate cap

	mu       sync.Mutex
	last     []string // the last tailLines lines, oldest first
	fileErr  bool     // said that writing the file failed
	minute   time.Time
	shown    int  // warnings and errors shown since minute
	hushed   bool // said that more are only in the file
	shownAny bool
}

const (
	tailLines = 12
	// shownPerMinute caps the warnings and errors shown: the receiver logs
	// a failure once when it starts, but other components may repeat
	// theirs on every attempt, and the table must stay readable.
	shownPerMinute = 10
)

// quietWarnings are left to the file: harmless, of config/run.yaml's
// making, and printed at every start and stop. zpages warns that it cannot
// show the collector's own spans, which the configuration turns off.
var quietWarnings = []string{"zPages span processor registration is not available"}

// consoleLevels are the zap levels shown on the console.
var consoleLevels = map[string]bool{"warn": true, "error": true, "dpanic": true, "panic": true, "fatal": true}

func (c *collectorOutput) line(line string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := io.WriteString(c.file, line+"\n"); err != nil && !c.fileErr {
		c.fileErr = true
		fmt.Fprintf(c.console, "visionone-run: writing %s: %v\n", c.path, err)
	}
	if len(c.last) == tailLines {
		c.last = c.last[1:]
	}
	c.last = append(c.last, line)

	z, ok := parseZapLine(line)
	if !ok || !consoleLevels[z.Level] || slices.Contains(quietWarnings, z.Message) {
		return
	}
	now := c.now()
	if now.Sub(c.minute) >= time.Minute {
		c.minute, c.shown, c.hushed = now, 0, false
	}
	if c.shown == shownPerMinute {
		if !c.hushed {
			c.hushed = true
			fmt.Fprintf(c.console, "visionone-run: more collector warnings and errors this minute: see %s\n", c.path)
		}
		return
	}
	c.shown++
	c.shownAny = true
	_, _ = io.WriteString(c.console, strings.Join(z.console(), "\n")+"\n")
}

// tail is what the collector printed last, made short like the console's
// warnings where it can be, for when it exits.
func (c *collectorOutput) tail() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, line := range c.last {
		if z, ok := parseZapLine(line); ok {
			out = append(out, z.console()...)
			continue
		}
		out = append(out, wrap(strings.Fields(line), collectorPrefix, collectorIndent, consoleWidth, 0)...)
	}
	return out
}

// collectorPrefix starts the collector's lines on the console, and
// collectorIndent their continuation lines.
const (
	collectorPrefix = "[otelcol] "
	collectorIndent = "          "
)

// zapLine is one line of the collector's own log in zap's console encoding
// (service::telemetry::logs' default): time, level, caller, message and the
// fields as one JSON object, separated by tabs. Some loggers have no
// caller (the debug exporter's); a message may have no fields.
type zapLine struct {
	Level, Message string
	Fields         []field // in the order logged
}

type field struct{ Key, Value string }

// parseZapLine reads a line of the collector's log; ok is false for other
// lines (a panic's trace, the command's own usage errors).
func parseZapLine(line string) (z zapLine, ok bool) {
	parts := strings.Split(line, "\t")
	if len(parts) < 3 {
		return z, false
	}
	if _, err := time.Parse(time.RFC3339Nano, parts[0]); err != nil {
		return z, false
	}
	z.Level = strings.ToLower(parts[1])
	if !zapLevels[z.Level] {
		return z, false
	}
	rest := parts[2:]
	if len(rest) > 1 && isCaller(rest[0]) {
		rest = rest[1:]
	}
	if n := len(rest); n > 1 && strings.HasPrefix(rest[n-1], "{") {
		fields, err := parseFields(rest[n-1])
		if err == nil {
			z.Fields = fields
			rest = rest[:n-1]
		}
	}
	z.Message = strings.Join(rest, " ")
	return z, true
}

var zapLevels = map[string]bool{"debug": true, "info": true, "warn": true, "error": true, "dpanic": true, "panic": true, "fatal": true}

// isCaller tells zap's caller field (path/file.go:line) from a message.
func isCaller(s string) bool {
	i := strings.LastIndex(s, ".go:")
	if i < 0 || strings.ContainsAny(s, " \t") {
		return false
	}
	_, err := strconv.Atoi(s[i+len(".go:"):])
	return err == nil
}

// parseFields reads zap's JSON object of fields, keeping their order:
// strings as they are, other values as compact JSON.
func parseFields(s string) ([]field, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var fields []field
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		var str string
		if json.Unmarshal(raw, &str) != nil {
			var buf bytes.Buffer
			if json.Compact(&buf, raw) != nil {
				return nil, fmt.Errorf("bad value of %q", key)
			}
			str = buf.String()
		}
		fields = append(fields, field{Key: key, Value: str})
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, fmt.Errorf("not a JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the object")
	}
	return fields, nil
}

// hiddenFields say nothing on the console: the component's kind and
// signal follow from its ID, the only one of each in config/run.yaml.
var hiddenFields = map[string]bool{"otelcol.component.kind": true, "otelcol.signal": true}

// console is the line as the console shows it: level, message and fields,
// wrapped to the console's width (a warning is worth reading whole).
func (z zapLine) console() []string {
	words := append([]string{strings.ToUpper(z.Level)}, strings.Fields(z.Message)...)
	for _, f := range z.Fields {
		if hiddenFields[f.Key] {
			continue
		}
		key := f.Key
		if key == "otelcol.component.id" {
			key = "component"
		}
		// A quoted value with spaces wraps at them, like the message.
		words = append(words, strings.Fields(key+"="+quoteValue(f.Value))...)
	}
	return wrap(words, collectorPrefix, collectorIndent, consoleWidth, 0)
}

// quoteValue quotes a value that would otherwise read as several.
func quoteValue(v string) string {
	if v == "" || strings.ContainsAny(v, " \t\n\"") {
		return strconv.Quote(v)
	}
	return v
}
