/* test-rss.c: the RSS/Atom parser on the status feed's shapes, Atom, and
 * on broken and hostile input (truncation, garbage, HTML, entity bombs,
 * external entities, oversized fields and item floods). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "buf.h"
#include "parse-rss.h"
#include "xmalloc.h"

/* 2026-11-24 00:00:00 UTC */
#define DAY	((time_t)1795478400)

static char *
slurp(const char *name, size_t *len)
{
	const char *top = getenv("TOP_SRCDIR");
	char path[1024];
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/tests/data/feed/%s",
	    top != NULL ? top : ".", name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

static int
parse_file(const char *name, struct rss_feed *feed, char *err, size_t errlen)
{
	size_t len;
	char *data = slurp(name, &len);
	int rc;

	rc = rss_parse(data, len, feed, err, errlen);
	free(data);
	return rc;
}

static int
parse_str(const char *s, struct rss_feed *feed, char *err, size_t errlen)
{
	return rss_parse(s, strlen(s), feed, err, errlen);
}

static void
test_status_active(void **state)
{
	struct rss_feed feed;
	char err[256] = "";
	struct rss_item *it;

	(void)state;
	assert_int_equal(parse_file("status-active.xml", &feed, err,
	    sizeof err), 0);
	assert_false(feed.atom);
	assert_string_equal(feed.title, "Azure Status");
	assert_string_equal(feed.link, "https://azure.status.microsoft/en-us/status/");
	assert_int_equal(feed.last_build, DAY + 9 * 3600 + 41 * 60);
	assert_int_equal(feed.nitems, 2);

	it = &feed.items[0];
	assert_string_equal(it->title,
	    "Azure Cache for Redis - East US - Investigating");
	assert_string_equal(it->guid,
	    "https://azure.status.microsoft/en-us/status/history/?trackingId=7K2Q-XL8");
	assert_string_equal(it->link, it->guid);
	assert_int_equal(it->published, DAY + 9 * 3600 + 40 * 60);
	assert_int_equal(it->categories.n, 2);
	assert_string_equal(it->categories.v[0], "Azure Cache for Redis");
	assert_string_equal(it->categories.v[1], "East US");
	/* Entities decoded once: the HTML arrives as markup. */
	assert_non_null(strstr(it->description,
	    "<p><strong>Impact Statement:</strong> Starting at 08:55 UTC"));
	assert_non_null(strstr(it->description, "Tracking ID: 7K2Q-XL8</p>"));

	it = &feed.items[1];
	assert_string_equal(it->title, "Azure Front Door - Multiple Regions - Mitigated");
	assert_int_equal(it->published, DAY + 8 * 3600 + 45 * 60);
	assert_string_equal(it->categories.v[1], "Multiple Regions");
	assert_non_null(strstr(it->description, "HTTP 502 errors &amp; increased"));
	rss_feed_free(&feed);
	assert_null(feed.items);
	assert_int_equal(feed.nitems, 0);
}

static void
test_status_empty(void **state)
{
	struct rss_feed feed;
	char err[256] = "";

	(void)state;
	assert_int_equal(parse_file("status-empty.xml", &feed, err,
	    sizeof err), 0);
	assert_string_equal(feed.title, "Azure Status");
	assert_int_equal(feed.nitems, 0);
	assert_null(feed.items);
	assert_int_equal(feed.last_build, DAY + 11 * 3600 + 2 * 60);
	rss_feed_free(&feed);
}

static void
test_atom(void **state)
{
	struct rss_feed feed;
	char err[256] = "";
	struct rss_item *it;

	(void)state;
	assert_int_equal(parse_file("atom.xml", &feed, err, sizeof err), 0);
	assert_true(feed.atom);
	assert_string_equal(feed.title, "Azure Support (@AzureSupport)");
	assert_string_equal(feed.link, "https://example.net/AzureSupport");
	assert_int_equal(feed.last_build, DAY + 9 * 3600 + 50 * 60);
	assert_int_equal(feed.nitems, 2);

	it = &feed.items[0];
	assert_string_equal(it->title, "We're investigating connection "
	    "timeouts for Azure Cache for Redis in East US.");
	/* rel="self" is skipped; the alternate link is the post. */
	assert_string_equal(it->link, "https://example.net/AzureSupport/status/1");
	assert_string_equal(it->guid, "https://example.net/AzureSupport/status/1");
	/* <published> is preferred to <updated> */
	assert_int_equal(it->published, DAY + 9 * 3600 + 44 * 60);
	assert_int_equal(it->categories.n, 2);
	assert_string_equal(it->categories.v[0], "Azure Cache for Redis");
	assert_string_equal(it->categories.v[1], "East US");
	assert_string_equal(it->description, "<p>We're investigating "
	    "connection timeouts. Tracking ID: 7K2Q-XL8</p>");

	it = &feed.items[1];
	assert_string_equal(it->title, "Mitigated: Azure Front Door errors");
	assert_int_equal(it->published, DAY + 8 * 3600 + 50 * 60);
	/* xhtml content: its text, as the summary is missing */
	assert_string_equal(it->description, "The Front Door issue is mitigated.");
	assert_int_equal(it->categories.n, 0);
	rss_feed_free(&feed);
}

static void
test_odd_items(void **state)
{
	struct rss_feed feed;
	char err[256] = "";
	struct rss_item *it;

	(void)state;
	assert_int_equal(parse_file("odd-items.xml", &feed, err, sizeof err), 0);
	/* trimmed; the <image><title> is not the channel's */
	assert_string_equal(feed.title, "Azure Status");
	assert_null(feed.link);
	assert_int_equal(feed.last_build, 0);
	assert_int_equal(feed.nitems, 4);

	it = &feed.items[0];
	assert_int_equal(it->categories.n, 10);
	assert_string_equal(it->categories.v[0], "Virtual Machines");
	assert_string_equal(it->categories.v[9], "Southeast Asia");
	/* CDATA kept verbatim */
	assert_string_equal(it->description,
	    "<p>Impact: <b>several</b> services & regions.</p>");
	assert_int_equal(it->published, DAY + 7 * 3600);
	assert_null(it->link);
	assert_null(it->guid);

	it = &feed.items[1];
	assert_string_equal(it->title, "Only a title");
	assert_null(it->description);
	assert_null(it->link);
	assert_null(it->guid);
	assert_int_equal(it->published, 0);
	assert_int_equal(it->categories.n, 0);

	it = &feed.items[2];
	assert_string_equal(it->title, "Namespaced fields");
	assert_string_equal(it->link, "https://example.net/a10-link");
	assert_string_equal(it->description, "<p>From content:encoded</p>");
	assert_int_equal(it->published, DAY + 6 * 3600 + 30 * 60);
	assert_string_equal(it->guid, "guid-3");

	it = &feed.items[3];
	assert_string_equal(it->description, "plain description");
	assert_int_equal(it->published, 0);
	rss_feed_free(&feed);
}

static void
test_truncated(void **state)
{
	struct rss_feed feed;
	char err[256] = "";
	size_t len, cut;
	char *data = slurp("status-active.xml", &len);

	(void)state;
	/* Cut anywhere after the root element opens: always "truncated". */
	for (cut = 60; cut < len - 2; cut += 37) {
		err[0] = '\0';
		assert_int_equal(rss_parse(data, cut, &feed, err, sizeof err), -1);
		if (strcmp(err, "feed ends early (truncated)") != 0)
			fail_msg("cut at %zu: %s", cut, err);
		assert_int_equal(feed.nitems, 0);
		assert_null(feed.title);
	}
	free(data);
}

static void
test_errors(void **state)
{
	struct rss_feed feed;
	char err[256];

	(void)state;
	assert_int_equal(rss_parse("", 0, &feed, err, sizeof err), -1);
	assert_string_equal(err, "empty response");
	assert_int_equal(rss_parse(NULL, 0, &feed, err, sizeof err), -1);
	assert_string_equal(err, "empty response");
	assert_int_equal(parse_str(" \r\n\t ", &feed, err, sizeof err), -1);
	assert_string_equal(err, "empty response");

	assert_int_equal(parse_str("<?xml version=\"1.0\"?>\n<rss>\n"
	    "<channel><title>x</channel>\n</rss>", &feed, err, sizeof err), -1);
	assert_string_equal(err,
	    "feed is not well-formed XML (line 3: mismatched tag)");

	assert_int_equal(parse_str("\x01\x02garbage\xff", &feed, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "feed is not well-formed XML (line 1: "));

	assert_int_equal(parse_str("Service Unavailable", &feed, err,
	    sizeof err), -1);
	assert_string_equal(err,
	    "feed is not well-formed XML (line 1: syntax error)");

	assert_int_equal(parse_str("{\"error\": \"nope\"}", &feed, err,
	    sizeof err), -1);
	assert_string_equal(err, "not an RSS or Atom feed (got JSON)");

	assert_int_equal(parse_str("<html><body><p>hi</body></html>", &feed,
	    err, sizeof err), -1);
	assert_string_equal(err, "not an RSS or Atom feed (root element <html>)");

	assert_int_equal(parse_str("<?xml version=\"1.0\"?><opml/>", &feed,
	    err, sizeof err), -1);
	assert_string_equal(err, "not an RSS or Atom feed (root element <opml>)");

	assert_int_equal(parse_str("<rss><channel><title>&nbsp;</title>"
	    "</channel></rss>", &feed, err, sizeof err), -1);
	assert_non_null(strstr(err, "undefined entity"));
	assert_null(feed.title);
}

static void
test_captive_portal(void **state)
{
	struct rss_feed feed;
	char err[256];

	(void)state;
	assert_int_equal(parse_file("captive-portal.html", &feed, err,
	    sizeof err), -1);
	assert_string_equal(err, "not an RSS or Atom feed (root element <html>)");
}

static void
test_billion_laughs(void **state)
{
	struct rss_feed feed;
	char err[256];
	clock_t t0 = clock();

	(void)state;
	assert_int_equal(parse_file("billion-laughs.xml", &feed, err,
	    sizeof err), -1);
	assert_string_equal(err, "document type declarations are not allowed");
	assert_int_equal(feed.nitems, 0);
	/* refused up front, not after expanding */
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 0.5);
}

static void
test_xxe(void **state)
{
	struct rss_feed feed;
	char err[256];

	(void)state;
	assert_int_equal(parse_file("xxe.xml", &feed, err, sizeof err), -1);
	assert_string_equal(err, "document type declarations are not allowed");
	assert_null(feed.items);
	assert_int_equal(parse_file("xxe-external-dtd.xml", &feed, err,
	    sizeof err), -1);
	assert_string_equal(err, "document type declarations are not allowed");
	/* Even an entity reference without a DTD is never resolved. */
	assert_int_equal(parse_str("<rss><channel><title>&xxe;</title>"
	    "</channel></rss>", &feed, err, sizeof err), -1);
	assert_null(strstr(err, "root:"));
}

static void
test_field_cap(void **state)
{
	struct rss_feed feed;
	char err[256];
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "<rss><channel><title>Azure Status</title><item>"
	    "<description>");
	/* 100 000 two-byte characters: cut at 64 KiB on a character
	 * boundary. */
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "\xc3\xa9");
	buf_puts(&b, "</description><title>after</title></item>"
	    "</channel></rss>");
	assert_int_equal(rss_parse(b.data, b.len, &feed, err, sizeof err), 0);
	assert_int_equal(feed.nitems, 1);
	assert_int_equal(strlen(feed.items[0].description), 64 * 1024);
	assert_int_equal((unsigned char)feed.items[0].description[64 * 1024 - 2],
	    0xc3);
	assert_string_equal(feed.items[0].title, "after");
	rss_feed_free(&feed);
	buf_free(&b);
}

static void
test_too_many_items(void **state)
{
	struct rss_feed feed;
	char err[256];
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "<rss><channel><title>Azure Status</title>");
	for (i = 0; i < RSS_MAX_ITEMS; i++)
		buf_puts(&b, "<item><title>t</title></item>");
	buf_puts(&b, "</channel></rss>");
	assert_int_equal(rss_parse(b.data, b.len, &feed, err, sizeof err), 0);
	assert_int_equal(feed.nitems, RSS_MAX_ITEMS);
	rss_feed_free(&feed);

	b.len -= strlen("</channel></rss>");
	buf_puts(&b, "<item><title>one too many</title></item></channel></rss>");
	assert_int_equal(rss_parse(b.data, b.len, &feed, err, sizeof err), -1);
	assert_string_equal(err, "feed has too many items");
	assert_int_equal(feed.nitems, 0);
	buf_free(&b);
}

static void
test_large_feed(void **state)
{
	struct rss_feed feed;
	char err[256];
	struct buf b;
	size_t i;

	(void)state;
	/* About 8 MB in 2000 items: parses, in chunks, to the end. */
	buf_init(&b);
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<rss version=\"2.0\"><channel><title>Azure Status</title>\n");
	for (i = 0; i < 2000; i++) {
		buf_printf(&b, "<item><title>item %zu</title><description>", i);
		for (size_t j = 0; j < 100; j++)
			buf_puts(&b, "&lt;p&gt;lorem ipsum dolor sit amet&lt;/p&gt;");
		buf_puts(&b, "</description></item>\n");
	}
	buf_puts(&b, "</channel></rss>\n");
	assert_true(b.len > 8000000);
	assert_int_equal(rss_parse(b.data, b.len, &feed, err, sizeof err), 0);
	assert_int_equal(feed.nitems, 2000);
	assert_string_equal(feed.items[1999].title, "item 1999");
	assert_int_equal(strlen(feed.items[1999].description), 100 * 33);
	rss_feed_free(&feed);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_active),
		cmocka_unit_test(test_status_empty),
		cmocka_unit_test(test_atom),
		cmocka_unit_test(test_odd_items),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_captive_portal),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_xxe),
		cmocka_unit_test(test_field_cap),
		cmocka_unit_test(test_too_many_items),
		cmocka_unit_test(test_large_feed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
