/* test-regress.c: replays every input the fuzzers ever broke the code with
 * (tests/regress/TARGET/) and every seed (tests/fuzz/corpus/TARGET/)
 * through the fuzz targets' own entry points, so a fixed finding stays
 * fixed in the ordinary and the ASan/UBSan test runs. */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fuzz.h"
#include "xmalloc.h"

static char *
regress_slurp(const char *path, size_t *len)
{
	char *data = NULL;
	long n = 0;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		fail_msg("cannot size %s", path);
	data = xmalloc((size_t)n + 1);
	if (fread(data, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read %s", path);
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* Feeds every regular file of TOP_SRCDIR/dir to fn; returns how many. */
static size_t
regress_dir(const char *dir, int (*fn)(const uint8_t *, size_t))
{
	const char *top = getenv("TOP_SRCDIR");
	char *path, *file, *data;
	struct dirent *de;
	size_t n = 0, len;
	DIR *d;

	path = xasprintf("%s/%s", top != NULL ? top : ".", dir);
	if ((d = opendir(path)) == NULL) {
		free(path);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		file = xasprintf("%s/%s", path, de->d_name);
		data = regress_slurp(file, &len);
		print_message("%s\n", file + strlen(path) - strlen(dir));
		assert_int_equal(fn((const uint8_t *)data, len), 0);
		free(data);
		free(file);
		n++;
	}
	closedir(d);
	free(path);
	return n;
}

/* The seeds must be there (an empty replay would prove nothing); kept
 * findings may be none yet. */
static void
regress_target(const char *name, int (*fn)(const uint8_t *, size_t))
{
	char *seeds = xasprintf("tests/fuzz/corpus/%s", name);
	char *found = xasprintf("tests/regress/%s", name);

	assert_true(regress_dir(seeds, fn) > 0);
	(void)regress_dir(found, fn);
	free(seeds);
	free(found);
}

static void
test_rss(void **state)
{
	(void)state;
	regress_target("rss", fuzz_rss_one);
}

static void
test_arm(void **state)
{
	(void)state;
	regress_target("arm", fuzz_arm_one);
}

static void
test_x(void **state)
{
	(void)state;
	regress_target("x", fuzz_x_one);
}

static void
test_cfg(void **state)
{
	(void)state;
	regress_target("cfg", fuzz_cfg_one);
}

static void
test_html(void **state)
{
	(void)state;
	regress_target("html", fuzz_html_one);
}

static void
test_sanitize(void **state)
{
	(void)state;
	regress_target("sanitize", fuzz_sanitize_one);
}

/* Runs fuzz_check_clean on s in a child; true if the check aborted. */
static int
regress_check_aborts(const char *s, int multiline)
{
	int status;
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) == -1)
		fail_msg("fork failed");
	if (pid == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(2);
		fuzz_check_clean(s, multiline);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		fail_msg("waitpid failed");
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

/* The checks the targets make must be able to fail. */
static void
test_check_catches(void **state)
{
	(void)state;
	assert_false(regress_check_aborts("plain text, \xe4\xb8\xad", 0));
	assert_false(regress_check_aborts("two\nlines", 1));
	assert_true(regress_check_aborts("a\033]0;PWNED\007", 0));
	assert_true(regress_check_aborts("two\nlines", 0));
	assert_true(regress_check_aborts("bad \xff byte", 0));
	assert_true(regress_check_aborts("c1 \xc2\x9b", 0));
	assert_true(regress_check_aborts("bidi \xe2\x80\xae", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_arm),
		cmocka_unit_test(test_x),
		cmocka_unit_test(test_cfg),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_check_catches),
	};

	fuzz_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
