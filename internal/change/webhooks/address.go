package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"
)

// ErrRefusedAddress is returned for a webhook URL or connection that reaches an address
// outside global unicast: a block of the IANA special-purpose registries, or (with
// AllowPrivate) one of those that setting does not open.
var ErrRefusedAddress = errors.New("address is not global unicast")

// block is a row of the IANA IPv4 and IPv6 Special-Purpose Address Registries.
type block struct {
	prefix netip.Prefix
	name   string
	// private blocks (loopback, RFC 1918, unique local, link-local) are the ones
	// AllowPrivate opens: the addresses of a test's receiver or of a self-hosted service
	// beside the server. Every other block stays refused.
	private bool
}

// specialPurpose lists every special-purpose block: no webhook reaches them, since none is
// a public service's address (a webhook aimed at one is a mistake or an attempt to reach
// the server's own network). IPv4-mapped IPv6 addresses are checked as the IPv4 address
// they carry, and IPv6 outside 2000::/3 is refused as well (see refuses).
var specialPurpose = []block{
	{netip.MustParsePrefix("0.0.0.0/8"), `"This network" (RFC 791)`, false},
	{netip.MustParsePrefix("10.0.0.0/8"), "Private-Use (RFC 1918)", true},
	{netip.MustParsePrefix("100.64.0.0/10"), "Shared Address Space (RFC 6598)", false},
	{netip.MustParsePrefix("127.0.0.0/8"), "Loopback (RFC 1122)", true},
	{netip.MustParsePrefix("169.254.0.0/16"), "Link Local (RFC 3927)", true},
	{netip.MustParsePrefix("172.16.0.0/12"), "Private-Use (RFC 1918)", true},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF Protocol Assignments (RFC 6890)", false},
	{netip.MustParsePrefix("192.0.2.0/24"), "Documentation (TEST-NET-1, RFC 5737)", false},
	{netip.MustParsePrefix("192.88.99.0/24"), "Deprecated 6to4 Relay Anycast (RFC 7526)", false},
	{netip.MustParsePrefix("192.168.0.0/16"), "Private-Use (RFC 1918)", true},
	{netip.MustParsePrefix("198.18.0.0/15"), "Benchmarking (RFC 2544)", false},
	{netip.MustParsePrefix("198.51.100.0/24"), "Documentation (TEST-NET-2, RFC 5737)", false},
	{netip.MustParsePrefix("203.0.113.0/24"), "Documentation (TEST-NET-3, RFC 5737)", false},
	{netip.MustParsePrefix("224.0.0.0/4"), "Multicast (RFC 5771)", false},
	{netip.MustParsePrefix("255.255.255.255/32"), "Limited Broadcast (RFC 919)", false},
	{netip.MustParsePrefix("240.0.0.0/4"), "Reserved (RFC 1112)", false},

	{netip.MustParsePrefix("::/128"), "Unspecified Address (RFC 4291)", false},
	{netip.MustParsePrefix("::1/128"), "Loopback Address (RFC 4291)", true},
	{netip.MustParsePrefix("::/96"), "IPv4-Compatible IPv6 Address, deprecated (RFC 4291)", false},
	{netip.MustParsePrefix("64:ff9b::/96"), "IPv4-IPv6 Translation (RFC 6052)", false},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "IPv4-IPv6 Translation, local use (RFC 8215)", false},
	{netip.MustParsePrefix("100::/64"), "Discard-Only Address Block (RFC 6666)", false},
	// The registry marks a few small blocks inside 2001::/23 globally reachable (anycast
	// services, ORCHIDv2); no webhook receiver lives there, so the whole block is refused.
	{netip.MustParsePrefix("2001::/23"), "IETF Protocol Assignments, including Teredo (RFC 2928)", false},
	{netip.MustParsePrefix("2001:db8::/32"), "Documentation (RFC 3849)", false},
	{netip.MustParsePrefix("2002::/16"), "6to4 (RFC 3056)", false},
	{netip.MustParsePrefix("3fff::/20"), "Documentation (RFC 9637)", false},
	{netip.MustParsePrefix("fc00::/7"), "Unique-Local (RFC 4193)", true},
	{netip.MustParsePrefix("fe80::/10"), "Link-Local Unicast (RFC 4291)", true},
	{netip.MustParsePrefix("fec0::/10"), "Site-Local, deprecated (RFC 3879)", false},
	{netip.MustParsePrefix("ff00::/8"), "Multicast (RFC 4291)", false},
}

// globalUnicastV6 is the only IPv6 space allocated for global unicast (IANA IPv6 Address
// Space registry); everything else is reserved or special.
var globalUnicastV6 = netip.MustParsePrefix("2000::/3")

// refuses says why a webhook may not reach a, or "" when it may.
func refuses(a netip.Addr, allowPrivate bool) string {
	a = a.Unmap()
	for _, b := range specialPurpose {
		if b.prefix.Contains(a) {
			if b.private && allowPrivate {
				return ""
			}
			return fmt.Sprintf("%s is in %s, %s", a, b.prefix, b.name)
		}
	}
	if a.Is6() && !globalUnicastV6.Contains(a) {
		return fmt.Sprintf("%s is outside %s, the IPv6 global unicast space", a, globalUnicastV6)
	}
	return ""
}

// refusal is the error for an address refuses refused, saying what the operator could do
// when the block is one AllowPrivate opens.
func refusal(what string, a netip.Addr, why string, allowPrivate bool) error {
	hint := ""
	if !allowPrivate && refuses(a, true) == "" {
		hint = " (PROMPTOPS_WEBHOOK_ALLOW_PRIVATE=true allows loopback, private and link-local addresses)"
	}
	return fmt.Errorf("%s: %w: %s%s", what, ErrRefusedAddress, why, hint)
}

// CheckURL says what is wrong with a webhook URL, or nil: it must be absolute http(s) and
// its host must resolve only to addresses the policy allows (global unicast, plus the
// private blocks when allowPrivate). Connections are checked again when made, so a name
// that later resolves elsewhere is still refused.
func CheckURL(ctx context.Context, raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return errors.New("must be an absolute http or https URL")
	}
	if u.User != nil {
		return errors.New("must not carry a user name or password")
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", u.Hostname())
	if err != nil {
		return fmt.Errorf("host %s does not resolve", u.Hostname())
	}
	for _, a := range addrs {
		if why := refuses(a, allowPrivate); why != "" {
			return refusal("host "+u.Hostname(), a, why, allowPrivate)
		}
	}
	return nil
}

// dialer refuses, at connect time, the addresses CheckURL refuses.
func dialer(allowPrivate bool) *net.Dialer {
	return &net.Dialer{Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return err
		}
		if why := refuses(ap.Addr(), allowPrivate); why != "" {
			return refusal("connect to "+address, ap.Addr(), why, allowPrivate)
		}
		return nil
	}}
}
