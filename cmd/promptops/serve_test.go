package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDebugListenAddr: a port alone keeps the debug listener on loopback; a host given is
// honoured, whatever it is.
func TestDebugListenAddr(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		":9090":          "127.0.0.1:9090",
		":0":             "127.0.0.1:0",
		"0.0.0.0:9090":   "0.0.0.0:9090",
		"[::]:9090":      "[::]:9090",
		"10.0.0.5:9090":  "10.0.0.5:9090",
		"localhost:9090": "localhost:9090",
		"not an address": "not an address", // net.Listen says what is wrong with it
	} {
		require.Equal(t, want, debugListenAddr(addr), addr)
	}
}
