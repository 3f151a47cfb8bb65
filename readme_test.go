package trendmicrovisiononereceiver

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
)

// TestREADMEAgreesWithRegistry: the README's per-feed tables (permissions,
// configuration, streams) and its event names say what the feed registry
// declares. A feed added to the registry fails here until the README says
// how to use it.
func TestREADMEAgreesWithRegistry(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	require.NoError(t, err)
	readme := string(raw)
	// row returns the cells of the table row whose first cell is `first`.
	row := func(t *testing.T, first string) []string {
		t.Helper()
		prefix := "| `" + first + "` |"
		for line := range strings.Lines(readme) {
			if strings.HasPrefix(line, prefix) {
				cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
				for i := range cells {
					cells[i] = strings.TrimSpace(cells[i])
				}
				return cells
			}
		}
		t.Errorf("README has no table row for `%s`", first)
		return make([]string, 5)
	}
	code := func(v any) string { return "`" + fmt.Sprint(v) + "`" }

	for _, sec := range feeds.Registry {
		t.Run(sec.Key, func(t *testing.T) {
			assert.Equal(t, sec.Feeds[0].Permission, row(t, sec.Key)[1], "permissions table")
			assert.Equal(t, code(sec.Enabled), row(t, sec.Key+".enabled")[1])
			for _, f := range sec.Feeds {
				if f.Retention > 0 {
					days := strconv.Itoa(int(f.Retention.Round(24*time.Hour) / (24 * time.Hour)))
					assert.Contains(t, row(t, sec.Key+".initial_lookback")[2], days+" days", "the retention clamp")
				}
			}
			if len(sec.PageSizes) > 0 {
				cells := row(t, sec.Key+".page_size")
				assert.Equal(t, code(sec.PageSize), cells[1])
				for _, n := range sec.PageSizes {
					assert.Contains(t, cells[2], code(n), "the documented page sizes")
				}
			}
			filterRow := sec.Key + "." + sec.Filter.Key
			if sec.Members != "" {
				cells := row(t, sec.Key+"."+sec.Members)
				assert.Equal(t, code(strings.Join(sec.DefaultMembers, ", ")), cells[1])
				for _, name := range sec.MemberNames() {
					assert.Contains(t, cells[2], code(name))
				}
				filterRow = sec.Key + "." + sec.Members + ".<source>." + sec.Filter.Key
			}
			cells := row(t, filterRow)
			assert.Contains(t, cells[2], code(sec.Filter.Header))
			assert.Contains(t, cells[2], fmt.Sprintf("≤ %d characters", sec.Filter.MaxLen))
			if sec.Updates != nil {
				assert.Equal(t, code(false), row(t, sec.Key+".updates")[1])
			}

			rows := append([]feeds.Feed(nil), sec.Feeds...)
			if sec.Members != "" {
				// One row for the alike members: search.<source>.
				rows = rows[:1]
				rows[0].Stream = strings.TrimSuffix(rows[0].Stream, rows[0].Name) + "<source>"
			}
			if sec.Updates != nil {
				rows = append(rows, *sec.Updates)
			}
			for _, f := range rows {
				cells := row(t, f.Stream)
				if f.Ingestion {
					assert.Contains(t, cells[1], "ingest", "%s windows on ingestion time", f.Stream)
				} else {
					assert.Contains(t, cells[1], code(f.Window), "%s's window field", f.Stream)
				}
				order := map[stream.Order]string{stream.Ascending: "oldest first", stream.NewestFirst: "newest first"}[f.Order]
				assert.Equal(t, order, cells[2], "%s's page order", f.Stream)
				assert.Equal(t, f.KeyText, cells[4], "%s's dedup key", f.Stream)
				assert.Contains(t, readme, eventText(f), "%s's event name", f.Stream)
			}
		})
	}
}

// eventText is how the README's records section writes f's event name:
// whole, or for a group member the part after the group's prefix.
func eventText(f feeds.Feed) string {
	if f.Name == "" {
		return "`" + f.Event + "`"
	}
	return feeds.SingularSnake(f.Name)
}
