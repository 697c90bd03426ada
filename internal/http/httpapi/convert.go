package httpapi

import (
	"encoding/json"
	"net/netip"

	"github.com/oapi-codegen/nullable"

	"github.com/promptops/promptops/gen/api"
)

// nullableOf turns a database NULL-able column into the API's explicit null.
func nullableOf[T any](p *T) nullable.Nullable[T] {
	if p == nil {
		return nullable.NewNullNullable[T]()
	}
	return nullable.NewNullableWithValue(*p)
}

// pointerOf is a nullable request field as a NULL-able column: nil when it is null or
// left out.
func pointerOf[T any](n nullable.Nullable[T]) *T {
	v, err := n.Get()
	if err != nil {
		return nil
	}
	return &v
}

// enumSlice converts between string slices and the generated enum string types.
func enumSlice[To ~string, From ~string](in []From) []To {
	out := make([]To, len(in))
	for i, v := range in {
		out[i] = To(v)
	}
	return out
}

// nullableInt turns a NULL-able integer column into the API's explicit null.
func nullableInt(p *int32) nullable.Nullable[int] {
	if p == nil {
		return nullable.NewNullNullable[int]()
	}
	return nullable.NewNullableWithValue(int(*p))
}

// addressFromDB is a stored client address as the API shows it.
func addressFromDB(a *netip.Addr) nullable.Nullable[string] {
	if a == nil {
		return nullable.NewNullNullable[string]()
	}
	return nullable.NewNullableWithValue(a.String())
}

// actorFromDB is a stored actor (events.StampOf's JSON) as the API shows it. The column
// holds only what the server wrote; one it cannot read shows as no one.
func actorFromDB(raw json.RawMessage) nullable.Nullable[api.Actor] {
	var actor api.Actor
	if len(raw) == 0 || json.Unmarshal(raw, &actor) != nil {
		return nullable.NewNullNullable[api.Actor]()
	}
	return nullable.NewNullableWithValue(actor)
}
