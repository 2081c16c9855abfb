package lambda

import _ "embed"

// pythonBootstrap is the python3.x runtime.
//
//go:embed python_bootstrap.py
var pythonBootstrap []byte
