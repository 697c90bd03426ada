package template

import (
	"strings"
	"testing"
)

var benchSource = "You are a helpful assistant for {{company}}. " + strings.Repeat(`Reply as {"a": {"b": 1}}. `, 10) +
	"Hello {{ userName }}, welcome to {{plan}}! Your order {{order.id}} ships {{when}}."

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(benchSource); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	t, err := Parse(benchSource)
	if err != nil {
		b.Fatal(err)
	}
	values := map[string]string{"company": "Acme", "userName": "Ada", "plan": "Pro", "order.id": "42", "when": "today"}
	b.ReportAllocs()
	for b.Loop() {
		if _, missing, err := t.Render(values, 1<<20); err != nil || len(missing) > 0 {
			b.Fatal(missing, err)
		}
	}
}
