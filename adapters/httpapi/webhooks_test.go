package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/adapters/events/webhook"
	"github.com/footprint-hq/footprint/backlog"
	"github.com/footprint-hq/footprint/storage"
)

// seedWebhooks subscribes an endpoint, as the facilitator who administers
// webhooks here, and delivers one event to it.
func seedWebhooks(w *world) {
	t, ctx := w.t, context.Background()
	rcv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(rcv.Close)
	sub, _, err := w.webhooks.CreateSubscription(ctx, facilitator, webhook.SubscriptionInput{URL: rcv.URL})
	require.NoError(t, err)
	w.ids["wSub"] = sub.ID
	w.etags["wSub"] = `"` + strconv.FormatInt(sub.Version, 10) + `"`
	_, err = w.backlog.AddItem(ctx, owner, backlog.ItemInput{Title: "Kubernetes basics"})
	require.NoError(t, err)
	_, err = w.webhooks.Dispatcher().Drain(ctx)
	require.NoError(t, err)
	n, err := w.webhooks.Work(ctx, 0)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	ds, err := w.webhooks.Deliveries(ctx, facilitator, webhook.DeliveryFilter{}, storage.PageRequest{})
	require.NoError(t, err)
	require.Len(t, ds.Items, 1)
	require.Equal(t, webhook.Delivered, ds.Items[0].Status)
	w.ids["wDelivery"] = ds.Items[0].ID
}

// adminOnly is a row's statuses when only the administrator (the
// facilitator's column) may.
func adminOnly(ok int) [5]int { return [5]int{403, 403, 403, ok, 401} }

var webhookMatrix = []matrixRow{
	{route: "GET /webhooks", path: "/webhooks", want: adminOnly(200)},
	{route: "POST /webhooks", path: "/webhooks", body: `{"url":"https://hooks.example.org/footprint","types":["okr.*"]}`, want: adminOnly(201)},
	{route: "GET /webhooks/{webhook}", path: "/webhooks/{wSub}", want: adminOnly(200)},
	{route: "PATCH /webhooks/{webhook}", path: "/webhooks/{wSub}", ifMatch: "{wSub.etag}", body: `{"disabled":true}`, want: adminOnly(200)},
	{route: "DELETE /webhooks/{webhook}", path: "/webhooks/{wSub}", want: adminOnly(204)},
	{route: "POST /webhooks/{webhook}/rotate", path: "/webhooks/{wSub}/rotate", body: `{"graceSeconds":60}`, want: adminOnly(200)},
	{route: "GET /webhooks/{webhook}/deliveries", path: "/webhooks/{wSub}/deliveries?status=delivered", want: adminOnly(200)},
	{route: "POST /webhooks/{webhook}/deliveries/{delivery}/redeliver", path: "/webhooks/{wSub}/deliveries/{wDelivery}/redeliver", want: adminOnly(200)},
}

func TestWebhookAuthorizationMatrix(t *testing.T) {
	runMatrix(t, seedWebhooks, webhookMatrix)
}

// An administrator manages a subscription over HTTP from creation to
// deletion; the secret appears only where it is made.
func TestWebhookAdministration(t *testing.T) {
	w := newWorld(t)
	seedWebhooks(w)
	as := facilitator

	r := w.do(call{method: "POST", path: "/webhooks", as: as, body: `{"url":" https://hooks.example.org/a ","types":["okr.checkin.recorded"]}`})
	require.Equal(t, 201, r.status, "%s", r.body)
	var created struct {
		ID, URL, Secret string
		Types           []string
		Secrets         []map[string]any
		Version         int64
	}
	r.decode(t, &created)
	assert.True(t, strings.HasPrefix(created.Secret, "whsec_"), created.Secret)
	assert.Equal(t, "https://hooks.example.org/a", created.URL)
	assert.Equal(t, []string{"okr.checkin.recorded"}, created.Types)
	require.Len(t, created.Secrets, 1)
	assert.NotContains(t, created.Secrets[0], "key")
	assert.Equal(t, `"1"`, r.header.Get("ETag"))
	at := w.resolve("/webhooks", r.header.Get("Location"))
	assert.Equal(t, "/webhooks/"+created.ID, at)

	r = w.do(call{method: "GET", path: at, as: as})
	require.Equal(t, 200, r.status)
	assert.NotContains(t, string(r.body), "secret\"")
	assert.NotContains(t, string(r.body), strings.TrimPrefix(created.Secret, "whsec_"))

	r = w.do(call{method: "PATCH", path: at, as: as, header: map[string]string{"If-Match": `"7"`}, body: `{"private":true}`})
	assert.Equal(t, 412, r.status, "%s", r.body)
	r = w.do(call{method: "PATCH", path: at, as: as, header: map[string]string{"If-Match": `"1"`}, body: `{"private":true,"disabled":true}`})
	require.Equal(t, 200, r.status, "%s", r.body)
	var changed struct {
		Private, Disabled bool
		DisabledReason    string
	}
	r.decode(t, &changed)
	assert.True(t, changed.Private)
	assert.True(t, changed.Disabled)
	assert.Equal(t, "disabled by "+facilitator, changed.DisabledReason)

	r = w.do(call{method: "POST", path: at + "/rotate", as: as, header: map[string]string{"If-Match": `"2"`}})
	require.Equal(t, 200, r.status, "%s", r.body)
	var rotated struct {
		Secret  string
		Secrets []struct{ ExpiresAt string }
	}
	r.decode(t, &rotated)
	assert.NotEqual(t, created.Secret, rotated.Secret)
	require.Len(t, rotated.Secrets, 2)
	assert.Equal(t, "2026-06-16T09:00:00Z", rotated.Secrets[0].ExpiresAt, "the old secret signs for a day by default")
	assert.Empty(t, rotated.Secrets[1].ExpiresAt)

	r = w.do(call{method: "GET", path: "/webhooks?limit=1", as: as})
	require.Equal(t, 200, r.status)
	assert.Contains(t, r.header.Get("Link"), `rel="next"`)

	// Deliveries: the seeded one, filtered by status; redelivery.
	deliveries := "/webhooks/" + w.ids["wSub"] + "/deliveries"
	for query, n := range map[string]int{"": 1, "?status=delivered": 1, "?status=dead": 0} {
		r = w.do(call{method: "GET", path: deliveries + query, as: as})
		require.Equal(t, 200, r.status, "%s", r.body)
		var page struct{ Items []map[string]any }
		r.decode(t, &page)
		assert.Len(t, page.Items, n, query)
	}
	r = w.send(call{method: "GET", path: deliveries + "?status=lost", as: as})
	assert.Equal(t, 400, r.status)
	r = w.do(call{method: "GET", path: "/webhooks/" + created.ID + "/deliveries", as: as})
	require.Equal(t, 200, r.status)
	assert.JSONEq(t, `{"items":[]}`, string(r.body))

	redeliver := deliveries + "/" + w.ids["wDelivery"] + "/redeliver"
	r = w.do(call{method: "POST", path: "/webhooks/" + created.ID + "/deliveries/" + w.ids["wDelivery"] + "/redeliver", as: as})
	assert.Equal(t, 404, r.status, "a delivery of another subscription")
	r = w.do(call{method: "POST", path: redeliver, as: as})
	require.Equal(t, 200, r.status, "%s", r.body)
	var d struct {
		ID, Status string
		Attempts   int
	}
	r.decode(t, &d)
	assert.Equal(t, w.ids["wDelivery"], d.ID, "a redelivery keeps its webhook-id")
	assert.Equal(t, "pending", d.Status)
	assert.Zero(t, d.Attempts)
	r = w.do(call{method: "POST", path: redeliver, as: as})
	assert.Equal(t, 409, r.status)
	assert.Equal(t, "webhook.delivery_pending", r.problem(t).Code)

	// Refused: bad input, and everyone but the administrator.
	for _, body := range []string{`{}`, `{"url":"ftp://hooks.example.org"}`, `{"url":"https://hooks.example.org","types":[""]}`} {
		r = w.send(call{method: "POST", path: "/webhooks", as: as, body: body})
		assert.Equal(t, 422, r.status, body)
	}
	r = w.send(call{method: "POST", path: at + "/rotate", as: as, body: `{"graceSeconds":-1}`})
	assert.Equal(t, 422, r.status)
	r = w.do(call{method: "GET", path: "/webhooks", as: owner})
	assert.Equal(t, 403, r.status)
	assert.Equal(t, "webhook.not_admin", r.problem(t).Code)
	subs, err := w.webhooks.Subscriptions(context.Background(), facilitator, storage.PageRequest{})
	require.NoError(t, err)
	assert.Len(t, subs.Items, 2, "refused requests created nothing")

	r = w.do(call{method: "DELETE", path: at, as: as})
	assert.Equal(t, 204, r.status)
	assert.Empty(t, r.body)
	r = w.do(call{method: "GET", path: at, as: as})
	assert.Equal(t, 404, r.status)
	r = w.do(call{method: "DELETE", path: at, as: as})
	assert.Equal(t, 404, r.status)
}
