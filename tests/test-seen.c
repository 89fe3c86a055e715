/* test-seen.c: unread marks: new incidents and new updates are unread
 * until marked, marks survive a restart through the file, a torn or
 * hostile file is read as far as it makes sense, old marks are dropped. */
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

#include "seen.h"
#include "xmalloc.h"

#define T0	1764000000

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "test-seen.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
teardown(void **state)
{
	char *p = xasprintf("%s/%s", dir, SEEN_FILE);

	(void)state;
	unlink(p);
	free(p);
	rmdir(dir);
	return 0;
}

static struct incident *
mk(const char *key, time_t t)
{
	struct incident *inc = incident_new(key);

	incident_add_update(inc, t, CHAN_STATUS_PAGE, "update");
	return inc;
}

static void
test_new_and_updated(void **state)
{
	struct seen *s = seen_new(NULL);
	struct inc_list l = { 0 };
	char err[256];

	(void)state;
	inc_list_add(&l, mk("A", T0));
	inc_list_add(&l, mk("B", T0 - 60));
	assert_true(seen_unread(s, l.v[0]));
	assert_int_equal(seen_count_unread(s, &l), 2);
	assert_true(seen_mark(s, l.v[0]));
	assert_false(seen_mark(s, l.v[0]));	/* nothing changed */
	assert_false(seen_unread(s, l.v[0]));
	assert_int_equal(seen_count_unread(s, &l), 1);
	/* A new update makes it unread again. */
	incident_add_update(l.v[0], T0 + 300, CHAN_SERVICE_HEALTH, "newer");
	assert_true(seen_unread(s, l.v[0]));
	assert_true(seen_mark_all(s, &l));
	assert_int_equal(seen_count_unread(s, &l), 0);
	/* Memory only: saving is a no-op that succeeds. */
	assert_int_equal(seen_save(s, T0, err, sizeof err), 0);
	seen_free(s);
	inc_list_clear(&l);
}

static void
test_survives_restart(void **state)
{
	struct incident *a = mk("7K2Q-XL8", T0), *b = mk("PM4R-Q1Z", T0 - 60);
	struct incident *old = mk("OLD", T0 - 200 * 86400);
	struct seen *s = seen_new(dir);
	char err[256], *path;
	struct stat st;

	(void)state;
	assert_true(seen_mark(s, a));
	assert_true(seen_mark(s, old));
	assert_int_equal(seen_save(s, T0, err, sizeof err), 0);
	seen_free(s);

	path = xasprintf("%s/%s", dir, SEEN_FILE);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);

	s = seen_new(dir);
	assert_false(seen_unread(s, a));
	assert_true(seen_unread(s, b));
	/* Marks older than SEEN_KEEP_DAYS were not kept. */
	assert_true(seen_unread(s, old));
	incident_add_update(a, T0 + 60, CHAN_X, "later");
	assert_true(seen_unread(s, a));
	seen_free(s);
	incident_free(a);
	incident_free(b);
	incident_free(old);
}

static void
test_bad_file(void **state)
{
	struct incident *a = mk("A", T0), *b = mk("B", T0), *c = mk("C", T0);
	char *path = xasprintf("%s/%s", dir, SEEN_FILE);
	struct seen *s;
	FILE *f;

	(void)state;
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%d\tA\nnot a number\tB\n\t\n%d\n-5\tB\n%d\tC", T0, T0, T0);
	fclose(f);
	s = seen_new(dir);
	assert_false(seen_unread(s, a));
	assert_true(seen_unread(s, b));
	assert_true(seen_unread(s, c));		/* torn last line */
	seen_free(s);
	free(path);
	incident_free(a);
	incident_free(b);
	incident_free(c);
}

/* A link or a FIFO where the marks go: a FIFO is not waited on, and the
 * marks are saved as a file of their own, never through the link. */
static void
test_not_a_file(void **state)
{
	char *p = xasprintf("%s/%s", dir, SEEN_FILE);
	char *target = xasprintf("%s/target", dir), buf[64], err[256];
	struct inc_list l = { 0 };
	struct seen *s;
	struct stat sb;
	FILE *f;

	(void)state;
	assert_int_equal(mkfifo(p, 0600), 0);
	s = seen_new(dir);		/* no hang, no marks */
	inc_list_add(&l, mk("A", T0));
	assert_true(seen_unread(s, l.v[0]));
	seen_free(s);
	unlink(p);

	f = fopen(target, "w");
	assert_non_null(f);
	fputs("precious\n", f);
	fclose(f);
	assert_int_equal(symlink("target", p), 0);
	s = seen_new(dir);
	assert_true(seen_mark(s, l.v[0]));
	assert_int_equal(seen_save(s, T0, err, sizeof err), 0);
	seen_free(s);
	f = fopen(target, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "precious\n");
	assert_int_equal(lstat(p, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	s = seen_new(dir);
	assert_false(seen_unread(s, l.v[0]));
	seen_free(s);
	unlink(target);
	inc_list_clear(&l);
	free(target);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_updated),
		cmocka_unit_test_setup_teardown(test_survives_restart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_file, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
