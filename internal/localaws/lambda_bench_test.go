package localaws_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// BenchmarkLambdaWarmInvoke invokes a Go function on a warm instance, one call at a time:
// the SDK's request, the Runtime API's next and response, and the reply.
func BenchmarkLambdaWarmInvoke(b *testing.B) {
	e := startEnvB(b)
	createGoFunction(b, e, "bench", 10, nil)
	client := e.lambda()
	in := &lambda.InvokeInput{FunctionName: aws.String("bench"), Payload: []byte(`{"action":"echo","value":"x"}`)}
	if _, err := client.Invoke(context.Background(), in); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		out, err := client.Invoke(context.Background(), in)
		if err != nil || out.FunctionError != nil {
			b.Fatal(err, aws.ToString(out.FunctionError))
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "invokes/s")
}

// BenchmarkLambdaColdStart measures an invocation that starts a new instance: each iteration
// first changes the function's configuration (not timed), which retires the warm instance.
func BenchmarkLambdaColdStart(b *testing.B) {
	e := startEnvB(b)
	createGoFunction(b, e, "cold", 10, nil)
	client := e.lambda()
	in := &lambda.InvokeInput{FunctionName: aws.String("cold"), Payload: []byte(`{"action":"echo"}`)}
	var total time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		if _, err := client.UpdateFunctionConfiguration(context.Background(), &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("cold"),
			Environment:  &lambdatypes.Environment{Variables: map[string]string{"N": fmt.Sprint(i)}}}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := client.Invoke(context.Background(), in); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/cold-invoke")
}
