package httpapi

import (
	"errors"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

// backlogErrors gives backlog's sentinel errors their problem codes. A
// *backlog.TransitionError matches ErrInvalidTransition.
var backlogErrors = []domainError{
	{backlog.ErrNotFacilitator, "backlog.not_facilitator"},
	{backlog.ErrNotAuthor, "backlog.not_author"},
	{backlog.ErrNotParticipant, "backlog.not_participant"},
	{backlog.ErrItemLocked, "backlog.item_locked"},
	{backlog.ErrItemNotOpen, "backlog.item_not_open"},
	{backlog.ErrMeetingNotOpen, "backlog.meeting_not_open"},
	{backlog.ErrMeetingNotClosed, "backlog.meeting_not_closed"},
	{backlog.ErrInvalidTransition, "backlog.invalid_transition"},
	{backlog.ErrUnknownPolicy, "backlog.unknown_policy"},
	{backlog.ErrQuarterTaken, "backlog.quarter_taken"},
	{backlog.ErrNotMeetingFacilitator, "backlog.not_meeting_facilitator"},
}

// backlogRoutes registers the routes of the learning backlog and its
// prioritisation meetings. Their part of the OpenAPI document is
// openapi/backlog.json. Facilitator-only actions are refused by the
// service (backlog.ErrNotFacilitator, 403) unless its Roles say the
// person facilitates.
func (h *handler) backlogRoutes() {
	h.handle("GET /backlog/policies", h.listPolicies)
	h.handle("GET /backlog/items", h.listBacklogItems)
	h.handle("POST /backlog/items", h.addBacklogItem)
	h.handle("GET /backlog/items/{item}", h.getBacklogItem)
	h.handle("PATCH /backlog/items/{item}", h.patchBacklogItem)
	h.handle("POST /backlog/items/{item}/support", h.supportBacklogItem)
	h.handle("POST /backlog/items/{item}/unsupport", h.unsupportBacklogItem)
	h.handle("POST /backlog/items/{item}/reject", h.rejectBacklogItem)
	h.handle("POST /backlog/items/{item}/duplicate", h.markDuplicate)
	h.handle("POST /backlog/items/{item}/archive", h.archiveBacklogItem)
	h.handle("POST /backlog/items/{item}/release", h.releaseBacklogItem)

	h.handle("GET /prioritisation-meetings", h.listPrioritisationMeetings)
	h.handle("POST /prioritisation-meetings", h.openPrioritisationMeeting)
	h.handle("GET /prioritisation-meetings/{meeting}", h.getPrioritisationMeeting)
	h.handle("PATCH /prioritisation-meetings/{meeting}", h.patchPrioritisationMeeting)
	h.handle("POST /prioritisation-meetings/{meeting}/estimates", h.submitEstimates)
	h.handle("GET /prioritisation-meetings/{meeting}/preview", h.previewRanking)
	h.handle("POST /prioritisation-meetings/{meeting}/close", h.closePrioritisationMeeting)
	h.handle("POST /prioritisation-meetings/{meeting}/cancel", h.cancelPrioritisationMeeting)
	h.handle("GET /prioritisation-meetings/{meeting}/replay", h.replayPrioritisationMeeting)
}

// answerItem returns a function answering the result of a service call
// that returns an item: the item with its ETag.
func answerItem(w http.ResponseWriter) func(*backlog.Item, error) error {
	return func(it *backlog.Item, err error) error {
		if err != nil {
			return err
		}
		return writeVersioned(w, http.StatusOK, it, it.Version)
	}
}

// answerPrioritisationMeeting is answerItem for meetings.
func answerPrioritisationMeeting(w http.ResponseWriter) func(*backlog.Meeting, error) error {
	return func(m *backlog.Meeting, err error) error {
		if err != nil {
			return err
		}
		return writeVersioned(w, http.StatusOK, m, m.Version)
	}
}

func (h *handler) listPolicies(w http.ResponseWriter, _ *http.Request, _ string) error {
	v, _ := items(h.cfg.Backlog.PolicyNames(), nil)
	return writeJSON(w, http.StatusOK, v)
}

// itemStatuses are the values of ?status= on GET /backlog/items.
var itemStatuses = []backlog.ItemStatus{
	backlog.StatusOpen, backlog.StatusSelected, backlog.StatusDone,
	backlog.StatusRejected, backlog.StatusDuplicate, backlog.StatusArchived,
}

func (h *handler) listBacklogItems(w http.ResponseWriter, r *http.Request, actor string) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := backlog.ItemFilter{Status: backlog.ItemStatus(q.Get("status")), SuggestedBy: q.Get("suggestedBy"), MeetingID: q.Get("meeting")}
	if f.Status != "" && !slices.Contains(itemStatuses, f.Status) {
		return problemf(kindInvalidParameter, "status must be one of: open, selected, done, rejected, duplicate, archived")
	}
	if f.MeetingID != "" && !isULID(f.MeetingID) {
		return problemf(kindInvalidParameter, "meeting must be the ID of a prioritisation meeting")
	}
	p, err := h.cfg.Backlog.Items(r.Context(), actor, f, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) addBacklogItem(w http.ResponseWriter, r *http.Request, actor string) error {
	var in backlog.ItemInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	it, err := h.cfg.Backlog.AddItem(r.Context(), actor, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/backlog/items/"+it.ID, it, it.Version)
}

func (h *handler) getBacklogItem(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	return answerItem(w)(h.cfg.Backlog.Item(r.Context(), actor, id))
}

func (h *handler) patchBacklogItem(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch backlog.ItemChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	return answerItem(w)(h.cfg.Backlog.EditItem(r.Context(), actor, id, version, ch))
}

// supportBacklogItem records the authenticated person's +1. Support is
// not versioned: people supporting at the same time never conflict, so
// the route takes no If-Match.
func (h *handler) supportBacklogItem(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	var in backlog.SupportInput
	if err := h.decode(w, r, &in, bodyOptional); err != nil {
		return err
	}
	return answerItem(w)(h.cfg.Backlog.Support(r.Context(), actor, id, in))
}

func (h *handler) unsupportBacklogItem(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	return answerItem(w)(h.cfg.Backlog.Unsupport(r.Context(), actor, id))
}

func (h *handler) rejectBacklogItem(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in backlog.RejectInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerItem(w)(h.cfg.Backlog.RejectItem(r.Context(), actor, id, version, in))
}

func (h *handler) markDuplicate(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	var in backlog.DuplicateInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerItem(w)(h.cfg.Backlog.MarkDuplicate(r.Context(), actor, id, version, in))
}

func (h *handler) archiveBacklogItem(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	return answerItem(w)(h.cfg.Backlog.ArchiveItem(r.Context(), actor, id, version))
}

func (h *handler) releaseBacklogItem(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "item")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	return answerItem(w)(h.cfg.Backlog.ReleaseItem(r.Context(), actor, id, version))
}

func (h *handler) listPrioritisationMeetings(w http.ResponseWriter, r *http.Request, actor string) error {
	page, err := pageRequest(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := backlog.MeetingFilter{Status: backlog.MeetingStatus(q.Get("status"))}
	switch f.Status {
	case "", backlog.MeetingOpen, backlog.MeetingClosed, backlog.MeetingCancelled:
	default:
		return problemf(kindInvalidParameter, "status must be one of: open, closed, cancelled")
	}
	if s := q.Get("quarter"); s != "" {
		if f.Quarter, err = backlog.ParseQuarter(s); err != nil {
			return problemf(kindInvalidParameter, "quarter must look like 2026-Q3")
		}
	}
	p, err := h.cfg.Backlog.Meetings(r.Context(), actor, f, page)
	if err != nil {
		return err
	}
	return writePage(w, r, p)
}

func (h *handler) openPrioritisationMeeting(w http.ResponseWriter, r *http.Request, actor string) error {
	var in backlog.MeetingInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	m, err := h.cfg.Backlog.OpenMeeting(r.Context(), actor, in)
	if err != nil {
		return err
	}
	return writeCreated(w, r, "/prioritisation-meetings/"+m.ID, m, m.Version)
}

func (h *handler) getPrioritisationMeeting(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	return answerPrioritisationMeeting(w)(h.cfg.Backlog.Meeting(r.Context(), actor, id))
}

func (h *handler) patchPrioritisationMeeting(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	version, err := requireIfMatch(r)
	if err != nil {
		return err
	}
	var ch backlog.MeetingChanges
	if err := h.decode(w, r, &ch, bodyRequired); err != nil {
		return err
	}
	return answerPrioritisationMeeting(w)(h.cfg.Backlog.ChangeMeeting(r.Context(), actor, id, version, ch))
}

// submitEstimates records the authenticated participant's estimates and
// ballot. A submission changes only the submitter's part of the meeting,
// so the route takes no If-Match.
func (h *handler) submitEstimates(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var in backlog.EstimatesInput
	if err := h.decode(w, r, &in, bodyRequired); err != nil {
		return err
	}
	return answerPrioritisationMeeting(w)(h.cfg.Backlog.SubmitEstimates(r.Context(), actor, id, in))
}

// previewRanking answers GET /prioritisation-meetings/{meeting}/preview
// with the ranking the meeting would decide if it closed now, under the
// policy given in ?policy= (see parsePolicy), or its own without one.
func (h *handler) previewRanking(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	var spec *backlog.PolicySpec
	if values := r.URL.Query()["policy"]; len(values) > 0 {
		if len(values) > 1 {
			return problemf(kindInvalidParameter, "give policy at most once")
		}
		if spec, err = parsePolicy(values[0]); err != nil {
			return err
		}
		if _, err := h.cfg.Backlog.BuildPolicy(*spec); err != nil {
			return policyProblem(err)
		}
	}
	p, err := h.cfg.Backlog.Preview(r.Context(), actor, id, spec)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// policyProblem turns a policy spec the service cannot build into a 400
// naming what is wrong, since the spec came in the query, not a body.
func policyProblem(err error) error {
	var verr *storage.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	parts := make([]string, len(verr.Fields))
	for i, f := range verr.Fields {
		parts[i] = strings.TrimSpace(f.Field + " " + f.Message)
	}
	p := problemf(kindInvalidParameter, "policy: %s", strings.Join(parts, "; "))
	if errors.Is(err, backlog.ErrUnknownPolicy) {
		p.code = "backlog.unknown_policy"
	}
	return p
}

func (h *handler) closePrioritisationMeeting(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	return answerPrioritisationMeeting(w)(h.cfg.Backlog.CloseMeeting(r.Context(), actor, id, version))
}

func (h *handler) cancelPrioritisationMeeting(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	version, err := optionalIfMatch(r)
	if err != nil {
		return err
	}
	return answerPrioritisationMeeting(w)(h.cfg.Backlog.CancelMeeting(r.Context(), actor, id, version))
}

func (h *handler) replayPrioritisationMeeting(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	res, err := h.cfg.Backlog.Replay(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// Limits of a policy in ?policy=.
const (
	maxPolicyLength = 500
	maxPolicyDepth  = 8
)

// parsePolicy reads a policy spec in the compact form
// backlog.PolicySpec.String writes: a name, optionally followed by
// parentheses holding parameters (name=number) and, last, the spec of the
// base policy, separated by commas or semicolons:
//
//	wsjf
//	aging(rate=0.2)
//	aging(rate=0.2; wsjf)
//
// It answers 400 for text that does not parse; whether the policy exists
// is for the service to say.
func parsePolicy(s string) (*backlog.PolicySpec, error) {
	bad := func(why string) error {
		return problemf(kindInvalidParameter, "policy %s: write it as a name, such as wsjf, or with parameters and a base, such as aging(rate=0.2; wsjf)", why)
	}
	if len(s) > maxPolicyLength {
		return nil, bad("is too long")
	}
	spec, rest, err := parseSpec(s, 0)
	if err != nil {
		return nil, bad(err.Error())
	}
	if strings.TrimSpace(rest) != "" {
		return nil, bad("has text after its end")
	}
	return spec, nil
}

// parseSpec parses one spec at the start of s and returns the rest.
func parseSpec(s string, depth int) (*backlog.PolicySpec, string, error) {
	if depth > maxPolicyDepth {
		return nil, "", errors.New("nests too deep")
	}
	end := strings.IndexAny(s, "(),;=")
	if end < 0 {
		end = len(s)
	}
	name := strings.TrimSpace(s[:end])
	if !policyName(name) {
		return nil, "", errors.New("needs a name of letters, digits, '-' or '_'")
	}
	spec := &backlog.PolicySpec{Name: name}
	s = s[end:]
	if !strings.HasPrefix(s, "(") {
		return spec, s, nil
	}
	s = s[1:]
	for {
		key, value, n, isParam := paramAt(s)
		switch {
		case spec.Base != nil:
			return nil, "", errors.New("names its base last")
		case isParam:
			v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, "", errors.New("has a parameter that is not a finite number")
			}
			if _, dup := spec.Params[key]; dup {
				return nil, "", errors.New("repeats a parameter")
			}
			if spec.Params == nil {
				spec.Params = map[string]float64{}
			}
			spec.Params[key] = v
			s = s[n:]
		default:
			base, rest, err := parseSpec(s, depth+1)
			if err != nil {
				return nil, "", err
			}
			spec.Base, s = base, rest
		}
		s = strings.TrimLeft(s, " ")
		switch {
		case strings.HasPrefix(s, ")"):
			return spec, s[1:], nil
		case strings.HasPrefix(s, ","), strings.HasPrefix(s, ";"):
			s = s[1:]
		default:
			return nil, "", errors.New("misses a closing parenthesis")
		}
	}
}

// paramAt reports whether s starts with a parameter, key=value, before any
// parenthesis or separator, and returns its key, its value's text and the
// length of both.
func paramAt(s string) (key, value string, n int, ok bool) {
	n = strings.IndexAny(s, "(),;")
	if n < 0 {
		return "", "", 0, false
	}
	k, v, found := strings.Cut(s[:n], "=")
	k = strings.TrimSpace(k)
	if !found || !policyName(k) {
		return "", "", 0, false
	}
	return k, v, n, true
}

// policyName reports whether s may name a policy or parameter: 1 to 64
// letters, digits, '-' or '_'.
func policyName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
