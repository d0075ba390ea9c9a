package okr

import (
	"time"
)

// GoalStatus is the state of a long-term goal.
type GoalStatus string

// Goal states. A goal starts active; its owner marks it achieved or
// abandoned, and may make it active again.
const (
	GoalActive    GoalStatus = "active"
	GoalAchieved  GoalStatus = "achieved"
	GoalAbandoned GoalStatus = "abandoned"
)

// Visibility says who besides the owner may see a goal, its objectives,
// their key results, check-ins and comments. The owner chooses it.
type Visibility string

// Visibility levels, from the most to the least private.
const (
	// VisibilityPrivate: the owner only.
	VisibilityPrivate Visibility = "private"
	// VisibilityMentor: the owner and their current mentor, as the
	// MentorFinder given to the Service says at the moment of reading.
	VisibilityMentor Visibility = "mentor"
	// VisibilityCompany: anyone signed in.
	VisibilityCompany Visibility = "company"
)

// ObjectiveKind says what score an objective is expected to reach.
type ObjectiveKind string

// Objective kinds, following the usual OKR convention.
const (
	// Committed objectives are expected to be met in full (score 1.0).
	Committed ObjectiveKind = "committed"
	// Aspirational objectives stretch; reaching about 0.7 is a success.
	Aspirational ObjectiveKind = "aspirational"
)

// ObjectiveStatus is the state of an objective.
type ObjectiveStatus string

// Objective states: draft → active → closed. Check-ins are taken while
// active; a closed objective keeps its final score and can no longer change.
const (
	ObjectiveDraft  ObjectiveStatus = "draft"
	ObjectiveActive ObjectiveStatus = "active"
	ObjectiveClosed ObjectiveStatus = "closed"
)

// KeyResultKind says how a key result's progress is measured.
type KeyResultKind string

// Key result kinds.
const (
	// Increase: a metric that should rise from Start to a higher Target.
	Increase KeyResultKind = "increase"
	// Decrease: a metric that should fall from Start to a lower Target.
	Decrease KeyResultKind = "decrease"
	// Milestone: done (1) or not done (0).
	Milestone KeyResultKind = "milestone"
)

// SuggestionStatus is the state of a suggested objective.
type SuggestionStatus string

// Suggestion states: pending → accepted | declined | withdrawn.
const (
	SuggestionPending   SuggestionStatus = "pending"
	SuggestionAccepted  SuggestionStatus = "accepted"
	SuggestionDeclined  SuggestionStatus = "declined"
	SuggestionWithdrawn SuggestionStatus = "withdrawn"
)

// Goal is a person's long-term development goal, such as "I want to be an
// agile coach". It is split into yearly objectives.
type Goal struct {
	ID    string `json:"id"`
	Owner string `json:"owner"`
	// Title states the goal.
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// WhyPerson says why the goal matters to its owner, WhyCompany why it
	// matters to the company: a goal should be a win for both.
	WhyPerson  string `json:"whyPerson,omitempty"`
	WhyCompany string `json:"whyCompany,omitempty"`
	// Tags name the skills and topics of the goal, in lower case. They
	// are used to match mentors, backlog topics and sprint activities.
	Tags []string `json:"tags"`
	// HorizonYear is the year by which the owner hopes to reach the goal;
	// zero when not set.
	HorizonYear int        `json:"horizonYear,omitempty"`
	Status      GoalStatus `json:"status"`
	Visibility  Visibility `json:"visibility"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
	// Version counts the changes stored; it starts at 1.
	Version int64 `json:"version"`
}

// Period is a span of calendar days, both ends included. Dates are held as
// midnight UTC.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Objective is one yearly (or otherwise dated) objective under a goal,
// measured by its key results.
type Objective struct {
	ID     string `json:"id"`
	GoalID string `json:"goalId"`
	// Owner is the owner of the goal, copied here so that a person's
	// objectives are found without reading their goals.
	Owner       string          `json:"owner"`
	Title       string          `json:"title"`
	Description string          `json:"description,omitempty"`
	Kind        ObjectiveKind   `json:"kind"`
	Status      ObjectiveStatus `json:"status"`
	Period      Period          `json:"period"`
	// Tags add topics to those of the goal, for example to align the
	// objective with a company learning topic.
	Tags       []string    `json:"tags"`
	KeyResults []KeyResult `json:"keyResults"`
	// CheckInDays is how often the owner means to check in on each key
	// result, in days; 0 means the host's default.
	CheckInDays int `json:"checkInDays,omitempty"`
	// SuggestionID and SuggestedBy are set when the objective came from
	// an accepted suggestion.
	SuggestionID string `json:"suggestionId,omitempty"`
	SuggestedBy  string `json:"suggestedBy,omitempty"`
	// Closing is set once the objective is closed.
	Closing   *Closing  `json:"closing,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int64     `json:"version"`
}

// Closing records how an objective ended.
type Closing struct {
	// Score is the objective score computed from its key results at the
	// moment of closing.
	Score float64 `json:"score"`
	// Override, when set, replaces Score as the final score; Reason says
	// why the owner chose it.
	Override *float64 `json:"override,omitempty"`
	Reason   string   `json:"reason,omitempty"`
	// Reflection is the owner's look back at the period.
	Reflection string    `json:"reflection,omitempty"`
	ClosedAt   time.Time `json:"closedAt"`
}

// Final returns the override when there is one, or else the computed score.
func (c Closing) Final() float64 {
	if c.Override != nil {
		return *c.Override
	}
	return c.Score
}

// KeyResult is one measurable result of an objective. Its current value is
// that of its latest check-in, or Start before the first one.
type KeyResult struct {
	ID    string        `json:"id"`
	Title string        `json:"title"`
	Kind  KeyResultKind `json:"kind"`
	// Unit names what Start, Target and Current count, for example
	// "talks" or "%"; empty for milestones.
	Unit string `json:"unit,omitempty"`
	// Start and Target bound the metric; for a milestone they are 0 and 1.
	Start  float64 `json:"start"`
	Target float64 `json:"target"`
	// Weight is the share of the key result in its objective's score.
	Weight float64 `json:"weight"`
	// Current is the value of the latest check-in.
	Current float64 `json:"current"`
	// CheckIns counts the check-ins taken; the latest has this sequence
	// number.
	CheckIns int `json:"checkIns"`
	// Confidence is that of the latest check-in and PreviousConfidence
	// that of the one before; nil when there was none.
	Confidence         *int       `json:"confidence,omitempty"`
	PreviousConfidence *int       `json:"previousConfidence,omitempty"`
	LastCheckInAt      *time.Time `json:"lastCheckInAt,omitempty"`
}

// CheckIn is one entry in a key result's append-only history.
type CheckIn struct {
	ID          string `json:"id"`
	ObjectiveID string `json:"objectiveId"`
	KeyResultID string `json:"keyResultId"`
	// Owner is the owner of the objective.
	Owner string `json:"owner"`
	// Seq numbers the check-ins of one key result from 1.
	Seq   int     `json:"seq"`
	Value float64 `json:"value"`
	// Confidence, from 0 to 10, is how sure the owner is to reach the
	// target.
	Confidence int       `json:"confidence"`
	Note       string    `json:"note,omitempty"`
	Author     string    `json:"author"`
	At         time.Time `json:"at"`
}

// Comment is a remark on an objective by anyone who may see it, such as
// the owner's mentor.
type Comment struct {
	ID          string    `json:"id"`
	ObjectiveID string    `json:"objectiveId"`
	Author      string    `json:"author"`
	Body        string    `json:"body"`
	At          time.Time `json:"at"`
}

// Suggestion is an objective proposed to a person by someone else, such as
// their manager or mentor. Nothing enters a person's plan unless they
// accept it.
type Suggestion struct {
	ID string `json:"id"`
	// From suggests; To is the person the objective is for.
	From string `json:"from"`
	To   string `json:"to"`
	// GoalID optionally names the goal of To that the suggestion serves.
	GoalID string `json:"goalId,omitempty"`
	// Message says why the suggestion is made.
	Message   string            `json:"message,omitempty"`
	Objective ObjectiveProposal `json:"objective"`
	Status    SuggestionStatus  `json:"status"`
	// Reason is the optional reason given when declining.
	Reason string `json:"reason,omitempty"`
	// ObjectiveID names the objective created on acceptance.
	ObjectiveID string     `json:"objectiveId,omitempty"`
	CreatedAt   time.Time  `json:"createdAt"`
	DecidedAt   *time.Time `json:"decidedAt,omitempty"`
	Version     int64      `json:"version"`
}

// ObjectiveProposal is the objective part of a suggestion.
type ObjectiveProposal struct {
	Title       string        `json:"title"`
	Description string        `json:"description,omitempty"`
	Kind        ObjectiveKind `json:"kind"`
	Period      Period        `json:"period"`
	Tags        []string      `json:"tags"`
	// KeyResults are the proposed key results; each gets an ID when the
	// suggestion is accepted.
	KeyResults []KeyResultProposal `json:"keyResults"`
}

// KeyResultProposal is a key result as a suggestion proposes it.
type KeyResultProposal struct {
	Title  string        `json:"title"`
	Kind   KeyResultKind `json:"kind"`
	Unit   string        `json:"unit,omitempty"`
	Start  float64       `json:"start"`
	Target float64       `json:"target"`
	Weight float64       `json:"weight"`
}
