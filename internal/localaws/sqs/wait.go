package sqs

import (
	"context"
	"time"
)

// signal returns the channel notify closes for a queue. Callers hold the
// state lock.
func (s *Service) signal(arn string) <-chan struct{} {
	ch, ok := s.signals[arn]
	if !ok {
		ch = make(chan struct{})
		s.signals[arn] = ch
	}
	return ch
}

// notify wakes the queue's long pollers: a message was sent, became
// visible or moved in, or the queue was deleted. Callers hold the state
// lock.
func (s *Service) notify(arn string) {
	if ch, ok := s.signals[arn]; ok {
		close(ch)
		delete(s.signals, arn)
	}
}

// sleep releases the state lock until the queue may have a message for a
// poller (a notify, or its earliest hidden message becoming visible) or
// the deadline passes, then takes the lock again. It reports false when
// ctx ended. Callers hold the lock and must look the queue up again after:
// it may be gone, or the whole state reset.
func (s *Service) sleep(ctx context.Context, q *Queue, deadline time.Time) bool {
	wake := time.Until(deadline)
	now := s.now()
	if next := q.nextVisible(now); !next.IsZero() {
		wake = min(wake, next.Sub(now))
	}
	ch := s.signal(q.Arn())
	s.store.Unlock()
	defer s.store.Lock()
	t := time.NewTimer(wake)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	case <-ctx.Done():
		return false
	}
	return true
}
