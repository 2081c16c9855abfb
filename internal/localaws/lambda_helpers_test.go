package localaws_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// goFunctionZip builds lambdatest/gofn for Lambda (linux, static, bootstrap at the zip's root)
// once per test binary.
var goFunctionZip = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "gofn-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	bin := filepath.Join(dir, "bootstrap")
	cmd := exec.Command("go", "build", "-trimpath", "-tags", "lambda.norpc", "-o", bin, "./lambdatest/gofn")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, &buildError{out: string(out), err: err}
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	return zipFiles(map[string]zipEntry{"bootstrap": {data: data, mode: 0o755}})
})

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + ": " + e.out }

type zipEntry struct {
	data []byte
	mode fs.FileMode
}

func zipFiles(files map[string]zipEntry) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, f := range files {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		h.SetMode(f.mode)
		fw, err := w.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// zipDir zips a folder of testdata, every file with mode 0644.
func zipDir(t testing.TB, dir string) []byte {
	t.Helper()
	files := map[string]zipEntry{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = zipEntry{data: data, mode: 0o644}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := zipFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func (e *env) lambda() *lambda.Client { return lambda.NewFromConfig(e.cfg) }

// createGoFunction deploys the Go test function under name with the given timeout.
func createGoFunction(t testing.TB, e *env, name string, timeout int32, vars map[string]string) {
	t.Helper()
	code, err := goFunctionZip()
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.lambda().CreateFunction(ctx(t), &lambda.CreateFunctionInput{
		FunctionName: aws.String(name), Runtime: lambdatypes.RuntimeProvidedal2023, Handler: aws.String("bootstrap"),
		Role: aws.String("arn:aws:iam::000000000000:role/fn"), Timeout: aws.Int32(timeout),
		Code:        &lambdatypes.FunctionCode{ZipFile: code},
		Environment: &lambdatypes.Environment{Variables: vars},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// invokeJSON invokes a function synchronously with an event and decodes its response.
func invokeJSON(t testing.TB, e *env, name string, event any, tail bool) (*lambda.InvokeOutput, map[string]any) {
	t.Helper()
	payload, _ := json.Marshal(event)
	in := &lambda.InvokeInput{FunctionName: aws.String(name), Payload: payload}
	if tail {
		in.LogType = lambdatypes.LogTypeTail
	}
	out, err := e.lambda().Invoke(ctx(t), in)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Payload, &doc); err != nil {
		t.Fatalf("payload %q: %v", out.Payload, err)
	}
	return out, doc
}

func mustCreateBucket(t testing.TB, e *env, name string) {
	t.Helper()
	if _, err := e.s3.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
}
