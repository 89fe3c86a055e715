/* fuzz-x.c: the X API v2 mappings (user, timeline, errors, rate-limit
 * headers, ids) and the rule that turns posts into incidents. */
#include "config.h"
#include "fuzz.h"

#include <string.h>

#include "model.h"
#include "parse-rss.h"
#include "parse-x.h"

#define FUZZ_NOW	1750000000

static void
fuzz_x_timeline(const char *d, size_t n)
{
	struct x_timeline tl, keep;
	struct inc_list known = { 0 }, out = { 0 };
	char err[512];
	size_t i;
	int rc;

	memset(&tl, 0, sizeof tl);
	memset(&keep, 0, sizeof keep);
	memset(err, 0, sizeof err);
	rc = x_parse_timeline(d, n, &tl, err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	if (rc == 0) {
		for (i = 0; i < tl.n; i++)
			FUZZ_CHECK(tl.posts[i].id != NULL);
		/* newest first */
		for (i = 1; i < tl.n; i++)
			FUZZ_CHECK(tl.posts[i - 1].created == 0 ||
			    tl.posts[i].created == 0 ||
			    tl.posts[i - 1].created >= tl.posts[i].created ||
			    x_id_cmp(tl.posts[i - 1].id, tl.posts[i].id) >= 0);
		x_posts_to_incidents(&tl, &known, FUZZ_NOW, &out);
		for (i = 0; i < out.n; i++) {
			FUZZ_CHECK(out.v[i]->key != NULL);
			FUZZ_CHECK(out.v[i]->sources & CHAN_BIT(CHAN_X));
		}
		/* the posts again, now knowing what they made */
		x_posts_to_incidents(&tl, &out, FUZZ_NOW, &known);
		x_timeline_merge(&keep, &tl, 5);
		FUZZ_CHECK(keep.n <= 5);
		for (i = 1; i < keep.n; i++)
			FUZZ_CHECK(strcmp(keep.posts[i - 1].id,
			    keep.posts[i].id) != 0);
	}
	inc_list_clear(&known);
	inc_list_clear(&out);
	x_timeline_free(&tl);
	x_timeline_free(&keep);
}

static void
fuzz_x_feed(const char *d, size_t n)
{
	struct rss_feed feed;
	struct x_timeline tl;
	char err[512];

	memset(&feed, 0, sizeof feed);
	memset(&tl, 0, sizeof tl);
	if (rss_parse(d, n, &feed, err, sizeof err) == 0)
		x_timeline_from_feed(&feed, &tl);
	x_timeline_free(&tl);
	rss_feed_free(&feed);
}

/* The first three lines as rate-limit headers, the first as ids. */
static void
fuzz_x_headers(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size), *f[3] = { NULL, NULL, NULL };
	char *p = text;
	struct x_rate r;
	int i;

	for (i = 0; i < 3 && p != NULL; i++) {
		f[i] = p;
		if ((p = strchr(p, '\n')) != NULL)
			*p++ = '\0';
	}
	memset(&r, 0, sizeof r);
	x_rate_parse(f[0], f[1], f[2], &r);
	x_rate_parse(NULL, NULL, NULL, &r);
	FUZZ_CHECK(!r.known);
	(void)x_username_valid(text);
	if (f[1] != NULL) {
		FUZZ_CHECK(x_id_cmp(f[0], f[1]) == -x_id_cmp(f[1], f[0]));
		FUZZ_CHECK(x_id_cmp(f[0], f[0]) == 0);
	}
	free(text);
}

int
fuzz_x_one(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	char err[512], *id = NULL;
	int rc;

	memset(err, 0, sizeof err);
	rc = x_parse_user(d, size, &id, err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	if (rc == 0)
		FUZZ_CHECK(id != NULL);
	free(id);

	fuzz_x_timeline(d, size);
	fuzz_x_feed(d, size);

	memset(err, 0, sizeof err);
	x_error_text(d, size, 429, err, sizeof err);
	fuzz_check_err(err, sizeof err, 1);
	FUZZ_CHECK(strchr(err, '\n') == NULL);

	fuzz_x_headers(data, size);
	return 0;
}

FUZZ_ENTRY(fuzz_x_one)
