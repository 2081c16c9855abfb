package logtypes

import (
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

var _ = registerNative("AWS.CloudTrail", recordsOrRecord("Records"))

// recordsOrRecord reads a line that is either one record or an object whose member key holds
// an array of records (CloudTrail's files are {"Records":[...]}).
func recordsOrRecord(key string) parsers.NativeFactory {
	return func(fields *parsers.Fields) (func() parsers.Parser, error) {
		return func() parsers.Parser { return &recordsParser{key: key, dec: fields.Decoder()} }, nil
	}
}

type recordsParser struct {
	key string
	dec *parsers.Decoder
}

func (p *recordsParser) Parse(line []byte, e *pantherlog.Event, emit func(*pantherlog.Event)) error {
	found, err := p.dec.DecodeEach(line, p.key, e, emit)
	if found || err != nil {
		return err
	}
	if err := p.dec.DecodeObject(line, e); err != nil {
		return err
	}
	emit(e)
	return nil
}
