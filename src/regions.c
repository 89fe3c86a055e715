/* regions.c: tables of Azure public regions and Service Health service
 * names, and forgiving lookups over them: any case, any spacing, hyphens
 * or underscores, aliases, and finding names inside free text. */
#include "config.h"
#include "regions.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

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
	"Azure Relay",
	"Azure Networking",
	"Azure Communications Gateway",
	"Azure Load Testing",
	"Azure Media Services",
	"Azure Digital Twins",
	"Azure Service Fabric",
	"Azure Red Hat OpenShift",
	"Azure Cloud Services",
	"Azure Healthcare APIs",
	"Azure Video Indexer",
	"Microsoft Dev Box",
	"Microsoft Fabric",
	"Azure Stack HCI",
	"Azure DDoS Protection",
	"Azure Web Application Firewall",
	"Azure Lab Services",
	"Azure Update Manager",
	"Azure Health Data Services",
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
	/* the initials Microsoft's own pages use for Communication Services;
	 * too short to be trusted in free text */
	{ "ACS", "Azure Communication Services", A_CASE | A_NOFIND },
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
	/* Short, old and written-out forms from Service Health, the Support
	 * API's service list, status-page titles and post-incident reviews. */
	{ "Virtual machines", "Virtual Machines", 0 },
	{ "Virtual Machine Scale Set", "Virtual Machine Scale Sets", 0 },
	{ "Azure VMSS", "Virtual Machine Scale Sets", 0 },
	{ "Azure Virtual Machine Scale Sets", "Virtual Machine Scale Sets", 0 },
	{ "Frontdoor", "Azure Front Door", 0 },
	{ "Azure Frontdoor", "Azure Front Door", 0 },
	{ "Azure Front Door Standard and Premium", "Azure Front Door", 0 },
	{ "Azure Content Delivery Network", "Azure CDN", 0 },
	{ "Azure CDN from Microsoft", "Azure CDN", 0 },
	{ "App Service (Web Apps)", "App Service", 0 },
	{ "App Service \\ Web Apps", "App Service", 0 },
	{ "Azure App Services", "App Service", 0 },
	{ "Azure Web App", "App Service", 0 },
	{ "Azure SQL Databases", "Azure SQL Database", 0 },
	{ "SQL Databases", "Azure SQL Database", 0 },
	{ "SQL Server on Azure", "Azure SQL Database", 0 },
	{ "SQL Managed Instances", "Azure SQL Managed Instance", 0 },
	{ "Azure SQL MI", "Azure SQL Managed Instance", 0 },
	{ "Azure Kubernetes Services", "Azure Kubernetes Service (AKS)", 0 },
	{ "Azure Cosmos", "Azure Cosmos DB", 0 },
	{ "Azure Function Apps", "Azure Functions", 0 },
	{ "Key Vaults", "Key Vault", 0 },
	{ "Azure Monitor Logs", "Log Analytics", 0 },
	{ "Azure Log Search Alerts", "Azure Monitor", 0 },
	{ "Log Search Alerts", "Azure Monitor", 0 },
	{ "Azure Application Insights", "Application Insights", 0 },
	{ "Azure Active Directory B2C", "Microsoft Entra ID", 0 },
	{ "Azure AD B2C", "Microsoft Entra ID", 0 },
	{ "Azure Entra ID", "Microsoft Entra ID", 0 },
	{ "Entra ID (Azure AD)", "Microsoft Entra ID", 0 },
	{ "Azure AD (Entra ID)", "Microsoft Entra ID", 0 },
	{ "Azure Virtual Networks", "Virtual Network", 0 },
	{ "VNets", "Virtual Network", 0 },
	{ "Load Balancers", "Load Balancer", 0 },
	{ "ALB", "Load Balancer", A_CASE },
	{ "Application Gateways", "Application Gateway", 0 },
	{ "Azure DNS Private Resolver", "Azure DNS", 0 },
	{ "Azure Private DNS", "Azure DNS", 0 },
	{ "Private DNS", "Azure DNS", 0 },
	{ "Azure Event Hub", "Event Hubs", 0 },
	{ "Azure Database for PostgreSQL flexible servers", "Azure Database for PostgreSQL", 0 },
	{ "Azure Database for PostgreSQL - Flexible Server", "Azure Database for PostgreSQL", 0 },
	{ "Azure Database for MySQL flexible servers", "Azure Database for MySQL", 0 },
	{ "Azure Database for MySQL - Flexible Server", "Azure Database for MySQL", 0 },
	{ "Azure Container Registries", "Container Registry", 0 },
	{ "Container Instance", "Azure Container Instances", 0 },
	{ "Azure Container Instance", "Azure Container Instances", 0 },
	{ "Azure Resource Manager (ARM)", "Azure Resource Manager", 0 },
	{ "Azure portal", "Azure Portal", 0 },
	{ "Microsoft Azure portal", "Azure Portal", 0 },
	{ "Azure Management Portal", "Azure Portal", 0 },
	{ "Management Portal", "Azure Portal", 0 },
	{ "Recovery Services vault", "Backup", 0 },
	{ "Azure DevOps Services", "Azure DevOps", 0 },
	{ "Visual Studio Team Services", "Azure DevOps", 0 },
	{ "API Management service", "API Management", 0 },
	{ "Azure OpenAI Services", "Azure OpenAI Service", 0 },
	{ "Azure AI Foundry", "Azure AI services", 0 },
	{ "Azure AI Services", "Azure AI services", 0 },
	{ "Azure Cognitive Service", "Azure AI services", 0 },
	{ "Azure Machine Learning Service", "Azure Machine Learning", 0 },
	{ "AML", "Azure Machine Learning", A_CASE },
	{ "Azure Firewall Manager", "Azure Firewall", 0 },
	{ "ER", "ExpressRoute", A_CASE | A_NOFIND },
	{ "ExpressRoute circuits", "ExpressRoute", 0 },
	{ "VPN Gateways", "VPN Gateway", 0 },
	{ "Azure Private Endpoint", "Azure Private Link", 0 },
	{ "Private Endpoints", "Azure Private Link", 0 },
	{ "Azure Network Watcher", "Network Watcher", 0 },
	{ "vWAN", "Virtual WAN", 0 },
	{ "Azure Synapse Analytics workspaces", "Azure Synapse Analytics", 0 },
	{ "Azure Data Factory V2", "Azure Data Factory", 0 },
	{ "Azure Data Lake Storage", "Storage", 0 },
	{ "ADLS Gen2", "Storage", 0 },
	{ "Azure Storage Accounts", "Storage", 0 },
	{ "Azure Blob", "Storage", 0 },
	{ "Azure Disk Storage", "Storage", 0 },
	{ "Managed Disks", "Storage", 0 },
	{ "Azure Managed Disks", "Storage", 0 },
	{ "ADX", "Azure Data Explorer", A_CASE },
	{ "IoT Central", "IoT Hub", A_NOFIND },
	{ "Azure SignalR", "Azure SignalR Service", 0 },
	{ "Azure Web PubSub", "Azure SignalR Service", 0 },
	{ "Azure Static Web App", "Azure Static Web Apps", 0 },
	{ "Azure Spring Cloud", "Azure Spring Apps", 0 },
	{ "Windows 365", "Azure Virtual Desktop", A_NOFIND },
	{ "Microsoft Defender", "Microsoft Defender for Cloud", A_NOFIND },
	{ "Managed Identities for Azure Resources", "Managed Identities for Azure resources", 0 },
	{ "MSI", "Managed Identities for Azure resources", A_CASE },
	{ "Azure Managed Identity", "Managed Identities for Azure resources", 0 },
	{ "Azure Arc enabled servers", "Azure Arc", 0 },
	{ "Azure Purview", "Microsoft Purview", 0 },
	{ "Relay", "Azure Relay", A_NOFIND },
	{ "Azure Service Bus Relay", "Azure Relay", 0 },
	{ "Hybrid Connections", "Azure Relay", 0 },
	/* Areas Microsoft names on the status page; services_umbrella()
	 * says which services each one covers. */
	{ "Networking", "Azure Networking", A_NOFIND },
	{ "Network", "Azure Networking", A_NOFIND },
	{ "Azure Network", "Azure Networking", 0 },
	{ "Network Infrastructure", "Azure Networking", 0 },
	{ "Azure Network Infrastructure", "Azure Networking", 0 },
	{ "Microsoft Wide Area Network", "Azure Networking", 0 },
	{ "Azure WAN", "Azure Networking", 0 },
	{ "WAN", "Azure Networking", A_CASE | A_NOFIND },
	{ "Azure Communication Gateway", "Azure Communications Gateway", 0 },
	{ "Media Services", "Azure Media Services", 0 },
	{ "Video Indexer", "Azure Video Indexer", 0 },
	{ "Service Fabric", "Azure Service Fabric", 0 },
	{ "Azure RedHat OpenShift", "Azure Red Hat OpenShift", 0 },
	{ "ARO", "Azure Red Hat OpenShift", A_CASE },
	{ "Cloud Services", "Azure Cloud Services", A_NOFIND },
	{ "Cloud Services (classic)", "Azure Cloud Services", 0 },
	{ "Healthcare APIs", "Azure Healthcare APIs", 0 },
	{ "Dev Box", "Microsoft Dev Box", 0 },
	{ "DDoS Protection", "Azure DDoS Protection", A_NOFIND },
	{ "WAF", "Azure Web Application Firewall", A_CASE },
	{ "Web Application Firewall", "Azure Web Application Firewall", 0 },
	{ "Update Management", "Azure Update Manager", A_NOFIND },
	{ "Update Manager", "Azure Update Manager", 0 },
	/* the Support API's service names (its ticket form's), where they
	 * are not Service Health's: restype.c maps resource types by them */
	{ "Virtual Machine running Windows", "Virtual Machines", A_NOFIND },
	{ "Virtual Machine running Linux", "Virtual Machines", A_NOFIND },
	{ "Azure Front Door Service", "Azure Front Door", A_NOFIND },
	{ "Web App (Windows)", "App Service", A_NOFIND },
	{ "Web App (Linux)", "App Service", A_NOFIND },
};
#define NALIASES (sizeof services_aliases / sizeof services_aliases[0])

/* Region-name words meaning "not one region". */
static const char *const regions_global_words[] = {
	"global", "multipleregions", "nonregional", "allregions", "worldwide",
	"multiregion", "multiregional", "multipleregion", "publicnonregional",
	"globalnonregional", "nonregionalglobal", "acrossregions",
	"acrossmultipleregions", "multiregions", "severalregions",
	"allazureregions", "globalmultipleregions",
};

/* Geographies people and Microsoft name in prose ("customers in Europe"):
 * each stands for the regions listed with it. */
struct regions_geo {
	const char	*name;
	const char	*forms[4];		/* as written in text */
	const char	*regions[32];		/* programmatic names */
};

static const struct regions_geo regions_geos[] = {
	{ "Europe", { "Europe", "European", NULL },
	    { "northeurope", "westeurope", "uksouth", "ukwest",
	    "francecentral", "francesouth", "germanywestcentral",
	    "germanynorth", "switzerlandnorth", "switzerlandwest",
	    "norwayeast", "norwaywest", "swedencentral", "swedensouth",
	    "polandcentral", "italynorth", "spaincentral", NULL } },
	{ "United States", { "United States", "US regions", NULL },
	    { "eastus", "eastus2", "westus", "westus2", "westus3",
	    "centralus", "northcentralus", "southcentralus", "westcentralus",
	    NULL } },
	{ "Asia Pacific", { "Asia Pacific", "APAC", "Asia-Pacific", NULL },
	    { "eastasia", "southeastasia", "japaneast", "japanwest",
	    "koreacentral", "koreasouth", "australiaeast",
	    "australiasoutheast", "australiacentral", "australiacentral2",
	    "centralindia", "southindia", "westindia", "jioindiacentral",
	    "jioindiawest", "newzealandnorth", "indonesiacentral",
	    "malaysiawest", NULL } },
	{ "Americas", { "Americas", NULL },
	    { "eastus", "eastus2", "westus", "westus2", "westus3",
	    "centralus", "northcentralus", "southcentralus", "westcentralus",
	    "canadacentral", "canadaeast", "brazilsouth", "brazilsoutheast",
	    "mexicocentral", "chilecentral", NULL } },
};
#define NGEOS (sizeof regions_geos / sizeof regions_geos[0])

/* Umbrella names for an area of services, as the status page uses them
 * for categories ("Network Infrastructure"), and the services each one
 * covers. */
struct services_area {
	const char	*umbrella;		/* a canonical service name */
	const char	*members[24];
};

static const struct services_area services_areas[] = {
	{ "Azure Networking", { "Virtual Network", "Load Balancer",
	    "Application Gateway", "Azure DNS", "Traffic Manager",
	    "ExpressRoute", "VPN Gateway", "Azure Firewall", "Azure Bastion",
	    "Azure Private Link", "Network Watcher", "Virtual WAN",
	    "Azure Front Door", "Azure CDN", "Azure DDoS Protection",
	    "Azure Web Application Firewall", NULL } },
};
#define NAREAS (sizeof services_areas / sizeof services_areas[0])

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

/* 2 = prefix of the form, 1 = inside it, 0 = not at all. Inside means
 * from the start of one of its words, or within one word ("east" in
 * "Southeast Asia"), never across words ("redis" in "Azure Disk"). */
static int
regions_rank(const char *typed_folded, const char *form)
{
	char		 g[256];
	unsigned char	 wid[256];
	const char	*hit;
	size_t		 i = 0, s, e, tl = strlen(typed_folded);
	unsigned char	 w = 0;
	bool		 gap = true;

	if (form == NULL)
		return 0;
	for (; *form != '\0' && i + 1 < sizeof g; form++) {
		unsigned char c = (unsigned char)*form;

		if (!isalnum(c) && c < 0x80) {
			gap = true;
			continue;
		}
		if (gap && i > 0)
			w++;
		gap = false;
		g[i] = (char)(c < 0x80 ? tolower(c) : c);
		wid[i++] = w;
	}
	g[i] = '\0';
	if (tl == 0)
		return 2;
	for (hit = g; (hit = strstr(hit, typed_folded)) != NULL; hit++) {
		s = (size_t)(hit - g);
		e = s + tl - 1;
		if (s == 0)
			return 2;
		if (wid[s] != wid[s - 1] || wid[s] == wid[e])
			return 1;
	}
	return 0;
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

/* Geographies ----------------------------------------------------------- */

static const struct regions_geo *
regions_geo_lookup(const char *s)
{
	size_t	i, k;

	for (i = 0; s != NULL && i < NGEOS; i++) {
		if (regions_folded_eq(s, regions_geos[i].name))
			return &regions_geos[i];
		for (k = 0; regions_geos[i].forms[k] != NULL; k++) {
			if (regions_folded_eq(s, regions_geos[i].forms[k]))
				return &regions_geos[i];
		}
	}
	return NULL;
}

const char *
regions_geography(const char *name)
{
	const struct regions_geo *g = regions_geo_lookup(name);

	return g != NULL ? g->name : NULL;
}

size_t
regions_in_geography(const char *geo, const struct region_info **out,
    size_t max)
{
	const struct regions_geo	*g = regions_geo_lookup(geo);
	size_t				 k, n = 0;

	for (k = 0; g != NULL && g->regions[k] != NULL && n < max; k++) {
		const struct region_info *r = regions_lookup(g->regions[k]);

		if (r != NULL)
			out[n++] = r;
	}
	return n;
}

/* Length of a region name written at p, 0 if none starts there. */
static size_t
regions_region_at(const char *p)
{
	size_t	i, m, best = 0;
	int	b;

	if ((b = regions_bucket((unsigned char)*p)) < 0)
		return 0;
	for (i = 0; i < regions_idx.nreg[b]; i++) {
		const struct region_info *r =
		    &regions_table[regions_idx.reg[b][i]];

		if ((m = regions_match_at(p, r->display, false)) > best)
			best = m;
		if ((m = regions_match_at(p, r->name, false)) > best)
			best = m;
	}
	return best;
}

const char *
regions_find_geography(const char *text, size_t *off, size_t *len)
{
	const char	*p;
	size_t		 i, k, m;

	if (text == NULL)
		return NULL;
	pthread_once(&regions_idx_once, regions_index_build);
	for (p = text; *p != '\0'; p++) {
		if (p != text && regions_is_word((unsigned char)p[-1]))
			continue;
		/* "Europe" inside "West Europe" is the region, not the geography */
		if ((m = regions_region_at(p)) > 0) {
			p += m - 1;
			continue;
		}
		for (i = 0; i < NGEOS; i++) {
			for (k = 0; regions_geos[i].forms[k] != NULL; k++) {
				const char *f = regions_geos[i].forms[k];
				bool acronym = strcmp(f, "APAC") == 0;

				if ((m = regions_match_at(p, f, acronym)) == 0)
					continue;
				if (off != NULL)
					*off = (size_t)(p - text);
				if (len != NULL)
					*len = m;
				return regions_geos[i].name;
			}
		}
	}
	return NULL;
}

/* Umbrellas ------------------------------------------------------------- */

static const struct services_area *
services_area_of(const char *umbrella)
{
	const char	*c = services_canonical(umbrella);
	size_t		 i;

	for (i = 0; c != NULL && i < NAREAS; i++) {
		if (strcmp(services_areas[i].umbrella, c) == 0)
			return &services_areas[i];
	}
	return NULL;
}

bool
services_is_umbrella(const char *name)
{
	return services_area_of(name) != NULL;
}

const char *
services_umbrella(const char *service)
{
	const char	*c = services_canonical(service);
	size_t		 i, k;

	for (i = 0; c != NULL && i < NAREAS; i++) {
		for (k = 0; services_areas[i].members[k] != NULL; k++) {
			if (strcmp(services_areas[i].members[k], c) == 0)
				return services_areas[i].umbrella;
		}
	}
	return NULL;
}

const char *const *
services_umbrella_members(const char *umbrella, size_t *n)
{
	const struct services_area	*a = services_area_of(umbrella);
	size_t				 k = 0;

	if (a != NULL)
		while (a->members[k] != NULL)
			k++;
	if (n != NULL)
		*n = k;
	return a != NULL ? a->members : NULL;
}

/* Suggestions ----------------------------------------------------------- */

#define SUGGEST_MAXLEN	64

/* Edit distance with adjacent transpositions ("Cahce" is one step from
 * "Cache"), over folded strings; long ones are cut at SUGGEST_MAXLEN. */
static size_t
regions_distance(const char *a, const char *b)
{
	size_t	d[SUGGEST_MAXLEN + 1][SUGGEST_MAXLEN + 1];
	size_t	la = strlen(a), lb = strlen(b), i, j, c, v;

	if (la > SUGGEST_MAXLEN)
		la = SUGGEST_MAXLEN;
	if (lb > SUGGEST_MAXLEN)
		lb = SUGGEST_MAXLEN;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] == b[j - 1] ? 0 : 1;
			v = d[i - 1][j - 1] + c;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

/* Words of s, lower case, without the brand and filler words. */
static size_t
regions_words(const char *s, char w[][32], size_t max)
{
	static const char *const skip[] = { "azure", "microsoft", "for",
	    "the", "and", "of", "service", "services" };
	size_t	n = 0, k, i;

	while (s != NULL && *s != '\0' && n < max) {
		while (*s != '\0' && !isalnum((unsigned char)*s))
			s++;
		for (k = 0; isalnum((unsigned char)*s); s++) {
			if (k + 1 < sizeof w[0])
				w[n][k++] = (char)tolower((unsigned char)*s);
		}
		if (k == 0)
			continue;
		w[n][k] = '\0';
		for (i = 0; i < sizeof skip / sizeof skip[0]; i++) {
			if (strcmp(w[n], skip[i]) == 0)
				break;
		}
		if (i == sizeof skip / sizeof skip[0])
			n++;
	}
	return n;
}

/* Does every typed word name a word of form (a typo away, or its start)?
 * Returns the form's words left over + 1, or 0 when some typed word
 * matches nothing. */
static size_t
regions_word_score(const char *typed, const char *form)
{
	char	tw[8][32], fw[12][32];
	size_t	nt, nf, i, j, hit = 0;

	if (form == NULL)
		return 0;
	nt = regions_words(typed, tw, 8);
	nf = regions_words(form, fw, 12);
	if (nt == 0)
		return 0;
	for (i = 0; i < nt; i++) {
		size_t lt = strlen(tw[i]);
		bool ok = false;

		for (j = 0; j < nf && !ok; j++) {
			if (lt >= 3 && strncmp(fw[j], tw[i], lt) == 0)
				ok = true;
			else if (lt >= 5 && regions_distance(tw[i], fw[j]) <= 1)
				ok = true;
			else if (strcmp(tw[i], fw[j]) == 0)
				ok = true;
		}
		if (!ok)
			return 0;
		hit++;
	}
	return (nf > hit ? nf - hit : 0) + 1;
}

/* How far typed is from form: an edit distance when small enough for a
 * typo (at most a quarter of the shorter, at least 1), else 100 + the
 * word score, else (size_t)-1. */
static size_t
regions_form_score(const char *typed, const char *form)
{
	char	ft[256], ff[256];
	size_t	d, lt, lf, lim, w;

	if (form == NULL)
		return (size_t)-1;
	regions_fold(typed, ft, sizeof ft);
	regions_fold(form, ff, sizeof ff);
	if (ft[0] == '\0' || ff[0] == '\0')
		return (size_t)-1;
	lt = strlen(ft);
	lf = strlen(ff);
	lim = (lt < lf ? lt : lf) / 4;
	if (lim < 1)
		lim = 1;
	if ((d = regions_distance(ft, ff)) <= lim)
		return d;
	if ((w = regions_word_score(typed, form)) > 0)
		return 100 + w;
	return (size_t)-1;
}

/* Keep the entries whose score is the best one seen, at most max. */
static size_t
regions_pick(const size_t *score, size_t n, size_t *idx, size_t max)
{
	size_t	i, best = (size_t)-1, k = 0;

	for (i = 0; i < n; i++) {
		if (score[i] < best)
			best = score[i];
	}
	if (best == (size_t)-1)
		return 0;
	for (i = 0; i < n && k < max; i++) {
		if (score[i] == best)
			idx[k++] = i;
	}
	return k;
}

size_t
regions_suggest(const char *typed, size_t *idx, size_t max)
{
	size_t	score[NREGIONS], i, s;

	for (i = 0; i < NREGIONS; i++) {
		const struct region_info *r = &regions_table[i];

		score[i] = regions_form_score(typed, r->name);
		if ((s = regions_form_score(typed, r->display)) < score[i])
			score[i] = s;
		if ((s = regions_form_score(typed, r->slug)) < score[i])
			score[i] = s;
	}
	return regions_pick(score, NREGIONS, idx, max);
}

size_t
services_suggest(const char *typed, size_t *idx, size_t max)
{
	size_t	score[NSERVICES], i, k, s;

	for (i = 0; i < NSERVICES; i++)
		score[i] = regions_form_score(typed, services_table[i]);
	for (k = 0; k < NALIASES; k++) {
		const char *c = services_canonical(services_aliases[k].canonical);

		for (i = 0; i < NSERVICES; i++) {
			if (services_table[i] != c)
				continue;
			s = regions_form_score(typed, services_aliases[k].alias);
			if (s < score[i])
				score[i] = s;
		}
	}
	return regions_pick(score, NSERVICES, idx, max);
}

/* "unknown WHAT 'typed'; did you mean 'a', 'b' or 'c'?" */
static void
regions_unknown(const char *what, const char *typed, const char *const *names,
    size_t n, char *buf, size_t len)
{
	char	*shown = sanitize_str(typed);
	size_t	 used, i;
	int	 w;

	if (strlen(shown) > 60)
		memcpy(shown + 57, "...", 4);
	w = snprintf(buf, len, "unknown %s '%s'", what, shown);
	free(shown);
	used = w < 0 ? 0 : (size_t)w;
	for (i = 0; i < n && used < len; i++) {
		w = snprintf(buf + used, len - used, "%s'%s'",
		    i == 0 ? "; did you mean " : (i + 1 == n ? " or " : ", "),
		    names[i]);
		used += w < 0 ? 0 : (size_t)w;
	}
	if (n > 0 && used < len)
		snprintf(buf + used, len - used, "?");
	else if (n == 0 && used < len)
		snprintf(buf + used, len - used, "; see azwatch(1) for the "
		    "names azwatch knows");
}

void
regions_unknown_text(const char *typed, char *buf, size_t len)
{
	const char	*names[3];
	size_t		 idx[3], n, i;

	n = regions_suggest(typed, idx, 3);
	for (i = 0; i < n; i++)
		names[i] = regions_table[idx[i]].display;
	regions_unknown("region", typed, names, n, buf, len);
}

void
services_unknown_text(const char *typed, char *buf, size_t len)
{
	const char	*names[3];
	size_t		 idx[3], n, i;

	n = services_suggest(typed, idx, 3);
	for (i = 0; i < n; i++)
		names[i] = services_table[idx[i]];
	regions_unknown("service", typed, names, n, buf, len);
}
