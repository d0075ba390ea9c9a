package httpapi

import (
	"bytes"
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/sprint"
	"github.com/footprint-hq/footprint/storage"
)

// The calendar feeds are iCalendar (RFC 5545) documents written by
// github.com/arran4/golang-ical, told to end lines with CRLF; it folds
// lines longer than 75 octets. Each event's UID is its aggregate's ID
// and kind, so calendar clients update an event rather than add it again:
//
//	<activity ID>@activity.footprint   a scheduled sprint activity
//	<relation ID>@mentoring.footprint  the next meeting due of a mentor relation
//	<relation ID>@session.footprint    the session the pair planned, instead
//
// Self-paced activities have no time and are left out: a calendar shows
// when to be somewhere, and a quarter-long all-day event would only cover
// every day of the sprint. The JSON routes list them.

// calendarContentType is the media type of the feeds.
const calendarContentType = "text/calendar; charset=utf-8"

// calendarRefresh is how often the feeds ask calendar apps to fetch them
// again (REFRESH-INTERVAL, and X-PUBLISHED-TTL for Outlook), as an
// iCalendar duration.
const calendarRefresh = "PT1H"

// calendarProductID is the PRODID of the feeds.
const calendarProductID = "-//Footprint//Footprint HTTP API//EN"

// calendarRoutes registers the personal feed, which the mentorship and the
// sprint domain fill. Its part of the OpenAPI document is
// openapi/calendar.json; a sprint's feed is registered with the sprint
// routes.
func (h *handler) calendarRoutes() {
	h.handle("GET /people/{person}/calendar.ics", h.personCalendar)
}

// calEvent is one event of a feed, before it is written.
type calEvent struct {
	uid string
	// stamp is when the information last changed (DTSTAMP).
	stamp      time.Time
	start, end time.Time
	// allDay events have dates, not times: start is the first day, end
	// the day after the last.
	allDay      bool
	summary     string
	description string
	link        string
	status      ics.ObjectStatus
	// free events do not block time (TRANSP:TRANSPARENT).
	free bool
}

// personCalendar answers GET /people/{person}/calendar.ics: the person's
// upcoming mentor meetings and the scheduled activities they enrolled in.
// Only the person may read it.
func (h *handler) personCalendar(w http.ResponseWriter, r *http.Request, actor string) error {
	person := r.PathValue("person")
	if person != actor {
		return problemf(kindForbidden, "a personal calendar is for its person only")
	}
	events, err := h.personEvents(r.Context(), person)
	if err != nil {
		return err
	}
	return writeCalendar(w, h.personCalendarName(r.Context(), person), events)
}

// personEvents are the events of person's calendar: their upcoming
// mentor meetings and the scheduled activities they enrolled in.
func (h *handler) personEvents(ctx context.Context, person string) ([]calEvent, error) {
	var events []calEvent
	if h.cfg.Mentorship != nil {
		meetings, err := h.dueMeetings(ctx, person)
		if err != nil {
			return nil, err
		}
		events = append(events, meetings...)
	}
	if h.cfg.Sprint != nil {
		acts, err := h.enrolledActivities(ctx, person)
		if err != nil {
			return nil, err
		}
		events = append(events, acts...)
	}
	return events, nil
}

func (h *handler) personCalendarName(ctx context.Context, person string) string {
	return "Footprint: learning and mentoring of " + h.displayName(ctx, person)
}

// displayName is how feeds name a person: Config.DisplayName's answer,
// or the ID.
func (h *handler) displayName(ctx context.Context, person string) string {
	if h.cfg.DisplayName != nil {
		if name := h.cfg.DisplayName(ctx, person); name != "" {
			return name
		}
	}
	return person
}

// sprintCalendar answers GET /sprints/{sprint}/calendar.ics: the sprint's
// scheduled activities. Anyone signed in may read it.
func (h *handler) sprintCalendar(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "sprint")
	if err != nil {
		return err
	}
	sp, err := h.cfg.Sprint.Sprint(r.Context(), actor, id)
	if err != nil {
		return err
	}
	acts, err := everyPage(func(p storage.PageRequest) (storage.Page[sprint.Activity], error) {
		return h.cfg.Sprint.Activities(r.Context(), actor, sp.ID, "", p)
	})
	if err != nil {
		return err
	}
	var events []calEvent
	for i := range acts {
		if !acts[i].SelfPaced() {
			events = append(events, activityEvent(sp, &acts[i]))
		}
	}
	return writeCalendar(w, "Footprint: learning sprint "+sp.Title, events)
}

// dueMeetings returns the next meeting due of each of person's active
// relations, as mentee and as mentor, as an all-day event on its due date
// (the pair choose the hour): it moves when a meeting is recorded or the
// cadence changes, and stays at its date when overdue.
func (h *handler) dueMeetings(ctx context.Context, person string) ([]calEvent, error) {
	var events []calEvent
	for _, as := range []mentorship.Role{mentorship.RoleMentee, mentorship.RoleMentor} {
		rels, err := everyPage(func(p storage.PageRequest) (storage.Page[mentorship.Relation], error) {
			q := mentorship.RelationQuery{As: as, Statuses: []mentorship.RelationStatus{mentorship.StatusActive}}
			return h.cfg.Mentorship.Relations(ctx, person, q, p)
		})
		if err != nil {
			return nil, err
		}
		for _, rel := range rels {
			due := rel.NextMeetingDue()
			if due.IsZero() {
				continue
			}
			other, role := rel.Mentor, "your mentor"
			if as == mentorship.RoleMentor {
				other, role = rel.Mentee, "your mentee"
			}
			other = h.displayName(ctx, other)
			if p := rel.Planned; p != nil {
				// A planned session takes the place of the due date.
				desc := "Mentoring session with " + role + " " + other + "."
				if len(p.Agenda) > 0 {
					desc += "\n\nAgenda:"
					for _, a := range p.Agenda {
						desc += "\n- " + a.Text
					}
				}
				events = append(events, calEvent{
					uid: rel.ID + "@session.footprint", stamp: p.PlannedAt,
					start: p.At, end: p.At.Add(time.Duration(p.Minutes) * time.Minute),
					summary: "Mentoring session with " + other, description: desc,
					status: ics.ObjectStatusConfirmed,
				})
				continue
			}
			stamp := *rel.StartedAt
			desc := "The next mentoring meeting with " + role + " " + other + " is due on this day: you meet every " +
				strconv.Itoa(rel.CadenceDays) + " days."
			if last := rel.LastMeetingAt; last != nil {
				desc += " You last met on " + last.UTC().Format(time.DateOnly) + "."
				if last.After(stamp) {
					stamp = *last
				}
			}
			day := time.Date(due.UTC().Year(), due.UTC().Month(), due.UTC().Day(), 0, 0, 0, 0, time.UTC)
			events = append(events, calEvent{
				uid: rel.ID + "@mentoring.footprint", stamp: stamp,
				start: day, end: day.AddDate(0, 0, 1), allDay: true,
				summary: "Mentoring meeting with " + other, description: desc,
				status: ics.ObjectStatusTentative, free: true,
			})
		}
	}
	return events, nil
}

// enrolledActivities returns the scheduled activities person is enrolled
// in (and has not cancelled) of the sprints one may enrol in: those
// committed or active. Once a sprint goes to review its activities leave
// the feed.
func (h *handler) enrolledActivities(ctx context.Context, person string) ([]calEvent, error) {
	var events []calEvent
	for _, state := range []sprint.State{sprint.Committed, sprint.Active} {
		sprints, err := everyPage(func(p storage.PageRequest) (storage.Page[sprint.Sprint], error) {
			return h.cfg.Sprint.Sprints(ctx, person, sprint.SprintFilter{State: state}, p)
		})
		if err != nil {
			return nil, err
		}
		for i := range sprints {
			sp := &sprints[i]
			acts, err := everyPage(func(p storage.PageRequest) (storage.Page[sprint.Activity], error) {
				return h.cfg.Sprint.Activities(ctx, person, sp.ID, "", p)
			})
			if err != nil {
				return nil, err
			}
			for j := range acts {
				a := &acts[j]
				if !a.SelfPaced() && enrolled(a, person) {
					events = append(events, activityEvent(sp, a))
				}
			}
		}
	}
	return events, nil
}

// enrolled reports whether person holds a place in a (not cancelled).
func enrolled(a *sprint.Activity, person string) bool {
	return slices.ContainsFunc(a.Enrolments, func(e sprint.Enrolment) bool {
		return e.Person == person && e.Status != sprint.EnrolmentCancelled
	})
}

// activityKinds name the kinds of activity in event descriptions.
var activityKinds = map[sprint.ActivityKind]string{
	sprint.Keynote:   "Brainfood keynote",
	sprint.Classroom: "Virtual classroom training",
	sprint.Coaching:  "Coaching and mentoring",
	sprint.SelfStudy: "Self-study",
}

// activityEvent is a scheduled activity of sp as an event: tentative
// while the sprint is planned, cancelled with the sprint, confirmed
// otherwise.
func activityEvent(sp *sprint.Sprint, a *sprint.Activity) calEvent {
	start := a.Start.UTC()
	kind := activityKinds[a.Kind]
	if kind == "" {
		kind = string(a.Kind)
	}
	desc := kind + " of the learning sprint " + sp.Title + "."
	if a.Host != "" {
		desc += "\nHost: " + a.Host
		if a.External {
			desc += " (external)"
		}
	}
	if a.Description != "" {
		desc += "\n\n" + a.Description
	}
	e := calEvent{
		uid: a.ID + "@activity.footprint", stamp: a.UpdatedAt,
		start: start, end: start.Add(time.Duration(a.Minutes) * time.Minute),
		summary: a.Title, description: desc, link: calendarLink(a.Link),
		status: ics.ObjectStatusConfirmed,
	}
	switch sp.State {
	case sprint.Planning:
		e.status = ics.ObjectStatusTentative
	case sprint.Cancelled:
		e.status = ics.ObjectStatusCancelled
	}
	return e
}

// calendarLink returns link when it is an absolute http(s) URL that can
// stand as an iCalendar URI value as it is, else "".
func calendarLink(link string) string {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	for i := 0; i < len(link); i++ {
		if c := link[i]; c <= ' ' || c >= 0x7f || c == '"' {
			return ""
		}
	}
	return link
}

// calendarText makes s a clean TEXT value: line breaks become LF, which
// the writer escapes as \n, and other control characters are dropped, so
// that no value can break a content line.
func calendarText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
}

// writeCalendar answers the events as an iCalendar document named name.
func writeCalendar(w http.ResponseWriter, name string, events []calEvent) error {
	doc, err := calendarDocument(name, events)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", calendarContentType)
	h.Set("Content-Length", strconv.Itoa(len(doc)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(doc)
	return nil
}

// calendarDocument writes the events as an iCalendar document named name,
// ordered by start and UID so that the same data always reads the same.
// It asks clients to refresh it every calendarRefresh.
func calendarDocument(name string, events []calEvent) ([]byte, error) {
	slices.SortFunc(events, func(a, b calEvent) int {
		return cmp.Or(a.start.Compare(b.start), strings.Compare(a.uid, b.uid))
	})
	cal := ics.NewCalendar()
	cal.SetProductId(calendarProductID)
	cal.SetCalscale("GREGORIAN")
	cal.SetName(calendarText(name))
	cal.SetXWRCalName(calendarText(name))
	cal.SetRefreshInterval(calendarRefresh)
	cal.SetXPublishedTTL(calendarRefresh)
	for _, ev := range events {
		e := cal.AddEvent(ev.uid)
		e.SetDtStampTime(ev.stamp)
		e.SetLastModifiedAt(ev.stamp)
		if ev.allDay {
			e.SetAllDayStartAt(ev.start)
			e.SetAllDayEndAt(ev.end)
		} else {
			e.SetStartAt(ev.start)
			e.SetEndAt(ev.end)
		}
		e.SetSummary(calendarText(ev.summary))
		if ev.description != "" {
			e.SetDescription(calendarText(ev.description))
		}
		if ev.link != "" {
			e.SetURL(ev.link)
		}
		e.SetStatus(ev.status)
		if ev.free {
			e.SetTimeTransparency(ics.TransparencyTransparent)
		}
	}
	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf, ics.WithNewLine("\r\n")); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// everyPage collects every page of a list the services serve a page at a
// time.
func everyPage[T any](list func(storage.PageRequest) (storage.Page[T], error)) ([]T, error) {
	var out []T
	page := storage.PageRequest{Limit: storage.MaxLimit}
	for {
		p, err := list(page)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.Next == "" {
			return out, nil
		}
		page.Cursor = p.Next
	}
}
