// Package backlog models the learning backlog and the quarterly
// prioritisation meeting that picks a sprint's topics from it, with ranking
// policies that hosts test, compare and replace in plain Go.
//
// # Model
//
// An Item is a suggestion in the learning backlog: a title, description,
// topic tags, links, who suggested it and when, and an optional effort
// estimate. Anyone signed in may add an item at any time; its author may
// edit it until a meeting first selects it. People support (+1) an item
// and say why; an item's supporters and their count are visible to all.
//
// A Meeting is a prioritisation meeting for a Quarter; a quarter has at
// most one meeting that is not cancelled (the store enforces it, also
// under concurrency; a second one gets ErrQuarterTaken). A facilitator
// opens it with participants, a policy, an aggregation (median by
// default) and a capacity: at most MaxTopics topics (DefaultMaxTopics, 3, by default) and
// an optional effort budget. While it is open, participants submit
// estimates per item and, optionally, a ballot ranking items. Closing it
// ranks every open item and selects the top items that fit; unselected
// items stay open for the next meeting. A facilitator may cancel an open
// meeting instead. Only the meeting's own facilitators
// (Meeting.Facilitators: who opened it and the co-facilitators named then)
// change, close or cancel it, while they are facilitators; when none of
// them is any more, any facilitator may take it over.
//
// # Item states
//
//	          Select              Complete
//	open ─────────────▶ selected ──────────▶ done
//	 │  ▲                  │
//	 │  ├──────────────────┤ Return  (unfinished sprint: CarryOvers + 1)
//	 │  └──────────────────┘ Release (dropped before the sprint ran)
//	 │
//	 ├── Reject(reason) ──▶ rejected
//	 ├── MarkDuplicate(of) ▶ duplicate
//	 └── Archive ─────────▶ archived
//
// Only these changes are allowed (see CanTransition); the methods on *Item
// apply them and return a *TransitionError naming both states otherwise
// (it matches ErrInvalidTransition and storage.ErrInvalidState). Done,
// rejected, duplicate and archived are final. Facilitators reject, mark
// duplicates and archive; closing a meeting selects; a facilitator
// releases (Service.ReleaseItem) a selected item no sprint took on, so
// that no item stays selected for good. The sprint package
// applies the rest through Store.UpdateItem, inside one Store.Atomic when
// a sprint ends: Complete or Return for each item of the sprint, and
// Release for the item of a topic dropped in planning or of a cancelled
// sprint; it may also Select an open item for a sprint directly. An item
// that was ever selected keeps FirstSelectedAt, and its author can no
// longer edit it.
//
// # Estimates
//
// Each participant's estimate of an item holds (see Estimate):
//
//	impact           1–10, required: impact on business performance,
//	                 1 barely noticeable … 10 changes how the business performs
//	timeCriticality  0–10: how fast the value decays while waiting
//	riskReduction    0–10: risk reduction or opportunity enablement
//	reach            ≥ 0: people who benefit within a quarter
//	confidence       0–100: confidence in the estimate, in percent
//	effort           > 0: effort or job size, in the unit of the budget
//
// A policy that needs more than impact says so (Requirer): WSJF requires
// effort; RICE requires reach, confidence and effort. SubmitEstimates
// refuses, naming the field ("estimates[2].effort"), an estimate missing a
// required field; an effort of zero or below is refused for every policy.
// So no policy is ever asked to divide by a zero job size: the check is at
// submission, not at close.
//
// When the meeting closes, the estimates of each item are aggregated field
// by field over the participants who gave that field: the median (the
// middle value, or the mean of the two middle ones) or the mean. When no
// participant estimated effort, the author's own effort estimate is used.
// An item nobody estimated has impact 0.
//
// # Policies
//
// A Policy is a pure, deterministic function from an Input — the
// candidates (aggregated estimates, support count, Age, CarryOvers) and the
// ballots — to one Score per candidate: a value and its named Components.
// An Explainer also says in words how a score came about. Built in:
//
//	impact  score = impact
//	wsjf    cost of delay = impact + timeCriticality + riskReduction
//	        score = cost of delay ÷ effort          (job size = effort)
//	rice    score = reach × impact × (confidence ÷ 100) ÷ effort
//	borda   a ballot ranking m candidates gives m points to its first,
//	        m − 1 to its second, …, 1 to its last, 0 to those it leaves
//	        out; score = sum of points over all ballots
//	aging   score = base score × (1 + rate × age), a decorator over any
//	        policy (Impact by default; rate 0.1 by default)
//
// Missing optional inputs count 0 in WSJF; a candidate without the effort
// WSJF or RICE divides by, or without RICE's reach or confidence, scores
// 0. A candidate's Age is the number of quarters it has waited: the
// quarters strictly between the quarter it was suggested in and the
// meeting's quarter (Quarter.Since). An item suggested in 2026-Q2 has age
// 0 at the meeting for 2026-Q3, and age 1 at the one for 2026-Q4.
// Quarters are fiscal: with WithFiscalYearStart(time.October), as for the
// sprint package, an item suggested on 20 September 2026 was suggested in
// fiscal 2025-Q4.
//
// PolicyByName and BuildPolicy build the built-ins from a name or a
// PolicySpec (name, parameters, base); PolicyNames lists them. A host adds
// its own with WithPolicy, under a name of its own (a built-in's name is
// refused: a meeting records only the name), and Service.Preview ranks the
// open items under any policy without changing anything: a policy
// switcher.
//
// # Ranking and selection
//
// Rank orders candidates by score, highest first. Ties are broken, in this
// order, by higher aggregated impact, by more support, and by item ID
// ascending (with ULIDs: the earlier suggestion first), so every ranking is
// a total, deterministic order and a permutation of its input.
//
// Decide then walks down the ranking and selects: an item whose score is
// not above zero is skipped ("score not above zero"); once MaxTopics items
// are selected the rest are skipped ("max topics reached"); with a budget,
// an item without an effort estimate is skipped ("no effort estimate for
// the budget"), and one whose effort exceeds what is left of the budget is
// skipped ("exceeds remaining budget") while later, smaller items may still
// fit; every other item is selected ("fits the capacity"). Efforts add up
// and meet the budget exactly, as the decimals they are written as, with
// no tolerance: 0.1 + 0.2 fits a budget of 0.3, 1000.0000009 does not fit
// 1000, and the selected effort never exceeds the budget. The Result holds
// every candidate's rank, score, components, explanation, and whether and
// why it was selected.
//
// # Reproducible decisions
//
// Closing a meeting records a Snapshot — the quarter, the policy's full
// spec, the capacity, the aggregation, every candidate with its aggregated
// estimates, support, age and carry-overs as of the close, and the ballots —
// and the Result, in the same atomic step that marks the selected items
// selected for the meeting. A closed meeting never changes again, and
// Decide on its Snapshot with the policy its spec builds gives the
// identical Result (Service.Replay does exactly that). The selected items
// of a closed meeting are Meeting.Selected(), best first; the items still
// selected or done for it are listed by Store.Items with
// ItemFilter{MeetingID: id}.
//
// # Simulation
//
// Simulate replays a number of quarters — item arrivals, noisy estimates,
// capacity — under a policy with a seed, and reports the value delivered
// (the sum of the true impact of selected items), the median and maximum
// wait of selected items in quarters, and the starved items (still open
// after the last meeting passed them over having waited at least K
// quarters, counted as waits are). The world drawn from a seed does not
// depend on the policy, so hosts compare policies on the same backlog in
// their own tests.
//
// # Errors
//
// Service methods take the acting person's ID and return errors that wrap
// a category of the storage package: ErrNotFacilitator,
// ErrNotMeetingFacilitator, ErrNotAuthor and ErrNotParticipant wrap
// storage.ErrForbidden; ErrQuarterTaken wraps storage.ErrAlreadyExists;
// ErrItemLocked, ErrItemNotOpen, ErrMeetingNotOpen and
// ErrInvalidTransition wrap storage.ErrInvalidState; invalid input returns
// a *storage.ValidationError naming each bad field; a stale version
// returns storage.ErrConflict. Bad input changes nothing.
//
// # Hosts
//
// NewService takes the Store (storage/memory, or a SQL store) and options:
// WithRoles to say who is a facilitator (without it, nobody is),
// WithFiscalYearStart when fiscal years do not start in January, WithClock
// and WithIDs for deterministic tests, WithPolicy for the host's own
// policies, and WithObserver to hear of committed changes.
package backlog
