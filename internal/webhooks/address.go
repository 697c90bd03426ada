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

// ErrPrivateAddress is returned for a webhook URL or connection that reaches a loopback,
// private or link-local address while the operator has not allowed those.
var ErrPrivateAddress = errors.New("address is loopback, private or link-local")

// CheckURL says what is wrong with a webhook URL, or nil: it must be absolute http(s) and,
// unless allowPrivate, its host must not resolve to a private address. (Connections are
// checked again when made, so a name that later resolves elsewhere is still refused.)
func CheckURL(ctx context.Context, raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return errors.New("must be an absolute http or https URL")
	}
	if u.User != nil {
		return errors.New("must not carry a user name or password")
	}
	if allowPrivate {
		return nil
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", u.Hostname())
	if err != nil {
		return fmt.Errorf("host %s does not resolve", u.Hostname())
	}
	for _, a := range addrs {
		if private(a) {
			return fmt.Errorf("host %s: %w (set PROMPTOPS_WEBHOOK_ALLOW_PRIVATE=true to allow)", u.Hostname(), ErrPrivateAddress)
		}
	}
	return nil
}

func private(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsUnspecified() || a.IsMulticast() || a.IsInterfaceLocalMulticast()
}

// dialer refuses, at connect time, the addresses CheckURL refuses.
func dialer(allowPrivate bool) *net.Dialer {
	d := &net.Dialer{}
	if !allowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return err
			}
			if private(ap.Addr()) {
				return fmt.Errorf("connect to %s: %w", address, ErrPrivateAddress)
			}
			return nil
		}
	}
	return d
}
