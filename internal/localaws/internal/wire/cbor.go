package wire

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// The Smithy RPC v2 CBOR protocol (CloudWatch): POST
// /service/<Service>/operation/<Operation> with a CBOR body, answered in
// CBOR; timestamps are tag 1 (epoch seconds).

const cborContentType = "application/cbor"

// isCBOR reports whether a request speaks RPC v2 CBOR.
func isCBOR(r *http.Request) bool { return header(r.Header, "Smithy-Protocol") == "rpc-v2-cbor" }

// CBOROperation is the operation an RPC v2 request names in its path.
func (req *Request) CBOROperation() string {
	_, op, ok := strings.Cut(req.R.URL.Path, "/operation/")
	if !ok || !strings.HasPrefix(req.R.URL.Path, "/service/") {
		return ""
	}
	return op
}

// DecodeCBOR unmarshals an RPC v2 CBOR body into v by way of its JSON
// form: timestamps become epoch seconds and blobs base64, as the JSON
// protocols carry them.
func (req *Request) DecodeCBOR(v any) error {
	if len(req.Body) == 0 {
		return nil
	}
	doc, err := cbor.Decode(req.Body)
	if err != nil {
		return NewError(http.StatusBadRequest, "SerializationException", "%v", err)
	}
	data, err := json.Marshal(fromCBOR(doc))
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		return NewError(http.StatusBadRequest, "SerializationException", "%v", err)
	}
	return nil
}

func fromCBOR(v cbor.Value) any {
	switch x := v.(type) {
	case cbor.Map:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = fromCBOR(e)
		}
		return out
	case cbor.List:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fromCBOR(e)
		}
		return out
	case cbor.String:
		return string(x)
	case cbor.Slice:
		return base64.StdEncoding.EncodeToString(x)
	case cbor.Uint:
		return float64(x)
	case cbor.NegInt:
		return -float64(x)
	case cbor.Float32:
		return float64(x)
	case cbor.Float64:
		return float64(x)
	case cbor.Bool:
		return bool(x)
	case *cbor.Tag:
		return fromCBOR(x.Value)
	case cbor.Tag:
		return fromCBOR(x.Value)
	}
	return nil
}

// ReplyCBOR answers an RPC v2 call. v is built of maps with string keys,
// slices, structs (by their exported fields, omitting zero values),
// strings, numbers (ints stay integers), booleans, []byte and time.Time.
func (req *Request) ReplyCBOR(v any) error {
	if v == nil {
		v = map[string]any{}
	}
	req.W.Header().Set("Content-Type", cborContentType)
	req.W.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
	req.RespBody = cbor.Encode(toCBOR(reflect.ValueOf(v)))
	return nil
}

var timeType = reflect.TypeFor[time.Time]()

func toCBOR(v reflect.Value) cbor.Value {
	if !v.IsValid() {
		return &cbor.Nil{}
	}
	if v.Type() == timeType {
		t := v.Interface().(time.Time)
		return &cbor.Tag{ID: 1, Value: cbor.Float64(float64(t.UnixMilli()) / 1000)}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return &cbor.Nil{}
		}
		return toCBOR(v.Elem())
	case reflect.Map:
		out := cbor.Map{}
		for _, k := range v.MapKeys() {
			out[k.String()] = toCBOR(v.MapIndex(k))
		}
		return out
	case reflect.Struct:
		return structToCBOR(v)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return cbor.Slice(v.Bytes())
		}
		out := make(cbor.List, v.Len())
		for i := range out {
			out[i] = toCBOR(v.Index(i))
		}
		return out
	}
	return scalarToCBOR(v)
}

func structToCBOR(v reflect.Value) cbor.Value {
	out := cbor.Map{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || v.Field(i).IsZero() {
			continue
		}
		out[f.Name] = toCBOR(v.Field(i))
	}
	return out
}

func scalarToCBOR(v reflect.Value) cbor.Value {
	switch v.Kind() {
	case reflect.String:
		return cbor.String(v.String())
	case reflect.Bool:
		return cbor.Bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n := v.Int(); n < 0 {
			return cbor.NegInt(uint64(-n))
		}
		return cbor.Uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return cbor.Uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return cbor.Float64(0)
		}
		return cbor.Float64(f)
	}
	panic(fmt.Sprintf("wire: cannot encode %s in CBOR", v.Type()))
}

// cborErrorBody is an RPC v2 error: __type and message.
func cborErrorBody(namespace string, e *Error) []byte {
	return cbor.Encode(cbor.Map{"__type": cbor.String(namespace + e.Code), "message": cbor.String(e.Message)})
}
