package localaws_test

import (
	"encoding/base64"
	"errors"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

func TestLambdaGoFunctionRunsThroughTheRuntimeAPI(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "echo", 10, map[string]string{"GREETING": "hi"})

	out, doc := invokeJSON(t, e, "echo", map[string]string{"action": "print", "value": "v1"}, true)
	if out.FunctionError != nil || out.StatusCode != 200 {
		t.Fatalf("function error %v, status %d: %v", aws.ToString(out.FunctionError), out.StatusCode, doc)
	}
	if doc["value"] != "v1" || doc["env"] != "hi" || doc["requestId"] == "" {
		t.Errorf("response %v, want the event's value, the function's environment and a request ID", doc)
	}
	if remaining := doc["remainingMs"].(float64); remaining <= 0 || remaining > 10000 {
		t.Errorf("remaining time %v ms, want within the 10 s timeout", remaining)
	}
	logTail, err := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"START RequestId: ", "printed: v1", "END RequestId: ", "REPORT RequestId: ", "Init Duration: "} {
		if !strings.Contains(string(logTail), want) {
			t.Errorf("log tail lacks %q:\n%s", want, logTail)
		}
	}
}

func TestLambdaReusesAWarmInstance(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "warm", 10, nil)
	_, first := invokeJSON(t, e, "warm", map[string]string{"action": "echo"}, false)
	out, second := invokeJSON(t, e, "warm", map[string]string{"action": "echo"}, true)
	if first["pid"] != second["pid"] {
		t.Errorf("pids %v and %v: the second invocation started a new instance", first["pid"], second["pid"])
	}
	logTail, _ := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if strings.Contains(string(logTail), "Init Duration") {
		t.Errorf("a warm invocation reported an Init Duration:\n%s", logTail)
	}
}

func TestLambdaStopsAnInstanceIdleForLongerThanTheIdleTimeout(t *testing.T) {
	e := startEnv(t, func(o *localaws.Options) { o.FunctionIdleTimeout = 200 * time.Millisecond })
	createGoFunction(t, e, "idle", 10, nil)
	_, first := invokeJSON(t, e, "idle", map[string]string{"action": "echo"}, false)
	_, warm := invokeJSON(t, e, "idle", map[string]string{"action": "echo"}, false)
	if first["pid"] != warm["pid"] {
		t.Fatalf("pids %v and %v: an instance used again at once was stopped", first["pid"], warm["pid"])
	}
	pid := int(first["pid"].(float64))
	deadline := time.Now().Add(10 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("instance %d still runs 10 s after it went idle, with an idle timeout of 200 ms", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	out, cold := invokeJSON(t, e, "idle", map[string]string{"action": "echo"}, true)
	logTail, _ := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if cold["pid"] == first["pid"] || !strings.Contains(string(logTail), "Init Duration") {
		t.Errorf("after the idle timeout: pid %v (before %v), log:\n%s; want a cold start", cold["pid"], first["pid"], logTail)
	}
}

func TestLambdaLogsReachCloudWatchLogs(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "logger", 10, nil)
	invokeJSON(t, e, "logger", map[string]string{"action": "print", "value": "to-cloudwatch"}, false)
	events, err := e.logs.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/logger")})
	if err != nil {
		t.Fatal(err)
	}
	var messages []string
	for _, ev := range events.Events {
		messages = append(messages, aws.ToString(ev.Message))
	}
	joined := strings.Join(messages, "\n")
	if !strings.Contains(joined, "printed: to-cloudwatch") || !strings.Contains(joined, "REPORT RequestId") {
		t.Errorf("log group /aws/lambda/logger holds:\n%s", joined)
	}
}

func TestLambdaTimeoutKillsTheInstance(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "slow", 1, nil)
	out, doc := invokeJSON(t, e, "slow", map[string]any{"action": "sleep", "millis": 3000}, true)
	if aws.ToString(out.FunctionError) != "Unhandled" || doc["errorType"] != "Sandbox.Timedout" {
		t.Fatalf("function error %q, payload %v, want Unhandled and Sandbox.Timedout", aws.ToString(out.FunctionError), doc)
	}
	if !strings.Contains(doc["errorMessage"].(string), "Task timed out after 1.00 seconds") {
		t.Errorf("message %q", doc["errorMessage"])
	}
	logTail, _ := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if !strings.Contains(string(logTail), "Task timed out after 1.00 seconds") {
		t.Errorf("log lacks the timeout line:\n%s", logTail)
	}
	// The next invocation gets a fresh instance and works.
	out, doc = invokeJSON(t, e, "slow", map[string]string{"action": "echo", "value": "after"}, false)
	if out.FunctionError != nil || doc["value"] != "after" {
		t.Errorf("after a timeout: %v %v", aws.ToString(out.FunctionError), doc)
	}
}

func TestLambdaCrashIsARuntimeExitError(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "crashy", 5, nil)
	out, doc := invokeJSON(t, e, "crashy", map[string]string{"action": "crash"}, false)
	if aws.ToString(out.FunctionError) != "Unhandled" || doc["errorType"] != "Runtime.ExitError" ||
		!strings.Contains(doc["errorMessage"].(string), "exit status 3") {
		t.Fatalf("function error %q, payload %v", aws.ToString(out.FunctionError), doc)
	}
}

func TestLambdaHandlerErrorIsAFunctionError(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "failing", 5, nil)
	out, doc := invokeJSON(t, e, "failing", map[string]string{"action": "fail", "value": "x"}, false)
	if aws.ToString(out.FunctionError) != "Unhandled" || doc["errorMessage"] != "failed on purpose: x" ||
		doc["errorType"] != "errorString" {
		t.Fatalf("function error %q, payload %v", aws.ToString(out.FunctionError), doc)
	}
}

func TestLambdaPythonFunctionWithALayer(t *testing.T) {
	e := startEnv(t)
	layer, err := e.lambda().PublishLayerVersion(ctx(t), &lambda.PublishLayerVersionInput{
		LayerName: aws.String("greetings"), Content: &lambdatypes.LayerVersionContentInput{ZipFile: zipDir(t, "testdata/lambda/layer")},
		CompatibleRuntimes: []lambdatypes.Runtime{lambdatypes.RuntimePython311},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.lambda().CreateFunction(ctx(t), &lambda.CreateFunctionInput{
		FunctionName: aws.String("py"), Runtime: lambdatypes.RuntimePython311, Handler: aws.String("handler.handle"),
		Role: aws.String("arn:aws:iam::000000000000:role/fn"), Timeout: aws.Int32(5),
		Code:        &lambdatypes.FunctionCode{ZipFile: zipDir(t, "testdata/lambda/python")},
		Layers:      []string{aws.ToString(layer.LayerVersionArn)},
		Environment: &lambdatypes.Environment{Variables: map[string]string{"GREETING": "py-env"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, doc := invokeJSON(t, e, "py", map[string]string{"action": "echo", "value": "ada"}, true)
	if out.FunctionError != nil {
		t.Fatalf("function error: %v", doc)
	}
	if doc["greeting"] != "hello, ada" || doc["function"] != "py" || doc["env"] != "py-env" || doc["requestId"] == "" {
		t.Errorf("response %v", doc)
	}
	if remaining := doc["remainingMs"].(float64); remaining <= 0 || remaining > 5000 {
		t.Errorf("remaining time %v ms", remaining)
	}
	logTail, _ := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if !strings.Contains(string(logTail), "python saw ada") {
		t.Errorf("log tail:\n%s", logTail)
	}
	out, doc = invokeJSON(t, e, "py", map[string]string{"action": "fail", "value": "y"}, false)
	if aws.ToString(out.FunctionError) != "Unhandled" || doc["errorType"] != "ValueError" || doc["errorMessage"] != "failed on purpose: y" {
		t.Errorf("function error %q, payload %v", aws.ToString(out.FunctionError), doc)
	}
}

func TestLambdaPythonImportErrorIsAnInitError(t *testing.T) {
	e := startEnv(t)
	_, err := e.lambda().CreateFunction(ctx(t), &lambda.CreateFunctionInput{
		FunctionName: aws.String("broken"), Runtime: lambdatypes.RuntimePython311, Handler: aws.String("missing.handle"),
		Role: aws.String("arn:aws:iam::000000000000:role/fn"),
		Code: &lambdatypes.FunctionCode{ZipFile: zipDir(t, "testdata/lambda/python")},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, doc := invokeJSON(t, e, "broken", map[string]string{}, false)
	if aws.ToString(out.FunctionError) != "Unhandled" || doc["errorType"] != "Runtime.ImportModuleError" ||
		!strings.Contains(doc["errorMessage"].(string), "Unable to import module 'missing'") {
		t.Errorf("function error %q, payload %v", aws.ToString(out.FunctionError), doc)
	}
}

func TestLambdaCodeFromS3AndEventInvocationWithTheRolesCredentials(t *testing.T) {
	e := startEnv(t)
	code, err := goFunctionZip()
	if err != nil {
		t.Fatal(err)
	}
	mustCreateBucket(t, e, "code")
	mustCreateBucket(t, e, "out")
	if _, err := e.s3.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("code"), Key: aws.String("fn.zip"),
		Body: strings.NewReader(string(code))}); err != nil {
		t.Fatal(err)
	}
	_, err = e.lambda().CreateFunction(ctx(t), &lambda.CreateFunctionInput{
		FunctionName: aws.String("writer"), Runtime: lambdatypes.RuntimeProvidedal2, Handler: aws.String("bootstrap"),
		Role: aws.String("arn:aws:iam::000000000000:role/writer"),
		Code: &lambdatypes.FunctionCode{S3Bucket: aws.String("code"), S3Key: aws.String("fn.zip")},
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("writer"),
		InvocationType: lambdatypes.InvocationTypeEvent, Payload: []byte(`{"action":"put","bucket":"out","value":"async"}`)})
	if err != nil || out.StatusCode != 202 {
		t.Fatalf("Event invocation: %v, status %d", err, out.StatusCode)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := e.s3.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("out"), Key: aws.String("from-lambda")})
		if err == nil {
			_ = got.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the function never wrote s3://out/from-lambda: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestLambdaDryRunNotFoundAndConflict(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "fn", 3, nil)
	out, err := e.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("fn"), InvocationType: lambdatypes.InvocationTypeDryRun})
	if err != nil || out.StatusCode != 204 {
		t.Errorf("DryRun: %v, status %d", err, out.StatusCode)
	}
	_, err = e.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("absent")})
	var missing *lambdatypes.ResourceNotFoundException
	if !errors.As(err, &missing) {
		t.Errorf("invoking a missing function: %v", err)
	}
	code, _ := goFunctionZip()
	_, err = e.lambda().CreateFunction(ctx(t), &lambda.CreateFunctionInput{FunctionName: aws.String("fn"),
		Runtime: lambdatypes.RuntimeProvidedal2023, Role: aws.String("arn:aws:iam::000000000000:role/fn"),
		Code: &lambdatypes.FunctionCode{ZipFile: code}})
	var conflict *lambdatypes.ResourceConflictException
	if !errors.As(err, &conflict) {
		t.Errorf("creating a function twice: %v", err)
	}
	got, err := e.lambda().GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("arn:aws:lambda:us-east-1:000000000000:function:fn")})
	if err != nil || aws.ToString(got.Configuration.FunctionName) != "fn" || aws.ToString(got.Code.Location) == "" {
		t.Errorf("GetFunction by ARN: %v %+v", err, got)
	}
	if _, err := e.lambda().DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("fn")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.lambda().GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("fn")}); !errors.As(err, &missing) {
		t.Errorf("after DeleteFunction: %v", err)
	}
}

func TestLambdaReservedConcurrencyThrottles(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "single", 10, nil)
	if _, err := e.lambda().PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{
		FunctionName: aws.String("single"), ReservedConcurrentExecutions: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	// No retries: the SDK retries throttling, which would hide it.
	client := lambda.NewFromConfig(e.cfg, func(o *lambda.Options) { o.Retryer = aws.NopRetryer{} })
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i == 1 {
				time.Sleep(300 * time.Millisecond)
			}
			_, errs[i] = client.Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("single"),
				Payload: []byte(`{"action":"sleep","millis":1500}`)})
		}(i)
	}
	wg.Wait()
	// Exactly one runs; the other arrives while it does and is throttled (which one goes first
	// is up to the scheduler on a busy machine).
	var throttled *lambdatypes.TooManyRequestsException
	ok0, ok1 := errs[0] == nil, errs[1] == nil
	if ok0 == ok1 || (!ok0 && !errors.As(errs[0], &throttled)) || (!ok1 && !errors.As(errs[1], &throttled)) {
		t.Errorf("errors %v, want one invocation to run and the other to be throttled", errs)
	}
}

func TestLambdaConfigurationChangeStartsAFreshInstance(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "configurable", 5, map[string]string{"GREETING": "one"})
	_, before := invokeJSON(t, e, "configurable", map[string]string{"action": "echo"}, false)
	if _, err := e.lambda().UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("configurable"),
		Environment:  &lambdatypes.Environment{Variables: map[string]string{"GREETING": "two"}}}); err != nil {
		t.Fatal(err)
	}
	_, after := invokeJSON(t, e, "configurable", map[string]string{"action": "echo"}, false)
	if before["env"] != "one" || after["env"] != "two" || before["pid"] == after["pid"] {
		t.Errorf("before %v, after %v", before, after)
	}
}

// TestLambdaInstanceBelowOneVCPUOfMemoryRunsOnOneCPU: Lambda gives a function the equivalent
// of one vCPU at 1,769 MB and less below it, so localaws runs such an instance on one CPU, and
// one at or above it on all of localaws's.
func TestLambdaInstanceBelowOneVCPUOfMemoryRunsOnOneCPU(t *testing.T) {
	if runtime.GOOS != "linux" || runtime.NumCPU() < 2 {
		t.Skip("needs Linux and two CPUs to tell one from all")
	}
	e := startEnv(t)
	for name, memory := range map[string]int32{"small": 128, "large": 1769} {
		createGoFunction(t, e, name, 5, nil)
		if _, err := e.lambda().UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String(name), MemorySize: aws.Int32(memory)}); err != nil {
			t.Fatal(err)
		}
	}
	_, small := invokeJSON(t, e, "small", map[string]string{"action": "echo"}, false)
	_, large := invokeJSON(t, e, "large", map[string]string{"action": "echo"}, false)
	if small["cpus"] != float64(1) || large["cpus"] != float64(runtime.NumCPU()) {
		t.Errorf("CPUs at 128 MB: %v, at 1,769 MB: %v; want 1 and %d", small["cpus"], large["cpus"], runtime.NumCPU())
	}
}
