// Package localweb runs the Panther web server against a Panther deployed in localaws: its
// settings are read from the stacks' outputs, as the web stack's ECS task gets them on AWS,
// and the browser signs in at localaws, which serves Cognito and AppSync on one port. The
// demo and the browser suite use it.
package localweb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"

	"github.com/panther-operator/panther-operator/web/server"
)

// The stacks and outputs the web task's settings come from.
const (
	bootstrapStack = "panther-bootstrap"
	gatewayStack   = "panther-bootstrap-gateway"
)

// Outputs reads stack outputs.
type Outputs interface {
	DescribeStacks(ctx context.Context, in *cloudformation.DescribeStacksInput, opts ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
}

// Settings are the web server's settings for the deployment in localaws at awsURL, serving
// the app built into distDir.
func Settings(ctx context.Context, stacks Outputs, awsURL, region, accountID, distDir, version string) (server.Settings, error) {
	bootstrap, err := outputs(ctx, stacks, bootstrapStack)
	if err != nil {
		return server.Settings{}, err
	}
	gateway, err := outputs(ctx, stacks, gatewayStack)
	if err != nil {
		return server.Settings{}, err
	}
	s := server.Settings{
		Region: region, AccountID: accountID,
		GraphQLEndpoint: bootstrap["GraphQLApiEndpoint"], UserPoolID: bootstrap["UserPoolId"],
		UserPoolClientID: gateway["AppClientId"], CognitoEndpoint: awsURL + "/",
		Version: version, Commit: "local", DistDir: distDir,
	}
	for name, value := range map[string]string{
		bootstrapStack + " output GraphQLApiEndpoint": s.GraphQLEndpoint,
		bootstrapStack + " output UserPoolId":         s.UserPoolID,
		gatewayStack + " output AppClientId":          s.UserPoolClientID,
	} {
		if value == "" {
			return server.Settings{}, fmt.Errorf("the deployment has no %s: is it Ready?", name)
		}
	}
	return s, nil
}

func outputs(ctx context.Context, stacks Outputs, name string) (map[string]string, error) {
	out, err := stacks.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("reading the outputs of %s: %w", name, err)
	}
	values := map[string]string{}
	for _, stack := range out.Stacks {
		for _, o := range stack.Outputs {
			values[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
		}
	}
	return values, nil
}

// Server is a running web server.
type Server struct {
	URL  string
	stop context.CancelFunc
	done chan error
}

// Start serves the app on addr (127.0.0.1:0 picks a port) until Stop.
func Start(s server.Settings, addr string, log *slog.Logger) (*Server, error) {
	app, err := server.NewApp(s, log)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", addr)
	if err != nil {
		_ = app.Close()
		return nil, fmt.Errorf("the web server cannot listen on %s: %w", addr, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := &Server{URL: "http://" + ln.Addr().String(), stop: cancel, done: make(chan error, 1)}
	go func() {
		err := server.Serve(ctx, ln, app, log, 5*time.Second)
		_ = app.Close()
		srv.done <- err
	}()
	return srv, nil
}

// Stop shuts the server down and waits for it.
func (s *Server) Stop() error {
	s.stop()
	if err := <-s.done; err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
