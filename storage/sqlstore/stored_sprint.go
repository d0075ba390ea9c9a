package sqlstore

import (
	"time"

	"github.com/footprint-hq/footprint/sprint"
)

// The stored shapes of the sprint values kept in JSON columns (see
// stored.go). Their json tags are the stored format: frozen. A learning
// goal's measure is stored as an okr key result is (stored_okr.go). An
// activity's enrolments were a JSON column until migration 00013 gave them
// a table of their own; testdata/enrolments_00012.json keeps their last
// stored shape, which that migration reads.

type storedAssessment struct {
	Outcome   sprint.Outcome `json:"outcome"`
	Suggested sprint.Outcome `json:"suggested"`
	Score     float64        `json:"score"`
	Reason    string         `json:"reason,omitempty"`
	By        string         `json:"by"`
	At        time.Time      `json:"at"`
}

func storeAssessment(a sprint.Assessment) storedAssessment { return storedAssessment(a) }
func (s storedAssessment) load() sprint.Assessment         { return sprint.Assessment(s) }

type storedLearningGoal struct {
	ID         string            `json:"id"`
	Statement  string            `json:"statement"`
	Measure    storedKeyResult   `json:"measure"`
	Assessment *storedAssessment `json:"assessment,omitempty"`
}

func storeLearningGoal(g sprint.LearningGoal) storedLearningGoal {
	return storedLearningGoal{
		ID:         g.ID,
		Statement:  g.Statement,
		Measure:    storeKeyResult(g.Measure),
		Assessment: convertPtr(g.Assessment, storeAssessment),
	}
}

func (s storedLearningGoal) load() sprint.LearningGoal {
	return sprint.LearningGoal{
		ID:         s.ID,
		Statement:  s.Statement,
		Measure:    s.Measure.load(),
		Assessment: convertPtr(s.Assessment, storedAssessment.load),
	}
}

type storedTopic struct {
	ID     string               `json:"id"`
	ItemID string               `json:"itemId,omitempty"`
	Title  string               `json:"title"`
	Tags   []string             `json:"tags"`
	Goals  []storedLearningGoal `json:"goals"`
}

func storeTopic(t sprint.Topic) storedTopic {
	return storedTopic{
		ID:     t.ID,
		ItemID: t.ItemID,
		Title:  t.Title,
		Tags:   t.Tags,
		Goals:  convertSlice(t.Goals, storeLearningGoal),
	}
}

func (s storedTopic) load() sprint.Topic {
	return sprint.Topic{
		ID:     s.ID,
		ItemID: s.ItemID,
		Title:  s.Title,
		Tags:   s.Tags,
		Goals:  convertSlice(s.Goals, storedLearningGoal.load),
	}
}

type storedAction struct {
	ID        string              `json:"id"`
	Text      string              `json:"text"`
	Owner     string              `json:"owner"`
	Status    sprint.ActionStatus `json:"status"`
	Origin    string              `json:"origin"`
	Carries   int                 `json:"carries"`
	CreatedAt time.Time           `json:"createdAt"`
}

func storeAction(a sprint.Action) storedAction { return storedAction(a) }
func (s storedAction) load() sprint.Action     { return sprint.Action(s) }

// storedCarriedAction stores the action's fields at its own level, as
// the embedded action does.
type storedCarriedAction struct {
	storedAction
	Resolution sprint.Resolution `json:"resolution,omitempty"`
	ResolvedBy string            `json:"resolvedBy,omitempty"`
	ResolvedAt *time.Time        `json:"resolvedAt,omitempty"`
}

func storeCarriedAction(c sprint.CarriedAction) storedCarriedAction {
	return storedCarriedAction{
		storedAction: storeAction(c.Action),
		Resolution:   c.Resolution,
		ResolvedBy:   c.ResolvedBy,
		ResolvedAt:   c.ResolvedAt,
	}
}

func (s storedCarriedAction) load() sprint.CarriedAction {
	return sprint.CarriedAction{
		Action:     s.storedAction.load(),
		Resolution: s.Resolution,
		ResolvedBy: s.ResolvedBy,
		ResolvedAt: s.ResolvedAt,
	}
}

type storedNote struct {
	ID     string          `json:"id"`
	Kind   sprint.NoteKind `json:"kind"`
	Text   string          `json:"text"`
	Author string          `json:"author"`
	At     time.Time       `json:"at"`
	Votes  []string        `json:"votes"`
}

func storeNote(n sprint.Note) storedNote { return storedNote(n) }
func (s storedNote) load() sprint.Note   { return sprint.Note(s) }

type storedRetrospective struct {
	Notes      []storedNote   `json:"notes"`
	Actions    []storedAction `json:"actions"`
	Summary    string         `json:"summary,omitempty"`
	RecordedBy string         `json:"recordedBy,omitempty"`
	RecordedAt *time.Time     `json:"recordedAt,omitempty"`
}

func storeRetrospective(r sprint.Retrospective) storedRetrospective {
	return storedRetrospective{
		Notes:      convertSlice(r.Notes, storeNote),
		Actions:    convertSlice(r.Actions, storeAction),
		Summary:    r.Summary,
		RecordedBy: r.RecordedBy,
		RecordedAt: r.RecordedAt,
	}
}

func (s storedRetrospective) load() sprint.Retrospective {
	return sprint.Retrospective{
		Notes:      convertSlice(s.Notes, storedNote.load),
		Actions:    convertSlice(s.Actions, storedAction.load),
		Summary:    s.Summary,
		RecordedBy: s.RecordedBy,
		RecordedAt: s.RecordedAt,
	}
}

type storedTransition struct {
	From sprint.State `json:"from"`
	To   sprint.State `json:"to"`
	By   string       `json:"by"`
	At   time.Time    `json:"at"`
}

func storeTransition(t sprint.Transition) storedTransition { return storedTransition(t) }
func (s storedTransition) load() sprint.Transition         { return sprint.Transition(s) }
