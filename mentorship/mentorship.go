package mentorship

import "time"

// RelationKind says how a relation came about.
type RelationKind string

// Relation kinds.
const (
	// KindChosen: the mentee asked this mentor and the mentor accepted.
	// Chosen relations take a seat of the mentor's capacity. Nobody
	// chooses their own team lead, who mentors them by default.
	KindChosen RelationKind = "chosen"
	// KindDefault: the mentee's team lead, who mentors everyone in their
	// team who has chosen nobody else. A default relation is stored only
	// once someone opens its meeting log (Service.DefaultRelation); it
	// never takes a seat of capacity.
	KindDefault RelationKind = "default"
)

// RelationStatus is the state of a relation.
type RelationStatus string

// Relation states. A request is proposed; it becomes active when the
// mentor accepts, or closes as declined (by the mentor), withdrawn (by the
// mentee), expired (unanswered for the request TTL) or superseded (another
// request of the same mentee was accepted first). An active relation ends
// with an EndReason. Default relations start active.
const (
	StatusProposed   RelationStatus = "proposed"
	StatusActive     RelationStatus = "active"
	StatusDeclined   RelationStatus = "declined"
	StatusWithdrawn  RelationStatus = "withdrawn"
	StatusExpired    RelationStatus = "expired"
	StatusSuperseded RelationStatus = "superseded"
	StatusEnded      RelationStatus = "ended"
)

// EndReason says why an active relation ended.
type EndReason string

// End reasons.
const (
	// EndCompleted: either participant says the mentoring reached its aim.
	EndCompleted EndReason = "completed"
	// EndSwitched: the mentee moved to another mentor (set by the
	// Service when a new request is accepted, or when a team lead
	// changes).
	EndSwitched EndReason = "switched"
	// EndByMentee: the mentee ended it; they fall back to their team lead.
	EndByMentee EndReason = "ended_by_mentee"
	// EndByMentor: the mentor ended it.
	EndByMentor EndReason = "ended_by_mentor"
	// EndMentorUnavailable: the mentor can no longer mentor (leave, new
	// role, no time).
	EndMentorUnavailable EndReason = "mentor_unavailable"
)

// Profile is a person's offer to mentor: how many chosen mentees they take
// at once, what they know, and who they mentor now. A person's profile
// has their person ID as its ID.
type Profile struct {
	Person string `json:"person"`
	// Capacity is the most chosen mentees the person takes at once; 0
	// means not accepting anyone now. Lowering it below Active ends no
	// relation, it only leaves no seat.
	Capacity int `json:"capacity"`
	// Expertise tags, in lower case, such as "go" or "agile".
	Expertise []string `json:"expertise"`
	// Note is a short introduction shown to people looking for a mentor.
	Note string `json:"note,omitempty"`
	// Mentees are the people in an active chosen relation with this
	// mentor, sorted. The Service keeps this list: accepting a request
	// checks capacity against it with the profile locked, which makes the
	// capacity hold under concurrent accepts. Only the mentor sees it;
	// others see Active.
	Mentees []string `json:"mentees,omitempty"`
	// Active is len(Mentees).
	Active    int       `json:"active"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int64     `json:"version"`
}

// SeatsLeft returns how many more chosen mentees the mentor takes now:
// Capacity − Active, and never below zero.
func (p Profile) SeatsLeft() int { return max(0, p.Capacity-p.Active) }

// Accepting reports whether the mentor takes a new mentee now.
func (p Profile) Accepting() bool { return p.SeatsLeft() > 0 }

// Mentee is the per-person record of who mentors someone now. The Service
// creates it when the person's first request goes ahead (or their default
// relation's log is first opened) and locks it in every change of their
// active relation and every new request, so a person never has two
// active relations, even when two of their requests are accepted at the
// same moment. A person without a record, or with an empty RelationID, is
// mentored by their team lead; so is a person whose record names a
// default relation with a former team lead.
type Mentee struct {
	Person string `json:"person"`
	// RelationID is the person's active relation, "" when none is stored.
	RelationID string `json:"relationId,omitempty"`
	// Mentor and Kind are those of the active relation.
	Mentor    string       `json:"mentor,omitempty"`
	Kind      RelationKind `json:"kind,omitempty"`
	UpdatedAt time.Time    `json:"updatedAt"`
	Version   int64        `json:"version"`
}

// Relation is a mentee–mentor relation, from the request to its end. It is
// kept after it ends, with its meetings, so switching mentor loses no
// history. Only its two participants may see it.
type Relation struct {
	ID     string         `json:"id"`
	Kind   RelationKind   `json:"kind"`
	Mentee string         `json:"mentee"`
	Mentor string         `json:"mentor"`
	Status RelationStatus `json:"status"`
	// Message is the mentee's request; Response the mentor's answer on
	// accepting or declining.
	Message     string    `json:"message,omitempty"`
	Response    string    `json:"response,omitempty"`
	RequestedAt time.Time `json:"requestedAt"`
	// ExpiresAt is when an unanswered request expires; nil for default
	// relations.
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
	// DecidedAt is when the request stopped being proposed.
	DecidedAt *time.Time `json:"decidedAt,omitempty"`
	StartedAt *time.Time `json:"startedAt,omitempty"`
	// EndedAt is when the end was stored. A default relation that reads
	// as ended because the mentee's team lead changed has none until
	// Sweep, or the next change of the mentee's mentor, stores the end.
	EndedAt   *time.Time `json:"endedAt,omitempty"`
	EndReason EndReason  `json:"endReason,omitempty"`
	// EndedBy is the person who ended the relation; empty when the
	// Service did (on a switch).
	EndedBy string `json:"endedBy,omitempty"`
	EndNote string `json:"endNote,omitempty"`
	// CadenceDays is how often the pair means to meet.
	CadenceDays int `json:"cadenceDays"`
	// Meetings counts the meetings recorded and LastMeetingAt is the
	// latest of their dates.
	Meetings      int        `json:"meetings"`
	LastMeetingAt *time.Time `json:"lastMeetingAt,omitempty"`
	// OverdueNotified is the due time of the last meeting-overdue event
	// Sweep sent, so that each missed meeting is reported once.
	OverdueNotified *time.Time `json:"overdueNotified,omitempty"`
	// Planned is the next session the pair planned (PlanSession), until
	// a meeting is recorded or the plan is cancelled.
	Planned *Session `json:"planned,omitempty"`
	Version int64    `json:"version"`
}

// Participant reports whether person is the mentee or the mentor.
func (r *Relation) Participant(person string) bool {
	return person != "" && (person == r.Mentee || person == r.Mentor)
}

// ExpiredAt reports whether the relation is a request that has expired at
// t: proposed, and t is not before ExpiresAt.
func (r *Relation) ExpiredAt(t time.Time) bool {
	return r.Status == StatusProposed && r.ExpiresAt != nil && !t.Before(*r.ExpiresAt)
}

// NextMeetingDue returns when the next meeting of an active relation is
// due: CadenceDays after the latest meeting, or after the start when there
// was none. It returns the zero time for relations that are not active.
func (r *Relation) NextMeetingDue() time.Time {
	if r.Status != StatusActive || r.StartedAt == nil {
		return time.Time{}
	}
	from := *r.StartedAt
	if r.LastMeetingAt != nil && r.LastMeetingAt.After(from) {
		from = *r.LastMeetingAt
	}
	return from.AddDate(0, 0, r.CadenceDays)
}

// OverdueAt reports whether the next meeting of an active relation is
// overdue at t, that is, t is after NextMeetingDue.
func (r *Relation) OverdueAt(t time.Time) bool {
	due := r.NextMeetingDue()
	return !due.IsZero() && t.After(due)
}

// Meeting is the log of one mentoring meeting. Only the relation's two
// participants may read it.
type Meeting struct {
	ID         string `json:"id"`
	RelationID string `json:"relationId"`
	// Mentee and Mentor are copied from the relation.
	Mentee string `json:"mentee"`
	Mentor string `json:"mentor"`
	// At is when the meeting took place.
	At              time.Time `json:"at"`
	DurationMinutes int       `json:"durationMinutes,omitempty"`
	Notes           string    `json:"notes,omitempty"`
	Progress        Progress  `json:"progress"`
	Feedback        string    `json:"feedback,omitempty"`
	Ideas           string    `json:"ideas,omitempty"`
	// NextSteps are the action items agreed.
	NextSteps  []NextStep `json:"nextSteps"`
	RecordedBy string     `json:"recordedBy"`
	CreatedAt  time.Time  `json:"createdAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
	Version    int64      `json:"version"`
}

// Progress is the assessment of the mentee's progress at a meeting. It may
// name the mentee's okr goals and objectives it talks about; the IDs are
// kept as given (the okr service decides who may read them).
type Progress struct {
	Text         string   `json:"text,omitempty"`
	GoalIDs      []string `json:"goalIds,omitempty"`
	ObjectiveIDs []string `json:"objectiveIds,omitempty"`
}

// NextStep is an action item agreed at a meeting.
type NextStep struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// Owner is the participant who takes it on.
	Owner  string     `json:"owner"`
	Due    *time.Time `json:"due,omitempty"`
	Done   bool       `json:"done"`
	DoneAt *time.Time `json:"doneAt,omitempty"`
}
