package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// OIDCProvider is an OpenID Connect provider people sign in to the console with
// (PROMPTOPS_OIDC_PROVIDERS, a JSON array of these).
type OIDCProvider struct {
	// ID names the provider in the console's URLs: /console/sso/{id}, whose callback
	// /console/sso/{id}/callback is the redirect URI to register with the provider.
	ID string `json:"id"`
	// Name is shown on the button: "Sign in with <Name>".
	Name         string `json:"name"`
	Issuer       string `json:"issuer"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	// AllowedDomains are the email domains that may sign in with it; empty: any.
	AllowedDomains []string `json:"allowedDomains"`
}

// providerID is the shape of an OIDCProvider's ID.
var providerID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// parseOIDCProviders reads PROMPTOPS_OIDC_PROVIDERS: "" is none.
func parseOIDCProviders(text string) ([]OIDCProvider, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	var providers []OIDCProvider
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&providers); err != nil {
		return nil, fmt.Errorf("PROMPTOPS_OIDC_PROVIDERS must be a JSON array of {id, name, issuer, clientId, clientSecret, allowedDomains}: %w", err)
	}
	seen := map[string]bool{}
	var errs []error
	for i, p := range providers {
		if !providerID.MatchString(p.ID) || seen[p.ID] {
			errs = append(errs, fmt.Errorf("OIDC provider %d: id must be unique, lower-case letters, digits and dashes, got %q", i, p.ID))
		}
		seen[p.ID] = true
		if u, err := url.Parse(p.Issuer); err != nil || u.Scheme == "" || u.Host == "" {
			errs = append(errs, fmt.Errorf("OIDC provider %q: issuer must be an absolute URL, got %q", p.ID, p.Issuer))
		}
		if p.ClientID == "" || p.Name == "" {
			errs = append(errs, fmt.Errorf("OIDC provider %q: name and clientId are required", p.ID))
		}
	}
	return providers, errors.Join(errs...)
}
