package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/backlog"
)

func TestRunComparesEveryPolicy(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, run(&a, 4, 3))
	require.NoError(t, run(&b, 4, 3))
	assert.Equal(t, a.String(), b.String(), "the same seeds give the same table")
	for _, name := range append(backlog.PolicyNames(), "quick-wins") {
		assert.Contains(t, a.String(), "\n"+name+" ", "the table has a row for %s", name)
	}
	assert.Error(t, run(&a, 0, 1))
}

func TestQuickWinsPrefersCheapTopicsAndWaiting(t *testing.T) {
	two, eight := 2.0, 8.0
	in := backlog.Input{Candidates: []backlog.Candidate{
		{ItemID: "big", Estimate: backlog.Aggregate{Impact: 8, Effort: &eight}},
		{ItemID: "cheap", Estimate: backlog.Aggregate{Impact: 4, Effort: &two}},
		{ItemID: "big-waiting", Estimate: backlog.Aggregate{Impact: 8, Effort: &eight}, Age: 4},
	}}
	scores, err := quickWins{}.Score(in)
	require.NoError(t, err)
	assert.Equal(t, 1.0, scores[0].Value)
	assert.Equal(t, 2.0, scores[1].Value)
	assert.Equal(t, 2.0, scores[2].Value, "four quarters of waiting double the score")
	assert.True(t, strings.HasPrefix(quickWins{}.Spec().Name, "quick"))
}

// TestReadmeShowsTheTable keeps the table in README.md what the program
// prints with its default flags.
func TestReadmeShowsTheTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, run(&out, 12, 20))
	assert.Contains(t, string(readme), "```\n"+out.String()+"```", "README.md must show `go run ./examples/policylab` as it prints")
}
