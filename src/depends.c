/* depends.c: the foundational services others depend on. An active
 * incident in one of them that covers a region explains failures of the
 * services built on it there; decide() asks this table which. */
#include "config.h"
#include "depends.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "regions.h"
#include "xmalloc.h"

#define DEPENDS_ALL	"*"

struct depends_rule {
	const char	*foundation;	/* the name said to people */
	const char	*names[6];	/* what incidents call it */
	const char	*dependents[14];	/* "*": every service */
};

/* Small on purpose: only dependencies Microsoft's own post-incident
 * reviews describe as cascading (the WAN, DNS, sign-in, the control
 * plane, the edge, and the storage under disks and databases). */
static const struct depends_rule depends_table[] = {
	{ "Azure Networking",
	  { "Azure Networking", "Networking", "Network Infrastructure",
	    "Virtual Network", NULL },
	  { DEPENDS_ALL, NULL } },
	{ "Azure DNS",
	  { "Azure DNS", NULL },
	  { DEPENDS_ALL, NULL } },
	{ "Microsoft Entra ID",
	  { "Microsoft Entra ID", NULL },
	  { DEPENDS_ALL, NULL } },
	{ "Managed Identities for Azure resources",
	  { "Managed Identities for Azure resources", NULL },
	  { DEPENDS_ALL, NULL } },
	{ "Azure Resource Manager",
	  { "Azure Resource Manager", NULL },
	  { DEPENDS_ALL, NULL } },
	{ "Azure Front Door",
	  { "Azure Front Door", "Azure CDN", NULL },
	  { "App Service", "Azure Functions", "Azure Static Web Apps",
	    "API Management", "Azure Container Apps", "Azure Spring Apps",
	    NULL } },
	{ "Storage",
	  { "Storage", NULL },
	  { "Virtual Machines", "Virtual Machine Scale Sets",
	    "Azure Kubernetes Service (AKS)", "App Service",
	    "Azure Functions", "Azure SQL Database",
	    "Azure Database for PostgreSQL", "Azure Database for MySQL",
	    "Service Bus", "Event Hubs", "Backup", "Azure Databricks",
	    "Azure Virtual Desktop", NULL } },
};
#define NRULES	(sizeof depends_table / sizeof depends_table[0])

/* Known names through the alias table; umbrella names it does not know
 * ("Azure Networking") by their folded spelling. */
static bool
depends_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	return services_equal(a, b) || strcasecmp(a, b) == 0;
}

static bool
depends_names(const struct depends_rule *r, const char *service)
{
	size_t i;

	for (i = 0; r->names[i] != NULL; i++) {
		if (depends_same(r->names[i], service))
			return true;
	}
	return false;
}

static bool
depends_has(const struct depends_rule *r, const char *service)
{
	size_t i;

	for (i = 0; r->dependents[i] != NULL; i++) {
		if (strcmp(r->dependents[i], DEPENDS_ALL) == 0 ||
		    depends_same(r->dependents[i], service))
			return true;
	}
	return false;
}

const char *
depends_on(const char *service, const char *incident_service,
    const struct strv *extra)
{
	size_t i, n;

	if (service == NULL || *service == '\0' || incident_service == NULL ||
	    *incident_service == '\0' || depends_same(service, incident_service))
		return NULL;	/* its own incident, not a dependency */
	for (i = 0; i < NRULES; i++) {
		const struct depends_rule *r = &depends_table[i];

		if (!depends_names(r, incident_service))
			continue;
		/* "Virtual Network" under an "Azure Networking" incident: part
		 * of the umbrella the incident names */
		if (depends_names(r, service) || depends_has(r, service))
			return r->foundation;
	}
	for (i = 0; extra != NULL && i < extra->n; i++) {
		const char *pair = extra->v[i], *eq = strchr(pair, '=');
		char *dep;
		bool hit;

		if (eq == NULL)
			continue;
		n = (size_t)(eq - pair);
		dep = xstrndup(pair, n);
		hit = depends_same(dep, service) &&
		    depends_same(eq + 1, incident_service);
		free(dep);
		if (hit) {
			const char *c = services_canonical(eq + 1);

			return c != NULL ? c : eq + 1;
		}
	}
	return NULL;
}

bool
depends_is_area(const char *name)
{
	static const char *const areas[] = {
		"Network Infrastructure", "Networking", "Azure Networking"
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof areas / sizeof areas[0]; i++) {
		if (strcasecmp(name, areas[i]) == 0)
			return true;
	}
	return false;
}

static char *
depends_trim(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

int
depends_parse(struct strv *out, const char *service, const char *foundations,
    char *err, size_t errlen)
{
	const char *p = foundations, *e;
	char *svc, *f, *pair;
	size_t added = 0;

	svc = depends_trim(service, strlen(service));
	if (*svc == '\0' || strchr(svc, '=') != NULL) {
		snprintf(err, errlen, "[depends] needs 'Service = Foundation, "
		    "...'");
		free(svc);
		return -1;
	}
	while (p != NULL && *p != '\0') {
		e = strchr(p, ',');
		f = depends_trim(p, e != NULL ? (size_t)(e - p) : strlen(p));
		if (*f != '\0') {
			pair = xasprintf("%s=%s", svc, f);
			strv_add(out, pair);
			free(pair);
			added++;
		}
		free(f);
		p = e != NULL ? e + 1 : NULL;
	}
	free(svc);
	if (added == 0) {
		snprintf(err, errlen, "[depends] %s: name the services it "
		    "depends on", service);
		return -1;
	}
	return 0;
}
