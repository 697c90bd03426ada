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
	values := map[string]any{"company": "Acme", "userName": "Ada", "plan": "Pro", "order.id": "42", "when": "today"}
	b.ReportAllocs()
	for b.Loop() {
		if _, missing, err := t.Render(values, RenderOptions{}); err != nil || len(missing) > 0 {
			b.Fatal(missing, err)
		}
	}
}

var sectionsSource = "Customer {{customer.name}} ({{^customer.vip}}standard{{/customer.vip}}{{#customer.vip}}VIP{{/customer.vip}}):\n" +
	"{{#orders}}\n- order {{id}} of {{total}}:{{#lines}} {{sku}}x{{qty}}{{/lines}}\n{{/orders}}\n{{^orders}}\nno orders\n{{/orders}}\n"

func BenchmarkRenderSections(b *testing.B) {
	t, err := Parse(sectionsSource)
	if err != nil {
		b.Fatal(err)
	}
	values := map[string]any{"customer": map[string]any{"name": "Ada", "vip": true}}
	orders := make([]any, 10)
	for i := range orders {
		orders[i] = map[string]any{"id": float64(i), "total": 12.5, "lines": []any{
			map[string]any{"sku": "tea", "qty": 2.0}, map[string]any{"sku": "jam", "qty": 1.0},
		}}
	}
	values["orders"] = orders
	b.ReportAllocs()
	for b.Loop() {
		if _, missing, err := t.Render(values, RenderOptions{}); err != nil || len(missing) > 0 {
			b.Fatal(missing, err)
		}
	}
}
