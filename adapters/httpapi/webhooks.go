package httpapi

import (
	"net/http"
	"time"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/storage"
)

// Webhook subscriptions and their deliveries, for administrators (the
// webhook.Service decides who, through the Admins the host gave it, which
// should agree with Rights.Admin). A subscription's secret is in the
// answers that make it, creating and rotating, and nowhere else.

// subscriptionWithSecret is a subscription and the signing secret just
// made for it.
type subscriptionWithSecret struct {
	*webhook.Subscription
	// Secret is the new signing secret, "whsec_" and base64.
	Secret string `json:"secret"`
}

// rotateInput is the body of POST /webhooks/{webhook}/rotate.
type rotateInput struct {
	// GraceSeconds is how long the secrets the subscription had keep
	// signing; a day when absent or 0.
	GraceSeconds int64 `json:"graceSeconds" validate:"gte=0,lte=2592000"`
}

func (h *handler) webhookRoutes() {
	hooks := h.cfg.Webhooks
	h.handle("GET /webhooks", list(nil, func(a args) (storage.Page[webhook.Subscription], error) {
		return hooks.Subscriptions(a.ctx, a.actor, a.page)
	}))
	h.handle("POST /webhooks", create(h, nil, mustBody, func(s subscriptionWithSecret) string { return "/webhooks/" + s.ID },
		func(a args, in webhook.SubscriptionInput) (subscriptionWithSecret, error) {
			sub, secret, err := hooks.CreateSubscription(a.ctx, a.actor, in)
			return subscriptionWithSecret{sub, secret}, err
		}))
	h.handle("GET /webhooks/{webhook}", read(ids("webhook"), callID(hooks.Subscription)))
	h.handle("PATCH /webhooks/{webhook}", change(h, ids("webhook"), callIDVersionIn(hooks.UpdateSubscription)))
	// Deleting is not versioned: whatever the subscription became, the
	// administrator wants it gone.
	h.handle("DELETE /webhooks/{webhook}", func(w http.ResponseWriter, r *http.Request, actor string) error {
		id, err := pathID(r, "webhook")
		if err != nil {
			return err
		}
		if err := hooks.DeleteSubscription(r.Context(), actor, id); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
	h.handle("POST /webhooks/{webhook}/rotate", act(h, ids("webhook"), optMatch|optBody,
		func(a args, in rotateInput) (subscriptionWithSecret, error) {
			if err := storage.Validate(in); err != nil {
				return subscriptionWithSecret{}, err
			}
			sub, secret, err := hooks.RotateSecret(a.ctx, a.actor, a.id, a.version, time.Duration(in.GraceSeconds)*time.Second)
			return subscriptionWithSecret{sub, secret}, err
		}))
	h.handle("GET /webhooks/{webhook}/deliveries", list(ids("webhook"), func(a args) (storage.Page[webhook.Delivery], error) {
		f := webhook.DeliveryFilter{SubscriptionID: a.id, Status: webhook.Status(a.query("status"))}
		switch f.Status {
		case "", webhook.Pending, webhook.Delivered, webhook.Dead:
		default:
			return storage.Page[webhook.Delivery]{}, problemf(kindInvalidParameter, "status must be pending, delivered or dead")
		}
		if _, err := hooks.Subscription(a.ctx, a.actor, a.id); err != nil {
			return storage.Page[webhook.Delivery]{}, err
		}
		return hooks.Deliveries(a.ctx, a.actor, f, a.page)
	}))
	h.handle("POST /webhooks/{webhook}/deliveries/{delivery}/redeliver", do(ids("webhook", "delivery"), 0,
		func(a args) (*webhook.Delivery, error) {
			d, err := hooks.Delivery(a.ctx, a.actor, a.sub)
			if err != nil {
				return nil, err
			}
			if d.SubscriptionID != a.id {
				return nil, problemf(kindNotFound, "the subscription has no such delivery")
			}
			return hooks.Redeliver(a.ctx, a.actor, a.sub)
		}))
}
