package httpapi

import (
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
)

// okrRoutes registers the routes of personal development planning. Their
// part of the OpenAPI document is openapi/okr.json.
func (h *handler) okrRoutes() {
	o := h.cfg.OKR
	h.handle("GET /people/{person}/board", view(nil, func(a args) (*okr.Board, error) {
		return o.Board(a.ctx, a.actor, a.path("person"))
	}))
	h.handle("GET /people/{person}/goals", list(nil, func(a args) (storage.Page[okr.Goal], error) {
		return o.Goals(a.ctx, a.actor, a.path("person"), a.page)
	}))
	h.handle("GET /people/{person}/objectives", list(nil, func(a args) (storage.Page[okr.Objective], error) {
		return o.Objectives(a.ctx, a.actor, okr.ObjectiveFilter{Owner: a.path("person")}, a.page)
	}))

	h.handle("POST /goals", create(h, nil, mustBody, goalAt, callIn(o.CreateGoal)))
	h.handle("GET /goals/{goal}", read(ids("goal"), callID(o.Goal)))
	h.handle("PATCH /goals/{goal}", change(h, ids("goal"), callIDVersionIn(o.UpdateGoal)))
	h.handle("GET /goals/{goal}/objectives", list(ids("goal"), func(a args) (storage.Page[okr.Objective], error) {
		return o.Objectives(a.ctx, a.actor, okr.ObjectiveFilter{GoalID: a.id}, a.page)
	}))
	h.handle("POST /goals/{goal}/objectives", create(h, ids("goal"), mustBody, objectiveAt,
		func(a args, in objectiveCreate) (*okr.Objective, error) {
			return o.CreateObjective(a.ctx, a.actor, okr.ObjectiveInput{GoalID: a.id, Draft: in.Draft, ObjectiveSpec: in.ObjectiveSpec})
		}))

	h.handle("GET /objectives/{objective}", read(ids("objective"), callID(o.Objective)))
	h.handle("PATCH /objectives/{objective}", change(h, ids("objective"), callIDVersionIn(o.UpdateObjective)))
	h.handle("POST /objectives/{objective}/activate", do(ids("objective"), optMatch, callIDVersion(o.ActivateObjective)))
	h.handle("POST /objectives/{objective}/close", act(h, ids("objective"), optMatch|optBody, callIDVersionIn(o.CloseObjective)))
	h.handle("POST /objectives/{objective}/carry", create(h, ids("objective"), optBody, objectiveAt,
		func(a args, in carryInput) (*okr.Objective, error) {
			return o.CarryObjective(a.ctx, a.actor, a.id, in.Period)
		}))
	h.handle("POST /objectives/{objective}/key-results", act(h, ids("objective"), optMatch|mustBody, callIDVersionIn(o.AddKeyResult)))
	keyResult := ids("objective", "keyResult")
	h.handle("PATCH /objectives/{objective}/key-results/{keyResult}", change(h, keyResult, callIDSubVersionIn(o.UpdateKeyResult)))
	h.handle("DELETE /objectives/{objective}/key-results/{keyResult}", do(keyResult, mustMatch, callIDSubVersion(o.RemoveKeyResult)))
	h.handle("GET /objectives/{objective}/check-ins", list(ids("objective"), func(a args) (storage.Page[okr.CheckIn], error) {
		return o.CheckIns(a.ctx, a.actor, a.id, "", a.page)
	}))
	h.handle("GET /objectives/{objective}/key-results/{keyResult}/check-ins", list(keyResult, callIDSubPage(o.CheckIns)))
	h.handle("POST /objectives/{objective}/key-results/{keyResult}/check-ins", create(h, keyResult, mustBody, nil, callIDSubIn(o.CheckIn)))
	h.handle("GET /objectives/{objective}/comments", list(ids("objective"), callIDPage(o.Comments)))
	h.handle("POST /objectives/{objective}/comments", create(h, ids("objective"), mustBody, nil, callIDIn(o.AddComment)))

	h.handle("POST /suggestions", create(h, nil, mustBody, suggestionAt, callIn(o.Suggest)))
	h.handle("GET /suggestions/{suggestion}", read(ids("suggestion"), callID(o.Suggestion)))
	h.handle("POST /suggestions/{suggestion}/accept", create(h, ids("suggestion"), optMatch|optBody, objectiveAt, callIDVersionIn(o.AcceptSuggestion)))
	h.handle("POST /suggestions/{suggestion}/decline", act(h, ids("suggestion"), optMatch|optBody, callIDVersionIn(o.DeclineSuggestion)))
	h.handle("POST /suggestions/{suggestion}/withdraw", do(ids("suggestion"), optMatch, callIDVersion(o.WithdrawSuggestion)))
	h.handle("GET /me/suggestions/received", h.listSuggestions(true))
	h.handle("GET /me/suggestions/sent", h.listSuggestions(false))
}

// Where a created resource of okr is.
func goalAt(g *okr.Goal) string             { return "/goals/" + g.ID }
func objectiveAt(o *okr.Objective) string   { return "/objectives/" + o.ID }
func suggestionAt(s *okr.Suggestion) string { return "/suggestions/" + s.ID }

// objectiveCreate is the body of POST /goals/{goal}/objectives: the goal
// comes from the path.
type objectiveCreate struct {
	Draft bool `json:"draft"`
	okr.ObjectiveSpec
}

// carryInput is the body of POST /objectives/{objective}/carry.
type carryInput struct {
	// Period of the new objective; the calendar year after the old one's
	// end when absent.
	Period *okr.Period `json:"period"`
}

// listSuggestions lists the suggestions the authenticated person received
// or sent, optionally of one ?status=.
func (h *handler) listSuggestions(received bool) apiFunc {
	return list(nil, func(a args) (storage.Page[okr.Suggestion], error) {
		status := okr.SuggestionStatus(a.query("status"))
		switch status {
		case "", okr.SuggestionPending, okr.SuggestionAccepted, okr.SuggestionDeclined, okr.SuggestionWithdrawn:
		default:
			return storage.Page[okr.Suggestion]{}, problemf(kindInvalidParameter, "status must be one of: pending, accepted, declined, withdrawn")
		}
		return h.cfg.OKR.Suggestions(a.ctx, a.actor, received, status, a.page)
	})
}
