/* restype.c: resource types to Service Health service names. The
 * Support API's service list also carries resource types, but a verdict
 * must not wait for it: this table covers the common types, and a type it
 * does not know is said to be unknown rather than guessed. */
#include "config.h"
#include "restype.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

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

const char *
restype_service(const char *type)
{
	const char *s, *slash;
	size_t len;

	if (type == NULL)
		return NULL;
	len = strlen(type);
	while (len > 0 && type[len - 1] == '/')
		len--;
	/* "ns/a/b/c": try it whole, then "ns/a/b", then "ns/a" */
	for (;;) {
		if ((s = restype_exact(type, len)) != NULL)
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
restype_service_of_id(const char *id)
{
	char type[256];

	if (!restype_of_id(id, type, sizeof type))
		return NULL;
	return restype_service(type);
}
