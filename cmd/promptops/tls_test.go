package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/promptops/promptops/internal/testkit/dbtest"
)

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key into dir, and
// returns the files and the certificate.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "promptops test"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err = x509.ParseCertificate(der)
	require.NoError(t, err)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600))
	return certFile, keyFile, cert
}

// TestTLS starts the binary with a certificate made here and reaches it over HTTPS with a
// client that trusts only that certificate: every response carries HSTS, and the console's
// cookies are Secure and __Host- prefixed. The same binary without a certificate serves
// plain HTTP, without HSTS; told that a proxy in front terminates TLS
// (PROMPTOPS_CONSOLE_SECURE_COOKIES), it marks the console's cookies Secure all the same.
func TestTLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, cert := selfSigned(t, t.TempDir())
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	trusting := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}

	addr, plainAddr := freeAddr(t), freeAddr(t)
	env := []string{"DATABASE_URL=" + dbtest.URL(t), "PROMPTOPS_SECRET_KEY=" + testSecretKey}
	p := startWithEnv(t, t.TempDir(), append(env, "PROMPTOPS_TLS_CERT="+certFile), "serve", "--addr", addr, "--tls-key", keyFile)
	base := "https://" + addr
	require.Eventually(t, func() bool {
		resp, err := trusting.Get(base + "/health")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 60*time.Second, 100*time.Millisecond, "the server did not answer over HTTPS:\n%s", p.output())

	t.Run("HTTPSWithHSTS", func(t *testing.T) {
		for _, path := range []string{"/health", "/api/v1/prompts", "/no-such-route"} {
			resp, err := trusting.Get(base + path)
			require.NoError(t, err)
			resp.Body.Close()
			require.NotNil(t, resp.TLS)
			require.True(t, resp.TLS.PeerCertificates[0].Equal(cert))
			require.Equal(t, "max-age=63072000", resp.Header.Get("Strict-Transport-Security"), "%s → %d", path, resp.StatusCode)
		}
	})

	t.Run("ConsoleCookiesSecure", func(t *testing.T) {
		consoleCookieSecure(t, trusting, base)
	})

	t.Run("UntrustedRefused", func(t *testing.T) {
		_, err := (&http.Client{Timeout: 10 * time.Second}).Get(base + "/health")
		var unknown x509.UnknownAuthorityError
		require.ErrorAs(t, err, &unknown)
	})

	// Started once the first has migrated the database: two instances migrating a fresh
	// database at once can collide in River's migrations, which goose's lock does not cover.
	plain := startWithEnv(t, t.TempDir(), append(env, "PROMPTOPS_CONSOLE_SECURE_COOKIES=true"), "serve", "--addr", plainAddr)
	t.Run("PlainWithoutHSTS", func(t *testing.T) {
		waitHealthy(t, plain, "http://"+plainAddr)
		resp, err := http.Get("http://" + plainAddr + "/health")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Empty(t, resp.Header.Values("Strict-Transport-Security"))
		consoleCookieSecure(t, http.DefaultClient, "http://"+plainAddr)
	})
	stop(t, p)
	stop(t, plain)
}

// consoleCookieSecure checks that the console's sign-in page at base sets its cookie
// Secure, of path /, under the __Host- prefix.
func consoleCookieSecure(t *testing.T, client *http.Client, base string) {
	t.Helper()
	resp, err := client.Get(base + "/console/sign-in")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Len(t, resp.Cookies(), 1)
	cookie := resp.Cookies()[0]
	require.Equal(t, "__Host-promptops_console_signin", cookie.Name)
	require.True(t, cookie.Secure)
	require.Equal(t, "/", cookie.Path)
}

// TestTLSSettings: a certificate without its key (or the reverse) and files that do not
// load stop serve before anything starts, saying what to fix.
func TestTLSSettings(t *testing.T) {
	t.Parallel()
	certFile, keyFile, _ := selfSigned(t, t.TempDir())
	_, otherKey, _ := selfSigned(t, t.TempDir())
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"CertWithoutKey", nil, []string{"--tls-cert", certFile}, "tls cert and tls key go together"},
		{"KeyWithoutCert", map[string]string{"PROMPTOPS_TLS_KEY": keyFile}, nil, "tls cert and tls key go together"},
		{"MissingFile", nil, []string{"--tls-cert", certFile, "--tls-key", "/nonexistent/key.pem"}, "load the TLS certificate"},
		{"KeyOfAnotherCert", nil, []string{"--tls-cert", certFile, "--tls-key", otherKey}, "private key does not match public key"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// A data directory that cannot exist: serve must stop before it opens a database.
			env := map[string]string{"PROMPTOPS_DATA_DIR": "/nonexistent/promptops"}
			for k, v := range tt.env {
				env[k] = v
			}
			var out bytes.Buffer
			code := run(context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...), func(k string) string { return env[k] }, &out, &out)
			require.Equal(t, 1, code, out.String())
			require.Contains(t, out.String(), tt.want)
			require.NotContains(t, out.String(), "private PostgreSQL")
		})
	}
}
