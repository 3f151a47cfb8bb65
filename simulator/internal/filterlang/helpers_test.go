package filterlang

import (
	"errors"
	"strings"
	"testing"
)

func assertSyntaxError(t *testing.T, in string, e Expr, err error, wantOffset int, wantReason string) {
	t.Helper()
	if err == nil {
		t.Fatalf("parsing %q succeeded as %q, want an error", in, e)
	}
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("parsing %q: error %v is %T, want *SyntaxError", in, err, err)
	}
	if se.Offset != wantOffset || se.Reason != wantReason {
		t.Errorf("parsing %q: got offset %d reason %q, want offset %d reason %q", in, se.Offset, se.Reason, wantOffset, wantReason)
	}
	if !strings.HasPrefix(err.Error(), "offset ") {
		t.Errorf("error %q does not start with its offset", err)
	}
}
