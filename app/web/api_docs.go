package web

import (
	_ "embed"
	"encoding/json"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/backupchecks/backupchecks/views"
)

// openAPIDoc describes /api/v1; a test checks it against the routes.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPI serves the API's description.
func (s *Server) openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(openAPIDoc)
}

// apiDocs is the API's description as a page.
func (s *Server) apiDocs(c *fiber.Ctx) error {
	d, err := apiDocsData()
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.APIDocsPage(s.shell(c, "API", ""), d))
}

// apiDocsData reads the OpenAPI document into the page's terms.
func apiDocsData() (views.APIDocs, error) {
	var doc struct {
		Info struct {
			Description string `json:"description"`
		} `json:"info"`
		Components struct {
			Parameters map[string]apiParam `json:"parameters"`
		} `json:"components"`
		Paths map[string]map[string]struct {
			Summary     string     `json:"summary"`
			Description string     `json:"description"`
			Parameters  []apiParam `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		return views.APIDocs{}, err
	}
	d := views.APIDocs{Intro: doc.Info.Description}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			e := views.APIEndpoint{Method: strings.ToUpper(method), Path: path, Summary: op.Summary, Description: op.Description}
			for _, p := range op.Parameters {
				if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
					p = doc.Components.Parameters[name]
				}
				if p.In == "path" {
					continue
				}
				e.Params = append(e.Params, views.APIParam{Name: p.Name, Description: p.Description})
			}
			d.Endpoints = append(d.Endpoints, e)
		}
	}
	slices.SortFunc(d.Endpoints, func(a, b views.APIEndpoint) int {
		return strings.Compare(a.Path+" "+a.Method, b.Path+" "+b.Method)
	})
	return d, nil
}

type apiParam struct {
	Ref         string `json:"$ref"`
	Name        string `json:"name"`
	In          string `json:"in"`
	Description string `json:"description"`
}
