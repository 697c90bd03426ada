package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters of new password hashes: OWASP's first recommendation for
// argon2id (19 MiB of memory, 2 passes, 1 lane), which costs about 21 ms of one core here
// (BenchmarkCheckPassword).
// Each hash records its own parameters (the PHC string format), so raising them later
// leaves older hashes checkable.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonSaltLen   = 16
	argonKeyLen    = 32
)

// The minimum strength of a password, as sign-up and `promptops users create` check it.
const (
	// MinPasswordLen is the fewest characters a password may have.
	MinPasswordLen = 12
	// MaxPasswordLen is the most bytes a password may have: hashing is the expensive part
	// of a sign-in, and an unbounded input should not make it more so.
	MaxPasswordLen = 256
	// minDistinct is the fewest different characters a password may have.
	minDistinct = 5
)

// PasswordProblem says why password is too weak for an account of email, or "" when it is
// strong enough: at least MinPasswordLen characters, at most MaxPasswordLen bytes, at least
// minDistinct different characters, and not the email itself.
func PasswordProblem(password, email string) string {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLen:
		return fmt.Sprintf("must have at least %d characters", MinPasswordLen)
	case len(password) > MaxPasswordLen:
		return fmt.Sprintf("must have at most %d bytes", MaxPasswordLen)
	case distinct(password) < minDistinct:
		return fmt.Sprintf("must have at least %d different characters", minDistinct)
	case strings.EqualFold(password, email):
		return "must not be the email"
	}
	return ""
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// HashPassword returns the argon2id hash of password with a fresh random salt, in the PHC
// string format: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>.
func HashPassword(password string) string {
	salt := make([]byte, argonSaltLen)
	rand.Read(salt) // never returns an error (crypto/rand since Go 1.24)
	tag := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(tag))
}

// CheckPassword reports whether password is the one hashed in encoded (HashPassword's
// form), comparing the tags in constant time. A hash it cannot read matches nothing.
func CheckPassword(encoded, password string) bool {
	var memory, passes uint32
	var threads uint8
	var version int
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil || threads == 0 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	tag, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(tag) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, passes, memory, threads, uint32(len(tag)))
	return subtle.ConstantTimeCompare(got, tag) == 1
}

// unknownAccountHash is checked against when a sign-in names no account, so that it takes
// as long as one that names an account with another password: timing says nothing of
// which emails have accounts.
var unknownAccountHash = sync.OnceValue(func() string { return HashPassword("no account has this password") })

// CheckNoAccount spends the time CheckPassword would on password, and reports false.
func CheckNoAccount(password string) bool {
	CheckPassword(unknownAccountHash(), password)
	return false
}
