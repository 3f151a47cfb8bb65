package filterlang

import "strings"

// matchWildcard reports whether s matches the pattern made of segs joined by
// `*` wildcards (any run of characters). Anchored, the pattern must cover all
// of s; otherwise it may match any substring, as if wrapped in stars.
//
// Hand-written because the only metacharacter is `*`: path.Match and glob
// libraries give meaning to `?`, `[` or `{` as well, which TMV1-Query values
// take literally. Placing each segment at its leftmost match is exact for
// star-only patterns and needs no backtracking.
func matchWildcard(segs []string, s string, anchored bool) bool {
	last := segs[len(segs)-1]
	if len(segs) == 1 {
		if anchored {
			return s == last
		}
		return strings.Contains(s, last)
	}
	middle := segs[:len(segs)-1]
	if anchored {
		if !strings.HasPrefix(s, segs[0]) {
			return false
		}
		s, middle = s[len(segs[0]):], middle[1:]
	}
	for _, seg := range middle {
		i := strings.Index(s, seg)
		if i < 0 {
			return false
		}
		s = s[i+len(seg):]
	}
	if anchored {
		return strings.HasSuffix(s, last)
	}
	return strings.Contains(s, last)
}
