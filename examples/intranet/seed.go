package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// seeded reports whether the store already holds the demo organisation.
func seeded(ctx context.Context, st Store) (bool, error) {
	p, err := st.Goals(ctx, "ana", storage.PageRequest{Limit: 1})
	if err != nil {
		return false, err
	}
	return len(p.Items) > 0, nil
}

// seeder fills a store with a few months of life of the demo organisation,
// through the same services the server uses, with a clock it moves along.
type seeder struct {
	ctx context.Context
	now time.Time // the real present
	at  time.Time // the seeder's clock
	svc *services
}

// seedError carries a failure out of the seeding steps.
type seedError struct{ err error }

// must stops seeding on an error.
func must[T any](v T, err error) T {
	if err != nil {
		panic(seedError{err})
	}
	return v
}

// seed writes the demo organisation as it would look at now.
func seed(ctx context.Context, st Store, now time.Time) (err error) {
	s := &seeder{ctx: ctx, now: now.UTC()}
	s.svc = newServices(st, func() time.Time { return s.at })
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(seedError)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("seed demo data at %s: %w", s.at.Format(time.RFC3339), se.err)
		}
	}()
	start := time.Date(s.now.Year(), s.now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -5, 0)
	// One transaction: an interrupted first start leaves an empty
	// database, never half an organisation.
	return st.Atomic(ctx, func(ctx context.Context) error {
		s.ctx = ctx
		s.backlogAndSprints(start)
		s.plans(start)
		s.mentoring(start)
		s.conversations()
		return nil
	})
}

func num(v float64) *float64 { return &v }
func integer(v int) *int     { return &v }

// planSpec is one person's long-term goal with its yearly objective.
type planSpec struct {
	owner, goal, whyMe, whyCompany string
	tags                           []string
	vis                            okr.Visibility
	objective                      string
	krs                            []okr.KeyResultInput
	pace                           float64 // share of the expected progress reached
}

var plans = []planSpec{
	{"ana", "Become a confident backend developer", "I want to own services end to end", "More people who can run our core services",
		[]string{"go", "testing"}, okr.VisibilityMentor, "Ship production Go services", []okr.KeyResultInput{
			{Title: "Pull requests merged in core services", Kind: okr.Increase, Unit: "PRs", Start: num(0), Target: num(40)},
			{Title: "Test coverage of my services", Kind: okr.Increase, Unit: "%", Start: num(45), Target: num(80)},
			{Title: "Pass the internal Go certification", Kind: okr.Milestone},
		}, 0.85},
	{"ben", "Grow into a staff engineer", "I like shaping systems more than tickets", "Fewer design mistakes reach production",
		[]string{"architecture", "mentoring"}, okr.VisibilityCompany, "Lead the platform's design work", []okr.KeyResultInput{
			{Title: "Design documents written", Kind: okr.Increase, Unit: "docs", Start: num(0), Target: num(6)},
			{Title: "Incident reviews led", Kind: okr.Increase, Unit: "reviews", Start: num(0), Target: num(4), Weight: num(2)},
		}, 1.0},
	{"chen", "Become an SRE expert", "Reliability is the craft I enjoy most", "Shorter outages",
		[]string{"kubernetes", "observability"}, okr.VisibilityPrivate, "Make our services observable", []okr.KeyResultInput{
			{Title: "Mean time to recovery", Kind: okr.Decrease, Unit: "minutes", Start: num(90), Target: num(30)},
			{Title: "Services with SLOs", Kind: okr.Increase, Unit: "services", Start: num(2), Target: num(12)},
			{Title: "Kubernetes administrator certificate", Kind: okr.Milestone},
		}, 0.45},
	{"dara", "Find my path in engineering", "I do not know yet what I like best", "People who know the whole product",
		[]string{"frontend", "ux"}, okr.VisibilityMentor, "Try every part of the stack", []okr.KeyResultInput{
			{Title: "Features shipped end to end", Kind: okr.Increase, Unit: "features", Start: num(0), Target: num(5)},
			{Title: "Shadow three other roles", Kind: okr.Milestone},
		}, 0.65},
	{"eli", "Become a security champion", "Security puzzles keep me awake, in a good way", "Fewer vulnerabilities",
		[]string{"security"}, okr.VisibilityCompany, "Bring threat modelling to the platform", []okr.KeyResultInput{
			{Title: "Threat models done", Kind: okr.Increase, Unit: "models", Start: num(0), Target: num(5)},
			{Title: "Open high-severity findings", Kind: okr.Decrease, Unit: "findings", Start: num(14), Target: num(2)},
		}, 0.3},
	{"lea", "Be a coach for my team", "Growing people is why I lead", "Teams that improve themselves",
		[]string{"coaching", "leadership", "agile"}, okr.VisibilityCompany, "Coach, do not command", []okr.KeyResultInput{
			{Title: "One-to-ones held on schedule", Kind: okr.Increase, Unit: "%", Start: num(60), Target: num(95)},
			{Title: "Retrospectives facilitated", Kind: okr.Increase, Unit: "retros", Start: num(0), Target: num(10)},
		}, 0.9},
	{"mo", "Lead product discovery", "I want to build what people need", "Fewer features nobody uses",
		[]string{"product", "discovery"}, okr.VisibilityMentor, "Make discovery a habit", []okr.KeyResultInput{
			{Title: "Customer interviews", Kind: okr.Increase, Unit: "interviews", Start: num(0), Target: num(30)},
			{Title: "Experiments run", Kind: okr.Increase, Unit: "experiments", Start: num(0), Target: num(8)},
		}, 0.7},
	{"nia", "Become a design systems lead", "Consistency is kindness to users", "Faster, more consistent UI work",
		[]string{"design", "ux"}, okr.VisibilityCompany, "Grow the design system", []okr.KeyResultInput{
			{Title: "Components documented", Kind: okr.Increase, Unit: "components", Start: num(10), Target: num(60)},
			{Title: "Talk at a design meetup", Kind: okr.Milestone},
		}, 0.55},
	{"omar", "Become a data-informed product analyst", "I want my answers to be trusted", "Decisions based on data",
		[]string{"data", "sql"}, okr.VisibilityMentor, "Answer product questions faster", []okr.KeyResultInput{
			{Title: "Dashboards in use", Kind: okr.Increase, Unit: "dashboards", Start: num(0), Target: num(6)},
			{Title: "Time to answer a product question", Kind: okr.Decrease, Unit: "days", Start: num(10), Target: num(3)},
		}, 0.75},
	{"raj", "Become a data platform architect", "I like the big picture", "A platform every team can use",
		[]string{"data", "architecture"}, okr.VisibilityPrivate, "Move the pipelines to the new platform", []okr.KeyResultInput{
			{Title: "Pipelines migrated", Kind: okr.Increase, Unit: "pipelines", Start: num(0), Target: num(12)},
		}, 0.25},
	{"sam", "Become an agile coach", "Helping teams work well together", "Teams that deliver steadily",
		[]string{"agile", "coaching"}, okr.VisibilityCompany, "Coach my first teams", []okr.KeyResultInput{
			{Title: "Teams coached", Kind: okr.Increase, Unit: "teams", Start: num(0), Target: num(3)},
			{Title: "Scrum master certificate", Kind: okr.Milestone},
		}, 0.6},
	{"pia", "Build a learning organisation", "Learning is the work", "Everyone keeps growing",
		[]string{"learning", "coaching", "facilitation"}, okr.VisibilityCompany, "Make mentoring and sprints stick", []okr.KeyResultInput{
			{Title: "People with a chosen or team-lead mentor meeting monthly", Kind: okr.Increase, Unit: "%", Start: num(40), Target: num(90)},
			{Title: "Sprint learning goals achieved", Kind: okr.Increase, Unit: "%", Start: num(50), Target: num(80)},
		}, 0.85},
}

// plans gives everyone a goal and an objective for the year starting at
// start, with a check-in every two weeks since.
func (s *seeder) plans(start time.Time) {
	o := s.svc.okr
	period := &okr.Period{Start: start, End: start.AddDate(1, 0, -1)}
	objectives := map[string]*okr.Objective{}
	s.at = start.Add(9 * time.Hour)
	for _, p := range plans {
		g := must(o.CreateGoal(s.ctx, p.owner, okr.GoalInput{
			Title: p.goal, WhyPerson: p.whyMe, WhyCompany: p.whyCompany, Tags: p.tags,
			HorizonYear: start.Year() + 2, Visibility: p.vis,
		}))
		objectives[p.owner] = must(o.CreateObjective(s.ctx, p.owner, okr.ObjectiveInput{GoalID: g.ID, ObjectiveSpec: okr.ObjectiveSpec{
			Title: p.objective, Period: period, Tags: p.tags, KeyResults: p.krs,
		}}))
	}
	step := 0
	for at := start.AddDate(0, 0, 12); at.Before(s.now.AddDate(0, 0, -2)); at = at.AddDate(0, 0, 14) {
		step++
		s.at = at.Add(16 * time.Hour)
		for i, p := range plans {
			obj := objectives[p.owner]
			if (i+step)%4 == 0 {
				continue // nobody checks in every time
			}
			elapsed := period.Elapsed(s.at)
			for k, kr := range obj.KeyResults {
				wobble := 0.06 * math.Sin(float64(3*i+5*k+step))
				share := math.Max(0, elapsed*p.pace+wobble)
				value := kr.Start + (kr.Target-kr.Start)*share
				if kr.Kind == okr.Milestone {
					value = 0
					if share > 0.3 {
						value = 1
					}
				} else if math.Abs(kr.Target-kr.Start) >= 5 {
					value = math.Round(value)
				} else {
					value = math.Round(value*10) / 10
				}
				confidence := int(math.Round(4 + 5*p.pace + 2*wobble*10))
				confidence = min(10, max(0, confidence))
				must(o.CheckIn(s.ctx, p.owner, obj.ID, kr.ID, okr.CheckInInput{Value: &value, Confidence: &confidence, Note: note(step, p.pace)}))
			}
		}
	}
}

// conversations adds the mentors' comments and two pending suggestions.
func (s *seeder) conversations() {
	o := s.svc.okr
	objective := func(owner string) *okr.Objective {
		p := must(o.Objectives(s.ctx, owner, okr.ObjectiveFilter{Owner: owner}, storage.PageRequest{Limit: 1}))
		return &p.Items[0]
	}
	objectives := map[string]*okr.Objective{"ana": objective("ana"), "omar": objective("omar")}
	s.at = s.now.AddDate(0, 0, -6)
	must(o.AddComment(s.ctx, "ben", objectives["ana"].ID, okr.CommentInput{Body: "Great pace on the merged PRs. Pair with Chen on the coverage of the deploy service?"}))
	must(o.AddComment(s.ctx, "pia", objectives["omar"].ID, okr.CommentInput{Body: "The sales dashboard is already used in every weekly. Well done."}))
	s.at = s.now.AddDate(0, 0, -4)
	must(o.Suggest(s.ctx, "lea", okr.SuggestionInput{To: "ana", Message: "You explain testing really well; share it with the team.",
		Objective: okr.ObjectiveSpec{Title: "Give a lightning talk on testing in Go", Kind: okr.Aspirational, Tags: []string{"go", "testing"},
			KeyResults: []okr.KeyResultInput{{Title: "Talks given", Kind: okr.Increase, Unit: "talks", Start: num(0), Target: num(1)}}}}))
	must(o.Suggest(s.ctx, "mo", okr.SuggestionInput{To: "omar", Message: "Teams keep asking for the same numbers.",
		Objective: okr.ObjectiveSpec{Title: "Build a self-service metrics catalogue", Tags: []string{"data"},
			KeyResults: []okr.KeyResultInput{{Title: "Metrics documented", Kind: okr.Increase, Unit: "metrics", Start: num(0), Target: num(25)}}}}))
}

func note(step int, pace float64) string {
	switch {
	case step%3 != 0:
		return ""
	case pace >= 0.8:
		return "Going well."
	case pace >= 0.5:
		return "Steady, a bit behind."
	default:
		return "Other work got in the way."
	}
}

// mentoring sets up volunteers, chosen and default mentors, meetings with
// next steps, an overdue meeting and an open request.
func (s *seeder) mentoring(start time.Time) {
	m := s.svc.mentorship
	s.at = start.Add(8 * time.Hour)
	for _, v := range []struct {
		who       string
		capacity  int
		expertise []string
		note      string
	}{
		{"lea", 3, []string{"go", "kubernetes", "architecture", "coaching"}, "Happy to help with anything backend."},
		{"mo", 3, []string{"product", "discovery", "leadership"}, "Product thinking, stakeholder work."},
		{"ben", 2, []string{"go", "testing", "architecture"}, "Code reviews and design, pairing on Fridays."},
		{"pia", 4, []string{"coaching", "leadership", "facilitation", "learning"}, "Career questions of any kind."},
		{"raj", 1, []string{"data", "sql", "architecture"}, "Data modelling and pipelines."},
		{"chen", 2, []string{"kubernetes", "observability"}, "Operations and on-call survival."},
	} {
		must(m.Volunteer(s.ctx, v.who, mentorship.ProfileInput{Capacity: &v.capacity, Expertise: v.expertise, Note: v.note}))
	}
	choose := func(mentee, mentor string, at time.Time, msg string) *mentorship.Relation {
		s.at = at
		r := must(m.Request(s.ctx, mentee, mentorship.RequestInput{Mentor: mentor, Message: msg}))
		s.at = at.Add(20 * time.Hour)
		return must(m.Accept(s.ctx, mentor, r.ID, 0, mentorship.AnswerInput{Message: "Gladly!"}))
	}
	anaBen := choose("ana", "ben", start.AddDate(0, 0, 6).Add(10*time.Hour), "Could you help me grow as a backend developer?")
	omarPia := choose("omar", "pia", start.AddDate(0, 0, 9).Add(11*time.Hour), "I would like to learn how to make my analyses count.")
	samPia := choose("sam", "pia", start.AddDate(0, 1, 2).Add(14*time.Hour), "I want to become an agile coach.")
	s.at = s.now.AddDate(0, -2, 0)
	daraLea := must(m.DefaultRelation(s.ctx, "lea", "dara"))

	goals := func(p string) ([]string, []string) {
		g := must(s.svc.okr.Goals(s.ctx, p, p, storage.PageRequest{Limit: 1}))
		o := must(s.svc.okr.Objectives(s.ctx, p, okr.ObjectiveFilter{Owner: p}, storage.PageRequest{Limit: 1}))
		return []string{g.Items[0].ID}, []string{o.Items[0].ID}
	}
	meet := func(r *mentorship.Relation, by string, at time.Time, notes, feedback, ideas string, steps ...mentorship.NextStepInput) *mentorship.Meeting {
		s.at = at.Add(2 * time.Hour)
		g, o := goals(r.Mentee)
		return must(m.RecordMeeting(s.ctx, by, r.ID, mentorship.MeetingInput{
			At: at, DurationMinutes: 45, Notes: notes, Feedback: feedback, Ideas: ideas, NextSteps: steps,
			Progress: mentorship.ProgressInput{Text: "Reviewed the board together.", GoalIDs: g, ObjectiveIDs: o},
		}))
	}
	first := meet(anaBen, "ben", start.AddDate(0, 0, 14).Add(15*time.Hour),
		"Talked about what 'confident' means: owning a service in production.", "Your PRs are small and clear.", "Join the on-call shadow rota.",
		mentorship.NextStepInput{Text: "Pick a service to own", Owner: "ana"},
		mentorship.NextStepInput{Text: "Share the testing guidelines", Owner: "ben"})
	for _, st := range first.NextSteps {
		s.at = start.AddDate(0, 0, 30)
		first = must(m.SetStepDone(s.ctx, "ana", first.ID, st.ID, 0, true))
	}
	meet(anaBen, "ana", start.AddDate(0, 1, 18).Add(15*time.Hour),
		"The deploy service is mine now. Coverage is the weak spot.", "Ask for reviews earlier.", "Try mutation testing on one package.",
		mentorship.NextStepInput{Text: "Raise coverage of the deploy service to 70%", Owner: "ana", Due: timePtr(s.now.AddDate(0, 0, 20))})
	meet(anaBen, "ben", s.now.AddDate(0, 0, -12).Add(15*time.Hour),
		"Certification booked. Lightning talk idea from Lea.", "You are ready for the certification.", "Pair with Chen on observability.",
		mentorship.NextStepInput{Text: "Draft the lightning talk outline", Owner: "ana", Due: timePtr(s.now.AddDate(0, 0, 10))})
	meet(omarPia, "pia", start.AddDate(0, 0, 21).Add(10*time.Hour),
		"Omar wants his analyses to change decisions.", "Lead with the question, not the query.", "Shadow Mo in a discovery interview.",
		mentorship.NextStepInput{Text: "Shadow one discovery interview", Owner: "omar"})
	meet(omarPia, "omar", s.now.AddDate(0, 0, -50).Add(10*time.Hour),
		"The sales dashboard is live.", "Great adoption.", "Write a one-page guide to the dashboard.",
		mentorship.NextStepInput{Text: "Write the dashboard guide", Owner: "omar"})
	meet(samPia, "sam", s.now.AddDate(0, 0, -15).Add(13*time.Hour),
		"Sam coaches the Product team's retros now.", "Good facilitation, let silence work.", "Read 'Coaching Agile Teams'.",
		mentorship.NextStepInput{Text: "Facilitate the next two retrospectives", Owner: "sam"})
	meet(daraLea, "lea", s.now.AddDate(0, 0, -20).Add(9*time.Hour),
		"Dara liked the frontend rotation best so far.", "Curious and fast to learn.", "Talk to Nia about design systems.",
		mentorship.NextStepInput{Text: "Spend a day with the design team", Owner: "dara"})
	s.at = s.now.AddDate(0, 0, -3)
	must(m.Request(s.ctx, "nia", mentorship.RequestInput{Mentor: "raj", Message: "Could you teach me the data side of design decisions?"}))
}

func timePtr(t time.Time) *time.Time { return &t }

// item is a backlog suggestion of the demo.
type item struct {
	by, title, description string
	tags                   []string
	effort                 float64
	supporters             []string
}

var items = []item{
	{"chen", "Kubernetes operations", "Run, debug and upgrade our clusters without the platform team.", []string{"kubernetes"}, 8, []string{"ana", "eli", "lea"}},
	{"chen", "Observability with OpenTelemetry", "Traces, metrics and logs that answer questions.", []string{"observability", "kubernetes"}, 5, []string{"ben", "raj", "ana"}},
	{"mo", "Product discovery techniques", "Interviews, assumption mapping, experiments.", []string{"product", "discovery"}, 5, []string{"nia", "sam", "omar"}},
	{"eli", "Secure coding", "The OWASP top ten in our stack, and threat modelling.", []string{"security"}, 5, []string{"ben", "chen"}},
	{"ben", "Go concurrency patterns", "Channels, contexts and the race detector.", []string{"go"}, 3, []string{"ana", "dara"}},
	{"lea", "Facilitation skills", "Running meetings and workshops that work.", []string{"facilitation", "coaching"}, 3, []string{"sam", "pia"}},
	{"omar", "SQL for analysts", "Window functions and query plans.", []string{"data", "sql"}, 3, []string{"raj"}},
	{"nia", "Design systems", "Tokens, components, documentation.", []string{"design", "ux"}, 5, []string{"dara"}},
	{"raj", "Domain-driven design", "Bounded contexts for our growing codebase.", []string{"architecture"}, 8, []string{"ben"}},
	{"pia", "Writing for engineers", "Design docs and decision records people read.", []string{"communication"}, 2, nil},
}

// backlogAndSprints fills the learning backlog, runs last quarter's
// prioritisation meeting and sprint to its close, and this quarter's
// meeting and sprint up to running activities.
func (s *seeder) backlogAndSprints(start time.Time) {
	b := s.svc.backlog
	y, q := quarterOf(s.now)
	py, pq := y, q-1
	if pq == 0 {
		py, pq = y-1, 4
	}
	prev := sprint.QuarterPeriod(time.January, py, pq)
	cur := sprint.QuarterPeriod(time.January, y, q)

	s.at = prev.Start.AddDate(0, 0, -40)
	ids := map[string]string{}
	for i, it := range items {
		s.at = s.at.Add(26 * time.Hour)
		created := must(b.AddItem(s.ctx, it.by, backlog.ItemInput{Title: it.title, Description: it.description, Tags: it.tags, Effort: num(it.effort)}))
		ids[it.title] = created.ID
		for j, who := range it.supporters {
			s.at = s.at.Add(time.Duration(i+j+1) * time.Hour)
			must(b.Support(s.ctx, who, created.ID, backlog.SupportInput{Reason: "We need this on the platform."}))
		}
	}

	// Last quarter: Kubernetes operations and secure coding were chosen;
	// Kubernetes landed, secure coding returned to the backlog.
	meeting := func(year, quarter int, at time.Time, impacts map[string][2]float64) *backlog.Meeting {
		s.at = at
		two, three := 2, 3
		maxTopics := &three
		if year == py && quarter == pq {
			maxTopics = &two
		}
		m := must(b.OpenMeeting(s.ctx, "pia", backlog.MeetingInput{
			Quarter: fmt.Sprintf("%d-Q%d", year, quarter), Title: fmt.Sprintf("Prioritisation for %d Q%d", year, quarter),
			Participants: []string{"lea", "mo", "ben", "chen", "pia"}, Facilitators: []string{"lea"},
			Capacity: backlog.CapacityInput{MaxTopics: maxTopics},
		}))
		for i, who := range m.Participants {
			s.at = s.at.Add(30 * time.Minute)
			var est []backlog.Estimate
			for title, v := range impacts {
				impact := math.Min(10, math.Max(1, v[0]+float64((i+len(title))%3-1)))
				est = append(est, backlog.Estimate{ItemID: ids[title], Impact: num(impact), Effort: num(v[1])})
			}
			must(b.SubmitEstimates(s.ctx, who, m.ID, backlog.EstimatesInput{Estimates: est}))
		}
		s.at = s.at.Add(time.Hour)
		return must(b.CloseMeeting(s.ctx, "pia", m.ID, 0))
	}
	m1 := meeting(py, pq, prev.Start.AddDate(0, 0, -8).Add(14*time.Hour), map[string][2]float64{
		"Kubernetes operations": {9, 8}, "Secure coding": {8, 5}, "Observability with OpenTelemetry": {6, 5},
		"Go concurrency patterns": {5, 3}, "Product discovery techniques": {5, 5},
	})
	s.runLastQuarter(py, pq, prev, m1)

	m2 := meeting(y, q, cur.Start.AddDate(0, 0, -8).Add(14*time.Hour), map[string][2]float64{
		"Observability with OpenTelemetry": {8, 5}, "Secure coding": {8, 5}, "Product discovery techniques": {7, 5},
		"Go concurrency patterns": {5, 3}, "Facilitation skills": {4, 3}, "SQL for analysts": {4, 3}, "Design systems": {3, 5},
	})
	s.runThisQuarter(y, q, cur, m2)

	// Next quarter's meeting is open: some estimates are in.
	ny, nq := y, q+1
	if nq == 5 {
		ny, nq = y+1, 1
	}
	s.at = s.now.AddDate(0, 0, -2)
	next := must(b.OpenMeeting(s.ctx, "pia", backlog.MeetingInput{
		Quarter: fmt.Sprintf("%d-Q%d", ny, nq), Title: fmt.Sprintf("Prioritisation for %d Q%d", ny, nq),
		Participants: []string{"lea", "mo", "ben", "pia"}, Facilitators: []string{"lea"},
	}))
	guesses := map[string][5]float64{ // impact, time criticality, risk reduction, reach, effort
		"Kubernetes operations": {6, 3, 5, 12, 8}, "Go concurrency patterns": {6, 4, 3, 8, 3},
		"Facilitation skills": {5, 2, 2, 20, 3}, "SQL for analysts": {5, 6, 2, 6, 3}, "Design systems": {7, 5, 4, 10, 5},
		"Domain-driven design": {7, 2, 6, 15, 8}, "Writing for engineers": {4, 2, 1, 40, 2},
	}
	for i, who := range []string{"lea", "mo", "ben"} {
		var est []backlog.Estimate
		for title, g := range guesses {
			it := must(b.Items(s.ctx, who, backlog.ItemFilter{}, storage.PageRequest{Limit: storage.MaxLimit}))
			for _, item := range it.Items {
				if item.Title == title && item.Status == backlog.StatusOpen {
					shift := float64(i%3 - 1)
					est = append(est, backlog.Estimate{ItemID: item.ID, Impact: num(math.Max(1, math.Min(10, g[0]+shift))),
						TimeCriticality: num(g[1]), RiskReduction: num(g[2]), Reach: num(g[3]), Confidence: num(80), Effort: num(g[4])})
				}
			}
		}
		must(b.SubmitEstimates(s.ctx, who, next.ID, backlog.EstimatesInput{Estimates: est}))
	}
}

func quarterOf(t time.Time) (int, int) { return t.Year(), (int(t.Month())-1)/3 + 1 }

func (s *seeder) runLastQuarter(year, quarter int, period okr.Period, m *backlog.Meeting) {
	sv := s.svc.sprint
	s.at = period.Start.AddDate(0, 0, -5).Add(10 * time.Hour)
	sp := must(sv.Plan(s.ctx, "pia", sprint.PlanInput{Year: year, Quarter: quarter, MeetingID: m.ID, Facilitators: []string{"lea"}}))
	goals := map[string]sprint.GoalInput{
		"Kubernetes operations": {Statement: "Every platform engineer can deploy and debug on the cluster alone",
			Measure: okr.KeyResultInput{Kind: okr.Increase, Unit: "engineers", Start: num(1), Target: num(5)}},
		"Secure coding": {Statement: "Every team uses the threat model template",
			Measure: okr.KeyResultInput{Kind: okr.Milestone}},
	}
	for _, t := range sp.Topics {
		sp = must(sv.AddGoal(s.ctx, "pia", sp.ID, t.ID, 0, goals[t.Title]))
	}
	topic := func(title string) sprint.Topic {
		for _, t := range sp.Topics {
			if t.Title == title {
				return t
			}
		}
		panic(seedError{fmt.Errorf("no topic %q", title)})
	}
	k8s, sec := topic("Kubernetes operations"), topic("Secure coding")
	lab := period.Start.AddDate(0, 0, 20).Add(13 * time.Hour)
	talk := period.Start.AddDate(0, 0, 35).Add(15 * time.Hour)
	a1 := must(sv.AddActivity(s.ctx, "pia", sp.ID, sprint.ActivityInput{TopicID: k8s.ID, Kind: sprint.Classroom,
		Title: "Kubernetes hands-on lab", Host: "Chen Wei", Start: &lab, Minutes: 180, Seats: 8}))
	a2 := must(sv.AddActivity(s.ctx, "pia", sp.ID, sprint.ActivityInput{TopicID: sec.ID, Kind: sprint.Keynote,
		Title: "Brainfood: security is a team sport", Host: "An invited security researcher", External: true, Start: &talk, Minutes: 60}))
	sp = must(sv.Transition(s.ctx, "pia", sp.ID, 0, sprint.Committed))
	for _, who := range []string{"ana", "dara", "eli", "ben", "chen"} {
		s.at = s.at.Add(time.Hour)
		must(sv.Enrol(s.ctx, who, a1.ID))
	}
	for _, who := range []string{"eli", "ben", "mo", "raj"} {
		must(sv.Enrol(s.ctx, who, a2.ID))
	}
	s.at = period.Start.Add(9 * time.Hour)
	sp = must(sv.Transition(s.ctx, "pia", sp.ID, 0, sprint.Active))
	s.at = lab.Add(4 * time.Hour)
	for _, who := range []string{"ana", "dara", "eli", "ben"} {
		must(sv.MarkAttendance(s.ctx, "lea", a1.ID, sprint.AttendanceInput{Person: who, Status: sprint.EnrolmentAttended}))
	}
	for who, r := range map[string]int{"ana": 5, "dara": 4, "eli": 4, "ben": 3} {
		must(sv.Rate(s.ctx, who, a1.ID, sprint.RatingInput{Rating: r, Comment: "Hands-on beats slides."}))
	}
	s.at = talk.Add(2 * time.Hour)
	for _, who := range []string{"eli", "ben", "mo"} {
		must(sv.MarkAttendance(s.ctx, "pia", a2.ID, sprint.AttendanceInput{Person: who, Status: sprint.EnrolmentAttended}))
		must(sv.Rate(s.ctx, who, a2.ID, sprint.RatingInput{Rating: 4}))
	}
	for i, v := range []float64{2, 4, 5} {
		s.at = period.Start.AddDate(0, 0, 25*(i+1)).Add(11 * time.Hour)
		must(sv.CheckInGoal(s.ctx, "lea", sp.ID, k8s.Goals[0].ID, okr.CheckInInput{Value: num(v), Confidence: integer(6 + i)}))
	}
	s.at = period.End.AddDate(0, 0, -6).Add(10 * time.Hour)
	sp = must(sv.Transition(s.ctx, "pia", sp.ID, 0, sprint.Review))
	notes := []struct {
		who  string
		kind sprint.NoteKind
		text string
	}{
		{"ana", sprint.WentWell, "The hands-on lab made the cluster less scary"},
		{"eli", sprint.WentWell, "An outside view on security woke people up"},
		{"ben", sprint.ToImprove, "The lab clashed with the release week"},
		{"eli", sprint.ToImprove, "Nobody had time to try the threat model template"},
	}
	for _, n := range notes {
		sp = must(sv.AddNote(s.ctx, n.who, sp.ID, sprint.NoteInput{Kind: n.kind, Text: n.text}))
	}
	for i, voters := range [][]string{{"dara", "chen", "ben"}, {"ben"}, {"ana", "dara", "eli", "chen"}, {"ben"}} {
		for _, v := range voters {
			sp = must(sv.Vote(s.ctx, v, sp.ID, sp.Retrospective.Notes[i].ID))
		}
	}
	sp = must(sv.AssessGoal(s.ctx, "pia", sp.ID, k8s.Goals[0].ID, 0, sprint.AssessInput{}))
	sp = must(sv.AssessGoal(s.ctx, "pia", sp.ID, sec.Goals[0].ID, 0, sprint.AssessInput{}))
	sp = must(sv.AddAction(s.ctx, "pia", sp.ID, sprint.ActionInput{Text: "Keep release weeks free of training", Owner: "lea"}))
	sp = must(sv.AddAction(s.ctx, "pia", sp.ID, sprint.ActionInput{Text: "Book outside speakers a quarter ahead", Owner: "pia"}))
	sp = must(sv.SetActionStatus(s.ctx, "pia", sp.ID, sp.Retrospective.Actions[1].ID, sprint.ActionStatusInput{Status: sprint.ActionDone}))
	sp = must(sv.RecordRetrospective(s.ctx, "pia", sp.ID, 0, sprint.RecordInput{
		Summary: "Kubernetes landed: five engineers deploy alone. Secure coding needs practice time, so it goes back to the backlog."}))
	s.at = period.End.Add(10 * time.Hour)
	must(sv.Transition(s.ctx, "pia", sp.ID, 0, sprint.Closed))
}

func (s *seeder) runThisQuarter(year, quarter int, period okr.Period, m *backlog.Meeting) {
	sv := s.svc.sprint
	s.at = period.Start.AddDate(0, 0, -5).Add(10 * time.Hour)
	sp := must(sv.Plan(s.ctx, "pia", sprint.PlanInput{Year: year, Quarter: quarter, MeetingID: m.ID, Facilitators: []string{"lea"}}))
	goals := map[string]sprint.GoalInput{
		"Observability with OpenTelemetry": {Statement: "Every platform service exports traces",
			Measure: okr.KeyResultInput{Kind: okr.Increase, Unit: "services", Start: num(2), Target: num(12)}},
		"Secure coding": {Statement: "Every team has threat-modelled one feature",
			Measure: okr.KeyResultInput{Kind: okr.Increase, Unit: "teams", Start: num(0), Target: num(2)}},
		"Product discovery techniques": {Statement: "Each product squad runs one experiment a month",
			Measure: okr.KeyResultInput{Kind: okr.Increase, Unit: "experiments", Start: num(0), Target: num(6)}},
	}
	for _, t := range sp.Topics {
		if g, ok := goals[t.Title]; ok {
			sp = must(sv.AddGoal(s.ctx, "pia", sp.ID, t.ID, 0, g))
		}
	}
	byTitle := map[string]string{}
	for _, t := range sp.Topics {
		byTitle[t.Title] = t.ID
	}
	// Spread the scheduled activities around today, so some are past and
	// some still to come, within the quarter: from its second day, after
	// the sprint went active, to its last.
	first := period.Start.AddDate(0, 0, 1)
	at := func(days, hour int) *time.Time {
		t := time.Date(s.now.Year(), s.now.Month(), s.now.Day(), hour, 0, 0, 0, time.UTC).AddDate(0, 0, days)
		day := okr.Date(t)
		switch {
		case day.Before(first):
			t = first.Add(time.Duration(hour) * time.Hour)
		case day.After(period.End):
			t = period.End.Add(time.Duration(hour) * time.Hour)
		}
		return &t
	}
	acts := []sprint.ActivityInput{
		{TopicID: byTitle["Observability with OpenTelemetry"], Kind: sprint.Keynote, Title: "Brainfood: observability in the wild",
			Host: "A guest speaker from the OpenTelemetry community", External: true, Start: at(-30, 15), Minutes: 60, Seats: 0},
		{TopicID: byTitle["Observability with OpenTelemetry"], Kind: sprint.Classroom, Title: "Tracing our services, hands-on",
			Host: "Chen Wei", Start: at(6, 13), Minutes: 120, Seats: 4, Link: "https://meet.example.com/tracing"},
		{TopicID: byTitle["Secure coding"], Kind: sprint.Classroom, Title: "Threat modelling workshop",
			Host: "An external security trainer", External: true, Start: at(13, 10), Minutes: 180, Seats: 10},
		{TopicID: byTitle["Product discovery techniques"], Kind: sprint.Coaching, Title: "Discovery coaching circles",
			Host: "Mo Said", Start: at(3, 16), Minutes: 60, Seats: 6},
		{TopicID: byTitle["Secure coding"], Kind: sprint.SelfStudy, Title: "Secure coding in Go, video course",
			Host: "Online course", External: true, Link: "https://learn.example.com/secure-go"},
	}
	var created []*sprint.Activity
	for _, in := range acts {
		if in.TopicID == "" {
			continue
		}
		created = append(created, must(sv.AddActivity(s.ctx, "pia", sp.ID, in)))
	}
	sp = must(sv.Transition(s.ctx, "pia", sp.ID, 0, sprint.Committed))
	enrol := map[int][]string{0: {"ana", "chen", "ben", "raj", "eli"}, 1: {"chen", "ben", "raj"}, 2: {"eli", "ben"}, 3: {"omar", "sam", "nia"}, 4: {"eli", "dara"}}
	for i, who := range enrol {
		if i >= len(created) {
			continue
		}
		for _, p := range who {
			s.at = s.at.Add(37 * time.Minute)
			must(sv.Enrol(s.ctx, p, created[i].ID))
		}
	}
	s.at = period.Start.Add(9 * time.Hour)
	sp = must(sv.Transition(s.ctx, "pia", sp.ID, 0, sprint.Active))
	if len(sp.Carried) > 0 {
		must(sv.ResolveCarried(s.ctx, "lea", sp.ID, sp.Carried[0].ID, sprint.ResolveInput{Resolution: sprint.ResolvedDone}))
	}
	// The keynote took place if its time has come: attendance and ratings.
	if keynote := *created[0].Start; keynote.Before(s.now) {
		s.at = keynote.Add(2 * time.Hour)
		for _, p := range []string{"ana", "chen", "ben", "eli"} {
			must(sv.MarkAttendance(s.ctx, "pia", created[0].ID, sprint.AttendanceInput{Person: p, Status: sprint.EnrolmentAttended}))
		}
		must(sv.Rate(s.ctx, "ana", created[0].ID, sprint.RatingInput{Rating: 5, Comment: "Finally I get what a span is."}))
		must(sv.Rate(s.ctx, "chen", created[0].ID, sprint.RatingInput{Rating: 4}))
	}
	if checkIn := *at(-10, 11); checkIn.Before(s.now) {
		for _, t := range sp.Topics {
			if t.ID == byTitle["Observability with OpenTelemetry"] && len(t.Goals) > 0 {
				s.at = checkIn
				must(sv.CheckInGoal(s.ctx, "lea", sp.ID, t.Goals[0].ID, okr.CheckInInput{Value: num(5), Confidence: integer(7), Note: "Three more services this month"}))
			}
		}
	}
}
