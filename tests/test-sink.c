/* test-sink.c: the delivery sinks without a network: SHA-256 and
 * HMAC-SHA256 against the FIPS 180-4 examples and RFC 4231's test cases;
 * the outbox (dedup, backoff and Retry-After, a 4xx drop, a restart
 * that keeps what is pending, a change replacing an unsent one); the
 * rate limit against a clock the test moves; the
 * four payload formats; [sink NAME] parsing and its secret rules;
 * Slack's Web API (the token's host, requests, answers, threads). */
#include "config.h"

#include <locale.h>
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
#include <json-c/json.h>

#include "cfg.h"
#include "incjson.h"
#include "model.h"
#include "outbox.h"
#include "sha256.h"
#include "http.h"
#include "sink-fmt.h"
#include "sink-slack.h"
#include "sink.h"
#include "xmalloc.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "test-sink.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* sha256 ------------------------------------------------------------------ */

static void
hex_of(const void *p, size_t n, char out[SHA256_HEX])
{
	unsigned char d[SHA256_LEN];

	sha256(p, n, d);
	sha256_hex(d, out);
}

static void
test_sha256_vectors(void **state)
{
	static const char abc2[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[SHA256_HEX], *million;
	struct sha256 c;
	unsigned char d[SHA256_LEN];
	int i;

	(void)state;
	hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	hex_of(abc2, strlen(abc2), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	/* a million 'a', whole and in uneven pieces */
	million = xmalloc(1000000);
	memset(million, 'a', 1000000);
	hex_of(million, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	sha256_init(&c);
	for (i = 0; i < 1000000; i += 7)
		sha256_update(&c, million + i, 1000000 - i < 7 ?
		    (size_t)(1000000 - i) : 7);
	sha256_final(&c, d);
	sha256_hex(d, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

static void
test_hmac_rfc4231(void **state)
{
	unsigned char key[131], d[SHA256_LEN];
	char hex[SHA256_HEX];
	static const char big[] =
	    "Test Using Larger Than Block-Size Key - Hash Key First";

	(void)state;
	memset(key, 0x0b, 20);
	sha256_hmac(key, 20, "Hi There", 8, d);
	sha256_hex(d, hex);
	assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7");
	sha256_hmac("Jefe", 4, "what do ya want for nothing?", 28, d);
	sha256_hex(d, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
	/* a key longer than the block is hashed first */
	memset(key, 0xaa, sizeof key);
	sha256_hmac(key, sizeof key, big, strlen(big), d);
	sha256_hex(d, hex);
	assert_string_equal(hex, "60e431591ee0b67f0d8a26aacbf5b77f"
	    "8e0bc6213728c5140546040f0ee37f54");
}

/* outbox ------------------------------------------------------------------ */

static void
test_outbox_dedup_and_restart(void **state)
{
	struct outbox ob, again;
	char err[256];

	(void)state;
	assert_int_equal(outbox_open(&ob, dir, err, sizeof err), 0);
	assert_int_equal(ob.nitems, 0);
	outbox_add(&ob, "chat", "K1", "K1|active|100", "{\"a\":1}", 1000, 1002);
	assert_true(outbox_known(&ob, "chat", "K1|active|100"));
	assert_false(outbox_known(&ob, "room", "K1|active|100"));
	assert_true(outbox_key_known(&ob, "chat", "K1"));
	assert_false(outbox_key_known(&ob, "chat", "K2"));
	assert_int_equal(outbox_head(&ob, "chat"), 0);
	assert_int_equal(ob.items[0].next, 1002);
	assert_int_equal(outbox_save(&ob, err, sizeof err), 0);

	/* a restart (or kill -9 after the save) keeps what is pending */
	assert_int_equal(outbox_open(&again, dir, err, sizeof err), 0);
	assert_int_equal(again.nitems, 1);
	assert_string_equal(again.items[0].body, "{\"a\":1}");
	assert_string_equal(again.items[0].id, "K1|active|100");

	/* delivered: done, never queued again, also after a restart */
	outbox_delivered(&again, 0, 1003);
	assert_int_equal(again.nitems, 0);
	assert_true(outbox_known(&again, "chat", "K1|active|100"));
	assert_true(outbox_key_known(&again, "chat", "K1"));
	assert_int_equal(outbox_sink(&again, "chat")->delivered, 1);
	assert_int_equal(outbox_save(&again, err, sizeof err), 0);
	outbox_free(&again);
	outbox_free(&ob);
	assert_int_equal(outbox_open(&ob, dir, err, sizeof err), 0);
	assert_int_equal(ob.nitems, 0);
	assert_true(outbox_known(&ob, "chat", "K1|active|100"));
	outbox_free(&ob);
}

static void
test_outbox_backoff(void **state)
{
	struct outbox ob;
	char err[256];

	(void)state;
	assert_int_equal(outbox_open(&ob, dir, err, sizeof err), 0);
	assert_int_equal(outbox_backoff(1), 1);
	assert_int_equal(outbox_backoff(2), 2);
	assert_int_equal(outbox_backoff(3), 4);
	assert_int_equal(outbox_backoff(40), OUTBOX_BACKOFF_MAX);
	outbox_add(&ob, "chat", "K", "K|x", "{}", 1000, 1000);
	assert_int_equal(outbox_failed(&ob, 0, 1000, -1, false, "HTTP 503"), 1);
	assert_int_equal(ob.items[0].next, 1001);
	assert_int_equal(outbox_failed(&ob, 0, 1001, -1, false, "HTTP 503"), 2);
	/* Retry-After longer than the backoff wins */
	assert_int_equal(outbox_failed(&ob, 0, 1003, 30, false, "HTTP 429"),
	    30);
	assert_int_equal(ob.items[0].next, 1033);
	assert_string_equal(outbox_sink(&ob, "chat")->error, "HTTP 429");
	/* a 4xx that will not heal: dropped, remembered, said why */
	assert_int_equal(outbox_failed(&ob, 0, 1040, -1, true, "HTTP 404"), -1);
	assert_int_equal(ob.nitems, 0);
	assert_true(outbox_known(&ob, "chat", "K|x"));
	assert_int_equal(outbox_sink(&ob, "chat")->dropped, 1);
	assert_string_equal(outbox_sink(&ob, "chat")->error, "HTTP 404");
	/* a day of failures: given up */
	outbox_add(&ob, "chat", "K", "K|y", "{}", 1000, 1000);
	assert_int_equal(outbox_failed(&ob, 0, 1000 + OUTBOX_GIVE_UP + 1, -1,
	    false, "HTTP 503"), -1);
	outbox_free(&ob);
}

static void
test_outbox_replace_unsent(void **state)
{
	struct outbox ob;
	char err[256];

	(void)state;
	assert_int_equal(outbox_open(&ob, dir, err, sizeof err), 0);
	outbox_add(&ob, "chat", "K", "K|active|5", "one", 10, 12);
	assert_int_equal(outbox_unsent(&ob, "chat", "K"), 0);
	outbox_replace(&ob, 0, "K|ended|5", "two");
	assert_int_equal(ob.nitems, 1);
	assert_string_equal(ob.items[0].body, "two");
	/* the state it replaced counts as done: it is never sent later */
	assert_true(outbox_known(&ob, "chat", "K|active|5"));
	/* once attempted, an item is no longer replaced */
	outbox_failed(&ob, 0, 12, -1, false, "HTTP 500");
	assert_int_equal(outbox_unsent(&ob, "chat", "K"), -1);
	outbox_free(&ob);
}

static void
test_outbox_bad_file(void **state)
{
	struct outbox ob;
	char err[256], *path = xasprintf("%s/%s", dir, OUTBOX_FILE);
	FILE *f = fopen(path, "w");

	(void)state;
	assert_non_null(f);
	fputs("{ not json", f);
	fclose(f);
	/* refused, and left as it is for a person to look at */
	assert_int_equal(outbox_open(&ob, dir, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot be read"));
	unlink(path);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_int_equal(outbox_open(&ob, dir, err, sizeof err), -1);
	unlink(path);
	free(path);
}

/* formats ----------------------------------------------------------------- */

static struct incident *
redis(enum inc_status st)
{
	struct incident *inc = incident_new("7K2Q-XL8");

	inc->tracking_id = xstrdup("7K2Q-XL8");
	inc->title = xstrdup("Redis <!channel> & timeouts\x1b[31m");
	inc->status = st;
	inc->type = INC_SERVICE_ISSUE;
	inc->level = xstrdup("Warning");
	inc->start = 1764000000;
	inc->last_update = 1764001800;
	incident_add_impact(inc, "Azure Cache for Redis", "East US", st);
	incident_add_update(inc, 1764001800, CHAN_SERVICE_HEALTH,
	    "Engineers are investigating.");
	strv_add(&inc->links, "javascript:alert(1)");
	strv_add(&inc->links, "https://azure.status.microsoft/en-us/status");
	return inc;
}

static json_object *
parse(const char *s)
{
	json_object *o = json_tokener_parse(s);

	assert_non_null(o);
	return o;
}

static const char *
path_str(json_object *o, const char *path)
{
	char *copy = xstrdup(path), *part, *save = NULL;
	static char out[4096];

	for (part = strtok_r(copy, ".", &save); part != NULL && o != NULL;
	    part = strtok_r(NULL, ".", &save)) {
		if (*part >= '0' && *part <= '9')
			o = json_object_array_get_idx(o, (size_t)atoi(part));
		else if (!json_object_object_get_ex(o, part, &o))
			o = NULL;
	}
	free(copy);
	snprintf(out, sizeof out, "%s", o == NULL ? "(none)" :
	    json_object_get_string(o));
	return out;
}

static void
test_fmt_ids(void **state)
{
	struct incident *a = redis(INC_ACTIVE), *m = redis(INC_MITIGATED);
	bool resolve;
	char *id;

	(void)state;
	id = sink_fmt_id(SINK_SLACK, a, &resolve);
	assert_string_equal(id, "7K2Q-XL8|active|1764001800");
	assert_false(resolve);
	free(id);
	id = sink_fmt_id(SINK_SLACK, m, &resolve);
	assert_string_equal(id, "7K2Q-XL8|ended|1764001800");
	free(id);
	id = sink_fmt_id(SINK_PAGERDUTY, a, &resolve);
	assert_string_equal(id, "7K2Q-XL8|trigger");
	assert_false(resolve);
	free(id);
	id = sink_fmt_id(SINK_PAGERDUTY, m, &resolve);
	assert_string_equal(id, "7K2Q-XL8|resolve");
	assert_true(resolve);
	free(id);
	incident_free(a);
	incident_free(m);
}

static void
test_fmt_slack(void **state)
{
	struct incident *inc = redis(INC_ACTIVE);
	char *body = sink_fmt_body(SINK_SLACK, inc, false);
	json_object *o = parse(body);

	(void)state;
	/* markup escaped where Slack reads mrkdwn, escapes sanitized away,
	 * the https link only */
	assert_null(strstr(body, "\\u001b"));
	assert_null(strstr(body, "javascript"));
	assert_string_equal(path_str(o, "blocks.0.type"), "header");
	assert_string_equal(path_str(o, "blocks.0.text.text"),
	    "Redis <!channel> & timeouts");	/* plain_text: as is */
	assert_string_equal(path_str(o, "blocks.1.fields.0.text"),
	    "*Tracking ID*\n7K2Q-XL8");
	assert_string_equal(path_str(o, "blocks.1.fields.1.text"),
	    "*Status*\nactive");
	assert_string_equal(path_str(o, "blocks.1.fields.3.text"),
	    "*Regions*\nEast US");
	assert_string_equal(path_str(o, "blocks.2.text.text"),
	    "Engineers are investigating.");
	assert_non_null(strstr(path_str(o, "blocks.3.elements.0.text"),
	    "<https://azure.status.microsoft/en-us/status|Details>"));
	assert_non_null(strstr(path_str(o, "text"), "&lt;!channel&gt; &amp;"));
	json_object_put(o);
	free(body);
	incident_free(inc);
}

static void
test_fmt_teams(void **state)
{
	struct incident *inc = redis(INC_RESOLVED);
	char *body = sink_fmt_body(SINK_TEAMS, inc, false);
	json_object *o = parse(body);

	(void)state;
	assert_string_equal(path_str(o, "type"), "message");
	assert_string_equal(path_str(o, "attachments.0.contentType"),
	    "application/vnd.microsoft.card.adaptive");
	assert_string_equal(path_str(o, "attachments.0.content.type"),
	    "AdaptiveCard");
	assert_string_equal(path_str(o, "attachments.0.content.body.1.type"),
	    "FactSet");
	assert_string_equal(path_str(o,
	    "attachments.0.content.body.1.facts.1.value"), "resolved");
	assert_string_equal(path_str(o,
	    "attachments.0.content.actions.0.url"),
	    "https://azure.status.microsoft/en-us/status");
	json_object_put(o);
	free(body);
	incident_free(inc);
}

static void
test_fmt_pagerduty(void **state)
{
	struct incident *inc = redis(INC_ACTIVE);
	char *body = sink_fmt_body(SINK_PAGERDUTY, inc, false), *with;
	json_object *o = parse(body);

	(void)state;
	assert_string_equal(path_str(o, "event_action"), "trigger");
	assert_string_equal(path_str(o, "dedup_key"), "7K2Q-XL8");
	assert_string_equal(path_str(o, "payload.severity"), "warning");
	assert_string_equal(path_str(o, "payload.source"), "Azure");
	assert_string_equal(path_str(o, "payload.custom_details.tracking_id"),
	    "7K2Q-XL8");
	/* the routing key is never in the queued body */
	assert_string_equal(path_str(o, "routing_key"), "(none)");
	json_object_put(o);
	with = sink_fmt_with_key(body, "R0UTINGKEY123");
	o = parse(with);
	assert_string_equal(path_str(o, "routing_key"), "R0UTINGKEY123");
	json_object_put(o);
	free(with);
	free(body);
	body = sink_fmt_body(SINK_PAGERDUTY, inc, true);
	o = parse(body);
	assert_string_equal(path_str(o, "event_action"), "resolve");
	assert_string_equal(path_str(o, "payload"), "(none)");
	json_object_put(o);
	free(body);
	incident_free(inc);
}

static void
test_fmt_webhook_is_incjson(void **state)
{
	struct incident *inc = redis(INC_ACTIVE);
	char *body = sink_fmt_body(SINK_WEBHOOK, inc, false),
	    *want = incjson_text(inc, 0);

	(void)state;
	assert_string_equal(body, want);
	free(body);
	free(want);
	incident_free(inc);
}

/* rate limit -------------------------------------------------------------- */

/* A burst of 20 updates to a sink limited to 6 a minute, against a clock
 * the test moves: never more than 6 in any minute, every one delivered
 * (the rest wait in the outbox, also across a save and reload), oldest
 * first; another sink's queue does not use this one's slots. */
static void
test_rate_limit(void **state)
{
	const time_t t0 = 1790000000;
	struct cfg_sink s, other;
	struct outbox ob;
	long long mono, next_ok = 0, next_other = 0, wait, at[20];
	char err[256], id[32], body[64];
	size_t sent = 0, i, other_sent = 0;
	long h;

	(void)state;
	memset(&s, 0, sizeof s);
	s.name = xstrdup("chat");
	s.rate = 6;
	memset(&other, 0, sizeof other);
	other.name = xstrdup("hook");
	other.rate = 600;
	assert_int_equal(outbox_open(&ob, dir, err, sizeof err), 0);
	for (i = 0; i < 20; i++) {
		snprintf(id, sizeof id, "K|upd%02zu", i);
		snprintf(body, sizeof body, "{\"n\":%zu}", i);
		outbox_add(&ob, "chat", "K", id, body, t0, t0);
		outbox_add(&ob, "hook", "K", id, body, t0, t0);
	}
	/* the clock moves in steps of 250 ms for five minutes */
	for (mono = 5000; mono <= 5000 + 300000; mono += 250) {
		time_t now = t0 + (time_t)((mono - 5000) / 1000);

		while ((h = sinks_due(&ob, &other, now, mono, &next_other,
		    &wait)) >= 0) {
			outbox_delivered(&ob, (size_t)h, now);
			other_sent++;
		}
		while ((h = sinks_due(&ob, &s, now, mono, &next_ok,
		    &wait)) >= 0) {
			assert_true(sent < 20);
			snprintf(id, sizeof id, "K|upd%02zu", sent);
			/* in order: the oldest first */
			assert_string_equal(ob.items[h].id, id);
			at[sent++] = mono;
			outbox_delivered(&ob, (size_t)h, now);
		}
		/* not due: it says how long until a slot */
		assert_true(wait > 0);
		if (mono == 5000 + 60000 - 250) {
			/* a minute into the burst: 6 sent, 14 waiting, and
			 * a restart keeps them */
			assert_int_equal(sent, 6);
			assert_int_equal(outbox_save(&ob, err, sizeof err), 0);
			outbox_free(&ob);
			assert_int_equal(outbox_open(&ob, dir, err,
			    sizeof err), 0);
			for (i = 0, h = 0; i < ob.nitems; i++)
				h += strcmp(ob.items[i].sink, "chat") == 0;
			assert_int_equal(h, 14);
		}
	}
	/* all delivered, none lost */
	assert_int_equal(sent, 20);
	assert_int_equal(other_sent, 20);
	assert_int_equal(outbox_head(&ob, "chat"), -1);
	/* no minute holds more than 6 */
	for (i = 0; i + 6 < sent; i++)
		assert_true(at[i + 6] - at[i] >= 60000);
	assert_int_equal(outbox_sink(&ob, "chat")->delivered, 20);
	outbox_free(&ob);
	free(s.name);
	free(other.name);
}

/* [sink NAME] ------------------------------------------------------------- */

static int
parse_cfg(struct cfg *c, const char *text, char *err, size_t errlen)
{
	cfg_defaults(c);
	if (cfg_parse(c, text, "t", err, errlen) == -1)
		return -1;
	return cfg_validate(c, err, errlen);
}

static void
test_cfg_sinks(void **state)
{
	char err[512], *file = xasprintf("%s/hook.url", dir), *text;
	struct cfg c;
	FILE *f;

	(void)state;
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("https://hooks.example.com/services/SECRETSECRET\n", f);
	fclose(f);
	chmod(file, 0644);
	text = xasprintf("[sink chat]\ntype = slack\nurl_file = %s\n", file);
	assert_int_equal(parse_cfg(&c, text, err, sizeof err), -1);
	assert_non_null(strstr(err, "chmod 600"));
	cfg_free(&c);
	chmod(file, 0600);
	assert_int_equal(parse_cfg(&c, text, err, sizeof err), 0);
	assert_int_equal(c.nsinks, 1);
	assert_int_equal(c.sinks[0].type, SINK_SLACK);
	assert_string_equal(c.sinks[0].url,
	    "https://hooks.example.com/services/SECRETSECRET");
	cfg_free(&c);
	free(text);

	/* a URL or key in the file itself is refused */
	assert_int_equal(parse_cfg(&c, "[sink a]\ntype = webhook\n"
	    "url = https://x.example/\n", err, sizeof err), -1);
	assert_non_null(strstr(err, "secret"));
	cfg_free(&c);
	/* plain http only to loopback, and the URL is not quoted */
	setenv("TEST_SINK_URL", "http://hooks.example.com/SECRETSECRET", 1);
	assert_int_equal(parse_cfg(&c, "[sink a]\ntype = webhook\n"
	    "url_env = TEST_SINK_URL\n", err, sizeof err), -1);
	assert_null(strstr(err, "SECRETSECRET"));
	cfg_free(&c);
	assert_int_equal(parse_cfg(&c, "[sink a]\ntype = pigeon\n", err,
	    sizeof err), -1);
	cfg_free(&c);
	assert_int_equal(parse_cfg(&c, "[sink pd]\ntype = pagerduty\n", err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "routing key"));
	cfg_free(&c);
	/* PagerDuty's endpoint defaults to the Events API */
	setenv("TEST_PD_KEY", "R0UTINGKEY123", 1);
	assert_int_equal(parse_cfg(&c, "[notify]\nsinks = on\n[sink pd]\n"
	    "type = pagerduty\nkey_env = TEST_PD_KEY\ntypes = service-issue\n"
	    "min_level = warning\n", err, sizeof err), 0);
	assert_true(c.notify_sinks);
	assert_string_equal(c.sinks[0].endpoint,
	    "https://events.pagerduty.com/v2/enqueue");
	assert_string_equal(c.sinks[0].min_level, "warning");
	cfg_free(&c);
	/* the names of the interface: routing_key_* and secret_* */
	assert_int_equal(parse_cfg(&c, "[sink pd]\ntype = pagerduty\n"
	    "routing_key_env = TEST_PD_KEY\n[sink h]\ntype = webhook\n"
	    "url_env = TEST_PD_URL\nsecret_env = TEST_PD_KEY\n", err,
	    sizeof err), -1);	/* TEST_PD_URL is not set */
	cfg_free(&c);
	setenv("TEST_PD_URL", "https://hooks.example.com/x", 1);
	assert_int_equal(parse_cfg(&c, "[sink pd]\ntype = pagerduty\n"
	    "routing_key_env = TEST_PD_KEY\n[sink h]\ntype = webhook\n"
	    "url_env = TEST_PD_URL\nsecret_env = TEST_PD_KEY\n", err,
	    sizeof err), 0);
	assert_string_equal(c.sinks[0].key, "R0UTINGKEY123");
	assert_string_equal(c.sinks[1].key, "R0UTINGKEY123");
	cfg_free(&c);
	free(file);
}

/* Slack's Web API: the configuration (a token goes to slack.com only),
 * the members a request adds, what an answer means, and the threads
 * kept in the outbox across a restart. */
static int
slack_parse(struct cfg *c, const char *extra, char *err, size_t errlen)
{
	char *text = xasprintf("[sink s]\ntype = slack\ntoken_env = "
	    "TEST_SLACK_TOKEN\n%s", extra);
	int rc = parse_cfg(c, text, err, errlen);

	free(text);
	return rc;
}

static void
slack_answer(const char *body, int want, const char *ts, const char *chan,
    bool permanent, bool gone)
{
	struct http_resp r;
	char why[256], *gts, *gchan;
	bool perm, g;

	http_resp_init(&r);
	r.status = 200;
	buf_puts(&r.body, body);
	assert_int_equal(sink_slack_answer(&r, &gts, &gchan, why, sizeof why,
	    &perm, &g), want);
	if (ts == NULL)
		assert_null(gts);
	else
		assert_string_equal(gts, ts);
	if (chan == NULL)
		assert_null(gchan);
	else
		assert_string_equal(gchan, chan);
	assert_true(perm == permanent);
	assert_true(g == gone);
	if (want == -1)
		assert_non_null(strstr(why, "Slack"));
	free(gts);
	free(gchan);
	http_resp_free(&r);
}

static void
test_slack_api(void **state)
{
	static const char *const refused[] = {
		"https://slack.com.example.net/api",	/* a lookalike host */
		"https://hooks.slack.com/api",		/* another host */
		"https://slack.com:8443/api",		/* another port */
		"http://slack.com/api",			/* not https */
		"https://u:p@slack.com/api",		/* a user name */
		"http://10.0.0.1/api",
	};
	char err[512], *b, *extra;
	struct outbox ob;
	struct strv names;
	struct cfg c;
	json_object *o;
	size_t i;

	(void)state;
	setenv("TEST_SLACK_TOKEN", "xoxb-TESTT0KEN", 1);
	assert_int_equal(slack_parse(&c, "channel = azure-incidents\n", err,
	    sizeof err), 0);
	assert_true(sink_slack_api(&c.sinks[0]));
	assert_string_equal(c.sinks[0].endpoint, "https://slack.com/api");
	assert_string_equal(c.sinks[0].key, "xoxb-TESTT0KEN");
	/* the token's variable is kept from the programs azwatch runs */
	memset(&names, 0, sizeof names);
	cfg_secret_env(&c, &names);
	assert_true(strv_has(&names, "TEST_SLACK_TOKEN"));
	strv_free(&names);
	cfg_free(&c);
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		extra = xasprintf("channel = C0123\nendpoint = %s\n",
		    refused[i]);
		assert_int_equal(slack_parse(&c, extra, err, sizeof err), -1);
		assert_non_null(strstr(err, "goes only to"));
		assert_null(strstr(err, "TESTT0KEN"));
		cfg_free(&c);
		free(extra);
	}
	assert_int_equal(slack_parse(&c, "channel = C0123\nendpoint = "
	    "http://127.0.0.1:9/api/\n", err, sizeof err), 0);
	b = sink_slack_url(c.sinks[0].endpoint, "chat.update");
	assert_string_equal(b, "http://127.0.0.1:9/api/chat.update");
	free(b);
	cfg_free(&c);
	/* a token needs a channel, and is not a webhook's too */
	assert_int_equal(slack_parse(&c, "", err, sizeof err), -1);
	assert_non_null(strstr(err, "channel"));
	cfg_free(&c);
	assert_int_equal(slack_parse(&c, "channel = a b\n", err, sizeof err),
	    -1);
	cfg_free(&c);
	setenv("TEST_SINK_URL", "https://hooks.slack.com/services/X", 1);
	assert_int_equal(slack_parse(&c, "channel = C1\nurl_env = "
	    "TEST_SINK_URL\n", err, sizeof err), -1);
	assert_non_null(strstr(err, "not both"));
	cfg_free(&c);
	assert_int_equal(parse_cfg(&c, "[sink w]\ntype = webhook\nurl_env = "
	    "TEST_SINK_URL\ntoken_env = TEST_SLACK_TOKEN\n", err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "for slack"));
	cfg_free(&c);

	/* a reply: the message with channel and thread_ts */
	b = sink_slack_body("{\"text\":\"hi\",\"blocks\":[]}", "C0123",
	    "1790000000.000100", NULL);
	o = json_tokener_parse(b);
	assert_string_equal(json_object_get_string(json_object_object_get(o,
	    "channel")), "C0123");
	assert_string_equal(json_object_get_string(json_object_object_get(o,
	    "thread_ts")), "1790000000.000100");
	assert_null(json_object_object_get(o, "ts"));
	assert_string_equal(json_object_get_string(json_object_object_get(o,
	    "text")), "hi");
	json_object_put(o);
	free(b);
	assert_null(sink_slack_body("[1]", "C1", NULL, "1.2"));

	/* answers */
	slack_answer("{\"ok\":true,\"channel\":\"C0123\",\"ts\":"
	    "\"1790000000.000100\"}", 0, "1790000000.000100", "C0123", false,
	    false);
	/* a ts that is not one is not kept */
	slack_answer("{\"ok\":true,\"channel\":\"C0123\",\"ts\":"
	    "\"1.2\\n../x\"}", 0, NULL, "C0123", false, false);
	slack_answer("{\"ok\":false,\"error\":\"invalid_auth\"}", -1, NULL,
	    NULL, true, false);
	slack_answer("{\"ok\":false,\"error\":\"channel_not_found\"}", -1,
	    NULL, NULL, true, false);
	slack_answer("{\"ok\":false,\"error\":\"internal_error\"}", -1,
	    NULL, NULL, false, false);
	slack_answer("{\"ok\":false,\"error\":\"message_not_found\"}", -1,
	    NULL, NULL, false, true);
	slack_answer("ok", -1, NULL, NULL, false, false);

	/* the threads survive a restart; a new first message replaces one */
	assert_int_equal(outbox_open(&ob, dir, err, sizeof err), 0);
	outbox_thread_set(&ob, "s", "K1", "1790000000.000100", "C0123", 5);
	outbox_thread_set(&ob, "s", "K2", "1790000000.000200", "C0123", 6);
	outbox_thread_set(&ob, "s", "K1", "1790000000.000300", "C0123", 7);
	assert_int_equal(outbox_save(&ob, err, sizeof err), 0);
	outbox_free(&ob);
	assert_int_equal(outbox_open(&ob, dir, err, sizeof err), 0);
	assert_int_equal(ob.nthreads, 2);
	assert_string_equal(outbox_thread(&ob, "s", "K1")->ts,
	    "1790000000.000300");
	assert_string_equal(outbox_thread(&ob, "s", "K2")->channel, "C0123");
	assert_null(outbox_thread(&ob, "t", "K1"));
	outbox_free(&ob);
}

/* doc/examples/watch.conf as installed: it parses, with its secrets
 * where the unit's credentials would be. */
static void
test_example_watch_conf(void **state)
{
	static const char *const secrets[] = {
		"client-secret", "slack-bot", "teams", "pagerduty"
	};
	static const char cred[] = "/run/credentials/azwatch-watch.service/";
	const char *top = getenv("TOP_SRCDIR");
	char path[1024], err[512], *p, *file;
	struct buf b, text;
	struct cfg c;
	size_t i;
	FILE *f;

	(void)state;
	snprintf(path, sizeof path, "%s/doc/examples/watch.conf",
	    top != NULL ? top : ".");
	f = fopen(path, "r");
	assert_non_null(f);
	buf_init(&b);
	while (fgets(err, sizeof err, f) != NULL)
		buf_puts(&b, err);
	fclose(f);
	/* the credentials' directory is the test's */
	buf_init(&text);
	for (p = b.data; (file = strstr(p, cred)) != NULL;
	    p = file + strlen(cred)) {
		buf_append(&text, p, (size_t)(file - p));
		buf_printf(&text, "%s/", dir);
	}
	buf_puts(&text, p);
	for (i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
		file = xasprintf("%s/%s", dir, secrets[i]);
		f = fopen(file, "w");
		assert_non_null(f);
		fputs(i == 2 ? "https://example.webhook.office.com/x\n" :
		    "xoxb-EXAMPLE\n", f);
		fclose(f);
		chmod(file, 0600);
		free(file);
	}
	setenv("AZWATCH_OPS_BUS_URL", "https://bus.example.net/azure", 1);
	setenv("AZWATCH_OPS_BUS_KEY", "k", 1);
	assert_int_equal(parse_cfg(&c, buf_str(&text), err, sizeof err), 0);
	assert_int_equal(c.nsinks, 4);
	assert_true(sink_slack_api(&c.sinks[0]));
	assert_string_equal(c.sinks[0].endpoint, SINK_SLACK_API);
	assert_int_equal(c.sinks[1].type, SINK_TEAMS);
	assert_int_equal(c.sinks[2].type, SINK_PAGERDUTY);
	assert_int_equal(c.sinks[3].type, SINK_WEBHOOK);
	cfg_free(&c);
	buf_free(&b);
	buf_free(&text);
}

static void
test_sink_filters(void **state)
{
	struct incident *inc = redis(INC_ACTIVE);
	struct cfg_sink s;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_true(sinks_match(&s, inc));
	strv_add(&s.services, "Redis Cache");	/* an alias */
	assert_true(sinks_match(&s, inc));
	strv_add(&s.regions, "westeurope");
	assert_false(sinks_match(&s, inc));
	strv_add(&s.regions, "eastus");
	assert_true(sinks_match(&s, inc));
	strv_add(&s.types, "planned-maintenance");
	assert_false(sinks_match(&s, inc));
	strv_add(&s.types, "service-issue");
	assert_true(sinks_match(&s, inc));
	s.min_level = xstrdup("error");
	assert_false(sinks_match(&s, inc));	/* a Warning */
	free(s.min_level);
	s.min_level = xstrdup("warning");
	assert_true(sinks_match(&s, inc));
	strv_add(&s.subscriptions, "sub-1");
	assert_false(sinks_match(&s, inc));
	free(s.min_level);
	strv_free(&s.services);
	strv_free(&s.regions);
	strv_free(&s.types);
	strv_free(&s.subscriptions);
	incident_free(inc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test_setup_teardown(test_outbox_dedup_and_restart,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_backoff, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_outbox_replace_unsent,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_bad_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit, setup,
		    teardown),
		cmocka_unit_test(test_fmt_ids),
		cmocka_unit_test(test_fmt_slack),
		cmocka_unit_test(test_fmt_teams),
		cmocka_unit_test(test_fmt_pagerduty),
		cmocka_unit_test(test_fmt_webhook_is_incjson),
		cmocka_unit_test_setup_teardown(test_cfg_sinks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slack_api, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_watch_conf, setup,
		    teardown),
		cmocka_unit_test(test_sink_filters),
	};

	/* sanitize measures with wcwidth: an UTF-8 locale */
	setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
