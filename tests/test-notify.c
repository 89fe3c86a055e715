/* test-notify.c: what counts as new, the rate limit (a burst of 50 is one
 * notification), the filter hook, text made safe for tmux and OSC, and
 * the two programs run without a shell: notify_program (tests/
 * notify-recorder) and tmux (tests/fakebin-tmux/tmux). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "cfg.h"
#include "notify.h"
#include "seen.h"
#include "xmalloc.h"

#define T0	1764000000

static struct cfg cfg;

static struct incident *
make_inc(const char *key, int nupd)
{
	struct incident *inc = incident_new(key);
	char text[64];
	int i;

	inc->title = xasprintf("Azure Cache for Redis - East US (%s)", key);
	inc->tracking_id = xstrdup(key);
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH);
	incident_add_impact(inc, "Azure Cache for Redis", "East US", INC_ACTIVE);
	for (i = 0; i < nupd; i++) {
		snprintf(text, sizeof text, "update %d of %s", i, key);
		incident_add_update(inc, T0 + i, CHAN_SERVICE_HEALTH, text);
	}
	return inc;
}

static void
test_prime_then_nothing_new(void **state)
{
	struct notify *n = notify_new(&cfg);
	struct inc_list l = { 0 };

	(void)state;
	inc_list_add(&l, make_inc("A", 3));
	notify_prime(n, &l);
	notify_scan(n, &l);
	assert_int_equal(notify_due(n), 0);
	assert_false(notify_flush(n, T0));
	inc_list_clear(&l);
	notify_free(n);
}

static void
test_new_incident_and_update(void **state)
{
	struct notify *n = notify_new(&cfg);
	struct inc_list l = { 0 };
	struct notice *nt;
	size_t nn;

	(void)state;
	inc_list_add(&l, make_inc("A", 2));
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0));
	notify_notices(n, &nt, &nn);
	assert_int_equal(nn, 1);
	assert_int_equal(nt[0].id, 1);
	assert_int_equal(nt[0].kind, NOTICE_INCIDENT);
	assert_string_equal(nt[0].key, "A");
	assert_string_equal(nt[0].title, "Azure Cache for Redis - East US (A)");
	assert_string_equal(nt[0].text, "new service issue");
	notice_free(&nt[0]);
	free(nt);

	/* a new update, inside the window: held back until it ends */
	incident_add_update(l.v[0], T0 + 100, CHAN_SERVICE_HEALTH,
	    "Mitigated: a configuration change was rolled back.\nMore.");
	notify_scan(n, &l);
	assert_false(notify_flush(n, T0 + 5));
	assert_int_equal(notify_due(n), T0 + NOTIFY_WINDOW);
	assert_true(notify_flush(n, T0 + NOTIFY_WINDOW));
	notify_notices(n, &nt, &nn);
	assert_int_equal(nn, 2);
	assert_int_equal(nt[1].id, 2);
	assert_int_equal(nt[1].kind, NOTICE_UPDATE);
	assert_string_equal(nt[1].text,
	    "Mitigated: a configuration change was rolled back.");
	notice_free(&nt[0]);
	notice_free(&nt[1]);
	free(nt);

	/* a status change with no new text is news too */
	l.v[0]->status = INC_MITIGATED;
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0 + 100));
	notify_notices(n, &nt, &nn);
	assert_string_equal(nt[2].text, "now mitigated");
	for (size_t i = 0; i < nn; i++)
		notice_free(&nt[i]);
	free(nt);
	inc_list_clear(&l);
	notify_free(n);
}

static void
test_burst_is_one(void **state)
{
	struct notify *n = notify_new(&cfg);
	struct inc_list l = { 0 };
	struct notice *nt;
	size_t nn, i;
	int k;

	(void)state;
	inc_list_add(&l, make_inc("A", 1));
	inc_list_add(&l, make_inc("B", 1));
	inc_list_add(&l, make_inc("C", 1));
	notify_prime(n, &l);
	/* 50 new updates spread over three incidents */
	for (k = 0; k < 50; k++) {
		char text[32];

		snprintf(text, sizeof text, "burst %d", k);
		incident_add_update(l.v[k % 3], T0 + 1000 + k,
		    CHAN_SERVICE_HEALTH, text);
	}
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0 + 2000));
	assert_false(notify_flush(n, T0 + 2001));
	notify_notices(n, &nt, &nn);
	assert_int_equal(nn, 1);
	assert_int_equal(nt[0].kind, NOTICE_SUMMARY);
	assert_string_equal(nt[0].text, "50 updates, 3 incidents");
	for (i = 0; i < nn; i++)
		notice_free(&nt[i]);
	free(nt);
	inc_list_clear(&l);
	notify_free(n);
}

static void
test_ring_keeps_recent(void **state)
{
	struct notify *n = notify_new(&cfg);
	struct inc_list l = { 0 };
	struct notice *nt;
	size_t nn, i;
	char key[16];
	int k;

	(void)state;
	for (k = 0; k < NOTIFY_KEEP + 5; k++) {
		snprintf(key, sizeof key, "K%d", k);
		inc_list_add(&l, make_inc(key, 1));
		notify_scan(n, &l);
		assert_true(notify_flush(n, T0 + k * NOTIFY_WINDOW));
	}
	notify_notices(n, &nt, &nn);
	assert_int_equal(nn, NOTIFY_KEEP);
	assert_int_equal(nt[0].id, 6);
	assert_int_equal(nt[nn - 1].id, NOTIFY_KEEP + 5);
	for (i = 0; i < nn; i++)
		notice_free(&nt[i]);
	free(nt);
	inc_list_clear(&l);
	notify_free(n);
}

static bool
only_b(const struct incident *inc, void *arg)
{
	(void)arg;
	return strcmp(inc->key, "B") == 0;
}

static bool
not_x(const struct incident *inc, void *arg)
{
	(void)arg;
	return strcmp(inc->key, "X") != 0;
}

static void
test_filter_hook(void **state)
{
	struct notify *n = notify_new(&cfg);
	struct inc_list l = { 0 };
	struct notice *nt;
	size_t nn;

	(void)state;
	notify_set_filter(n, only_b, NULL);
	inc_list_add(&l, make_inc("A", 1));
	notify_scan(n, &l);
	assert_false(notify_flush(n, T0));
	inc_list_add(&l, make_inc("B", 1));
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0));
	notify_notices(n, &nt, &nn);
	assert_int_equal(nn, 1);
	assert_string_equal(nt[0].key, "B");
	notice_free(&nt[0]);
	free(nt);
	inc_list_clear(&l);
	notify_free(n);
}

/* A start with no history: what is active at the first complete poll is
 * one summary, after the filters; what the journal already had, what is
 * not active and what another channel repeats count for nothing; later
 * baselines are silent, later news as always. */
static void
test_start_summary(void **state)
{
	struct notify *n = notify_new(&cfg);
	struct inc_list journal = { 0 }, sh = { 0 }, sp = { 0 }, late = { 0 };
	struct incident *inc;
	struct notice *nt;
	size_t nn, i;

	(void)state;
	notify_set_filter(n, not_x, NULL);
	inc_list_add(&journal, make_inc("OLD", 1));
	notify_prime(n, &journal);
	inc_list_add(&sh, make_inc("OLD", 1));
	inc_list_add(&sh, make_inc("A", 1));
	inc_list_add(&sh, make_inc("X", 1));		/* filtered out */
	inc = make_inc("M", 1);
	inc->type = INC_PLANNED_MAINTENANCE;		/* not an incident */
	inc_list_add(&sh, inc);
	inc = make_inc("R", 1);
	inc->status = INC_RESOLVED;			/* over */
	inc_list_add(&sh, inc);
	notify_baseline(n, &sh);
	inc_list_add(&sp, make_inc("A", 1));		/* the same, twice */
	inc_list_add(&sp, make_inc("B", 2));
	notify_baseline(n, &sp);
	/* nothing until every channel has answered */
	assert_int_equal(notify_due(n), 0);
	assert_false(notify_flush(n, T0));
	notify_started(n);
	assert_true(notify_flush(n, T0));
	notify_notices(n, &nt, &nn);
	assert_int_equal(nn, 1);
	assert_int_equal(nt[0].kind, NOTICE_SUMMARY);
	assert_string_equal(nt[0].title, "Azure");
	assert_string_equal(nt[0].text, "2 active Azure incidents for your "
	    "filters: Azure Cache for Redis - East US (A); "
	    "Azure Cache for Redis - East US (B)");
	for (i = 0; i < nn; i++)
		notice_free(&nt[i]);
	free(nt);

	/* a channel whose first answer comes later: silent */
	inc_list_add(&late, make_inc("C", 1));
	notify_baseline(n, &late);
	notify_started(n);
	assert_false(notify_flush(n, T0 + NOTIFY_WINDOW));
	/* and news after the start as always */
	inc_list_add(&sp, make_inc("D", 1));
	notify_scan(n, &sp);
	assert_true(notify_flush(n, T0 + NOTIFY_WINDOW));
	notify_notices(n, &nt, &nn);
	assert_int_equal(nn, 2);
	assert_int_equal(nt[1].kind, NOTICE_INCIDENT);
	assert_string_equal(nt[1].key, "D");
	for (i = 0; i < nn; i++)
		notice_free(&nt[i]);
	free(nt);
	inc_list_clear(&journal);
	inc_list_clear(&sh);
	inc_list_clear(&sp);
	inc_list_clear(&late);
	notify_free(n);
}

/* An incident the user has read, unchanged since, is known: not in the
 * start summary; one read before its latest update is. */
static void
test_start_summary_read(void **state)
{
	struct notify *n = notify_new(&cfg);
	struct seen *read = seen_new(NULL);
	struct inc_list l = { 0 };
	struct incident *changed;
	struct notice *nt;
	size_t nn;

	(void)state;
	inc_list_add(&l, make_inc("A", 1));
	changed = make_inc("B", 1);
	inc_list_add(&l, changed);
	seen_mark_all(read, &l);
	incident_add_update(changed, T0 + 60, CHAN_SERVICE_HEALTH, "later");
	inc_list_add(&l, make_inc("C", 1));
	notify_set_seen(n, read);
	notify_baseline(n, &l);
	notify_started(n);
	assert_true(notify_flush(n, T0));
	notify_notices(n, &nt, &nn);
	assert_int_equal(nn, 1);
	assert_string_equal(nt[0].text, "2 active Azure incidents for your "
	    "filters: Azure Cache for Redis - East US (B); "
	    "Azure Cache for Redis - East US (C)");
	notice_free(&nt[0]);
	free(nt);
	inc_list_clear(&l);
	notify_free(n);
	seen_free(read);
}

/* One active incident is "1 active Azure incident"; none is nothing. */
static void
test_start_summary_one_or_none(void **state)
{
	struct notify *n = notify_new(&cfg);
	struct inc_list l = { 0 };
	struct notice *nt;
	size_t nn;

	(void)state;
	notify_started(n);
	assert_false(notify_flush(n, T0));
	notify_free(n);

	n = notify_new(&cfg);
	inc_list_add(&l, make_inc("A", 1));
	notify_baseline(n, &l);
	notify_started(n);
	assert_true(notify_flush(n, T0));
	notify_notices(n, &nt, &nn);
	assert_int_equal(nn, 1);
	assert_string_equal(nt[0].text, "1 active Azure incident for your "
	    "filters: Azure Cache for Redis - East US (A)");
	notice_free(&nt[0]);
	free(nt);
	inc_list_clear(&l);
	notify_free(n);
}

static void
test_safe_text(void **state)
{
	struct notice nt = { .id = 1, .kind = NOTICE_UPDATE, .key = (char *)"A",
	    .title = (char *)"East US; #[fg=red]\033]0;pwned\007",
	    .text = (char *)"bell\007 #{pane_id}" };
	char *s, buf[512];

	(void)state;
	s = notify_tmux_text(nt.text);
	assert_string_equal(s, "bell ##{pane_id}");
	free(s);
	s = notify_tmux_text(nt.title);
	assert_null(strchr(s, '\033'));
	assert_non_null(strstr(s, "##[fg=red]"));
	free(s);

	notify_osc(&nt, DESKTOP_OSC9, buf, sizeof buf);
	assert_string_equal(buf,
	    "\033]9;azwatch: East US, #[fg=red]: bell #{pane_id}\007");
	notify_osc(&nt, DESKTOP_OSC777, buf, sizeof buf);
	assert_string_equal(buf,
	    "\033]777;notify;azwatch: East US, #[fg=red];bell #{pane_id}\007");
	notify_osc(&nt, DESKTOP_OFF, buf, sizeof buf);
	assert_string_equal(buf, "");
	/* too small for the whole sequence: nothing rather than half */
	notify_osc(&nt, DESKTOP_OSC9, buf, 12);
	assert_string_equal(buf, "");
}

static char *
wait_file(const char *path)
{
	FILE *f;
	char *data;
	long len;
	int i;

	for (i = 0; i < 500; i++) {
		if ((f = fopen(path, "r")) != NULL) {
			fseek(f, 0, SEEK_END);
			len = ftell(f);
			rewind(f);
			data = xcalloc(1, (size_t)len + 1);
			if (fread(data, 1, (size_t)len, f) != (size_t)len)
				len = 0;
			fclose(f);
			if (len > 0)
				return data;
			free(data);
		}
		usleep(10000);
	}
	return NULL;
}

static void
test_programs(void **state)
{
	const char *top = getenv("TOP_SRCDIR");
	char tmpl[] = "test-notify.XXXXXX", *dir, *rec, *calls, *log, *path;
	char *data, *cmd, *json_path = NULL;
	struct cfg c = cfg;
	struct notify *n;
	struct inc_list l = { 0 };
	json_object *o, *v;
	FILE *p;
	char line[1024];

	(void)state;
	if (top == NULL)
		top = ".";
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	rec = xasprintf("%s/tests/notify-recorder", top);
	calls = xasprintf("%s/calls", dir);
	log = xasprintf("%s/tmux.log", dir);
	path = xasprintf("%s/tests/fakebin-tmux:%s", top, getenv("PATH"));
	setenv("NOTIFY_RECORD_DIR", dir, 1);
	setenv("FAKE_TMUX_LOG", log, 1);
	setenv("PATH", path, 1);
	setenv("TMUX", "/private/tmux-test,1,0", 1);
	c.notify_program = rec;
	c.notify_tmux = true;

	n = notify_new(&c);
	inc_list_add(&l, make_inc("VN8T-TZ8", 2));
	free(l.v[0]->title);
	l.v[0]->title = xstrdup("Redis #1 \033[31m- East US");
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0));

	/* the program got the incident as JSON on stdin */
	data = wait_file(calls);
	assert_non_null(data);
	assert_string_equal(data, "incident\tnew service issue\n");
	free(data);
	cmd = xasprintf("ls %s/notify.*.json", dir);
	p = popen(cmd, "r");
	if (fgets(line, sizeof line, p) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		json_path = xstrdup(line);
	}
	pclose(p);
	free(cmd);
	assert_non_null(json_path);
	data = wait_file(json_path);
	assert_non_null(data);
	o = json_tokener_parse(data);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "tracking_id", &v));
	assert_string_equal(json_object_get_string(v), "VN8T-TZ8");
	assert_true(json_object_object_get_ex(o, "title", &v));
	assert_string_equal(json_object_get_string(v),
	    "Redis #1 \033[31m- East US");
	assert_true(json_object_object_get_ex(o, "status", &v));
	assert_string_equal(json_object_get_string(v), "active");
	assert_true(json_object_object_get_ex(o, "updates", &v));
	assert_int_equal(json_object_array_length(v), 2);
	assert_true(json_object_object_get_ex(o, "regions", &v));
	assert_string_equal(json_object_get_string(
	    json_object_array_get_idx(v, 0)), "East US");
	json_object_put(o);
	free(data);

	/* tmux got display-message with the text defused */
	data = wait_file(log);
	assert_non_null(data);
	assert_string_equal(data, "display-message\n"
	    "azwatch: Redis ##1 - East US: new service issue\n--end--\n");
	free(data);

	notify_free(n);
	inc_list_clear(&l);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	unsetenv("TMUX");
	free(json_path);
	free(rec);
	free(calls);
	free(log);
	free(path);
}

/* A script in dir; caller frees the path. */
static char *
script(const char *dir, const char *name, const char *body)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, 0755);
	return path;
}

/* The problem notify reports, waited for (children end on their own
 * time); NULL if none came. */
static const char *
wait_problem(struct notify *n, const char *want)
{
	const char *p = NULL;
	int i;

	for (i = 0; i < 1000; i++) {
		p = notify_problem(n);
		if (p != NULL && strstr(p, want) != NULL)
			return p;
		usleep(20000);
	}
	return p;
}

/* A notify_program that never reads its stdin (more than a pipe holds)
 * and never exits does not hold up the caller, is killed at its deadline
 * and reported; its environment has none of azwatch's secrets. A missing
 * or failing program is reported too, and a good run clears the report. */
static void
test_program_problems(void **state)
{
	char tmpl[] = "/tmp/azwatch-notify-XXXXXX", *dir, *hang, *fail, *env;
	char *envfile, *data, *big;
	struct inc_list l = { 0 };
	struct chan_status st = { 0 };
	struct cfg c = cfg;
	struct notify *n;
	const char *p;

	(void)state;
	alarm(60);		/* a hang fails here rather than blocks */
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	envfile = xasprintf("%s/env", dir);
	env = xasprintf("env > %s.tmp; mv %s.tmp %s; exec sleep 600", envfile,
	    envfile, envfile);
	hang = script(dir, "hang", env);
	fail = script(dir, "fail", "echo 'no route to pager' >&2; exit 3");
	setenv("AZURE_CLIENT_SECRET", "notify-test-client-secret", 1);
	setenv("X_BEARER_TOKEN", "notify-test-x-bearer", 1);
	setenv("AZWATCH_ACCESS_TOKEN", "notify-test-access-token", 1);
	c.notify_program = hang;
	c.notify_tmux = false;
	c.notify_timeout = 1;

	n = notify_new(&c);
	inc_list_add(&l, make_inc("HANG-1", 1));
	big = xmalloc(1 << 20);
	memset(big, 'x', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	incident_add_update(l.v[0], T0 + 5, CHAN_SERVICE_HEALTH, big);
	free(big);
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0));
	data = wait_file(envfile);
	assert_non_null(data);
	assert_null(strstr(data, "AZURE_CLIENT_SECRET"));
	assert_null(strstr(data, "X_BEARER_TOKEN"));
	assert_null(strstr(data, "AZWATCH_ACCESS_TOKEN"));
	assert_null(strstr(data, "notify-test-"));
	assert_non_null(strstr(data, "AZWATCH_NOTIFY_KIND=incident"));
	free(data);
	p = wait_problem(n, "did not finish within 1 s");
	assert_non_null(p);
	assert_non_null(strstr(p, "notify_program"));
	notify_report(n, &st);
	assert_non_null(st.detail);
	assert_non_null(strstr(st.detail, "did not finish within 1 s"));
	chan_status_free(&st);
	inc_list_clear(&l);

	/* missing */
	c.notify_program = (char *)"/nonexistent/azwatch-notify";
	inc_list_add(&l, make_inc("MISSING-1", 1));
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0 + 100));
	p = notify_problem(n);
	assert_non_null(p);
	assert_string_equal(p, "notify_program /nonexistent/azwatch-notify "
	    "not found");
	inc_list_clear(&l);

	/* failing */
	c.notify_program = fail;
	inc_list_add(&l, make_inc("FAIL-1", 1));
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0 + 200));
	p = wait_problem(n, "exited with status 3: no route to pager");
	assert_non_null(p);
	assert_non_null(strstr(p, "exited with status 3: no route to pager"));
	inc_list_clear(&l);

	/* a good run clears it */
	c.notify_program = (char *)"true";
	inc_list_add(&l, make_inc("OK-1", 1));
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0 + 300));
	for (p = notify_problem(n); p != NULL; p = notify_problem(n))
		usleep(20000);
	inc_list_clear(&l);

	/* and a hung one is killed, not waited for, when notify ends */
	c.notify_program = hang;
	c.notify_timeout = 600;
	inc_list_add(&l, make_inc("HANG-2", 1));
	notify_scan(n, &l);
	assert_true(notify_flush(n, T0 + 400));
	notify_free(n);
	inc_list_clear(&l);
	alarm(0);

	unsetenv("AZURE_CLIENT_SECRET");
	unsetenv("X_BEARER_TOKEN");
	unsetenv("AZWATCH_ACCESS_TOKEN");
	data = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(data), 0);
	free(data);
	free(env);
	free(envfile);
	free(hang);
	free(fail);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prime_then_nothing_new),
		cmocka_unit_test(test_new_incident_and_update),
		cmocka_unit_test(test_burst_is_one),
		cmocka_unit_test(test_ring_keeps_recent),
		cmocka_unit_test(test_filter_hook),
		cmocka_unit_test(test_start_summary),
		cmocka_unit_test(test_start_summary_one_or_none),
		cmocka_unit_test(test_start_summary_read),
		cmocka_unit_test(test_safe_text),
		cmocka_unit_test(test_programs),
		cmocka_unit_test(test_program_problems),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	memset(&cfg, 0, sizeof cfg);
	cfg.notify_tmux = false;	/* unit tests must not reach a real tmux */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
