/* test-viewcache.c: the "last screen" cache: a round trip keeps what the
 * first paint needs; a missing, torn or hostile file is simply no cache. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "viewcache.h"

static char dir[64];

static int
setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/azwatch-vc-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char path[128];

	snprintf(path, sizeof path, "%s/" VIEWCACHE_FILE, dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

static void
put_file(const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s/" VIEWCACHE_FILE, dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_round_trip(void **state)
{
	struct snapshot *s = snapshot_new(), *r;
	struct incident *inc;
	char err[256];
	int i;

	s->chans[CHAN_STATUS_PAGE].state = CHAN_INCIDENT;
	s->chans[CHAN_STATUS_PAGE].last_success = 1700000000;
	s->chans[CHAN_STATUS_PAGE].note = strdup("feed unchanged (304)");
	s->chans[CHAN_X].state = CHAN_UNCONFIGURED;
	for (i = 0; i < VIEWCACHE_INCIDENTS + 20; i++) {
		char key[32];

		snprintf(key, sizeof key, "K-%03d", i);
		inc = incident_new(key);
		inc->title = strdup("Azure Cache for Redis - East US");
		inc->status = INC_MITIGATED;
		inc->no_impact = i == 0;
		inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH) |
		    CHAN_BIT(CHAN_STATUS_PAGE);
		incident_add_impact(inc, "Azure Cache for Redis", "East US",
		    INC_MITIGATED);
		incident_add_update(inc, 1700000000 - i, CHAN_STATUS_PAGE, "old");
		incident_add_update(inc, 1700000100 - i, CHAN_SERVICE_HEALTH,
		    "newest \x1b]0;title\x07 text");
		inc_list_add(&s->incidents, inc);
	}
	inc_list_sort(&s->incidents);
	assert_int_equal(viewcache_write(dir, s, err, sizeof err), 0);
	r = viewcache_read(dir);
	assert_non_null(r);
	assert_int_equal(r->incidents.n, VIEWCACHE_INCIDENTS);
	inc = r->incidents.v[0];
	assert_string_equal(inc->key, "K-000");
	assert_int_equal(inc->status, INC_MITIGATED);
	/* a No Impact communication stays one after a restart */
	assert_true(inc->no_impact);
	assert_false(r->incidents.v[1]->no_impact);
	assert_int_equal(inc->sources, CHAN_BIT(CHAN_SERVICE_HEALTH) |
	    CHAN_BIT(CHAN_STATUS_PAGE));
	assert_int_equal(inc->last_update, 1700000100);
	assert_int_equal(inc->nupdates, 1);	/* only the latest */
	/* stored as received: sanitizing is the drawing's job */
	assert_string_equal(inc->updates[0].text, "newest \x1b]0;title\x07 text");
	assert_string_equal(inc->impacts[0].region, "East US");
	assert_int_equal(r->chans[CHAN_STATUS_PAGE].state, CHAN_INCIDENT);
	assert_true(r->chans[CHAN_STATUS_PAGE].from_cache);
	assert_int_equal(r->chans[CHAN_STATUS_PAGE].last_success, 1700000000);
	assert_string_equal(r->chans[CHAN_STATUS_PAGE].note,
	    "feed unchanged (304)");
	assert_false(r->chans[CHAN_X].from_cache);
	snapshot_unref(s);
	snapshot_unref(r);
}

static void
test_bad_files(void **state)
{
	assert_null(viewcache_read("/nonexistent-dir"));
	put_file("");
	assert_null(viewcache_read(dir));
	put_file("{\"v\":2,\"chans\":[{},{},{},{}],\"incidents\":[{\"key\":");
	assert_null(viewcache_read(dir));		/* torn */
	put_file("{\"v\":3,\"chans\":[{},{},{},{}]}");
	assert_null(viewcache_read(dir));		/* unknown version */
	put_file("{\"v\":2,\"chans\":[{}]}");
	assert_null(viewcache_read(dir));		/* wrong shape */
	put_file("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
	assert_null(viewcache_read(dir));		/* too deep */
}

static void
test_hostile_values(void **state)
{
	struct snapshot *r;

	put_file("{\"v\":2,\"chans\":[{\"state\":99},{\"state\":-4},"
	    "{\"last_success\":\"x\"},{\"error\":7}],\"incidents\":["
	    "{\"key\":\"\"},{\"title\":\"no key\"},{\"key\":\"A\","
	    "\"status\":42,\"type\":-1,\"sources\":999,\"impacts\":[7,"
	    "{\"service\":3}],\"updates\":[{\"text\":5},7]},{\"key\":\"a\"}]}");
	r = viewcache_read(dir);
	assert_non_null(r);
	assert_int_equal(r->chans[0].state, CHAN_PENDING);
	assert_int_equal(r->chans[1].state, CHAN_PENDING);
	assert_null(r->chans[3].error);
	assert_int_equal(r->incidents.n, 1);	/* "a" is "A" again */
	assert_int_equal(r->incidents.v[0]->status, INC_ACTIVE);
	assert_int_equal(r->incidents.v[0]->sources, 0);
	assert_int_equal(r->incidents.v[0]->nupdates, 0);
	snapshot_unref(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_hostile_values),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
