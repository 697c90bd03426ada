package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"

	"github.com/promptops/promptops/internal/config"
)

// hstsValue asks browsers to use only HTTPS for this host for two years, the max-age
// hstspreload.org recommends. It leaves out includeSubDomains: other hosts under the same
// name are not ours to decide for.
const hstsValue = "max-age=63072000"

// tlsConfig loads the certificate --tls-cert and --tls-key name, or is nil when serve
// speaks plain HTTP. Loading it before anything starts turns a wrong path or a key that
// does not match into an error at once, not when the first client connects.
func tlsConfig(cfg *config.Config) (*tls.Config, error) {
	if cfg.TLSCert == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
	if err != nil {
		return nil, fmt.Errorf("load the TLS certificate (--tls-cert %s, --tls-key %s): %w", cfg.TLSCert, cfg.TLSKey, err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}}, nil
}

// hsts sends Strict-Transport-Security on every response: only ever over TLS, since a
// browser ignores it on plain HTTP and a proxy in front may not serve HTTPS at all.
func hsts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", hstsValue)
		next.ServeHTTP(w, r)
	})
}

// serveOn serves srv on ln, over TLS when srv has a TLS config.
func serveOn(srv *http.Server, ln net.Listener) error {
	if srv.TLSConfig != nil {
		return srv.ServeTLS(ln, "", "")
	}
	return srv.Serve(ln)
}
