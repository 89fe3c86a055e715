/* test-cmdline.c: the ":" command line's parsing and Tab completion, and
 * the feed's sort keys. */
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

#include "cmdline.h"
#include "cfg.h"
#include "feedsort.h"
#include "feedstate.h"
#include "filter.h"
#include "model.h"
#include "xmalloc.h"

static void
test_parse(void **state)
{
	struct cmdline c;
	char err[256];

	(void)state;
	assert_int_equal(cmdline_parse("filter region eastus", &c, err,
	    sizeof err), 0);
	assert_int_equal(c.cmd, CMDLINE_FILTER);
	assert_int_equal(c.field, FILTER_REGION);
	assert_string_equal(c.value, "eastus");
	cmdline_free(&c);

	/* a service name has spaces; a command may be shortened */
	assert_int_equal(cmdline_parse(":f service  Azure Cache for Redis ",
	    &c, err, sizeof err), 0);
	assert_int_equal(c.field, FILTER_SERVICE);
	assert_string_equal(c.value, "Azure Cache for Redis");
	cmdline_free(&c);

	assert_int_equal(cmdline_parse("filter clear", &c, err, sizeof err), 0);
	assert_int_equal(c.cmd, CMDLINE_FILTER);
	assert_int_equal(c.field, -1);
	cmdline_free(&c);

	/* a field with no value clears that field */
	assert_int_equal(cmdline_parse("filter region", &c, err, sizeof err), 0);
	assert_int_equal(c.field, FILTER_REGION);
	assert_null(c.value);
	cmdline_free(&c);

	assert_int_equal(cmdline_parse("sort", &c, err, sizeof err), 0);
	assert_int_equal(c.cmd, CMDLINE_SORT);
	assert_int_equal(c.sort, -1);
	cmdline_free(&c);
	assert_int_equal(cmdline_parse("sort st", &c, err, sizeof err), 0);
	assert_int_equal(c.sort, FEEDSORT_STATUS);
	cmdline_free(&c);

	assert_int_equal(cmdline_parse("q", &c, err, sizeof err), 0);
	assert_int_equal(c.cmd, CMDLINE_QUIT);
	assert_int_equal(cmdline_parse("  ", &c, err, sizeof err), 0);
	assert_int_equal(c.cmd, CMDLINE_NONE);
	assert_int_equal(cmdline_parse("help", &c, err, sizeof err), 0);
	assert_int_equal(c.cmd, CMDLINE_HELP);
	assert_int_equal(cmdline_parse("export", &c, err, sizeof err), 0);
	assert_int_equal(c.cmd, CMDLINE_EXPORT);
}

static void
test_errors(void **state)
{
	struct cmdline c;
	char err[256];

	(void)state;
	assert_int_equal(cmdline_parse("frobnicate now", &c, err, sizeof err),
	    -1);
	assert_string_equal(err, "unknown command 'frobnicate': try :help "
	    "(filter, sort, export, quit, help)");
	assert_int_equal(cmdline_parse("filter colour red", &c, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "unknown filter field 'colour'"));
	assert_int_equal(cmdline_parse("filter", &c, err, sizeof err), -1);
	assert_non_null(strstr(err, ":filter needs a field"));
	assert_int_equal(cmdline_parse("sort size", &c, err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown sort key 'size'"));
	assert_int_equal(cmdline_parse("quit now", &c, err, sizeof err), -1);
	assert_string_equal(err, ":quit takes no argument");
	/* "e" could only be export; "" is nothing; "s" is sort alone */
	assert_int_equal(cmdline_parse("xport", &c, err, sizeof err), -1);
}

static void
values(int field, struct strv *out, void *arg)
{
	(void)arg;
	if (field == FILTER_REGION) {
		strv_add(out, "East US");
		strv_add(out, "East US 2");
		strv_add(out, "West Europe");
	}
}

static void
expect_complete(const char *line, const char *want, size_t ncands)
{
	struct strv cands = { NULL, 0 };
	char *got = cmdline_complete(line, values, NULL, &cands);

	if (strcmp(got, want) != 0)
		fail_msg("complete '%s': got '%s', want '%s'", line, got, want);
	assert_int_equal(cands.n, ncands);
	free(got);
	strv_free(&cands);
}

static void
test_complete(void **state)
{
	(void)state;
	expect_complete("", "", 5);
	expect_complete("fi", "filter ", 1);
	expect_complete(":fi", ":filter ", 1);
	expect_complete("q", "quit ", 1);
	expect_complete("he", "help ", 1);
	expect_complete("filter r", "filter region ", 1);
	expect_complete("filter s", "filter s", 3);	/* service, subscription, status */
	expect_complete("filter su", "filter subscription ", 1);
	expect_complete("filter c", "filter clear ", 1);
	expect_complete("filter region e", "filter region East US", 2);
	expect_complete("filter region w", "filter region West Europe", 1);
	expect_complete("sort s", "sort status", 1);
	expect_complete("sort ", "sort ", 3);
	expect_complete("zap", "zap", 0);
}

static struct incident *
inc(const char *key, const char *title, enum inc_status st, enum inc_type t)
{
	struct incident *i = incident_new(key);

	i->title = xstrdup(title);
	i->status = st;
	i->type = t;
	return i;
}

static void
test_sort(void **state)
{
	struct inc_list l = { 0 };
	size_t idx[4] = { 0, 1, 2, 3 };

	(void)state;
	/* the snapshot's order: newest update first */
	inc_list_add(&l, inc("a", "Zeta resolved", INC_RESOLVED,
	    INC_SERVICE_ISSUE));
	inc_list_add(&l, inc("b", "Maintenance", INC_ACTIVE,
	    INC_PLANNED_MAINTENANCE));
	inc_list_add(&l, inc("c", "beta mitigated", INC_MITIGATED,
	    INC_SERVICE_ISSUE));
	inc_list_add(&l, inc("d", "Alpha active", INC_ACTIVE,
	    INC_SERVICE_ISSUE));
	feedsort_apply(FEEDSORT_UPDATED, &l, idx, 4);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[3], 3);
	feedsort_apply(FEEDSORT_STATUS, &l, idx, 4);
	assert_int_equal(idx[0], 3);
	assert_int_equal(idx[1], 2);
	assert_int_equal(idx[2], 1);
	assert_int_equal(idx[3], 0);
	feedsort_apply(FEEDSORT_TITLE, &l, idx, 4);
	assert_int_equal(idx[0], 3);
	assert_int_equal(idx[1], 2);
	assert_int_equal(idx[2], 1);
	assert_int_equal(idx[3], 0);
	assert_int_equal(feedsort_parse("t"), FEEDSORT_TITLE);
	assert_int_equal(feedsort_parse("x"), -1);
	assert_int_equal(feedsort_next(FEEDSORT_TITLE), FEEDSORT_UPDATED);
	inc_list_clear(&l);
}

/* Filters and sort kept in the state directory; [filter] defaults are
 * lists that any one of matches. */
static void
test_feedstate(void **state)
{
	char dir[] = "/tmp/test-feedstate.XXXXXX", path[64], err[256];
	struct filter f, g;
	struct stat st;
	struct cfg c;
	struct incident *i;
	int sort = FEEDSORT_UPDATED;

	(void)state;
	assert_non_null(mkdtemp(dir));
	filter_init(&f);
	filter_init(&g);
	assert_int_equal(feedstate_load(dir, &g, &sort, err, sizeof err), 0);
	filter_set(&f, FILTER_REGION, "East US");
	filter_set(&f, FILTER_SERVICE, "bad\nvalue");	/* not kept */
	filter_set_search(&f, "redis");			/* not kept */
	f.hide_resolved = true;
	assert_int_equal(feedstate_save(dir, &f, FEEDSORT_TITLE, err,
	    sizeof err), 0);
	snprintf(path, sizeof path, "%s/filters", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(feedstate_load(dir, &g, &sort, err, sizeof err), 1);
	assert_string_equal(g.field[FILTER_REGION], "East US");
	assert_null(g.field[FILTER_SERVICE]);
	assert_null(g.search);
	assert_true(g.hide_resolved);
	assert_false(g.hide_maintenance);
	assert_int_equal(sort, FEEDSORT_TITLE);
	unlink(path);
	rmdir(dir);

	cfg_defaults(&c);
	strv_add(&c.filter_regions, "eastus");
	strv_add(&c.filter_regions, "eastus2");
	filter_clear(&g);
	feedstate_defaults(&g, &c);
	assert_string_equal(g.field[FILTER_REGION], "eastus, eastus2");
	i = incident_new("k");
	strv_add(&i->regions, "East US 2");
	assert_true(filter_match(&g, i));
	strv_free(&i->regions);
	strv_add(&i->regions, "West Europe");
	assert_false(filter_match(&g, i));
	filter_clear(&g);
	strv_free(&c.filter_regions);
	strv_add(&c.filter_types, "service-issue");
	strv_add(&c.filter_types, "health-advisory");
	feedstate_defaults(&g, &c);
	i->type = INC_HEALTH_ADVISORY;
	assert_true(filter_match(&g, i));
	i->type = INC_PLANNED_MAINTENANCE;
	assert_false(filter_match(&g, i));
	incident_free(i);
	cfg_free(&c);
	filter_free(&f);
	filter_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_feedstate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
