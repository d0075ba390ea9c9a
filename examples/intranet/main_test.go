package main

import "testing"

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"footprint.db": "footprint.db",
		":memory:":     ":memory:",
		"postgres://fp:secret@db.internal:5432/footprint?sslmode=disable": "postgres://fp:xxxxx@db.internal:5432/footprint?sslmode=disable",
		"postgres://db.internal/footprint":                                "postgres://db.internal/footprint",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}
