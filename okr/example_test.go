package okr_test

import (
	"context"
	"fmt"
	"time"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage/memory"
)

// Score a key result: progress runs from start to target, in either
// direction, and the score is progress clamped to [0, 1].
func ExampleProgress() {
	// Bring the build time down from 40 to 10 minutes; it is 16 now.
	p := okr.Progress(okr.Decrease, 40, 10, 16)
	fmt.Printf("progress %.2f, score %.2f, grade %s\n", p, okr.Score(p), okr.GradeOf(okr.Score(p)))

	// Give 4 talks; 5 were given.
	p = okr.Progress(okr.Increase, 0, 4, 5)
	fmt.Printf("progress %.2f, score %.2f, grade %s\n", p, okr.Score(p), okr.GradeOf(okr.Score(p)))
	// Output:
	// progress 0.80, score 0.80, grade green
	// progress 1.25, score 1.00, grade green
}

// Set a long-term goal, split it into a yearly objective with key results,
// check in, and read the board as the owner's mentor sees it.
func ExampleService_Board() {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, time.July, 1, 9, 0, 0, 0, time.UTC) }
	mentors := okr.MentorFinderFunc(func(_ context.Context, person string) (string, error) {
		return map[string]string{"ana": "mia"}[person], nil // mia mentors ana
	})
	svc := okr.NewService(memory.New(), okr.WithClock(clock), okr.WithMentors(mentors))

	goal, _ := svc.CreateGoal(ctx, "ana", okr.GoalInput{
		Title:      "Become an agile coach",
		WhyPerson:  "I love helping teams grow",
		WhyCompany: "Our teams need coaching",
		Tags:       []string{"agile", "coaching"},
		Visibility: okr.VisibilityMentor, // ana and her mentor
	})
	start, target := 0.0, 12.0
	obj, _ := svc.CreateObjective(ctx, "ana", okr.ObjectiveInput{
		GoalID: goal.ID,
		ObjectiveSpec: okr.ObjectiveSpec{
			Title: "Facilitate team rituals", // for the current year by default
			KeyResults: []okr.KeyResultInput{
				{Title: "Retrospectives facilitated", Kind: okr.Increase, Start: &start, Target: &target},
				{Title: "Coaching certificate", Kind: okr.Milestone},
			},
		},
	})
	value, confidence := 5.0, 7
	_, err := svc.CheckIn(ctx, "ana", obj.ID, obj.KeyResults[0].ID, okr.CheckInInput{Value: &value, Confidence: &confidence})
	if err != nil {
		fmt.Println(err)
		return
	}

	board, _ := svc.Board(ctx, "mia", "ana")
	for _, g := range board.Goals {
		fmt.Printf("%s: %.2f\n", g.Title, g.Progress)
		for _, o := range g.Objectives {
			fmt.Printf("  %s: %.2f %s, %s\n", o.Title, o.Score, o.Grade, o.Pace)
			for _, kr := range o.KeyResults {
				fmt.Printf("    %s: %.2f %s (%d check-ins)\n", kr.Title, kr.Score, kr.Grade, len(kr.History))
			}
		}
	}
	// Output:
	// Become an agile coach: 0.21
	//   Facilitate team rituals: 0.21 red, off_track
	//     Retrospectives facilitated: 0.42 yellow (1 check-ins)
	//     Coaching certificate: 0.00 red (0 check-ins)
}

// Only the owner puts an objective into their plan: a mentor suggests,
// the owner accepts.
func ExampleService_AcceptSuggestion() {
	ctx := context.Background()
	svc := okr.NewService(memory.New())
	goal, _ := svc.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Become a performance expert"})

	start, target := 0.0, 3.0
	sg, _ := svc.Suggest(ctx, "mia", okr.SuggestionInput{
		To:      "ana",
		Message: "You found the last two memory leaks",
		Objective: okr.ObjectiveSpec{
			Title: "Profile our three busiest services",
			KeyResults: []okr.KeyResultInput{
				{Title: "Services profiled", Kind: okr.Increase, Start: &start, Target: &target},
			},
		},
	})

	// mia may not accept on ana's behalf.
	_, err := svc.AcceptSuggestion(ctx, "mia", sg.ID, 0, okr.AcceptInput{GoalID: goal.ID})
	fmt.Println(err)

	obj, _ := svc.AcceptSuggestion(ctx, "ana", sg.ID, sg.Version, okr.AcceptInput{GoalID: goal.ID})
	fmt.Printf("%s (suggested by %s, owned by %s)\n", obj.Title, obj.SuggestedBy, obj.Owner)
	// Output:
	// okr: only the recipient may decide on a suggestion: forbidden
	// Profile our three busiest services (suggested by mia, owned by ana)
}
