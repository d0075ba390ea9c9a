package storage

import (
	"errors"
	"strings"
)

// RuleError is a domain rule's error: a stable code, what went wrong and
// the category it belongs to. Domain packages declare their sentinel errors
// with NewRule, so that every one of them carries its code and category by
// construction; an adapter answers any error with the code of the first
// Coder in its chain and the status of its category.
type RuleError struct {
	// Code names the rule as "package.rule", for example
	// "okr.objective_closed". Codes are stable: adapters hand them to
	// clients, who may compare them.
	Code string
	// Message says what is wrong, in lower case and without the package
	// prefix, for example "objective is closed".
	Message string
	// Category is one of this package's error categories.
	Category error
}

// NewRule returns the sentinel error of a domain rule. code is
// "package.rule"; message is lower case, without the package prefix, which
// Error adds from the code. category must be one of this package's
// categories (ErrNotFound, ErrForbidden, ErrInvalid, ErrInvalidState,
// ErrConflict, ErrAlreadyExists); NewRule panics otherwise, so a wrong
// declaration fails when its package is loaded.
func NewRule(code, message string, category error) *RuleError {
	pkg, rule, ok := strings.Cut(code, ".")
	if !ok || pkg == "" || rule == "" {
		panic("storage: rule code " + code + " is not package.rule")
	}
	if !isCategory(category) {
		panic("storage: rule " + code + " has no category of the storage package")
	}
	return &RuleError{Code: code, Message: message, Category: category}
}

// Categories lists the error categories, in the order an adapter should
// test them: more specific categories first.
func Categories() []error {
	return []error{ErrNoActor, ErrNotFound, ErrForbidden, ErrInvalid, ErrConflict, ErrAlreadyExists, ErrInvalidState}
}

func isCategory(err error) bool {
	for _, c := range Categories() {
		if err == c {
			return true
		}
	}
	return false
}

// Error returns "package: message: category", for example
// "okr: objective is closed: invalid state".
func (e *RuleError) Error() string {
	pkg, _, _ := strings.Cut(e.Code, ".")
	return pkg + ": " + e.Message + ": " + e.Category.Error()
}

// Unwrap places the error in its category.
func (e *RuleError) Unwrap() error { return e.Category }

// ErrorCode returns Code.
func (e *RuleError) ErrorCode() string { return e.Code }

// Coder is implemented by errors that name the domain rule they report.
// *RuleError is one; a domain's typed errors that carry values (the states
// of a refused transition, say) implement it too.
type Coder interface {
	error
	ErrorCode() string
}

// Code returns the code of the first Coder in err's chain, or "" when
// there is none.
func Code(err error) string {
	var c Coder
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return ""
}
