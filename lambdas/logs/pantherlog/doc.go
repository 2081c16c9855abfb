// Package pantherlog is what every normalized event carries, whatever its log type: the p_
// fields (log type, row ID, event and parse times, source), the indicator scanners that fill
// the p_any_* fields, Glue's timestamp layout and Glue-safe column names. Parsers append an
// event's own fields to an Event; Finish appends the rest.
package pantherlog
