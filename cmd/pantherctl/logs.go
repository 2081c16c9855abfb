package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/classify"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
	"github.com/panther-operator/panther-operator/lambdas/logs/stream"
)

// runLogsTypes lists the native log types.
func runLogsTypes(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "pantherctl logs types: takes no arguments")
		return 2
	}
	reg, err := logtypes.Native()
	if err != nil {
		fmt.Fprintln(stderr, "pantherctl logs types:", err)
		return 1
	}
	for _, name := range reg.Names() {
		lt, _ := reg.Get(name)
		fmt.Fprintf(stdout, "%-32s %s\n", name, lt.Schema.Description)
	}
	return 0
}

type parseOptions struct {
	logTypes  []string
	schema    string
	parseTime string
	records   bool
}

// runLogsParse prints the normalized events of raw log lines, as the log processor writes
// them; a line no type accepts is reported on stderr by number, and makes the exit code 1.
func runLogsParse(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl logs parse", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var o parseOptions
	flags.Func("log-type", "a log type the lines may be (repeat for several; see pantherctl logs types)", func(v string) error {
		o.logTypes = append(o.logTypes, v)
		return nil
	})
	flags.StringVar(&o.schema, "schema", "", "a custom log type's YAML schema file to parse with")
	flags.StringVar(&o.parseTime, "parse-time", "", "fix p_parse_time (RFC 3339) and the row IDs, for reproducible output")
	flags.BoolVar(&o.records, "records", false, `read each file as one JSON object of "Records" (as CloudTrail delivers them)`)
	if err := flags.Parse(args); err != nil {
		return 2
	}
	candidates, err := o.candidates()
	if err != nil {
		fmt.Fprintln(stderr, "pantherctl logs parse:", err)
		return 2
	}
	now, rowIDs := time.Now, pantherlog.NewProcessRowIDs()
	if o.parseTime != "" {
		t, err := time.Parse(time.RFC3339Nano, o.parseTime)
		if err != nil {
			fmt.Fprintln(stderr, "pantherctl logs parse: --parse-time: want RFC 3339, such as 2026-01-02T15:04:05Z")
			return 2
		}
		now, rowIDs = func() time.Time { return t }, pantherlog.NewRowIDs([6]byte{}, t)
	}
	out := bufio.NewWriterSize(stdout, 256<<10)
	failures := 0
	files := flags.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	for _, file := range files {
		if ctx.Err() != nil {
			return 1
		}
		c := classify.New(candidates, classify.Source{}, rowIDs, now)
		n, err := parseFile(file, o.records || stream.IsCloudTrailFile(file), c, stdin, out, stderr)
		failures += n
		if err != nil {
			fmt.Fprintf(stderr, "pantherctl logs parse: %s: %v\n", file, err)
			failures++
		}
	}
	if err := out.Flush(); err != nil {
		return 1
	}
	if failures > 0 {
		return 1
	}
	return 0
}

func (o *parseOptions) candidates() ([]*parsers.LogType, error) {
	var out []*parsers.LogType
	if o.schema != "" {
		data, err := os.ReadFile(o.schema)
		if err != nil {
			return nil, err
		}
		lt, err := logtypes.Compile(data)
		if err != nil {
			return nil, fmt.Errorf("--schema %s: %w", o.schema, err)
		}
		out = append(out, lt)
	}
	reg, err := logtypes.Native()
	if err != nil {
		return nil, err
	}
	for _, name := range o.logTypes {
		lt, ok := reg.Get(name)
		if !ok {
			return nil, fmt.Errorf("--log-type %s: not a log type (pantherctl logs types lists them)", name)
		}
		if !slices.Contains(out, lt) {
			out = append(out, lt)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("give --log-type TYPE (repeatable) or --schema FILE.yml")
	}
	return out, nil
}

// parseFile classifies one file's records and writes their events; it returns the number of
// records no type accepted.
func parseFile(name string, records bool, c *classify.Classifier, stdin io.Reader, out io.Writer, stderr io.Writer) (int, error) {
	in := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return 0, err
		}
		defer func() { _ = f.Close() }()
		in = f
	}
	r, err := stream.Decompress(in)
	if err != nil {
		return 0, err
	}
	failures := 0
	each := func(n int, line []byte) error {
		_, events, err := c.Classify(n, line)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			failures++
			return nil
		}
		for _, e := range events {
			if _, err := out.Write(append(e.JSON, '\n')); err != nil {
				return err
			}
		}
		return nil
	}
	framer := &stream.Framer{}
	if records {
		err = framer.Records(r, "Records", each)
	} else {
		err = framer.Lines(r, each)
	}
	if framer.TooLong > 0 {
		fmt.Fprintf(stderr, "%s: %d records longer than %d bytes skipped\n", name, framer.TooLong, stream.DefaultMaxRecord)
		failures += framer.TooLong
	}
	return failures, err
}
