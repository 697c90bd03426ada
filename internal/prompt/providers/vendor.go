package providers

import "strings"

// The vendors a model name or a format belongs to.
const (
	vendorOpenAI    = "an OpenAI model"
	vendorAnthropic = "an Anthropic model"
)

// openAIPrefixes start the names of OpenAI's models; anthropicPrefix starts Anthropic's.
var openAIPrefixes = []string{"gpt-", "o1", "o3", "o4", "chatgpt-"}

const anthropicPrefix = "claude-"

// ModelWarning says, when model belongs to the other vendor than provider format format,
// that the call was rendered for format with the model as written; otherwise it is "". The
// rule is the name's prefix only (see openAIPrefixes), so a model it does not know (a
// self-hosted model behind a compatible API, say) never warns.
func ModelWarning(format, model string) string {
	vendor, expected := modelVendor(model), formatVendor(format)
	if vendor == "" || expected == "" || vendor == expected {
		return ""
	}
	return "model " + model + " is " + vendor + "; rendered for " + format + " as written"
}

func modelVendor(model string) string {
	if strings.HasPrefix(model, anthropicPrefix) {
		return vendorAnthropic
	}
	for _, prefix := range openAIPrefixes {
		if strings.HasPrefix(model, prefix) {
			return vendorOpenAI
		}
	}
	return ""
}

func formatVendor(format string) string {
	switch format {
	case FormatOpenAIChat, FormatOpenAIResponses:
		return vendorOpenAI
	case FormatAnthropic:
		return vendorAnthropic
	}
	return ""
}
