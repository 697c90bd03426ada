package httpapi

import (
	"github.com/oapi-codegen/nullable"
)

// nullableOf turns a database NULL-able column into the API's explicit null.
func nullableOf[T any](p *T) nullable.Nullable[T] {
	if p == nil {
		return nullable.NewNullNullable[T]()
	}
	return nullable.NewNullableWithValue(*p)
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
