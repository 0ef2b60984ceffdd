package lenient

import "testing"

func TestIntAndText(t *testing.T) {
	for in, want := range map[string]int64{`42`: 42, `"42"`: 42, `" 42 "`: 42, `42.0`: 42, `"4.2e1"`: 42, `-7`: -7} {
		if got, ok := Int([]byte(in)); !ok || got != want {
			t.Errorf("Int(%s) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{`null`, `"x"`, `4.5`, `true`, ``, `1e30`} {
		if _, ok := Int([]byte(in)); ok {
			t.Errorf("Int(%s) accepted", in)
		}
	}
	for in, want := range map[string]string{`"a\"b"`: `a"b`, `12`: "12", `true`: "true", ` null `: "", ``: ""} {
		if got := Text([]byte(in)); got != want {
			t.Errorf("Text(%s) = %q, want %q", in, got, want)
		}
	}
}
