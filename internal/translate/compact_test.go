package translate

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestCompactJSON(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"compact already", `{"a":1}`, `{"a":1}`},
		{"blanks between tokens", " {\n\t\"a\" : [ 1 , 2 ],\r\n \"b\": {} } ", `{"a":[1,2],"b":{}}`},
		{"blanks in strings kept", `{"a b": " x\ty "}`, `{"a b":" x\ty "}`},
		{"escaped quote", `{"a": "x\" y", "b": 1}`, `{"a":"x\" y","b":1}`},
		{"escaped backslash before the quote", `{"a": "x\\", "b": 1}`, `{"a":"x\\","b":1}`},
		{"three backslashes", `{"a": "\\\" z", "b": 1}`, `{"a":"\\\" z","b":1}`},
		{"numbers and duplicates as written", `{"n": 1.50E+2, "n": -0}`, `{"n":1.50E+2,"n":-0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compactJSON([]byte(tt.in)); got != tt.want {
				t.Errorf("compactJSON(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzCompactJSON holds compactJSON to encoding/json.Compact for valid JSON,
// the only input it gets (decodeItem validates an item first).
func FuzzCompactJSON(f *testing.F) {
	addSamplePages(f)
	f.Add([]byte(`{ "a" : [1, 2, "x \" y\\" ], "b":{"c d":"\\\\\""} }`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var want bytes.Buffer
		if err := json.Compact(&want, data); err != nil {
			t.Fatal(err)
		}
		if got := compactJSON(data); got != want.String() {
			t.Fatalf("compactJSON(%q) = %q, encoding/json %q", data, got, want.String())
		}
	})
}
