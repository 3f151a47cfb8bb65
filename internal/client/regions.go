package client

import (
	"slices"
	"strings"
)

// regionEndpoints are the API hosts per region (docs/visionone-api.md §1.1). Japan
// is the one region whose host does not follow api.<region>.xdr.trendmicro.com.
var regionEndpoints = map[string]string{
	"us":    "https://api.xdr.trendmicro.com",
	"eu":    "https://api.eu.xdr.trendmicro.com",
	"jp":    "https://api.xdr.trendmicro.co.jp",
	"sg":    "https://api.sg.xdr.trendmicro.com",
	"au":    "https://api.au.xdr.trendmicro.com",
	"in":    "https://api.in.xdr.trendmicro.com",
	"mea":   "https://api.mea.xdr.trendmicro.com",
	"uk":    "https://api.uk.xdr.trendmicro.com",
	"usgov": "https://api.usgov.xdr.trendmicro.com",
	"ca":    "https://api.ca.xdr.trendmicro.com",
	"za":    "https://api.za.xdr.trendmicro.com",
}

// RegionEndpoint returns the base URL of a region's API, matching the region
// name case-insensitively. An API key works only in its own region (§1.1).
func RegionEndpoint(region string) (string, bool) {
	endpoint, ok := regionEndpoints[strings.ToLower(region)]
	return endpoint, ok
}

// Regions returns the known region names, sorted.
func Regions() []string {
	names := make([]string, 0, len(regionEndpoints))
	for name := range regionEndpoints {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
