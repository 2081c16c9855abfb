package panther

// teardownGroups is the original's teardown order: the stacks of one group are deleted in
// parallel, and a group starts only when the previous one is gone. It is data rather than the
// reverse of the deploy waves because the original deletes onboard together with web, and core,
// gateway and bootstrap one at a time.
var teardownGroups = [][]Component{
	{Web, Onboard, Appsync, Dashboards},
	{CloudSecurity, LogAnalysis},
	{Core},
	{BootstrapGateway},
	{Bootstrap},
}

// TeardownGroups returns the delete order: groups deleted one after another, the stacks in
// one group in parallel.
func TeardownGroups() [][]Component {
	out := make([][]Component, len(teardownGroups))
	for i, g := range teardownGroups {
		out[i] = append([]Component(nil), g...)
	}
	return out
}

// DeployWaves groups the components by depth in the graph of needs and preferred order, with
// every component enabled: every stack of a wave waits only for stacks of earlier waves.
// Within a wave the components keep catalog order.
func DeployWaves() [][]Component {
	depth := map[Component]int{}
	var waves [][]Component
	all := func(Component) bool { return true }
	for _, c := range Components() { // catalog order lists predecessors first
		d := 0
		for _, pred := range catalog[c].Predecessors(all) {
			d = max(d, depth[pred]+1)
		}
		depth[c] = d
		for len(waves) <= d {
			waves = append(waves, nil)
		}
		waves[d] = append(waves[d], c)
	}
	return waves
}

// PredecessorsDone reports whether every stack c waits for is done.
func PredecessorsDone(c Component, done map[Component]bool, enabled func(Component) bool) bool {
	for _, pred := range catalog[c].Predecessors(enabled) {
		if !done[pred] {
			return false
		}
	}
	return true
}

// DisabledNeed returns the first need of c that is disabled, if any: a spec that enables c
// without it cannot work, whatever the operator does.
func DisabledNeed(c Component, enabled func(Component) bool) (Component, bool) {
	for _, need := range catalog[c].Needs {
		if !enabled(need) {
			return need, true
		}
	}
	return "", false
}
