package webhooks

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRefuses tries one address in every special-purpose block: each is refused, and
// AllowPrivate opens exactly the loopback, RFC 1918, unique-local and link-local ones.
func TestRefuses(t *testing.T) {
	t.Parallel()
	tested := map[string]bool{}
	for _, tt := range []struct {
		addr, block string
		private     bool
	}{
		{"0.1.2.3", "0.0.0.0/8", false},
		{"10.1.2.3", "10.0.0.0/8", true},
		{"100.100.100.100", "100.64.0.0/10", false},
		{"127.0.0.1", "127.0.0.0/8", true},
		{"169.254.169.254", "169.254.0.0/16", true},
		{"172.31.255.1", "172.16.0.0/12", true},
		{"192.0.0.9", "192.0.0.0/24", false},
		{"192.0.2.10", "192.0.2.0/24", false},
		{"192.88.99.1", "192.88.99.0/24", false},
		{"192.168.1.1", "192.168.0.0/16", true},
		{"198.19.0.1", "198.18.0.0/15", false},
		{"198.51.100.7", "198.51.100.0/24", false},
		{"203.0.113.99", "203.0.113.0/24", false},
		{"239.255.255.250", "224.0.0.0/4", false},
		{"255.255.255.255", "255.255.255.255/32", false},
		{"250.1.1.1", "240.0.0.0/4", false},
		{"::", "::/128", false},
		{"::1", "::1/128", true},
		{"::10.1.2.3", "::/96", false},
		{"64:ff9b::808:808", "64:ff9b::/96", false},
		{"64:ff9b:1::1", "64:ff9b:1::/48", false},
		{"100::1", "100::/64", false},
		{"2001:0:4136:e378::1", "2001::/23", false},
		{"2001:db8::1", "2001:db8::/32", false},
		{"2002:c000:204::1", "2002::/16", false},
		{"3fff::1", "3fff::/20", false},
		{"fd12:3456::1", "fc00::/7", true},
		{"fe80::1", "fe80::/10", true},
		{"fec0::1", "fec0::/10", false},
		{"ff02::1", "ff00::/8", false},
	} {
		a := netip.MustParseAddr(tt.addr)
		why := refuses(a, false)
		require.Contains(t, why, " is in "+tt.block+", ", "%s must be refused as part of %s", tt.addr, tt.block)
		require.Equal(t, tt.private, refuses(a, true) == "", "%s: does AllowPrivate open %s?", tt.addr, tt.block)
		tested[tt.block] = true
	}
	for _, b := range specialPurpose {
		require.True(t, tested[b.prefix.String()], "no address of %s (%s) is tried", b.prefix, b.name)
	}

	t.Run("IPv4Mapped", func(t *testing.T) {
		t.Parallel()
		require.Contains(t, refuses(netip.MustParseAddr("::ffff:10.0.0.1"), false), "10.0.0.1 is in 10.0.0.0/8")
		require.Empty(t, refuses(netip.MustParseAddr("::ffff:93.184.215.14"), false), "a mapped global address is global")
	})

	t.Run("OutsideIPv6GlobalUnicast", func(t *testing.T) {
		t.Parallel()
		require.Contains(t, refuses(netip.MustParseAddr("4000::1"), true), "outside 2000::/3")
		require.Contains(t, refuses(netip.MustParseAddr("::2"), true), "::/96")
	})

	t.Run("GlobalAccepted", func(t *testing.T) {
		t.Parallel()
		for _, s := range []string{"93.184.215.14", "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.32.0.1",
			"192.0.1.1", "198.17.255.255", "198.20.0.0", "223.255.255.255", "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450::1"} {
			require.Empty(t, refuses(netip.MustParseAddr(s), false), s)
		}
	})
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for raw, ok := range map[string]bool{
		"https://93.184.215.14/hook":     true,
		"https://[2606:4700::1111]/hook": true,
		"http://127.0.0.1:8080/hook":     false,
		"http://localhost/hook":          false,
		"http://10.1.2.3/hook":           false,
		"http://192.168.0.1/":            false,
		"http://169.254.169.254/":        false,
		"http://[::1]/":                  false,
		"http://0.0.0.0/":                false,
		"http://100.64.0.1/":             false,
		"http://[::ffff:127.0.0.1]/":     false,
		"ftp://example.com/":             false,
		"https://u:p@example.com/":       false,
		"/relative":                      false,
	} {
		err := CheckURL(ctx, raw, false)
		require.Equal(t, ok, err == nil, "%s: %v", raw, err)
	}

	t.Run("AllowPrivate", func(t *testing.T) {
		t.Parallel()
		require.NoError(t, CheckURL(ctx, "http://127.0.0.1:8080/hook", true), "the operator may allow loopback")
		require.NoError(t, CheckURL(ctx, "http://[fd00::1]/hook", true), "and unique-local addresses")
		for _, raw := range []string{"http://192.0.2.1/", "http://224.0.0.1/", "http://100.64.0.1/", "http://0.0.0.0/"} {
			require.ErrorIs(t, CheckURL(ctx, raw, true), ErrRefusedAddress, "%s stays refused", raw)
		}
	})

	t.Run("Messages", func(t *testing.T) {
		t.Parallel()
		err := CheckURL(ctx, "http://10.1.2.3/hook", false)
		require.EqualError(t, err, "host 10.1.2.3: address is not global unicast: 10.1.2.3 is in 10.0.0.0/8, Private-Use (RFC 1918)"+
			" (PROMPTOPS_WEBHOOK_ALLOW_PRIVATE=true allows loopback, private and link-local addresses)")
		err = CheckURL(ctx, "http://203.0.113.5/hook", false)
		require.ErrorIs(t, err, ErrRefusedAddress)
		require.False(t, strings.Contains(err.Error(), "ALLOW_PRIVATE"), "the setting would not help: %v", err)
	})
}

// TestDialerRefusesPrivateAddresses shows the check holds at connect time too, whatever
// a name resolved to when the webhook was saved.
func TestDialerRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()

	strict := &http.Client{Transport: &http.Transport{DialContext: dialer(false).DialContext}}
	_, err := strict.Get(srv.URL)
	require.True(t, errors.Is(err, ErrRefusedAddress), "%v", err)

	lenient := &http.Client{Transport: &http.Transport{DialContext: dialer(true).DialContext}}
	resp, err := lenient.Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()

	// Opening loopback opens nothing else: 0.0.0.0 reaches this host too, and stays refused.
	_, err = lenient.Get("http://0.0.0.0:" + strings.TrimPrefix(srv.URL, "http://127.0.0.1:"))
	require.ErrorIs(t, err, ErrRefusedAddress)
}
