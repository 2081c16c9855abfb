package panther

// Component is the API name of one Panther stack, as users write it under spec.stacks.
type Component string

// The nine Panther components, in the order the original deploy tool created them.
const (
	Bootstrap        Component = "bootstrap"
	BootstrapGateway Component = "bootstrapGateway"
	Appsync          Component = "appsync"
	CloudSecurity    Component = "cloudSecurity"
	Core             Component = "core"
	Dashboards       Component = "dashboards"
	LogAnalysis      Component = "logAnalysis"
	Web              Component = "web"
	Onboard          Component = "onboard"
)

// Components returns every component in catalog order: an order that respects every
// dependency, so deploying in this order one by one always works.
func Components() []Component {
	return []Component{Bootstrap, BootstrapGateway, Appsync, CloudSecurity, Core, Dashboards, LogAnalysis, Web, Onboard}
}

// Valid reports whether c names a Panther component.
func (c Component) Valid() bool {
	_, ok := catalog[c]
	return ok
}
