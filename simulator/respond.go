package simulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// encodeJSON encodes v without HTML escaping (as gen.CanonicalJSON does).
func encodeJSON(buf *bytes.Buffer, v any) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Bodies are built from JSON-safe values; a failure is a bug.
		panic("simulator: encoding a response: " + err.Error())
	}
}

// writeError answers with an error envelope.
func writeError(w http.ResponseWriter, e *apiError) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); bufPool.Put(buf) }()
	encodeJSON(buf, e.body)
	for k, vs := range e.header {
		w.Header()[k] = vs
	}
	writeBody(w, e.status, buf.Bytes())
}

func writeBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a client gone away is not the simulator's error
}

// writeOK answers 200 with v, applying the body faults of the endpoint.
func (s *Simulator) writeOK(w http.ResponseWriter, endpoint string, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); bufPool.Put(buf) }()
	encodeJSON(buf, v)
	body := buf.Bytes()

	if f, ok := s.faults.take(endpoint, FaultHugeBody); ok {
		// Whitespace before the closing brace keeps the JSON valid and its
		// meaning unchanged; only the size grows.
		closing := bytes.LastIndexByte(body, '}')
		padded := make([]byte, 0, len(body)+f.SizeMB<<20)
		padded = append(padded, body[:closing]...)
		padded = append(padded, bytes.Repeat([]byte{' '}, f.SizeMB<<20)...)
		body = append(padded, body[closing:]...)
	}
	if _, ok := s.faults.take(endpoint, FaultMalformed); ok {
		// A prefix followed by `"!}` is never valid JSON: it either leaves a
		// string open or puts `!` where a token must be.
		body = append(body[:len(body)/2:len(body)/2], `"!}`...)
	}
	if f, ok := s.faults.take(endpoint, FaultTruncate); ok {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body[:len(body)*f.percent()/100])
		_ = http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler) // closes the connection without logging
	}
	writeBody(w, http.StatusOK, body)
}
