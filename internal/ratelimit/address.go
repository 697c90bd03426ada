package ratelimit

import "net/netip"

// ipv6ClientBits is the prefix length of an IPv6 client: a host, a home or a cloud machine
// is usually given a whole /64, so it can pick any address in it.
const ipv6ClientBits = 64

// AddrPrefix is the caller a client address's limits are kept by: an IPv4 address alone
// (as a /32), an IPv6 address by its /64, since limits on single IPv6 addresses would limit
// nothing. IPv4-mapped IPv6 addresses count as IPv4; an address that does not parse (not
// an IP) maps to the zero Prefix, which all such callers share. It does not allocate.
func AddrPrefix(addr string) netip.Prefix {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return netip.Prefix{}
	}
	a = a.Unmap().WithZone("")
	bits := 32
	if a.Is6() {
		bits = ipv6ClientBits
	}
	p, _ := a.Prefix(bits) // errors only for a zero Addr or bits out of range
	return p
}
