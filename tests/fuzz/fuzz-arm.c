/* fuzz-arm.c: every ARM and Resource Graph mapping (events, impacted
 * resources, resource health, emerging issues, graph rows, subscriptions,
 * tokens, error bodies) over the same bytes, then the model's merge. */
#include "config.h"
#include "fuzz.h"

#include <string.h>

#include "model.h"
#include "parse-arm.h"

#define FUZZ_NOW	1750000000	/* June 2025: fixed for reproducibility */

/* A list the parser filled: every incident has a key, and merging it
 * into itself by key never duplicates. */
static void
fuzz_arm_list(struct inc_list *l)
{
	struct inc_list all = { 0 };
	size_t i;

	for (i = 0; i < l->n; i++) {
		FUZZ_CHECK(l->v[i] != NULL && l->v[i]->key != NULL);
		FUZZ_CHECK(inc_list_find(l, l->v[i]->key) != NULL);
	}
	inc_list_merge(&all, l);
	inc_list_merge(&all, l);
	FUZZ_CHECK(all.n <= l->n);
	inc_list_sort(&all);
	inc_list_clear(&all);
}

static void
fuzz_arm_health(const char *d, size_t n)
{
	struct resource_health rh, *list = NULL;
	char err[512], *next = NULL, *line;
	size_t i, cnt = 0;
	int rc;

	memset(&rh, 0, sizeof rh);
	memset(err, 0, sizeof err);
	rc = arm_parse_availability(d, n, &rh, err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	if (rc == 0) {
		line = arm_resource_health_line(&rh);
		FUZZ_CHECK(line != NULL);
		free(line);
	}
	arm_resource_health_free(&rh);

	memset(err, 0, sizeof err);
	rc = arm_parse_availability_list(d, n, &list, &cnt, &next, err,
	    sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	for (i = 0; i < cnt; i++) {
		line = arm_resource_health_line(&list[i]);
		FUZZ_CHECK(line != NULL);
		free(line);
		arm_resource_health_free(&list[i]);
	}
	free(list);
	free(next);
}

static void
fuzz_arm_lists(const char *d, size_t n)
{
	struct strv ids = { 0 }, regions = { 0 };
	struct strv banners = { 0 }, grades = { 0 };
	struct inc_list l = { 0 };
	char err[512], *next = NULL;
	bool truncated = false;
	int rc;

	memset(err, 0, sizeof err);
	rc = arm_parse_impacted(d, n, &ids, &regions, &grades, &banners, &next,
	    err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	FUZZ_CHECK(regions.n == ids.n && grades.n == ids.n &&
	    banners.n == ids.n);
	strv_free(&ids);
	strv_free(&regions);
	strv_free(&grades);
	strv_free(&banners);
	free(next);
	next = NULL;

	{
		struct resource_health *rh = NULL;
		size_t nrh = 0;

		memset(err, 0, sizeof err);
		rc = arm_parse_graph_health(d, n, &rh, &nrh, &next, &truncated,
		    err, sizeof err);
		fuzz_check_err(err, sizeof err, rc == -1);
		while (nrh > 0)
			arm_resource_health_free(&rh[--nrh]);
		free(rh);
		free(next);
		next = NULL;
	}

	memset(err, 0, sizeof err);
	rc = arm_parse_emerging(d, n, &l, &banners, err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	fuzz_arm_list(&l);
	inc_list_clear(&l);
	strv_free(&banners);

	memset(err, 0, sizeof err);
	rc = arm_parse_graph(d, n, FUZZ_NOW, &l, &next, &truncated, err,
	    sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	fuzz_arm_list(&l);
	inc_list_clear(&l);
	free(next);
	next = NULL;

	memset(err, 0, sizeof err);
	rc = arm_parse_subscriptions(d, n, &ids, &next, err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	strv_free(&ids);
	free(next);
}

static void
fuzz_arm_token(const char *d, size_t n)
{
	char err[512], *token = NULL;
	time_t expires = 0;
	int rc;

	memset(err, 0, sizeof err);
	rc = arm_parse_token(d, n, FUZZ_NOW, &token, &expires, err,
	    sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	if (rc == 0) {
		FUZZ_CHECK(token != NULL);
		free(token);
	} else
		FUZZ_CHECK(token == NULL);

	/* always one line, whatever the body */
	memset(err, 0, sizeof err);
	arm_error_text(d, n, 400, err, sizeof err);
	fuzz_check_err(err, sizeof err, 1);
	FUZZ_CHECK(strchr(err, '\n') == NULL);
}

int
fuzz_arm_one(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	struct inc_list l = { 0 };
	struct incident *inc = NULL;
	char err[512], *next = NULL, *link;
	int rc;

	memset(err, 0, sizeof err);
	rc = arm_parse_events(d, size, FUZZ_NOW, &l, &next, err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	fuzz_arm_list(&l);
	if (l.n > 0 && l.v[0]->tracking_id != NULL) {
		link = arm_history_link(l.v[0]->tracking_id);
		FUZZ_CHECK(link != NULL);
		free(link);
	}
	inc_list_clear(&l);
	free(next);

	memset(err, 0, sizeof err);
	rc = arm_parse_event(d, size, FUZZ_NOW, &inc, err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	if (rc == 0) {
		FUZZ_CHECK(inc != NULL && inc->key != NULL);
		incident_free(inc);
	}

	fuzz_arm_lists(d, size);
	fuzz_arm_health(d, size);
	fuzz_arm_token(d, size);
	return 0;
}

FUZZ_ENTRY(fuzz_arm_one)
