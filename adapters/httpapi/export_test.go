package httpapi

import "net/http"

// Routes returns the patterns registered on a handler made by New, for the
// test that compares them with the OpenAPI document.
func Routes(h http.Handler) []string { return h.(*handler).routes }
