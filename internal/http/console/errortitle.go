package console

import "github.com/promptops/promptops/gen/api"

// errorTitles say in words what each of the API's error codes means to a person; the
// message that follows says what exactly. The code itself stays in the page's markup
// (data-code), for a bug report.
var errorTitles = map[api.ErrorCode]string{
	api.ErrorCodeVALIDATIONERROR:      "Please check what you entered.",
	api.ErrorCodeFORBIDDEN:            "You may not do that here.",
	api.ErrorCodeRESOURCENOTFOUND:     "Not found.",
	api.ErrorCodeCONFLICT:             "That cannot be done now.",
	api.ErrorCodeVERSIONCONFLICT:      "Someone else saved a version meanwhile.",
	api.ErrorCodeQUOTAEXCEEDED:        "A limit of the project is reached.",
	api.ErrorCodeRATELIMITEXCEEDED:    "Too many requests: wait a moment.",
	api.ErrorCodePROVIDERERROR:        "The provider failed.",
	api.ErrorCodeAUTHINVALID:          "Your sign-in is no longer valid.",
	api.ErrorCodePAYLOADTOOLARGE:      "That is too large.",
	api.ErrorCodeSERVICEUNAVAILABLE:   "The server cannot reach its database: try again shortly.",
	api.ErrorCodeINTERNALERROR:        "Something went wrong on the server.",
	api.ErrorCodeMETHODNOTALLOWED:     "That cannot be done here.",
	api.ErrorCodeUNSUPPORTEDMEDIATYPE: "That form cannot be read.",
}

// errorTitle is the title of an error of code: its words, or "Error." for a code without.
func errorTitle(code api.ErrorCode) string {
	if t, ok := errorTitles[code]; ok {
		return t
	}
	return "Error."
}
