package main

import (
	"context"
	"time"

	"github.com/footprint-hq/footprint/adapters/events/calendar"
	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
)

// Store is what the demo keeps its data in: every domain's store at once,
// as storage/memory and storage/sqlstore provide.
type Store interface {
	okr.Store
	mentorship.Store
	backlog.Store
	sprint.Store
	webhook.Store
	inbox.Store
	calendar.Store
}

// services are the four domain services, wired together the way a host
// wires them.
type services struct {
	okr        *okr.Service
	mentorship *mentorship.Service
	backlog    *backlog.Service
	sprint     *sprint.Service
	webhooks   *webhook.Service
	inbox      *inbox.Service
}

// newServices builds the services on one store, the webhooks that send
// its events out and the inboxes they fill. okr asks mentorship who a
// person's mentor is (for goals visible to the mentor); mentorship and
// sprint ask okr what a person works on (to suggest mentors and
// activities).
func newServices(st Store, clock func() time.Time) *services {
	s := &services{}
	mentors := okr.MentorFinderFunc(func(ctx context.Context, person string) (string, error) {
		return s.mentorship.MentorOf(ctx, person)
	})
	s.okr = okr.NewService(st, okr.WithClock(clock), okr.WithMentors(mentors))
	s.mentorship = mentorship.NewService(st, mentorship.WithClock(clock), mentorship.WithDirectory(directory{}),
		mentorship.WithInterests(s.okr), mentorship.WithInsightsAccess(func(ctx context.Context, p string) (bool, error) {
			return roles{}.IsFacilitator(ctx, p)
		}))
	s.backlog = backlog.NewService(st, backlog.WithClock(clock), backlog.WithRoles(roles{}))
	s.sprint = sprint.NewService(st, sprint.WithClock(clock), sprint.WithRoles(roles{}), sprint.WithInterests(s.okr))
	s.webhooks = webhook.NewService(st, webhook.WithClock(clock), webhook.WithScope(s.okr.SeesScope),
		webhook.WithAdmins(webhook.AdminsFunc(func(_ context.Context, id string) (bool, error) {
			p, _ := person(id)
			return p.Admin, nil
		})))
	s.inbox = inbox.NewService(st, inbox.WithClock(clock), inbox.WithScope(s.okr.SeesScope),
		inbox.WithOKR(st), inbox.WithMentorship(st), inbox.WithSprint(st), inbox.WithBacklog(st),
		inbox.WithNames(func(_ context.Context, id string) string {
			if p, ok := person(id); ok {
				return p.Name
			}
			return id
		}))
	return s
}
