package config

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPeopleSettings: user sign-up is by invitation unless the operator says otherwise,
// and failed sign-ins are bounded per address and per account.
func TestPeopleSettings(t *testing.T) {
	t.Parallel()
	c, err := parse(t, nil)
	require.NoError(t, err)
	require.Equal(t, UserSignupInvite, c.UserSignup)
	require.Equal(t, []int{30, 10}, []int{c.SignInAddrLimit, c.SignInAccountLimit})

	c, err = parse(t, map[string]string{"PROMPTOPS_USER_SIGNUP": "open", "PROMPTOPS_SIGNIN_ADDR_LIMIT": "5"}, "--signin-account-limit", "3")
	require.NoError(t, err)
	require.Equal(t, UserSignupOpen, c.UserSignup)
	require.Equal(t, []int{5, 3}, []int{c.SignInAddrLimit, c.SignInAccountLimit})

	_, err = parse(t, map[string]string{"PROMPTOPS_USER_SIGNUP": "sometimes"}, "--signin-addr-limit", "0")
	require.ErrorContains(t, err, `user signup must be open, invite or closed, got "sometimes"`)
	require.ErrorContains(t, err, "sign-in limits must be at least 1")
}

// TestOIDCProviders: providers come from one JSON setting, checked, and close sign-up
// unless the operator opens it.
func TestOIDCProviders(t *testing.T) {
	t.Parallel()
	providers := `[{"id":"corp","name":"Corp","issuer":"https://id.example.com","clientId":"c","clientSecret":"s","allowedDomains":["example.com"]}]`
	c, err := parse(t, map[string]string{"PROMPTOPS_OIDC_PROVIDERS": providers})
	require.NoError(t, err)
	require.Equal(t, []OIDCProvider{{ID: "corp", Name: "Corp", Issuer: "https://id.example.com", ClientID: "c", ClientSecret: "s", AllowedDomains: []string{"example.com"}}}, c.OIDCProviders)
	require.Equal(t, UserSignupClosed, c.UserSignup)

	c, err = parse(t, map[string]string{"PROMPTOPS_OIDC_PROVIDERS": providers, "PROMPTOPS_USER_SIGNUP": "open"})
	require.NoError(t, err)
	require.Equal(t, UserSignupOpen, c.UserSignup)

	_, err = parse(t, map[string]string{"PROMPTOPS_OIDC_PROVIDERS": `[{"id":"Bad Id","issuer":"nowhere"}]`})
	require.ErrorContains(t, err, `id must be unique, lower-case letters, digits and dashes, got "Bad Id"`)
	require.ErrorContains(t, err, `issuer must be an absolute URL, got "nowhere"`)
	_, err = parse(t, map[string]string{"PROMPTOPS_OIDC_PROVIDERS": `{"id":"x"}`})
	require.ErrorContains(t, err, "PROMPTOPS_OIDC_PROVIDERS must be a JSON array")
}
