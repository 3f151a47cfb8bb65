package filterlang

import "fmt"

// SyntaxError tells why an input was rejected and where; the simulator turns
// it into the endpoint's documented 400 body (§1.7).
type SyntaxError struct {
	Offset int // byte offset in the input where the problem starts
	Reason string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("offset %d: %s", e.Offset, e.Reason)
}

func errorf(offset int, format string, args ...any) error {
	return &SyntaxError{Offset: offset, Reason: fmt.Sprintf(format, args...)}
}
