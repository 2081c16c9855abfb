// Package expr is DynamoDB's expression language: attribute values and
// their numbers (exact decimals), a tokenizer and recursive-descent parser
// for condition, filter, key condition, update and projection expressions,
// and their evaluation against items. It has no service state; errors
// carry the ValidationException messages DynamoDB sends.
package expr
