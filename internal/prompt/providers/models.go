package providers

// KnownModels are the model names the console offers when a version's model is chosen: the
// current chat models of OpenAI and Anthropic, the vendors whose request shapes this package
// renders. Any other name is accepted as written (a self-hosted model behind a compatible
// API, say); this list only saves typing.
var KnownModels = []string{
	"gpt-4", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
	"gpt-5", "gpt-5-mini", "gpt-5-nano", "o3", "o3-mini", "o4-mini",
	"claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-3-5-haiku-latest",
}
