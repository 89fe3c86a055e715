/* test-replay.c: reading timelines (offsets, heredocs, failures, errors
 * with their line) and turning steps into what a poll would have given,
 * through the real parsers, with times moved and squeezed by the speed. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay.h"
#include "timeutil.h"

static const char timeline[] =
"# a test\n"
"start 2026-11-24T09:00:00Z\n"
"\n"
"at 0 status-page answer <<END\n"
"<?xml version=\"1.0\"?>\n"
"<rss version=\"2.0\"><channel><title>Azure Status</title>\n"
"<item><title>Azure Cache for Redis - East US - Investigating</title>\n"
"<category>Azure Cache for Redis</category><category>East US</category>\n"
"<description>Engineers are investigating. Tracking ID: 7K2Q-XL8</description>\n"
"<pubDate>Tue, 24 Nov 2026 08:50:00 Z</pubDate></item>\n"
"</channel></rss>\n"
"END\n"
"at 1h30m service-health answer <<EOF\n"
"{\"value\": []}\n"
"EOF\n"
"at 1h30m service-health unreachable: connection refused\n"
"at 2h x error HTTP 401\n"
"at 3h status-page answer <<END\n"
"<html>captive portal</html>\n"
"END\n";

static void
test_parse(void **state)
{
	struct replay rp;
	char err[256];

	(void)state;
	assert_int_equal(replay_parse(timeline, sizeof timeline - 1, "t",
	    &rp, err, sizeof err), 0);
	assert_int_equal(rp.nsteps, 5);
	assert_int_equal(rp.start, 1795510800);
	assert_int_equal(rp.steps[0].offset, 0);
	assert_int_equal(rp.steps[0].chan, CHAN_STATUS_PAGE);
	assert_int_equal(rp.steps[0].action, REPLAY_ANSWER);
	assert_non_null(strstr(rp.steps[0].body, "<title>Azure Status"));
	assert_int_equal(rp.steps[1].offset, 5400);
	assert_string_equal(rp.steps[1].body, "{\"value\": []}\n");
	assert_int_equal(rp.steps[2].action, REPLAY_UNREACHABLE);
	assert_string_equal(rp.steps[2].body, "connection refused");
	assert_int_equal(rp.steps[3].action, REPLAY_ERROR);
	assert_string_equal(rp.steps[3].body, "HTTP 401");
	assert_int_equal(rp.steps[4].line, 18);
	assert_int_equal(rp.chans, CHAN_BIT(CHAN_STATUS_PAGE) |
	    CHAN_BIT(CHAN_SERVICE_HEALTH) | CHAN_BIT(CHAN_X));
	replay_free(&rp);
}

static void
test_parse_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} bad[] = {
		{ "at 5 nowhere unreachable x\n", "t:1: unknown channel" },
		{ "at 5m x\n", "t:1: expected answer" },
		{ "\nat 5q x error e\n", "t:2: bad offset" },
		{ "at 5m x error e\nat 1m x error e\n", "t:2: steps must be" },
		{ "at 0 x answer <<END\nabc\n", "t:1: no 'END' line" },
		{ "at 0 x answer\n", "t:1: answer takes a heredoc" },
		{ "hello\n", "t:1: expected 'at" },
		{ "# nothing\n", "t: no steps" },
		{ "at 0 x error e\nstart 2026-11-24T09:00:00Z\n", "t:2: start" },
	};
	struct replay rp;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(replay_parse(bad[i].text, strlen(bad[i].text),
		    "t", &rp, err, sizeof err), -1);
		if (strncmp(err, bad[i].want, strlen(bad[i].want)) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, err,
			    bad[i].want);
	}
}

static void
test_steps(void **state)
{
	struct replay rp;
	struct chan_result res;
	struct incident *inc;
	char err[256];
	time_t real = 2000000000;

	(void)state;
	assert_int_equal(replay_parse(timeline, sizeof timeline - 1, "t",
	    &rp, err, sizeof err), 0);

	chan_result_init(&res);
	replay_step_result(&rp, &rp.steps[0], 10, real, &res);
	assert_false(res.failed);
	assert_int_equal(res.incidents.n, 1);
	inc = res.incidents.v[0];
	assert_string_equal(inc->tracking_id, "7K2Q-XL8");
	assert_int_equal(inc->status, INC_ACTIVE);
	/* published 10 minutes before the start, at speed 10: 60 s before */
	assert_int_equal(inc->last_update, real - 60);
	chan_result_free(&res);

	chan_result_init(&res);
	replay_step_result(&rp, &rp.steps[1], 10, real, &res);
	assert_false(res.failed);
	assert_int_equal(res.incidents.n, 0);
	chan_result_free(&res);

	chan_result_init(&res);
	replay_step_result(&rp, &rp.steps[2], 10, real, &res);
	assert_true(res.failed);
	assert_int_equal(res.state, CHAN_UNREACHABLE);
	assert_string_equal(res.error, "connection refused");
	chan_result_free(&res);

	chan_result_init(&res);
	replay_step_result(&rp, &rp.steps[3], 10, real, &res);
	assert_true(res.failed);
	assert_int_equal(res.state, CHAN_ERROR);
	chan_result_free(&res);

	/* a payload the parser refuses: an error naming the step's line */
	chan_result_init(&res);
	replay_step_result(&rp, &rp.steps[4], 10, real, &res);
	assert_true(res.failed);
	assert_int_equal(res.state, CHAN_ERROR);
	assert_non_null(strstr(res.error, "t:18: "));
	chan_result_free(&res);

	assert_int_equal(replay_map(&rp, 1, real, 0), 0);
	assert_int_equal(replay_map(&rp, 2, real, rp.start + 3600),
	    real + 1800);
	replay_free(&rp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
