// Package httpapi is Footprint's HTTP API: a net/http handler over the
// domain services that a host mounts into its intranet and builds its own
// frontends on. It owns no listener and no state of its own.
//
//	api := httpapi.New(httpapi.Config{
//		OKR:          okrService,
//		Authenticate: func(r *http.Request) (string, error) { return session.PersonID(r) },
//		Logger:       logger,
//	})
//	mux.Handle("/api/", http.StripPrefix("/api", api))
//
// # Who is asking
//
// Authentication is the host's: Config.Authenticate turns a request into
// the acting person's ID, or an error answered 401. The adapter never
// reads the acting person from a body or a query; every service call
// gets the authenticated person, and the services decide what they may
// see and do. Config.Rights tells which people facilitate or administer
// the programme; GET /me reports both.
//
// # Conventions
//
//   - JSON in and out. Bodies need Content-Type application/json (UTF-8;
//     415 otherwise) and at most Config.MaxBodyBytes, 1 MiB by default
//     (413). Malformed JSON, values of the wrong type, unknown fields and
//     a missing required body are answered 400; input that breaks the
//     domain's rules 422, naming each bad field by JSON pointer. Routes
//     whose body is optional take an empty body with any content type.
//   - Every error is an RFC 9457 problem (application/problem+json) with
//     a stable type URI per kind (the Problem… constants), the request's
//     ID, and for domain rules a code such as "okr.objective_closed".
//     The mux's own 404 and 405 are problems too; 405 keeps Allow. Paths
//     the mux would redirect to a cleaned form (with "..", "//") are not
//     found: a redirect would lose the host's prefix.
//   - Errors become statuses in one table (errorTable), by the storage
//     category they wrap: ErrNoActor 401, ErrNotFound 404, ErrForbidden
//     403, *ValidationError 422, other ErrInvalid 400, ErrConflict 412 when
//     the request carried If-Match and 409 otherwise, ErrAlreadyExists
//     and ErrInvalidState 409. Anything else is an internal error: logged
//     with the request's ID and answered with a 500 that reveals nothing.
//     A 404 always reads the same, so hidden and missing values cannot be
//     told apart. Other answers to a domain rule take its code and detail
//     from the error itself: every domain declares its sentinels with
//     storage.NewRule, so the code is storage.Code(err) and the detail the
//     rule's message, and its typed errors (a refused transition) are
//     storage.Coders; no list in the adapter names them.
//   - Single versioned resources (goals, objectives, suggestions) carry a
//     strong ETag: their version in quotes, "3". PATCH and DELETE need
//     If-Match (428 when missing, 412 when stale; "*" skips the check);
//     POST actions on a versioned resource (activate, close, add a key
//     result, accept, decline, withdraw) honour it when given. The version
//     in If-Match goes to the service's version argument, so the check is
//     atomic with the write. A key result is versioned by its objective.
//   - Lists take ?limit= (1–500, default 50) and ?cursor=, answer
//     {"items": […], "next": "…"} and a Link: <?cursor=…>; rel="next"
//     header.
//   - Location and Link are relative references (RFC 3986): resolved
//     against the request URL they name the right resource under any
//     prefix, http.StripPrefix or a proxy's.
//   - Timestamps are RFC 3339 in UTC. IDs are the services' default
//     ULIDs; a path holding anything else is answered 404, as a path
//     naming nothing. Person IDs in paths are the host's, taken as they
//     are.
//   - Each request has an ID: the client's X-Request-Id when usable (1–128
//     visible ASCII characters, no quotes or backslashes), else a new
//     ULID. It is echoed in X-Request-Id, repeated in problems, logged,
//     and available to observers through RequestID(ctx).
//   - Config.Logger gets a debug record per request and an error record
//     per internal error or recovered panic.
//   - GET routes answer HEAD too. CORS, compression, rate limits and
//     caching are the host's: wrap the handler.
//
// # Routes
//
// GET /openapi.json serves the OpenAPI 3.1 document of the configured
// domains, without authentication. GET /me returns the authenticated
// person and their rights. Personal development (Config.OKR):
//
//	GET    /people/{person}/board                  the person's plan as you may see it
//	GET    /people/{person}/goals                  their goals you may see
//	GET    /people/{person}/objectives             their objectives you may see
//	POST   /goals                                  set a goal of your own
//	GET    /goals/{goal}
//	PATCH  /goals/{goal}                           If-Match
//	GET    /goals/{goal}/objectives
//	POST   /goals/{goal}/objectives                add an objective (or a draft)
//	GET    /objectives/{objective}
//	PATCH  /objectives/{objective}                 If-Match
//	POST   /objectives/{objective}/activate        a draft becomes active
//	POST   /objectives/{objective}/close           score, override, reflection
//	POST   /objectives/{objective}/carry           into the next period
//	POST   /objectives/{objective}/key-results     answers the objective
//	PATCH  /objectives/{objective}/key-results/{keyResult}   If-Match (the objective's)
//	DELETE /objectives/{objective}/key-results/{keyResult}   If-Match (the objective's)
//	GET    /objectives/{objective}/check-ins       of every key result
//	GET    /objectives/{objective}/key-results/{keyResult}/check-ins
//	POST   /objectives/{objective}/key-results/{keyResult}/check-ins
//	GET    /objectives/{objective}/comments
//	POST   /objectives/{objective}/comments
//	POST   /suggestions                            suggest an objective to someone
//	GET    /suggestions/{suggestion}
//	POST   /suggestions/{suggestion}/accept        answers the new objective
//	POST   /suggestions/{suggestion}/decline
//	POST   /suggestions/{suggestion}/withdraw
//	GET    /me/suggestions/received                ?status=
//	GET    /me/suggestions/sent                    ?status=
//
// Mentoring (Config.Mentorship):
//
//	GET    /mentor-profiles                        public; mentees shown to their mentor only
//	POST   /mentor-profiles                        volunteer yourself
//	GET    /mentor-profiles/{person}
//	PATCH  /mentor-profiles/{person}               your own; If-Match
//	GET    /people/{person}/mentor                 default (team lead) or chosen
//	POST   /people/{person}/default-relation       opens the meeting log with the team lead
//	GET    /me/mentor-suggestions                  ?limit= (1–100)
//	POST   /mentor-requests                        answers the request, a relation
//	GET    /me/mentor-requests/received            ?status=
//	GET    /me/mentor-requests/sent                ?status=
//	GET    /me/relations                           ?as= ?kind= ?status=…
//	GET    /relations/{relation}
//	PATCH  /relations/{relation}                   the cadence; If-Match
//	POST   /relations/{relation}/accept            the requested mentor
//	POST   /relations/{relation}/decline           the requested mentor
//	POST   /relations/{relation}/withdraw          the mentee
//	POST   /relations/{relation}/end               either participant
//	GET    /relations/{relation}/meetings
//	POST   /relations/{relation}/meetings          record a meeting
//	GET    /relations/{relation}/open-steps
//	GET    /mentor-meetings/{meeting}
//	PATCH  /mentor-meetings/{meeting}              If-Match
//	PATCH  /mentor-meetings/{meeting}/next-steps/{step}   done; If-Match (the meeting's)
//	GET    /me/overdue-meetings                    as of Config.Clock
//	POST   /mentorship/insights                    a query: the people come in the body
//	POST   /mentorship/sweep                       administrators only
//
// Relations and meetings exist only for their two participants. The
// sweep (Service.Sweep) is a route so that a host may schedule it from
// outside; the adapter lets only people its Rights hook calls
// administrators run it, as of Config.Clock, never a time a client names.
//
// The learning backlog (Config.Backlog); who facilitates is the service's
// Roles' to say:
//
//	GET    /backlog/policies                       the ranking policies' names
//	GET    /backlog/items                          ?status= ?suggestedBy= ?meeting=
//	POST   /backlog/items                          suggest an item
//	GET    /backlog/items/{item}
//	PATCH  /backlog/items/{item}                   its author; If-Match
//	POST   /backlog/items/{item}/support           your +1, with a reason
//	POST   /backlog/items/{item}/unsupport
//	POST   /backlog/items/{item}/reject            facilitators
//	POST   /backlog/items/{item}/duplicate         facilitators
//	POST   /backlog/items/{item}/archive           facilitators
//	POST   /backlog/items/{item}/release           facilitators: a selected item back to open
//	GET    /prioritisation-meetings                ?status= ?quarter=
//	POST   /prioritisation-meetings                facilitators open one
//	GET    /prioritisation-meetings/{meeting}
//	PATCH  /prioritisation-meetings/{meeting}      facilitators; If-Match
//	POST   /prioritisation-meetings/{meeting}/estimates   participants
//	GET    /prioritisation-meetings/{meeting}/preview     ?policy=aging(rate=0.2; wsjf)
//	POST   /prioritisation-meetings/{meeting}/close       facilitators; the ranking result
//	POST   /prioritisation-meetings/{meeting}/cancel      facilitators
//	GET    /prioritisation-meetings/{meeting}/replay      a closed meeting's decision again
//
// ?policy= takes a policy in the compact form meetings record
// (backlog.PolicySpec.String): a name, or a name with parameters and,
// last, a base policy in parentheses; a policy the service cannot build
// is a 400. Lists that are not paged (suggestions, open steps, overdue
// meetings, policies) answer {"items": […]}.
//
// Learning sprints (Config.Sprint); anyone signed in reads, facilitators
// (named on the sprint, or the company's per sprint.Roles) change:
//
//	POST   /sprints                                plan a quarter (company facilitators)
//	GET    /sprints                                ?year= &state=
//	GET    /sprints/{sprint}
//	POST   /sprints/{sprint}/transitions           {"to": …}; If-Match honoured
//	POST   /sprints/{sprint}/topics                a backlog item or a title; If-Match honoured
//	DELETE /sprints/{sprint}/topics/{topic}        If-Match
//	POST   /sprints/{sprint}/topics/{topic}/goals  add a learning goal; If-Match honoured
//	DELETE /sprints/{sprint}/goals/{goal}          If-Match
//	GET    /sprints/{sprint}/goals/{goal}/check-ins
//	POST   /sprints/{sprint}/goals/{goal}/check-ins
//	POST   /sprints/{sprint}/goals/{goal}/assess   If-Match honoured
//	GET    /sprints/{sprint}/activities            ?topic=
//	POST   /sprints/{sprint}/activities            answers the activity
//	POST   /sprints/{sprint}/retrospective/notes   participants
//	POST   /sprints/{sprint}/retrospective/notes/{note}/votes
//	POST   /sprints/{sprint}/retrospective/actions
//	POST   /sprints/{sprint}/retrospective/actions/{action}/status   the owner too
//	POST   /sprints/{sprint}/retrospective/record  If-Match honoured
//	POST   /sprints/{sprint}/carried/{action}/resolve                the owner too
//	GET    /sprints/{sprint}/report
//	GET    /sprints/{sprint}/calendar.ics          the activity schedule
//	GET    /activities/{activity}
//	PATCH  /activities/{activity}                  If-Match
//	POST   /activities/{activity}/enrol            yourself
//	POST   /activities/{activity}/cancel-enrolment yourself
//	POST   /activities/{activity}/attendance       mark a person attended or completed
//	POST   /activities/{activity}/rating           yours, once enrolled
//	GET    /me/sprint                              the current sprint for you
//	GET    /people/{person}/calendar.ics           yours only; with Config.Mentorship too
//
// A refused transition is a 409 problem with code
// "sprint.transition_not_allowed" and the two states as extension members
// from and to. Changes inside a sprint (topics, goals, notes, actions)
// answer the whole sprint with its new ETag; changes of an activity
// answer the activity. Routes whose service call takes no version
// (check-ins, notes, votes, actions, enrolment, attendance, ratings) do
// not evaluate If-Match.
//
// With Config.Events, the change feed; with Config.Webhooks, the webhook
// subscriptions, for administrators only (403 "webhook.not_admin"):
//
//	GET    /events                                 ?after= &limit= &types=; what you may see
//	GET    /events/stream                          the same, live (Server-Sent Events)
//	GET    /webhooks
//	POST   /webhooks                               answers the secret, once
//	GET    /webhooks/{webhook}
//	PATCH  /webhooks/{webhook}                     If-Match
//	DELETE /webhooks/{webhook}                     204, with its deliveries
//	POST   /webhooks/{webhook}/rotate              If-Match honoured; answers the new secret
//	GET    /webhooks/{webhook}/deliveries          ?status=
//	POST   /webhooks/{webhook}/deliveries/{delivery}/redeliver
//
// With Config.Inbox, the caller's own inbox:
//
//	GET    /me/inbox                               ?unread=true; newest first
//	GET    /me/inbox/unread                        the unread count
//	POST   /me/inbox/read                          {"ids": […]} or {"all": true, "upTo": id}
//
// With Config.Calendars (and Mentorship or Sprint), calendar
// subscriptions at secret, signed addresses:
//
//	GET    /me/calendar-feed                       your feed's address (href)
//	POST   /me/calendar-feed                       make it, or rotate it
//	DELETE /me/calendar-feed                       revoke it
//	GET    /calendar/{token}.ics                   no sign-in; ETag, Last-Modified, 304
//
// Aggregates live at flat paths (/goals/{goal}, /objectives/{objective},
// /suggestions/{suggestion}); what exists only inside one is nested under
// it (key results, check-ins, comments); what belongs to a person is under
// /people/{person}, and the authenticated person's own views under /me.
// Creating answers 201 with a Location; changing answers 200 with the
// aggregate and its new ETag.
//
// # Adding a domain
//
// Each domain adds, and nothing else changes shape:
//
//  1. a field in Config for its service (nil leaves the domain out);
//  2. a file <domain>.go with a <domain>Routes method registering its
//     routes with h.handle (each handler is an apiFunc returning the
//     service's error; h.rights tells facilitators and admins); a row
//     in New's table of domains registers the routes and adds the
//     document part when the service is set. Its errors need nothing
//     here: the domain declares them with storage.NewRule, and
//     errors_test.go, reading the domain's source, fails on any that is
//     not a rule (add the package to its list of domains);
//  3. a document part openapi/<domain>.json with its paths, schemas,
//     parameters and tags, using the shared parameters, headers and error
//     responses of openapi/base.json;
//  4. in the tests, a seed<Domain> fixture, its rows in the authorization
//     matrix and the bad-input table, a snapshot of its store, and its
//     write routes in the fuzz table; the coverage tests then insist that
//     every route has a matrix row and a document entry.
//
// # Calendar feeds
//
// Two iCalendar feeds (RFC 5545), served as text/calendar; charset=utf-8
// and written with github.com/arran4/golang-ical, told to end lines with
// CRLF; it folds lines longer than 75 octets. Each event's UID is its
// aggregate's ID and kind, the same on every request, so a calendar
// client updates an event rather than duplicating it:
//
//   - GET /sprints/{sprint}/calendar.ics, anyone signed in: the sprint's
//     scheduled activities (<activity ID>@activity.footprint), tentative
//     while the sprint is planned, cancelled with it, else confirmed.
//   - GET /people/{person}/calendar.ics, the person only (403 to others):
//     with Config.Mentorship, the next meeting due of each of their active
//     mentor relations, as mentee or mentor, as an all-day, free event on
//     its due date (<relation ID>@mentoring.footprint: it moves when a
//     meeting is recorded, stays on its day when overdue, and never holds
//     meeting notes); with Config.Sprint, the scheduled activities they
//     are enrolled in of sprints that are committed or active.
//
// Self-paced activities have no time and are in neither feed: a calendar
// shows when to be somewhere, and a quarter-long all-day event would only
// cover every day of the sprint. Text is cleaned of control characters
// and links that are not plain absolute http(s) URLs are left out, so no
// value can break a content line. Calendar clients cannot send custom
// headers: Config.Authenticate may accept a per-person feed token for
// these paths, which still names the person from the host's own records.
package httpapi
