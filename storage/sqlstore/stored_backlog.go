package sqlstore

import (
	"time"

	"github.com/footprint-hq/footprint/backlog"
)

// The stored shapes of the backlog values kept in JSON columns (see
// stored.go). Their json tags are the stored format: frozen. A quarter is
// stored in its text form ("2026-Q2"), as the quarter columns store it.

type storedSupport struct {
	Person string    `json:"person"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

func storeSupport(s backlog.Support) storedSupport { return storedSupport(s) }
func (s storedSupport) load() backlog.Support      { return backlog.Support(s) }

type storedPolicySpec struct {
	Name   string             `json:"name"`
	Params map[string]float64 `json:"params,omitempty"`
	Base   *storedPolicySpec  `json:"base,omitempty"`
}

func storePolicySpec(p backlog.PolicySpec) storedPolicySpec {
	return storedPolicySpec{Name: p.Name, Params: p.Params, Base: convertPtr(p.Base, storePolicySpec)}
}

func (s storedPolicySpec) load() backlog.PolicySpec {
	return backlog.PolicySpec{Name: s.Name, Params: s.Params, Base: convertPtr(s.Base, storedPolicySpec.load)}
}

type storedEstimate struct {
	ItemID          string   `json:"itemId"`
	Impact          *float64 `json:"impact"`
	TimeCriticality *float64 `json:"timeCriticality,omitempty"`
	RiskReduction   *float64 `json:"riskReduction,omitempty"`
	Reach           *float64 `json:"reach,omitempty"`
	Confidence      *float64 `json:"confidence,omitempty"`
	Effort          *float64 `json:"effort,omitempty"`
}

func storeEstimate(e backlog.Estimate) storedEstimate { return storedEstimate(e) }
func (s storedEstimate) load() backlog.Estimate       { return backlog.Estimate(s) }

type storedSubmission struct {
	Participant string           `json:"participant"`
	Estimates   []storedEstimate `json:"estimates"`
	Ballot      []string         `json:"ballot"`
	At          time.Time        `json:"at"`
}

func storeSubmission(s backlog.Submission) storedSubmission {
	return storedSubmission{
		Participant: s.Participant,
		Estimates:   convertSlice(s.Estimates, storeEstimate),
		Ballot:      s.Ballot,
		At:          s.At,
	}
}

func (s storedSubmission) load() backlog.Submission {
	return backlog.Submission{
		Participant: s.Participant,
		Estimates:   convertSlice(s.Estimates, storedEstimate.load),
		Ballot:      s.Ballot,
		At:          s.At,
	}
}

type storedCapacity struct {
	MaxTopics int      `json:"maxTopics"`
	Budget    *float64 `json:"budget,omitempty"`
}

func storeCapacity(c backlog.Capacity) storedCapacity { return storedCapacity(c) }
func (s storedCapacity) load() backlog.Capacity       { return backlog.Capacity(s) }

type storedAggregate struct {
	Impact          float64  `json:"impact"`
	TimeCriticality *float64 `json:"timeCriticality,omitempty"`
	RiskReduction   *float64 `json:"riskReduction,omitempty"`
	Reach           *float64 `json:"reach,omitempty"`
	Confidence      *float64 `json:"confidence,omitempty"`
	Effort          *float64 `json:"effort,omitempty"`
}

func storeAggregate(a backlog.Aggregate) storedAggregate { return storedAggregate(a) }
func (s storedAggregate) load() backlog.Aggregate        { return backlog.Aggregate(s) }

type storedCandidate struct {
	ItemID     string          `json:"itemId"`
	Title      string          `json:"title"`
	Estimate   storedAggregate `json:"estimate"`
	Estimates  int             `json:"estimates"`
	Support    int             `json:"support"`
	Age        int             `json:"age"`
	CarryOvers int             `json:"carryOvers"`
}

func storeCandidate(c backlog.Candidate) storedCandidate {
	return storedCandidate{
		ItemID:     c.ItemID,
		Title:      c.Title,
		Estimate:   storeAggregate(c.Estimate),
		Estimates:  c.Estimates,
		Support:    c.Support,
		Age:        c.Age,
		CarryOvers: c.CarryOvers,
	}
}

func (s storedCandidate) load() backlog.Candidate {
	return backlog.Candidate{
		ItemID:     s.ItemID,
		Title:      s.Title,
		Estimate:   s.Estimate.load(),
		Estimates:  s.Estimates,
		Support:    s.Support,
		Age:        s.Age,
		CarryOvers: s.CarryOvers,
	}
}

type storedBallot struct {
	Participant string   `json:"participant"`
	Items       []string `json:"items"`
}

func storeBallot(b backlog.Ballot) storedBallot { return storedBallot(b) }
func (s storedBallot) load() backlog.Ballot     { return backlog.Ballot(s) }

type storedSnapshot struct {
	Quarter     backlog.Quarter     `json:"quarter"`
	Policy      storedPolicySpec    `json:"policy"`
	Capacity    storedCapacity      `json:"capacity"`
	Aggregation backlog.Aggregation `json:"aggregation"`
	Candidates  []storedCandidate   `json:"candidates"`
	Ballots     []storedBallot      `json:"ballots"`
}

func storeSnapshot(s backlog.Snapshot) storedSnapshot {
	return storedSnapshot{
		Quarter:     s.Quarter,
		Policy:      storePolicySpec(s.Policy),
		Capacity:    storeCapacity(s.Capacity),
		Aggregation: s.Aggregation,
		Candidates:  convertSlice(s.Candidates, storeCandidate),
		Ballots:     convertSlice(s.Ballots, storeBallot),
	}
}

func (s storedSnapshot) load() backlog.Snapshot {
	return backlog.Snapshot{
		Quarter:     s.Quarter,
		Policy:      s.Policy.load(),
		Capacity:    s.Capacity.load(),
		Aggregation: s.Aggregation,
		Candidates:  convertSlice(s.Candidates, storedCandidate.load),
		Ballots:     convertSlice(s.Ballots, storedBallot.load),
	}
}

type storedComponent struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

func storeComponent(c backlog.Component) storedComponent { return storedComponent(c) }
func (s storedComponent) load() backlog.Component        { return backlog.Component(s) }

type storedEntry struct {
	ItemID      string            `json:"itemId"`
	Rank        int               `json:"rank"`
	Score       float64           `json:"score"`
	Components  []storedComponent `json:"components"`
	Explanation string            `json:"explanation,omitempty"`
	Selected    bool              `json:"selected"`
	Reason      backlog.Reason    `json:"reason,omitempty"`
}

func storeEntry(e backlog.Entry) storedEntry {
	return storedEntry{
		ItemID:      e.ItemID,
		Rank:        e.Rank,
		Score:       e.Score,
		Components:  convertSlice(e.Components, storeComponent),
		Explanation: e.Explanation,
		Selected:    e.Selected,
		Reason:      e.Reason,
	}
}

func (s storedEntry) load() backlog.Entry {
	return backlog.Entry{
		ItemID:      s.ItemID,
		Rank:        s.Rank,
		Score:       s.Score,
		Components:  convertSlice(s.Components, storedComponent.load),
		Explanation: s.Explanation,
		Selected:    s.Selected,
		Reason:      s.Reason,
	}
}

type storedResult struct {
	Entries  []storedEntry `json:"entries"`
	Selected []string      `json:"selected"`
	Effort   float64       `json:"effort"`
}

func storeResult(r backlog.Result) storedResult {
	return storedResult{Entries: convertSlice(r.Entries, storeEntry), Selected: r.Selected, Effort: r.Effort}
}

func (s storedResult) load() backlog.Result {
	return backlog.Result{Entries: convertSlice(s.Entries, storedEntry.load), Selected: s.Selected, Effort: s.Effort}
}
