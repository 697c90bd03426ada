package httpapi

import (
	"math"

	"github.com/promptops/promptops/gen/api"
)

// page is the window of a list request: page and limit with the spec's defaults applied.
type page struct {
	number, limit int
}

func newPage(number, limit *int) page {
	p := page{number: 1, limit: 20}
	if number != nil {
		p.number = *number
	}
	if limit != nil {
		p.limit = *limit
	}
	return p
}

// offset is where the page starts in the list, at most math.MaxInt32 (the queries' OFFSET
// is an int4): a page that starts further is past the end of any list, and empty, rather
// than an offset that overflows into a negative one, which PostgreSQL refuses.
func (p page) offset() int32 {
	if p.number-1 > math.MaxInt32/p.limit {
		return math.MaxInt32
	}
	return int32((p.number - 1) * p.limit)
}

// meta describes this page of a list of total items.
func (p page) meta(total int64) api.ListMeta {
	return api.ListMeta{Pagination: api.Pagination{
		Total: int(total),
		Page:  p.number,
		Limit: p.limit,
		Pages: int((total + int64(p.limit) - 1) / int64(p.limit)),
	}}
}

// sortOr returns the requested sort, or the list's default.
func sortOr[T ~string](requested *T, fallback T) string {
	if requested == nil {
		return string(fallback)
	}
	return string(*requested)
}
