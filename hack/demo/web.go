package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/panther-operator/panther-operator/internal/localweb"
)

// distDir is where `make web` builds the app.
const distDir = "web/dist"

// startWeb serves the web app on addr against the deployment in localaws, as the web stack's
// ECS task does on AWS; its log goes to logPath.
func startWeb(ctx context.Context, awsURL, addr, version, logPath string) (*localweb.Server, error) {
	dist, err := filepath.Abs(distDir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		return nil, fmt.Errorf("the web app is not built (%w): run make web, or make demo, which builds it", err)
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	identity, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, err
	}
	settings, err := localweb.Settings(ctx, cloudformation.NewFromConfig(cfg), awsURL, cfg.Region, aws.ToString(identity.Account), dist, version)
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath) //nolint:gosec // the demo's own log, in its folder
	if err != nil {
		return nil, err
	}
	srv, err := localweb.Start(settings, addr, slog.New(slog.NewJSONHandler(logFile, nil)))
	if err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("%w (is another demo running? choose another address with -web)", err)
	}
	return srv, nil
}
