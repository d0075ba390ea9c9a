// Package sprint runs the company's quarterly Learning & Development
// sprints: a few prioritised topics with clear, measurable learning goals,
// the activities offered for them, and a closing retrospective whose
// learnings carry into the next quarter.
//
// # Lifecycle
//
// A sprint moves through
//
//	planning → committed → active → review → closed
//	planning | committed → cancelled
//
// and nothing else: any other move returns a *TransitionError naming both
// states and changes nothing.
//
//   - planning: a facilitator (see Roles) plans the sprint of a fiscal
//     quarter (dates from QuarterPeriod and WithFiscalYearStart, or given).
//     Its first topics are the items a closed backlog prioritisation
//     meeting selected; facilitators add and remove topics (backlog items
//     or topics of their own) up to the capacity, and give each topic its
//     learning goals. The open actions of the previous sprint's
//     retrospective are carried in and shown here.
//   - committed: needs at least one topic, each with a learning goal; the
//     scope is then frozen. People may enrol in activities.
//   - active: activities run; facilitators check in on learning goals and
//     mark attendance; participants rate activities and write notes.
//   - review: the retrospective. Each learning goal is assessed achieved,
//     partially achieved or not achieved — suggested by its score
//     (SuggestOutcome), overridable with a reason — notes are voted on,
//     actions agreed with an owner, carried actions resolved.
//   - closed: needs every goal assessed and the retrospective recorded.
//     Closing is one atomic step: backlog items of topics whose goals were
//     all achieved become done; the others go back to the backlog as open
//     with their carry-over count increased, to be ranked again at the next
//     prioritisation meeting; the open actions (and carried actions not
//     resolved as done or dropped) are carried into the next sprint —
//     immediately if it is already planned, otherwise when it is planned.
//   - cancelled: the sprint's backlog items go back to the backlog.
//
// # Learning goals
//
// A learning goal is a statement with a measure that is an okr.KeyResult:
// an increasing or decreasing metric or a milestone, validated by the same
// rules (okr.KeyResultFrom), checked in on with okr.KeyResult.Record and
// scored by the same formulas, so company learning is scored exactly like
// personal OKRs.
//
// # Activities
//
// Activities are keynote "brainfood" sessions with external speakers,
// virtual classroom trainings by internal or external trainers, coaching
// and mentoring, and self-study content. Each belongs to a topic, is
// scheduled (start and minutes) or self-paced, and may limit its seats.
// Each person's enrolment is stored on its own (Store.UpdateEnrolment),
// beside a count of the seats taken on the activity that every change of
// an enrolment locks and updates: the seat limit holds under concurrent
// enrolment, and enrolling, cancelling, marking attendance and rating
// cost the same however many people are enrolled. ForPerson shows a person the current
// sprint's activities that match the tags of their active objectives,
// read through Interests (okr's Service satisfies it).
//
// # Permissions
//
// Anyone signed in reads sprints, activities and reports, and enrols.
// Facilitators — those named on a sprint, and company facilitators per
// Roles — change a sprint's scope, state, activities, attendance,
// assessments and actions. The retrospective's notes and votes come from
// participants: facilitators and people enrolled in one of the sprint's
// activities. An action's owner may update it too.
//
// Anyone signed in sees how many seats an activity has taken; who enrolled,
// who attended and who rated what only the sprint's facilitators see —
// everyone else sees their own enrolment, and the sprint's Report sums up
// attendance and ratings without names. Anyone enrolled may rate, so
// self-study learners need not wait for a facilitator to mark them.
//
// # Concurrency
//
// Every change is an atomic read-modify-write of the sprint, activity or
// enrolment it concerns (a change of an enrolment locks its activity too),
// so concurrent changes lose nothing and seats are never over-booked. Planning, closing and cancelling also update the store's
// Schedule first, so they queue behind each other: one sprint per quarter
// holds, and actions are carried exactly once. Adding an activity locks
// its sprint, so its topic cannot be removed meanwhile. Enrolment, rating
// and attendance check the sprint's state before they change the activity:
// one racing a transition may land just after the sprint moved on.
//
// Errors wrap the categories of the storage package; see the Err
// variables. Observers hear state changes, enrolments and carried actions.
package sprint
