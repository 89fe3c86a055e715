/* fuzz-rss.c: the status feed's way in: the RSS/Atom parser, then what
 * the status-page channel derives from the items (stage, tracking id,
 * scenario), merged into a list as the worker does. */
#include "config.h"
#include "fuzz.h"

#include <string.h>

#include "derive.h"
#include "html.h"
#include "model.h"
#include "parse-rss.h"
#include "sanitize.h"

static void
fuzz_rss_text(const char *s)
{
	char *text, *clean, *id;
	bool found;

	if (s == NULL)
		return;
	text = html_to_text(s, strlen(s));
	clean = sanitize(text, strlen(text), SANITIZE_MULTILINE);
	fuzz_check_clean(clean, 1);
	free(clean);
	free(text);
	(void)derive_stage(s, &found);
	if ((id = derive_tracking_id(s)) != NULL) {
		FUZZ_CHECK(*id != '\0');
		FUZZ_CHECK(strlen(id) <= strlen(s));
		free(id);
	}
}

static void
fuzz_rss_derive(const struct rss_feed *feed)
{
	struct inc_list out = { 0 }, all = { 0 };
	char err[512];
	size_t i;
	int rc;

	memset(err, 0, sizeof err);
	rc = derive_status_feed(feed, &out, err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	if (rc == 0) {
		for (i = 0; i < out.n; i++) {
			FUZZ_CHECK(out.v[i]->key != NULL);
			FUZZ_CHECK(out.v[i]->sources &
			    CHAN_BIT(CHAN_STATUS_PAGE));
			(void)derive_scenario(out.v[i]);
		}
		/* twice: the second merge joins every incident by key */
		inc_list_merge(&all, &out);
		inc_list_merge(&all, &out);
		FUZZ_CHECK(all.n <= out.n);
		inc_list_sort(&all);
	} else
		FUZZ_CHECK(out.n == 0);
	inc_list_clear(&all);
	inc_list_clear(&out);
}

int
fuzz_rss_one(const uint8_t *data, size_t size)
{
	struct rss_feed feed;
	char err[512];
	size_t i;
	int rc;

	memset(&feed, 0, sizeof feed);
	memset(err, 0, sizeof err);
	rc = rss_parse((const char *)data, size, &feed, err, sizeof err);
	fuzz_check_err(err, sizeof err, rc == -1);
	if (rc == 0) {
		fuzz_rss_text(feed.title);
		for (i = 0; i < feed.nitems; i++) {
			fuzz_rss_text(feed.items[i].title);
			fuzz_rss_text(feed.items[i].description);
		}
		fuzz_rss_derive(&feed);
	}
	rss_feed_free(&feed);
	return 0;
}

FUZZ_ENTRY(fuzz_rss_one)
