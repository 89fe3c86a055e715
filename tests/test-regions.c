/* test-regions.c: region and service tables, their lookup forms, aliases,
 * finding names in free text, and type-ahead order. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "regions.h"

static void
test_region_forms(void **state)
{
	const char *forms[] = { "eastus2", "East US 2", "east us 2", "EAST-US-2",
	    "east_us_2", "  East US 2 ", "us-east-2", "EastUS2" };
	const struct region_info *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		r = regions_lookup(forms[i]);
		assert_non_null(r);
		assert_string_equal(r->name, "eastus2");
		assert_string_equal(r->display, "East US 2");
	}
	r = regions_lookup("westeurope");
	assert_non_null(r);
	assert_string_equal(r->display, "West Europe");
	assert_string_equal(regions_lookup("europe-north")->name, "northeurope");
	assert_string_equal(regions_lookup("North Central US")->name,
	    "northcentralus");
	assert_string_equal(regions_lookup("Southeast Asia")->name,
	    "southeastasia");
	assert_null(regions_lookup("Atlantis"));
	assert_null(regions_lookup(""));
	assert_null(regions_lookup(NULL));
	assert_null(regions_lookup("Global"));
}

static void
test_region_table(void **state)
{
	const char *must[] = { "eastus", "eastus2", "westus", "westus2",
	    "westus3", "centralus", "northcentralus", "southcentralus",
	    "westcentralus", "canadacentral", "canadaeast", "brazilsouth",
	    "northeurope", "westeurope", "uksouth", "ukwest", "francecentral",
	    "germanywestcentral", "switzerlandnorth", "norwayeast",
	    "swedencentral", "polandcentral", "italynorth", "spaincentral",
	    "eastasia", "southeastasia", "japaneast", "japanwest",
	    "koreacentral", "koreasouth", "australiaeast",
	    "australiasoutheast", "australiacentral", "centralindia",
	    "southindia", "westindia", "uaenorth", "southafricanorth",
	    "qatarcentral", "israelcentral", "mexicocentral",
	    "newzealandnorth", "indonesiacentral", "malaysiawest",
	    "chilecentral", "brazilsoutheast", "francesouth", "germanynorth",
	    "switzerlandwest", "norwaywest", "uaecentral",
	    "southafricawest", "australiacentral2" };
	const struct region_info *all;
	size_t n, i, j;

	(void)state;
	all = regions_all(&n);
	assert_true(n >= 55);
	for (i = 0; i < sizeof must / sizeof must[0]; i++) {
		const struct region_info *r = regions_lookup(must[i]);

		assert_non_null(r);
		assert_string_equal(r->name, must[i]);
	}
	/* Every form of every entry leads back to that entry: no form is
	 * shared by two regions. */
	for (i = 0; i < n; i++) {
		assert_ptr_equal(regions_lookup(all[i].name), &all[i]);
		assert_ptr_equal(regions_lookup(all[i].display), &all[i]);
		if (all[i].slug != NULL)
			assert_ptr_equal(regions_lookup(all[i].slug), &all[i]);
		for (j = i + 1; j < n; j++)
			assert_string_not_equal(all[i].name, all[j].name);
	}
}

static void
test_region_equal(void **state)
{
	(void)state;
	assert_true(regions_equal("eastus", "East US"));
	assert_true(regions_equal("East US 2", "east-us-2"));
	assert_false(regions_equal("East US", "East US 2"));
	assert_false(regions_equal("Central US", "North Central US"));
	/* Unknown names: compared loosely. */
	assert_true(regions_equal("Mars North", "mars-north"));
	assert_false(regions_equal("Mars North", "Mars South"));
	assert_false(regions_equal("eastus", "Mars North"));
	assert_false(regions_equal(NULL, "eastus"));
}

static void
test_region_global(void **state)
{
	(void)state;
	assert_true(regions_is_global("Global"));
	assert_true(regions_is_global("global"));
	assert_true(regions_is_global("Multiple Regions"));
	assert_true(regions_is_global("multiple-regions"));
	assert_true(regions_is_global("Non-Regional"));
	assert_true(regions_is_global("NON REGIONAL"));
	assert_true(regions_is_global("All Regions"));
	assert_true(regions_is_global("Worldwide"));
	assert_false(regions_is_global("East US"));
	assert_false(regions_is_global("Azure Front Door"));
	assert_false(regions_is_global(""));
	assert_false(regions_is_global(NULL));
}

static void
test_region_find(void **state)
{
	const struct region_info *r;
	const char *t;
	size_t off, len;

	(void)state;
	t = "Customers in North Central US may see errors.";
	r = regions_find(t, &off, &len);
	assert_non_null(r);
	assert_string_equal(r->name, "northcentralus");
	assert_int_equal(off, 13);
	assert_int_equal(len, strlen("North Central US"));
	/* Continuing after the match finds nothing more: "Central US" inside
	 * it was never a separate match. */
	assert_null(regions_find(t + off + len, NULL, NULL));

	r = regions_find("impact in West US 2 and West US", &off, &len);
	assert_string_equal(r->name, "westus2");
	r = regions_find("impact in West US 2 and West US" + off + len,
	    &off, &len);
	assert_string_equal(r->name, "westus");

	r = regions_find("Region: eastus2.", &off, &len);
	assert_non_null(r);
	assert_string_equal(r->name, "eastus2");
	assert_int_equal(off, 8);
	assert_int_equal(len, 7);

	/* Word boundaries: no match inside a longer word or number. */
	assert_null(regions_find("NorthEastUSA", NULL, NULL));
	r = regions_find("East US 20 things", NULL, NULL);
	assert_string_equal(r->name, "eastus");
	assert_null(regions_find("no region here", NULL, NULL));
	assert_null(regions_find(NULL, NULL, NULL));

	r = regions_find("east-us-2 saw errors", &off, &len);
	assert_string_equal(r->name, "eastus2");
	assert_int_equal(len, 9);
}

static void
test_service_aliases(void **state)
{
	struct { const char *in, *out; } cases[] = {
		{ "Redis Cache", "Azure Cache for Redis" },
		{ "redis", "Azure Cache for Redis" },
		{ "Azure Redis", "Azure Cache for Redis" },
		{ "azure cache for redis", "Azure Cache for Redis" },
		{ "VM", "Virtual Machines" },
		{ "vms", "Virtual Machines" },
		{ "Virtual Machine", "Virtual Machines" },
		{ "virtual-machines", "Virtual Machines" },
		{ "AKS", "Azure Kubernetes Service (AKS)" },
		{ "Azure Kubernetes Service", "Azure Kubernetes Service (AKS)" },
		{ "SQL", "Azure SQL Database" },
		{ "SQL Database", "Azure SQL Database" },
		{ "Cosmos DB", "Azure Cosmos DB" },
		{ "Front Door", "Azure Front Door" },
		{ "AFD", "Azure Front Door" },
		{ "AAD", "Microsoft Entra ID" },
		{ "Entra ID", "Microsoft Entra ID" },
		{ "Azure Active Directory", "Microsoft Entra ID" },
		{ "Storage Account", "Storage" },
		{ "Blob Storage", "Storage" },
		{ "ARM", "Azure Resource Manager" },
		{ "Web Apps", "App Service" },
		{ "Monitor", "Azure Monitor" },
		{ "Azure Key Vault", "Key Vault" },
		{ "Functions", "Azure Functions" },
		{ "Azure Search", "Azure AI Search" },
		{ "Azure OpenAI", "Azure OpenAI Service" },
		{ "Event Hub", "Event Hubs" },
		{ "PostgreSQL", "Azure Database for PostgreSQL" },
		{ "MySQL", "Azure Database for MySQL" },
		{ "Portal", "Azure Portal" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *c = services_canonical(cases[i].in);

		if (c == NULL || strcmp(c, cases[i].out) != 0)
			fail_msg("%s -> %s, want %s", cases[i].in,
			    c ? c : "(null)", cases[i].out);
	}
	assert_null(services_canonical("Teleportation"));
	assert_null(services_canonical(""));
	assert_null(services_canonical(NULL));
	assert_true(services_equal("Redis Cache", "Azure Cache for Redis"));
	assert_true(services_equal("vm", "Virtual Machines"));
	assert_false(services_equal("Storage", "Virtual Machines"));
	assert_true(services_equal("Frobnicator X", "frobnicator-x"));
	assert_false(services_equal("Frobnicator", "Storage"));
}

static void
test_service_table(void **state)
{
	const char *const *all;
	size_t n, i;

	(void)state;
	all = services_all(&n);
	assert_true(n >= 60);
	for (i = 0; i < n; i++)
		assert_string_equal(services_canonical(all[i]), all[i]);
	/* Every alias resolves to a listed service (checked through a few
	 * that chain through the alias table). */
	assert_non_null(services_canonical("Azure Site Recovery"));
	assert_non_null(services_canonical("Log Analytics"));
	assert_non_null(services_canonical("API Management"));
	assert_non_null(services_canonical("ExpressRoute"));
	assert_non_null(services_canonical("VPN Gateway"));
	assert_non_null(services_canonical("Azure Container Apps"));
	assert_non_null(services_canonical("Azure Databricks"));
	assert_non_null(services_canonical("Azure Synapse Analytics"));
	assert_non_null(services_canonical("Azure Data Factory"));
	assert_non_null(services_canonical("Service Health"));
	assert_non_null(services_canonical("Backup"));
}

static void
test_service_find(void **state)
{
	const char *s;
	const char *t;
	size_t off, len;

	(void)state;
	t = "customers using Azure Cache for Redis in East US";
	s = services_find(t, &off, &len);
	assert_string_equal(s, "Azure Cache for Redis");
	assert_int_equal(off, 16);
	assert_int_equal(len, strlen("Azure Cache for Redis"));

	s = services_find("Virtual Machine Scale Sets failed", &off, &len);
	assert_string_equal(s, "Virtual Machine Scale Sets");
	s = services_find("some VMs restarted", &off, &len);
	assert_string_equal(s, "Virtual Machines");
	assert_int_equal(off, 5);
	/* Acronyms only in their own case; common words never. */
	assert_null(services_find("the arm of the vms", NULL, NULL));
	assert_null(services_find("a search in the portal", NULL, NULL));
	s = services_find("Errors in the Azure portal", NULL, NULL);
	assert_string_equal(s, "Azure Portal");
	assert_null(services_find(NULL, NULL, NULL));
}

static void
test_complete(void **state)
{
	const struct region_info *all;
	const char *const *svc;
	size_t idx[100], n, i;

	(void)state;
	all = regions_all(NULL);
	/* "east": prefix matches (East US, East US 2, ..., eastasia) first
	 * in table order, then those with "east" inside. */
	n = regions_complete("east", idx, 100);
	assert_true(n > 5);
	assert_string_equal(all[idx[0]].name, "eastus");
	assert_string_equal(all[idx[1]].name, "eastus2");
	for (i = 0; i < n; i++) {
		if (strncmp(all[idx[i]].name, "east", 4) != 0)
			break;
	}
	/* after the first non-prefix entry, no more prefix entries */
	for (; i < n; i++)
		assert_true(strncmp(all[idx[i]].name, "east", 4) != 0);
	/* "south east" finds southeastasia and australiasoutheast */
	n = regions_complete("south east", idx, 100);
	assert_int_equal(n, 3);
	assert_string_equal(all[idx[0]].name, "southeastasia");
	assert_string_equal(all[idx[1]].name, "brazilsoutheast");
	assert_string_equal(all[idx[2]].name, "australiasoutheast");
	/* max is honoured */
	assert_int_equal(regions_complete("", idx, 4), 4);
	assert_int_equal(regions_complete("zzz", idx, 100), 0);

	svc = services_all(NULL);
	n = services_complete("redis", idx, 100);
	assert_int_equal(n, 1);
	assert_string_equal(svc[idx[0]], "Azure Cache for Redis");
	n = services_complete("azure c", idx, 100);
	assert_true(n >= 3);
	assert_string_equal(svc[idx[0]], "Azure Cache for Redis");
	n = services_complete("vir", idx, 100);
	assert_true(n >= 3);
	assert_string_equal(svc[idx[0]], "Virtual Machines");
	assert_string_equal(svc[idx[1]], "Virtual Machine Scale Sets");
	/* "Front" is a prefix of an alias ("Front Door") of Azure Front
	 * Door: that counts as a prefix match. */
	n = services_complete("front", idx, 100);
	assert_true(n >= 1);
	assert_string_equal(svc[idx[0]], "Azure Front Door");
	/* aliases: initials, old names, umbrellas */
	n = services_complete("afd", idx, 100);
	assert_int_equal(n, 1);
	assert_string_equal(svc[idx[0]], "Azure Front Door");
	n = services_complete("azure active dir", idx, 100);
	assert_int_equal(n, 1);
	assert_string_equal(svc[idx[0]], "Microsoft Entra ID");
	n = services_complete("network infra", idx, 100);
	assert_int_equal(n, 1);
	assert_string_equal(svc[idx[0]], "Azure Networking");
	/* never across words: "redis" is not in "Azure Disk Storage" */
	n = services_complete("redis", idx, 100);
	assert_int_equal(n, 1);
}

/* Names as Service Health, the Support API's service list, status-page
 * titles and post-incident reviews write them. */
static void
test_service_names_written(void **state)
{
	struct { const char *in, *out; } cases[] = {
		{ "Relay", "Azure Relay" },
		{ "Front Door", "Azure Front Door" },
		{ "Frontdoor", "Azure Front Door" },
		{ "Azure Frontdoor", "Azure Front Door" },
		{ "AFD", "Azure Front Door" },
		{ "ARM", "Azure Resource Manager" },
		{ "Azure Resource Manager", "Azure Resource Manager" },
		{ "Azure Active Directory", "Microsoft Entra ID" },
		{ "Azure Active Directory B2C", "Microsoft Entra ID" },
		{ "AAD", "Microsoft Entra ID" },
		{ "Azure Networking", "Azure Networking" },
		{ "Networking", "Azure Networking" },
		{ "Network Infrastructure", "Azure Networking" },
		{ "VM", "Virtual Machines" },
		{ "Virtual machines", "Virtual Machines" },
		{ "VMSS", "Virtual Machine Scale Sets" },
		{ "AKS", "Azure Kubernetes Service (AKS)" },
		{ "SQL DB", "Azure SQL Database" },
		{ "CDN", "Azure CDN" },
		{ "Content Delivery Network", "Azure CDN" },
		{ "ADF", "Azure Data Factory" },
		{ "APIM", "API Management" },
		{ "ACS", "Azure Communication Services" },
		{ "App Service", "App Service" },
		{ "App Services", "App Service" },
		{ "App Service \\ Web Apps", "App Service" },
		{ "Functions", "Azure Functions" },
		{ "Azure Function Apps", "Azure Functions" },
		{ "Microsoft Azure portal", "Azure Portal" },
		{ "Managed Disks", "Storage" },
		{ "SQL Managed Instances", "Azure SQL Managed Instance" },
		{ "Azure Database for PostgreSQL flexible servers",
		    "Azure Database for PostgreSQL" },
		{ "Windows Virtual Desktop", "Azure Virtual Desktop" },
		{ "Azure Log Search Alerts", "Azure Monitor" },
		{ "Media Services", "Azure Media Services" },
		{ "Video Indexer", "Azure Video Indexer" },
		{ "Azure Healthcare APIs", "Azure Healthcare APIs" },
		{ "Azure Communication Services",
		    "Azure Communication Services" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *c = services_canonical(cases[i].in);

		if (c == NULL || strcmp(c, cases[i].out) != 0)
			fail_msg("%s -> %s, want %s", cases[i].in,
			    c ? c : "(null)", cases[i].out);
	}
	/* in free text: whole names and acronyms in their case only */
	assert_string_equal(services_find("customers using Frontdoor saw "
	    "errors", NULL, NULL), "Azure Front Door");
	assert_string_equal(services_find("Issues with Network "
	    "Infrastructure in East US", NULL, NULL), "Azure Networking");
	assert_null(services_find("the network was slow", NULL, NULL));
	assert_null(services_find("we relay updates here", NULL, NULL));
	/* generic phrases of real reviews are no service names */
	assert_null(services_find("activated our DDoS protection mechanisms",
	    NULL, NULL));
	assert_null(services_find("impact to downstream cloud services",
	    NULL, NULL));
}

static void
test_umbrella(void **state)
{
	const char *const *m;
	size_t n, i;
	bool vnet = false;

	(void)state;
	assert_true(services_is_umbrella("Azure Networking"));
	assert_true(services_is_umbrella("Networking"));
	assert_true(services_is_umbrella("Network Infrastructure"));
	assert_false(services_is_umbrella("Virtual Network"));
	assert_false(services_is_umbrella("Teleportation"));
	assert_string_equal(services_umbrella("VNet"), "Azure Networking");
	assert_string_equal(services_umbrella("AFD"), "Azure Networking");
	assert_string_equal(services_umbrella("ExpressRoute"),
	    "Azure Networking");
	assert_null(services_umbrella("Virtual Machines"));
	assert_null(services_umbrella(NULL));
	m = services_umbrella_members("Networking", &n);
	assert_non_null(m);
	assert_true(n >= 10);
	for (i = 0; i < n; i++) {
		assert_string_equal(services_canonical(m[i]), m[i]);
		if (strcmp(m[i], "Virtual Network") == 0)
			vnet = true;
	}
	assert_true(vnet);
	assert_null(services_umbrella_members("Storage", &n));
	assert_int_equal(n, 0);
}

static void
test_geography(void **state)
{
	const struct region_info *r[40];
	size_t n, off, len;
	const char *g;

	(void)state;
	assert_string_equal(regions_geography("Europe"), "Europe");
	assert_string_equal(regions_geography("APAC"), "Asia Pacific");
	assert_null(regions_geography("West Europe"));
	n = regions_in_geography("Europe", r, 40);
	assert_int_equal(n, 17);
	assert_string_equal(r[0]->name, "northeurope");
	assert_int_equal(regions_in_geography("Atlantis", r, 40), 0);
	/* "Europe" inside "West Europe" is the region */
	assert_null(regions_find_geography("errors in West Europe and North "
	    "Europe", NULL, NULL));
	g = regions_find_geography("West Europe, and customers across Europe",
	    &off, &len);
	assert_string_equal(g, "Europe");
	assert_int_equal(off, 34);
	assert_int_equal(len, 6);
	assert_null(regions_find_geography("no apac here", NULL, NULL));
	assert_string_equal(regions_find_geography("APAC users", NULL, NULL),
	    "Asia Pacific");
	/* scope words the status page uses */
	assert_true(regions_is_global("Public Non-Regional"));
	assert_true(regions_is_global("across regions"));
	assert_true(regions_is_global("Across multiple regions"));
}

static void
test_suggest(void **state)
{
	const struct region_info *all = regions_all(NULL);
	const char *const *svc = services_all(NULL);
	size_t idx[3], n;
	char msg[256];

	(void)state;
	n = services_suggest("Redis Cahce", idx, 3);
	assert_int_equal(n, 1);
	assert_string_equal(svc[idx[0]], "Azure Cache for Redis");
	n = services_suggest("Front Dor", idx, 3);
	assert_int_equal(n, 1);
	assert_string_equal(svc[idx[0]], "Azure Front Door");
	n = services_suggest("virtual mahcines", idx, 3);
	assert_string_equal(svc[idx[0]], "Virtual Machines");
	n = services_suggest("cache redis", idx, 3);	/* words, any order */
	assert_int_equal(n, 1);
	assert_string_equal(svc[idx[0]], "Azure Cache for Redis");
	assert_int_equal(services_suggest("Teleportation", idx, 3), 0);

	n = regions_suggest("eastus3", idx, 3);
	assert_int_equal(n, 2);
	assert_string_equal(all[idx[0]].display, "East US");
	assert_string_equal(all[idx[1]].display, "East US 2");
	n = regions_suggest("west euorpe", idx, 3);
	assert_int_equal(n, 1);
	assert_string_equal(all[idx[0]].display, "West Europe");
	assert_int_equal(regions_suggest("Atlantis", idx, 3), 0);

	services_unknown_text("Redis Cahce", msg, sizeof msg);
	assert_string_equal(msg, "unknown service 'Redis Cahce'; did you "
	    "mean 'Azure Cache for Redis'?");
	regions_unknown_text("eastus3", msg, sizeof msg);
	assert_string_equal(msg, "unknown region 'eastus3'; did you mean "
	    "'East US' or 'East US 2'?");
	regions_unknown_text("Atlantis", msg, sizeof msg);
	assert_string_equal(msg, "unknown region 'Atlantis'; see azwatch(1) "
	    "for the names azwatch knows");
	/* what was typed is shown cleaned */
	services_unknown_text("x\x1b[31my", msg, sizeof msg);
	assert_null(strchr(msg, '\x1b'));
	/* a short buffer is cut, never overrun */
	services_unknown_text("Redis Cahce", msg, 20);
	assert_int_equal(strlen(msg), 19);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_region_forms),
		cmocka_unit_test(test_region_table),
		cmocka_unit_test(test_region_equal),
		cmocka_unit_test(test_region_global),
		cmocka_unit_test(test_region_find),
		cmocka_unit_test(test_service_aliases),
		cmocka_unit_test(test_service_table),
		cmocka_unit_test(test_service_find),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_service_names_written),
		cmocka_unit_test(test_umbrella),
		cmocka_unit_test(test_geography),
		cmocka_unit_test(test_suggest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
