package cloudwatch

import (
	"maps"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

func putMetricAlarm(req *request) error {
	var in Alarm
	if err := req.DecodeCBOR(&in); err != nil {
		return err
	}
	if in.AlarmName == "" {
		return missingParameter("AlarmName")
	}
	if in.EvaluationPeriods < 1 {
		return missingParameter("EvaluationPeriods")
	}
	if in.ComparisonOperator == "" {
		return missingParameter("ComparisonOperator")
	}
	now := req.svc.now().UTC()
	alarms := req.alarms()
	in.AlarmArn = "arn:" + wire.Partition(req.Region) + ":cloudwatch:" + req.Region + ":" + req.Account + ":alarm:" + in.AlarmName
	in.AlarmConfigurationUpdatedTimestamp = now
	if old, ok := alarms[in.AlarmName]; ok {
		in.StateValue, in.StateReason, in.StateUpdatedTimestamp = old.StateValue, old.StateReason, old.StateUpdatedTimestamp
	} else {
		in.StateValue, in.StateReason, in.StateUpdatedTimestamp = "INSUFFICIENT_DATA", "Unchecked: Initial alarm creation", now
	}
	alarms[in.AlarmName] = &in
	return req.ReplyCBOR(nil)
}

func describeAlarms(req *request) error {
	var in struct {
		AlarmNames      []string
		AlarmNamePrefix string
		StateValue      string
	}
	if err := req.DecodeCBOR(&in); err != nil {
		return err
	}
	alarms := req.alarms()
	list := []*Alarm{}
	for _, name := range slices.Sorted(maps.Keys(alarms)) {
		a := alarms[name]
		if (len(in.AlarmNames) > 0 && !slices.Contains(in.AlarmNames, name)) || !strings.HasPrefix(name, in.AlarmNamePrefix) ||
			(in.StateValue != "" && a.StateValue != in.StateValue) {
			continue
		}
		list = append(list, a)
	}
	return req.ReplyCBOR(map[string]any{"MetricAlarms": list, "CompositeAlarms": []any{}})
}

// deleteAlarms deletes the named alarms; one that does not exist fails
// the call and deletes none, as on AWS.
func deleteAlarms(req *request) error {
	var in struct{ AlarmNames []string }
	if err := req.DecodeCBOR(&in); err != nil {
		return err
	}
	alarms := req.alarms()
	for _, name := range in.AlarmNames {
		if _, ok := alarms[name]; !ok {
			return cwError("ResourceNotFound", "ResourceNotFound", "%s not found", name)
		}
	}
	for _, name := range in.AlarmNames {
		delete(alarms, name)
	}
	return req.ReplyCBOR(nil)
}
