package storage

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

var (
	validateOnce sync.Once
	validate     *validator.Validate
)

func validatorInstance() *validator.Validate {
	validateOnce.Do(func() {
		validate = validator.New(validator.WithRequiredStructEnabled())
		validate.RegisterTagNameFunc(func(f reflect.StructField) string {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && name == "" {
				// An embedded struct's fields appear in JSON at the level of
				// the embedding struct; fieldPath drops this marked name.
				return embeddedMark + f.Name
			}
			switch name {
			case "-":
				return ""
			case "":
				return f.Name
			}
			return name
		})
	})
	return validate
}

// Validate checks v against its `validate` struct tags (the rules of
// github.com/go-playground/validator/v10) and returns a *ValidationError
// naming every failing field by its JSON name, followed by any extra field
// errors the caller found itself. It returns nil when nothing fails.
func Validate(v any, extra ...FieldError) error {
	var fields []FieldError
	if err := validatorInstance().Struct(v); err != nil {
		var verrs validator.ValidationErrors
		if !errors.As(err, &verrs) {
			return fmt.Errorf("validate %T: %w", v, err)
		}
		for _, fe := range verrs {
			fields = append(fields, FieldError{Field: fieldPath(fe.Namespace()), Message: message(fe)})
		}
	}
	fields = append(fields, extra...)
	if len(fields) == 0 {
		return nil
	}
	return &ValidationError{Fields: fields}
}

const embeddedMark = "~"

// fieldPath turns a validator namespace into a JSON field path: it drops
// the name of the top-level struct and of embedded structs, so
// "NewObjective.~Spec.keyResults[0].title" becomes "keyResults[0].title".
func fieldPath(ns string) string {
	parts := strings.Split(ns, ".")[1:]
	kept := parts[:0]
	for _, p := range parts {
		if !strings.HasPrefix(p, embeddedMark) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ".")
}

func message(fe validator.FieldError) string {
	p := fe.Param()
	isText := fe.Kind() == reflect.String
	isList := fe.Kind() == reflect.Slice || fe.Kind() == reflect.Map
	switch fe.Tag() {
	case "required", "required_with", "required_without", "required_if":
		return "is required"
	case "max":
		switch {
		case isText:
			return "must be at most " + p + " characters long"
		case isList:
			return "must have at most " + p + " elements"
		}
		return "must be at most " + p
	case "min":
		switch {
		case isText && p == "1":
			return "must not be empty"
		case isText:
			return "must be at least " + p + " characters long"
		case isList:
			return "must have at least " + p + " elements"
		}
		return "must be at least " + p
	case "gte":
		return "must be at least " + p
	case "gt":
		return "must be greater than " + p
	case "lte":
		return "must be at most " + p
	case "lt":
		return "must be less than " + p
	case "oneof":
		return "must be one of: " + strings.Join(strings.Fields(p), ", ")
	case "url":
		return "must be an absolute URL"
	case "http_url":
		return "must be an absolute http or https URL"
	case "unique":
		return "must not repeat a value"
	case "excludesall":
		return "must not contain any of " + fmt.Sprintf("%q", p)
	case "printascii":
		return "must be printable ASCII"
	}
	if p != "" {
		return "fails rule " + fe.Tag() + "=" + p
	}
	return "fails rule " + fe.Tag()
}
