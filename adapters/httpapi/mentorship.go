package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

// mentorshipRoutes registers the routes of volunteer mentoring. Their part
// of the OpenAPI document is openapi/mentorship.json.
//
// The maintenance the host runs from time to time, Service.Sweep, is a
// route too, POST /mentorship/sweep, for hosts that schedule it from
// outside (a cron job calling the API): only people the host's Rights
// hook names administrators may call it, and it sweeps as of the
// service's own clock, never a time a client names. The pure matching
// functions (Suggest, Assign, Stable, BlockingPairs) are for the host's
// own code; GET /me/mentor-suggestions ranks mentors for the person
// asking.
func (h *handler) mentorshipRoutes() {
	m := h.cfg.Mentorship
	h.handle("GET /mentor-profiles", list(nil, callPage(m.Profiles)))
	h.handle("POST /mentor-profiles", create(h, nil, mustBody, profileAt, callIn(m.Volunteer)))
	h.handle("GET /mentor-profiles/{person}", read(nil, func(a args) (*mentorship.Profile, error) {
		return m.Profile(a.ctx, a.actor, a.path("person"))
	}))
	// The path names the profile; profiles are public, so another
	// person's is answered 403 when it exists and 404 when it does not.
	h.handle("PATCH /mentor-profiles/{person}", change(h, nil, func(a args, ch mentorship.ProfileChanges) (*mentorship.Profile, error) {
		if person := a.path("person"); person != a.actor {
			if _, err := m.Profile(a.ctx, a.actor, person); err != nil {
				return nil, err
			}
			p := problemf(kindForbidden, "only its owner may change a mentor profile")
			p.code = "mentorship.not_profile_owner"
			return nil, p
		}
		return m.UpdateProfile(a.ctx, a.actor, a.version, ch)
	}))

	h.handle("GET /people/{person}/mentor", view(nil, func(a args) (*mentorship.CurrentMentor, error) {
		return m.CurrentMentor(a.ctx, a.actor, a.path("person"))
	}))
	h.handle("POST /people/{person}/default-relation", do(nil, 0, func(a args) (*mentorship.Relation, error) {
		return m.DefaultRelation(a.ctx, a.actor, a.path("person"))
	}))
	// ?limit= is 1 to 100, 10 by default.
	h.handle("GET /me/mentor-suggestions", view(nil, func(a args) (itemsOf[mentorship.Candidate], error) {
		limit := 10
		if s := a.query("limit"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 100 {
				return itemsOf[mentorship.Candidate]{}, problemf(kindInvalidParameter, "limit must be a whole number from 1 to 100")
			}
			limit = n
		}
		return items(m.SuggestMentors(a.ctx, a.actor, limit))
	}))

	h.handle("POST /mentor-requests", create(h, nil, mustBody, relationAt, callIn(m.Request)))
	h.handle("GET /me/mentor-requests/received", h.listRequests(mentorship.RoleMentor))
	h.handle("GET /me/mentor-requests/sent", h.listRequests(mentorship.RoleMentee))

	h.handle("GET /me/relations", h.listRelations)
	h.handle("GET /relations/{relation}", read(ids("relation"), callID(m.Relation)))
	h.handle("PATCH /relations/{relation}", change(h, ids("relation"), func(a args, ch relationChanges) (*mentorship.Relation, error) {
		if ch.CadenceDays == nil {
			return nil, storage.Invalid("cadenceDays", "is required")
		}
		return m.SetCadence(a.ctx, a.actor, a.id, a.version, *ch.CadenceDays)
	}))
	h.handle("POST /relations/{relation}/accept", act(h, ids("relation"), optMatch|optBody, callIDVersionIn(m.Accept)))
	h.handle("POST /relations/{relation}/decline", act(h, ids("relation"), optMatch|optBody, callIDVersionIn(m.Decline)))
	h.handle("POST /relations/{relation}/withdraw", do(ids("relation"), optMatch, callIDVersion(m.Withdraw)))
	h.handle("POST /relations/{relation}/end", act(h, ids("relation"), optMatch|optBody, callIDVersionIn(m.End)))
	h.handle("POST /relations/{relation}/session", act(h, ids("relation"), optMatch|mustBody, callIDVersionIn(m.PlanSession)))
	h.handle("DELETE /relations/{relation}/session", do(ids("relation"), optMatch, callIDVersion(m.CancelSession)))
	h.handle("GET /relations/{relation}/meetings", list(ids("relation"), callIDPage(m.Meetings)))
	h.handle("POST /relations/{relation}/meetings", create(h, ids("relation"), mustBody, meetingAt, func(a args, in mentorship.MeetingInput) (*mentorship.Meeting, error) {
		var bad []storage.FieldError
		bad = appendInstant(bad, in.At, "at")
		bad = appendStepDues(bad, in.NextSteps, "nextSteps")
		if bad != nil {
			return nil, &storage.ValidationError{Fields: bad}
		}
		return m.RecordMeeting(a.ctx, a.actor, a.id, in)
	}))
	h.handle("GET /relations/{relation}/open-steps", view(ids("relation"), func(a args) (itemsOf[mentorship.OpenStep], error) {
		return items(m.OpenSteps(a.ctx, a.actor, a.id))
	}))

	h.handle("GET /mentor-meetings/{meeting}", read(ids("meeting"), callID(m.Meeting)))
	h.handle("PATCH /mentor-meetings/{meeting}", change(h, ids("meeting"), func(a args, ch mentorship.MeetingChanges) (*mentorship.Meeting, error) {
		if bad := appendStepDues(nil, ch.AddSteps, "addSteps"); bad != nil {
			return nil, &storage.ValidationError{Fields: bad}
		}
		return m.UpdateMeeting(a.ctx, a.actor, a.id, a.version, ch)
	}))
	h.handle("PATCH /mentor-meetings/{meeting}/next-steps/{step}", change(h, ids("meeting", "step"), func(a args, ch stepChanges) (*mentorship.Meeting, error) {
		if ch.Done == nil {
			return nil, storage.Invalid("done", "is required")
		}
		return m.SetStepDone(a.ctx, a.actor, a.id, a.sub, a.version, *ch.Done)
	}))

	h.handle("GET /me/overdue-meetings", view(nil, func(a args) (itemsOf[mentorship.DueMeeting], error) {
		return items(m.Overdue(a.ctx, a.actor, h.now()))
	}))
	h.handle("POST /mentorship/insights", act(h, nil, optBody|plain, func(a args, q insightsQuery) (*mentorship.Insights, error) {
		return m.Insights(a.ctx, a.actor, q.People)
	}))
	// The sweep runs as of the service's own clock, and only
	// administrators may run it.
	h.handle("POST /mentorship/sweep", view(nil, func(a args) (*mentorship.SweepReport, error) {
		rights, err := h.rights(a.r, a.actor)
		if err != nil {
			return nil, err
		}
		if !rights.Admin {
			p := problemf(kindForbidden, "only an administrator may run the mentorship sweep")
			p.code = "mentorship.admin_only"
			return nil, p
		}
		return m.Sweep(a.ctx, time.Time{})
	}))
}

// Where a created resource of mentorship is.
func profileAt(p *mentorship.Profile) string   { return "/mentor-profiles/" + url.PathEscape(p.Person) }
func relationAt(r *mentorship.Relation) string { return "/relations/" + r.ID }
func meetingAt(m *mentorship.Meeting) string   { return "/mentor-meetings/" + m.ID }

// relationStatuses are the values of ?status= on relation lists.
var relationStatuses = []mentorship.RelationStatus{
	mentorship.StatusProposed, mentorship.StatusActive, mentorship.StatusDeclined, mentorship.StatusWithdrawn,
	mentorship.StatusExpired, mentorship.StatusSuperseded, mentorship.StatusEnded,
}

// relationStatusQuery reads the ?status= values of a relation list.
func relationStatusQuery(r *http.Request) ([]mentorship.RelationStatus, error) {
	var out []mentorship.RelationStatus
	for _, s := range r.URL.Query()["status"] {
		st := mentorship.RelationStatus(s)
		if !slices.Contains(relationStatuses, st) {
			return nil, problemf(kindInvalidParameter,
				"status must be one of: proposed, active, declined, withdrawn, expired, superseded, ended")
		}
		if !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out, nil
}

// listRequests lists the requests (chosen relations, whatever became of
// them) the authenticated person received or made.
func (h *handler) listRequests(as mentorship.Role) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, actor string) error {
		if len(r.URL.Query()["status"]) > 1 {
			return problemf(kindInvalidParameter, "give status at most once")
		}
		statuses, err := relationStatusQuery(r)
		if err != nil {
			return err
		}
		return h.relations(mentorship.RelationQuery{As: as, Kind: mentorship.KindChosen, Statuses: statuses})(w, r, actor)
	}
}

func (h *handler) listRelations(w http.ResponseWriter, r *http.Request, actor string) error {
	q := r.URL.Query()
	var rq mentorship.RelationQuery
	switch as := mentorship.Role(q.Get("as")); as {
	case "", mentorship.RoleMentee, mentorship.RoleMentor:
		rq.As = as
	default:
		return problemf(kindInvalidParameter, "as must be mentee or mentor")
	}
	switch kind := mentorship.RelationKind(q.Get("kind")); kind {
	case "", mentorship.KindChosen, mentorship.KindDefault:
		rq.Kind = kind
	default:
		return problemf(kindInvalidParameter, "kind must be chosen or default")
	}
	statuses, err := relationStatusQuery(r)
	if err != nil {
		return err
	}
	rq.Statuses = statuses
	return h.relations(rq)(w, r, actor)
}

// relations lists the relations q selects, once the query is read.
func (h *handler) relations(q mentorship.RelationQuery) apiFunc {
	return list(nil, func(a args) (storage.Page[mentorship.Relation], error) {
		return h.cfg.Mentorship.Relations(a.ctx, a.actor, q, a.page)
	})
}

// relationChanges is the body of PATCH /relations/{relation}: how many
// days apart the pair means to meet, the one thing of a relation its
// participants set.
type relationChanges struct {
	CadenceDays *int `json:"cadenceDays"`
}

// stepChanges is the body of PATCH
// /mentor-meetings/{meeting}/next-steps/{step}.
type stepChanges struct {
	Done *bool `json:"done"`
}

// insightsQuery is the body of POST /mentorship/insights: the population
// to look at, such as a department. It is a body rather than a query
// string because it may name thousands of people.
type insightsQuery struct {
	People []string `json:"people"`
}

// appendInstant adds a field error when t, in UTC, falls outside the
// years 0001 to 9999: RFC 3339 cannot write such a time, so it could be
// stored but never answered. The zero time is the service's to refuse.
func appendInstant(bad []storage.FieldError, t time.Time, field string) []storage.FieldError {
	if t.IsZero() {
		return bad
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		bad = append(bad, storage.FieldError{Field: field, Message: "must lie between the years 1 and 9999 in UTC"})
	}
	return bad
}

// appendStepDues checks the due dates of next steps with appendInstant.
func appendStepDues(bad []storage.FieldError, steps []mentorship.NextStepInput, field string) []storage.FieldError {
	for i, st := range steps {
		if st.Due != nil {
			bad = appendInstant(bad, *st.Due, fmt.Sprintf("%s[%d].due", field, i))
		}
	}
	return bad
}
