/* test-filter.c: the feed's filters and search without a terminal: each
 * criterion, combinations, case, the resolved and maintenance toggles,
 * the description shown in the feed and the gate notify reads. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "filter.h"
#include "xmalloc.h"

#define T0	1764000000

/* The redis-eastus story: an outage, a maintenance window ahead, an
 * advisory, and an older resolved incident. */
static struct inc_list feed;

static struct incident *
mk(const char *id, const char *title, enum inc_type type,
    enum inc_status st, const char *service, const char *region,
    const char *sub, const char *update, time_t t)
{
	struct incident *inc = incident_new(id);

	inc->tracking_id = xstrdup(id);
	inc->title = xstrdup(title);
	inc->type = type;
	inc->status = st;
	incident_add_impact(inc, service, region, st);
	if (sub != NULL)
		strv_add(&inc->subscriptions, sub);
	incident_add_update(inc, t, CHAN_SERVICE_HEALTH, update);
	return inc;
}

static int
setup(void **state)
{
	(void)state;
	memset(&feed, 0, sizeof feed);
	inc_list_add(&feed, mk("7K2Q-XL8",
	    "Azure Cache for Redis - East US - Connection timeouts",
	    INC_SERVICE_ISSUE, INC_ACTIVE, "Azure Cache for Redis", "East US",
	    "sub-a1", "Engineers have identified a configuration change.",
	    T0));
	inc_list_add(&feed, mk("PM4R-Q1Z",
	    "Planned maintenance: Virtual Machines - West Europe",
	    INC_PLANNED_MAINTENANCE, INC_ACTIVE, "Virtual Machines",
	    "West Europe", "sub-a1", "Maintenance scheduled.", T0 - 3600));
	inc_list_add(&feed, mk("HA8P-3VN",
	    "Action recommended: move to TLS 1.2 for Azure Storage",
	    INC_HEALTH_ADVISORY, INC_ACTIVE, "Storage", "North Europe",
	    "sub-a2", "Retirement announced.", T0 - 86400));
	inc_list_add(&feed, mk("OLD1-ABC", "Virtual Machines - East US",
	    INC_SERVICE_ISSUE, INC_RESOLVED, "Virtual Machines", "East US",
	    NULL, "This issue is now mitigated. Look for the PIR.",
	    T0 - 5 * 86400));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	inc_list_clear(&feed);
	return 0;
}

/* Which tracking ids pass, in feed order, joined by spaces. */
static char *
passing(const struct filter *f)
{
	char out[256] = "";
	size_t i;

	for (i = 0; i < feed.n; i++) {
		if (!filter_pass(f, feed.v[i]))
			continue;
		if (out[0] != '\0')
			strcat(out, " ");
		strcat(out, feed.v[i]->tracking_id);
	}
	return xstrdup(out);
}

#define assert_passing(f, want) do {					\
	char *got_ = passing(f);					\
	assert_string_equal(got_, want);				\
	free(got_);							\
} while (0)

static void
test_nothing_hides_nothing(void **state)
{
	struct filter f;
	char *d;

	(void)state;
	filter_init(&f);
	assert_false(filter_active(&f));
	assert_passing(&f, "7K2Q-XL8 PM4R-Q1Z HA8P-3VN OLD1-ABC");
	assert_int_equal(filter_count(&f, &feed), 4);
	d = filter_describe(&f);
	assert_string_equal(d, "");
	free(d);
	filter_free(&f);
}

static void
test_each_field(void **state)
{
	struct filter f;

	(void)state;
	filter_init(&f);
	filter_set(&f, FILTER_SERVICE, "Virtual Machines");
	assert_passing(&f, "PM4R-Q1Z OLD1-ABC");
	/* Aliases and case, as regions.h compares them. */
	filter_set(&f, FILTER_SERVICE, "redis cache");
	assert_passing(&f, "7K2Q-XL8");
	filter_set(&f, FILTER_SERVICE, NULL);

	filter_set(&f, FILTER_REGION, "eastus");
	assert_passing(&f, "7K2Q-XL8 OLD1-ABC");
	filter_set(&f, FILTER_REGION, "NORTH EUROPE");
	assert_passing(&f, "HA8P-3VN");
	filter_set(&f, FILTER_REGION, "");
	assert_null(f.field[FILTER_REGION]);

	filter_set(&f, FILTER_SUBSCRIPTION, "SUB-A1");
	assert_passing(&f, "7K2Q-XL8 PM4R-Q1Z");
	filter_set(&f, FILTER_SUBSCRIPTION, NULL);

	filter_set(&f, FILTER_TYPE, "health-advisory");
	assert_passing(&f, "HA8P-3VN");
	filter_set(&f, FILTER_TYPE, "Service-Issue");
	assert_passing(&f, "7K2Q-XL8 OLD1-ABC");
	filter_set(&f, FILTER_TYPE, NULL);

	filter_set(&f, FILTER_STATUS, "resolved");
	assert_passing(&f, "OLD1-ABC");
	filter_set(&f, FILTER_STATUS, "active");
	assert_passing(&f, "7K2Q-XL8 PM4R-Q1Z HA8P-3VN");
	filter_free(&f);
}

static void
test_toggles(void **state)
{
	struct filter f;
	char *d;

	(void)state;
	filter_init(&f);
	f.hide_resolved = true;
	assert_true(filter_active(&f));
	assert_passing(&f, "7K2Q-XL8 PM4R-Q1Z HA8P-3VN");
	f.hide_maintenance = true;
	assert_passing(&f, "7K2Q-XL8 HA8P-3VN");
	d = filter_describe(&f);
	assert_string_equal(d, "hide resolved, hide maintenance");
	free(d);
	f.hide_resolved = false;
	assert_passing(&f, "7K2Q-XL8 HA8P-3VN OLD1-ABC");
	filter_clear(&f);
	assert_false(f.hide_maintenance);
	assert_passing(&f, "7K2Q-XL8 PM4R-Q1Z HA8P-3VN OLD1-ABC");
	filter_free(&f);
}

static void
test_combinations(void **state)
{
	struct filter f;
	char *d;

	(void)state;
	filter_init(&f);
	filter_set(&f, FILTER_REGION, "East US");
	filter_set(&f, FILTER_SERVICE, "Virtual Machines");
	assert_passing(&f, "OLD1-ABC");
	f.hide_resolved = true;
	assert_passing(&f, "");
	assert_int_equal(filter_count(&f, &feed), 0);
	filter_set(&f, FILTER_SERVICE, NULL);
	assert_passing(&f, "7K2Q-XL8");
	filter_set_search(&f, "redis");
	d = filter_describe(&f);
	assert_string_equal(d, "region=East US, hide resolved · /redis");
	free(d);
	/* A filter and a search that disagree leave nothing. */
	filter_set_search(&f, "TLS");
	assert_passing(&f, "");
	filter_free(&f);
}

static void
test_search(void **state)
{
	struct filter f;

	(void)state;
	filter_init(&f);
	filter_set_search(&f, "redis");			/* title, any case */
	assert_true(filter_active(&f));
	assert_passing(&f, "7K2Q-XL8");
	filter_set_search(&f, "ha8p");			/* tracking id */
	assert_passing(&f, "HA8P-3VN");
	filter_set_search(&f, "west europe");		/* region */
	assert_passing(&f, "PM4R-Q1Z");
	filter_set_search(&f, "STORAGE");		/* service and title */
	assert_passing(&f, "HA8P-3VN");
	filter_set_search(&f, "configuration change");	/* update text */
	assert_passing(&f, "7K2Q-XL8");
	filter_set_search(&f, "pir");			/* an older update */
	assert_passing(&f, "OLD1-ABC");
	filter_set_search(&f, "virtual");
	assert_passing(&f, "PM4R-Q1Z OLD1-ABC");
	filter_set_search(&f, "no such thing");
	assert_passing(&f, "");
	/* The search narrows the list, never filter_match. */
	assert_true(filter_match(&f, feed.v[0]));
	assert_false(filter_search(&f, feed.v[0]));
	filter_set_search(&f, "");
	assert_null(f.search);
	assert_passing(&f, "7K2Q-XL8 PM4R-Q1Z HA8P-3VN OLD1-ABC");
	filter_free(&f);
}

static void
test_copy_and_values(void **state)
{
	struct filter f, g;
	struct strv v = { NULL, 0 };

	(void)state;
	filter_init(&f);
	filter_init(&g);
	filter_set(&f, FILTER_REGION, "East US");
	filter_set_search(&f, "redis");
	f.hide_resolved = true;
	filter_copy(&g, &f);
	filter_free(&f);
	assert_string_equal(g.field[FILTER_REGION], "East US");
	assert_string_equal(g.search, "redis");
	assert_true(g.hide_resolved);
	filter_free(&g);

	filter_values(FILTER_REGION, &feed, &v);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.v[0], "East US");
	assert_string_equal(v.v[1], "North Europe");
	assert_string_equal(v.v[2], "West Europe");
	strv_free(&v);
	filter_values(FILTER_SUBSCRIPTION, &feed, &v);
	assert_int_equal(v.n, 2);
	strv_free(&v);
	filter_values(FILTER_STATUS, &feed, &v);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.v[2], "resolved");
	strv_free(&v);
	filter_values(FILTER_TYPE, &feed, &v);
	assert_true(strv_has(&v, "planned-maintenance"));
	strv_free(&v);
	assert_string_equal(filter_field_name(FILTER_SUBSCRIPTION),
	    "subscription");
}

static void
test_gate_for_notify(void **state)
{
	struct filter_gate *g = filter_gate_new();
	struct filter f;

	(void)state;
	/* An empty gate lets everything through. */
	assert_true(filter_gate_match(feed.v[3], g));
	filter_init(&f);
	f.hide_resolved = true;
	filter_set(&f, FILTER_REGION, "East US");
	filter_set_search(&f, "TLS");
	filter_gate_set(g, &f);
	filter_free(&f);		/* the gate keeps its own copy */
	assert_true(filter_gate_match(feed.v[0], g));	/* search ignored */
	assert_false(filter_gate_match(feed.v[1], g));	/* West Europe */
	assert_false(filter_gate_match(feed.v[3], g));	/* resolved */
	filter_gate_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nothing_hides_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_field, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_toggles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_combinations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_and_values, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gate_for_notify, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
