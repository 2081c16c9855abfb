package engine

import "github.com/panther-operator/panther-operator/internal/localaws/internal/wire"

func cfnUpdateTerminationProtection(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	if s.ParentID != "" {
		return wire.ValidationError("Termination protection cannot be updated on nested stacks")
	}
	s.TerminationProtection = req.Param("EnableTerminationProtection") == "true"
	return req.ReplyQuery(stackIDResult{s.ID})
}

func cfnCancelUpdateStack(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	// In-flight steps stop; the phase then fails and the update rolls back.
	if !req.eng.cancelUpdate(s) {
		return wire.ValidationError("CancelUpdateStack cannot be called from current stack status")
	}
	return req.ReplyQuery(nil)
}

func cfnContinueUpdateRollback(req *request) error {
	s, err := req.stack(req.Param("StackName"))
	if err != nil {
		return err
	}
	if s.Status != "UPDATE_ROLLBACK_FAILED" {
		return wire.ValidationError("Stack %s is in %s state and can not continue update rollback.", s.ID, s.Status)
	}
	skip := req.Members("ResourcesToSkip")
	for _, id := range skip {
		if _, ok := s.Resources[id]; !ok {
			return wire.ValidationError("Nested stack resources can only be skipped when their embedded stack statuses are one of DELETE_COMPLETE, DELETE_IN_PROGRESS, DELETE_FAILED or UPDATE_ROLLBACK_FAILED. Resource %s does not exist", id)
		}
	}
	s.setStatus("UPDATE_ROLLBACK_IN_PROGRESS", "")
	s.Op = newOp(phaseRevert)
	for _, id := range skip {
		s.Op.Skip[id] = true
	}
	req.eng.stacks.start(s)
	return req.ReplyQuery(nil)
}
