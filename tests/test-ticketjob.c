/* test-ticketjob.c: the helpers behind the wizard's ticket screens: the
 * subscription named by a resource id, the type-ahead filter, the service
 * that best matches the wizard's answer, missing contact details, and a
 * job's own copies of the draft's strings. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ticketjob.h"
#include "xmalloc.h"

static void
test_resource_subscription(void **state)
{
	char *s;

	s = ticketjob_resource_subscription("/subscriptions/"
	    "00000000-0000-0000-0000-0000000000a1/resourceGroups/rg/providers/"
	    "Microsoft.Cache/Redis/cache1");
	assert_non_null(s);
	assert_string_equal(s, "00000000-0000-0000-0000-0000000000a1");
	free(s);
	s = ticketjob_resource_subscription("/SUBSCRIPTIONS/ABCDEF01-2345-"
	    "6789-abcd-ef0123456789");
	assert_non_null(s);
	assert_string_equal(s, "ABCDEF01-2345-6789-abcd-ef0123456789");
	free(s);
	/* nothing but a GUID may reach the ticket's address */
	assert_null(ticketjob_resource_subscription("/subscriptions/a1?x=1/rg"));
	assert_null(ticketjob_resource_subscription("/subscriptions/../x"));
	assert_null(ticketjob_resource_subscription("/subscriptions//rg"));
	assert_null(ticketjob_resource_subscription("/resourceGroups/rg"));
	assert_null(ticketjob_resource_subscription("cache1"));
	assert_null(ticketjob_resource_subscription(NULL));
}

static void
test_matches(void **state)
{
	assert_true(ticketjob_matches("Azure Cache for Redis", ""));
	assert_true(ticketjob_matches("Azure Cache for Redis", NULL));
	assert_true(ticketjob_matches("Azure Cache for Redis", "redis"));
	assert_true(ticketjob_matches("Azure Cache for Redis", " REDIS  cache"));
	assert_false(ticketjob_matches("Azure Cache for Redis", "redis vm"));
	assert_true(ticketjob_matches("Connectivity / Connection timeouts",
	    "conn time"));
	assert_false(ticketjob_matches(NULL, "x"));
	/* initials */
	assert_true(ticketjob_matches("Virtual Machine running Linux", "vm"));
	assert_true(ticketjob_matches("Virtual Machine running Linux",
	    "vm linux"));
	assert_true(ticketjob_matches("Azure Kubernetes Service (AKS)", "aks"));
	assert_false(ticketjob_matches("Azure Backup", "vm"));
	assert_true(ticketjob_matches("Azure Backup", "ab"));
	assert_false(ticketjob_matches("Azure Backup", "xb"));
}

static void
choices_add(struct ticket_choices *c, const char *name)
{
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	memset(&c->v[c->n], 0, sizeof c->v[c->n]);
	c->v[c->n].id = xasprintf("/providers/Microsoft.Support/services/%zu",
	    c->n);
	c->v[c->n].name = xstrdup(name);
	c->n++;
}

static void
test_best(void **state)
{
	struct ticket_choices c = { 0 };

	choices_add(&c, "Azure Backup");
	choices_add(&c, "Azure Cache for Redis Enterprise");
	choices_add(&c, "Virtual Machine running Windows");
	choices_add(&c, "Virtual Machine running Linux");
	choices_add(&c, "Azure Cache for Redis");
	choices_add(&c, "Azure Kubernetes Service (AKS)");
	choices_add(&c, "Storage Account Management");

	assert_int_equal(ticketjob_best(&c, "Azure Cache for Redis"), 4);
	assert_int_equal(ticketjob_best(&c, "azure cache for redis"), 4);
	/* plural against singular, the first of equals */
	assert_int_equal(ticketjob_best(&c, "Virtual Machines"), 2);
	assert_int_equal(ticketjob_best(&c, "Azure Kubernetes Service"), 5);
	assert_int_equal(ticketjob_best(&c, "Storage"), 6);
	/* nothing fits: the first */
	assert_int_equal(ticketjob_best(&c, "Azure Quantum"), 0);
	assert_int_equal(ticketjob_best(&c, NULL), 0);
	assert_int_equal(ticketjob_best(&c, ""), 0);
	ticket_choices_free(&c);
	assert_int_equal(ticketjob_best(&c, "Storage"), 0);
}

static void
test_missing_contact(void **state)
{
	struct cfg cfg;
	char *m;

	memset(&cfg, 0, sizeof cfg);
	m = ticketjob_missing_contact(&cfg);
	assert_non_null(m);
	assert_string_equal(m, "first_name, last_name, email");
	free(m);
	cfg.contact_first_name = (char *)"Ada";
	cfg.contact_last_name = (char *)"";
	m = ticketjob_missing_contact(&cfg);
	assert_string_equal(m, "last_name, email");
	free(m);
	cfg.contact_last_name = (char *)"Lovelace";
	m = ticketjob_missing_contact(&cfg);
	assert_string_equal(m, "email");
	free(m);
	cfg.contact_email = (char *)"ada@contoso.com";
	assert_null(ticketjob_missing_contact(&cfg));
}

static void
test_keep(void **state)
{
	struct ticketjob *j = ticketjob_new(TICKETJOB_SEND);
	char *s = xstrdup("/providers/Microsoft.Support/services/x");
	const char *k;

	assert_false(ticketjob_finished(j));
	assert_int_equal(j->kind, TICKETJOB_SEND);
	k = ticketjob_keep(j, s);
	assert_ptr_not_equal(k, s);
	free(s);
	/* the copy outlives what it was made from */
	assert_string_equal(k, "/providers/Microsoft.Support/services/x");
	assert_null(ticketjob_keep(j, NULL));
	ticketjob_free(j);
	ticketjob_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resource_subscription),
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_best),
		cmocka_unit_test(test_missing_contact),
		cmocka_unit_test(test_keep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
