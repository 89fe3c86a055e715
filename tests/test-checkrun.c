/* test-checkrun.c: when a verdict is conclusive while channels are still
 * being asked: at once for an azure-incident from the status page, never
 * while Service Health could still change it, X only as the last
 * fallback; at the deadline the silent channels count as unreachable and
 * the evidence names them. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checkrun.h"
#include "model.h"

#define NOW	((time_t)1795514400)	/* 2026-11-24T10:00:00Z */
#define SH	CHAN_BIT(CHAN_SERVICE_HEALTH)
#define SP	CHAN_BIT(CHAN_STATUS_PAGE)
#define XX	CHAN_BIT(CHAN_X)

/* Every channel configured; states as given; optionally the status page
 * reports Redis active in East US. */
static struct snapshot *
snap(enum chan_state sh, enum chan_state sp, enum chan_state x, bool redis)
{
	struct snapshot *s = snapshot_new();
	enum chan_state st[3] = { sh, sp, x };
	int i;

	for (i = 0; i < 3; i++) {
		s->chans[i].configured = true;
		s->chans[i].state = st[i];
		if (st[i] == CHAN_UNREACHABLE)
			s->chans[i].error = strdup("could not connect");
	}
	s->chans[CHAN_SUPPORT].state = CHAN_UNCONFIGURED;
	if (redis) {
		struct incident *inc = incident_new("7K2Q-XL8");

		inc->tracking_id = strdup("7K2Q-XL8");
		inc->title = strdup("Azure Cache for Redis - East US");
		inc->status = INC_ACTIVE;
		inc->type = INC_SERVICE_ISSUE;
		inc->sources = SP;
		inc->start = NOW - 3600;
		inc->last_update = NOW - 600;
		incident_add_impact(inc, "Azure Cache for Redis", "East US",
		    INC_ACTIVE);
		inc_list_add(&s->incidents, inc);
	}
	return s;
}

static bool
said(const struct decision *d, const char *text)
{
	size_t i;

	for (i = 0; i < d->evidence.n; i++) {
		if (strstr(d->evidence.v[i], text) != NULL)
			return true;
	}
	return false;
}

static const struct answers redis = {
	.service = "Redis Cache",
	.region = "eastus",
};

static void
test_status_page_incident_is_conclusive(void **state)
{
	struct snapshot *s = snap(CHAN_OK, CHAN_INCIDENT, CHAN_OK, true);
	struct decision d;

	(void)state;
	/* Service Health still asked: its last state does not count */
	assert_true(checkrun_decide(&redis, s, SH | XX, 0, NOW, &d));
	assert_int_equal(d.verdict, VERDICT_AZURE_INCIDENT);
	assert_true(said(&d, "service-health has not answered yet"));
	decision_free(&d);
	snapshot_unref(s);
}

static void
test_quiet_status_page_waits_for_service_health(void **state)
{
	struct snapshot *s = snap(CHAN_OK, CHAN_OK, CHAN_OK, false);
	struct decision d;

	(void)state;
	assert_false(checkrun_decide(&redis, s, SH, 0, NOW, &d));
	decision_free(&d);
	/* Service Health answered: X cannot change it */
	assert_true(checkrun_decide(&redis, s, XX, 0, NOW, &d));
	assert_int_equal(d.verdict, VERDICT_NO_KNOWN_INCIDENT);
	assert_true(said(&d, "x has not answered yet; its answer cannot "
	    "change this verdict"));
	decision_free(&d);
	/* the status page could still show an incident */
	assert_false(checkrun_decide(&redis, s, SP, 0, NOW, &d));
	decision_free(&d);
	snapshot_unref(s);
}

static void
test_x_matters_when_both_fail(void **state)
{
	struct snapshot *s = snap(CHAN_UNREACHABLE, CHAN_UNREACHABLE, CHAN_OK,
	    false);
	struct decision d;

	(void)state;
	assert_false(checkrun_decide(&redis, s, XX, 0, NOW, &d));
	decision_free(&d);
	assert_true(checkrun_decide(&redis, s, 0, 0, NOW, &d));
	decision_free(&d);
	snapshot_unref(s);
}

static void
test_deadline(void **state)
{
	struct snapshot *s = snap(CHAN_OK, CHAN_OK, CHAN_OK, false);
	struct decision d;

	(void)state;
	assert_true(checkrun_decide(&redis, s, SH | XX, 15, NOW, &d));
	assert_int_equal(d.verdict, VERDICT_NO_KNOWN_INCIDENT);
	assert_true(said(&d, "service-health unreachable: no answer within "
	    "15 s"));
	assert_true(said(&d, "x: no answer within 15 s"));
	decision_free(&d);
	/* nothing answered in time: undetermined */
	assert_true(checkrun_decide(&redis, s, SH | SP | XX, 3, NOW, &d));
	assert_int_equal(d.verdict, VERDICT_UNDETERMINED);
	decision_free(&d);
	snapshot_unref(s);
}

static void
test_channels(void **state)
{
	struct snapshot *s = snap(CHAN_OK, CHAN_OK, CHAN_UNCONFIGURED, false);

	(void)state;
	s->chans[CHAN_X].configured = false;
	assert_int_equal(checkrun_channels(s), SH | SP);
	snapshot_unref(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_page_incident_is_conclusive),
		cmocka_unit_test(test_quiet_status_page_waits_for_service_health),
		cmocka_unit_test(test_x_matters_when_both_fail),
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_channels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
