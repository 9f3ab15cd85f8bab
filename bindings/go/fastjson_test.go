package oojwt

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// The fast path of fastjson.go must give what encoding/json gives.

func checkDecode(t *testing.T, text []byte) {
	t.Helper()
	var want map[string]any
	wantErr := json.Unmarshal(text, &want)
	got, err := decodeObject(text)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("decode %q: error %v, encoding/json %v", text, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decode %q:\n got %#v\nwant %#v", text, got, want)
	}
}

func checkEncode(t *testing.T, v any) {
	t.Helper()
	b, ok := appendJSON(nil, v)
	want, err := json.Marshal(v)
	if !ok {
		return // left to encoding/json
	}
	if err != nil {
		t.Fatalf("encode %#v: fast path accepted what encoding/json refuses: %v", v, err)
	}
	var g, w any
	// The same JSON value (the texts differ where encoding/json escapes <, >, &, U+2028, U+2029).
	if json.Unmarshal(b, &g) != nil || json.Unmarshal(want, &w) != nil || !reflect.DeepEqual(g, w) {
		t.Fatalf("encode %#v:\n got %s\nwant %s", v, b, want)
	}
}

var fastJSONSeeds = []string{
	`{}`, ` { "a" : [ 1 , 2.5 , -0 , 1e400 ] } `, `{"a":1e400}`, `{"a":-1.5e-7,"b":1E+2,"c":0.1}`,
	`{"s":"plain","e":"q\"b\\s\/n\nr\rt\tb\bf\f","u":"\u00e9\u4e2d\ud83d\ude00"}`,
	`{"lone":"\ud800","lone2":"\udc00x","pair_bad":"\ud800\u0041","trunc":"\ud800\u00"}`,
	`{"n":null,"t":true,"f":false,"o":{"x":{"y":[[],{}]}},"dup":1,"dup":2}`,
	`{"bad":tru}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`, `[1]`, `{"a":1}x`, `{"a":"` + "\x01" + `"}`,
	`{"inv":"` + "\xff" + `"}`, `{"a":"\x"}`, `{"k":1,}`, `{"big":12345678901234567890123}`, ``, `{`,
}

func TestFastJSONDecode(t *testing.T) {
	track(t)
	for _, s := range fastJSONSeeds {
		checkDecode(t, []byte(s))
	}
	for _, c := range loadVectors(t) {
		for _, k := range []string{"claims", "params", "config", "header"} {
			if raw, ok := c.Expect[k]; ok {
				checkDecode(t, raw)
			}
		}
	}
}

func TestFastJSONEncode(t *testing.T) {
	track(t)
	values := []any{nil, true, "x<y>&z\u2028\x01\x7f\"\\", "\xff", 1.5, float32(1e-7), 1e21, 1e20, -1e-7, 5e-324,
		math.NaN(), math.Inf(1), 3, int64(-9), uint64(math.MaxUint64), []any{1, "a", nil}, []string{"a", "b"},
		map[string]any{"b": 1, "a": map[string]any{"z": []any{}, "y": nil}, "\xfe": 1},
		map[string]any(nil), []any(nil), []string(nil), struct{ A int }{1}, map[string]int{"a": 1},
		map[string]any{"t": struct{}{}}, float32(3.4e38), 0.000001, 123456789.125}
	for _, v := range values {
		checkEncode(t, v)
	}
	for _, c := range loadVectors(t) {
		if raw, ok := c.Expect["claims"]; ok {
			var v any
			if json.Unmarshal(raw, &v) == nil {
				checkEncode(t, v)
			}
		}
	}
}

// FuzzFastJSON: decoding arbitrary text, and re-encoding what was decoded, agree with encoding/json.
func FuzzFastJSON(f *testing.F) {
	track(f)
	for _, s := range fastJSONSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		checkDecode(t, text)
		var v any
		if json.Unmarshal(text, &v) == nil {
			checkEncode(t, v)
		}
	})
}
