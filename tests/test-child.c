/* test-child.c: the one way azwatch runs a child: its environment has no
 * secret, its signals start clean, stdin it never reads does not block,
 * a deadline kills its whole group, and a missing program is named. */
#include "config.h"

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

#include "child.h"
#include "sanitize.h"

/* Run argv with capture; its stdout (caller frees) and how it ended. */
static char *
run(char *const argv[], const char *in, size_t inlen, int timeout_ms,
    enum child_end *end)
{
	struct child_opts o = {
		.argv = argv,
		.in = in,
		.inlen = inlen,
		.capture = true,
		.max_out = 1 << 20,
		.timeout_ms = timeout_ms,
	};
	struct child *c = child_start(&o);
	size_t len;
	char *out;

	*end = child_wait(c, NULL);
	out = child_take_out(c, &len);
	child_free(c);
	return out;
}

static void
test_env_has_no_secrets(void **state)
{
	char *argv[] = { (char *)"env", NULL };
	char *add[] = { (char *)"AZWATCH_NOTIFY_KIND=update", NULL };
	struct child_opts o = {
		.argv = argv,
		.env_add = add,
		.capture = true,
		.max_out = 1 << 20,
		.timeout_ms = 10000,
	};
	struct child *c;
	char *out;
	size_t len;

	(void)state;
	setenv("AZURE_CLIENT_SECRET", "env-client-secret-1", 1);
	setenv("AZWATCH_ACCESS_TOKEN", "env-access-token-2", 1);
	setenv("X_BEARER_TOKEN", "env-x-bearer-3", 1);
	/* a sink key known to the sanitizer, under a name nobody listed */
	setenv("SOME_SINK_KEY", "sink-key-value-4", 1);
	setenv("AZWATCH_NOTIFY_KIND", "stale", 1);
	setenv("AZWATCH_TEST_PLAIN", "plain-value", 1);
	sanitize_secret_add("sink-key-value-4");
	c = child_start(&o);
	assert_int_equal(child_wait(c, NULL), CHILD_OK);
	out = child_take_out(c, &len);
	child_free(c);
	assert_null(strstr(out, "AZURE_CLIENT_SECRET"));
	assert_null(strstr(out, "env-client-secret"));
	assert_null(strstr(out, "AZWATCH_ACCESS_TOKEN"));
	assert_null(strstr(out, "X_BEARER_TOKEN"));
	assert_null(strstr(out, "sink-key-value"));
	assert_null(strstr(out, "=stale"));
	assert_non_null(strstr(out, "AZWATCH_NOTIFY_KIND=update\n"));
	assert_non_null(strstr(out, "AZWATCH_TEST_PLAIN=plain-value\n"));
	free(out);
	sanitize_secret_remove("sink-key-value-4");
	unsetenv("AZURE_CLIENT_SECRET");
	unsetenv("AZWATCH_ACCESS_TOKEN");
	unsetenv("X_BEARER_TOKEN");
	unsetenv("SOME_SINK_KEY");
	unsetenv("AZWATCH_NOTIFY_KIND");
}

/* azwatch ignores SIGPIPE and its worker blocks signals: a child gets
 * neither. */
static void
test_clean_signals(void **state)
{
	char *argv[] = { (char *)"cat", (char *)"/proc/self/status", NULL };
	sigset_t block, old;
	enum child_end end;
	char *out, *p;

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	out = run(argv, NULL, 0, 10000, &end);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGPIPE, SIG_DFL);
	assert_int_equal(end, CHILD_OK);
	assert_non_null(strstr(out, "SigBlk:\t0000000000000000\n"));
	/* the classic signals (SIGPIPE is 13) are not ignored; glibc keeps
	 * its own two real-time ones (32, 33) ignored in any child */
	assert_non_null(p = strstr(out, "SigIgn:\t"));
	assert_int_equal(strtoull(p + 8, NULL, 16) & 0x7fffffffULL, 0);
	free(out);
}

/* A child that never reads its stdin (more than a pipe holds) and never
 * exits: the caller is not blocked, the deadline ends it. SIGPIPE is not
 * ignored here: a child that closes its stdin must not kill us. */
static void
test_never_reads_never_exits(void **state)
{
	char *sleeper[] = { (char *)"sleep", (char *)"600", NULL };
	char *closer[] = { (char *)"true", NULL };
	size_t big = 4 << 20;
	char *in = malloc(big), *out, why[256];
	struct child_opts o = {
		.argv = sleeper,
		.in = in,
		.inlen = big,
		.timeout_ms = 500,
	};
	enum child_end end;
	struct child *c;

	(void)state;
	memset(in, 'x', big);
	c = child_start(&o);
	assert_false(child_poll(c, 0));
	assert_int_equal(child_wait(c, NULL), CHILD_TIMEOUT);
	child_describe(c, why, sizeof why);
	assert_string_equal(why, "did not finish within 500 ms and was stopped");
	child_free(c);

	out = run(closer, in, big, 10000, &end);
	assert_int_equal(end, CHILD_OK);
	free(out);
	free(in);
}

/* The deadline kills the child's whole group, grandchildren too. */
static void
test_group_killed(void **state)
{
	char *argv[] = { (char *)"sh", (char *)"-c",
	    (char *)"sleep 600 & echo $!; exec sleep 600", NULL };
	enum child_end end;
	char path[64], st[512];
	FILE *f;
	char *out;
	long pid;
	int tries;

	(void)state;
	out = run(argv, NULL, 0, 700, &end);
	assert_int_equal(end, CHILD_TIMEOUT);
	pid = strtol(out, NULL, 10);
	assert_true(pid > 1);
	free(out);
	/* gone, or a zombie waiting for init: either way not running */
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	for (tries = 0; tries < 100; tries++) {
		if ((f = fopen(path, "r")) == NULL)
			return;
		if (fgets(st, sizeof st, f) != NULL &&
		    strstr(st, ") Z ") != NULL) {
			fclose(f);
			return;
		}
		fclose(f);
		usleep(50000);
	}
	fail_msg("the grandchild %ld still runs", pid);
}

static void
test_ends(void **state)
{
	char *missing[] = { (char *)"azwatch-test-no-such-program", NULL };
	char *failing[] = { (char *)"sh", (char *)"-c",
	    (char *)"printf '\\033]0;PWNED\\007boom\\n' >&2; exit 3", NULL };
	char *stopped[] = { (char *)"sleep", (char *)"600", NULL };
	struct child_opts o = { .argv = stopped, .timeout_ms = 60000 };
	atomic_int abort_flag = 1;
	enum child_end end;
	struct child *c;
	char why[256], *out;

	(void)state;
	out = run(missing, NULL, 0, 1000, &end);
	assert_int_equal(end, CHILD_NOT_FOUND);
	free(out);

	c = child_start(&(struct child_opts){ .argv = failing, .capture = true,
	    .max_out = 100, .timeout_ms = 10000 });
	assert_int_equal(child_wait(c, NULL), CHILD_FAILED);
	assert_int_equal(child_exit_status(c), 3);
	child_describe(c, why, sizeof why);
	/* its stderr is remote-ish text: no escape reaches a message */
	assert_string_equal(why, "exited with status 3: boom");
	child_free(c);

	c = child_start(&o);
	assert_int_equal(child_wait(c, &abort_flag), CHILD_STOPPED);
	child_free(c);

	/* freeing a running child kills and reaps it at once */
	c = child_start(&o);
	assert_false(child_poll(c, 10));
	child_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env_has_no_secrets),
		cmocka_unit_test(test_clean_signals),
		cmocka_unit_test(test_never_reads_never_exits),
		cmocka_unit_test(test_group_killed),
		cmocka_unit_test(test_ends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
