package processor

import (
	"context"
	"time"
)

// Depth reads how many messages wait in the input queue.
type Depth interface {
	Depth(ctx context.Context) (int, error)
}

// Invoker starts another run of the log processor asynchronously.
type Invoker interface {
	InvokeAsync(ctx context.Context, payload []byte) error
}

// scaleInterval is how often a run checks whether it needs help.
const scaleInterval = 30 * time.Second

// extraRuns is how many more runs to start, as the original decided: one when the queue grew
// by more than 5 since the last look, plus a tenth of the depth when it exceeds 5, at most 2
// per decision.
func extraRuns(previous, depth int) int {
	n := 0
	if depth-previous > 5 {
		n++
	}
	if depth > 5 {
		n += depth / 10
	}
	return min(n, 2)
}

// Scale checks the queue every 30 s until ctx ends and starts extra runs when it is growing.
func Scale(ctx context.Context, q Depth, self Invoker, onError func(error)) {
	ticker := time.NewTicker(scaleInterval)
	defer ticker.Stop()
	previous := -1
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		depth, err := q.Depth(ctx)
		if err != nil {
			onError(err)
			continue
		}
		if previous < 0 {
			previous = depth
		}
		for range extraRuns(previous, depth) {
			if err := self.InvokeAsync(ctx, []byte(`{"tick": true}`)); err != nil {
				onError(err)
			}
		}
		previous = depth
	}
}
