package simulator

import (
	"net/http"
	"time"
)

// httpDate formats t as an HTTP Date value: RFC 9110 section 5.6.7 IMF-fixdate
// ("Mon, 02 Jan 2006 15:04:05 GMT"), in UTC, to the second.
func httpDate(t time.Time) string { return t.UTC().Format(http.TimeFormat) }

// withDate stamps every answer of h (API and admin routes alike) with a Date
// header from the simulated clock, read when the status line goes out, so a
// client can compare its own clock with the API's (RFC 9110 section 6.6.1) and see
// the simulator's time, not the wall time net/http would write. A Date the
// handler set itself is kept.
func (s *Simulator) withDate(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dw := &dateWriter{ResponseWriter: w, now: s.clock.Now}
		h.ServeHTTP(dw, r)
		if !dw.wroteHeader {
			// A handler that wrote nothing gets net/http's implicit 200,
			// dated here rather than by the server.
			dw.WriteHeader(http.StatusOK)
		}
	})
}

// dateWriter sets the Date header just before the final status is written.
type dateWriter struct {
	http.ResponseWriter
	now         func() time.Time
	wroteHeader bool
}

func (w *dateWriter) WriteHeader(code int) {
	if !w.wroteHeader && code >= http.StatusOK { // 1xx answers are not final
		w.wroteHeader = true
		if h := w.Header(); h.Get("Date") == "" {
			h.Set("Date", httpDate(w.now()))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *dateWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (to flush).
func (w *dateWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
