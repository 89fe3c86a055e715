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
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "cfg.h"
#include "notify.h"
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
	assert_string_equal(nt[0].text, "new service-issue");
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
	assert_string_equal(data, "incident\tnew service-issue\n");
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
	    "azwatch: Redis ##1 - East US: new service-issue\n--end--\n");
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prime_then_nothing_new),
		cmocka_unit_test(test_new_incident_and_update),
		cmocka_unit_test(test_burst_is_one),
		cmocka_unit_test(test_ring_keeps_recent),
		cmocka_unit_test(test_filter_hook),
		cmocka_unit_test(test_safe_text),
		cmocka_unit_test(test_programs),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	memset(&cfg, 0, sizeof cfg);
	cfg.notify_tmux = false;	/* unit tests must not reach a real tmux */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
