package events

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestClientAddress(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"127.0.0.1": "127.0.0.1",
		// The whole address: the /64 grouping is the per-address limits' alone.
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2:3:4:5:6",
		"::ffff:192.0.2.7":     "192.0.2.7",
		"fe80::1%eth0":         "fe80::1",
		"":                     "",
		"@":                    "", // a Unix socket's peer
	} {
		got := clientAddress(addr)
		if want == "" {
			require.Nil(t, got, addr)
			continue
		}
		require.Equal(t, want, got.String(), addr)
	}
}

func TestUserAgent(t *testing.T) {
	t.Parallel()
	require.Nil(t, userAgent(""))
	for ua, want := range map[string]string{
		"curl/8.5.0":                         "curl/8.5.0",
		"bad \xff\xfe bytes":                 "bad \uFFFD bytes",
		"nul\x00inside":                      "nul\uFFFDinside",
		strings.Repeat("a", 600):             strings.Repeat("a", MaxUserAgent),
		strings.Repeat("a", 511) + "é":       strings.Repeat("a", 511),
		strings.Repeat("a", 510) + "€":       strings.Repeat("a", 510),
		strings.Repeat("a", 510) + "é" + "x": strings.Repeat("a", 510) + "é",
	} {
		got := userAgent(ua)
		require.NotNil(t, got)
		require.Equal(t, want, *got, "%.40q", ua)
	}
}
