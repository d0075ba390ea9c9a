package sqlstore

import (
	"time"

	"github.com/footprint-hq/footprint/mentorship"
)

// The stored shapes of the mentorship values kept in JSON columns (see
// stored.go). Their json tags are the stored format: frozen.

type storedProgress struct {
	Text         string   `json:"text,omitempty"`
	GoalIDs      []string `json:"goalIds,omitempty"`
	ObjectiveIDs []string `json:"objectiveIds,omitempty"`
}

func storeProgress(p mentorship.Progress) storedProgress { return storedProgress(p) }
func (s storedProgress) load() mentorship.Progress       { return mentorship.Progress(s) }

type storedNextStep struct {
	ID     string     `json:"id"`
	Text   string     `json:"text"`
	Owner  string     `json:"owner"`
	Due    *time.Time `json:"due,omitempty"`
	Done   bool       `json:"done"`
	DoneAt *time.Time `json:"doneAt,omitempty"`
}

func storeNextStep(n mentorship.NextStep) storedNextStep { return storedNextStep(n) }
func (s storedNextStep) load() mentorship.NextStep       { return mentorship.NextStep(s) }

// storedSession is a planned mentoring session as the planned column of
// mentorship_relations holds it.
type storedSession struct {
	At        time.Time          `json:"at"`
	Minutes   int                `json:"minutes"`
	Agenda    []storedAgendaItem `json:"agenda"`
	PlannedBy string             `json:"plannedBy"`
	PlannedAt time.Time          `json:"plannedAt"`
}

type storedAgendaItem struct {
	Text   string `json:"text"`
	StepID string `json:"stepId,omitempty"`
}

func storeSession(p mentorship.Session) storedSession {
	out := storedSession{At: p.At, Minutes: p.Minutes, PlannedBy: p.PlannedBy, PlannedAt: p.PlannedAt, Agenda: []storedAgendaItem{}}
	for _, a := range p.Agenda {
		out.Agenda = append(out.Agenda, storedAgendaItem(a))
	}
	return out
}

func (s storedSession) load() mentorship.Session {
	out := mentorship.Session{At: s.At, Minutes: s.Minutes, PlannedBy: s.PlannedBy, PlannedAt: s.PlannedAt, Agenda: []mentorship.AgendaItem{}}
	for _, a := range s.Agenda {
		out.Agenda = append(out.Agenda, mentorship.AgendaItem(a))
	}
	return out
}
