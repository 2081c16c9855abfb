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

// DeployWaves groups the components by depth in the dependency graph: every stack of a wave
// depends only on stacks of earlier waves. Within a wave the components keep catalog order.
func DeployWaves() [][]Component {
	depth := map[Component]int{}
	var waves [][]Component
	for _, c := range Components() { // catalog order lists dependencies first
		d := 0
		for _, dep := range catalog[c].DependsOn {
			if depth[dep]+1 > d {
				d = depth[dep] + 1
			}
		}
		depth[c] = d
		for len(waves) <= d {
			waves = append(waves, nil)
		}
		waves[d] = append(waves[d], c)
	}
	return waves
}

// Ready returns, in catalog order, the components that are not yet done but whose
// dependencies all are. The operator acts on exactly these.
func Ready(done map[Component]bool) []Component {
	var ready []Component
	for _, c := range Components() {
		if done[c] {
			continue
		}
		ok := true
		for _, dep := range catalog[c].DependsOn {
			if !done[dep] {
				ok = false
				break
			}
		}
		if ok {
			ready = append(ready, c)
		}
	}
	return ready
}
