// Package logtypesapi is the wire contract of panther-logtypes-api: the registry of log types,
// native and custom, invoked with {"<operation>": {...}} by the web app's resolvers, the log
// processor and the data catalog updater.
package logtypesapi

import "time"

// Record is one log type: a native type (Managed) or a user's custom type.
type Record struct {
	LogType      string `json:"logType"`
	Revision     int    `json:"revision"`
	Managed      bool   `json:"managed,omitempty"`
	Disabled     bool   `json:"disabled,omitempty"`
	Description  string `json:"description,omitempty"`
	ReferenceURL string `json:"referenceURL,omitempty"`
	// LogSpec is the YAML schema.
	LogSpec   string    `json:"logSpec"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Request names exactly one operation.
type Request struct {
	ListAvailableLogTypes *struct{}          `json:"ListAvailableLogTypes,omitempty"`
	GetSchema             *GetSchemaInput    `json:"GetSchema,omitempty"`
	PutCustomLog          *PutCustomLogInput `json:"PutCustomLog,omitempty"`
	GetCustomLog          *GetCustomLogInput `json:"GetCustomLog,omitempty"`
	DelCustomLog          *DelCustomLogInput `json:"DelCustomLog,omitempty"`
	ListCustomLogs        *struct{}          `json:"ListCustomLogs,omitempty"`
}

// AvailableLogTypes lists the names every picker offers, sorted.
type AvailableLogTypes struct {
	LogTypes []string `json:"logTypes"`
}

// GetSchemaInput reads the current schema of a log type (native or custom).
type GetSchemaInput struct {
	Name string `json:"name"`
}

// PutCustomLogInput creates (revision 0) or updates (the current revision) a custom log type.
type PutCustomLogInput struct {
	LogType      string `json:"logType"`
	Revision     int    `json:"revision"`
	Description  string `json:"description,omitempty"`
	ReferenceURL string `json:"referenceURL,omitempty"`
	LogSpec      string `json:"logSpec"`
}

// GetCustomLogInput reads a custom log type (revision 0: the current one).
type GetCustomLogInput struct {
	LogType  string `json:"logType"`
	Revision int    `json:"revision,omitempty"`
}

// DelCustomLogInput deletes a custom log type at its current revision.
type DelCustomLogInput struct {
	LogType  string `json:"logType"`
	Revision int    `json:"revision"`
}

// CustomLogs lists the custom log types that are not deleted.
type CustomLogs struct {
	CustomLogs []Record `json:"customLogs"`
}
