package httpapi

import (
	"github.com/footprint-hq/footprint/adapters/events/inbox"
	"github.com/footprint-hq/footprint/storage"
)

// The caller's inbox: items from the events that concern them and the
// reminders of what is due, newest first, with an unread count and a way
// to mark items read. Nobody reads another person's inbox.

// unreadCount is the body of GET /me/inbox/unread and of marking read.
type unreadCount struct {
	// Marked is how many items this request marked read (marking only).
	Marked *int `json:"marked,omitempty"`
	// Unread is how many items are unread now.
	Unread int `json:"unread"`
}

// markInput is the body of POST /me/inbox/read: ids, or all (up to upTo).
type markInput struct {
	IDs []string `json:"ids" validate:"max=1000,dive,required,max=26"`
	All bool     `json:"all"`
	// UpTo bounds all: items after it (that arrived after the reader
	// looked) stay unread.
	UpTo string `json:"upTo" validate:"max=26"`
}

func (h *handler) inboxRoutes() {
	box := h.cfg.Inbox
	h.handle("GET /me/inbox", list(nil, func(a args) (storage.Page[inbox.Item], error) {
		var unread bool
		switch a.query("unread") {
		case "", "false":
		case "true":
			unread = true
		default:
			return storage.Page[inbox.Item]{}, problemf(kindInvalidParameter, "unread must be true or false")
		}
		return box.Items(a.ctx, a.actor, unread, a.page)
	}))
	h.handle("GET /me/inbox/unread", view(nil, func(a args) (unreadCount, error) {
		n, err := box.UnreadCount(a.ctx, a.actor)
		return unreadCount{Unread: n}, err
	}))
	h.handle("POST /me/inbox/read", act(h, nil, mustBody|plain, func(a args, in markInput) (unreadCount, error) {
		var extra []storage.FieldError
		switch {
		case len(in.IDs) == 0 && !in.All:
			extra = append(extra, storage.FieldError{Field: "ids", Message: "name the items to mark, or mark all"})
		case len(in.IDs) > 0 && in.All:
			extra = append(extra, storage.FieldError{Field: "all", Message: "not with ids"})
		case in.UpTo != "" && !in.All:
			extra = append(extra, storage.FieldError{Field: "upTo", Message: "only with all"})
		}
		if err := storage.Validate(in, extra...); err != nil {
			return unreadCount{}, err
		}
		marked, err := box.MarkRead(a.ctx, a.actor, in.IDs, in.All, in.UpTo)
		if err != nil {
			return unreadCount{}, err
		}
		n, err := box.UnreadCount(a.ctx, a.actor)
		return unreadCount{Marked: &marked, Unread: n}, err
	}))
}
