package autotask

import (
	"context"
	"fmt"
	"net/http"
)

type wireThreshold struct {
	ExternalRequestThreshold     flexInt `json:"externalRequestThreshold"`
	RequestThresholdTimeframe    flexInt `json:"requestThresholdTimeframe"`
	CurrentTimeframeRequestCount flexInt `json:"currentTimeframeRequestCount"`
}

// Threshold reads the tenant's hourly request budget. It counts against
// the thread limit like any call.
func (c *Client) Threshold(ctx context.Context) (Threshold, error) {
	r := call{method: http.MethodGet, path: "ThresholdInformation"}
	reply, err := c.send(ctx, r)
	if err != nil {
		return Threshold{}, err
	}
	var w wireThreshold
	if err := decode(r.method, r.path, reply, &w); err != nil {
		return Threshold{}, err
	}
	return Threshold{Limit: int(w.ExternalRequestThreshold), TimeframeMinutes: int(w.RequestThresholdTimeframe),
		Used: int(w.CurrentTimeframeRequestCount)}, nil
}

type wireResource struct {
	ID        flexInt    `json:"id"`
	UserName  flexString `json:"userName"`
	FirstName flexString `json:"firstName"`
	LastName  flexString `json:"lastName"`
	Email     flexString `json:"email"`
	IsActive  flexBool   `json:"isActive"`
}

// APIUser is the resource the configured user name belongs to: the check
// that the credentials work and whose name Autotask shows on tickets.
func (c *Client) APIUser(ctx context.Context) (Resource, error) {
	w, ok, err := queryFirst[wireResource](ctx, c, "Resources", []Filter{{Op: "eq", Field: "userName", Value: c.cfg.Username}})
	switch {
	case err != nil:
		return Resource{}, err
	case !ok:
		return Resource{}, fmt.Errorf("autotask: no resource with user name %q: %w", c.cfg.Username, ErrNotFound)
	}
	return Resource{ID: int64(w.ID), UserName: string(w.UserName), FirstName: string(w.FirstName), LastName: string(w.LastName),
		Email: string(w.Email), Active: bool(w.IsActive)}, nil
}

type wirePicklistValue struct {
	Value          flexString `json:"value"`
	Label          flexString `json:"label"`
	IsDefaultValue flexBool   `json:"isDefaultValue"`
	SortOrder      flexInt    `json:"sortOrder"`
	ParentValue    flexString `json:"parentValue"`
	IsActive       flexBool   `json:"isActive"`
	IsSystem       flexBool   `json:"isSystem"`
}

type wireField struct {
	Name           flexString          `json:"name"`
	DataType       flexString          `json:"dataType"`
	Length         flexInt             `json:"length"`
	IsRequired     flexBool            `json:"isRequired"`
	IsReadOnly     flexBool            `json:"isReadOnly"`
	IsQueryable    flexBool            `json:"isQueryable"`
	IsPickList     flexBool            `json:"isPickList"`
	PicklistValues []wirePicklistValue `json:"picklistValues"`
}

// Fields reads {entity}/entityInformation/fields: the field list with
// each picklist's values, inactive and system ones included. This is where
// queues, sources, statuses and priorities come from; Autotask has no
// Queues or TicketSources entity.
func (c *Client) Fields(ctx context.Context, entity string) ([]Field, error) {
	r := call{method: http.MethodGet, path: entity + "/entityInformation/fields"}
	reply, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	var w struct {
		Fields *[]wireField `json:"fields"`
	}
	if err := decode(r.method, r.path, reply, &w); err != nil {
		return nil, err
	}
	if w.Fields == nil {
		return nil, &malformedError{method: r.method, path: r.path, err: fmt.Errorf(`no "fields"`)}
	}
	out := make([]Field, 0, len(*w.Fields))
	for _, f := range *w.Fields {
		fd := Field{Name: string(f.Name), DataType: string(f.DataType), Length: int(f.Length), IsRequired: bool(f.IsRequired),
			IsReadOnly: bool(f.IsReadOnly), IsQueryable: bool(f.IsQueryable), IsPickList: bool(f.IsPickList)}
		for _, v := range f.PicklistValues {
			fd.PicklistValues = append(fd.PicklistValues, PicklistValue{Value: string(v.Value), Label: string(v.Label),
				IsDefault: bool(v.IsDefaultValue), IsActive: bool(v.IsActive), IsSystem: bool(v.IsSystem),
				SortOrder: int(v.SortOrder), ParentValue: string(v.ParentValue)})
		}
		out = append(out, fd)
	}
	return out, nil
}
