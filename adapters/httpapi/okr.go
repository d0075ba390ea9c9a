package httpapi

import (
	"net/http"

	"github.com/footprint-hq/footprint/okr"
)

// okrRoutes registers the routes of personal development planning. Their
// part of the OpenAPI document is openapi/okr.json.
func (h *handler) okrRoutes() {
	h.handle("GET /people/{person}/board", h.getBoard)
	h.handle("GET /people/{person}/goals", h.listGoals)
	h.handle("GET /people/{person}/objectives", h.listPersonObjectives)

	h.handle("POST /goals", h.createGoal)
	h.handle("GET /goals/{goal}", h.getGoal)
	h.handle("PATCH /goals/{goal}", h.patchGoal)
	h.handle("GET /goals/{goal}/objectives", h.listGoalObjectives)
	h.handle("POST /goals/{goal}/objectives", h.createObjective)

	h.handle("GET /objectives/{objective}", h.getObjective)
	h.handle("PATCH /objectives/{objective}", h.patchObjective)
	h.handle("POST /objectives/{objective}/activate", h.activateObjective)
	h.handle("POST /objectives/{objective}/close", h.closeObjective)
	h.handle("POST /objectives/{objective}/carry", h.carryObjective)
	h.handle("POST /objectives/{objective}/key-results", h.addKeyResult)
	h.handle("PATCH /objectives/{objective}/key-results/{keyResult}", h.patchKeyResult)
	h.handle("DELETE /objectives/{objective}/key-results/{keyResult}", h.deleteKeyResult)
	h.handle("GET /objectives/{objective}/check-ins", h.listObjectiveCheckIns)
	h.handle("GET /objectives/{objective}/key-results/{keyResult}/check-ins", h.listKeyResultCheckIns)
	h.handle("POST /objectives/{objective}/key-results/{keyResult}/check-ins", h.checkIn)
	h.handle("GET /objectives/{objective}/comments", h.listComments)
	h.handle("POST /objectives/{objective}/comments", h.addComment)

	h.handle("POST /suggestions", h.suggest)
	h.handle("GET /suggestions/{suggestion}", h.getSuggestion)
	h.handle("POST /suggestions/{suggestion}/accept", h.acceptSuggestion)
	h.handle("POST /suggestions/{suggestion}/decline", h.declineSuggestion)
	h.handle("POST /suggestions/{suggestion}/withdraw", h.withdrawSuggestion)
	h.handle("GET /me/suggestions/received", h.listReceivedSuggestions)
	h.handle("GET /me/suggestions/sent", h.listSentSuggestions)
}

func (h *handler) getBoard(w http.ResponseWriter, r *http.Request, actor string) error {
	b, err := h.cfg.OKR.Board(r.Context(), actor, r.PathValue("person"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

func (h *handler) listGoals(w http.ResponseWriter, r *http.Request, actor string) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	p, err := h.cfg.OKR.Goals(r.Context(), actor, r.PathValue("person"), page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) listPersonObjectives(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.listObjectives(w, r, actor, okr.ObjectiveFilter{Owner: r.PathValue("person")})
}

func (h *handler) listGoalObjectives(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "goal")
	if err != nil {
		return err
	}
	return h.listObjectives(w, r, actor, okr.ObjectiveFilter{GoalID: id})
}

func (h *handler) listObjectives(w http.ResponseWriter, r *http.Request, actor string, f okr.ObjectiveFilter) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	p, err := h.cfg.OKR.Objectives(r.Context(), actor, f, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) createGoal(w http.ResponseWriter, r *http.Request, actor string) error {
	var in okr.GoalInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	g, err := h.cfg.OKR.CreateGoal(r.Context(), actor, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/goals/"+g.ID, g, g.Version)
}

func (h *handler) getGoal(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "goal")
	if err != nil {
		return err
	}
	g, err := h.cfg.OKR.Goal(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, g, g.Version)
}

func (h *handler) patchGoal(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "goal")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch okr.GoalChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	g, err := h.cfg.OKR.UpdateGoal(r.Context(), actor, id, version, ch)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, g, g.Version)
}

// objectiveCreate is the body of POST /goals/{goal}/objectives: the goal
// comes from the path.
type objectiveCreate struct {
	Draft bool `json:"draft"`
	okr.ObjectiveSpec
}

func (h *handler) createObjective(w http.ResponseWriter, r *http.Request, actor string) error {
	goal, err := pathID(r, "goal")
	if err != nil {
		return err
	}
	var in objectiveCreate
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	o, err := h.cfg.OKR.CreateObjective(r.Context(), actor, okr.ObjectiveInput{GoalID: goal, Draft: in.Draft, ObjectiveSpec: in.ObjectiveSpec})
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/objectives/"+o.ID, o, o.Version)
}

func (h *handler) getObjective(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	o, err := h.cfg.OKR.Objective(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, o, o.Version)
}

func (h *handler) patchObjective(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch okr.ObjectiveChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	return answerObjective(w)(h.cfg.OKR.UpdateObjective(r.Context(), actor, id, version, ch))
}

// answerObjective returns a function answering the result of a service
// call that changes an objective: the objective with its new ETag.
func answerObjective(w http.ResponseWriter) func(*okr.Objective, error) error {
	return func(o *okr.Objective, err error) error {
		if err != nil {
			return err
		}
		return writeVersioned(w, http.StatusOK, o, o.Version)
	}
}

func (h *handler) activateObjective(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	return answerObjective(w)(h.cfg.OKR.ActivateObjective(r.Context(), actor, id, version))
}

func (h *handler) closeObjective(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in okr.CloseInput
	if err := h.decode(w, r, &in, bodyOptional); err != nil {
		return err
	}
	return answerObjective(w)(h.cfg.OKR.CloseObjective(r.Context(), actor, id, version, in))
}

// carryInput is the body of POST /objectives/{objective}/carry.
type carryInput struct {
	// Period of the new objective; the calendar year after the old one's
	// end when absent.
	Period *okr.Period `json:"period"`
}

func (h *handler) carryObjective(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	var in carryInput
	if err := h.decode(w, r, &in, bodyOptional); err != nil {
		return err
	}
	o, err := h.cfg.OKR.CarryObjective(r.Context(), actor, id, in.Period)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/objectives/"+o.ID, o, o.Version)
}

func (h *handler) addKeyResult(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in okr.KeyResultInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerObjective(w)(h.cfg.OKR.AddKeyResult(r.Context(), actor, id, version, in))
}

func (h *handler) patchKeyResult(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	kr, err := pathID(r, "keyResult")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch okr.KeyResultChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	return answerObjective(w)(h.cfg.OKR.UpdateKeyResult(r.Context(), actor, id, kr, version, ch))
}

func (h *handler) deleteKeyResult(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	kr, err := pathID(r, "keyResult")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	return answerObjective(w)(h.cfg.OKR.RemoveKeyResult(r.Context(), actor, id, kr, version))
}

func (h *handler) listObjectiveCheckIns(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.listCheckIns(w, r, actor, "")
}

func (h *handler) listKeyResultCheckIns(w http.ResponseWriter, r *http.Request, actor string) error {
	kr, err := pathID(r, "keyResult")
	if err != nil {
		return err
	}
	return h.listCheckIns(w, r, actor, kr)
}

func (h *handler) listCheckIns(w http.ResponseWriter, r *http.Request, actor, keyResult string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	p, err := h.cfg.OKR.CheckIns(r.Context(), actor, id, keyResult, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) checkIn(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	kr, err := pathID(r, "keyResult")
	if err != nil {
		return err
	}
	var in okr.CheckInInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	c, err := h.cfg.OKR.CheckIn(r.Context(), actor, id, kr, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (h *handler) listComments(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	p, err := h.cfg.OKR.Comments(r.Context(), actor, id, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) addComment(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "objective")
	if err != nil {
		return err
	}
	var in okr.CommentInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	c, err := h.cfg.OKR.AddComment(r.Context(), actor, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, c)
}

func (h *handler) suggest(w http.ResponseWriter, r *http.Request, actor string) error {
	var in okr.SuggestionInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	s, err := h.cfg.OKR.Suggest(r.Context(), actor, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/suggestions/"+s.ID, s, s.Version)
}

func (h *handler) getSuggestion(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "suggestion")
	if err != nil {
		return err
	}
	s, err := h.cfg.OKR.Suggestion(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, s, s.Version)
}

func (h *handler) acceptSuggestion(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "suggestion")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in okr.AcceptInput
	if err := h.decode(w, r, &in, bodyOptional); err != nil {
		return err
	}
	o, err := h.cfg.OKR.AcceptSuggestion(r.Context(), actor, id, version, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/objectives/"+o.ID, o, o.Version)
}

func (h *handler) declineSuggestion(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "suggestion")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in okr.DeclineInput
	if err := h.decode(w, r, &in, bodyOptional); err != nil {
		return err
	}
	s, err := h.cfg.OKR.DeclineSuggestion(r.Context(), actor, id, version, in)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, s, s.Version)
}

func (h *handler) withdrawSuggestion(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "suggestion")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	s, err := h.cfg.OKR.WithdrawSuggestion(r.Context(), actor, id, version)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, s, s.Version)
}

func (h *handler) listReceivedSuggestions(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.listSuggestions(w, r, actor, true)
}

func (h *handler) listSentSuggestions(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.listSuggestions(w, r, actor, false)
}

func (h *handler) listSuggestions(w http.ResponseWriter, r *http.Request, actor string, received bool) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	status := okr.SuggestionStatus(r.URL.Query().Get("status"))
	switch status {
	case "", okr.SuggestionPending, okr.SuggestionAccepted, okr.SuggestionDeclined, okr.SuggestionWithdrawn:
	default:
		return problemf(kindInvalidParameter, "status must be one of: pending, accepted, declined, withdrawn")
	}
	p, err := h.cfg.OKR.Suggestions(r.Context(), actor, received, status, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}
