package gen

import "testing"

// Indicators recur on the accounts at risk, each account with one name, and
// show every documented data source and risk level.
func TestAccountCompromiseIndicators(t *testing.T) {
	perAccount, accountOf := map[string]int{}, map[string]string{}
	sources, levels, keys := counter{}, counter{}, map[string]bool{}
	records := testRecords(AccountCompromise, 2000)
	for _, r := range records {
		m := Item(r, r.Time)
		id, account := m["id"].(string), m["account"].(string)
		if prev, ok := accountOf[id]; ok && prev != account {
			t.Fatalf("account id %s named %s and %s", id, prev, account)
		}
		accountOf[id] = account
		perAccount[id]++
		sources[m["dataSourceOrProcessor"].(string)]++
		levels[m["riskEvent"].(map[string]any)["riskLevel"].(string)]++
		keys[Key(r)] = true
	}
	sources.requireSeen(t, dataSources...)
	levels.requireSeen(t, "low", "medium", "high")
	if len(perAccount) > atRiskAccounts || len(perAccount) < atRiskAccounts/2 {
		t.Errorf("%d accounts have indicators, want a few dozen", len(perAccount))
	}
	most := 0
	for _, n := range perAccount {
		most = max(most, n)
	}
	if most < 3*len(records)/atRiskAccounts { // uniform draws would give each about 1/atRiskAccounts
		t.Errorf("the most exposed account has %d indicators of %d: no skew", most, len(records))
	}
	// The key tells indicators of one account apart.
	if len(keys) != len(records) {
		t.Errorf("%d keys for %d indicators", len(keys), len(records))
	}
}
