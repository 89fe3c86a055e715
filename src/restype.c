/* restype.c: resource types to Service Health service names: the Support
 * API's service list (which carries resource types) where it names a
 * service as Service Health does, this built-in table for the common
 * types (the list's names are the Support form's, often not Service
 * Health's), then the list's name where one service alone carries the
 * type. A type none of them knows is said to be unknown, not guessed. */
#include "config.h"
#include "restype.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "regions.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Lower-case types; a nested type is listed where it differs from its
 * parent (a SQL database is not a SQL server's whole service). */
static const struct restype_entry restype_table[] = {
	{ "microsoft.compute/virtualmachines", "Virtual Machines" },
	{ "microsoft.compute/virtualmachinescalesets", "Virtual Machine Scale Sets" },
	{ "microsoft.compute/disks", "Virtual Machines" },
	{ "microsoft.compute/availabilitysets", "Virtual Machines" },
	{ "microsoft.classiccompute/domainnames", "Azure Cloud Services" },
	{ "microsoft.cache/redis", "Azure Cache for Redis" },
	{ "microsoft.cache/redisenterprise", "Azure Cache for Redis" },
	{ "microsoft.storage/storageaccounts", "Storage" },
	{ "microsoft.classicstorage/storageaccounts", "Storage" },
	{ "microsoft.netapp/netappaccounts", "Azure NetApp Files" },
	{ "microsoft.sql/servers", "Azure SQL Database" },
	{ "microsoft.sql/servers/databases", "Azure SQL Database" },
	{ "microsoft.sql/servers/elasticpools", "Azure SQL Database" },
	{ "microsoft.sql/managedinstances", "Azure SQL Managed Instance" },
	{ "microsoft.dbforpostgresql/servers", "Azure Database for PostgreSQL" },
	{ "microsoft.dbforpostgresql/flexibleservers", "Azure Database for PostgreSQL" },
	{ "microsoft.dbformysql/servers", "Azure Database for MySQL" },
	{ "microsoft.dbformysql/flexibleservers", "Azure Database for MySQL" },
	{ "microsoft.documentdb/databaseaccounts", "Azure Cosmos DB" },
	{ "microsoft.web/sites", "App Service" },
	{ "microsoft.web/serverfarms", "App Service" },
	{ "microsoft.web/staticsites", "Azure Static Web Apps" },
	{ "microsoft.containerservice/managedclusters", "Azure Kubernetes Service (AKS)" },
	{ "microsoft.containerregistry/registries", "Container Registry" },
	{ "microsoft.app/containerapps", "Azure Container Apps" },
	{ "microsoft.app/managedenvironments", "Azure Container Apps" },
	{ "microsoft.containerinstance/containergroups", "Azure Container Instances" },
	{ "microsoft.keyvault/vaults", "Key Vault" },
	{ "microsoft.keyvault/managedhsms", "Key Vault" },
	{ "microsoft.eventhub/namespaces", "Event Hubs" },
	{ "microsoft.servicebus/namespaces", "Service Bus" },
	{ "microsoft.eventgrid/topics", "Event Grid" },
	{ "microsoft.eventgrid/domains", "Event Grid" },
	{ "microsoft.eventgrid/systemtopics", "Event Grid" },
	{ "microsoft.relay/namespaces", "Azure Relay" },
	{ "microsoft.notificationhubs/namespaces", "Notification Hubs" },
	{ "microsoft.devices/iothubs", "IoT Hub" },
	{ "microsoft.signalrservice/signalr", "Azure SignalR Service" },
	{ "microsoft.network/virtualnetworks", "Virtual Network" },
	{ "microsoft.network/networkinterfaces", "Virtual Network" },
	{ "microsoft.network/publicipaddresses", "Virtual Network" },
	{ "microsoft.network/networksecuritygroups", "Virtual Network" },
	{ "microsoft.network/natgateways", "Virtual Network" },
	{ "microsoft.network/loadbalancers", "Load Balancer" },
	{ "microsoft.network/applicationgateways", "Application Gateway" },
	{ "microsoft.network/dnszones", "Azure DNS" },
	{ "microsoft.network/privatednszones", "Azure DNS" },
	{ "microsoft.network/trafficmanagerprofiles", "Traffic Manager" },
	{ "microsoft.network/frontdoors", "Azure Front Door" },
	/* Front Door Standard and Premium are Microsoft.Cdn profiles */
	{ "microsoft.cdn/profiles", "Azure Front Door" },
	{ "microsoft.network/azurefirewalls", "Azure Firewall" },
	{ "microsoft.network/expressroutecircuits", "ExpressRoute" },
	{ "microsoft.network/expressroutegateways", "ExpressRoute" },
	{ "microsoft.network/virtualnetworkgateways", "VPN Gateway" },
	{ "microsoft.network/vpngateways", "VPN Gateway" },
	{ "microsoft.network/bastionhosts", "Azure Bastion" },
	{ "microsoft.network/privateendpoints", "Azure Private Link" },
	{ "microsoft.network/privatelinkservices", "Azure Private Link" },
	{ "microsoft.network/networkwatchers", "Network Watcher" },
	{ "microsoft.network/virtualwans", "Virtual WAN" },
	{ "microsoft.network/virtualhubs", "Virtual WAN" },
	{ "microsoft.network/ddosprotectionplans", "Azure DDoS Protection" },
	{ "microsoft.apimanagement/service", "API Management" },
	{ "microsoft.logic/workflows", "Logic Apps" },
	{ "microsoft.insights/components", "Application Insights" },
	{ "microsoft.operationalinsights/workspaces", "Log Analytics" },
	{ "microsoft.cognitiveservices/accounts", "Azure AI services" },
	{ "microsoft.machinelearningservices/workspaces", "Azure Machine Learning" },
	{ "microsoft.search/searchservices", "Azure AI Search" },
	{ "microsoft.synapse/workspaces", "Azure Synapse Analytics" },
	{ "microsoft.datafactory/factories", "Azure Data Factory" },
	{ "microsoft.databricks/workspaces", "Azure Databricks" },
	{ "microsoft.kusto/clusters", "Azure Data Explorer" },
	{ "microsoft.hdinsight/clusters", "HDInsight" },
	{ "microsoft.streamanalytics/streamingjobs", "Stream Analytics" },
	{ "microsoft.batch/batchaccounts", "Azure Batch" },
	{ "microsoft.recoveryservices/vaults", "Backup" },
	{ "microsoft.automation/automationaccounts", "Automation" },
	{ "microsoft.maps/accounts", "Azure Maps" },
	{ "microsoft.dashboard/grafana", "Azure Managed Grafana" },
	{ "microsoft.communication/communicationservices", "Azure Communication Services" },
	{ "microsoft.appplatform/spring", "Azure Spring Apps" },
	{ "microsoft.desktopvirtualization/hostpools", "Azure Virtual Desktop" },
	{ "microsoft.servicefabric/clusters", "Azure Service Fabric" },
	{ "microsoft.redhatopenshift/openshiftclusters", "Azure Red Hat OpenShift" },
	{ "microsoft.digitaltwins/digitaltwinsinstances", "Azure Digital Twins" },
	{ "microsoft.managedidentity/userassignedidentities",
	    "Managed Identities for Azure resources" },
};
#define RESTYPE_N (sizeof restype_table / sizeof restype_table[0])

const struct restype_entry *
restype_all(size_t *n)
{
	*n = RESTYPE_N;
	return restype_table;
}

static const char *
restype_exact(const char *type, size_t len)
{
	size_t i;

	for (i = 0; i < RESTYPE_N; i++) {
		if (strlen(restype_table[i].type) == len &&
		    strncasecmp(restype_table[i].type, type, len) == 0)
			return restype_table[i].service;
	}
	return NULL;
}

/* "ns/a/b/c": try it whole, then "ns/a/b", then "ns/a", with look. */
static const char *
restype_walk(const char *type, const char *(*look)(const void *,
    const char *, size_t), const void *arg)
{
	const char *s, *slash;
	size_t len;

	if (type == NULL)
		return NULL;
	len = strlen(type);
	while (len > 0 && type[len - 1] == '/')
		len--;
	for (;;) {
		if ((s = look(arg, type, len)) != NULL)
			return s;
		slash = NULL;
		for (s = type + len; s > type; s--) {
			if (s[-1] == '/') {
				slash = s - 1;
				break;
			}
		}
		if (slash == NULL || memchr(type, '/', (size_t)(slash - type)) ==
		    NULL)
			return NULL;	/* "ns" alone is no type */
		len = (size_t)(slash - type);
	}
}

static const char *
restype_table_look(const void *arg, const char *type, size_t len)
{
	(void)arg;
	return restype_exact(type, len);
}

const char *
restype_service(const char *type)
{
	return restype_walk(type, restype_table_look, NULL);
}

/* the Support API's service list ----------------------------------------- */

struct restype_map_entry {
	char		*type;		/* as Support lists it */
	char		*display;	/* the Support service's name */
	const char	*canonical;	/* display as Service Health names it */
};

struct restype_map {
	struct restype_map_entry *v;
	size_t			  n;
};

struct restype_map *
restype_map_new(void)
{
	return xcalloc(1, sizeof (struct restype_map));
}

void
restype_map_free(struct restype_map *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->v[i].type);
		free(m->v[i].display);
	}
	free(m->v);
	free(m);
}

/* A name fit to stand for a service: short, no control characters. */
static bool
restype_name_ok(const char *s, size_t max)
{
	return s != NULL && *s != '\0' && strlen(s) <= max &&
	    sanitize_is_plain(s);
}

void
restype_map_add(struct restype_map *m, const char *type, const char *display)
{
	struct restype_map_entry *e;

	if (m == NULL || m->n >= RESTYPE_MAP_MAX ||
	    !restype_name_ok(type, 200) || strchr(type, '/') == NULL ||
	    !restype_name_ok(display, RESTYPE_NAME_MAX))
		return;
	m->v = xreallocarray(m->v, m->n + 1, sizeof *m->v);
	e = &m->v[m->n++];
	e->type = xstrdup(type);
	e->display = xstrdup(display);
	e->canonical = services_canonical(display);
}

size_t
restype_map_count(const struct restype_map *m)
{
	return m != NULL ? m->n : 0;
}

struct restype_look {
	const struct restype_map *m;
	bool		 canonical;	/* only names Service Health uses */
};

static const char *
restype_map_look(const void *arg, const char *type, size_t len)
{
	const struct restype_look *lk = arg;
	const struct restype_map *m = lk->m;
	const char *only = NULL;
	size_t i, named = 0;

	for (i = 0; i < m->n; i++) {
		if (strlen(m->v[i].type) != len ||
		    strncasecmp(m->v[i].type, type, len) != 0)
			continue;
		if (lk->canonical) {
			if (m->v[i].canonical != NULL)
				return m->v[i].canonical;
			continue;
		}
		if (only == NULL || strcasecmp(only, m->v[i].display) != 0)
			named++;
		only = m->v[i].display;
	}
	/* several Support services for one type ("Virtual Machine running
	 * Windows", "... Linux") and none of them a Service Health name:
	 * no guess */
	return named == 1 ? only : NULL;
}

const char *
restype_map_service(const struct restype_map *m, const char *type)
{
	struct restype_look lk = { m, true };
	const char *s;

	if (m == NULL || m->n == 0)
		return restype_service(type);
	if ((s = restype_walk(type, restype_map_look, &lk)) != NULL)
		return s;
	if ((s = restype_service(type)) != NULL)
		return s;
	lk.canonical = false;
	return restype_walk(type, restype_map_look, &lk);
}

/* The segments of an id, one at a time: *seg and *len, false at the end. */
static bool
restype_next(const char **p, const char **seg, size_t *len)
{
	const char *s = *p, *e;

	while (*s == '/')
		s++;
	if (*s == '\0')
		return false;
	e = strchr(s, '/');
	if (e == NULL)
		e = s + strlen(s);
	*seg = s;
	*len = (size_t)(e - s);
	*p = e;
	return true;
}

bool
restype_of_id(const char *id, char *buf, size_t len)
{
	const char *p = id, *seg, *last = NULL, *ns = NULL;
	size_t n, nsl = 0, k;
	char out[256];
	size_t o = 0;
	int i = 0;

	if (len > 0)
		buf[0] = '\0';
	if (id == NULL)
		return false;
	/* the last "providers" segment starts the type: an extension
	 * resource (…/providers/Microsoft.Insights/…) names its own */
	while (restype_next(&p, &seg, &n)) {
		if (n == 9 && strncasecmp(seg, "providers", 9) == 0)
			last = p;
	}
	if (last == NULL)
		return false;
	p = last;
	if (!restype_next(&p, &ns, &nsl))
		return false;
	if (nsl >= sizeof out)
		return false;
	memcpy(out, ns, nsl);
	o = nsl;
	/* then type/name pairs: keep the types */
	for (k = 0; restype_next(&p, &seg, &n); k++) {
		if (k % 2 == 0) {
			if (o + 1 + n >= sizeof out)
				return false;
			out[o++] = '/';
			memcpy(out + o, seg, n);
			o += n;
			i++;
		}
	}
	if (i == 0)
		return false;
	out[o] = '\0';
	snprintf(buf, len, "%s", out);
	return true;
}

bool
restype_id_part(const char *id, const char *key, char *buf, size_t len)
{
	const char *p = id, *seg;
	size_t n, kl;

	if (len > 0)
		buf[0] = '\0';
	if (id == NULL || key == NULL)
		return false;
	kl = strlen(key);
	while (restype_next(&p, &seg, &n)) {
		if (n == kl && strncasecmp(seg, key, kl) == 0) {
			if (!restype_next(&p, &seg, &n))
				return false;
			snprintf(buf, len, "%.*s", (int)n, seg);
			return true;
		}
	}
	return false;
}

const char *
restype_map_service_of_id(const struct restype_map *m, const char *id)
{
	char type[256];

	if (!restype_of_id(id, type, sizeof type))
		return NULL;
	return restype_map_service(m, type);
}

const char *
restype_service_of_id(const char *id)
{
	return restype_map_service_of_id(NULL, id);
}
