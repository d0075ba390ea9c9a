// Package okr models personal development: everyone owns a long-term goal,
// splits it into yearly objectives, and tracks each with key results.
//
// # Model
//
// A Goal is a person's long-term development goal ("I want to be an agile
// coach"). It says why it matters to the person and to the company — a
// goal should serve both — carries tags naming its skills and topics, and
// has a visibility its owner chooses: private, mentor (the owner and their
// current mentor) or company (anyone signed in). Objectives, key results,
// check-ins and comments share the visibility of their goal. A person's
// current mentor comes from a MentorFinder; the mentorship package's
// Service is one, so visibility follows a change of mentor at once.
//
// An Objective sits under a goal for a Period (a calendar year by default,
// any span of days allowed). It is committed (expected to be met in full)
// or aspirational (a stretch), and moves draft → active → closed. Closing
// records the score computed from its key results; the owner may override
// it with a reason, and adds a reflection. CarryObjective starts the next
// period from where a closed objective ended.
//
// A KeyResult measures an objective: an increasing metric (start → higher
// target), a decreasing one (start → lower target) or a milestone (done or
// not). Each has a weight (1 by default). Its history is an append-only
// list of CheckIns — value, confidence from 0 to 10, note, author, time —
// and its current value is that of the latest check-in.
//
// Nothing is ever added to a person's plan without their consent. Only the
// owner creates, changes, checks in on and closes their goals and
// objectives; anyone else may Suggest an objective, which the owner accepts
// (it becomes an objective under one of their goals) or declines. Anyone
// who may see an objective may comment on it.
//
// # Scoring
//
// Scoring is done by pure functions:
//
//	key-result progress = (current − start) / (target − start)
//	                      (milestone: 1 when done, 0 when not)
//	key-result score    = progress clamped to [0, 1]
//	objective score     = Σ weightᵢ × scoreᵢ / Σ weightᵢ
//	                      (once closed: the override if any, else the
//	                      score computed at closing)
//	goal progress       = mean score of the goal's active and closed
//	                      objectives (drafts do not count)
//
// The progress formula serves decreasing metrics too: going from 40 to 10
// minutes, a value of 16 is (16 − 40) / (10 − 40) = 0.8. Progress is
// reported as is, above 1 for over-achievement and below 0 for movement
// the wrong way; scores are clamped.
//
// Scores have a grade colour, following Google's convention: red below
// 0.4, yellow from 0.4 to below 0.7, green from 0.7 (see GradeOf).
//
// # Pace
//
// During its period an objective is expected to have reached
//
//	expected = elapsed × target
//
// where elapsed is the fraction of the period's calendar days gone by (the
// current day counted, dates in UTC; see Period.Elapsed) and target is 1.0
// for committed and 0.7 for aspirational objectives. With gap = expected −
// score, the pace is on track when gap ≤ 0.1, at risk when gap ≤ 0.25 and
// off track beyond; before the period starts it is not started. Targets
// and thresholds are configurable with WithPace. Key results of an
// objective are paced against the same expectation.
//
// A key result's Trend is its latest confidence and the change since the
// previous check-in.
//
// # Board
//
// Service.Board returns a person's whole plan as one viewer may see it:
// goals → objectives → key results with score, grade, pace, confidence
// trend, latest check-in and the check-in history for a sparkline. What
// the viewer may not see is absent.
//
// # Errors
//
// Service methods take the acting person's ID and return errors that wrap
// a category of the storage package: ErrNotOwner and the other permission
// errors wrap storage.ErrForbidden; ErrObjectiveClosed and the other state
// errors wrap storage.ErrInvalidState; invalid input returns a
// *storage.ValidationError naming each bad field; a stale version returns
// storage.ErrConflict. A value the actor may not see is reported as
// storage.ErrNotFound, so private plans do not reveal that they exist.
// Bad input changes nothing.
//
// # Hosts
//
// NewService takes the Store (storage/memory or storage/sqlstore) and
// options: WithClock and WithIDs for deterministic tests, WithMentors, and
// WithObserver to hear of committed changes such as a received suggestion
// or an objective slipping from green to red. Every change runs as one
// atomic unit of the store; the observer hears the events it recorded
// only after commit, on the caller's goroutine.
package okr
