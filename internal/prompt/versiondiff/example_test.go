package versiondiff_test

import (
	"encoding/json"
	"fmt"

	"github.com/promptops/promptops/internal/prompt/versiondiff"
)

func ExampleCompare() {
	from := versiondiff.Version{
		Messages: []versiondiff.Message{
			{Role: "system", Content: "You are a support agent.\nBe brief.\nCite the FAQ."},
			{Role: "user", Content: "{{question}}"},
		},
		SystemPrompt: "You are a support agent.\nBe brief.\nCite the FAQ.",
		UserTemplate: "{{question}}",
		Model:        "gpt-4o",
		Temperature:  0.7,
		Tools:        json.RawMessage(`[{"type":"function","function":{"name":"search_faq","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}]`),
		Metadata:     json.RawMessage(`{"team":"support"}`),
	}
	to := from
	to.Messages = []versiondiff.Message{
		{Role: "system", Content: "You are a support agent.\nBe brief and kind.\nCite the FAQ."},
		{Role: "user", Content: "{{question}}"},
	}
	to.SystemPrompt = to.Messages[0].Content
	to.Temperature = 0.3
	to.Tools = json.RawMessage(`[{"type":"function","function":{"name":"search_faq","parameters":{"type":"object","properties":{"q":{"type":"string","minLength":3}}}}}]`)
	to.Metadata = json.RawMessage(`{ "team": "support", "owner/oncall": "ana" }`)

	d, err := versiondiff.Compare(from, to)
	if err != nil {
		panic(err)
	}
	out, _ := json.MarshalIndent(d, "", "  ")
	fmt.Println(string(out))
	// Output:
	// {
	//   "changed": true,
	//   "systemPrompt": {
	//     "changed": true,
	//     "unified": "--- a/systemPrompt\n+++ b/systemPrompt\n@@ -1,3 +1,3 @@\n You are a support agent.\n-Be brief.\n+Be brief and kind.\n Cite the FAQ.\n\\ No newline at end of file\n",
	//     "lines": [
	//       {
	//         "kind": "same",
	//         "oldLine": 1,
	//         "newLine": 1,
	//         "old": [
	//           {
	//             "text": "You are a support agent.",
	//             "changed": false
	//           }
	//         ],
	//         "new": [
	//           {
	//             "text": "You are a support agent.",
	//             "changed": false
	//           }
	//         ]
	//       },
	//       {
	//         "kind": "changed",
	//         "oldLine": 2,
	//         "newLine": 2,
	//         "old": [
	//           {
	//             "text": "Be brief.",
	//             "changed": false
	//           }
	//         ],
	//         "new": [
	//           {
	//             "text": "Be brief",
	//             "changed": false
	//           },
	//           {
	//             "text": " and kind",
	//             "changed": true
	//           },
	//           {
	//             "text": ".",
	//             "changed": false
	//           }
	//         ]
	//       },
	//       {
	//         "kind": "same",
	//         "oldLine": 3,
	//         "newLine": 3,
	//         "old": [
	//           {
	//             "text": "Cite the FAQ.",
	//             "changed": false
	//           }
	//         ],
	//         "new": [
	//           {
	//             "text": "Cite the FAQ.",
	//             "changed": false
	//           }
	//         ]
	//       }
	//     ]
	//   },
	//   "userTemplate": {
	//     "changed": false
	//   },
	//   "model": {
	//     "changed": false,
	//     "old": "gpt-4o",
	//     "new": "gpt-4o"
	//   },
	//   "temperature": {
	//     "changed": true,
	//     "old": 0.7,
	//     "new": 0.3
	//   },
	//   "maxTokens": {
	//     "changed": false,
	//     "old": null,
	//     "new": null
	//   },
	//   "provider": {
	//     "changed": false,
	//     "old": null,
	//     "new": null
	//   },
	//   "tools": {
	//     "changed": true,
	//     "changes": [
	//       {
	//         "pointer": "/0/function/parameters/properties/q/minLength",
	//         "op": "add",
	//         "old": null,
	//         "new": 3
	//       }
	//     ]
	//   },
	//   "toolChoice": {
	//     "changed": false,
	//     "changes": []
	//   },
	//   "responseFormat": {
	//     "changed": false,
	//     "changes": []
	//   },
	//   "modelParameters": {
	//     "changed": false,
	//     "changes": []
	//   },
	//   "variablesSchema": {
	//     "changed": false,
	//     "changes": []
	//   },
	//   "metadata": {
	//     "changed": true,
	//     "changes": [
	//       {
	//         "pointer": "/owner~1oncall",
	//         "op": "add",
	//         "old": null,
	//         "new": "ana"
	//       }
	//     ]
	//   }
	// }
}
