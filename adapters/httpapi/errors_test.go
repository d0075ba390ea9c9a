package httpapi

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// domains are the domain packages whose errors the adapter answers, by
// directory relative to this one.
var domains = []string{"okr", "mentorship", "backlog", "sprint"}

// internalErrors are the exported errors of a domain that are faults of
// the program, not of the request: they belong to no category and are
// answered 500 on purpose. Nothing else may be.
var internalErrors = map[string]error{
	"backlog.ErrPolicyFailed": backlog.ErrPolicyFailed,
}

// typedErrors holds a value of each exported error type of a domain, as
// the domain returns it.
var typedErrors = map[string]error{
	"backlog.TransitionError": &backlog.TransitionError{ItemID: "x", From: backlog.StatusDone, To: backlog.StatusArchived},
	"sprint.TransitionError":  &sprint.TransitionError{From: sprint.Review, To: sprint.Closed, Reason: "the retrospective is not recorded"},
}

// categoryStatuses is the status each storage category is answered with,
// by the category's name in package storage.
var categoryStatuses = map[string]struct {
	category error
	status   int
}{
	"ErrNotFound":      {storage.ErrNotFound, http.StatusNotFound},
	"ErrForbidden":     {storage.ErrForbidden, http.StatusForbidden},
	"ErrInvalid":       {storage.ErrInvalid, http.StatusBadRequest},
	"ErrConflict":      {storage.ErrConflict, http.StatusConflict},
	"ErrAlreadyExists": {storage.ErrAlreadyExists, http.StatusConflict},
	"ErrInvalidState":  {storage.ErrInvalidState, http.StatusConflict},
}

// rule is an exported error variable of a domain: its declaration, and the
// rule it declares when it is declared with storage.NewRule.
type rule struct {
	name     string // qualified, "okr.ErrNotOwner"
	pos      string
	init     ast.Expr
	code     string
	message  string
	category string // the name of a category of package storage
}

// domainErrors lists the exported error variables and the exported error
// types (those with an Error method) declared by the non-test files of a
// domain package.
func domainErrors(t *testing.T, domain string) (vars []rule, types []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", domain, "*.go"))
	require.NoError(t, err)
	fset := token.NewFileSet()
	errorTypes := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		require.Equal(t, domain, f.Name.Name, name)
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, spec := range d.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, n := range vs.Names {
						var init ast.Expr
						if len(vs.Values) == len(vs.Names) {
							init = vs.Values[i]
						}
						if n.IsExported() && isErrorVar(n.Name, vs.Type, init) {
							vars = append(vars, parseRule(domain+"."+n.Name, fset.Position(n.Pos()).String(), init))
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || d.Name.Name != "Error" || d.Type.Params.NumFields() != 0 ||
					d.Type.Results.NumFields() != 1 || !isIdent(d.Type.Results.List[0].Type, "string") {
					continue
				}
				recv := d.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				if id, ok := recv.(*ast.Ident); ok && id.IsExported() {
					errorTypes[domain+"."+id.Name] = true
				}
			}
		}
	}
	return vars, slices.Sorted(maps.Keys(errorTypes))
}

// isErrorVar reports whether a package-level variable is an error: named
// ErrX, declared of type error, or made by errors.New, fmt.Errorf,
// errors.Join or storage.NewRule.
func isErrorVar(name string, typ, init ast.Expr) bool {
	if strings.HasPrefix(name, "Err") || isIdent(typ, "error") {
		return true
	}
	call, ok := init.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch callee(call) {
	case "errors.New", "errors.Join", "fmt.Errorf", "storage.NewRule":
		return true
	}
	return false
}

// parseRule reads the code, message and category of a declaration
// storage.NewRule("code", "message", storage.ErrCategory); they stay
// empty when init is anything else.
func parseRule(name, pos string, init ast.Expr) rule {
	r := rule{name: name, pos: pos, init: init}
	call, ok := init.(*ast.CallExpr)
	if !ok || callee(call) != "storage.NewRule" || len(call.Args) != 3 {
		return r
	}
	r.code, _ = stringLit(call.Args[0])
	r.message, _ = stringLit(call.Args[1])
	if sel, ok := call.Args[2].(*ast.SelectorExpr); ok && isIdent(sel.X, "storage") {
		r.category = sel.Sel.Name
	}
	return r
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// callee names the function a call calls as "pkg.Func", or "".
func callee(call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	return pkg.Name + "." + sel.Sel.Name
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// TestDomainErrorsAreRules checks, from the domains' source, that every
// exported error variable of okr, mentorship, backlog and sprint is
// declared with storage.NewRule, with a code of its own named after its
// package and a category the adapter answers with a status other than
// 500, and that the answer carries the code and the rule's message. A new
// sentinel made with errors.New or fmt.Errorf fails here.
func TestDomainErrorsAreRules(t *testing.T) {
	codes := map[string]string{}
	var found int
	for _, domain := range domains {
		vars, _ := domainErrors(t, domain)
		require.NotEmpty(t, vars, domain)
		for _, v := range vars {
			if _, ok := internalErrors[v.name]; ok {
				continue
			}
			found++
			cat, ok := categoryStatuses[v.category]
			if !assert.True(t, ok && v.code != "" && v.message != "",
				`%s (%s) is not declared as storage.NewRule("%s.rule", "message", storage.ErrCategory)`, v.name, v.pos, domain) {
				continue
			}
			assert.True(t, strings.HasPrefix(v.code, domain+"."), "%s: code %s is not named after package %s", v.name, v.code, domain)
			if other, ok := codes[v.code]; ok {
				t.Errorf("%s: code %s is %s's already", v.name, v.code, other)
			}
			codes[v.code] = v.name

			// The rule as it is declared; NewRule panics on a bad code.
			var err error
			require.NotPanics(t, func() { err = storage.NewRule(v.code, v.message, cat.category) }, v.name)
			p, ok := problemFor(fmt.Errorf("%s: doing something: %w", domain, err), httptest.NewRequest(http.MethodPost, "/", nil))
			if !assert.True(t, ok, "%s is answered 500", v.name) {
				continue
			}
			assert.Equal(t, cat.status, p.kind.status, v.name)
			if cat.status == http.StatusNotFound {
				// A hidden and a missing value read alike.
				assert.Empty(t, p.code, "%s: a 404 reads the same for every cause", v.name)
				continue
			}
			assert.Equal(t, v.code, p.code, v.name)
			assert.Equal(t, v.message, p.detail, v.name)
		}
	}
	assert.Greater(t, found, 40, "the domains' sentinels were not found")
}

// TestDomainErrorTypesAreCoders checks that each exported error type of
// a domain is a storage.Coder answered with its code, its own text and,
// for a refused change of state, both states; and that the internal
// errors are answered 500.
func TestDomainErrorTypesAreCoders(t *testing.T) {
	var typed []string
	for _, domain := range domains {
		_, types := domainErrors(t, domain)
		typed = append(typed, types...)
	}
	require.NotEmpty(t, typed)
	known := slices.Sorted(maps.Keys(typedErrors))
	assert.Equal(t, typed, known, "typedErrors holds a value of each exported error type")

	for _, name := range typed {
		err, ok := typedErrors[name]
		if !ok {
			continue
		}
		c, ok := err.(storage.Coder)
		if !assert.True(t, ok, "%s is not a storage.Coder", name) {
			continue
		}
		// A typed error is a case of one of its domain's rules, and is
		// answered with that rule's code.
		var r *storage.RuleError
		require.True(t, errors.As(err, &r), "%s wraps no rule", name)
		assert.Equal(t, r.Code, c.ErrorCode(), name)

		p, ok := problemFor(fmt.Errorf("doing something: %w", err), httptest.NewRequest(http.MethodPost, "/", nil))
		require.True(t, ok, "%s is answered 500", name)
		assert.NotEqual(t, http.StatusNotFound, p.kind.status, name)
		assert.Equal(t, c.ErrorCode(), p.code, name)
		// Its detail is its text without the package prefix, as a rule's
		// detail is its bare message.
		pkg, _, _ := strings.Cut(c.ErrorCode(), ".")
		assert.Equal(t, strings.TrimPrefix(err.Error(), pkg+": "), p.detail, name)
		assert.NotContains(t, p.detail, pkg+":", name)
		if sc, ok := err.(stateChange); ok {
			from, to := sc.States()
			assert.NotEmpty(t, from, name)
			assert.Equal(t, [2]string{from, to}, p.states, name)
		}
	}

	for name, err := range internalErrors {
		_, ok := problemFor(err, httptest.NewRequest(http.MethodPost, "/", nil))
		assert.False(t, ok, "%s is meant to be answered 500", name)
		assert.Empty(t, storage.Code(err), name)
	}
}
