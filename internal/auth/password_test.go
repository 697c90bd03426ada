package auth

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHashPassword(t *testing.T) {
	t.Parallel()

	hash := HashPassword("correct horse battery staple")
	require.True(t, strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$"), hash)
	require.NotContains(t, hash, "correct horse")
	require.True(t, CheckPassword(hash, "correct horse battery staple"))
	require.False(t, CheckPassword(hash, "correct horse battery stapl"))
	require.False(t, CheckPassword(hash, ""))
	require.NotEqual(t, hash, HashPassword("correct horse battery staple"), "each hash has its own salt")
}

func TestCheckPasswordUnreadable(t *testing.T) {
	t.Parallel()

	for name, encoded := range map[string]string{
		"Empty":        "",
		"OtherScheme":  "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$dGFn",
		"NoThreads":    "$argon2id$v=19$m=19456,t=2,p=0$c2FsdHNhbHRzYWx0$dGFn",
		"BadSalt":      "$argon2id$v=19$m=19456,t=2,p=1$!!!$dGFn",
		"EmptyTag":     "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$",
		"OtherVersion": "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$dGFn",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			require.False(t, CheckPassword(encoded, "anything at all"))
		})
	}
	require.False(t, CheckNoAccount("anything at all"))
}

func TestPasswordProblem(t *testing.T) {
	t.Parallel()

	for name, tc := range map[string]struct {
		password, want string
	}{
		"Strong":         {"correct horse battery staple", ""},
		"TooShort":       {"short pass", "at least 12 characters"},
		"TwelveRunes":    {"ééééé12345ab", ""},
		"TooLong":        {strings.Repeat("abcdefgh", 33), "at most 256 bytes"},
		"FewDistinct":    {"abababababababab", "at least 5 different"},
		"TheEmail":       {"Ada@Example.com", "not be the email"},
		"EmailInPassing": {"ada@example.com!", ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := PasswordProblem(tc.password, "ada@example.com")
			if tc.want == "" {
				require.Empty(t, got)
			} else {
				require.Contains(t, got, tc.want)
			}
		})
	}
}

// BenchmarkCheckPassword is the cost of one sign-in's password check (of one that names no
// account too, which checks against a hash of the same parameters).
func BenchmarkCheckPassword(b *testing.B) {
	hash := HashPassword("correct horse battery staple")
	b.ReportAllocs()
	for b.Loop() {
		CheckPassword(hash, "correct horse battery staple")
	}
}
