/* azbench: in-process measurements for bench/run, linked with libazcore.a
 * so it times the very functions the channels call (parse and map an ARM
 * events answer or a status feed, one status-page poll, the journal). */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cfg.h"
#include "chan.h"
#include "derive.h"
#include "http.h"
#include "journal.h"
#include "model.h"
#include "parse-arm.h"
#include "parse-rss.h"
#include "xmalloc.h"

#define AZBENCH_MAX_RUNS	101

static void
usage(void)
{
	fprintf(stderr,
	    "usage: azbench parse-arm FILE [RUNS]\n"
	    "       azbench parse-rss FILE [RUNS]\n"
	    "       azbench poll-status URL\n"
	    "       azbench journal DIR FEEDFILE\n");
	exit(2);
}

/* CPU time, not wall time: the bench runs on shared machines where the
 * wall clock mostly measures the neighbours. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The whole file in b; the read is part of what is timed, as it is for
 * jq. */
static int
read_file(const char *path, struct buf *b)
{
	char chunk[65536];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "azbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(b, chunk, n);
	fclose(f);
	return 0;
}

/* One run: read, parse, map into incidents, free. Returns the count. */
static long
parse_once(const char *path, bool arm, char *err, size_t errlen)
{
	struct inc_list incs = { 0 };
	struct rss_feed feed;
	struct buf b;
	char *next = NULL;
	long n = -1;

	buf_init(&b);
	if (read_file(path, &b) == -1) {
		snprintf(err, errlen, "cannot read %s", path);
		goto out;
	}
	if (arm) {
		if (arm_parse_events(b.data, b.len, time(NULL), &incs, &next,
		    err, errlen) == -1)
			goto out;
	} else {
		if (rss_parse(b.data, b.len, &feed, err, errlen) == -1)
			goto out;
		if (derive_status_feed(&feed, &incs, err, errlen) == -1) {
			rss_feed_free(&feed);
			goto out;
		}
		rss_feed_free(&feed);
	}
	n = (long)incs.n;
out:
	free(next);
	inc_list_clear(&incs);
	buf_free(&b);
	return n;
}

/* Prints "median_ms min_ms incidents runs" (CPU milliseconds). */
static int
cmd_parse(const char *path, bool arm, int runs)
{
	double t[AZBENCH_MAX_RUNS], t0;
	char err[512];
	long n = 0;
	int i;

	if (runs < 1 || runs > AZBENCH_MAX_RUNS)
		runs = 7;
	/* one warm-up run so the page cache and allocator are settled */
	if (parse_once(path, arm, err, sizeof err) < 0) {
		fprintf(stderr, "azbench: %s\n", err);
		return 1;
	}
	for (i = 0; i < runs; i++) {
		t0 = now_ms();
		n = parse_once(path, arm, err, sizeof err);
		t[i] = now_ms() - t0;
		if (n < 0) {
			fprintf(stderr, "azbench: %s\n", err);
			return 1;
		}
	}
	qsort(t, (size_t)runs, sizeof t[0], cmp_double);
	printf("%.2f %.2f %ld %d\n", t[runs / 2], t[0], n, runs);
	return 0;
}

/* Two polls of the status page through the channel itself; prints per
 * poll "requests wire_bytes incidents note". */
static int
cmd_poll_status(const char *url)
{
	struct cfg cfg;
	struct poll_ctx ctx;
	struct chan_result res;
	struct http *h;
	atomic_int abort_flag = 0;
	unsigned long req0, bytes0, req1, bytes1;
	void *self;
	int i, rc = 0;

	cfg_defaults(&cfg);
	free(cfg.feed_url);
	cfg.feed_url = xstrdup(url);
	h = http_new();
	self = chan_status_ops.create(&cfg);
	for (i = 0; i < 2; i++) {
		memset(&ctx, 0, sizeof ctx);
		ctx.cfg = &cfg;
		ctx.http = h;
		ctx.now = time(NULL);
		ctx.abort = &abort_flag;
		http_stats(h, &req0, &bytes0);
		chan_result_init(&res);
		chan_status_ops.poll(self, &ctx, &res);
		http_stats(h, &req1, &bytes1);
		if (res.failed) {
			fprintf(stderr, "azbench: poll %d: %s\n", i + 1,
			    res.error != NULL ? res.error : "failed");
			rc = 1;
		}
		printf("%lu %lu %zu %s\n", req1 - req0, bytes1 - bytes0,
		    res.incidents.n, res.note != NULL ? res.note : "-");
		chan_result_free(&res);
	}
	chan_status_ops.destroy(self);
	http_free(h);
	cfg_free(&cfg);
	return rc;
}

/* Fill a journal under dir with the incidents of a feed file, as if the
 * status page had just said so. */
static int
cmd_journal(const char *dir, const char *path)
{
	struct inc_list incs = { 0 };
	struct rss_feed feed;
	struct journal *j;
	struct buf b;
	char err[512];
	int rc = 1;

	buf_init(&b);
	if (read_file(path, &b) == -1)
		goto out;
	if (rss_parse(b.data, b.len, &feed, err, sizeof err) == -1) {
		fprintf(stderr, "azbench: %s\n", err);
		goto out;
	}
	if (derive_status_feed(&feed, &incs, err, sizeof err) == -1) {
		fprintf(stderr, "azbench: %s\n", err);
		rss_feed_free(&feed);
		goto out;
	}
	rss_feed_free(&feed);
	if ((j = journal_open(dir, 0, time(NULL), err, sizeof err)) == NULL) {
		fprintf(stderr, "azbench: %s\n", err);
		goto out;
	}
	if (journal_record(j, CHAN_STATUS_PAGE, &incs, time(NULL), err,
	    sizeof err) == -1)
		fprintf(stderr, "azbench: %s\n", err);
	else {
		printf("%zu\n", incs.n);
		rc = 0;
	}
	journal_close(j);
out:
	inc_list_clear(&incs);
	buf_free(&b);
	return rc;
}

int
main(int argc, char **argv)
{
	int rc;

	if (argc < 3)
		usage();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "azbench: curl_global_init failed\n");
		return 1;
	}
	if (strcmp(argv[1], "parse-arm") == 0)
		rc = cmd_parse(argv[2], true, argc > 3 ? atoi(argv[3]) : 7);
	else if (strcmp(argv[1], "parse-rss") == 0)
		rc = cmd_parse(argv[2], false, argc > 3 ? atoi(argv[3]) : 7);
	else if (strcmp(argv[1], "poll-status") == 0)
		rc = cmd_poll_status(argv[2]);
	else if (strcmp(argv[1], "journal") == 0 && argc == 4)
		rc = cmd_journal(argv[2], argv[3]);
	else
		usage();
	curl_global_cleanup();
	return rc;
}
