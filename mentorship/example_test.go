package mentorship_test

import (
	"context"
	"fmt"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage/memory"
)

// Switch mentor: ana starts with her team lead, chooses mia, then moves
// to bob. Each accept ends the previous relation and closes the other
// open requests in one step.
func ExampleService_Accept() {
	ctx := context.Background()
	leads := mentorship.DirectoryFunc(func(_ context.Context, person string) (string, error) {
		return map[string]string{"ana": "lee"}[person], nil // lee leads ana's team
	})
	svc := mentorship.NewService(memory.New(), mentorship.WithDirectory(leads))
	show := func() {
		cur, _ := svc.CurrentMentor(ctx, "ana", "ana")
		fmt.Printf("ana's mentor: %s (default: %t)\n", cur.Mentor, cur.Default)
	}
	show()

	one, two := 1, 2 // seats
	_, _ = svc.Volunteer(ctx, "mia", mentorship.ProfileInput{Capacity: &one, Expertise: []string{"coaching"}})
	_, _ = svc.Volunteer(ctx, "bob", mentorship.ProfileInput{Capacity: &two, Expertise: []string{"agile"}})
	toMia, _ := svc.Request(ctx, "ana", mentorship.RequestInput{Mentor: "mia", Message: "Help me become a coach?"})
	toBob, _ := svc.Request(ctx, "ana", mentorship.RequestInput{Mentor: "bob"})

	// Only the requested mentor answers.
	_, err := svc.Accept(ctx, "ana", toMia.ID, 0, mentorship.AnswerInput{})
	fmt.Println(err)

	_, _ = svc.Accept(ctx, "mia", toMia.ID, toMia.Version, mentorship.AnswerInput{Message: "Gladly"})
	show()
	r, _ := svc.Relation(ctx, "ana", toBob.ID)
	fmt.Println("request to bob:", r.Status)

	// Months later ana asks bob again; his accept switches her over.
	again, _ := svc.Request(ctx, "ana", mentorship.RequestInput{Mentor: "bob"})
	_, _ = svc.Accept(ctx, "bob", again.ID, 0, mentorship.AnswerInput{})
	r, _ = svc.Relation(ctx, "ana", toMia.ID)
	fmt.Println("with mia:", r.Status, r.EndReason)
	show()
	mia, _ := svc.Profile(ctx, "mia", "mia")
	fmt.Println("mia's seats left:", mia.SeatsLeft())
	// Output:
	// ana's mentor: lee (default: true)
	// mentorship: only the requested mentor may answer a request: forbidden
	// ana's mentor: mia (default: false)
	// request to bob: superseded
	// with mia: ended switched
	// ana's mentor: bob (default: false)
	// mia's seats left: 1
}

// Run a matching round for new joiners: fit is the number of shared tags,
// capacities are the seats mentors have left. Assign places as many as the
// seats allow with the largest total fit. Giving each joiner in turn their
// best mentor would place ana with bob, ben with mia, then cid with mia
// (fit 0) and leave dan out: total 4. The optimum leaves cid out instead.
func ExampleAssign() {
	profiles := []mentorship.Profile{
		{Person: "mia", Capacity: 2, Expertise: []string{"go", "sql"}},
		{Person: "bob", Capacity: 1, Expertise: []string{"agile", "coaching"}},
	}
	joiners := []mentorship.Seeker{
		{Person: "ana", Tags: []string{"agile", "coaching", "go"}},
		{Person: "ben", Tags: []string{"go", "sql"}},
		{Person: "cid", Tags: []string{"coaching"}},
		{Person: "dan", Tags: []string{"sql"}},
	}
	a, err := mentorship.Assign(mentorship.ProblemFromTags(joiners, profiles))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range a.Matches {
		fmt.Printf("%s → %s (fit %d)\n", m.Mentee, m.Mentor, m.Fit)
	}
	fmt.Println("unassigned:", a.Unassigned)
	fmt.Println("total fit:", a.TotalFit)
	// Output:
	// ana → bob (fit 2)
	// ben → mia (fit 2)
	// dan → mia (fit 1)
	// unassigned: [cid]
	// total fit: 5
}

// Find the blocking pairs of a matching made by hand, then compute a
// stable one.
func ExampleBlockingPairs() {
	mentees := []mentorship.Ranking{
		{Person: "ana", Prefers: []string{"mia", "bob"}},
		{Person: "ben", Prefers: []string{"mia", "bob"}},
	}
	mentors := []mentorship.Ranking{
		{Person: "mia", Capacity: 1, Prefers: []string{"ben", "ana"}},
		{Person: "bob", Capacity: 1, Prefers: []string{"ana", "ben"}},
	}
	byHand := []mentorship.Pair{{Mentee: "ana", Mentor: "mia"}, {Mentee: "ben", Mentor: "bob"}}
	blocking, _ := mentorship.BlockingPairs(mentees, mentors, byHand)
	fmt.Println("blocking:", blocking) // ben and mia would both rather be together

	stable, _ := mentorship.Stable(mentees, mentors)
	fmt.Println("stable:", stable.Pairs)
	blocking, _ = mentorship.BlockingPairs(mentees, mentors, stable.Pairs)
	fmt.Println("blocking:", blocking)
	// Output:
	// blocking: [{ben mia}]
	// stable: [{ana bob} {ben mia}]
	// blocking: []
}
