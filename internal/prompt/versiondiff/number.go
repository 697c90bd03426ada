package versiondiff

import (
	"encoding/json"
	"strconv"
	"strings"
)

// numbersEqual tells whether two JSON numbers have the same exact value, however written: 1, 1.0,
// 10e-1 and 0.1E1 are equal, and so are 0 and -0. It compares decimal digits and exponents
// rather than float64s, so that integers past 2^53 stay distinct, and it never computes a power
// of ten, so that 1e999999999 costs no more than its length.
func numbersEqual(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, okA := canonicalNumber(string(a))
	y, okB := canonicalNumber(string(b))
	return okA && okB && x == y
}

// decimal is a number as sign × 0.digits × 10^exp, digits without leading or trailing zeros;
// zero is the zero decimal.
type decimal struct {
	negative bool
	digits   string
	exp      int64
}

// canonicalNumber parses a JSON number (as the decoder has checked it) into its decimal; it
// reports false only for an exponent beyond 32 bits, which no sane document has (with it, the
// int64 arithmetic below cannot overflow).
func canonicalNumber(s string) (decimal, bool) {
	var d decimal
	if strings.HasPrefix(s, "-") {
		d.negative, s = true, s[1:]
	}
	mantissa, exponent, _ := strings.Cut(strings.ToLower(s), "e")
	var exp int64
	if exponent != "" {
		var err error
		if exp, err = strconv.ParseInt(exponent, 10, 32); err != nil {
			return decimal{}, false
		}
	}
	intPart, fracPart, _ := strings.Cut(mantissa, ".")
	digits := intPart + fracPart
	// 0.digits × 10^e: the point sits after intPart's digits.
	exp += int64(len(intPart))
	trimmed := strings.TrimLeft(digits, "0")
	exp -= int64(len(digits) - len(trimmed))
	trimmed = strings.TrimRight(trimmed, "0")
	if trimmed == "" {
		return decimal{}, true
	}
	d.digits, d.exp = trimmed, exp
	return d, true
}
