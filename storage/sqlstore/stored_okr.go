package sqlstore

import (
	"time"

	"github.com/footprint-hq/footprint/okr"
)

// The stored shapes of the okr values kept in JSON columns (see stored.go).
// Their json tags are the stored format: frozen.

type storedKeyResult struct {
	ID                 string            `json:"id"`
	Title              string            `json:"title"`
	Kind               okr.KeyResultKind `json:"kind"`
	Unit               string            `json:"unit,omitempty"`
	Start              float64           `json:"start"`
	Target             float64           `json:"target"`
	Weight             float64           `json:"weight"`
	Current            float64           `json:"current"`
	CheckIns           int               `json:"checkIns"`
	Confidence         *int              `json:"confidence,omitempty"`
	PreviousConfidence *int              `json:"previousConfidence,omitempty"`
	LastCheckInAt      *time.Time        `json:"lastCheckInAt,omitempty"`
}

func storeKeyResult(k okr.KeyResult) storedKeyResult { return storedKeyResult(k) }
func (s storedKeyResult) load() okr.KeyResult        { return okr.KeyResult(s) }

type storedClosing struct {
	Score      float64   `json:"score"`
	Override   *float64  `json:"override,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	Reflection string    `json:"reflection,omitempty"`
	ClosedAt   time.Time `json:"closedAt"`
}

func storeClosing(c okr.Closing) storedClosing { return storedClosing(c) }
func (s storedClosing) load() okr.Closing      { return okr.Closing(s) }

type storedPeriod struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

func storePeriod(p okr.Period) storedPeriod { return storedPeriod(p) }
func (s storedPeriod) load() okr.Period     { return okr.Period(s) }

type storedKeyResultProposal struct {
	Title  string            `json:"title"`
	Kind   okr.KeyResultKind `json:"kind"`
	Unit   string            `json:"unit,omitempty"`
	Start  float64           `json:"start"`
	Target float64           `json:"target"`
	Weight float64           `json:"weight"`
}

func storeKeyResultProposal(p okr.KeyResultProposal) storedKeyResultProposal {
	return storedKeyResultProposal(p)
}
func (s storedKeyResultProposal) load() okr.KeyResultProposal { return okr.KeyResultProposal(s) }

type storedObjectiveProposal struct {
	Title       string                    `json:"title"`
	Description string                    `json:"description,omitempty"`
	Kind        okr.ObjectiveKind         `json:"kind"`
	Period      storedPeriod              `json:"period"`
	Tags        []string                  `json:"tags"`
	KeyResults  []storedKeyResultProposal `json:"keyResults"`
}

func storeObjectiveProposal(p okr.ObjectiveProposal) storedObjectiveProposal {
	return storedObjectiveProposal{
		Title:       p.Title,
		Description: p.Description,
		Kind:        p.Kind,
		Period:      storePeriod(p.Period),
		Tags:        p.Tags,
		KeyResults:  convertSlice(p.KeyResults, storeKeyResultProposal),
	}
}

func (s storedObjectiveProposal) load() okr.ObjectiveProposal {
	return okr.ObjectiveProposal{
		Title:       s.Title,
		Description: s.Description,
		Kind:        s.Kind,
		Period:      s.Period.load(),
		Tags:        s.Tags,
		KeyResults:  convertSlice(s.KeyResults, storedKeyResultProposal.load),
	}
}
