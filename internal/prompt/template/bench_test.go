package template

import (
	"strconv"
	"strings"
	"syscall"
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

// BenchmarkRenderWorst renders, within one render's budget (NewBudget of 1 MiB), shapes
// that spend it in the ways a template and a small request can, each made as large as the
// budget accepts (the refused ones stop at the same budget, before building anything):
// its cpu-ns/op is the worst an accepted render takes that way.
func BenchmarkRenderWorst(b *testing.B) {
	items := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = map[string]any{}
		}
		return out
	}
	deep := func(depth int) map[string]any {
		v := map[string]any{"x": "y"}
		for range depth {
			v = map[string]any{"a": v}
		}
		return v
	}
	object := map[string]any{}
	for i := range 500 {
		object["key"+strconv.Itoa(i)] = []any{1.5, "text", true}
	}
	long := strings.Repeat("n", 60_000)
	dotted := strings.TrimSuffix(strings.Repeat("a.", 1000), ".") + ".x"
	for _, c := range []struct {
		name string
		// shape is the template and the values of size n.
		shape func(n int) (string, map[string]any)
	}{
		// Three nested sections over n items: n³ placeholders writing a byte each.
		{"NestedSections", func(n int) (string, map[string]any) {
			return "{{#l}}{{#l}}{{#l}}{{x}}{{/l}}{{/l}}{{/l}}", map[string]any{"x": "y", "l": items(n)}
		}},
		// n nested sections: each name is looked up through the context stack above it.
		{"DeepStack", func(n int) (string, map[string]any) {
			return strings.Repeat("{{#a}}", n) + "{{x}}" + strings.Repeat("{{/a}}", n), map[string]any{"a": true, "x": "y"}
		}},
		// A 60 KB name looked up in each of n items, then in the values.
		{"LongName", func(n int) (string, map[string]any) {
			return "{{#l}}{{" + long + "}}{{/l}}", map[string]any{long: "v", "l": items(n)}
		}},
		// A dotted name of 1,000 fields walked in each of n items.
		{"DottedWalk", func(n int) (string, map[string]any) {
			return "{{#l}}{{" + dotted + "}}{{/l}}", map[string]any{"a": deep(1000)["a"], "l": items(n)}
		}},
		// 1,000 distinct names, missing, in each of n items.
		{"ManyMissing", func(n int) (string, map[string]any) {
			return "{{#l}}" + manyNames(1000) + "{{/l}}", map[string]any{"l": items(n)}
		}},
		// An object of 500 lists written as JSON (about 12 KB) n times.
		{"ObjectsAsJSON", func(n int) (string, map[string]any) {
			return "{{#l}}{{o}}{{/l}}", map[string]any{"o": object, "l": items(n)}
		}},
		// Text from one 64 KiB value written n times.
		{"Megabyte", func(n int) (string, map[string]any) {
			return "{{#l}}{{s}}{{/l}}", map[string]any{"s": strings.Repeat("v", 1<<16), "l": items(n)}
		}},
	} {
		tpl, values, n := largestAccepted(b, c.shape)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var took int
			start := cpuTime(b)
			for b.Loop() {
				budget := NewBudget(1 << 20)
				if _, _, err := tpl.Render(values, RenderOptions{Budget: budget}); err != nil {
					b.Fatal(err)
				}
				took = budget.took
			}
			// CPU time, garbage collection included: on a shared machine the time a render
			// waits for a core is not its cost.
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(took), "steps")
			b.ReportMetric(float64(n), "n")
		})
	}
}

// largestAccepted is shape at the largest size that one render's budget accepts.
func largestAccepted(b *testing.B, shape func(n int) (string, map[string]any)) (*Template, map[string]any, int) {
	accepted := func(n int) bool {
		src, values := shape(n)
		tpl, err := Parse(src)
		if err != nil {
			b.Fatal(err)
		}
		_, _, err = tpl.Render(values, RenderOptions{Budget: NewBudget(1 << 20)})
		return err == nil
	}
	lo, hi := 1, 2 // accepted, and refused once found
	for accepted(hi) {
		lo, hi = hi, hi*2
	}
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; accepted(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	src, values := shape(lo)
	tpl, err := Parse(src)
	if err != nil {
		b.Fatal(err)
	}
	return tpl, values, lo
}

// manyNames is n placeholders of distinct names.
func manyNames(n int) string {
	var s strings.Builder
	for i := range n {
		s.WriteString("{{m" + strconv.Itoa(i) + "}}")
	}
	return s.String()
}

// cpuTime is the CPU time the process has used, in nanoseconds.
func cpuTime(b *testing.B) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
