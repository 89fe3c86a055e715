/* test-feedstate.c: the feed's filters and sort kept across restarts,
 * and how they meet the configuration: [filter] applies on a start with
 * nothing kept, [ui] sort wherever the user has picked no sort. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cfg.h"
#include "feedsort.h"
#include "feedstate.h"
#include "filter.h"
#include "xmalloc.h"

static char *
temp_dir(void)
{
	char tmpl[] = "/tmp/azwatch-feedstate-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

static void
remove_dir(char *dir)
{
	char *path = xasprintf("%s/filters", dir);

	unlink(path);
	free(path);
	rmdir(dir);
	free(dir);
}

/* Nothing kept: filters and sort stay as the caller set them. */
static void
test_none_kept(void **state)
{
	char *dir = temp_dir(), err[256];
	struct filter f;
	int sort = FEEDSORT_TITLE;

	(void)state;
	filter_init(&f);
	assert_int_equal(feedstate_load(dir, &f, &sort, err, sizeof err), 0);
	assert_int_equal(sort, FEEDSORT_TITLE);
	filter_free(&f);
	remove_dir(dir);
}

/* A sort the user picked is kept and wins over the configuration's. */
static void
test_picked_sort_kept(void **state)
{
	char *dir = temp_dir(), err[256];
	struct filter f, g;
	int sort = FEEDSORT_STATUS;

	(void)state;
	filter_init(&f);
	filter_init(&g);
	filter_set(&f, FILTER_REGION, "eastus, eastus2");
	assert_int_equal(feedstate_save(dir, &f, FEEDSORT_UPDATED, err,
	    sizeof err), 0);
	assert_int_equal(feedstate_load(dir, &g, &sort, err, sizeof err), 1);
	assert_int_equal(sort, FEEDSORT_UPDATED);
	assert_string_equal(g.field[FILTER_REGION], "eastus, eastus2");
	filter_free(&f);
	filter_free(&g);
	remove_dir(dir);
}

/* Filters kept with no sort picked: the configuration's sort stays,
 * whatever it is at the next start. */
static void
test_no_sort_picked(void **state)
{
	char *dir = temp_dir(), err[256];
	struct filter f, g;
	int sort;

	(void)state;
	filter_init(&f);
	filter_init(&g);
	f.hide_resolved = true;
	assert_int_equal(feedstate_save(dir, &f, -1, err, sizeof err), 0);
	sort = FEEDSORT_TITLE;
	assert_int_equal(feedstate_load(dir, &g, &sort, err, sizeof err), 1);
	assert_int_equal(sort, FEEDSORT_TITLE);
	assert_true(g.hide_resolved);
	sort = FEEDSORT_UPDATED;
	assert_int_equal(feedstate_load(dir, &g, &sort, err, sizeof err), 1);
	assert_int_equal(sort, FEEDSORT_UPDATED);
	filter_free(&f);
	filter_free(&g);
	remove_dir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none_kept),
		cmocka_unit_test(test_picked_sort_kept),
		cmocka_unit_test(test_no_sort_picked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
