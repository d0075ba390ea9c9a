package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
)

// sprintRoutes registers the routes of the quarterly learning sprints.
// Their part of the OpenAPI document is openapi/sprint.json.
func (h *handler) sprintRoutes() {
	h.handle("POST /sprints", h.planSprint)
	h.handle("GET /sprints", h.listSprints)
	h.handle("GET /sprints/{sprint}", h.getSprint)
	h.handle("POST /sprints/{sprint}/transitions", h.moveSprint)
	h.handle("POST /sprints/{sprint}/topics", h.addSprintTopic)
	h.handle("DELETE /sprints/{sprint}/topics/{topic}", h.removeSprintTopic)
	h.handle("POST /sprints/{sprint}/topics/{topic}/goals", h.addSprintGoal)
	h.handle("DELETE /sprints/{sprint}/goals/{goal}", h.removeSprintGoal)
	h.handle("GET /sprints/{sprint}/goals/{goal}/check-ins", h.listSprintCheckIns)
	h.handle("POST /sprints/{sprint}/goals/{goal}/check-ins", h.checkInSprintGoal)
	h.handle("POST /sprints/{sprint}/goals/{goal}/assess", h.assessSprintGoal)
	h.handle("GET /sprints/{sprint}/activities", h.listSprintActivities)
	h.handle("POST /sprints/{sprint}/activities", h.addSprintActivity)
	h.handle("POST /sprints/{sprint}/retrospective/notes", h.addRetroNote)
	h.handle("POST /sprints/{sprint}/retrospective/notes/{note}/votes", h.voteRetroNote)
	h.handle("POST /sprints/{sprint}/retrospective/actions", h.addRetroAction)
	h.handle("POST /sprints/{sprint}/retrospective/actions/{action}/status", h.setRetroActionStatus)
	h.handle("POST /sprints/{sprint}/retrospective/record", h.recordRetro)
	h.handle("POST /sprints/{sprint}/carried/{action}/resolve", h.resolveCarriedAction)
	h.handle("GET /sprints/{sprint}/report", h.getSprintReport)
	h.handle("GET /sprints/{sprint}/calendar.ics", h.sprintCalendar)

	h.handle("GET /activities/{activity}", h.getSprintActivity)
	h.handle("PATCH /activities/{activity}", h.patchSprintActivity)
	h.handle("POST /activities/{activity}/enrol", h.enrolInActivity)
	h.handle("POST /activities/{activity}/cancel-enrolment", h.cancelActivityEnrolment)
	h.handle("POST /activities/{activity}/attendance", h.markActivityAttendance)
	h.handle("POST /activities/{activity}/rating", h.rateSprintActivity)

	h.handle("GET /me/sprint", h.getMySprint)
}

// answerSprint returns a function answering the result of a service call
// that changes a sprint: the sprint with its new ETag.
func answerSprint(w http.ResponseWriter) func(*sprint.Sprint, error) error {
	return func(sp *sprint.Sprint, err error) error {
		if err != nil {
			return err
		}
		return writeVersioned(w, http.StatusOK, sp, sp.Version)
	}
}

// answerActivity returns a function answering the result of a service
// call that changes an activity: the activity with its new ETag.
func answerActivity(w http.ResponseWriter) func(*sprint.Activity, error) error {
	return func(a *sprint.Activity, err error) error {
		if err != nil {
			return err
		}
		return writeVersioned(w, http.StatusOK, a, a.Version)
	}
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

func (h *handler) planSprint(w http.ResponseWriter, r *http.Request, actor string) error {
	var in sprint.PlanInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	if in.Period != nil {
		if err := checkTimes(timeField{"/period/start", &in.Period.Start}, timeField{"/period/end", &in.Period.End}); err != nil {
			return err
		}
	}
	sp, err := h.cfg.Sprint.Plan(r.Context(), actor, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/sprints/"+sp.ID, sp, sp.Version)
}

// sprintStates are the states GET /sprints filters by.
var sprintStates = []sprint.State{sprint.Planning, sprint.Committed, sprint.Active, sprint.Review, sprint.Closed, sprint.Cancelled}

func (h *handler) listSprints(w http.ResponseWriter, r *http.Request, actor string) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var f sprint.SprintFilter
	if s := q.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2999 {
			return problemf(kindInvalidParameter, "year must be a whole number from 2000 to 2999")
		}
		f.Year = y
	}
	if s := sprint.State(q.Get("state")); s != "" {
		known := false
		for _, st := range sprintStates {
			known = known || s == st
		}
		if !known {
			return problemf(kindInvalidParameter, "state must be one of: planning, committed, active, review, closed, cancelled")
		}
		f.State = s
	}
	p, err := h.cfg.Sprint.Sprints(r.Context(), actor, f, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) getSprint(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.Sprint(r.Context(), actor, id))
}

// sprintTransition is the body of POST /sprints/{sprint}/transitions.
type sprintTransition struct {
	To sprint.State `json:"to"`
}

func (h *handler) moveSprint(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in sprintTransition
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.Transition(r.Context(), actor, id, version, in.To))
}

func (h *handler) addSprintTopic(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in sprint.TopicInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.AddTopic(r.Context(), actor, id, version, in))
}

func (h *handler) removeSprintTopic(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	topic, err := pathID(r, "topic")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.RemoveTopic(r.Context(), actor, id, topic, version))
}

func (h *handler) addSprintGoal(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	topic, err := pathID(r, "topic")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in sprint.GoalInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.AddGoal(r.Context(), actor, id, topic, version, in))
}

func (h *handler) removeSprintGoal(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	goal, err := pathID(r, "goal")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.RemoveGoal(r.Context(), actor, id, goal, version))
}

func (h *handler) listSprintCheckIns(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	goal, err := pathID(r, "goal")
	if err != nil {
		return err
	}
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	p, err := h.cfg.Sprint.GoalCheckIns(r.Context(), actor, id, goal, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) checkInSprintGoal(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	goal, err := pathID(r, "goal")
	if err != nil {
		return err
	}
	var in okr.CheckInInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	c, err := h.cfg.Sprint.CheckInGoal(r.Context(), actor, id, goal, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (h *handler) assessSprintGoal(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	goal, err := pathID(r, "goal")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in sprint.AssessInput
	if err := h.decode(w, r, &in, bodyOptional); err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.AssessGoal(r.Context(), actor, id, goal, version, in))
}

func (h *handler) listSprintActivities(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	topic := r.URL.Query().Get("topic")
	if topic != "" && !isULID(topic) {
		return problemf(kindInvalidParameter, "topic must be the ID of a topic of the sprint")
	}
	p, err := h.cfg.Sprint.Activities(r.Context(), actor, id, topic, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) addSprintActivity(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	var in sprint.ActivityInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	if err := checkTimes(timeField{"/start", in.Start}); err != nil {
		return err
	}
	a, err := h.cfg.Sprint.AddActivity(r.Context(), actor, id, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/activities/"+a.ID, a, a.Version)
}

func (h *handler) getSprintActivity(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "activity")
	if err != nil {
		return err
	}
	return answerActivity(w)(h.cfg.Sprint.Activity(r.Context(), actor, id))
}

func (h *handler) patchSprintActivity(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "activity")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch sprint.ActivityChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	if err := checkTimes(timeField{"/start", ch.Start}); err != nil {
		return err
	}
	return answerActivity(w)(h.cfg.Sprint.UpdateActivity(r.Context(), actor, id, version, ch))
}

func (h *handler) enrolInActivity(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "activity")
	if err != nil {
		return err
	}
	return answerActivity(w)(h.cfg.Sprint.Enrol(r.Context(), actor, id))
}

func (h *handler) cancelActivityEnrolment(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "activity")
	if err != nil {
		return err
	}
	return answerActivity(w)(h.cfg.Sprint.CancelEnrolment(r.Context(), actor, id))
}

func (h *handler) markActivityAttendance(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "activity")
	if err != nil {
		return err
	}
	var in sprint.AttendanceInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerActivity(w)(h.cfg.Sprint.MarkAttendance(r.Context(), actor, id, in))
}

func (h *handler) rateSprintActivity(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "activity")
	if err != nil {
		return err
	}
	var in sprint.RatingInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerActivity(w)(h.cfg.Sprint.Rate(r.Context(), actor, id, in))
}

func (h *handler) addRetroNote(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	var in sprint.NoteInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.AddNote(r.Context(), actor, id, in))
}

func (h *handler) voteRetroNote(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	note, err := pathID(r, "note")
	if err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.Vote(r.Context(), actor, id, note))
}

func (h *handler) addRetroAction(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	var in sprint.ActionInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.AddAction(r.Context(), actor, id, in))
}

func (h *handler) setRetroActionStatus(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	action, err := pathID(r, "action")
	if err != nil {
		return err
	}
	var in sprint.ActionStatusInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.SetActionStatus(r.Context(), actor, id, action, in))
}

func (h *handler) recordRetro(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in sprint.RecordInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.RecordRetrospective(r.Context(), actor, id, version, in))
}

func (h *handler) resolveCarriedAction(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	action, err := pathID(r, "action")
	if err != nil {
		return err
	}
	var in sprint.ResolveInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerSprint(w)(h.cfg.Sprint.ResolveCarried(r.Context(), actor, id, action, in))
}

func (h *handler) getSprintReport(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	rep, err := h.cfg.Sprint.Report(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

func (h *handler) getMySprint(w http.ResponseWriter, r *http.Request, actor string) error {
	v, err := h.cfg.Sprint.ForPerson(r.Context(), actor, actor)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}
