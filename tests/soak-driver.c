/* soak-driver.c: an accelerated soak. Polls every configured channel
 * CYCLES times in this thread (worker_poll_once) against the fake Azure,
 * rotating its scenario, step and faults, and fails if resident memory
 * grows after the warm-up or a channel ends up in a wrong state.
 *
 *   soak-driver CYCLES [WARMUP] [MAX_GROWTH_KB]
 *
 * FAKE_URL names the fake; the configuration comes as for azwatch
 * ($AZWATCH_CONFIG and the environment). */
#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "cfg.h"
#include "model.h"
#include "worker.h"
#include "xmalloc.h"

/* What the fake is told before a block of cycles: a scenario and step,
 * or a fault on one endpoint. Only fast faults: the slow ones (hang,
 * trickle, oversized) are the fault matrix's business. */
static const char *soak_ctl[] = {
	"scenario?name=redis-eastus", "step?n=1",
	"fault?path=/en-us/status/feed&kind=503",
	"clear", "step?n=2",
	"fault?path=/subscriptions&kind=truncated",
	"fault?path=/en-us/status/feed&kind=invalid-utf8",
	"clear", "scenario?name=hostile",
	"fault?path=/en-us/status/feed&kind=billion-laughs",
	"fault?path=/subscriptions&kind=deep-json",
	"clear", "scenario?name=broad",
	"fault?path=/en-us/status/feed&kind=garbage",
	"fault?path=/2/&kind=429&retry_after=1",
	"clear", "scenario?name=regional-multi",
	"fault?path=/en-us/status/feed&kind=reset",
	"fault?path=/subscriptions&kind=self-nextlink",
	"clear", "scenario?name=redis-eastus", "step?n=3",
	"fault?path=/en-us/status/feed&kind=xxe",
	"fault?path=/subscriptions&kind=401",
	"clear", "step?n=4",
	"fault?path=/en-us/status/feed&kind=close",
	"fault?path=/subscriptions&kind=500",
	"fault?path=/en-us/status/feed&kind=wrong-title",
	"clear", "scenario?name=quiet",
	"fault?path=/en-us/status/feed&kind=empty",
	"fault?path=/subscriptions&kind=403",
	"clear",
};
#define SOAK_NCTL	(sizeof soak_ctl / sizeof soak_ctl[0])
#define SOAK_BLOCK	7	/* cycles between two control calls */

static size_t
soak_discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static void
soak_control(const char *base, const char *what)
{
	char *url = xasprintf("%s/_ctl/%s", base, what);
	long status = 0;
	CURL *c;

	if ((c = curl_easy_init()) == NULL) {
		fprintf(stderr, "soak: curl_easy_init failed\n");
		exit(1);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, soak_discard);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (curl_easy_perform(c) != CURLE_OK ||
	    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK ||
	    status != 200) {
		fprintf(stderr, "soak: control call %s failed (%ld)\n", url,
		    status);
		exit(1);
	}
	curl_easy_cleanup(c);
	free(url);
}

/* Resident set in kB, after giving freed memory back. */
static long
soak_rss(void)
{
	char line[256];
	long kb = -1;
	FILE *f;

	malloc_trim(0);
	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	}
	fclose(f);
	return kb;
}

int
main(int argc, char **argv)
{
	unsigned long seen[CHAN_COUNT][CHAN_UNCONFIGURED + 1];
	long cycles, warmup, bound, rss_warm = -1, rss_end, i;
	const char *base = getenv("FAKE_URL");
	struct snapshot *s;
	struct worker *w;
	size_t next = 0, most = 0;
	struct cfg cfg;
	char err[512];
	int c, st, bad = 0;

	if (argc < 2 || base == NULL) {
		fprintf(stderr, "usage: FAKE_URL=... soak-driver CYCLES "
		    "[WARMUP] [MAX_GROWTH_KB]\n");
		return 2;
	}
	cycles = strtol(argv[1], NULL, 10);
	warmup = argc > 2 ? strtol(argv[2], NULL, 10) : 1000;
	bound = argc > 3 ? strtol(argv[3], NULL, 10) : 1024;
	if (warmup >= cycles)
		warmup = cycles / 2;
	setlocale(LC_ALL, "");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	memset(seen, 0, sizeof seen);

	memset(&cfg, 0, sizeof cfg);
	if (cfg_load(&cfg, NULL, err, sizeof err) == -1 ||
	    cfg_validate(&cfg, err, sizeof err) == -1) {
		fprintf(stderr, "soak: %s\n", err);
		return 2;
	}
	w = worker_new(&cfg);
	for (i = 1; i <= cycles; i++) {
		if (i % SOAK_BLOCK == 1) {
			soak_control(base, soak_ctl[next]);
			next = (next + 1) % SOAK_NCTL;
		}
		s = worker_poll_once(w);
		for (c = 0; c < CHAN_COUNT; c++) {
			st = (int)s->chans[c].state;
			seen[c][st]++;
			/* a failed poll always says why */
			if ((st == CHAN_ERROR || st == CHAN_UNREACHABLE) &&
			    (s->chans[c].error == NULL ||
			    *s->chans[c].error == '\0')) {
				fprintf(stderr, "soak: cycle %ld: %s is %s "
				    "without a message\n", i,
				    chan_id_name((enum chan_id)c),
				    chan_state_name((enum chan_state)st));
				bad = 1;
			}
			if (st == CHAN_PENDING) {
				fprintf(stderr, "soak: cycle %ld: %s still "
				    "pending after a poll\n", i,
				    chan_id_name((enum chan_id)c));
				bad = 1;
			}
		}
		if (s->incidents.n > most)
			most = s->incidents.n;
		snapshot_unref(s);
		if (i == warmup)
			rss_warm = soak_rss();
		if (i % 500 == 0)
			fprintf(stderr, "soak: %ld cycles, VmRSS %ld kB\n", i,
			    soak_rss());
	}
	rss_end = soak_rss();
	worker_free(w);
	cfg_free(&cfg);
	curl_global_cleanup();

	for (c = 0; c < CHAN_COUNT; c++) {
		if (seen[c][CHAN_UNCONFIGURED] != 0)
			continue;
		printf("soak: %-14s ok %lu, incident %lu, unreachable %lu, "
		    "error %lu\n", chan_id_name((enum chan_id)c),
		    seen[c][CHAN_OK], seen[c][CHAN_INCIDENT],
		    seen[c][CHAN_UNREACHABLE], seen[c][CHAN_ERROR]);
		/* the rotation must have both answered and failed */
		if (seen[c][CHAN_OK] + seen[c][CHAN_INCIDENT] == 0 ||
		    seen[c][CHAN_UNREACHABLE] + seen[c][CHAN_ERROR] == 0) {
			fprintf(stderr, "soak: %s never %s\n",
			    chan_id_name((enum chan_id)c),
			    seen[c][CHAN_OK] + seen[c][CHAN_INCIDENT] == 0 ?
			    "answered" : "failed");
			bad = 1;
		}
	}
	if (seen[CHAN_STATUS_PAGE][CHAN_UNCONFIGURED] != 0) {
		fprintf(stderr, "soak: the status page is not configured\n");
		bad = 1;
	}
	if (most == 0) {
		fprintf(stderr, "soak: no incident was ever seen\n");
		bad = 1;
	}
	printf("soak: %ld cycles; VmRSS %ld kB after %ld, %ld kB at the end "
	    "(bound +%ld kB)\n", cycles, rss_warm, warmup, rss_end, bound);
#if defined(__SANITIZE_ADDRESS__)
	/* ASan's quarantine holds freed memory: its leak check is the test */
	printf("soak: memory bound not checked under AddressSanitizer\n");
#else
	if (rss_warm < 0 || rss_end < 0 || rss_end - rss_warm > bound) {
		fprintf(stderr, "soak: resident memory grew by %ld kB\n",
		    rss_end - rss_warm);
		bad = 1;
	}
#endif
	return bad;
}
