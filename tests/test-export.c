/* test-export.c: the Markdown timeline for the post-incident review:
 * every fact, updates oldest first, escapes stripped from remote text
 * that cannot start Markdown of its own, and the saved file's mode. */
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

#include "export.h"
#include "xmalloc.h"

#define T0	1764000000	/* 2025-11-24 16:00 UTC */

static struct incident *
redis(void)
{
	struct incident *inc = incident_new("7K2Q-XL8");

	inc->tracking_id = xstrdup("7K2Q-XL8");
	inc->title = xstrdup("Azure Cache for Redis - East US\x1b]0;PWNED\x07");
	inc->status = INC_RESOLVED;
	inc->start = T0 - 3300;
	inc->mitigated = T0 - 480;
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH) | CHAN_BIT(CHAN_STATUS_PAGE);
	incident_add_impact(inc, "Azure Cache for Redis", "East US",
	    INC_RESOLVED);
	incident_add_update(inc, T0 - 1800, CHAN_SERVICE_HEALTH,
	    "Engineers are investigating.");
	incident_add_update(inc, T0 - 1200, CHAN_STATUS_PAGE,
	    "Engineers have identified\n# a heading\x1b[31m red");
	incident_add_update(inc, T0 - 300, CHAN_SERVICE_HEALTH,
	    "This issue is now mitigated.");
	strv_add(&inc->links, "https://azure.status.microsoft/en-us/status");
	return inc;
}

static void
test_markdown(void **state)
{
	struct incident *inc = redis();
	char *md = export_markdown(inc, T0);
	const char *a, *b, *c;

	(void)state;
	assert_non_null(strstr(md, "# Azure Cache for Redis - East US"));
	assert_null(strchr(md, '\x1b'));
	assert_null(strchr(md, '\x07'));
	assert_null(strstr(md, "PWNED\x07"));
	assert_non_null(strstr(md, "- Tracking ID: 7K2Q-XL8\n"));
	assert_non_null(strstr(md, "- Status: resolved\n"));
	assert_non_null(strstr(md, "- Type: service issue\n"));
	assert_non_null(strstr(md, "- Started: 2025-11-24 15:05 UTC\n"));
	assert_non_null(strstr(md, "- Mitigated: 2025-11-24 15:52 UTC\n"));
	assert_non_null(strstr(md, "- Reported by: service-health, "
	    "status-page\n"));
	assert_non_null(strstr(md,
	    "  - East US (Azure Cache for Redis): resolved\n"));
	assert_non_null(strstr(md, "## Timeline (3 updates, oldest first"));
	/* Oldest first, each with its time and source. */
	a = strstr(md, "### 2025-11-24 15:30 UTC, service-health\n\n"
	    "> Engineers are investigating.");
	b = strstr(md, "### 2025-11-24 15:40 UTC, status-page\n\n"
	    "> Engineers have identified\n> # a heading red");
	c = strstr(md, "### 2025-11-24 15:55 UTC, service-health\n\n"
	    "> This issue is now mitigated.");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(a < b && b < c);
	assert_non_null(strstr(md,
	    "## Links\n\n- <https://azure.status.microsoft/en-us/status>\n"));
	free(md);
	incident_free(inc);
}

static void
test_save(void **state)
{
	struct incident *inc = redis();
	char dir[64], path[512], err[256], *want;
	struct stat st;
	FILE *f;
	char line[256];

	(void)state;
	snprintf(dir, sizeof dir, "test-export.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(export_save(inc, NULL, T0, path, sizeof path, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "state directory"));
	assert_int_equal(export_save(inc, dir, T0, path, sizeof path, err,
	    sizeof err), 0);
	want = xasprintf("%s/exports/azwatch-7K2Q-XL8-", dir);
	assert_memory_equal(path, want, strlen(want));
	free(want);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, "# Azure Cache for Redis - East US\n");
	fclose(f);
	unlink(path);
	want = xasprintf("%s/exports", dir);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	rmdir(want);
	free(want);
	rmdir(dir);
	incident_free(inc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_save),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
