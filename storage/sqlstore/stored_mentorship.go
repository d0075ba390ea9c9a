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
