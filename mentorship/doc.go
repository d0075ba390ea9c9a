// Package mentorship models volunteer mentoring: everyone has a mentor —
// their team lead by default — and anyone may choose another mentor at
// any moment; mentors volunteer with a limited capacity, and mentor and
// mentee meet regularly to assess progress, give feedback and ideas, and
// agree next steps. It also matches mentees with mentors exactly, for a
// mentoring round or when both sides rank each other.
//
// # Model
//
// People are opaque IDs from the host. A Directory, which the host
// implements, says who a person's team lead is (and, optionally through
// Seniority, who is a junior).
//
// A Profile is a person's offer to mentor: a capacity (the most chosen
// mentees at once; 0 means not accepting now), expertise tags and a note.
//
// A Relation links a mentee with a mentor. A chosen relation starts as a
// request the mentee makes:
//
//	proposed → active | declined | withdrawn | expired | superseded
//	active   → ended (completed | switched | ended_by_mentee |
//	                  ended_by_mentor | mentor_unavailable)
//
// Only the mentee requests and withdraws; only the requested mentor
// accepts or declines. Either participant may end an active chosen
// relation: the mentee as ended_by_mentee, the mentor as ended_by_mentor
// or mentor_unavailable, either as completed. This widens the rule "only
// the mentee ends" on purpose: a mentor who leaves, changes role or runs
// out of time must be able to free the mentee — who falls back to their
// team lead at once and may choose again — rather than hold a seat they
// no longer fill, and the end reasons record who ended it and why.
// Switched is set by the Service. Relations are kept after they end, with
// their meetings, so switching mentor loses no history; only the two
// participants see them.
//
// # The default mentor and capacity
//
// A person with no active chosen relation is mentored by their team lead
// (Service.MentorOf, Service.CurrentMentor say which case applies). This
// default relation is implicit: it needs no request, the team lead needs
// no profile, and it never takes a seat of capacity — capacity limits only
// what mentors volunteer beyond their role, so Profile.Active counts
// chosen mentees only. For the same reason nobody requests their own team
// lead: without a chosen mentor the lead mentors them already
// (ErrAlreadyMentor), and with one they go back to the lead by ending the
// chosen relation (ErrTeamLeadIsDefault). Ending a chosen relation falls
// back to the team lead at once. (A chosen mentor who later becomes the
// mentee's team lead keeps the chosen relation, and its seat, until
// either of them ends it.)
//
// A default relation is stored (kind "default") only when the pair opens
// a meeting log with Service.DefaultRelation. It ends as switched when the
// mentee's request to someone else is accepted, or when the Directory
// names another team lead. The Directory is the host's and tells the
// package nothing when it changes, so from that moment the relation reads
// as ended, switched (Service.Relation, Relations, Overdue; EndedAt is
// nil), and meetings and cadence changes on it are refused with
// ErrRelationNotActive — all without writing. The end is stored, and
// observers told, by the next Sweep, or when the new lead's default
// relation is opened, or when the mentee's next request is accepted.
//
// # Rules that hold under concurrency
//
// Accepting a request is one atomic step: the request becomes active, the
// mentee's previous active relation ends as switched, their other open
// requests are superseded, and a seat is taken. Two invariants hold even
// when accepts race, on PostgreSQL under READ COMMITTED too:
//
//   - capacity is never exceeded: the seat is taken by updating the
//     mentor's Profile, whose Mentees list is checked against Capacity
//     with the row locked, so of two accepts for the last seat exactly one
//     wins and the other gets ErrMentorFull;
//   - a mentee has at most one active relation: every change of it first
//     updates (locks) the mentee's Mentee record, so two accepts for the
//     same mentee run one after the other and the second finds its
//     request superseded.
//
// Locks are taken in one order — Mentee record, profiles by person,
// relations — so transactions never deadlock. Nobody mentors themselves,
// and a mentee has at most one open request per mentor: a request, too,
// locks the mentee's record. Every change validates its input and asks
// the host (the Directory) first, then runs as one atomic unit of the
// store that decides on what it reads there, with the rows locked, and
// records its events; a refused call (bad input, a rule broken, a race
// lost) rolls back and stores nothing. Observers hear the events only
// after the change has committed, on the caller's goroutine.
//
// # Time
//
// The library runs nothing in the background. A request expires
// RequestTTL (14 days by default, WithRequestTTL) after it was made: from
// then on it reads as expired and cannot be accepted, and Sweep — which
// the host calls from time to time — stores the expiry and tells
// observers. Sweep stores only what is true already: it runs as of a
// moment no later than the Service's clock. Each active relation has a
// cadence in days (28 by default, WithCadence, Service.SetCadence):
//
//	next meeting due = (latest meeting, or the start if none) + cadence
//	overdue at t     ⇔ t > next meeting due
//
// Service.Overdue lists a person's overdue relations; Sweep tells
// observers once per missed due date.
//
// # Meetings
//
// Either participant records a Meeting of an active relation: date (not
// in the future, nor more than MaxBackdate before the relation began),
// duration, notes, a progress assessment (text, optionally naming the
// mentee's okr goals and objectives by ID), feedback, ideas and next steps
// (action items with an owner — the mentee or the mentor —, an optional
// due date from the day of the meeting to MaxStepHorizon after it, and a
// done flag). Only the two participants read meetings; to anyone else they
// do not exist. Either may still edit a meeting log after the relation
// ended.
//
// # Who knows whom
//
// Whether a person has chosen a mentor, and whom, is told only to the
// person and their current mentor (Service.CurrentMentor). A team lead
// learns no more than whether they mentor a team member now: to a lead
// whose team member has chosen someone else, CurrentMentor and
// DefaultRelation answer not found (if the two kept a meeting log, the
// lead sees that default relation end as switched: the end of their own
// relation, not who follows). Insights, which list people still on their
// default mentor, are closed unless the host opens them to chosen viewers
// with WithInsightsAccess. Profiles are public, but only their
// owner sees the names of their mentees; others see the count.
//
// # Matching
//
// Matching functions are pure: no context, no store.
//
//   - Suggest ranks mentors for a mentee by shared tags, then seats left,
//     then ID, with an explanation, leaving out full and unavailable
//     mentors and the mentee.
//   - Assign places mentees in a round exactly optimally: as many as
//     capacity allows, then maximum total fit. It is a min-cost flow
//     solved by successive shortest paths with potentials on dense arrays
//     (Dijkstra with early exit): one augmentation per mentee, O(n·m·(1+s))
//     time for n mentees, m mentors and s mentees visited per search. s
//     is small while seats are plentiful and grows as they run out, up to
//     n when every seat is taken, so scarce capacity tends to O(n²·m).
//     Ties are broken by ID, so the result does not depend on the order
//     the two sides are listed in. ProblemFromTags builds the fit from
//     tags (TagFit: the number of shared tags).
//   - Stable runs mentee-proposing deferred acceptance with capacities:
//     the mentee-optimal stable matching, O(L·c) for L the total length
//     of the mentees' lists and c the largest capacity (mentees take one
//     mentor; a capacity on a mentee's ranking is refused). BlockingPairs
//     reports the blocking pairs of any matching in O(L + P·c).
//
// Ties are broken deterministically, as each function documents.
//
// # Wiring with okr
//
// *Service satisfies okr.MentorFinder (MentorOf), so a host wires the two
// in one line, and okr's "visible to my mentor" follows a mentor switch at
// once, since okr asks MentorOf each time it decides:
//
//	ms := mentorship.NewService(store, mentorship.WithDirectory(dir))
//	okrs := okr.NewService(store, okr.WithMentors(ms))
//
// *okr.Service satisfies Interests (ActiveTags) for suggestions from a
// mentee's goal tags; as the two services refer to each other, pass it
// through InterestsFunc, which may read a variable assigned afterwards.
//
// # Errors
//
// Service methods take the acting person's ID and return errors that wrap
// a category of the storage package: ErrNotMentee and ErrNotMentor wrap
// storage.ErrForbidden; ErrMentorFull, ErrRequestClosed and the other
// state errors wrap storage.ErrInvalidState; invalid input returns a
// *storage.ValidationError naming each bad field; a stale version returns
// storage.ErrConflict. A relation or meeting the actor may not see is
// reported as storage.ErrNotFound. Bad input changes nothing.
//
// # Hosts
//
// NewService takes the Store (storage/memory or storage/sqlstore) and
// options: WithDirectory, WithInterests, WithClock and WithIDs for
// deterministic tests, WithRequestTTL, WithCadence, WithInsightsAccess,
// and WithObserver to hear, after commit, of the changes the EventType
// constants list: requests received, accepted, declined, withdrawn,
// expired or superseded, relations ended, meetings recorded or overdue.
// Profile changes, cadence changes, meeting edits, next steps ticked off
// and default relations opened are not announced.
package mentorship
