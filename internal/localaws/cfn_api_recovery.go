package localaws

func cfnUpdateTerminationProtection(req *request) error {
	s, err := req.stack(req.param("StackName"))
	if err != nil {
		return err
	}
	if s.ParentID != "" {
		return validationError("Termination protection cannot be updated on nested stacks")
	}
	s.TerminationProtection = req.param("EnableTerminationProtection") == "true"
	return req.replyQuery(stackIDResult{s.ID})
}

func cfnCancelUpdateStack(req *request) error {
	s, err := req.stack(req.param("StackName"))
	if err != nil {
		return err
	}
	// In-flight steps stop; the phase then fails and the update rolls back.
	if !req.emu.cancelUpdate(s) {
		return validationError("CancelUpdateStack cannot be called from current stack status")
	}
	return req.replyQuery(nil)
}

func cfnContinueUpdateRollback(req *request) error {
	s, err := req.stack(req.param("StackName"))
	if err != nil {
		return err
	}
	if s.Status != "UPDATE_ROLLBACK_FAILED" {
		return validationError("Stack %s is in %s state and can not continue update rollback.", s.ID, s.Status)
	}
	skip := req.members("ResourcesToSkip")
	for _, id := range skip {
		if _, ok := s.Resources[id]; !ok {
			return validationError("Nested stack resources can only be skipped when their embedded stack statuses are one of DELETE_COMPLETE, DELETE_IN_PROGRESS, DELETE_FAILED or UPDATE_ROLLBACK_FAILED. Resource %s does not exist", id)
		}
	}
	s.setStatus("UPDATE_ROLLBACK_IN_PROGRESS", "")
	s.Op = newOp(phaseRevert)
	for _, id := range skip {
		s.Op.Skip[id] = true
	}
	req.emu.stacks.start(s)
	return req.replyQuery(nil)
}
