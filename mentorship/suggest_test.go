package mentorship_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/footprint-hq/footprint/mentorship"
)

func TestSuggest(t *testing.T) {
	profiles := []mentorship.Profile{
		{Person: "zoe", Capacity: 3, Active: 1, Expertise: []string{"go"}},
		{Person: "ana", Capacity: 2, Active: 0, Expertise: []string{"agile", "coaching"}},
		{Person: "mia", Capacity: 1, Active: 0, Expertise: []string{"Coaching", "go"}},
		{Person: "bob", Capacity: 2, Active: 2, Expertise: []string{"agile", "coaching", "go"}}, // full
		{Person: "cat", Capacity: 0, Expertise: []string{"agile"}},                              // not accepting
		{Person: "ben", Capacity: 2, Expertise: []string{"agile", "coaching"}},                  // the mentee
		{Person: "dan", Capacity: 2, Active: 0, Expertise: []string{"cobol"}},
		{Person: "eve", Capacity: 2, Active: 0, Expertise: []string{"go"}},
	}
	got := mentorship.Suggest("ben", []string{"Coaching", " agile", "go"}, profiles)
	var order []string
	for _, c := range got {
		order = append(order, c.Mentor)
	}
	// ana and mia share two tags; ana has more seats left. eve and zoe
	// share one with two seats each: by ID. dan shares none.
	assert.Equal(t, []string{"ana", "mia", "eve", "zoe", "dan"}, order)
	assert.Equal(t, mentorship.Candidate{Mentor: "ana", Shared: []string{"coaching", "agile"}, SeatsLeft: 2, Capacity: 2,
		Explanation: "shares coaching, agile; 2 of 2 seats left"}, got[0])
	assert.Equal(t, "shares no tag; 2 of 2 seats left", got[4].Explanation)

	assert.Empty(t, mentorship.Suggest("ben", nil, nil))
}
