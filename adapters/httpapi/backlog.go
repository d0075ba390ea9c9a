package httpapi

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

// backlogRoutes registers the routes of the learning backlog and its
// prioritisation meetings. Their part of the OpenAPI document is
// openapi/backlog.json. Facilitator-only actions are refused by the
// service (backlog.ErrNotFacilitator, 403) unless its Roles say the
// person facilitates.
func (h *handler) backlogRoutes() {
	b := h.cfg.Backlog
	h.handle("GET /backlog/policies", view(nil, func(a args) (itemsOf[string], error) {
		return items(b.PolicyNames(), nil)
	}))
	h.handle("GET /backlog/items", list(nil, callFilter(itemFilter, b.Items)))
	h.handle("POST /backlog/items", create(h, nil, mustBody, itemAt, callIn(b.AddItem)))
	h.handle("GET /backlog/items/{item}", read(ids("item"), callID(b.Item)))
	h.handle("PATCH /backlog/items/{item}", change(h, ids("item"), callIDVersionIn(b.EditItem)))
	// Support is not versioned: people supporting at the same time never
	// conflict, so the route takes no If-Match.
	h.handle("POST /backlog/items/{item}/support", act(h, ids("item"), optBody, callIDIn(b.Support)))
	h.handle("POST /backlog/items/{item}/unsupport", do(ids("item"), 0, callID(b.Unsupport)))
	h.handle("POST /backlog/items/{item}/reject", act(h, ids("item"), optMatch|mustBody, callIDVersionIn(b.RejectItem)))
	h.handle("POST /backlog/items/{item}/duplicate", act(h, ids("item"), optMatch|mustBody, callIDVersionIn(b.MarkDuplicate)))
	h.handle("POST /backlog/items/{item}/archive", do(ids("item"), optMatch, callIDVersion(b.ArchiveItem)))
	h.handle("POST /backlog/items/{item}/release", do(ids("item"), optMatch, callIDVersion(b.ReleaseItem)))

	h.handle("GET /prioritisation-meetings", list(nil, callFilter(meetingFilter, b.Meetings)))
	h.handle("POST /prioritisation-meetings", create(h, nil, mustBody, prioritisationMeetingAt, callIn(b.OpenMeeting)))
	h.handle("GET /prioritisation-meetings/{meeting}", read(ids("meeting"), callID(b.Meeting)))
	h.handle("PATCH /prioritisation-meetings/{meeting}", change(h, ids("meeting"), callIDVersionIn(b.ChangeMeeting)))
	// A submission changes only the submitter's part of the meeting, so
	// the route takes no If-Match.
	h.handle("POST /prioritisation-meetings/{meeting}/estimates", act(h, ids("meeting"), mustBody, callIDIn(b.SubmitEstimates)))
	// The preview is the ranking the meeting would decide if it closed
	// now, under the policy given in ?policy= (see parsePolicy), or its
	// own without one.
	h.handle("GET /prioritisation-meetings/{meeting}/preview", view(ids("meeting"), func(a args) (*backlog.Preview, error) {
		var spec *backlog.PolicySpec
		if values := a.r.URL.Query()["policy"]; len(values) > 0 {
			if len(values) > 1 {
				return nil, problemf(kindInvalidParameter, "give policy at most once")
			}
			var err error
			if spec, err = parsePolicy(values[0]); err != nil {
				return nil, err
			}
			if _, err := b.BuildPolicy(*spec); err != nil {
				return nil, policyProblem(err)
			}
		}
		return b.Preview(a.ctx, a.actor, a.id, spec)
	}))
	h.handle("POST /prioritisation-meetings/{meeting}/close", do(ids("meeting"), optMatch, callIDVersion(b.CloseMeeting)))
	h.handle("POST /prioritisation-meetings/{meeting}/cancel", do(ids("meeting"), optMatch, callIDVersion(b.CancelMeeting)))
	h.handle("GET /prioritisation-meetings/{meeting}/replay", view(ids("meeting"), callID(b.Replay)))
}

// Where a created resource of backlog is.
func itemAt(it *backlog.Item) string                    { return "/backlog/items/" + it.ID }
func prioritisationMeetingAt(m *backlog.Meeting) string { return "/prioritisation-meetings/" + m.ID }

// itemStatuses are the values of ?status= on GET /backlog/items.
var itemStatuses = []backlog.ItemStatus{
	backlog.StatusOpen, backlog.StatusSelected, backlog.StatusDone,
	backlog.StatusRejected, backlog.StatusDuplicate, backlog.StatusArchived,
}

// itemFilter reads ?status=, ?suggestedBy= and ?meeting= of GET
// /backlog/items.
func itemFilter(a args) (backlog.ItemFilter, error) {
	f := backlog.ItemFilter{Status: backlog.ItemStatus(a.query("status")), SuggestedBy: a.query("suggestedBy"), MeetingID: a.query("meeting")}
	if f.Status != "" && !slices.Contains(itemStatuses, f.Status) {
		return f, problemf(kindInvalidParameter, "status must be one of: open, selected, done, rejected, duplicate, archived")
	}
	if f.MeetingID != "" && !isULID(f.MeetingID) {
		return f, problemf(kindInvalidParameter, "meeting must be the ID of a prioritisation meeting")
	}
	return f, nil
}

// meetingFilter reads ?status= and ?quarter= of GET
// /prioritisation-meetings.
func meetingFilter(a args) (backlog.MeetingFilter, error) {
	f := backlog.MeetingFilter{Status: backlog.MeetingStatus(a.query("status"))}
	switch f.Status {
	case "", backlog.MeetingOpen, backlog.MeetingClosed, backlog.MeetingCancelled:
	default:
		return f, problemf(kindInvalidParameter, "status must be one of: open, closed, cancelled")
	}
	if s := a.query("quarter"); s != "" {
		var err error
		if f.Quarter, err = backlog.ParseQuarter(s); err != nil {
			return f, problemf(kindInvalidParameter, "quarter must look like 2026-Q3")
		}
	}
	return f, nil
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
