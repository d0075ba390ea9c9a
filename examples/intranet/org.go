package main

import (
	"context"
	"slices"
)

// Person is someone of the demo organisation. A real host knows its people
// from its own directory; Footprint only ever sees their IDs.
type Person struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Title       string `json:"title"`
	Team        string `json:"team"`
	Lead        string `json:"lead,omitempty"`
	Junior      bool   `json:"junior"`
	Facilitator bool   `json:"facilitator"`
	// Admin administers the programme: webhooks, the mentorship sweep.
	Admin bool `json:"admin"`
}

// people is the demo organisation: two teams with their leads, and the
// head of learning the leads report to, who facilitates the learning
// sprints with one of the leads and administers the programme.
var people = []Person{
	{ID: "pia", Name: "Pia Novak", Title: "Head of Learning", Team: "People & Learning", Facilitator: true, Admin: true},
	{ID: "lea", Name: "Lea Brandt", Title: "Team lead, Platform", Team: "Platform", Lead: "pia", Facilitator: true},
	{ID: "ana", Name: "Ana Costa", Title: "Developer", Team: "Platform", Lead: "lea", Junior: true},
	{ID: "ben", Name: "Ben Okafor", Title: "Senior developer", Team: "Platform", Lead: "lea"},
	{ID: "chen", Name: "Chen Wei", Title: "Site reliability engineer", Team: "Platform", Lead: "lea"},
	{ID: "dara", Name: "Dara Quinn", Title: "Developer", Team: "Platform", Lead: "lea", Junior: true},
	{ID: "eli", Name: "Eli Haddad", Title: "Developer", Team: "Platform", Lead: "lea"},
	{ID: "mo", Name: "Mo Said", Title: "Team lead, Product", Team: "Product", Lead: "pia"},
	{ID: "nia", Name: "Nia Larsen", Title: "Product designer", Team: "Product", Lead: "mo"},
	{ID: "omar", Name: "Omar Reyes", Title: "Product analyst", Team: "Product", Lead: "mo", Junior: true},
	{ID: "raj", Name: "Raj Mehta", Title: "Data engineer", Team: "Product", Lead: "mo"},
	{ID: "sam", Name: "Sam Ito", Title: "Product manager", Team: "Product", Lead: "mo"},
}

// person returns the demo person with the given ID.
func person(id string) (Person, bool) {
	i := slices.IndexFunc(people, func(p Person) bool { return p.ID == id })
	if i < 0 {
		return Person{}, false
	}
	return people[i], true
}

// directory answers what mentorship asks the host: who is a person's team
// lead, and who is junior.
type directory struct{}

// TeamLead returns the person's team lead, the default mentor.
func (directory) TeamLead(_ context.Context, id string) (string, error) {
	p, _ := person(id)
	return p.Lead, nil
}

// Junior reports whether the person is junior.
func (directory) Junior(_ context.Context, id string) (bool, error) {
	p, _ := person(id)
	return p.Junior, nil
}

// roles answers who facilitates the learning backlog and sprints.
type roles struct{}

// IsFacilitator reports whether the person facilitates.
func (roles) IsFacilitator(_ context.Context, id string) (bool, error) {
	p, _ := person(id)
	return p.Facilitator, nil
}
