/* test-detail.c: what the detail view and the verdict screens read from
 * src/: raw API values as words (apiword), the portal's share link and
 * the next update promised (portal), the blade's fields parsed from a
 * real-shaped event (the 2025-05-01 specification example), subscription
 * names, and the verdict's escalation path and "what was known". */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "apiword.h"
#include "decide.h"
#include "incjson.h"
#include "model.h"
#include "parse-arm.h"
#include "portal.h"

#define NOW	((time_t)1795514400)	/* 2026-11-24T10:00:00Z */

static void
test_apiword(void **state)
{
	(void)state;
	assert_string_equal(apiword_text("ServiceIssue"), "service issue");
	/* the model's own names fold to the same words */
	assert_string_equal(apiword_text(inc_type_name(INC_SERVICE_ISSUE)),
	    "service issue");
	assert_string_equal(apiword_text(inc_type_name(
	    INC_PLANNED_MAINTENANCE)), "planned maintenance");
	assert_string_equal(apiword_text("PlatformInitiated"),
	    "platform-initiated");
	assert_string_equal(apiword_text("Platform Initiated"),
	    "platform-initiated");
	assert_string_equal(apiword_text("Informational"), "informational");
	assert_string_equal(apiword_text("HealthAdvisory"), "health advisory");
	assert_string_equal(apiword_text("Retirement"), "retirement");
	assert_string_equal(apiword_text("ResourceHealth"), "Resource Health");
	/* unknown values pass through as they are */
	assert_string_equal(apiword_text("SomethingNew"), "SomethingNew");
	assert_string_equal(apiword_text(""), "");
	assert_null(apiword_text(NULL));
	assert_string_equal(apiword_severity("highestcriticalimpact"),
	    "Severity A (critical impact, 24x7)");
	assert_string_equal(apiword_severity("moderate"),
	    "Severity B (moderate impact)");
	assert_string_equal(apiword_severity("odd"), "odd");
}

static void
test_portal_link(void **state)
{
	struct incident *inc = incident_new("7K2Q-XL8");
	char *s;

	(void)state;
	/* no subscription: no link */
	inc->tracking_id = strdup("7K2Q-XL8");
	assert_null(portal_link(inc));
	strv_add(&inc->subscriptions, "00000000-0000-0000-0000-0000000000a1");
	strv_add(&inc->subscriptions, "00000000-0000-0000-0000-0000000000a2");
	s = portal_link(inc);
	assert_string_equal(s, "https://app.azure.com/h/7K2Q-XL8/0000a1");
	free(s);
	s = portal_link_for("BC_1-FXZ", "abcdef12-3456");
	assert_string_equal(s, "https://app.azure.com/h/BC_1-FXZ/abc456");
	free(s);
	/* nothing that changes the link's shape */
	assert_null(portal_link_for("7K2Q/../x", "00000000-0000-00a1"));
	assert_null(portal_link_for("7K2Q-XL8", "ab?c=1&d"));
	assert_null(portal_link_for("7K2Q-XL8", "abc"));
	assert_null(portal_link_for(NULL, "00000000-0000-00a1"));
	incident_free(inc);
}

static void
test_next_update(void **state)
{
	struct incident *inc = incident_new("k");
	time_t t = NOW - 20 * 60;

	(void)state;
	/* the fake's (and Microsoft's usual) wording */
	assert_int_equal(portal_next_update_in("Current Status: rolling it "
	    "back. The next update will be provided in 60 minutes, or as "
	    "events warrant.", t), t + 3600);
	assert_int_equal(portal_next_update_in("We will provide the next "
	    "update within 2 hours.", t), t + 7200);
	assert_int_equal(portal_next_update_in("Next update in an hour.", t),
	    t + 3600);
	/* a clock time: today, or tomorrow when it has passed */
	assert_int_equal(portal_next_update_in("Next update by 10:30 UTC.",
	    t), NOW + 30 * 60);
	assert_int_equal(portal_next_update_in("next update at 09:00 UTC", t),
	    NOW - 3600 + 86400);
	/* another zone, or no promise: nothing */
	assert_int_equal(portal_next_update_in("Next update by 10:30 PST.",
	    t), 0);
	assert_int_equal(portal_next_update_in("Engineers are investigating. "
	    "More updates in 60 minutes.", t), 0);
	assert_int_equal(portal_next_update_in(NULL, t), 0);
	/* the incident's newest update decides */
	incident_add_update(inc, t - 3600, CHAN_SERVICE_HEALTH,
	    "The next update will be provided in 30 minutes.");
	incident_add_update(inc, t, CHAN_SERVICE_HEALTH,
	    "The next update will be provided in 60 minutes.");
	assert_int_equal(portal_next_update(inc), t + 3600);
	incident_free(inc);
}

static void
test_update_same(void **state)
{
	(void)state;
	/* the status page's copy: its own footer, other spacing */
	assert_true(portal_update_same("Impact Statement: Starting at 08:45 "
	    "UTC, customers may see timeouts.\n\nCurrent Status: Engineers "
	    "are investigating.",
	    "Impact Statement: Starting at 08:45 UTC, customers may see "
	    "timeouts. Current Status: Engineers are investigating.\n\nThis "
	    "message was last updated at 09:20 UTC on 24 Nov 2026\n\n"
	    "Tracking ID: 7K2Q-XL8"));
	assert_false(portal_update_same("Engineers are investigating.",
	    "Engineers have identified the cause."));
	assert_false(portal_update_same("Engineers are investigating.",
	    "Engineers are investigating. A fix is rolling out."));
	assert_false(portal_update_same(NULL, "x"));
	assert_true(portal_update_same("Caf\xc3\xa9 ouvert", "caf\xc3\xa9 "
	    "OUVERT"));
}

static void
test_current_status(void **state)
{
	struct incident *inc = incident_new("k");
	char *s;

	(void)state;
	assert_null(portal_current_status(inc, 100));
	incident_add_update(inc, NOW, CHAN_SERVICE_HEALTH, "Impact Statement: "
	    "customers may see timeouts.\n\nCurrent Status: Engineers are "
	    "rolling it back.");
	s = portal_current_status(inc, 100);
	assert_string_equal(s, "Engineers are rolling it back.");
	free(s);
	incident_add_update(inc, NOW + 60, CHAN_STATUS_PAGE, "We are "
	    "investigating an issue with a very long description here.");
	s = portal_current_status(inc, 30);
	assert_string_equal(s, "We are investigating an\xe2\x80\xa6");
	free(s);
	/* the status page's footer is cut off */
	incident_add_update(inc, NOW + 120, CHAN_STATUS_PAGE, "Current Status: "
	    "Engineers are investigating.\n\nTracking ID: 8R3D-2VZ");
	s = portal_current_status(inc, 300);
	assert_string_equal(s, "Engineers are investigating.");
	free(s);
	incident_free(inc);
}

static char *
slurp(const char *name, size_t *len)
{
	char path[4096];
	const char *top = getenv("TOP_SRCDIR");
	FILE *f;
	char *data;
	long n;

	snprintf(path, sizeof path, "%s/tests/data/arm/%s",
	    top != NULL ? top : ".", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* The blade's fields of the 2025-05-01 example event, unwrapped from
 * the specification's responses.200.body. */
static void
test_parse_blade(void **state)
{
	struct json_object *root, *r, *ok, *b;
	struct incident *inc = NULL;
	char err[256], *data;
	const char *body;
	size_t len;

	(void)state;
	data = slurp("2025-05-01_Event_GetBySubscriptionIdAndTrackingId.json",
	    &len);
	root = json_tokener_parse(data);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "responses", &r));
	assert_true(json_object_object_get_ex(r, "200", &ok));
	assert_true(json_object_object_get_ex(ok, "body", &b));
	body = json_object_to_json_string_ext(b, JSON_C_TO_STRING_PLAIN);
	assert_int_equal(arm_parse_event(body, strlen(body), NOW, &inc, err,
	    sizeof err), 0);
	assert_int_equal(inc->priority, 2);
	assert_string_equal(inc->event_level, "Warning");
	assert_true(inc->enable_support);
	assert_false(inc->enable_chat);
	assert_false(inc->is_hir);
	assert_int_equal(inc->faqs.n, 1);
	assert_string_equal(inc->faqs.v[0],
	    "This is a question\nThis is an answer");
	/* a copy and a merge keep them */
	{
		struct incident *c = incident_dup(inc);
		struct incident *m = incident_new(inc->key);

		assert_int_equal(c->priority, 2);
		assert_string_equal(c->faqs.v[0], inc->faqs.v[0]);
		assert_int_equal(m->priority, -1);
		strv_add(&m->tickets, "#1  Open  t");
		incident_merge(m, c);
		assert_int_equal(m->priority, 2);
		assert_string_equal(m->event_level, "Warning");
		assert_true(m->enable_support);
		assert_int_equal(m->tickets.n, 1);
		incident_free(c);
		incident_free(m);
	}
	incident_free(inc);
	json_object_put(root);
	free(data);
}

/* The journal keeps the blade's facts across a restart. */
static void
test_journal_keeps_blade(void **state)
{
	struct incident *a = incident_new("7K2Q-XL8"), *b;
	json_object *o;
	char *text;

	(void)state;
	a->priority = 0;
	a->event_level = strdup("Critical");
	a->subtype = strdup("Retirement");
	a->enable_support = true;
	a->platform_initiated = true;
	a->info = strdup("More at the status page.");
	strv_add(&a->faqs, "Q\nA");
	strv_add(&a->tickets, "#1  Open  Severity A (critical impact)  down");
	text = incjson_text(a, INCJSON_STATE);
	o = json_tokener_parse(text);
	assert_non_null(o);
	b = incident_new("x");
	assert_int_equal(incjson_read(o, b), 0);
	assert_int_equal(b->priority, 0);
	assert_string_equal(b->event_level, "Critical");
	assert_string_equal(b->subtype, "Retirement");
	assert_true(b->enable_support);
	assert_false(b->enable_chat);
	assert_true(b->platform_initiated);
	assert_string_equal(b->info, "More at the status page.");
	assert_string_equal(b->faqs.v[0], "Q\nA");
	assert_string_equal(b->tickets.v[0],
	    "#1  Open  Severity A (critical impact)  down");
	json_object_put(o);
	free(text);
	incident_free(a);
	incident_free(b);
}

static void
test_subscription_names(void **state)
{
	static const char body[] = "{\"value\":["
	    "{\"id\":\"/subscriptions/aaa-1\",\"subscriptionId\":\"aaa-1\","
	    "\"displayName\":\"Contoso Production\",\"state\":\"Enabled\"},"
	    "{\"subscriptionId\":\"bbb-2\",\"displayName\":\"Old\","
	    "\"state\":\"Disabled\"},"
	    "{\"subscriptionId\":\"ccc-3\",\"state\":\"Enabled\"}]}";
	struct subnames *n = subnames_new();
	struct strv ids = { 0 };
	char err[128];

	(void)state;
	assert_int_equal(arm_parse_subscription_names(body, strlen(body), &ids,
	    n, NULL, err, sizeof err), 0);
	assert_int_equal(ids.n, 2);
	assert_string_equal(subnames_get(n, "AAA-1"), "Contoso Production");
	assert_null(subnames_get(n, "bbb-2"));	/* disabled */
	assert_null(subnames_get(n, "ccc-3"));	/* no name */
	assert_null(subnames_get(NULL, "aaa-1"));
	assert_ptr_equal(subnames_ref(n), n);
	subnames_unref(n);
	subnames_unref(n);
	strv_free(&ids);
}

static void
chan(struct snapshot *s, enum chan_id c, enum chan_state st, time_t ok)
{
	s->chans[c].state = st;
	s->chans[c].configured = st != CHAN_UNCONFIGURED;
	s->chans[c].last_success = ok;
	if (st == CHAN_UNREACHABLE)
		s->chans[c].error = strdup("could not connect to host");
}

/* Four lines whatever the channels' states, in the path's order. */
static void
test_path(void **state)
{
	struct snapshot *s = snapshot_new();
	struct answers a = { "Azure Cache for Redis", "East US", NULL, 0, NULL };
	struct incident *inc = incident_new("7K2Q-XL8");
	struct decision d;

	(void)state;
	inc->tracking_id = strdup("7K2Q-XL8");
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH);
	inc->last_update = NOW - 600;
	incident_add_impact(inc, "Azure Cache for Redis", "East US",
	    INC_ACTIVE);
	inc_list_add(&s->incidents, inc);
	chan(s, CHAN_SERVICE_HEALTH, CHAN_INCIDENT, NOW - 12);
	chan(s, CHAN_STATUS_PAGE, CHAN_PENDING, 0);
	chan(s, CHAN_X, CHAN_UNCONFIGURED, 0);
	decide(&a, s, NOW, &d);
	assert_int_equal(d.verdict, VERDICT_AZURE_INCIDENT);
	assert_int_equal(d.path.n, DECIDE_PATH_STEPS);
	assert_string_equal(d.path.v[0],
	    "1 Service Health: consulted, answered <1m ago");
	assert_string_equal(d.path.v[1],
	    "2 Azure status page: pending, no answer yet");
	assert_string_equal(d.path.v[2], "3 @AzureSupport on X: not configured");
	assert_string_equal(d.path.v[3], "4 Support ticket: not needed for "
	    "updates; only for help with failover");
	assert_null(d.known_before);
	decision_free(&d);

	/* the page answered: consulted; X configured but not needed */
	chan(s, CHAN_STATUS_PAGE, CHAN_OK, NOW - 5);
	chan(s, CHAN_X, CHAN_OK, NOW - 5);
	decide(&a, s, NOW, &d);
	assert_int_equal(d.path.n, DECIDE_PATH_STEPS);
	assert_string_equal(d.path.v[1],
	    "2 Azure status page: consulted, answered <1m ago");
	assert_string_equal(d.path.v[2],
	    "3 @AzureSupport on X: not needed, an earlier step answered");
	decision_free(&d);
	snapshot_unref(s);
}

/* Undetermined says what was known before every channel failed, and
 * how old it is. */
static void
test_undetermined_known_before(void **state)
{
	struct snapshot *s = snapshot_new();
	struct answers a = { "Azure Cache for Redis", "East US", NULL, 0, NULL };
	struct incident *inc = incident_new("7K2Q-XL8");
	struct decision d;

	(void)state;
	inc->tracking_id = strdup("7K2Q-XL8");
	inc->sources = CHAN_BIT(CHAN_SERVICE_HEALTH);
	inc->last_update = NOW - 900;
	incident_add_impact(inc, "Azure Cache for Redis", "East US",
	    INC_ACTIVE);
	inc_list_add(&s->incidents, inc);
	chan(s, CHAN_SERVICE_HEALTH, CHAN_UNREACHABLE, NOW - 180);
	s->chans[CHAN_SERVICE_HEALTH].active = 1;
	chan(s, CHAN_STATUS_PAGE, CHAN_UNREACHABLE, NOW - 600);
	chan(s, CHAN_X, CHAN_UNREACHABLE, 0);
	decide(&a, s, NOW, &d);
	assert_int_equal(d.verdict, VERDICT_UNDETERMINED);
	assert_non_null(d.known_before);
	assert_string_equal(d.known_before, "What was known 3m ago "
	    "(service-health's last answer, 09:57 UTC): azure-incident, "
	    "matching 7K2Q-XL8. It may have changed since.");
	/* and `check` shows it with the evidence */
	assert_true(strv_has(&d.evidence, d.known_before));
	assert_int_equal(d.path.n, DECIDE_PATH_STEPS);
	assert_string_equal(d.path.v[0], "1 Service Health: unreachable "
	    "(could not connect to host), last answer 3m ago");
	assert_string_equal(d.path.v[3],
	    "4 Support ticket: raise one now if production is down");
	/* the next step spells the path out */
	assert_non_null(strstr(d.next_step, "1 Service Health"));
	assert_non_null(strstr(d.next_step, "3 @AzureSupport"));
	decision_free(&d);

	/* nothing ever answered: nothing to say */
	s->chans[CHAN_SERVICE_HEALTH].last_success = 0;
	s->chans[CHAN_STATUS_PAGE].last_success = 0;
	decide(&a, s, NOW, &d);
	assert_int_equal(d.verdict, VERDICT_UNDETERMINED);
	assert_null(d.known_before);
	decision_free(&d);
	snapshot_unref(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apiword),
		cmocka_unit_test(test_portal_link),
		cmocka_unit_test(test_next_update),
		cmocka_unit_test(test_current_status),
		cmocka_unit_test(test_update_same),
		cmocka_unit_test(test_parse_blade),
		cmocka_unit_test(test_journal_keeps_blade),
		cmocka_unit_test(test_subscription_names),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_undetermined_known_before),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
