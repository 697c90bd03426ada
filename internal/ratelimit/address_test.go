package ratelimit

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAddrPrefix(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"192.0.2.7":                 "192.0.2.7/32",
		"::ffff:192.0.2.7":          "192.0.2.7/32",
		"2001:db8:1:2:aaaa::1":      "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff::9": "2001:db8:1:2::/64",
		"fe80::1%eth0":              "fe80::/64",
		"::1":                       "::/64",
	} {
		require.Equal(t, want, AddrPrefix(addr).String(), addr)
	}
	require.Equal(t, netip.Prefix{}, AddrPrefix("not an address"))
	require.Equal(t, netip.Prefix{}, AddrPrefix(""))

	// Two addresses of one /64 are one caller; the next /64 is another.
	require.Equal(t, AddrPrefix("2001:db8::1"), AddrPrefix("2001:db8::ffff:1"))
	require.NotEqual(t, AddrPrefix("2001:db8::1"), AddrPrefix("2001:db8:0:1::1"))
	require.NotEqual(t, AddrPrefix("192.0.2.7"), AddrPrefix("192.0.2.8"))
}

func TestAddrPrefixAllocatesNothing(t *testing.T) {
	require.Zero(t, testing.AllocsPerRun(100, func() {
		AddrPrefix("192.0.2.7")
		AddrPrefix("2001:db8:1:2:aaaa::1")
	}))
}
