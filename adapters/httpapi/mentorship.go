package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/storage"
)

// mentorshipErrors gives mentorship's sentinel errors their problem codes.
// The not-found ones (no profile, no team lead, no such step) are listed
// for completeness: every 404 reads the same, without a code.
var mentorshipErrors = []domainError{
	{mentorship.ErrNotMentee, "mentorship.not_mentee"},
	{mentorship.ErrNotMentor, "mentorship.not_mentor"},
	{mentorship.ErrInsightsDenied, "mentorship.insights_denied"},
	{mentorship.ErrNoProfile, "mentorship.no_profile"},
	{mentorship.ErrNoTeamLead, "mentorship.no_team_lead"},
	{mentorship.ErrStepNotFound, "mentorship.step_not_found"},
	{mentorship.ErrProfileExists, "mentorship.profile_exists"},
	{mentorship.ErrDuplicateRequest, "mentorship.duplicate_request"},
	{mentorship.ErrNotAccepting, "mentorship.not_accepting"},
	{mentorship.ErrMentorFull, "mentorship.mentor_full"},
	{mentorship.ErrAlreadyMentor, "mentorship.already_mentor"},
	{mentorship.ErrRequestClosed, "mentorship.request_closed"},
	{mentorship.ErrRequestExpired, "mentorship.request_expired"},
	{mentorship.ErrNotRequest, "mentorship.not_request"},
	{mentorship.ErrRelationNotActive, "mentorship.relation_not_active"},
	{mentorship.ErrDefaultRelation, "mentorship.default_relation"},
	{mentorship.ErrHasChosenMentor, "mentorship.has_chosen_mentor"},
}

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
	h.handle("GET /mentor-profiles", h.listMentorProfiles)
	h.handle("POST /mentor-profiles", h.volunteer)
	h.handle("GET /mentor-profiles/{person}", h.getMentorProfile)
	h.handle("PATCH /mentor-profiles/{person}", h.patchMentorProfile)

	h.handle("GET /people/{person}/mentor", h.getCurrentMentor)
	h.handle("POST /people/{person}/default-relation", h.defaultRelation)
	h.handle("GET /me/mentor-suggestions", h.suggestMentors)

	h.handle("POST /mentor-requests", h.requestMentor)
	h.handle("GET /me/mentor-requests/received", h.listReceivedRequests)
	h.handle("GET /me/mentor-requests/sent", h.listSentRequests)

	h.handle("GET /me/relations", h.listRelations)
	h.handle("GET /relations/{relation}", h.getRelation)
	h.handle("PATCH /relations/{relation}", h.patchRelation)
	h.handle("POST /relations/{relation}/accept", h.acceptRequest)
	h.handle("POST /relations/{relation}/decline", h.declineRequest)
	h.handle("POST /relations/{relation}/withdraw", h.withdrawRequest)
	h.handle("POST /relations/{relation}/end", h.endRelation)
	h.handle("GET /relations/{relation}/meetings", h.listMentorMeetings)
	h.handle("POST /relations/{relation}/meetings", h.recordMentorMeeting)
	h.handle("GET /relations/{relation}/open-steps", h.listOpenSteps)

	h.handle("GET /mentor-meetings/{meeting}", h.getMentorMeeting)
	h.handle("PATCH /mentor-meetings/{meeting}", h.patchMentorMeeting)
	h.handle("PATCH /mentor-meetings/{meeting}/next-steps/{step}", h.patchNextStep)

	h.handle("GET /me/overdue-meetings", h.listOverdueMeetings)
	h.handle("POST /mentorship/insights", h.mentorshipInsights)
	h.handle("POST /mentorship/sweep", h.mentorshipSweep)
}

// writeItems answers a list that is not paged as {"items": […]}.
func writeItems[T any](w http.ResponseWriter, items []T) error {
	if items == nil {
		items = []T{}
	}
	return writeJSON(w, http.StatusOK, itemsOf[T]{Items: items})
}

// answerRelation returns a function answering the result of a service
// call that returns a relation: the relation with its ETag.
func answerRelation(w http.ResponseWriter) func(*mentorship.Relation, error) error {
	return func(rel *mentorship.Relation, err error) error {
		if err != nil {
			return err
		}
		return writeVersioned(w, http.StatusOK, rel, rel.Version)
	}
}

// answerMentorMeeting is answerRelation for meetings.
func answerMentorMeeting(w http.ResponseWriter) func(*mentorship.Meeting, error) error {
	return func(m *mentorship.Meeting, err error) error {
		if err != nil {
			return err
		}
		return writeVersioned(w, http.StatusOK, m, m.Version)
	}
}

func (h *handler) listMentorProfiles(w http.ResponseWriter, r *http.Request, actor string) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	p, err := h.cfg.Mentorship.Profiles(r.Context(), actor, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) volunteer(w http.ResponseWriter, r *http.Request, actor string) error {
	var in mentorship.ProfileInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	p, err := h.cfg.Mentorship.Volunteer(r.Context(), actor, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/mentor-profiles/"+url.PathEscape(p.Person), p, p.Version)
}

func (h *handler) getMentorProfile(w http.ResponseWriter, r *http.Request, actor string) error {
	p, err := h.cfg.Mentorship.Profile(r.Context(), actor, r.PathValue("person"))
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, p, p.Version)
}

// patchMentorProfile changes the authenticated person's own profile. The
// path names the profile; profiles are public, so another person's is
// answered 403 when it exists and 404 when it does not.
func (h *handler) patchMentorProfile(w http.ResponseWriter, r *http.Request, actor string) error {
	person := r.PathValue("person")
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch mentorship.ProfileChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	if person != actor {
		if _, err := h.cfg.Mentorship.Profile(r.Context(), actor, person); err != nil {
			return err
		}
		p := problemf(kindForbidden, "only its owner may change a mentor profile")
		p.code = "mentorship.not_profile_owner"
		return p
	}
	p, err := h.cfg.Mentorship.UpdateProfile(r.Context(), actor, version, ch)
	if err != nil {
		return err
	}
	return writeVersioned(w, http.StatusOK, p, p.Version)
}

func (h *handler) getCurrentMentor(w http.ResponseWriter, r *http.Request, actor string) error {
	c, err := h.cfg.Mentorship.CurrentMentor(r.Context(), actor, r.PathValue("person"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}

func (h *handler) defaultRelation(w http.ResponseWriter, r *http.Request, actor string) error {
	return answerRelation(w)(h.cfg.Mentorship.DefaultRelation(r.Context(), actor, r.PathValue("person")))
}

// suggestMentors answers GET /me/mentor-suggestions?limit= (1 to 100,
// default 10).
func (h *handler) suggestMentors(w http.ResponseWriter, r *http.Request, actor string) error {
	limit := 10
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return problemf(kindInvalidParameter, "limit must be a whole number from 1 to 100")
		}
		limit = n
	}
	cs, err := h.cfg.Mentorship.SuggestMentors(r.Context(), actor, limit)
	if err != nil {
		return err
	}
	return writeItems(w, cs)
}

func (h *handler) requestMentor(w http.ResponseWriter, r *http.Request, actor string) error {
	var in mentorship.RequestInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	rel, err := h.cfg.Mentorship.Request(r.Context(), actor, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/relations/"+rel.ID, rel, rel.Version)
}

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

func (h *handler) listReceivedRequests(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.listRequests(w, r, actor, mentorship.RoleMentor)
}

func (h *handler) listSentRequests(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.listRequests(w, r, actor, mentorship.RoleMentee)
}

// listRequests lists the requests (chosen relations, whatever became of
// them) the authenticated person received or made.
func (h *handler) listRequests(w http.ResponseWriter, r *http.Request, actor string, as mentorship.Role) error {
	if len(r.URL.Query()["status"]) > 1 {
		return problemf(kindInvalidParameter, "give status at most once")
	}
	statuses, err := relationStatusQuery(r)
	if err != nil {
		return err
	}
	return h.relations(w, r, actor, mentorship.RelationQuery{As: as, Kind: mentorship.KindChosen, Statuses: statuses})
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
	return h.relations(w, r, actor, rq)
}

func (h *handler) relations(w http.ResponseWriter, r *http.Request, actor string, q mentorship.RelationQuery) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	p, err := h.cfg.Mentorship.Relations(r.Context(), actor, q, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) getRelation(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "relation")
	if err != nil {
		return err
	}
	return answerRelation(w)(h.cfg.Mentorship.Relation(r.Context(), actor, id))
}

// relationChanges is the body of PATCH /relations/{relation}: how many
// days apart the pair means to meet, the one thing of a relation its
// participants set.
type relationChanges struct {
	CadenceDays *int `json:"cadenceDays"`
}

func (h *handler) patchRelation(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "relation")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch relationChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	if ch.CadenceDays == nil {
		return storage.Invalid("cadenceDays", "is required")
	}
	return answerRelation(w)(h.cfg.Mentorship.SetCadence(r.Context(), actor, id, version, *ch.CadenceDays))
}

func (h *handler) acceptRequest(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.answerRequest(w, r, actor, h.cfg.Mentorship.Accept)
}

func (h *handler) declineRequest(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.answerRequest(w, r, actor, h.cfg.Mentorship.Decline)
}

// answerRequest runs accept or decline: the optional If-Match and
// message go to the service.
func (h *handler) answerRequest(w http.ResponseWriter, r *http.Request, actor string,
	answer func(ctx context.Context, actor, id string, version int64, in mentorship.AnswerInput) (*mentorship.Relation, error)) error {
	id, err := pathID(r, "relation")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in mentorship.AnswerInput
	if err := h.decode(w, r, &in, bodyOptional); err != nil {
		return err
	}
	return answerRelation(w)(answer(r.Context(), actor, id, version, in))
}

func (h *handler) withdrawRequest(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "relation")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	return answerRelation(w)(h.cfg.Mentorship.Withdraw(r.Context(), actor, id, version))
}

func (h *handler) endRelation(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "relation")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in mentorship.EndInput
	if err := h.decode(w, r, &in, bodyOptional); err != nil {
		return err
	}
	return answerRelation(w)(h.cfg.Mentorship.End(r.Context(), actor, id, version, in))
}

func (h *handler) listMentorMeetings(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "relation")
	if err != nil {
		return err
	}
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	p, err := h.cfg.Mentorship.Meetings(r.Context(), actor, id, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) recordMentorMeeting(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "relation")
	if err != nil {
		return err
	}
	var in mentorship.MeetingInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	var bad []storage.FieldError
	bad = appendInstant(bad, in.At, "at")
	bad = appendStepDues(bad, in.NextSteps, "nextSteps")
	if bad != nil {
		return &storage.ValidationError{Fields: bad}
	}
	m, err := h.cfg.Mentorship.RecordMeeting(r.Context(), actor, id, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/mentor-meetings/"+m.ID, m, m.Version)
}

func (h *handler) listOpenSteps(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "relation")
	if err != nil {
		return err
	}
	steps, err := h.cfg.Mentorship.OpenSteps(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeItems(w, steps)
}

func (h *handler) getMentorMeeting(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	return answerMentorMeeting(w)(h.cfg.Mentorship.Meeting(r.Context(), actor, id))
}

func (h *handler) patchMentorMeeting(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch mentorship.MeetingChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	if bad := appendStepDues(nil, ch.AddSteps, "addSteps"); bad != nil {
		return &storage.ValidationError{Fields: bad}
	}
	return answerMentorMeeting(w)(h.cfg.Mentorship.UpdateMeeting(r.Context(), actor, id, version, ch))
}

// stepChanges is the body of PATCH
// /mentor-meetings/{meeting}/next-steps/{step}.
type stepChanges struct {
	Done *bool `json:"done"`
}

func (h *handler) patchNextStep(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	step, err := pathID(r, "step")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch stepChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	if ch.Done == nil {
		return storage.Invalid("done", "is required")
	}
	return answerMentorMeeting(w)(h.cfg.Mentorship.SetStepDone(r.Context(), actor, id, step, version, *ch.Done))
}

func (h *handler) listOverdueMeetings(w http.ResponseWriter, r *http.Request, actor string) error {
	due, err := h.cfg.Mentorship.Overdue(r.Context(), actor, h.now())
	if err != nil {
		return err
	}
	return writeItems(w, due)
}

// insightsQuery is the body of POST /mentorship/insights: the population
// to look at, such as a department. It is a body rather than a query
// string because it may name thousands of people.
type insightsQuery struct {
	People []string `json:"people"`
}

func (h *handler) mentorshipInsights(w http.ResponseWriter, r *http.Request, actor string) error {
	var q insightsQuery
	if err := h.decode(w, r, &q, bodyOptional); err != nil {
		return err
	}
	in, err := h.cfg.Mentorship.Insights(r.Context(), actor, q.People)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, in)
}

// mentorshipSweep runs the maintenance of Service.Sweep as of the
// adapter's clock. Only administrators may.
func (h *handler) mentorshipSweep(w http.ResponseWriter, r *http.Request, actor string) error {
	rights, err := h.rights(r, actor)
	if err != nil {
		return err
	}
	if !rights.Admin {
		p := problemf(kindForbidden, "only an administrator may run the mentorship sweep")
		p.code = "mentorship.admin_only"
		return p
	}
	report, err := h.cfg.Mentorship.Sweep(r.Context(), time.Time{}) // as of the service's own clock
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, report)
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
