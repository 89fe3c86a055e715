/* test-incidents.c: the corpus of real incidents in tests/data/incidents/
 * replayed through the pure decide(): each file holds incidents from the
 * public record (status page, Service Health payloads, posts on X) and the
 * verdicts the seed's rules give for a few user situations. Service
 * Health events given as real payloads ("arm_event") go through the real
 * parser first. */
#include "config.h"

#include <dirent.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "decide.h"
#include "depends.h"
#include "model.h"
#include "parse-arm.h"
#include "timeutil.h"
#include "xmalloc.h"

#define MAX_FILES	64

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static time_t
jtime(struct json_object *o, const char *key)
{
	const char *s = jstr(o, key);
	time_t t = 0;

	if (s != NULL && time_parse_rfc3339(s, &t) == -1)
		fail_msg("bad time %s: %s", key, s);
	return t;
}

static unsigned
chan_bits(struct json_object *o)
{
	struct json_object *c = jget(o, "channel");
	unsigned bits = 0;
	size_t i;
	int id;

	if (c != NULL && json_object_is_type(c, json_type_string)) {
		id = chan_id_parse(json_object_get_string(c));
		assert_true(id >= 0);
		return CHAN_BIT(id);
	}
	for (i = 0; c != NULL && i < json_object_array_length(c); i++) {
		id = chan_id_parse(json_object_get_string(
		    json_object_array_get_idx(c, i)));
		assert_true(id >= 0);
		bits |= CHAN_BIT(id);
	}
	return bits;
}

/* One incident in the model's own terms: what the channel's parser makes
 * of the text (services and regions as the title and categories name
 * them). */
static struct incident *
model_incident(struct json_object *o)
{
	const char *tid = jstr(o, "tracking_id"), *key = jstr(o, "key");
	struct incident *inc = incident_new(key != NULL ? key : tid);
	struct json_object *a, *e;
	enum inc_status st;
	size_t i;
	int v;

	if (tid != NULL)
		inc->tracking_id = strdup(tid);
	if (jstr(o, "title") != NULL)
		inc->title = strdup(jstr(o, "title"));
	v = inc_status_parse(jstr(o, "status") != NULL ? jstr(o, "status") :
	    "active");
	assert_true(v >= 0);
	inc->status = (enum inc_status)v;
	v = inc_type_parse(jstr(o, "type") != NULL ? jstr(o, "type") :
	    "service-issue");
	assert_true(v >= 0);
	inc->type = (enum inc_type)v;
	if (jstr(o, "scenario") != NULL) {
		for (v = SCEN_NONE; v <= SCEN_SCOPE_UNKNOWN; v++) {
			if (strcmp(scenario_name((enum scenario)v),
			    jstr(o, "scenario")) == 0)
				inc->scenario = (enum scenario)v;
		}
		assert_int_not_equal(inc->scenario, SCEN_NONE);
	}
	inc->start = jtime(o, "start");
	inc->mitigated = jtime(o, "mitigated");
	inc->last_update = jtime(o, "last_update");
	inc->sources = chan_bits(o);
	a = jget(o, "impacts");
	for (i = 0; a != NULL && i < json_object_array_length(a); i++) {
		e = json_object_array_get_idx(a, i);
		v = inc_status_parse(json_object_get_string(
		    json_object_array_get_idx(e, 2)));
		st = v >= 0 ? (enum inc_status)v : inc->status;
		incident_add_impact(inc, json_object_get_string(
		    json_object_array_get_idx(e, 0)),
		    json_object_get_string(json_object_array_get_idx(e, 1)), st);
	}
	a = jget(o, "services");
	for (i = 0; a != NULL && i < json_object_array_length(a); i++)
		strv_add(&inc->services, json_object_get_string(
		    json_object_array_get_idx(a, i)));
	a = jget(o, "regions");
	for (i = 0; a != NULL && i < json_object_array_length(a); i++)
		strv_add(&inc->regions, json_object_get_string(
		    json_object_array_get_idx(a, i)));
	a = jget(o, "updates");
	for (i = 0; a != NULL && i < json_object_array_length(a); i++) {
		time_t t = 0;

		e = json_object_array_get_idx(a, i);
		assert_int_equal(time_parse_rfc3339(json_object_get_string(
		    json_object_array_get_idx(e, 0)), &t), 0);
		incident_add_update(inc, t, CHAN_STATUS_PAGE,
		    json_object_get_string(json_object_array_get_idx(e, 1)));
		if (t > inc->last_update)
			inc->last_update = t;
	}
	return inc;
}

/* As the worker does: one incident per key, merged across channels. */
static void
add_merged(struct snapshot *s, struct incident *inc)
{
	struct incident *have = inc_list_own(&s->incidents, inc->key);

	if (have == NULL) {
		inc_list_add(&s->incidents, inc);
		return;
	}
	incident_merge(have, inc);
	incident_free(inc);
}

/* The snapshot of one situation: its channels' states and the incidents
 * of the channels that answer (what a failed channel knew is not used). */
static struct snapshot *
build(struct json_object *file, struct json_object *sit, time_t now)
{
	struct snapshot *s = snapshot_new();
	struct json_object *incs = jget(file, "incidents"), *reach, *o;
	unsigned up = 0;
	size_t i;
	int c;

	reach = jget(sit, "reachable");
	assert_non_null(reach);
	for (i = 0; i < json_object_array_length(reach); i++) {
		c = chan_id_parse(json_object_get_string(
		    json_object_array_get_idx(reach, i)));
		assert_true(c >= 0);
		up |= CHAN_BIT(c);
	}
	for (c = 0; c < CHAN_COUNT; c++) {
		s->chans[c].configured = true;
		s->chans[c].state = (up & CHAN_BIT(c)) ? CHAN_OK :
		    CHAN_UNREACHABLE;
		if (up & CHAN_BIT(c))
			s->chans[c].last_success = now - 30;
		else
			s->chans[c].error = strdup("could not connect to "
			    "host");
	}
	for (i = 0; incs != NULL && i < json_object_array_length(incs); i++) {
		struct incident *inc;
		unsigned bits;

		o = json_object_array_get_idx(incs, i);
		if (jget(o, "arm_event") != NULL) {
			struct inc_list l = { 0 };
			char err[256], *body;
			size_t k;

			body = xasprintf("{\"value\":[%s]}",
			    json_object_to_json_string(jget(o, "arm_event")));
			assert_int_equal(arm_parse_events(body, strlen(body),
			    now, &l, NULL, err, sizeof err), 0);
			free(body);
			bits = CHAN_BIT(CHAN_SERVICE_HEALTH);
			for (k = 0; k < l.n; k++) {
				inc = incident_ref(l.v[k]);
				if (json_object_get_boolean(jget(o,
				    "open_ticket")))
					inc->sources |= CHAN_BIT(CHAN_SUPPORT);
				if (up & bits)
					add_merged(s, inc);
				else
					incident_free(inc);
			}
			inc_list_clear(&l);
			continue;
		}
		inc = model_incident(o);
		if (json_object_get_boolean(jget(o, "open_ticket")))
			inc->sources |= CHAN_BIT(CHAN_SUPPORT);
		if (up & inc->sources)
			add_merged(s, inc);
		else
			incident_free(inc);
	}
	for (c = 0; c < CHAN_COUNT; c++) {
		if (s->chans[c].state == CHAN_OK) {
			for (i = 0; i < s->incidents.n; i++) {
				if ((s->incidents.v[i]->sources & CHAN_BIT(c))
				    && s->incidents.v[i]->status == INC_ACTIVE)
					s->chans[c].state = CHAN_INCIDENT;
			}
		}
	}
	return s;
}

static bool
has_evidence(const struct decision *d, const char *want)
{
	size_t i;

	for (i = 0; i < d->evidence.n; i++) {
		if (strstr(d->evidence.v[i], want) != NULL)
			return true;
	}
	return strstr(d->next_step, want) != NULL;
}

static unsigned nsituations, nfiles, nrules[10];

static void
replay_file(const char *dir, const char *name)
{
	struct json_object *file, *sits, *sit, *m, *r;
	char *path;
	size_t i, j;

	path = xasprintf("%s/%s", dir, name);
	file = json_object_from_file(path);
	free(path);
	if (file == NULL)
		fail_msg("%s: not JSON", name);
	if (jstr(file, "source") == NULL || strlen(jstr(file, "source")) < 20)
		fail_msg("%s: says nowhere where its text comes from", name);
	sits = jget(file, "situations");
	assert_non_null(sits);
	for (i = 0; i < json_object_array_length(sits); i++) {
		struct answers ans;
		struct decision d;
		struct snapshot *s;
		struct strv extra = { NULL, 0 };
		char err[256], *got;
		time_t now;
		bool ok;

		sit = json_object_array_get_idx(sits, i);
		now = jget(sit, "now") != NULL ? jtime(sit, "now") :
		    jtime(file, "now");
		assert_true(now != 0);
		memset(&ans, 0, sizeof ans);
		ans.service = jstr(sit, "service");
		ans.region = jstr(sit, "region");
		ans.since = jget(sit, "since") != NULL ? jtime(sit, "since") :
		    now;
		r = jget(sit, "depends");
		for (j = 0; r != NULL && j < json_object_array_length(r); j++) {
			struct json_object *pair = json_object_array_get_idx(r,
			    j);

			assert_int_equal(depends_parse(&extra,
			    json_object_get_string(json_object_array_get_idx(
			    pair, 0)), json_object_get_string(
			    json_object_array_get_idx(pair, 1)), err,
			    sizeof err), 0);
		}
		ans.depends = r != NULL ? &extra : NULL;
		s = build(file, sit, now);
		decide(&ans, s, now, &d);

		got = strv_join(&d.matched, ",");
		m = jget(sit, "matched");
		ok = strcmp(verdict_name(d.verdict), jstr(sit, "verdict")) == 0;
		if (m != NULL) {
			struct strv want = { NULL, 0 };
			char *w;

			for (j = 0; j < json_object_array_length(m); j++)
				strv_add(&want, json_object_get_string(
				    json_object_array_get_idx(m, j)));
			w = strv_join(&want, ",");
			ok = ok && strcmp(w, got) == 0;
			free(w);
			strv_free(&want);
		}
		if (jstr(sit, "evidence") != NULL)
			ok = ok && has_evidence(&d, jstr(sit, "evidence"));
		if (!ok || getenv("TEST_VERBOSE") != NULL) {
			print_message("%s: \"%s\": %s [%s]\n", name,
			    jstr(sit, "name"), verdict_name(d.verdict), got);
			for (j = 0; j < d.evidence.n; j++)
				print_message("    %s\n", d.evidence.v[j]);
			print_message("    next: %s\n", d.next_step);
		}
		assert_string_equal(verdict_name(d.verdict),
		    jstr(sit, "verdict"));
		if (jstr(sit, "evidence") != NULL &&
		    !has_evidence(&d, jstr(sit, "evidence")))
			fail_msg("%s: \"%s\": no evidence or next step says "
			    "\"%s\"", name, jstr(sit, "name"),
			    jstr(sit, "evidence"));
		if (!ok)
			fail_msg("%s: \"%s\": matched [%s]", name,
			    jstr(sit, "name"), got);
		r = jget(sit, "rule");
		if (r != NULL && json_object_get_int(r) > 0 &&
		    json_object_get_int(r) < 10)
			nrules[json_object_get_int(r)]++;
		free(got);
		strv_free(&extra);
		decision_free(&d);
		snapshot_unref(s);
		nsituations++;
	}
	json_object_put(file);
	nfiles++;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_corpus(void **state)
{
	char dir[4096], *names[MAX_FILES];
	const char *top = getenv("TOP_SRCDIR");
	struct dirent *de;
	size_t n = 0, i;
	DIR *dp;

	(void)state;
	snprintf(dir, sizeof dir, "%s/tests/data/incidents",
	    top != NULL ? top : ".");
	dp = opendir(dir);
	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL && n < MAX_FILES) {
		size_t len = strlen(de->d_name);

		if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof *names, name_cmp);
	for (i = 0; i < n; i++) {
		replay_file(dir, names[i]);
		free(names[i]);
	}
	print_message("%u situations in %u files\n", nsituations, nfiles);
	/* every class of the rules is covered, and enough of them */
	assert_true(nsituations >= 40);
	for (i = 1; i <= 8; i++) {
		if (nrules[i] == 0)
			fail_msg("no situation exercises rule %zu", i);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
