package sprint

import (
	"cmp"
	"context"
	"slices"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// Report sums up a sprint: per topic its learning goals with scores and
// outcomes, and its activities with attendance and ratings; then the
// retrospective.
type Report struct {
	Sprint  SprintSummary   `json:"sprint"`
	Topics  []TopicReport   `json:"topics"`
	Retro   RetroReport     `json:"retrospective"`
	Carried []CarriedAction `json:"carried"`
}

// SprintSummary names a sprint in a report.
type SprintSummary struct {
	ID      string     `json:"id"`
	Title   string     `json:"title"`
	Year    int        `json:"year"`
	Quarter int        `json:"quarter"`
	Period  okr.Period `json:"period"`
	State   State      `json:"state"`
}

// TopicReport is one topic in a report.
type TopicReport struct {
	ID     string `json:"id"`
	ItemID string `json:"itemId,omitempty"`
	Title  string `json:"title"`
	// Score is the mean score of the topic's learning goals.
	Score      float64          `json:"score"`
	Grade      okr.Grade        `json:"grade"`
	Goals      []GoalReport     `json:"goals"`
	Activities []ActivityReport `json:"activities"`
}

// GoalReport is one learning goal in a report.
type GoalReport struct {
	ID        string    `json:"id"`
	Statement string    `json:"statement"`
	Progress  float64   `json:"progress"`
	Score     float64   `json:"score"`
	Grade     okr.Grade `json:"grade"`
	// Outcome is the assessed outcome, or empty before assessment;
	// Suggested is what the score suggests now.
	Outcome   Outcome `json:"outcome,omitempty"`
	Suggested Outcome `json:"suggested"`
}

// ActivityReport is one activity in a report.
type ActivityReport struct {
	ID    string       `json:"id"`
	Kind  ActivityKind `json:"kind"`
	Title string       `json:"title"`
	Seats int          `json:"seats"`
	// Enrolled counts enrolments not cancelled, among them Attended those
	// marked attended and Completed those marked completed.
	Enrolled  int `json:"enrolled"`
	Attended  int `json:"attended"`
	Completed int `json:"completed"`
	// Ratings counts ratings; AverageRating is their mean, 0 when none.
	Ratings       int     `json:"ratings"`
	AverageRating float64 `json:"averageRating"`
}

// RetroReport sums up a retrospective: notes by votes, then time.
type RetroReport struct {
	Summary   string   `json:"summary,omitempty"`
	WentWell  []Note   `json:"wentWell"`
	ToImprove []Note   `json:"toImprove"`
	Actions   []Action `json:"actions"`
}

// Report returns the report of a sprint; anyone signed in may read it.
func (s *Service) Report(ctx context.Context, viewer, sprintID string) (*Report, error) {
	sp, err := s.sprintFor(ctx, viewer, sprintID)
	if err != nil {
		return nil, err
	}
	acts, err := s.store.Activities(ctx, ActivityFilter{SprintID: sprintID}, storage.PageRequest{Limit: storage.NoLimit})
	if err != nil {
		return nil, prefixed(err, "report of %s", sprintID)
	}
	enrolments, err := s.enrolments(ctx, EnrolmentFilter{SprintID: sprintID})
	if err != nil {
		return nil, prefixed(err, "report of %s", sprintID)
	}
	byActivity := map[string][]Enrolment{}
	for _, e := range enrolments {
		byActivity[e.ActivityID] = append(byActivity[e.ActivityID], e.Enrolment)
	}
	r := &Report{
		Sprint: SprintSummary{ID: sp.ID, Title: sp.Title, Year: sp.Year, Quarter: sp.Quarter, Period: sp.Period, State: sp.State},
		Topics: make([]TopicReport, 0, len(sp.Topics)),
		Retro: RetroReport{Summary: sp.Retrospective.Summary, WentWell: []Note{}, ToImprove: []Note{},
			Actions: sp.Retrospective.Actions},
		Carried: sp.Carried,
	}
	for _, t := range sp.Topics {
		tr := TopicReport{ID: t.ID, ItemID: t.ItemID, Title: t.Title, Goals: []GoalReport{}, Activities: []ActivityReport{}}
		for _, g := range t.Goals {
			gr := GoalReport{ID: g.ID, Statement: g.Statement, Progress: g.Measure.Progress(), Score: g.Score(),
				Suggested: SuggestOutcome(g.Score())}
			gr.Grade = okr.GradeOf(gr.Score)
			if g.Assessment != nil {
				gr.Outcome = g.Assessment.Outcome
			}
			tr.Score += gr.Score
			tr.Goals = append(tr.Goals, gr)
		}
		if len(t.Goals) > 0 {
			tr.Score /= float64(len(t.Goals))
		}
		tr.Grade = okr.GradeOf(tr.Score)
		for _, a := range acts.Items {
			if a.TopicID == t.ID {
				tr.Activities = append(tr.Activities, activityReport(&a, byActivity[a.ID]))
			}
		}
		r.Topics = append(r.Topics, tr)
	}
	for _, n := range sp.Retrospective.Notes {
		if n.Kind == WentWell {
			r.Retro.WentWell = append(r.Retro.WentWell, n)
		} else {
			r.Retro.ToImprove = append(r.Retro.ToImprove, n)
		}
	}
	byVotes := func(a, b Note) int {
		return cmp.Or(cmp.Compare(len(b.Votes), len(a.Votes)), a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
	}
	slices.SortStableFunc(r.Retro.WentWell, byVotes)
	slices.SortStableFunc(r.Retro.ToImprove, byVotes)
	return r, nil
}

// activityReport sums up activity a with its enrolments.
func activityReport(a *Activity, enrolments []Enrolment) ActivityReport {
	ar := ActivityReport{ID: a.ID, Kind: a.Kind, Title: a.Title, Seats: a.Seats}
	sum := 0
	for _, e := range enrolments {
		if !e.HoldsSeat() {
			continue
		}
		switch e.Status {
		case EnrolmentAttended:
			ar.Attended++
		case EnrolmentCompleted:
			ar.Completed++
		}
		ar.Enrolled++
		if e.Rating != nil {
			ar.Ratings++
			sum += *e.Rating
		}
	}
	if ar.Ratings > 0 {
		ar.AverageRating = float64(sum) / float64(ar.Ratings)
	}
	return ar
}

// PersonView is what the current sprint offers one person.
type PersonView struct {
	// Sprint is the current sprint: the latest active one, else the
	// latest in review, else the latest committed one; nil when there is
	// none.
	Sprint *Sprint `json:"sprint,omitempty"`
	// Tags are the topics the person works on now (from Interests).
	Tags []string `json:"tags"`
	// Matching are the sprint's activities sharing a tag with Tags, and
	// Enrolled those the person is enrolled in.
	Matching []Activity `json:"matching"`
	Enrolled []Activity `json:"enrolled"`
}

// ForPerson returns the current sprint's activities that match the tags of
// person's own active objectives — so personal and company learning meet —
// and the ones person is enrolled in. Only the person may ask; anyone else
// gets ErrNotYours.
func (s *Service) ForPerson(ctx context.Context, actor, person string) (*PersonView, error) {
	if actor == "" {
		return nil, errNoActor
	}
	if actor != person {
		return nil, ErrNotYours
	}
	v := &PersonView{Tags: []string{}, Matching: []Activity{}, Enrolled: []Activity{}}
	all, err := s.store.Sprints(ctx, SprintFilter{}, storage.PageRequest{Limit: storage.NoLimit})
	if err != nil {
		return nil, prefixed(err, "current sprint")
	}
	for _, state := range []State{Active, Review, Committed} {
		for i := range all.Items {
			o := &all.Items[i]
			if o.State == state && (v.Sprint == nil || before(v.Sprint, o)) {
				v.Sprint = o
			}
		}
		if v.Sprint != nil {
			break
		}
	}
	if v.Sprint == nil {
		return v, nil
	}
	if s.interests != nil {
		tags, err := s.interests.ActiveTags(ctx, person)
		if err != nil {
			return nil, prefixed(err, "interests of %s", person)
		}
		v.Tags = okr.NormalizeTags(tags)
	}
	acts, err := s.store.Activities(ctx, ActivityFilter{SprintID: v.Sprint.ID}, storage.PageRequest{Limit: storage.NoLimit})
	if err != nil {
		return nil, prefixed(err, "activities")
	}
	mine, err := s.enrolments(ctx, EnrolmentFilter{SprintID: v.Sprint.ID, Person: person})
	if err != nil {
		return nil, err
	}
	enrolled := map[string]bool{}
	for _, e := range mine {
		enrolled[e.ActivityID] = e.HoldsSeat()
	}
	offered := make([]*Activity, len(acts.Items))
	for i := range acts.Items {
		offered[i] = &acts.Items[i]
	}
	if err := s.present(ctx, person, v.Sprint, offered...); err != nil {
		return nil, err
	}
	for _, a := range offered {
		if slices.ContainsFunc(a.Tags, func(t string) bool { return slices.Contains(v.Tags, t) }) {
			v.Matching = append(v.Matching, *a)
		}
		if enrolled[a.ID] {
			v.Enrolled = append(v.Enrolled, *a)
		}
	}
	return v, nil
}
