package playground

import "strings"

// price is a model's list price in USD per million tokens.
type price struct {
	input, output float64
}

// prices are the list prices (USD per million input and output tokens) of well-known
// models, as their providers published them in 2025. A model is priced by the longest
// name here that starts its name, so dated snapshots ("gpt-4o-2024-08-06") take their
// family's price; a model none starts is unpriced, and its cost unknown rather than
// guessed.
var prices = map[string]price{
	"gpt-4o":            {2.50, 10},
	"gpt-4o-mini":       {0.15, 0.60},
	"gpt-4.1":           {2, 8},
	"gpt-4.1-mini":      {0.40, 1.60},
	"gpt-4.1-nano":      {0.10, 0.40},
	"gpt-4-turbo":       {10, 30},
	"gpt-3.5-turbo":     {0.50, 1.50},
	"o1":                {15, 60},
	"o3":                {2, 8},
	"o3-mini":           {1.10, 4.40},
	"o4-mini":           {1.10, 4.40},
	"claude-3-5-haiku":  {0.80, 4},
	"claude-3-5-sonnet": {3, 15},
	"claude-3-7-sonnet": {3, 15},
	"claude-3-haiku":    {0.25, 1.25},
	"claude-3-opus":     {15, 75},
	"claude-sonnet-4":   {3, 15},
	"claude-opus-4":     {15, 75},
}

// Cost is the price of a run of model in USD, and false for a model the table lacks.
func Cost(model string, inputTokens, outputTokens int) (float64, bool) {
	best := ""
	for name := range prices {
		if strings.HasPrefix(model, name) && len(name) > len(best) {
			best = name
		}
	}
	if best == "" {
		return 0, false
	}
	p := prices[best]
	return (float64(inputTokens)*p.input + float64(outputTokens)*p.output) / 1e6, true
}
