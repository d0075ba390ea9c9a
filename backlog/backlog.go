package backlog

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ItemStatus is the state of a backlog item; see the package documentation
// for the state machine.
type ItemStatus string

// Item states.
const (
	// StatusOpen: waiting in the backlog to be ranked by the next
	// prioritisation meeting.
	StatusOpen ItemStatus = "open"
	// StatusSelected: chosen by a prioritisation meeting for a sprint.
	StatusSelected ItemStatus = "selected"
	// StatusDone: learned in the sprint it was selected for. Final.
	StatusDone ItemStatus = "done"
	// StatusRejected: a facilitator declined it, with a reason. Final.
	StatusRejected ItemStatus = "rejected"
	// StatusDuplicate: it repeats another item (DuplicateOf). Final.
	StatusDuplicate ItemStatus = "duplicate"
	// StatusArchived: a facilitator put it away without a decision. Final.
	StatusArchived ItemStatus = "archived"
)

// Item is one suggestion in the learning backlog. It is an aggregate: it
// changes only through Store.UpdateItem, and its status only through the
// transition methods (Select, Complete, Return, Reject, MarkDuplicate,
// Archive), which enforce the state machine.
type Item struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// Tags name the topics of the item, in lower case.
	Tags []string `json:"tags"`
	// Links point to material about the topic.
	Links []string `json:"links"`
	// SuggestedBy is the person who added the item; only they may edit it,
	// and only until it is first selected.
	SuggestedBy string `json:"suggestedBy"`
	// Effort is the author's optional estimate of the effort the topic
	// takes, in the unit the host uses for effort budgets (person-days,
	// say). Participants' effort estimates take precedence over it.
	Effort *float64   `json:"effort,omitempty"`
	Status ItemStatus `json:"status"`
	// MeetingID names the prioritisation meeting that selected the item;
	// it is set while the item is selected or done.
	MeetingID string `json:"meetingId,omitempty"`
	// CarryOvers counts how often the item was selected and then returned
	// to the backlog unfinished at the end of a sprint.
	CarryOvers int `json:"carryOvers"`
	// FirstSelectedAt is when a meeting first selected the item; from then
	// on its author may no longer edit it.
	FirstSelectedAt *time.Time `json:"firstSelectedAt,omitempty"`
	// Reason says why the item was rejected.
	Reason string `json:"reason,omitempty"`
	// DuplicateOf names the item this one repeats.
	DuplicateOf string `json:"duplicateOf,omitempty"`
	// Supporters are the people who support (+1) the item, ordered by
	// person ID; each appears once.
	Supporters []Support `json:"supporters"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
	// StatusChangedAt is when the item last changed status (its creation
	// time before that).
	StatusChangedAt time.Time `json:"statusChangedAt"`
	// Version counts the changes stored; it starts at 1.
	Version int64 `json:"version"`
}

// Support is one person's +1 on an item, with why they want it.
type Support struct {
	Person string    `json:"person"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// SupportCount returns the number of people supporting the item.
func (it *Item) SupportCount() int { return len(it.Supporters) }

// Editable reports whether the author may still edit the item: it is open
// and was never selected.
func (it *Item) Editable() bool { return it.Status == StatusOpen && it.FirstSelectedAt == nil }

// MeetingStatus is the state of a prioritisation meeting.
type MeetingStatus string

// Meeting states: open → closed | cancelled.
const (
	// MeetingOpen: participants submit estimates and ballots.
	MeetingOpen MeetingStatus = "open"
	// MeetingClosed: ranked and decided; the meeting no longer changes.
	MeetingClosed MeetingStatus = "closed"
	// MeetingCancelled: ended without a decision; nothing was selected.
	MeetingCancelled MeetingStatus = "cancelled"
)

// Aggregation says how the estimates of several participants for one item
// combine into one value per field.
type Aggregation string

// Aggregations.
const (
	// Median: the middle value, or the mean of the two middle values for
	// an even count. The default: one extreme estimate moves it little.
	Median Aggregation = "median"
	// Mean: the arithmetic mean.
	Mean Aggregation = "mean"
)

// DefaultMaxTopics is the number of topics a sprint takes when the meeting
// does not say: the source text's "two to three topics".
const DefaultMaxTopics = 3

// Capacity is what a sprint can take.
type Capacity struct {
	// MaxTopics is the most items selected; at least 1.
	MaxTopics int `json:"maxTopics"`
	// Budget, when set, is the total effort the selected items may take,
	// in the unit of the effort estimates.
	Budget *float64 `json:"budget,omitempty"`
}

// Meeting is a prioritisation meeting held before a quarter: a facilitator
// opens it with participants, a policy and a capacity; participants submit
// estimates and ballots; closing it ranks every open item and selects the
// top items that fit. A closed meeting holds the exact inputs of its
// decision (Snapshot) and the decision (Result), and never changes again.
type Meeting struct {
	ID string `json:"id"`
	// Quarter is the quarter whose sprint the meeting prioritises.
	Quarter Quarter `json:"quarter"`
	Title   string  `json:"title,omitempty"`
	// Facilitators run the meeting: the person who opened it first, then
	// the co-facilitators named when it opened. Only they change, close or
	// cancel it, while they are company facilitators; when none of them is
	// any more, any company facilitator may.
	Facilitators []string `json:"facilitators"`
	// Participants may submit estimates and ballots, ordered by ID.
	Participants []string `json:"participants"`
	// Policy ranks the items when the meeting closes.
	Policy      PolicySpec    `json:"policy"`
	Capacity    Capacity      `json:"capacity"`
	Aggregation Aggregation   `json:"aggregation"`
	Status      MeetingStatus `json:"status"`
	// Submissions hold each participant's estimates and ballot, ordered by
	// participant.
	Submissions []Submission `json:"submissions"`
	// Snapshot and Result are set when the meeting closes.
	Snapshot *Snapshot `json:"snapshot,omitempty"`
	Result   *Result   `json:"result,omitempty"`
	OpenedBy string    `json:"openedBy"`
	// ClosedBy is the facilitator who closed or cancelled the meeting.
	ClosedBy  string     `json:"closedBy,omitempty"`
	ClosedAt  *time.Time `json:"closedAt,omitempty"`
	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
	Version   int64      `json:"version"`
}

// Selected returns the IDs of the items the closed meeting selected, best
// ranked first; nil while the meeting is open or when it was cancelled.
func (m *Meeting) Selected() []string {
	if m.Result == nil {
		return nil
	}
	return m.Result.Selected
}

// Submission is what one participant submitted to a meeting.
type Submission struct {
	Participant string `json:"participant"`
	// Estimates hold at most one estimate per item, ordered by item ID.
	Estimates []Estimate `json:"estimates"`
	// Ballot ranks items, best first; used by the Borda policy.
	Ballot []string  `json:"ballot"`
	At     time.Time `json:"at"`
}

// Estimate is one participant's estimate of one item. Impact is required;
// the other fields are optional unless the meeting's policy needs them
// (see Requirer). Scales:
//
//   - Impact: impact on business performance, 1 (barely noticeable) to 10
//     (changes how the business performs).
//   - TimeCriticality: how much value decays while waiting, 0 to 10.
//   - RiskReduction: risk reduction or opportunity enablement, 0 to 10.
//   - Reach: people who benefit within a quarter, 0 or more.
//   - Confidence: confidence in the estimate, in percent, 0 to 100.
//   - Effort: effort (or job size), greater than 0, in the unit of the
//     meeting's budget.
type Estimate struct {
	ItemID          string   `json:"itemId" validate:"required"`
	Impact          *float64 `json:"impact" validate:"required,gte=1,lte=10"`
	TimeCriticality *float64 `json:"timeCriticality,omitempty" validate:"omitnil,gte=0,lte=10"`
	RiskReduction   *float64 `json:"riskReduction,omitempty" validate:"omitnil,gte=0,lte=10"`
	Reach           *float64 `json:"reach,omitempty" validate:"omitnil,gte=0,lte=1000000000"`
	Confidence      *float64 `json:"confidence,omitempty" validate:"omitnil,gte=0,lte=100"`
	Effort          *float64 `json:"effort,omitempty" validate:"omitnil,gt=0,lte=1000000"`
}

// Ballot is one participant's ranking of items, best first.
type Ballot struct {
	Participant string   `json:"participant"`
	Items       []string `json:"items"`
}

// Aggregate holds the estimates of all participants for one item combined
// into one value per field (see Aggregation). Impact is 0 for an item
// nobody estimated; an optional field is nil when nobody gave it. Effort
// falls back to the item author's own estimate when no participant gave
// one.
type Aggregate struct {
	Impact          float64  `json:"impact"`
	TimeCriticality *float64 `json:"timeCriticality,omitempty"`
	RiskReduction   *float64 `json:"riskReduction,omitempty"`
	Reach           *float64 `json:"reach,omitempty"`
	Confidence      *float64 `json:"confidence,omitempty"`
	Effort          *float64 `json:"effort,omitempty"`
}

// Candidate is an open item as a policy sees it at one meeting: its
// aggregated estimates and the facts policies may weigh.
type Candidate struct {
	ItemID string `json:"itemId"`
	Title  string `json:"title"`
	// Estimate is the aggregate of the participants' estimates.
	Estimate Aggregate `json:"estimate"`
	// Estimates is the number of participants who estimated the item.
	Estimates int `json:"estimates"`
	// Support is the number of people supporting the item.
	Support int `json:"support"`
	// Age is the number of quarters the item has waited: the quarters
	// between the (fiscal) quarter it was suggested in and the meeting's
	// quarter, not counting either (see Quarter.Since).
	Age int `json:"age"`
	// CarryOvers counts the sprints that returned the item unfinished.
	CarryOvers int `json:"carryOvers"`
}

// Snapshot is the exact input of a meeting's decision, recorded when it
// closes: deciding again on it with the same policy gives the same Result
// (see Decide and Service.Replay).
type Snapshot struct {
	Quarter Quarter `json:"quarter"`
	// Policy is the full specification of the policy, defaults filled in.
	Policy      PolicySpec  `json:"policy"`
	Capacity    Capacity    `json:"capacity"`
	Aggregation Aggregation `json:"aggregation"`
	// Candidates are every item open at the close, ordered by item ID.
	Candidates []Candidate `json:"candidates"`
	// Ballots are the participants' ballots, ordered by participant, with
	// entries that are not candidates removed.
	Ballots []Ballot `json:"ballots"`
}

// Input returns what a policy scores.
func (s *Snapshot) Input() Input { return Input{Candidates: s.Candidates, Ballots: s.Ballots} }

// Reason says why an item was or was not selected.
type Reason string

// Reasons, in the order selection checks them.
const (
	// ReasonSelected: the item fits the remaining capacity.
	ReasonSelected Reason = "fits the capacity"
	// ReasonNoScore: its score is not above zero (for example nobody
	// estimated or ranked it), so it is never selected.
	ReasonNoScore Reason = "score not above zero"
	// ReasonTopicsFull: the sprint already has its maximum number of
	// topics.
	ReasonTopicsFull Reason = "max topics reached"
	// ReasonNoEffort: the meeting has an effort budget and the item has no
	// effort estimate.
	ReasonNoEffort Reason = "no effort estimate for the budget"
	// ReasonOverBudget: its effort exceeds what is left of the budget.
	ReasonOverBudget Reason = "exceeds remaining budget"
)

// Entry is one item's place in a ranking and the decision about it.
type Entry struct {
	ItemID string `json:"itemId"`
	// Rank is the item's position, from 1.
	Rank  int     `json:"rank"`
	Score float64 `json:"score"`
	// Components break the score down into the named values its policy's
	// formula combined.
	Components []Component `json:"components"`
	// Explanation says in words how the score was computed. Ranking.Entry
	// leaves it empty; Decide fills it in.
	Explanation string `json:"explanation,omitempty"`
	Selected    bool   `json:"selected"`
	// Reason says why the item was or was not selected; Ranking.Entry
	// leaves it empty.
	Reason Reason `json:"reason,omitempty"`
}

// Result is the decision of a prioritisation meeting.
type Result struct {
	// Entries hold every candidate, best ranked first.
	Entries []Entry `json:"entries"`
	// Selected are the IDs of the selected items, best ranked first.
	Selected []string `json:"selected"`
	// Effort is the total known effort of the selected items.
	Effort float64 `json:"effort"`
}

// Quarter is a quarter of a fiscal year, such as 2026-Q3. Fiscal year
// 2026 starts on the first day of its start month in calendar year 2026
// (with January, the default, fiscal and calendar quarters agree; see
// FiscalQuarterOf and WithFiscalYearStart). Its text form, used in JSON,
// is "YYYY-Qn"; the zero Quarter's text form is empty.
type Quarter struct {
	Year int `json:"-"`
	// Num is the quarter of the year, 1 to 4.
	Num int `json:"-"`
}

// QuarterOf returns the calendar quarter t falls in, in UTC: its fiscal
// quarter for years starting in January.
func QuarterOf(t time.Time) Quarter { return FiscalQuarterOf(t, time.January) }

// FiscalQuarterOf returns the fiscal quarter t falls in, in UTC, for fiscal
// years starting on the first day of month yearStart: fiscal year y starts
// in calendar year y, and its quarter n starts 3 × (n − 1) months later,
// as sprint.QuarterPeriod has it. With October, 15 November 2026 is in
// 2026-Q1 and 15 February 2026 in 2025-Q2. It panics when yearStart is not
// a month from January to December.
func FiscalQuarterOf(t time.Time, yearStart time.Month) Quarter {
	checkMonth(yearStart)
	t = t.UTC()
	y, months := t.Year(), int(t.Month())-int(yearStart)
	if months < 0 {
		y, months = y-1, months+12
	}
	return Quarter{Year: y, Num: months/3 + 1}
}

// checkMonth panics unless m is a month from January to December.
func checkMonth(m time.Month) {
	if m < time.January || m > time.December {
		panic(fmt.Sprintf("backlog: fiscal year start %d is not a month from 1 to 12", int(m)))
	}
}

// ParseQuarter parses the text form "YYYY-Qn".
func ParseQuarter(s string) (Quarter, error) {
	year, num, ok := strings.Cut(strings.TrimSpace(s), "-Q")
	y, err1 := strconv.Atoi(year)
	n, err2 := strconv.Atoi(num)
	if !ok || err1 != nil || err2 != nil || len(year) != 4 || len(num) != 1 || y < 1 || n < 1 || n > 4 {
		return Quarter{}, fmt.Errorf("backlog: quarter %q: must look like 2026-Q3", s)
	}
	return Quarter{Year: y, Num: n}, nil
}

// IsZero reports whether q is the zero Quarter.
func (q Quarter) IsZero() bool { return q == Quarter{} }

// String returns the text form, such as "2026-Q3".
func (q Quarter) String() string {
	if q.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-Q%d", q.Year, q.Num)
}

// Index numbers quarters consecutively: Index of the next quarter is one
// more.
func (q Quarter) Index() int { return q.Year*4 + q.Num - 1 }

// Add returns the quarter n quarters after q (before q for negative n).
func (q Quarter) Add(n int) Quarter {
	i := q.Index() + n
	return Quarter{Year: i / 4, Num: i%4 + 1}
}

// Since returns the number of quarters strictly between p and q, or 0 when
// q is not after p. An item suggested in p and ranked at the meeting for q
// has waited q.Since(p) quarters: one suggested in 2026-Q2 and ranked for
// 2026-Q3 has waited 0, and 1 when ranked again for 2026-Q4.
func (q Quarter) Since(p Quarter) int { return max(0, q.Index()-p.Index()-1) }

// Start returns midnight UTC of the quarter's first day, for fiscal years
// starting in January (calendar quarters); see FiscalStart.
func (q Quarter) Start() time.Time { return q.FiscalStart(time.January) }

// FiscalStart returns midnight UTC of the quarter's first day, for fiscal
// years starting in month yearStart (see FiscalQuarterOf): with October,
// 2026-Q1 starts on 1 October 2026 and 2026-Q2 on 1 January 2027. It
// panics when yearStart is not a month from January to December.
func (q Quarter) FiscalStart(yearStart time.Month) time.Time {
	checkMonth(yearStart)
	return time.Date(q.Year, yearStart+time.Month(3*(q.Num-1)), 1, 0, 0, 0, 0, time.UTC)
}

// MarshalText returns the text form.
func (q Quarter) MarshalText() ([]byte, error) { return []byte(q.String()), nil }

// UnmarshalText parses the text form; empty text gives the zero Quarter.
func (q *Quarter) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*q = Quarter{}
		return nil
	}
	p, err := ParseQuarter(string(b))
	if err != nil {
		return err
	}
	*q = p
	return nil
}
