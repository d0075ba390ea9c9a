package httpapi

import (
	"slices"
	"strconv"
	"time"

	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// sprintRoutes registers the routes of the quarterly learning sprints.
// Their part of the OpenAPI document is openapi/sprint.json.
func (h *handler) sprintRoutes() {
	s := h.cfg.Sprint
	h.handle("POST /sprints", create(h, nil, mustBody, sprintAt, func(a args, in sprint.PlanInput) (*sprint.Sprint, error) {
		if in.Period != nil {
			if err := checkTimes(timeField{"/period/start", &in.Period.Start}, timeField{"/period/end", &in.Period.End}); err != nil {
				return nil, err
			}
		}
		return s.Plan(a.ctx, a.actor, in)
	}))
	h.handle("GET /sprints", list(nil, callFilter(sprintFilter, s.Sprints)))
	h.handle("GET /sprints/{sprint}", read(ids("sprint"), callID(s.Sprint)))
	h.handle("POST /sprints/{sprint}/transitions", act(h, ids("sprint"), optMatch|mustBody, func(a args, in sprintTransition) (*sprint.Sprint, error) {
		return s.Transition(a.ctx, a.actor, a.id, a.version, in.To)
	}))
	h.handle("POST /sprints/{sprint}/topics", act(h, ids("sprint"), optMatch|mustBody, callIDVersionIn(s.AddTopic)))
	h.handle("DELETE /sprints/{sprint}/topics/{topic}", do(ids("sprint", "topic"), mustMatch, callIDSubVersion(s.RemoveTopic)))
	h.handle("POST /sprints/{sprint}/topics/{topic}/goals", act(h, ids("sprint", "topic"), optMatch|mustBody, callIDSubVersionIn(s.AddGoal)))
	goal := ids("sprint", "goal")
	h.handle("DELETE /sprints/{sprint}/goals/{goal}", do(goal, mustMatch, callIDSubVersion(s.RemoveGoal)))
	h.handle("GET /sprints/{sprint}/goals/{goal}/check-ins", list(goal, callIDSubPage(s.GoalCheckIns)))
	h.handle("POST /sprints/{sprint}/goals/{goal}/check-ins", create(h, goal, mustBody, nil, callIDSubIn(s.CheckInGoal)))
	h.handle("POST /sprints/{sprint}/goals/{goal}/assess", act(h, goal, optMatch|optBody, callIDSubVersionIn(s.AssessGoal)))
	h.handle("GET /sprints/{sprint}/activities", list(ids("sprint"), func(a args) (storage.Page[sprint.Activity], error) {
		topic := a.query("topic")
		if topic != "" && !isULID(topic) {
			return storage.Page[sprint.Activity]{}, problemf(kindInvalidParameter, "topic must be the ID of a topic of the sprint")
		}
		return s.Activities(a.ctx, a.actor, a.id, topic, a.page)
	}))
	h.handle("POST /sprints/{sprint}/activities", create(h, ids("sprint"), mustBody, activityAt, func(a args, in sprint.ActivityInput) (*sprint.Activity, error) {
		if err := checkTimes(timeField{"/start", in.Start}); err != nil {
			return nil, err
		}
		return s.AddActivity(a.ctx, a.actor, a.id, in)
	}))
	h.handle("POST /sprints/{sprint}/retrospective/notes", act(h, ids("sprint"), mustBody, callIDIn(s.AddNote)))
	h.handle("POST /sprints/{sprint}/retrospective/notes/{note}/votes", do(ids("sprint", "note"), 0, callIDSub(s.Vote)))
	h.handle("POST /sprints/{sprint}/retrospective/actions", act(h, ids("sprint"), mustBody, callIDIn(s.AddAction)))
	h.handle("POST /sprints/{sprint}/retrospective/actions/{action}/status", act(h, ids("sprint", "action"), mustBody, callIDSubIn(s.SetActionStatus)))
	h.handle("POST /sprints/{sprint}/retrospective/record", act(h, ids("sprint"), optMatch|mustBody, callIDVersionIn(s.RecordRetrospective)))
	h.handle("POST /sprints/{sprint}/carried/{action}/resolve", act(h, ids("sprint", "action"), mustBody, callIDSubIn(s.ResolveCarried)))
	h.handle("GET /sprints/{sprint}/report", view(ids("sprint"), callID(s.Report)))
	h.handle("GET /sprints/{sprint}/calendar.ics", h.sprintCalendar)

	h.handle("GET /activities/{activity}", read(ids("activity"), callID(s.Activity)))
	h.handle("PATCH /activities/{activity}", change(h, ids("activity"), func(a args, ch sprint.ActivityChanges) (*sprint.Activity, error) {
		if err := checkTimes(timeField{"/start", ch.Start}); err != nil {
			return nil, err
		}
		return s.UpdateActivity(a.ctx, a.actor, a.id, a.version, ch)
	}))
	h.handle("POST /activities/{activity}/enrol", do(ids("activity"), 0, callID(s.Enrol)))
	h.handle("POST /activities/{activity}/cancel-enrolment", do(ids("activity"), 0, callID(s.CancelEnrolment)))
	h.handle("POST /activities/{activity}/attendance", act(h, ids("activity"), mustBody, callIDIn(s.MarkAttendance)))
	h.handle("POST /activities/{activity}/rating", act(h, ids("activity"), mustBody, callIDIn(s.Rate)))

	h.handle("GET /me/sprint", view(nil, func(a args) (*sprint.PersonView, error) {
		return s.ForPerson(a.ctx, a.actor, a.actor)
	}))
}

// Where a created resource of sprint is.
func sprintAt(sp *sprint.Sprint) string    { return "/sprints/" + sp.ID }
func activityAt(a *sprint.Activity) string { return "/activities/" + a.ID }

// sprintStates are the states GET /sprints filters by.
var sprintStates = []sprint.State{sprint.Planning, sprint.Committed, sprint.Active, sprint.Review, sprint.Closed, sprint.Cancelled}

// sprintFilter reads ?year= and ?state= of GET /sprints.
func sprintFilter(a args) (sprint.SprintFilter, error) {
	var f sprint.SprintFilter
	if s := a.query("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2999 {
			return f, problemf(kindInvalidParameter, "year must be a whole number from 2000 to 2999")
		}
		f.Year = y
	}
	if s := sprint.State(a.query("state")); s != "" {
		if !slices.Contains(sprintStates, s) {
			return f, problemf(kindInvalidParameter, "state must be one of: planning, committed, active, review, closed, cancelled")
		}
		f.State = s
	}
	return f, nil
}

// sprintTransition is the body of POST /sprints/{sprint}/transitions.
type sprintTransition struct {
	To sprint.State `json:"to"`
}

// timeField is a timestamp of a request body and its JSON pointer.
type timeField struct {
	pointer string
	t       *time.Time
}

// checkTimes answers 422 for timestamps whose year in UTC lies outside
// 1–9999: RFC 3339 cannot write them back, so storing one would break
// every later answer that holds it.
func checkTimes(fields ...timeField) error {
	var bad []FieldProblem
	for _, f := range fields {
		if f.t == nil || f.t.IsZero() {
			continue
		}
		if y := f.t.UTC().Year(); y < 1 || y > 9999 {
			bad = append(bad, FieldProblem{Pointer: f.pointer, Detail: "must lie between the years 0001 and 9999 in UTC"})
		}
	}
	if bad == nil {
		return nil
	}
	p := problemf(kindValidation, "the request breaks the rules listed in errors")
	p.fields = bad
	return p
}
