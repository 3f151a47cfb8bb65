package gen

import (
	"strings"
	"time"
)

// maxIndicators keeps alerts at the size of the document's examples.
const maxIndicators = 10

// buildSAE fills a with an alert of a random detection model: the model's filters
// are played out on one host, and what the telemetry shows becomes the
// alert's indicators and impact scope.
func buildSAE(d *draw, a *alert) {
	m := pick(d, saeModels)
	a.provider, a.schemaVersion = "SAE", "1.12"
	a.modelID, a.model, a.description = m.modelID, m.name, m.description
	if m.custom {
		a.modelType = "custom"
	}
	a.score = min(max(m.score+d.between(-6, 6), 1), 100)

	h := hostFor(d, behaviourByName[m.rules[0].filters[0].behaviour].family)
	hostE := hostEntity(d, h, "Alert")
	user := h.owner.account()
	if h.os.family == "linux" {
		user = h.owner.sam
	}
	acct := stringEntity("account", user, user, "Alert")
	hostE.related, acct.related = []string{user}, []string{h.guid}
	a.entities = []*entity{acct, hostE}

	rules := make([]any, len(m.rules))
	for i, r := range m.rules {
		filters := make([]any, len(r.filters))
		for j, f := range r.filters {
			act := d.play(behaviourByName[f.behaviour], h)
			matched := a.created.Add(-time.Duration(d.between(1_000, 900_000)) * time.Millisecond)
			events := make([]any, d.between(1, 2))
			for k := range events {
				events[k] = map[string]any{
					"uuid":            d.uuid(),
					"matchedDateTime": isoMillis(matched.Add(time.Duration(k) * time.Millisecond)),
					"type":            f.eventType,
				}
			}
			filters[j] = map[string]any{
				"id":                f.id,
				"name":              f.name,
				"matchedDateTime":   isoMillis(matched),
				"mitreTechniqueIds": f.techniques,
				"matchedEvents":     events,
			}
			a.addActivityIndicators(act, f.id)
		}
		rules[i] = map[string]any{"id": r.id, "name": r.name, "matchedFilters": filters}
	}
	a.matchedRules = rules

	if d.chance(0.2) { // the host itself as an indicator, valued by the host object
		a.addIndicator("host", "endpointHostName", hostObject(h, h.ips), m.rules[0].filters[0].id)
	}
	for _, in := range a.indicators {
		hostE.indicators = append(hostE.indicators, in.id)
	}
	addSAEContext(d, a, m)
}

// addActivityIndicators turns the telemetry of one matched filter into indicators.
func (a *alert) addActivityIndicators(act *activity, filterID string) {
	add := func(typ, field, value string) {
		if value != "" && len(a.indicators) < maxIndicators {
			a.addIndicator(typ, field, value, filterID)
		}
	}
	add("command_line", "processCmd", act.processCmd)
	add("command_line", "objectCmd", act.objectCmd)
	add("command_line", "parentCmd", act.parentCmd)
	if obj := act.object; obj != nil && obj.signer == "" {
		add("fullpath", "objectFilePath", obj.path)
		add("file_sha1", "objectFileHashSha1", strings.ToUpper(obj.sha1))
	}
	add("registry_key", "objectRegistryKeyHandle", act.regKey)
	add("registry_value", "objectRegistryValue", act.regValue)
	add("registry_value_data", "objectRegistryData", act.regData)
	if act.b.event == evConnection {
		add("ip", "dst", act.dst)
	}
	if act.b.event == evConnection || act.b.event == evDNS {
		add("domain", "objectHostName", act.domain)
	}
	add("text", "endpointHostName", title(strings.ToLower(act.h.name)))
}

func (a *alert) addIndicator(typ, field string, value any, filterID string) *indicator {
	in := &indicator{
		id:         len(a.indicators) + 1,
		typ:        typ,
		field:      field,
		value:      value,
		related:    a.entities[1].relatedTo(),
		filterIDs:  []string{filterID},
		provenance: []string{"Alert"},
	}
	a.indicators = append(a.indicators, in)
	return in
}

// relatedTo is how an indicator refers to its entity: a host by its GUID.
func (e *entity) relatedTo() []string {
	if obj, ok := e.value.(map[string]any); ok {
		return []string{obj["guid"].(string)}
	}
	return []string{e.value.(string)}
}

// addSAEContext adds the entities some models involve besides the host and
// its user: a phishing sender, a lateral-movement target, a container or a
// cloud identity.
func addSAEContext(d *draw, a *alert, m *saeModel) {
	switch {
	case strings.Contains(m.name, "Office") && d.chance(0.6):
		sender := pick(d, []string{"billing", "accounts", "no-reply"}) + "@" + pick(d, badDomains)
		a.entities = append(a.entities, stringEntity("emailAddress", sender, strings.ToUpper(sender), "Alert"))
	case strings.Contains(m.name, "Lateral"):
		target := hostFor(d, "windows")
		a.entities = append(a.entities, hostEntity(d, target, "Lateral Movement Enrichment"))
	case strings.Contains(m.name, "Linux") && d.chance(0.5):
		pod := d.uuid()
		name := "k8s_api_api-" + d.hex(10)[:9] + "_default_" + pod + "_0"
		a.entities = append(a.entities, stringEntity("container", name, d.hex(64), "Alert"))
	}
	if d.chance(0.05) {
		arn := "arn:aws:sts::" + pick(d, awsAccounts) + ":assumed-role/aad-admin/" + pick(d, people).sam
		a.entities = append(a.entities, stringEntity("cloudIdentity", arn, arn, "Related Asset Enrichment"))
	}
}
