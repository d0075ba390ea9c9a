package sprint

import (
	"fmt"
	"time"

	"github.com/footprint-hq/footprint/okr"
)

// State is a stage of a sprint's lifecycle.
type State string

// Sprint states. The only transitions are planning → committed → active →
// review → closed, and planning or committed → cancelled.
const (
	Planning  State = "planning"
	Committed State = "committed"
	Active    State = "active"
	Review    State = "review"
	Closed    State = "closed"
	Cancelled State = "cancelled"
)

// next lists the states each state may move to.
var next = map[State][]State{
	Planning:  {Committed, Cancelled},
	Committed: {Active, Cancelled},
	Active:    {Review},
	Review:    {Closed},
}

// CanMove reports whether a sprint may move from one state to another.
func CanMove(from, to State) bool {
	for _, s := range next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Sprint is one quarter of company learning: a few prioritised topics,
// each with measurable learning goals, the activities offered for them,
// and a closing retrospective.
type Sprint struct {
	ID string `json:"id"`
	// Year and Quarter name the fiscal quarter; Period is its span of days.
	Year    int        `json:"year"`
	Quarter int        `json:"quarter"`
	Title   string     `json:"title"`
	Period  okr.Period `json:"period"`
	// Facilitators run the sprint: they change its scope, state, activities
	// and assessments.
	Facilitators []string `json:"facilitators"`
	// Capacity is the most topics the sprint takes on.
	Capacity int `json:"capacity"`
	// MeetingID names the closed backlog prioritisation meeting whose
	// selected items became the sprint's first topics; empty when none.
	MeetingID string  `json:"meetingId,omitempty"`
	State     State   `json:"state"`
	Topics    []Topic `json:"topics"`
	// Carried are the open actions of the previous sprint's retrospective,
	// each to be resolved during this sprint.
	Carried []CarriedAction `json:"carried"`
	// PreviousID names the sprint whose actions were carried here.
	PreviousID    string        `json:"previousId,omitempty"`
	Retrospective Retrospective `json:"retrospective"`
	// History records every change of state.
	History   []Transition `json:"history"`
	CreatedAt time.Time    `json:"createdAt"`
	UpdatedAt time.Time    `json:"updatedAt"`
	Version   int64        `json:"version"`
}

// Schedule records which sprint holds each quarter. A store keeps exactly
// one. Planning, closing and cancelling a sprint update it first in their
// transaction, so those changes queue behind each other on every store —
// two plans for one quarter cannot both succeed, and a sprint planned
// while the previous one closes still receives its carried actions.
type Schedule struct {
	// Quarters maps a quarter, "2026-Q3", to the ID of the sprint that
	// holds it; a cancelled sprint frees its quarter.
	Quarters map[string]string `json:"quarters"`
	Version  int64             `json:"version"`
}

// QuarterKey names a quarter in a Schedule: "2026-Q3".
func QuarterKey(year, quarter int) string { return fmt.Sprintf("%d-Q%d", year, quarter) }

// Transition records one change of a sprint's state.
type Transition struct {
	From State     `json:"from"`
	To   State     `json:"to"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

// Topic is a prioritised learning topic of a sprint.
type Topic struct {
	ID string `json:"id"`
	// ItemID names the backlog item the topic came from; empty for a topic
	// a facilitator added without one.
	ItemID string         `json:"itemId,omitempty"`
	Title  string         `json:"title"`
	Tags   []string       `json:"tags"`
	Goals  []LearningGoal `json:"goals"`
}

// LearningGoal is a clear, measurable goal of a topic. It is measured as a
// key result of the okr package — increase, decrease or milestone — and
// scored the same way, so company learning is scored like personal OKRs.
type LearningGoal struct {
	ID        string `json:"id"`
	Statement string `json:"statement"`
	// Measure holds the kind, start, target, current value and check-in
	// count of the goal; its ID is the goal's.
	Measure    okr.KeyResult `json:"measure"`
	Assessment *Assessment   `json:"assessment,omitempty"`
}

// Score returns the goal's score: its measure's progress clamped to [0, 1].
func (g LearningGoal) Score() float64 { return g.Measure.Score() }

// Outcome is how well a learning goal was achieved.
type Outcome string

// Outcomes of a learning goal.
const (
	Achieved          Outcome = "achieved"
	PartiallyAchieved Outcome = "partially_achieved"
	NotAchieved       Outcome = "not_achieved"
)

// SuggestOutcome returns the outcome a score suggests: achieved at 1 (the
// target met), partially achieved from 0.4 (okr's yellow grade) and not
// achieved below.
func SuggestOutcome(score float64) Outcome {
	switch {
	case score >= 1:
		return Achieved
	case score >= 0.4:
		return PartiallyAchieved
	default:
		return NotAchieved
	}
}

// Assessment records the retrospective's verdict on a learning goal.
type Assessment struct {
	Outcome Outcome `json:"outcome"`
	// Suggested is the outcome the score suggested when assessed; when a
	// facilitator chose another, Reason says why.
	Suggested Outcome   `json:"suggested"`
	Score     float64   `json:"score"`
	Reason    string    `json:"reason,omitempty"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}

// CheckIn is one entry in a learning goal's append-only history.
type CheckIn struct {
	ID       string `json:"id"`
	SprintID string `json:"sprintId"`
	GoalID   string `json:"goalId"`
	// Seq numbers the check-ins of one goal from 1.
	Seq        int       `json:"seq"`
	Value      float64   `json:"value"`
	Confidence int       `json:"confidence"`
	Note       string    `json:"note,omitempty"`
	Author     string    `json:"author"`
	At         time.Time `json:"at"`
}

// ActivityKind is a kind of learning activity.
type ActivityKind string

// Activity kinds.
const (
	// Keynote is a "brainfood" session with an external keynote speaker.
	Keynote ActivityKind = "keynote"
	// Classroom is a virtual classroom training by an internal or external
	// trainer.
	Classroom ActivityKind = "virtual_classroom"
	// Coaching is coaching and mentoring.
	Coaching ActivityKind = "coaching"
	// SelfStudy is self-study videos and other content, usually self-paced.
	SelfStudy ActivityKind = "self_study"
)

// Activity is a learning activity offered during a sprint for one of its
// topics.
type Activity struct {
	ID          string       `json:"id"`
	SprintID    string       `json:"sprintId"`
	TopicID     string       `json:"topicId"`
	Kind        ActivityKind `json:"kind"`
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	// Host is the speaker, trainer or coach; External says whether they
	// come from outside the company.
	Host     string `json:"host"`
	External bool   `json:"external"`
	// Start and Minutes schedule the activity; a self-paced activity has
	// neither.
	Start   *time.Time `json:"start,omitempty"`
	Minutes int        `json:"minutes,omitempty"`
	Link    string     `json:"link,omitempty"`
	// Seats limits enrolment; 0 means no limit.
	Seats int `json:"seats"`
	// Tags are the topic's tags and the activity's own.
	Tags []string `json:"tags"`
	// Enrolments are the people enrolled, with their attendance and
	// ratings, ordered by person. A Store keeps them apart from the
	// activity, one by one (Store.UpdateEnrolment), so that enrolling
	// costs the same however many are enrolled: an activity a store
	// returns has none. On an activity the Service returns they are
	// everyone's for the sprint's facilitators and only the viewer's own
	// for anyone else, who sees the totals in Taken and the sprint's
	// Report.
	Enrolments []Enrolment `json:"enrolments"`
	// Taken counts the seats taken: everyone's enrolments that hold a
	// seat (Enrolment.HoldsSeat). The store keeps it as enrolments change.
	Taken     int       `json:"taken"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int64     `json:"version"`
}

// SelfPaced reports whether the activity has no schedule.
func (a *Activity) SelfPaced() bool { return a.Start == nil }

// Enrolled returns the number of enrolments in Enrolments that hold a
// seat: on an activity the Service returned to a facilitator of its
// sprint, the people enrolled (Taken counts them for everyone).
func (a *Activity) Enrolled() int {
	n := 0
	for _, e := range a.Enrolments {
		if e.HoldsSeat() {
			n++
		}
	}
	return n
}

// SeatsLeft returns the free seats, or -1 when seats are unlimited.
func (a *Activity) SeatsLeft() int {
	if a.Seats == 0 {
		return -1
	}
	return max(0, a.Seats-max(a.Taken, a.Enrolled()))
}

// EnrolmentStatus is the state of a person's enrolment in an activity.
type EnrolmentStatus string

// Enrolment states: enrolled, then attended or completed (marked by a
// facilitator); cancelled by the person while enrolled.
const (
	EnrolmentEnrolled  EnrolmentStatus = "enrolled"
	EnrolmentCancelled EnrolmentStatus = "cancelled"
	EnrolmentAttended  EnrolmentStatus = "attended"
	EnrolmentCompleted EnrolmentStatus = "completed"
)

// Enrolment is a person's place in an activity, with their rating. An
// empty Status means the person has none: Store.UpdateEnrolment hands
// such an enrolment to its callback for a person not yet enrolled.
type Enrolment struct {
	Person     string          `json:"person"`
	Status     EnrolmentStatus `json:"status"`
	EnrolledAt time.Time       `json:"enrolledAt"`
	// Rating, from 1 to 5, and Comment are the person's verdict on the
	// activity.
	Rating  *int       `json:"rating,omitempty"`
	Comment string     `json:"comment,omitempty"`
	RatedAt *time.Time `json:"ratedAt,omitempty"`
}

// HoldsSeat reports whether the enrolment takes one of the activity's
// seats: it exists (has a Status) and is not cancelled. An activity's
// Taken counts the enrolments that do.
func (e *Enrolment) HoldsSeat() bool { return e.Status != "" && e.Status != EnrolmentCancelled }

// NoteKind says whether a retrospective note is about what went well or
// what to improve.
type NoteKind string

// Retrospective note kinds.
const (
	WentWell  NoteKind = "went_well"
	ToImprove NoteKind = "to_improve"
)

// Retrospective is the sprint's closing look back.
type Retrospective struct {
	Notes   []Note   `json:"notes"`
	Actions []Action `json:"actions"`
	// Summary and RecordedAt are set when a facilitator records the
	// retrospective, which closing the sprint requires.
	Summary    string     `json:"summary,omitempty"`
	RecordedBy string     `json:"recordedBy,omitempty"`
	RecordedAt *time.Time `json:"recordedAt,omitempty"`
}

// Note is a "went well" or "to improve" note, with the people who voted
// for it.
type Note struct {
	ID     string    `json:"id"`
	Kind   NoteKind  `json:"kind"`
	Text   string    `json:"text"`
	Author string    `json:"author"`
	At     time.Time `json:"at"`
	Votes  []string  `json:"votes"`
}

// ActionStatus is the state of a retrospective action.
type ActionStatus string

// Action states. Open actions are carried into the next sprint.
const (
	ActionOpen    ActionStatus = "open"
	ActionDone    ActionStatus = "done"
	ActionDropped ActionStatus = "dropped"
)

// Action is an improvement the retrospective agreed on, with its owner.
type Action struct {
	ID     string       `json:"id"`
	Text   string       `json:"text"`
	Owner  string       `json:"owner"`
	Status ActionStatus `json:"status"`
	// Origin names the sprint whose retrospective first agreed on the
	// action; Carries counts how many sprints it has been carried into.
	Origin    string    `json:"origin"`
	Carries   int       `json:"carries"`
	CreatedAt time.Time `json:"createdAt"`
}

// Resolution is how a carried action ended in the sprint it was carried
// into.
type Resolution string

// Resolutions of a carried action.
const (
	// Unresolved actions are carried again when the sprint closes.
	Unresolved      Resolution = ""
	ResolvedDone    Resolution = "done"
	ResolvedDropped Resolution = "dropped"
	CarriedAgain    Resolution = "carried"
)

// CarriedAction is an open action of the previous sprint, shown while
// planning and resolved during this sprint.
type CarriedAction struct {
	Action
	Resolution Resolution `json:"resolution,omitempty"`
	ResolvedBy string     `json:"resolvedBy,omitempty"`
	ResolvedAt *time.Time `json:"resolvedAt,omitempty"`
}
