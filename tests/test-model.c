/* test-model.c: the incident model: update order and dedupe, impacts,
 * merging the same incident seen by several channels, snapshots. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model.h"

static void
test_updates_newest_first_and_dedupe(void **state)
{
	struct incident *inc = incident_new("7K2Q-XL8");

	incident_add_update(inc, 100, CHAN_STATUS_PAGE, "first");
	incident_add_update(inc, 300, CHAN_STATUS_PAGE, "third");
	incident_add_update(inc, 200, CHAN_SERVICE_HEALTH, "second");
	incident_add_update(inc, 300, CHAN_STATUS_PAGE, "third");	/* dup */
	incident_add_update(inc, 300, CHAN_SERVICE_HEALTH, "third");	/* other source */
	assert_int_equal(inc->nupdates, 4);
	assert_int_equal(inc->updates[0].time, 300);
	assert_int_equal(inc->updates[3].time, 100);
	assert_string_equal(inc->updates[3].text, "first");
	assert_int_equal(inc->last_update, 300);
	incident_free(inc);
}

static void
test_impacts(void **state)
{
	struct incident *inc = incident_new("k");

	incident_add_impact(inc, "Virtual Machines", "East US", INC_RESOLVED);
	incident_add_impact(inc, "Virtual Machines", "west us", INC_ACTIVE);
	incident_add_impact(inc, "virtual machines", "East US", INC_ACTIVE);
	incident_add_impact(inc, "Storage", NULL, INC_MITIGATED);
	assert_int_equal(inc->nimpacts, 3);
	/* the more active status wins for the same pair */
	assert_int_equal(inc->impacts[0].status, INC_ACTIVE);
	assert_null(inc->impacts[2].region);
	assert_int_equal(inc->services.n, 2);
	assert_int_equal(inc->regions.n, 2);
	incident_free(inc);
}

static struct incident *
make(const char *key, unsigned src, time_t t, enum inc_status st,
    const char *title)
{
	struct incident *inc = incident_new(key);

	inc->sources = CHAN_BIT(src);
	inc->title = strdup(title);
	inc->status = st;
	incident_add_update(inc, t, (enum chan_id)src, title);
	incident_add_impact(inc, "Azure Cache for Redis", "East US", st);
	return inc;
}

static void
test_merge_across_channels(void **state)
{
	struct inc_list a = { 0 }, b = { 0 }, all = { 0 };
	struct incident *m;

	inc_list_add(&a, make("7K2Q-XL8", CHAN_SERVICE_HEALTH, 100, INC_ACTIVE,
	    "from service health"));
	inc_list_add(&b, make("7K2Q-XL8", CHAN_STATUS_PAGE, 200, INC_MITIGATED,
	    "from the feed"));
	inc_list_add(&b, make("OTHER-1", CHAN_STATUS_PAGE, 50, INC_ACTIVE,
	    "other"));
	inc_list_merge(&all, &a);
	inc_list_merge(&all, &b);
	inc_list_merge(&all, &b);	/* merging twice changes nothing */
	assert_int_equal(all.n, 2);
	m = inc_list_find(&all, "7k2q-xl8");
	assert_non_null(m);
	assert_int_equal(m->sources, CHAN_BIT(CHAN_SERVICE_HEALTH) |
	    CHAN_BIT(CHAN_STATUS_PAGE));
	assert_int_equal(m->nupdates, 2);
	/* Service Health's fields win even when the feed is newer */
	assert_string_equal(m->title, "from service health");
	assert_int_equal(m->status, INC_ACTIVE);
	assert_int_equal(m->last_update, 200);
	inc_list_sort(&all);
	assert_string_equal(all.v[0]->key, "7K2Q-XL8");
	inc_list_clear(&a);
	inc_list_clear(&b);
	inc_list_clear(&all);
}

static void
test_dup_is_deep(void **state)
{
	struct incident *a = make("k", CHAN_X, 5, INC_ACTIVE, "t"), *b;

	strv_add(&a->links, "https://example.com");
	b = incident_dup(a);
	incident_free(a);
	assert_string_equal(b->title, "t");
	assert_string_equal(b->links.v[0], "https://example.com");
	assert_string_equal(b->impacts[0].region, "East US");
	incident_free(b);
}

/* A merged list shares the incidents only one channel has; changing one
 * through inc_list_own copies it first and leaves the channel's alone. */
static void
test_merge_shares_and_copies_on_write(void **state)
{
	struct inc_list chan = { 0 }, other = { 0 }, snap = { 0 };
	struct incident *orig, *mine;

	(void)state;
	orig = make("7K2Q-XL8", CHAN_STATUS_PAGE, 100, INC_ACTIVE, "feed");
	inc_list_add(&chan, orig);
	inc_list_merge(&snap, &chan);
	assert_ptr_equal(snap.v[0], orig);
	assert_int_equal(atomic_load(&orig->refs), 2);

	/* a second channel with the same key: the merged list gets its own
	 * copy, the first channel's incident is untouched */
	inc_list_add(&other, make("7K2Q-XL8", CHAN_SERVICE_HEALTH, 200,
	    INC_MITIGATED, "health"));
	inc_list_merge(&snap, &other);
	assert_ptr_not_equal(snap.v[0], orig);
	assert_int_equal(atomic_load(&orig->refs), 1);
	assert_string_equal(orig->title, "feed");
	assert_int_equal(orig->nupdates, 1);
	assert_int_equal(orig->sources, CHAN_BIT(CHAN_STATUS_PAGE));
	assert_int_equal(snap.v[0]->nupdates, 2);

	/* owning an incident nobody else holds does not copy it */
	mine = snap.v[0];
	assert_ptr_equal(inc_list_own(&snap, "7k2q-xl8"), mine);
	assert_null(inc_list_own(&snap, "nope"));

	/* owning a shared one does */
	inc_list_clear(&snap);
	inc_list_merge(&snap, &chan);
	mine = inc_list_own(&snap, "7K2Q-XL8");
	assert_ptr_not_equal(mine, orig);
	assert_ptr_equal(snap.v[0], mine);
	incident_set(&mine->title, "changed");
	assert_string_equal(orig->title, "feed");
	assert_int_equal(atomic_load(&orig->refs), 1);

	/* the last reference frees (the sanitizers and valgrind check) */
	incident_ref(orig);
	inc_list_clear(&chan);
	assert_string_equal(orig->title, "feed");
	incident_free(orig);
	inc_list_clear(&other);
	inc_list_clear(&snap);
}

static void
test_snapshot(void **state)
{
	struct snapshot *s = snapshot_new(), *r;

	assert_string_equal(snapshot_overall(s), "unknown");
	s->chans[CHAN_STATUS_PAGE].state = CHAN_OK;
	assert_string_equal(snapshot_overall(s), "ok");
	s->chans[CHAN_SERVICE_HEALTH].state = CHAN_UNREACHABLE;
	assert_string_equal(snapshot_overall(s), "degraded");
	inc_list_add(&s->incidents, make("k", CHAN_STATUS_PAGE, 1, INC_ACTIVE,
	    "t"));
	assert_int_equal(snapshot_active_count(s), 1);
	assert_string_equal(snapshot_overall(s), "incident");
	r = snapshot_ref(s);
	snapshot_unref(s);
	assert_int_equal(r->incidents.n, 1);	/* still alive */
	snapshot_unref(r);
}

/* Past INC_INDEX_MIN entries lookups go through the hash index; it must
 * stay right through sorting and hand removal. */
static void
test_index(void **state)
{
	struct inc_list l = { 0 };
	struct incident *inc;
	char key[32];
	int i;

	for (i = 0; i < 500; i++) {
		snprintf(key, sizeof key, "KEY-%03d", i);
		inc = incident_new(key);
		inc->last_update = i;
		inc_list_add(&l, inc);
	}
	assert_non_null(l.slots);
	assert_non_null(inc_list_find(&l, "key-123"));
	assert_string_equal(inc_list_find(&l, "KEY-499")->key, "KEY-499");
	assert_null(inc_list_find(&l, "KEY-500"));
	inc_list_sort(&l);
	assert_string_equal(l.v[0]->key, "KEY-499");
	assert_int_equal(inc_list_find(&l, "KEY-007")->last_update, 7);
	/* remove the first by hand, as channels do */
	incident_free(l.v[0]);
	memmove(&l.v[0], &l.v[1], (l.n - 1) * sizeof *l.v);
	l.n--;
	assert_null(inc_list_find(&l, "KEY-499"));
	assert_int_equal(inc_list_find(&l, "KEY-498")->last_update, 498);
	inc_list_add(&l, incident_new("NEW-1"));
	assert_non_null(inc_list_find(&l, "new-1"));
	assert_int_equal(inc_list_find(&l, "KEY-000")->last_update, 0);
	inc_list_clear(&l);
	assert_null(l.slots);
}

static void
test_names(void **state)
{
	assert_string_equal(chan_id_name(CHAN_SERVICE_HEALTH), "service-health");
	assert_int_equal(chan_id_parse("support"), CHAN_SUPPORT);
	assert_int_equal(chan_id_parse("nope"), -1);
	assert_string_equal(inc_type_name(INC_PLANNED_MAINTENANCE),
	    "planned-maintenance");
	assert_int_equal(inc_status_parse("Mitigated"), INC_MITIGATED);
	assert_string_equal(chan_state_name(CHAN_UNCONFIGURED), "unconfigured");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_updates_newest_first_and_dedupe),
		cmocka_unit_test(test_impacts),
		cmocka_unit_test(test_merge_across_channels),
		cmocka_unit_test(test_dup_is_deep),
		cmocka_unit_test(test_merge_shares_and_copies_on_write),
		cmocka_unit_test(test_snapshot),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
