package processor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/logs/classify"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
	"github.com/panther-operator/panther-operator/lambdas/logs/stream"
)

// ObjectReader opens S3 objects as a source's log processing role ("" for Panther's own).
type ObjectReader interface {
	GetObject(ctx context.Context, role, bucket, key string) (io.ReadCloser, error)
}

// Confirmer confirms SNS subscriptions (a source's topic in another account).
type Confirmer interface {
	ConfirmSubscription(ctx context.Context, topicARN, token string) error
}

// LogTypes resolves log type names to parsers (native, and custom from logtypes-api).
type LogTypes func(ctx context.Context, names []string) ([]*parsers.LogType, error)

// Stats are what the processor did, for its metrics and logs.
type Stats struct {
	Objects        int
	SkippedObjects int
	BytesRead      int64
	Events         map[string]int
	Failures       int
	TooLong        int
}

// Processor reads log objects into the Output.
type Processor struct {
	Sources  *Sources
	Reader   ObjectReader
	Confirm  Confirmer
	LogTypes LogTypes
	Output   *Output
	RowIDs   *pantherlog.RowIDs
	Now      func() time.Time
	Log      *slog.Logger
	Stats    Stats
}

// ProcessMessage handles one input-queue message body.
func (p *Processor) ProcessMessage(ctx context.Context, body string) error {
	n, err := ParseNotification(body)
	if err != nil {
		return err
	}
	if n.ConfirmTopic != "" {
		return p.Confirm.ConfirmSubscription(ctx, n.ConfirmTopic, n.Token)
	}
	for _, obj := range n.Objects {
		if err := p.ProcessObject(ctx, obj); err != nil {
			return fmt.Errorf("s3://%s/%s: %w", obj.Bucket, obj.Key, err)
		}
	}
	return nil
}

// ProcessObject classifies one object's records and writes their events. An object no
// source claims is skipped with a warning.
func (p *Processor) ProcessObject(ctx context.Context, obj Object) error {
	src, names, err := p.Sources.Find(ctx, obj.Bucket, obj.Key)
	if err != nil {
		return fmt.Errorf("list sources: %w", err)
	}
	if src == nil || len(names) == 0 {
		p.Stats.SkippedObjects++
		p.logger().Warn("no source reads this object; skipped", "bucket", obj.Bucket, "key", obj.Key)
		return nil
	}
	candidates, err := p.LogTypes(ctx, names)
	if err != nil {
		return err
	}
	body, err := p.Reader.GetObject(ctx, src.LogProcessingRole, obj.Bucket, obj.Key)
	if err != nil {
		return err
	}
	defer func() { _ = body.Close() }()
	counted := &countingReader{r: body}
	r, err := stream.Decompress(counted)
	if err != nil {
		return err
	}
	c := classify.New(candidates, classify.Source{ID: src.IntegrationID, Label: src.IntegrationLabel}, p.RowIDs, p.Now)
	each := func(n int, line []byte) error {
		logType, events, err := c.Classify(n, line)
		if err != nil {
			p.logger().Warn("line not classified", "bucket", obj.Bucket, "key", obj.Key, "error", err.Error())
			return nil
		}
		for _, e := range events {
			if err := p.Output.Write(ctx, logType, e.Time, e.JSON); err != nil {
				return err
			}
		}
		return nil
	}
	framer := &stream.Framer{}
	if stream.IsCloudTrailFile(obj.Key) && slices.Contains(names, "AWS.CloudTrail") {
		err = framer.Records(r, "Records", each)
	} else {
		err = framer.Lines(r, each)
	}
	p.count(c.Stats(), framer.TooLong, counted.n)
	if stats := c.Stats(); err == nil && stats.Lines > stats.Failures+stats.EmptyLines {
		if serr := p.Sources.Received(ctx, src.IntegrationID); serr != nil {
			p.logger().Warn("source status not updated", "source", src.IntegrationID, "error", serr.Error())
		}
	}
	if errors.Is(err, stream.ErrNoRecords) {
		return fmt.Errorf("a CloudTrail file without Records: %w", err)
	}
	return err
}

func (p *Processor) count(s classify.Stats, tooLong int, bytes int64) {
	if p.Stats.Events == nil {
		p.Stats.Events = map[string]int{}
	}
	p.Stats.Objects++
	p.Stats.BytesRead += bytes
	p.Stats.Failures += s.Failures
	p.Stats.TooLong += tooLong
	for t, n := range s.Events {
		p.Stats.Events[t] += n
	}
}

func (p *Processor) logger() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}
