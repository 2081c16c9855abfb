package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
)

// uploadDetections uploads our detection pack with pantherctl, as a user would.
func uploadDetections(ctx context.Context) error {
	cmd := exec.CommandContext(ctx, filepath.Join("bin", "pantherctl"), "analysis", "upload", "detections")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// printAlerts waits for the sample's alerts in panther-alerts-api (up to two minutes, until two
// looks in a row agree) and prints them.
func printAlerts(ctx context.Context) error {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return err
	}
	functions := lambda.NewFromConfig(cfg)
	list := func() ([]alertsapi.Summary, error) {
		payload, _ := json.Marshal(alertsapi.Request{ListAlerts: &alertsapi.ListAlertsInput{PageSize: 50}})
		out, err := functions.Invoke(ctx, &lambda.InvokeInput{FunctionName: awssdk.String("panther-alerts-api"), Payload: payload})
		if err != nil {
			return nil, err
		}
		if out.FunctionError != nil {
			return nil, fmt.Errorf("panther-alerts-api: %s", out.Payload)
		}
		var page alertsapi.ListAlertsOutput
		return page.Alerts, json.Unmarshal(out.Payload, &page)
	}
	var alerts []alertsapi.Summary
	seen := -1
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); {
		if alerts, err = list(); err != nil {
			return err
		}
		if len(alerts) > 0 && len(alerts) == seen {
			break
		}
		seen = len(alerts)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(3 * time.Second):
		}
	}
	if len(alerts) == 0 {
		return fmt.Errorf("no alert after two minutes: see the log groups /aws/lambda/panther-rules-engine and /aws/lambda/panther-log-alert-forwarder")
	}
	noun := "alerts"
	if len(alerts) == 1 {
		noun = "alert"
	}
	fmt.Printf("\nThe detections raised %d %s:\n\n", len(alerts), noun)
	for _, a := range alerts {
		fmt.Printf("  %-8s %s\n           rule %s, %d event(s), alert %s\n", a.Severity, a.Title, a.RuleID, a.EventsMatched, a.AlertID)
	}
	return nil
}

// detect shows Panther at work: the first user invited, the pack uploaded, a sample CloudTrail
// delivery dropped into a new source, its normalized events and the alerts they raised.
func detect(ctx context.Context, awsURL string) (invitation, error) {
	first, err := firstUser(ctx, awsURL)
	if err != nil {
		return invitation{}, fmt.Errorf("the first user: %w", err)
	}
	step("Uploading our detection pack with pantherctl analysis upload")
	if err := uploadDetections(ctx); err != nil {
		return invitation{}, fmt.Errorf("the detection pack: %w", err)
	}
	step("Adding a log source and dropping a sample CloudTrail delivery into it")
	if err := processSample(ctx); err != nil {
		return invitation{}, fmt.Errorf("the sample log file: %w", err)
	}
	step("Reading the alerts the detections raised through panther-alerts-api")
	if err := printAlerts(ctx); err != nil {
		return invitation{}, fmt.Errorf("the alerts: %w", err)
	}
	return first, nil
}

// invitation is what Cognito would have emailed the first user.
type invitation struct {
	email, temporaryPassword string
}

// firstUser reads the invitation localaws recorded for the sample's first user.
func firstUser(ctx context.Context, awsURL string) (invitation, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return invitation{}, err
	}
	pool, err := stackOutput(ctx, cfg, "panther-bootstrap", "UserPoolId")
	if err != nil {
		return invitation{}, err
	}
	messages, err := admin.New(awsURL).CognitoMessages(ctx, pool)
	if err != nil {
		return invitation{}, err
	}
	for _, m := range messages {
		if m.Kind == "INVITATION" {
			step(fmt.Sprintf("The first user %s is invited into the user pool %s", m.Email, pool))
			return invitation{email: m.Email, temporaryPassword: m.TemporaryPassword}, nil
		}
	}
	return invitation{}, fmt.Errorf("no invitation recorded in the user pool %s: see the log group /aws/lambda/panther-cfn-custom-resources", pool)
}
