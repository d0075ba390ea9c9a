package httpapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
)

// The OpenAPI 3.1 document comes in parts: base.json holds what every
// domain shares (the document's head, the problem schema, the common
// parameters, headers and error responses, GET /me and GET
// /openapi.json); each domain adds its paths, schemas and tags in a part
// of its own. New merges the parts of the configured domains, so the
// document served lists exactly the routes that are registered.
//
//go:embed openapi/*.json
var openapiParts embed.FS

var (
	partsOnce sync.Once
	parts     map[string]map[string]any
)

// loadParts decodes every embedded part once.
func loadParts() map[string]map[string]any {
	partsOnce.Do(func() {
		entries, err := openapiParts.ReadDir("openapi")
		if err != nil {
			panic(err)
		}
		parts = map[string]map[string]any{}
		for _, e := range entries {
			data, err := openapiParts.ReadFile("openapi/" + e.Name())
			if err != nil {
				panic(err)
			}
			var part map[string]any
			if err := json.Unmarshal(data, &part); err != nil {
				panic(fmt.Sprintf("httpapi: embedded OpenAPI part %s: %v", e.Name(), err))
			}
			parts[e.Name()[:len(e.Name())-len(".json")]] = part
		}
	})
	return parts
}

// document merges the named parts into one OpenAPI document: the first
// part gives the head; every part adds its paths, components and tags. A
// path or component defined twice is a bug in the embedded files, which
// the package's tests rule out; it panics.
func document(names ...string) []byte {
	all := loadParts()
	doc := map[string]any{}
	paths := map[string]any{}
	components := map[string]any{}
	var tags []any
	for i, name := range names {
		part, ok := all[name]
		if !ok {
			panic("httpapi: no embedded OpenAPI part " + name)
		}
		for k, v := range part {
			switch k {
			case "paths":
				mergeInto(paths, v, name+": paths")
			case "components":
				for section, entries := range v.(map[string]any) {
					m, _ := components[section].(map[string]any)
					if m == nil {
						m = map[string]any{}
						components[section] = m
					}
					mergeInto(m, entries, name+": components."+section)
				}
			case "tags":
				tags = append(tags, v.([]any)...)
			default:
				if i == 0 {
					doc[k] = v
				}
			}
		}
	}
	doc["paths"] = paths
	doc["components"] = components
	if tags != nil {
		doc["tags"] = tags
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return out
}

func mergeInto(dst map[string]any, src any, where string) {
	m, ok := src.(map[string]any)
	if !ok {
		panic("httpapi: OpenAPI part " + where + " is not an object")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if _, dup := dst[k]; dup {
			panic("httpapi: OpenAPI part " + where + " defines " + k + " again")
		}
		dst[k] = m[k]
	}
}

// serveDocument answers GET /openapi.json. It needs no authentication.
func (h *handler) serveDocument(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(h.doc)))
	_, _ = w.Write(h.doc)
}
