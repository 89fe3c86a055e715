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

/* Support's service list, as GET /providers/Microsoft.Support/services
 * answers it (its ticket form's names, with resourceTypes in capitals,
 * as in the Support API's ListServices example): a name Service Health
 * also uses wins, the table comes next, then the name of the one service
 * listing a type. */
static void
test_support_map(void **state)
{
	struct restype_map *m = restype_map_new();
	char big[RESTYPE_NAME_MAX + 8];

	(void)state;
	restype_map_add(m, "MICROSOFT.CLASSICCOMPUTE/VIRTUALMACHINES",
	    "Virtual Machine running Windows");
	restype_map_add(m, "MICROSOFT.COMPUTE/VIRTUALMACHINES",
	    "Virtual Machine running Windows");
	restype_map_add(m, "MICROSOFT.COMPUTE/VIRTUALMACHINES",
	    "Virtual Machine running Linux");
	/* a type the table does not know, named as Service Health does */
	restype_map_add(m, "MICROSOFT.LOADTESTSERVICE/LOADTESTS",
	    "Azure Load Testing");
	/* named by one Support service that Service Health does not know */
	restype_map_add(m, "MICROSOFT.CONTOSO/WIDGETS", "Contoso Widgets");
	/* two services, neither a Service Health name: no guess */
	restype_map_add(m, "MICROSOFT.STORAGE/STORAGEACCOUNTS",
	    "Storage Account Management");
	restype_map_add(m, "MICROSOFT.STORAGE/STORAGEACCOUNTS",
	    "Data Box");
	restype_map_add(m, "MICROSOFT.FABRIKAM/THINGS", "Fabrikam A");
	restype_map_add(m, "MICROSOFT.FABRIKAM/THINGS", "Fabrikam B");
	/* remote text that is no name is left out */
	restype_map_add(m, "MICROSOFT.EVIL/ONES", "bad\x1b[31mname");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	restype_map_add(m, "MICROSOFT.BIG/ONES", big);
	restype_map_add(m, "NOSLASH", "Azure Load Testing");
	assert_int_equal(restype_map_count(m), 9);

	assert_string_equal(restype_map_service(m,
	    "Microsoft.Compute/virtualMachines"), "Virtual Machines");
	assert_string_equal(restype_map_service(m,
	    "Microsoft.ClassicCompute/virtualMachines"), "Virtual Machines");
	assert_string_equal(restype_map_service(m,
	    "Microsoft.LoadTestService/loadtests"), "Azure Load Testing");
	/* nested types fall back to the parent, in the list as well */
	assert_string_equal(restype_map_service(m,
	    "Microsoft.LoadTestService/loadtests/runs"), "Azure Load Testing");
	assert_string_equal(restype_map_service(m,
	    "Microsoft.Contoso/widgets"), "Contoso Widgets");
	/* the table where the list's names are not Service Health's */
	assert_string_equal(restype_map_service(m,
	    "Microsoft.Storage/storageAccounts"), "Storage");
	assert_string_equal(restype_map_service(m,
	    "Microsoft.Cache/Redis"), "Azure Cache for Redis");
	assert_null(restype_map_service(m, "Microsoft.Fabrikam/things"));
	assert_null(restype_map_service(m, "Microsoft.Evil/ones"));
	assert_null(restype_map_service(m, "Microsoft.Big/ones"));
	assert_null(restype_map_service(m, NULL));
	assert_string_equal(restype_map_service_of_id(m, "/subscriptions/s/"
	    "resourceGroups/rg/providers/Microsoft.LoadTestService/loadtests/"
	    "lt1"), "Azure Load Testing");
	/* no map, or an empty one: the table alone */
	assert_null(restype_map_service(NULL,
	    "Microsoft.LoadTestService/loadtests"));
	assert_string_equal(restype_map_service(NULL, "Microsoft.Cache/Redis"),
	    "Azure Cache for Redis");
	restype_map_free(m);
	m = restype_map_new();
	assert_null(restype_map_service(m, "Microsoft.Contoso/widgets"));
	restype_map_free(m);
	restype_map_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_names_are_canonical),
		cmocka_unit_test(test_common_types),
		cmocka_unit_test(test_nested_and_unknown),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_support_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
