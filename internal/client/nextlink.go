package client

import (
	"net/url"
	"strings"
)

// resolveNextLink parses a nextLink and returns it only if it points at the
// endpoint's scheme, host and port. Any path is accepted: the OpenAPI
// document's own example links have typo'd paths (§1.5). Links carrying userinfo are refused
// as well: nothing but the endpoint's host should ever see a request.
func resolveNextLink(endpoint *url.URL, link string) (*url.URL, error) {
	// The server may emit unencoded spaces (orderBy=... asc); Elastic's
	// integration replaces them with %20 before following the link (§1.5).
	u, err := url.Parse(strings.ReplaceAll(link, " ", "%20"))
	if err != nil || u.User != nil || !sameOrigin(endpoint, u) {
		return nil, ErrForeignNextLink
	}
	return u, nil
}

// sameOrigin compares scheme, host (case-insensitively) and port, with a
// missing port read as the scheme's default.
func sameOrigin(a, b *url.URL) bool {
	return a.Hostname() != "" &&
		strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if port := u.Port(); port != "" {
		return port
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}
