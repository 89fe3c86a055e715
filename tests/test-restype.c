/* test-restype.c: resource types to Service Health services, and the
 * parts of ARM resource ids. The ids are in the shapes ARM and Azure
 * Monitor alerts write them (targetResource), mixed case included. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "regions.h"
#include "restype.h"

static void
test_table_names_are_canonical(void **state)
{
	const struct restype_entry *t;
	size_t i, n;

	(void)state;
	t = restype_all(&n);
	assert_true(n >= 40);
	for (i = 0; i < n; i++) {
		const char *c = services_canonical(t[i].service);

		if (c == NULL || strcmp(c, t[i].service) != 0)
			fail_msg("%s maps to '%s', not a canonical service name",
			    t[i].type, t[i].service);
	}
}

static void
test_common_types(void **state)
{
	(void)state;
	assert_string_equal(restype_service("Microsoft.Cache/redis"),
	    "Azure Cache for Redis");
	assert_string_equal(restype_service("MICROSOFT.CACHE/REDIS"),
	    "Azure Cache for Redis");
	assert_string_equal(restype_service("Microsoft.Compute/virtualMachines"),
	    "Virtual Machines");
	assert_string_equal(restype_service("Microsoft.Storage/storageAccounts"),
	    "Storage");
	assert_string_equal(restype_service("Microsoft.DocumentDB/databaseAccounts"),
	    "Azure Cosmos DB");
	assert_string_equal(restype_service("Microsoft.Web/sites"),
	    "App Service");
	assert_string_equal(restype_service(
	    "Microsoft.ContainerService/managedClusters"),
	    "Azure Kubernetes Service (AKS)");
	assert_string_equal(restype_service("Microsoft.KeyVault/vaults"),
	    "Key Vault");
	assert_string_equal(restype_service("Microsoft.EventHub/namespaces"),
	    "Event Hubs");
	assert_string_equal(restype_service("Microsoft.ServiceBus/namespaces"),
	    "Service Bus");
	assert_string_equal(restype_service("Microsoft.Network/loadBalancers"),
	    "Load Balancer");
	assert_string_equal(restype_service("Microsoft.Sql/servers/databases"),
	    "Azure SQL Database");
	assert_string_equal(restype_service("Microsoft.Sql/managedInstances"),
	    "Azure SQL Managed Instance");
}

static void
test_nested_and_unknown(void **state)
{
	(void)state;
	/* a child type falls back to its parent */
	assert_string_equal(restype_service(
	    "Microsoft.Storage/storageAccounts/blobServices"), "Storage");
	assert_string_equal(restype_service(
	    "Microsoft.Web/sites/slots/"), "App Service");
	assert_null(restype_service("Microsoft.Contoso/widgets"));
	assert_null(restype_service("Microsoft.Cache"));
	assert_null(restype_service(""));
	assert_null(restype_service(NULL));
}

static void
test_ids(void **state)
{
	char buf[256];

	(void)state;
	assert_true(restype_of_id("/subscriptions/00000000-0000-0000-0000-"
	    "0000000000a1/resourceGroups/rg-cache-eastus/providers/"
	    "Microsoft.Cache/Redis/contoso-cache-eus", buf, sizeof buf));
	assert_string_equal(buf, "Microsoft.Cache/Redis");
	assert_true(restype_of_id("/subscriptions/s/resourcegroups/rg/providers/"
	    "microsoft.sql/servers/db-srv/databases/orders", buf, sizeof buf));
	assert_string_equal(buf, "microsoft.sql/servers/databases");
	assert_string_equal(restype_service_of_id("/subscriptions/s/"
	    "resourcegroups/rg/providers/microsoft.sql/servers/db-srv/"
	    "databases/orders"), "Azure SQL Database");
	/* an extension resource names its own type */
	assert_true(restype_of_id("/subscriptions/s/resourceGroups/rg/providers/"
	    "Microsoft.Compute/virtualMachines/vm1/providers/"
	    "Microsoft.Insights/metricAlerts/x", buf, sizeof buf));
	assert_string_equal(buf, "Microsoft.Insights/metricAlerts");
	/* a subscription or a group is no resource type */
	assert_false(restype_of_id("/subscriptions/s", buf, sizeof buf));
	assert_string_equal(buf, "");
	assert_false(restype_of_id("/subscriptions/s/resourceGroups/rg", buf,
	    sizeof buf));
	assert_false(restype_of_id("/subscriptions/s/providers/Microsoft.Cache",
	    buf, sizeof buf));
	assert_null(restype_service_of_id("/subscriptions/s"));
	assert_false(restype_of_id(NULL, buf, sizeof buf));

	assert_true(restype_id_part("/subscriptions/abc/resourcegroups/RG-1/"
	    "providers/Microsoft.Cache/Redis/x", "resourceGroups", buf,
	    sizeof buf));
	assert_string_equal(buf, "RG-1");
	assert_true(restype_id_part("/SUBSCRIPTIONS/abc/", "subscriptions", buf,
	    sizeof buf));
	assert_string_equal(buf, "abc");
	assert_false(restype_id_part("/subscriptions/abc", "resourceGroups", buf,
	    sizeof buf));
	assert_false(restype_id_part("/subscriptions", "subscriptions", buf,
	    sizeof buf));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_names_are_canonical),
		cmocka_unit_test(test_common_types),
		cmocka_unit_test(test_nested_and_unknown),
		cmocka_unit_test(test_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
