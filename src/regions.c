/* regions.c: tables of Azure public regions and Service Health service
 * names, and forgiving lookups over them: any case, any spacing, hyphens
 * or underscores, aliases, and finding names inside free text. */
#include "config.h"
#include "regions.h"

#include <ctype.h>
#include <pthread.h>
#include <string.h>

/* Status-page slugs follow the page's "<geo>-<direction>[-n]" scheme
 * ("us-east-2", "europe-west"); where the page's id is not known the slug
 * is our best inference, which only ever widens what lookups accept. */
static const struct region_info regions_table[] = {
	{ "eastus", "East US", "us-east" },
	{ "eastus2", "East US 2", "us-east-2" },
	{ "westus", "West US", "us-west" },
	{ "westus2", "West US 2", "us-west-2" },
	{ "westus3", "West US 3", "us-west-3" },
	{ "centralus", "Central US", "us-central" },
	{ "northcentralus", "North Central US", "us-north-central" },
	{ "southcentralus", "South Central US", "us-south-central" },
	{ "westcentralus", "West Central US", "us-west-central" },
	{ "centraluseuap", "Central US EUAP", NULL },
	{ "eastus2euap", "East US 2 EUAP", NULL },
	{ "canadacentral", "Canada Central", "canada-central" },
	{ "canadaeast", "Canada East", "canada-east" },
	{ "brazilsouth", "Brazil South", "brazil-south" },
	{ "brazilsoutheast", "Brazil Southeast", "brazil-southeast" },
	{ "mexicocentral", "Mexico Central", "mexico-central" },
	{ "chilecentral", "Chile Central", "chile-central" },
	{ "northeurope", "North Europe", "europe-north" },
	{ "westeurope", "West Europe", "europe-west" },
	{ "uksouth", "UK South", "united-kingdom-south" },
	{ "ukwest", "UK West", "united-kingdom-west" },
	{ "francecentral", "France Central", "france-central" },
	{ "francesouth", "France South", "france-south" },
	{ "germanywestcentral", "Germany West Central", "germany-west-central" },
	{ "germanynorth", "Germany North", "germany-north" },
	{ "switzerlandnorth", "Switzerland North", "switzerland-north" },
	{ "switzerlandwest", "Switzerland West", "switzerland-west" },
	{ "norwayeast", "Norway East", "norway-east" },
	{ "norwaywest", "Norway West", "norway-west" },
	{ "swedencentral", "Sweden Central", "sweden-central" },
	{ "swedensouth", "Sweden South", "sweden-south" },
	{ "polandcentral", "Poland Central", "poland-central" },
	{ "italynorth", "Italy North", "italy-north" },
	{ "spaincentral", "Spain Central", "spain-central" },
	{ "eastasia", "East Asia", "asia-east" },
	{ "southeastasia", "Southeast Asia", "asia-southeast" },
	{ "japaneast", "Japan East", "japan-east" },
	{ "japanwest", "Japan West", "japan-west" },
	{ "koreacentral", "Korea Central", "korea-central" },
	{ "koreasouth", "Korea South", "korea-south" },
	{ "australiaeast", "Australia East", "australia-east" },
	{ "australiasoutheast", "Australia Southeast", "australia-southeast" },
	{ "australiacentral", "Australia Central", "australia-central" },
	{ "australiacentral2", "Australia Central 2", "australia-central-2" },
	{ "centralindia", "Central India", "india-central" },
	{ "southindia", "South India", "india-south" },
	{ "westindia", "West India", "india-west" },
	{ "jioindiacentral", "Jio India Central", "jio-india-central" },
	{ "jioindiawest", "Jio India West", "jio-india-west" },
	{ "uaenorth", "UAE North", "uae-north" },
	{ "uaecentral", "UAE Central", "uae-central" },
	{ "southafricanorth", "South Africa North", "south-africa-north" },
	{ "southafricawest", "South Africa West", "south-africa-west" },
	{ "qatarcentral", "Qatar Central", "qatar-central" },
	{ "israelcentral", "Israel Central", "israel-central" },
	{ "newzealandnorth", "New Zealand North", "new-zealand-north" },
	{ "indonesiacentral", "Indonesia Central", "indonesia-central" },
	{ "malaysiawest", "Malaysia West", "malaysia-west" },
};
#define NREGIONS (sizeof regions_table / sizeof regions_table[0])

/* Canonical names as Service Health writes them. */
static const char *const services_table[] = {
	"Virtual Machines",
	"Virtual Machine Scale Sets",
	"Azure Cache for Redis",
	"Storage",
	"Azure Front Door",
	"Azure CDN",
	"App Service",
	"Azure SQL Database",
	"Azure SQL Managed Instance",
	"Azure Kubernetes Service (AKS)",
	"Azure Cosmos DB",
	"Azure Functions",
	"Key Vault",
	"Azure Monitor",
	"Application Insights",
	"Log Analytics",
	"Microsoft Entra ID",
	"Virtual Network",
	"Load Balancer",
	"Application Gateway",
	"Azure DNS",
	"Traffic Manager",
	"Event Hubs",
	"Event Grid",
	"Service Bus",
	"Azure Database for PostgreSQL",
	"Azure Database for MySQL",
	"Container Registry",
	"Azure Container Apps",
	"Azure Container Instances",
	"Azure Resource Manager",
	"Azure Portal",
	"Service Health",
	"Backup",
	"Site Recovery",
	"Azure DevOps",
	"Logic Apps",
	"API Management",
	"Azure OpenAI Service",
	"Azure AI services",
	"Azure Machine Learning",
	"Azure AI Search",
	"Azure Firewall",
	"ExpressRoute",
	"VPN Gateway",
	"Azure Bastion",
	"Azure Private Link",
	"Network Watcher",
	"Virtual WAN",
	"Azure Synapse Analytics",
	"Azure Data Factory",
	"Azure Databricks",
	"Azure Data Explorer",
	"HDInsight",
	"Stream Analytics",
	"Azure Batch",
	"Azure NetApp Files",
	"IoT Hub",
	"Notification Hubs",
	"Azure SignalR Service",
	"Azure Communication Services",
	"Azure Static Web Apps",
	"Azure Spring Apps",
	"Azure Virtual Desktop",
	"Microsoft Defender for Cloud",
	"Microsoft Sentinel",
	"Azure Policy",
	"Automation",
	"Managed Identities for Azure resources",
	"Azure Maps",
	"Azure Managed Grafana",
	"Azure Arc",
	"Cloud Shell",
	"Microsoft Purview",
};
#define NSERVICES (sizeof services_table / sizeof services_table[0])

#define A_CASE		0x1	/* an acronym: in free text, match its exact case */
#define A_NOFIND	0x2	/* a common word: lookups only, never in free text */

struct service_alias {
	const char	*alias;
	const char	*canonical;
	int		 flags;
};

static const struct service_alias services_aliases[] = {
	{ "VM", "Virtual Machines", A_CASE },
	{ "VMs", "Virtual Machines", A_CASE },
	{ "Virtual Machine", "Virtual Machines", 0 },
	{ "Azure Virtual Machines", "Virtual Machines", 0 },
	{ "Azure VM", "Virtual Machines", 0 },
	{ "Azure VMs", "Virtual Machines", 0 },
	{ "Compute", "Virtual Machines", A_NOFIND },
	{ "VMSS", "Virtual Machine Scale Sets", A_CASE },
	{ "Scale Sets", "Virtual Machine Scale Sets", 0 },
	{ "Redis Cache", "Azure Cache for Redis", 0 },
	{ "Redis", "Azure Cache for Redis", 0 },
	{ "Azure Redis", "Azure Cache for Redis", 0 },
	{ "Azure Redis Cache", "Azure Cache for Redis", 0 },
	{ "Storage Account", "Storage", 0 },
	{ "Storage Accounts", "Storage", 0 },
	{ "Azure Storage", "Storage", 0 },
	{ "Blob Storage", "Storage", 0 },
	{ "Azure Blob Storage", "Storage", 0 },
	{ "Azure Files", "Storage", 0 },
	{ "Queue Storage", "Storage", 0 },
	{ "Table Storage", "Storage", 0 },
	{ "Data Lake Storage", "Storage", 0 },
	{ "ADLS", "Storage", A_CASE },
	{ "Blob", "Storage", A_NOFIND },
	{ "Front Door", "Azure Front Door", 0 },
	{ "AFD", "Azure Front Door", A_CASE },
	{ "CDN", "Azure CDN", A_CASE },
	{ "Content Delivery Network", "Azure CDN", 0 },
	{ "Web Apps", "App Service", 0 },
	{ "Web App", "App Service", 0 },
	{ "Azure Web Apps", "App Service", 0 },
	{ "Azure App Service", "App Service", 0 },
	{ "App Services", "App Service", 0 },
	{ "SQL", "Azure SQL Database", A_CASE },
	{ "SQL Database", "Azure SQL Database", 0 },
	{ "SQL DB", "Azure SQL Database", 0 },
	{ "Azure SQL", "Azure SQL Database", 0 },
	{ "Azure SQL DB", "Azure SQL Database", 0 },
	{ "SQL Managed Instance", "Azure SQL Managed Instance", 0 },
	{ "SQL MI", "Azure SQL Managed Instance", A_CASE },
	{ "AKS", "Azure Kubernetes Service (AKS)", A_CASE },
	{ "Azure Kubernetes Service", "Azure Kubernetes Service (AKS)", 0 },
	{ "Kubernetes Service", "Azure Kubernetes Service (AKS)", 0 },
	{ "Kubernetes", "Azure Kubernetes Service (AKS)", A_NOFIND },
	{ "Cosmos DB", "Azure Cosmos DB", 0 },
	{ "CosmosDB", "Azure Cosmos DB", 0 },
	{ "Cosmos", "Azure Cosmos DB", A_NOFIND },
	{ "Functions", "Azure Functions", A_NOFIND },
	{ "Function App", "Azure Functions", 0 },
	{ "Function Apps", "Azure Functions", 0 },
	{ "Azure Function", "Azure Functions", 0 },
	{ "Azure Key Vault", "Key Vault", 0 },
	{ "KeyVault", "Key Vault", 0 },
	{ "AKV", "Key Vault", A_CASE },
	{ "App Insights", "Application Insights", 0 },
	{ "Azure Log Analytics", "Log Analytics", 0 },
	{ "AAD", "Microsoft Entra ID", A_CASE },
	{ "Azure AD", "Microsoft Entra ID", 0 },
	{ "Azure Active Directory", "Microsoft Entra ID", 0 },
	{ "Entra ID", "Microsoft Entra ID", 0 },
	{ "Microsoft Entra", "Microsoft Entra ID", 0 },
	{ "Entra", "Microsoft Entra ID", A_NOFIND },
	{ "VNet", "Virtual Network", 0 },
	{ "Azure Virtual Network", "Virtual Network", 0 },
	{ "Virtual Networks", "Virtual Network", 0 },
	{ "Azure Load Balancer", "Load Balancer", 0 },
	{ "App Gateway", "Application Gateway", 0 },
	{ "AppGW", "Application Gateway", 0 },
	{ "Azure Application Gateway", "Application Gateway", 0 },
	{ "DNS", "Azure DNS", A_CASE | A_NOFIND },
	{ "Azure Traffic Manager", "Traffic Manager", 0 },
	{ "Event Hub", "Event Hubs", 0 },
	{ "Azure Event Hubs", "Event Hubs", 0 },
	{ "EventHub", "Event Hubs", 0 },
	{ "Azure Event Grid", "Event Grid", 0 },
	{ "Azure Service Bus", "Service Bus", 0 },
	{ "PostgreSQL", "Azure Database for PostgreSQL", 0 },
	{ "Postgres", "Azure Database for PostgreSQL", 0 },
	{ "Azure PostgreSQL", "Azure Database for PostgreSQL", 0 },
	{ "MySQL", "Azure Database for MySQL", 0 },
	{ "Azure MySQL", "Azure Database for MySQL", 0 },
	{ "ACR", "Container Registry", A_CASE },
	{ "Azure Container Registry", "Container Registry", 0 },
	{ "Container Apps", "Azure Container Apps", 0 },
	{ "ACA", "Azure Container Apps", A_CASE },
	{ "Container Instances", "Azure Container Instances", 0 },
	{ "ACI", "Azure Container Instances", A_CASE },
	{ "ARM", "Azure Resource Manager", A_CASE },
	{ "Resource Manager", "Azure Resource Manager", 0 },
	{ "Portal", "Azure Portal", A_NOFIND },
	{ "Azure Service Health", "Service Health", 0 },
	{ "Azure Backup", "Backup", 0 },
	{ "Azure Site Recovery", "Site Recovery", 0 },
	{ "ASR", "Site Recovery", A_CASE },
	{ "DevOps", "Azure DevOps", 0 },
	{ "ADO", "Azure DevOps", A_CASE },
	{ "VSTS", "Azure DevOps", A_CASE },
	{ "Logic App", "Logic Apps", 0 },
	{ "Azure Logic Apps", "Logic Apps", 0 },
	{ "APIM", "API Management", A_CASE },
	{ "Azure API Management", "API Management", 0 },
	{ "Azure OpenAI", "Azure OpenAI Service", 0 },
	{ "OpenAI", "Azure OpenAI Service", 0 },
	{ "AOAI", "Azure OpenAI Service", A_CASE },
	{ "Cognitive Services", "Azure AI services", 0 },
	{ "Azure Cognitive Services", "Azure AI services", 0 },
	{ "Azure ML", "Azure Machine Learning", 0 },
	{ "Machine Learning", "Azure Machine Learning", 0 },
	{ "Azure Search", "Azure AI Search", 0 },
	{ "Cognitive Search", "Azure AI Search", 0 },
	{ "Azure Cognitive Search", "Azure AI Search", 0 },
	{ "AI Search", "Azure AI Search", 0 },
	{ "Search", "Azure AI Search", A_NOFIND },
	{ "Firewall", "Azure Firewall", A_NOFIND },
	{ "Express Route", "ExpressRoute", 0 },
	{ "Azure ExpressRoute", "ExpressRoute", 0 },
	{ "VPN", "VPN Gateway", A_CASE | A_NOFIND },
	{ "Azure VPN Gateway", "VPN Gateway", 0 },
	{ "Bastion", "Azure Bastion", A_NOFIND },
	{ "Private Link", "Azure Private Link", 0 },
	{ "Private Endpoint", "Azure Private Link", 0 },
	{ "Azure Virtual WAN", "Virtual WAN", 0 },
	{ "Synapse", "Azure Synapse Analytics", 0 },
	{ "Azure Synapse", "Azure Synapse Analytics", 0 },
	{ "Data Factory", "Azure Data Factory", 0 },
	{ "ADF", "Azure Data Factory", A_CASE },
	{ "Databricks", "Azure Databricks", 0 },
	{ "Kusto", "Azure Data Explorer", 0 },
	{ "Azure HDInsight", "HDInsight", 0 },
	{ "Azure Stream Analytics", "Stream Analytics", 0 },
	{ "Batch", "Azure Batch", A_NOFIND },
	{ "NetApp Files", "Azure NetApp Files", 0 },
	{ "ANF", "Azure NetApp Files", A_CASE },
	{ "Azure IoT Hub", "IoT Hub", 0 },
	{ "SignalR", "Azure SignalR Service", 0 },
	{ "Static Web Apps", "Azure Static Web Apps", 0 },
	{ "Spring Apps", "Azure Spring Apps", 0 },
	{ "AVD", "Azure Virtual Desktop", A_CASE },
	{ "Windows Virtual Desktop", "Azure Virtual Desktop", 0 },
	{ "Azure Security Center", "Microsoft Defender for Cloud", 0 },
	{ "Defender for Cloud", "Microsoft Defender for Cloud", 0 },
	{ "Azure Sentinel", "Microsoft Sentinel", 0 },
	{ "Azure Automation", "Automation", 0 },
	{ "Managed Identities", "Managed Identities for Azure resources", 0 },
	{ "Managed Identity", "Managed Identities for Azure resources", 0 },
	{ "Grafana", "Azure Managed Grafana", 0 },
	{ "Azure Cloud Shell", "Cloud Shell", 0 },
	{ "Purview", "Microsoft Purview", 0 },
};
#define NALIASES (sizeof services_aliases / sizeof services_aliases[0])

/* Region-name words meaning "not one region". */
static const char *const regions_global_words[] = {
	"global", "multipleregions", "nonregional", "allregions", "worldwide",
	"multiregion", "multiregional", "multipleregion",
};

/* Folding for comparisons: lower case, and spaces, hyphens, underscores
 * and other punctuation dropped, so "East-US 2" == "eastus2" and
 * "Azure Kubernetes Service (AKS)" == "azure kubernetes service aks". */
static void
regions_fold(const char *s, char *out, size_t outlen)
{
	size_t	i = 0;

	if (outlen == 0)
		return;
	for (; s != NULL && *s != '\0' && i + 1 < outlen; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c))
			out[i++] = (char)tolower(c);
		else if (c >= 0x80)
			out[i++] = (char)c;	/* keep non-ASCII as is */
	}
	out[i] = '\0';
}

static bool
regions_folded_eq(const char *a, const char *b)
{
	char	fa[256], fb[256];

	if (a == NULL || b == NULL)
		return false;
	regions_fold(a, fa, sizeof fa);
	regions_fold(b, fb, sizeof fb);
	return fa[0] != '\0' && strcmp(fa, fb) == 0;
}

const struct region_info *
regions_all(size_t *n)
{
	if (n != NULL)
		*n = NREGIONS;
	return regions_table;
}

const struct region_info *
regions_lookup(const char *s)
{
	char	f[256], g[256];
	size_t	i;

	if (s == NULL)
		return NULL;
	regions_fold(s, f, sizeof f);
	if (f[0] == '\0')
		return NULL;
	for (i = 0; i < NREGIONS; i++) {
		const struct region_info *r = &regions_table[i];

		if (strcmp(f, r->name) == 0)
			return r;
		regions_fold(r->display, g, sizeof g);
		if (strcmp(f, g) == 0)
			return r;
		if (r->slug != NULL) {
			regions_fold(r->slug, g, sizeof g);
			if (strcmp(f, g) == 0)
				return r;
		}
	}
	return NULL;
}

bool
regions_equal(const char *a, const char *b)
{
	const struct region_info *ra, *rb;

	if (a == NULL || b == NULL)
		return false;
	ra = regions_lookup(a);
	rb = regions_lookup(b);
	if (ra != NULL || rb != NULL)
		return ra == rb;
	return regions_folded_eq(a, b);
}

bool
regions_is_global(const char *s)
{
	char	f[64];
	size_t	i;

	if (s == NULL)
		return false;
	regions_fold(s, f, sizeof f);
	for (i = 0; i < sizeof regions_global_words /
	    sizeof regions_global_words[0]; i++) {
		if (strcmp(f, regions_global_words[i]) == 0)
			return true;
	}
	return false;
}

static bool
regions_is_sep(unsigned char c)
{
	return c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n' ||
	    c == '\r' || c == 0xa0;
}

static bool
regions_is_word(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/*
 * Does pattern match text at t? Letters compare case-insensitively (or
 * exactly with exact_case); a separator in the pattern matches any run of
 * separators in the text. The match must end on a word boundary. Returns
 * the matched length in text, or 0.
 */
static size_t
regions_match_at(const char *t, const char *pat, bool exact_case)
{
	const char	*start = t;

	while (*pat != '\0') {
		unsigned char pc = (unsigned char)*pat;

		if (regions_is_sep(pc)) {
			if (!regions_is_sep((unsigned char)*t))
				return 0;
			while (regions_is_sep((unsigned char)*pat))
				pat++;
			while (regions_is_sep((unsigned char)*t))
				t++;
			continue;
		}
		if (*t == '\0')
			return 0;
		if (exact_case ? (unsigned char)*t != pc :
		    tolower((unsigned char)*t) != tolower(pc))
			return 0;
		t++;
		pat++;
	}
	if (regions_is_word((unsigned char)*t))
		return 0;
	return (size_t)(t - start);
}

/*
 * Finding names in long texts: patterns are bucketed by their first
 * letter so each word start is tried only against names that can match.
 * Built once, on first use, from any thread.
 */
#define NBUCKETS	36		/* a-z, 0-9 */

struct regions_index {
	unsigned short	 reg[NBUCKETS][NREGIONS];
	size_t		 nreg[NBUCKETS];
	unsigned short	 svc[NBUCKETS][NSERVICES + NALIASES];	/* >= NSERVICES: alias */
	size_t		 nsvc[NBUCKETS];
};
static struct regions_index	regions_idx;
static pthread_once_t		regions_idx_once = PTHREAD_ONCE_INIT;

static int
regions_bucket(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '0' && c <= '9')
		return 26 + (c - '0');
	return -1;
}

static void
regions_index_build(void)
{
	struct regions_index	*x = &regions_idx;
	size_t			 i;
	int			 b;

	for (i = 0; i < NREGIONS; i++) {
		/* a name and its display name start alike */
		b = regions_bucket((unsigned char)regions_table[i].display[0]);
		if (b >= 0)
			x->reg[b][x->nreg[b]++] = (unsigned short)i;
	}
	for (i = 0; i < NSERVICES; i++) {
		b = regions_bucket((unsigned char)services_table[i][0]);
		if (b >= 0)
			x->svc[b][x->nsvc[b]++] = (unsigned short)i;
	}
	for (i = 0; i < NALIASES; i++) {
		if (services_aliases[i].flags & A_NOFIND)
			continue;
		b = regions_bucket((unsigned char)services_aliases[i].alias[0]);
		if (b >= 0)
			x->svc[b][x->nsvc[b]++] = (unsigned short)(NSERVICES + i);
	}
}

const struct region_info *
regions_find(const char *text, size_t *off, size_t *len)
{
	const char	*p;
	size_t		 i, m;
	int		 b;

	if (text == NULL)
		return NULL;
	pthread_once(&regions_idx_once, regions_index_build);
	/* Leftmost match, and the longest one at that position: so a scan
	 * continuing at off + len sees "North Central US" once, never
	 * "Central US" inside it. */
	for (p = text; *p != '\0'; p++) {
		const struct region_info *best = NULL;
		size_t bestlen = 0;

		if (p != text && regions_is_word((unsigned char)p[-1]))
			continue;
		if ((b = regions_bucket((unsigned char)*p)) < 0)
			continue;
		for (i = 0; i < regions_idx.nreg[b]; i++) {
			const struct region_info *r =
			    &regions_table[regions_idx.reg[b][i]];

			m = regions_match_at(p, r->display, false);
			if (m > bestlen) {
				best = r;
				bestlen = m;
			}
			m = regions_match_at(p, r->name, false);
			if (m > bestlen) {
				best = r;
				bestlen = m;
			}
		}
		if (best != NULL) {
			if (off != NULL)
				*off = (size_t)(p - text);
			if (len != NULL)
				*len = bestlen;
			return best;
		}
	}
	return NULL;
}

const char *const *
services_all(size_t *n)
{
	if (n != NULL)
		*n = NSERVICES;
	return services_table;
}

static const char *
services_canonical_folded(const char *f)
{
	char	g[256];
	size_t	i;

	for (i = 0; i < NSERVICES; i++) {
		regions_fold(services_table[i], g, sizeof g);
		if (strcmp(f, g) == 0)
			return services_table[i];
	}
	for (i = 0; i < NALIASES; i++) {
		regions_fold(services_aliases[i].alias, g, sizeof g);
		if (strcmp(f, g) == 0)
			return services_canonical(services_aliases[i].canonical);
	}
	return NULL;
}

const char *
services_canonical(const char *s)
{
	char		 f[256], g[256 + 8];
	const char	*c;

	if (s == NULL)
		return NULL;
	regions_fold(s, f, sizeof f);
	if (f[0] == '\0')
		return NULL;
	if ((c = services_canonical_folded(f)) != NULL)
		return c;
	/* People drop or add the "Azure"/"Microsoft" brand at will. */
	if (strncmp(f, "azure", 5) == 0 && f[5] != '\0')
		return services_canonical_folded(f + 5);
	if (strncmp(f, "microsoft", 9) == 0 && f[9] != '\0')
		return services_canonical_folded(f + 9);
	memcpy(g, "azure", 5);
	memcpy(g + 5, f, strlen(f) + 1);
	return services_canonical_folded(g);
}

bool
services_equal(const char *a, const char *b)
{
	const char	*ca, *cb;

	if (a == NULL || b == NULL)
		return false;
	ca = services_canonical(a);
	cb = services_canonical(b);
	if (ca != NULL || cb != NULL)
		return ca == cb;
	return regions_folded_eq(a, b);
}

const char *
services_find(const char *text, size_t *off, size_t *len)
{
	const char	*p;
	size_t		 i, k, m;
	int		 b;

	if (text == NULL)
		return NULL;
	pthread_once(&regions_idx_once, regions_index_build);
	/* Leftmost-longest, as regions_find. */
	for (p = text; *p != '\0'; p++) {
		const char *best = NULL;
		size_t bestlen = 0;

		if (p != text && regions_is_word((unsigned char)p[-1]))
			continue;
		if ((b = regions_bucket((unsigned char)*p)) < 0)
			continue;
		for (k = 0; k < regions_idx.nsvc[b]; k++) {
			i = regions_idx.svc[b][k];
			if (i < NSERVICES) {
				m = regions_match_at(p, services_table[i],
				    false);
				if (m > bestlen) {
					best = services_table[i];
					bestlen = m;
				}
			} else {
				const struct service_alias *a =
				    &services_aliases[i - NSERVICES];

				m = regions_match_at(p, a->alias,
				    (a->flags & A_CASE) != 0);
				if (m > bestlen) {
					best = services_canonical(a->canonical);
					bestlen = m;
				}
			}
		}
		if (best != NULL) {
			if (off != NULL)
				*off = (size_t)(p - text);
			if (len != NULL)
				*len = bestlen;
			return best;
		}
	}
	return NULL;
}

/* 2 = prefix of the form, 1 = inside it, 0 = not at all. */
static int
regions_rank(const char *typed_folded, const char *form)
{
	char		 g[256];
	const char	*hit;

	if (form == NULL)
		return 0;
	regions_fold(form, g, sizeof g);
	if ((hit = strstr(g, typed_folded)) == NULL)
		return 0;
	return hit == g ? 2 : 1;
}

static int
regions_rank_region(const char *f, const struct region_info *r)
{
	int	a, b, c, best;

	a = regions_rank(f, r->name);
	b = regions_rank(f, r->display);
	c = regions_rank(f, r->slug);
	best = a > b ? a : b;
	return best > c ? best : c;
}

static int
regions_rank_service(const char *f, size_t si)
{
	int	best, rk;
	size_t	i;

	best = regions_rank(f, services_table[si]);
	for (i = 0; i < NALIASES && best < 2; i++) {
		if (strcmp(services_aliases[i].canonical,
		    services_table[si]) != 0)
			continue;
		rk = regions_rank(f, services_aliases[i].alias);
		if (rk > best)
			best = rk;
	}
	return best;
}

size_t
regions_complete(const char *typed, size_t *idx, size_t max)
{
	char	f[256];
	size_t	i, n = 0;
	int	want;

	regions_fold(typed, f, sizeof f);
	/* Two passes keep table order within each class. */
	for (want = 2; want >= 1; want--) {
		for (i = 0; i < NREGIONS && n < max; i++) {
			if (regions_rank_region(f, &regions_table[i]) == want)
				idx[n++] = i;
		}
	}
	return n;
}

size_t
services_complete(const char *typed, size_t *idx, size_t max)
{
	char	f[256];
	size_t	i, n = 0;
	int	want;

	regions_fold(typed, f, sizeof f);
	for (want = 2; want >= 1; want--) {
		for (i = 0; i < NSERVICES && n < max; i++) {
			if (regions_rank_service(f, i) == want)
				idx[n++] = i;
		}
	}
	return n;
}
