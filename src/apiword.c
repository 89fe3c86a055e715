/* apiword.c: the one table from raw Azure API values (event types and
 * subtypes, levels, causes, states, sources) to words for people. */
#include "config.h"
#include "apiword.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

struct apiword {
	const char	*key;		/* lower case, letters, digits */
	const char	*text;
};

/* Event types, subtypes, levels and sources (Microsoft.ResourceHealth
 * events), incident types and stages (Service Health alerts), causes and
 * states (Resource Health). */
static const struct apiword apiword_table[] = {
	{ "serviceissue",		"service issue" },
	{ "plannedmaintenance",		"planned maintenance" },
	{ "healthadvisory",		"health advisory" },
	{ "securityadvisory",		"security advisory" },
	{ "rca",			"root cause analysis" },
	{ "emergingissues",		"emerging issue" },
	{ "billing",			"billing" },
	{ "other",			"other" },
	{ "retirement",			"retirement" },
	{ "foreignexchangeratechange",	"exchange rate change" },
	{ "underbilling",		"underbilling" },
	{ "overbilling",		"overbilling" },
	{ "pricechanges",		"price change" },
	{ "taxchanges",			"tax change" },
	{ "meteridchanges",		"meter ID change" },
	{ "unauthorizedpartyabuse",	"unauthorized party abuse" },
	{ "critical",			"critical" },
	{ "error",			"error" },
	{ "warning",			"warning" },
	{ "informational",		"informational" },
	{ "information",		"informational" },
	{ "servicehealth",		"Service Health" },
	{ "resourcehealth",		"Resource Health" },
	{ "platforminitiated",		"platform-initiated" },
	{ "userinitiated",		"user-initiated" },
	{ "actionrequired",		"action required" },
	{ "incident",			"incident" },
	{ "maintenance",		"maintenance" },
	{ "security",			"security" },
	{ "active",			"active" },
	{ "resolved",			"resolved" },
	{ "inprogress",			"in progress" },
	{ "planned",			"planned" },
	{ "unplanned",			"unplanned" },
	{ "canceled",			"cancelled" },
	{ "rescheduled",		"rescheduled" },
	{ "complete",			"complete" },
	{ "transient",			"transient" },
	{ "persistent",			"persistent" },
	{ "available",			"available" },
	{ "unavailable",		"unavailable" },
	{ "degraded",			"degraded" },
	{ "unknown",			"unknown" },
	{ "downtime",			"downtime" },
	{ "lifecycle",			"lifecycle" },
};

/* Microsoft.Support severities. */
static const struct apiword apiword_sev[] = {
	{ "minimal",			"Severity C (minimal impact)" },
	{ "moderate",			"Severity B (moderate impact)" },
	{ "critical",			"Severity A (critical impact)" },
	{ "highestcriticalimpact",
	    "Severity A (critical impact, 24x7)" },
};

/* raw folded into key; false when it does not fit or is empty. */
static int
apiword_fold(const char *raw, char *key, size_t len)
{
	size_t n = 0;

	for (; *raw != '\0'; raw++) {
		unsigned char c = (unsigned char)*raw;

		if (!isascii(c) || !isalnum(c))
			continue;
		if (n + 1 >= len)
			return 0;
		key[n++] = (char)tolower(c);
	}
	key[n] = '\0';
	return n > 0;
}

static const char *
apiword_find(const struct apiword *t, size_t n, const char *raw)
{
	char key[48];
	size_t i;

	if (raw == NULL)
		return NULL;
	if (!apiword_fold(raw, key, sizeof key))
		return raw;
	for (i = 0; i < n; i++) {
		if (strcmp(t[i].key, key) == 0)
			return t[i].text;
	}
	return raw;
}

const char *
apiword_text(const char *raw)
{
	return apiword_find(apiword_table,
	    sizeof apiword_table / sizeof apiword_table[0], raw);
}

const char *
apiword_severity(const char *raw)
{
	return apiword_find(apiword_sev, sizeof apiword_sev /
	    sizeof apiword_sev[0], raw);
}
