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
	// row returns the cells of the row whose first cell is `first` in a
	// table of that many columns (a section and its stream may share a
	// name: `cases` is in the permissions table and the streams table).
	row := func(t *testing.T, columns int, first string) []string {
		t.Helper()
		prefix := "| `" + first + "` |"
		for line := range strings.Lines(readme) {
			if !strings.HasPrefix(line, prefix) {
				continue
			}
			cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
			if len(cells) != columns {
				continue
			}
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			return cells
		}
		t.Errorf("README has no table row for `%s` with %d columns", first, columns)
		return make([]string, columns)
	}
	const permissions, settings, streams = 2, 3, 5
	code := func(v any) string { return "`" + fmt.Sprint(v) + "`" }

	for _, sec := range feeds.Registry {
		t.Run(sec.Key, func(t *testing.T) {
			assert.Equal(t, sec.Feeds[0].Permission, row(t, permissions, sec.Key)[1], "permissions table")
			assert.Equal(t, code(sec.Enabled), row(t, settings, sec.Key+".enabled")[1])
			for _, f := range sec.Feeds {
				if f.Retention > 0 {
					days := strconv.Itoa(int(f.Retention.Round(24*time.Hour) / (24 * time.Hour)))
					assert.Contains(t, row(t, settings, sec.Key+".initial_lookback")[2], days+" days", "the retention clamp")
				}
			}
			if len(sec.PageSizes) > 0 {
				cells := row(t, settings, sec.Key+".page_size")
				assert.Equal(t, code(sec.PageSize), cells[1])
				for _, n := range sec.PageSizes {
					assert.Contains(t, cells[2], code(n), "the documented page sizes")
				}
			}
			filterRow := sec.Key + "." + sec.Filter.Key
			// A group's members share one row each: search.<source>, …
			member := "<" + strings.TrimSuffix(sec.Members, "s") + ">"
			if sec.Members != "" {
				cells := row(t, settings, sec.Key+"."+sec.Members)
				assert.Equal(t, code(strings.Join(sec.DefaultMembers, ", ")), cells[1])
				for _, name := range sec.MemberNames() {
					assert.Contains(t, cells[2], code(name))
				}
				filterRow = sec.Key + "." + sec.Members + "." + member + "." + sec.Filter.Key
			}
			if sec.Filter.Key != "" {
				cells := row(t, settings, filterRow)
				filterName := code(sec.Filter.Header)
				if sec.Filter.Header == "" {
					filterName = code(sec.Filter.Param) + " query parameter"
				}
				assert.Contains(t, cells[2], filterName)
				assert.Contains(t, cells[2], fmt.Sprintf("≤ %d characters", sec.Filter.MaxLen))
			}
			if p := sec.Pipeline; p != nil {
				idRow := sec.Key + ".pipeline_id"
				if sec.Members != "" {
					idRow = sec.Key + "." + sec.Members + "." + member + ".pipeline_id"
				}
				assert.Equal(t, code(`""`), row(t, settings, idRow)[1])
				assert.Equal(t, code(`""`), row(t, settings, sec.Key+".description")[1])
				if p.RiskLevels {
					assert.Equal(t, code(strings.Join(feeds.RiskLevelNames, ", ")), row(t, settings, sec.Key+".risk_levels")[1])
					assert.Equal(t, code(true), row(t, settings, sec.Key+".has_detail")[1])
				}
			}
			if sec.Updates != nil {
				assert.Equal(t, code(false), row(t, settings, sec.Key+".updates")[1])
			}

			rows := append([]feeds.Feed(nil), sec.Feeds...)
			if sec.Updates != nil {
				rows = append(rows, *sec.Updates)
			}
			for _, f := range rows {
				name := f.Stream
				if f.Name != "" {
					name = strings.TrimSuffix(f.Stream, f.Name) + member
				}
				cells := row(t, streams, name)
				if f.Ingestion {
					assert.Contains(t, cells[1], "ingest", "%s windows on ingestion time", f.Stream)
				} else {
					assert.Contains(t, cells[1], code(f.Window), "%s's window field", f.Stream)
				}
				order := map[stream.Order]string{
					stream.Ascending: "oldest first", stream.NewestFirst: "newest first", stream.Latest: "newest first, no time range",
				}[f.Order]
				if f.Packages {
					order = "by package, oldest first"
				}
				assert.Equal(t, order, cells[2], "%s's page order", f.Stream)
				assert.Equal(t, f.KeyText, cells[4], "%s's dedup key", f.Stream)
				assert.True(t, strings.Contains(readme, eventText(f)), "%s's event name %s", f.Stream, eventText(f))
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
