package stream_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/lambdas/logs/stream"
)

func gzipped(t *testing.T, s string) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func lines(t *testing.T, f *stream.Framer, data []byte) []string {
	t.Helper()
	r, err := stream.Decompress(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	if err := f.Lines(r, func(n int, line []byte) error {
		out = append(out, string(line))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLinesDetectsGzipFromTheBytes(t *testing.T) {
	text := "one\r\ntwo\n\nthree"
	for name, data := range map[string][]byte{"plain": []byte(text), "gzip": gzipped(t, text)} {
		got := strings.Join(lines(t, &stream.Framer{}, data), "|")
		if got != "one\r|two||three" {
			t.Errorf("%s: %q", name, got)
		}
	}
}

func TestLinesSkipsAndCountsLinesOverTheLimit(t *testing.T) {
	f := &stream.Framer{MaxRecord: 100}
	data := "short\n" + strings.Repeat("x", 70_000) + "\nafter\n" + strings.Repeat("y", 150) + "\nend"
	got := strings.Join(lines(t, f, []byte(data)), "|")
	if got != "short|after|end" || f.TooLong != 2 {
		t.Fatalf("%q, too long %d", got, f.TooLong)
	}
}

func TestRecordsStreamsTheElementsOfAnArrayMember(t *testing.T) {
	doc := `{"other":{"Records":[1]}, "s":"a \"quoted\" ]", "Records" : [ {"a":"x]}"} , {"b":[1,2,{"c":null}]},
	17, "str", true ]}`
	f := &stream.Framer{}
	var got []string
	err := f.Records(bytes.NewReader(gzipped(t, doc)), "Records", func(n int, elem []byte) error {
		got = append(got, string(elem))
		return nil
	})
	if err == nil {
		t.Fatal("a gzip stream must be decompressed first")
	}
	r, _ := stream.Decompress(bytes.NewReader(gzipped(t, doc)))
	err = f.Records(r, "Records", func(n int, elem []byte) error {
		got = append(got, string(elem))
		return nil
	})
	want := `{"a":"x]}"}|{"b":[1,2,{"c":null}]}|17|"str"|true`
	if err != nil || strings.Join(got, "|") != want {
		t.Fatalf("%v %q", err, strings.Join(got, "|"))
	}
	if err := f.Records(strings.NewReader(`[1,2]`), "Records", func(int, []byte) error { return nil }); !errors.Is(err, stream.ErrNoRecords) {
		t.Fatalf("not an object: %v", err)
	}
}
