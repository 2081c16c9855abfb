// Package argocdhealth runs Argo CD resource health scripts (Lua) the way Argo CD does, so
// that tests can check config/argocd/health.lua against real PantherDeployment objects.
package argocdhealth

import (
	"context"
	"errors"
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Health is what a health script returns: Argo CD's health status and its message.
type Health struct {
	Status  string
	Message string
}

// validStatuses are the statuses Argo CD accepts from a script; it reports any other value
// as Unknown, which would hide a typo in the script.
var validStatuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true, "Suspended": true, "Missing": true, "Unknown": true,
}

// Run evaluates a health script against obj, an object in its unstructured form (as
// runtime.DefaultUnstructuredConverter produces it). Like Argo CD it opens only the base,
// package and table libraries, gives the script one second, sets the global obj and reads the
// table the script returns.
func Run(script string, obj map[string]any) (Health, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for name, open := range map[string]lua.LGFunction{
		lua.LoadLibName: lua.OpenPackage, lua.BaseLibName: lua.OpenBase, lua.TabLibName: lua.OpenTable,
	} {
		l.Push(l.NewFunction(open))
		l.Push(lua.LString(name))
		l.Call(1, 0)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)

	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(script); err != nil {
		return Health{}, fmt.Errorf("running the health script: %w", err)
	}
	table, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return Health{}, errors.New("the health script did not return a table")
	}
	h := Health{
		Status:  lua.LVAsString(table.RawGetString("status")),
		Message: lua.LVAsString(table.RawGetString("message")),
	}
	if !validStatuses[h.Status] {
		return h, fmt.Errorf("the health script returned status %q, which Argo CD does not know", h.Status)
	}
	return h, nil
}

// toLua converts an unstructured value to Lua as Argo CD does: maps and slices become
// tables, numbers LNumber, and anything else nil.
func toLua(l *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case map[string]any:
		t := l.CreateTable(0, len(v))
		for key, item := range v {
			t.RawSetString(key, toLua(l, item))
		}
		return t
	case []any:
		t := l.CreateTable(len(v), 0)
		for _, item := range v {
			t.Append(toLua(l, item))
		}
		return t
	case string:
		return lua.LString(v)
	case bool:
		return lua.LBool(v)
	case int64:
		return lua.LNumber(v)
	case float64:
		return lua.LNumber(v)
	default:
		return lua.LNil
	}
}
