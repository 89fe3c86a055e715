/* test-journal.c: the on-disk history: round trip, dedupe across restarts,
 * torn and hostile lines, compaction, and kill -9 at random moments while
 * a writer appends (the journal must load and hold a prefix of what was
 * written). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "journal.h"
#include "statusline.h"
#include "xmalloc.h"

#define T0	1764000000	/* 2025-11-24 */

static char *
tmpdir(void)
{
	char tmpl[] = "test-journal.XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	/* a nested path checks mkdir -p */
	return xasprintf("%s/state/azwatch", d);
}

static void
rm_rf(const char *dir)
{
	char *top = xstrdup(dir), *cmd;

	*strstr(top, "/state/azwatch") = '\0';
	cmd = xasprintf("rm -rf '%s'", top);
	free(top);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static char *
jpath(const char *dir)
{
	return xasprintf("%s/%s", dir, JOURNAL_FILE);
}

static size_t
count_lines(const char *dir)
{
	char *p = jpath(dir);
	FILE *f = fopen(p, "r");
	size_t n = 0;
	int c;

	assert_non_null(f);
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	free(p);
	return n;
}

static void
append_raw(const char *dir, const char *text)
{
	char *p = jpath(dir);
	FILE *f = fopen(p, "a");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static struct incident *
make_inc(const char *key, enum inc_status st, time_t t)
{
	struct incident *inc = incident_new(key);

	inc->tracking_id = xstrdup(key);
	inc->title = xstrdup("Azure Cache for Redis - East US - Mitigated");
	inc->status = st;
	inc->start = t - 3600;
	inc->sources = CHAN_BIT(CHAN_STATUS_PAGE);
	incident_add_impact(inc, "Azure Cache for Redis", "East US", st);
	strv_add(&inc->links, "https://azure.status.microsoft/status/history/");
	incident_add_update(inc, t - 1800, CHAN_STATUS_PAGE, "Investigating.");
	incident_add_update(inc, t, CHAN_STATUS_PAGE, "Mitigated. ® ✓");
	return inc;
}

static void
test_round_trip(void **state)
{
	char *dir = tmpdir(), err[256];
	struct journal *j;
	struct inc_list l = { 0 }, seed = { 0 };
	struct incident *inc;
	time_t ls;

	(void)state;
	inc_list_add(&l, make_inc("VN8T-TZ8", INC_MITIGATED, T0));
	inc_list_add(&l, make_inc("ZZZZ-111", INC_ACTIVE, T0 + 60));
	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(j);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0 + 100,
	    err, sizeof err), 0);
	journal_close(j);

	/* the directory is private */
	{
		struct stat sb;

		assert_int_equal(stat(dir, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0700);
	}

	j = journal_load(dir, err, sizeof err);
	assert_non_null(j);
	assert_false(journal_seed(j, CHAN_SERVICE_HEALTH, &seed, &ls));
	assert_int_equal(ls, 0);
	assert_true(journal_seed(j, CHAN_STATUS_PAGE, &seed, &ls));
	assert_int_equal(ls, T0 + 100);
	assert_int_equal(seed.n, 2);
	inc = inc_list_find(&seed, "VN8T-TZ8");
	assert_non_null(inc);
	assert_string_equal(inc->title,
	    "Azure Cache for Redis - East US - Mitigated");
	assert_int_equal(inc->status, INC_MITIGATED);
	assert_int_equal(inc->start, T0 - 3600);
	assert_int_equal(inc->last_update, T0);
	assert_int_equal(inc->nupdates, 2);
	assert_string_equal(inc->updates[0].text, "Mitigated. ® ✓");
	assert_int_equal(inc->updates[1].time, T0 - 1800);
	assert_int_equal(inc->updates[1].source, CHAN_STATUS_PAGE);
	assert_int_equal(inc->nimpacts, 1);
	assert_string_equal(inc->impacts[0].region, "East US");
	assert_string_equal(inc->links.v[0],
	    "https://azure.status.microsoft/status/history/");
	assert_true(inc->sources & CHAN_BIT(CHAN_STATUS_PAGE));
	inc_list_clear(&seed);
	journal_close(j);
	inc_list_clear(&l);
	rm_rf(dir);
	free(dir);
}

static void
test_dedupe_across_restarts(void **state)
{
	char *dir = tmpdir(), err[256];
	struct journal *j;
	struct inc_list l = { 0 }, all = { 0 };
	size_t before, after;
	int round;

	(void)state;
	inc_list_add(&l, make_inc("VN8T-TZ8", INC_ACTIVE, T0));
	for (round = 0; round < 3; round++) {
		j = journal_open(dir, 30, T0, err, sizeof err);
		assert_non_null(j);
		before = count_lines(dir);
		assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l,
		    T0 + round, err, sizeof err), 0);
		after = count_lines(dir);
		/* first: inc + 2 upd + chan; later only the chan record */
		assert_int_equal(after - before, round == 0 ? 4 : 1);
		journal_close(j);
	}
	/* one new update: exactly one upd record (and the changed inc) */
	incident_add_update(l.v[0], T0 + 300, CHAN_STATUS_PAGE, "Resolved.");
	j = journal_open(dir, 30, T0, err, sizeof err);
	before = count_lines(dir);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0 + 400,
	    err, sizeof err), 0);
	assert_int_equal(count_lines(dir) - before, 3);
	journal_all(j, &all);
	assert_int_equal(all.n, 1);
	assert_int_equal(all.v[0]->nupdates, 3);
	inc_list_clear(&all);
	journal_close(j);
	inc_list_clear(&l);
	rm_rf(dir);
	free(dir);
}

static void
test_torn_last_line(void **state)
{
	char *dir = tmpdir(), err[256];
	struct journal *j;
	struct inc_list l = { 0 }, seed = { 0 };
	size_t rec, skip;
	time_t ls;

	(void)state;
	inc_list_add(&l, make_inc("VN8T-TZ8", INC_ACTIVE, T0));
	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0, err,
	    sizeof err), 0);
	journal_close(j);
	append_raw(dir, "{\"k\":\"upd\",\"ch\":\"status-page\",\"key\":\"VN8T");

	j = journal_load(dir, err, sizeof err);
	assert_non_null(j);
	journal_stats(j, &rec, &skip);
	assert_int_equal(rec, 4);
	assert_int_equal(skip, 0);
	journal_close(j);

	/* opening for append cuts the torn tail, so the next record is whole */
	incident_add_update(l.v[0], T0 + 60, CHAN_STATUS_PAGE, "More.");
	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(j);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0 + 60, err,
	    sizeof err), 0);
	journal_close(j);
	j = journal_load(dir, err, sizeof err);
	journal_stats(j, &rec, &skip);
	assert_int_equal(skip, 0);
	assert_true(journal_seed(j, CHAN_STATUS_PAGE, &seed, &ls));
	assert_int_equal(seed.v[0]->nupdates, 3);
	assert_int_equal(ls, T0 + 60);
	inc_list_clear(&seed);
	journal_close(j);
	inc_list_clear(&l);
	rm_rf(dir);
	free(dir);
}

static void
test_hostile_lines(void **state)
{
	char *dir = tmpdir(), err[256], *big, *line;
	struct journal *j;
	struct inc_list all = { 0 };
	size_t rec, skip, i;

	(void)state;
	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(j);
	journal_close(j);
	append_raw(dir, "not json\n");
	append_raw(dir, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]\n");
	append_raw(dir, "{\"k\":\"inc\",\"ch\":\"nowhere\",\"key\":\"A\"}\n");
	append_raw(dir, "{\"k\":\"inc\",\"ch\":\"status-page\",\"key\":42}\n");
	append_raw(dir, "{\"k\":\"upd\",\"ch\":\"status-page\",\"key\":\"B\","
	    "\"source\":\"bogus\",\"text\":\"x\"}\n");
	append_raw(dir, "{\"k\":\"inc\",\"ch\":\"status-page\",\"key\":\"C\","
	    "\"status\":7,\"services\":\"no\",\"impacts\":[1,null,{}],"
	    "\"start\":\"yesterday\",\"scenario\":99}\n");
	/* a 200 kB title is clipped, not refused */
	big = xmalloc(200001);
	memset(big, 'a', 200000);
	big[200000] = '\0';
	line = xasprintf("{\"k\":\"inc\",\"ch\":\"status-page\",\"key\":\"D\","
	    "\"title\":\"%s\"}\n", big);
	append_raw(dir, line);
	free(line);
	free(big);
	append_raw(dir, "\n\n{\"k\":\"chan\",\"ch\":\"x\",\"keys\":[\"C\",5]}\n");

	j = journal_load(dir, err, sizeof err);
	assert_non_null(j);
	journal_stats(j, &rec, &skip);
	assert_int_equal(rec, 3);	/* C, D, the chan record */
	assert_int_equal(skip, 5);
	journal_all(j, &all);
	assert_int_equal(all.n, 2);
	for (i = 0; i < all.n; i++) {
		if (strcmp(all.v[i]->key, "D") == 0)
			assert_int_equal(strlen(all.v[i]->title), 4096);
		else {
			assert_int_equal(all.v[i]->start, 0);
			assert_int_equal(all.v[i]->scenario, SCEN_NONE);
		}
	}
	inc_list_clear(&all);
	journal_close(j);
	rm_rf(dir);
	free(dir);
}

static void
test_compaction(void **state)
{
	char *dir = tmpdir(), err[256];
	struct journal *j;
	struct inc_list l = { 0 }, all = { 0 };
	time_t now = T0 + 40 * 86400;

	(void)state;
	/* old and resolved, old but active and still listed, recent resolved */
	inc_list_add(&l, make_inc("OLD-RESOLVED", INC_RESOLVED, T0));
	inc_list_add(&l, make_inc("OLD-ACTIVE", INC_ACTIVE, T0));
	inc_list_add(&l, make_inc("NEW-RESOLVED", INC_RESOLVED, now - 86400));
	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0, err,
	    sizeof err), 0);
	/* a later answer that no longer lists the old resolved one */
	incident_free(l.v[0]);
	l.v[0] = make_inc("OTHER", INC_ACTIVE, now);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, now, err,
	    sizeof err), 0);
	assert_int_equal(journal_compact(j, now, err, sizeof err), 0);
	journal_all(j, &all);
	assert_int_equal(all.n, 3);
	assert_null(inc_list_find(&all, "OLD-RESOLVED"));
	assert_non_null(inc_list_find(&all, "OLD-ACTIVE"));
	assert_non_null(inc_list_find(&all, "NEW-RESOLVED"));
	inc_list_clear(&all);
	journal_close(j);
	/* and after a restart: inc + 2 upd for each of three, one chan */
	assert_int_equal(count_lines(dir), 10);
	j = journal_load(dir, err, sizeof err);
	journal_all(j, &all);
	assert_int_equal(all.n, 3);
	inc_list_clear(&all);
	journal_close(j);
	inc_list_clear(&l);
	rm_rf(dir);
	free(dir);
}

/* The dashboard keeps no incidents in the journal once seeded: records
 * are still deduplicated, and compaction still rewrites every incident
 * from the file. */
static void
test_forget(void **state)
{
	char *dir = tmpdir(), err[256];
	struct journal *j;
	struct inc_list l = { 0 }, all = { 0 };
	size_t before;
	time_t now = T0 + 40 * 86400;

	(void)state;
	inc_list_add(&l, make_inc("OLD-RESOLVED", INC_RESOLVED, T0));
	inc_list_add(&l, make_inc("VN8T-TZ8", INC_ACTIVE, now - 600));
	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(j);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0, err,
	    sizeof err), 0);
	journal_close(j);

	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(j);
	journal_forget(j);
	journal_all(j, &all);
	assert_int_equal(all.n, 0);

	/* unchanged: only the chan record; one new update: upd, inc, chan */
	before = count_lines(dir);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0 + 60, err,
	    sizeof err), 0);
	assert_int_equal(count_lines(dir) - before, 1);
	incident_add_update(l.v[1], now, CHAN_STATUS_PAGE, "Mitigated.");
	before = count_lines(dir);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, now, err,
	    sizeof err), 0);
	assert_int_equal(count_lines(dir) - before, 3);

	/* compaction drops the expired one and keeps the rest; the journal
	 * stays lean afterwards */
	incident_free(l.v[0]);
	memmove(&l.v[0], &l.v[1], sizeof *l.v);
	l.n--;
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, now, err,
	    sizeof err), 0);
	assert_int_equal(journal_compact(j, now, err, sizeof err), 0);
	journal_all(j, &all);
	assert_int_equal(all.n, 0);
	journal_close(j);
	/* inc + 3 upd, one chan */
	assert_int_equal(count_lines(dir), 5);
	j = journal_load(dir, err, sizeof err);
	assert_non_null(j);
	journal_all(j, &all);
	assert_int_equal(all.n, 1);
	assert_string_equal(all.v[0]->key, "VN8T-TZ8");
	assert_int_equal(all.v[0]->nupdates, 3);
	inc_list_clear(&all);
	journal_close(j);
	inc_list_clear(&l);
	rm_rf(dir);
	free(dir);
}

static void
test_statusline(void **state)
{
	char *dir = tmpdir(), err[256], line[256];
	struct journal *j;
	struct inc_list sp = { 0 }, sh = { 0 };
	struct incident *inc;

	(void)state;
	j = journal_load(dir, err, sizeof err);
	assert_non_null(j);
	statusline_format(j, T0, false, line, sizeof line);
	assert_string_equal(line, "AZ ? no data");
	journal_close(j);

	j = journal_open(dir, 30, T0, err, sizeof err);
	inc_list_add(&sp, make_inc("VN8T-TZ8", INC_ACTIVE, T0));
	inc_list_add(&sp, make_inc("OLD-1", INC_RESOLVED, T0));
	inc = make_inc("PLANNED", INC_ACTIVE, T0);
	inc->type = INC_PLANNED_MAINTENANCE;
	inc_list_add(&sp, inc);
	inc_list_add(&sh, make_inc("VN8T-TZ8", INC_ACTIVE, T0));
	inc_list_add(&sh, make_inc("SH-ONLY", INC_ACTIVE, T0));
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &sp, T0 - 180,
	    err, sizeof err), 0);
	assert_int_equal(journal_record(j, CHAN_SERVICE_HEALTH, &sh, T0 - 7200,
	    err, sizeof err), 0);
	statusline_format(j, T0, false, line, sizeof line);
	assert_string_equal(line,
	    "AZ \xe2\x96\xb2" "2 active \xc2\xb7 SH \xe2\x96\xb2" "2 2h "
	    "\xc2\xb7 SP \xe2\x96\xb2" "1 3m");
	statusline_format(j, T0, true, line, sizeof line);
	assert_string_equal(line, "AZ ^2 active | SH ^2 2h | SP ^1 3m");

	/* everything over: "ok" */
	inc_list_clear(&sh);
	inc_list_clear(&sp);
	inc_list_add(&sp, make_inc("VN8T-TZ8", INC_MITIGATED, T0));
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &sp, T0 - 30,
	    err, sizeof err), 0);
	assert_int_equal(journal_record(j, CHAN_SERVICE_HEALTH, &sh, T0 - 30,
	    err, sizeof err), 0);
	statusline_format(j, T0, true, line, sizeof line);
	assert_string_equal(line, "AZ ok | SH ok now | SP ok now");
	journal_close(j);
	inc_list_clear(&sp);
	rm_rf(dir);
	free(dir);
}

/* The writer: one update per batch, numbered, with a compaction now and
 * then, until killed. */
static void __attribute__((noreturn))
crash_writer(const char *dir)
{
	struct journal *j;
	struct inc_list l = { 0 };
	struct incident *inc = incident_new("CRASH-1");
	char err[256], text[64];
	int i;

	inc->title = xstrdup("writer");
	inc_list_add(&l, inc);
	if ((j = journal_open(dir, 30, T0, err, sizeof err)) == NULL)
		_exit(1);
	for (i = 0; i < 1000000; i++) {
		snprintf(text, sizeof text, "update %d", i);
		incident_add_update(inc, T0 + i, CHAN_STATUS_PAGE, text);
		if (journal_record(j, CHAN_STATUS_PAGE, &l, T0 + i, err,
		    sizeof err) == -1)
			_exit(1);
		if (i % 7 == 6 && journal_compact(j, T0 + i, err,
		    sizeof err) == -1)
			_exit(1);
	}
	_exit(0);
}

static void
test_kill_during_writes(void **state)
{
	char *dir = tmpdir(), err[256], want[64];
	struct journal *j;
	struct inc_list all = { 0 };
	struct incident *inc;
	size_t rec, skip, k, last = 0, newest;
	struct stat sb;
	off_t s0;
	char *p;
	int round, st, n;
	pid_t pid;

	(void)state;
	srandom((unsigned)time(NULL));
	for (round = 0; round < 30; round++) {
		p = jpath(dir);
		s0 = stat(p, &sb) == 0 ? sb.st_size : -1;
		pid = fork();
		assert_true(pid != -1);
		if (pid == 0)
			crash_writer(dir);
		/* once it writes (however slow the disk), at some moment */
		for (n = 0; n < 20000 && (stat(p, &sb) != 0 ||
		    sb.st_size == s0); n++)
			usleep(500);
		free(p);
		usleep((useconds_t)(random() % 30000));
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		/* killed, not failed */
		assert_true(WIFSIGNALED(st));

		j = journal_load(dir, err, sizeof err);
		assert_non_null(j);
		journal_stats(j, &rec, &skip);
		assert_int_equal(skip, 0);
		journal_all(j, &all);
		if (all.n == 0) {
			journal_close(j);
			continue;
		}
		assert_int_equal(all.n, 1);
		inc = all.v[0];
		/* a prefix of what was written: update 0 .. n-1, each
		 * exactly as written (compaction keeps the newest
		 * JOURNAL_INC_UPDATES of them) */
		newest = (size_t)(inc->updates[0].time - T0);
		assert_true(inc->nupdates <= JOURNAL_INC_UPDATES);
		assert_true(inc->nupdates == newest + 1 ||
		    inc->nupdates == JOURNAL_INC_UPDATES);
		for (k = 0; k < inc->nupdates; k++) {
			size_t num = newest - k;

			snprintf(want, sizeof want, "update %zu", num);
			assert_string_equal(inc->updates[k].text, want);
			assert_int_equal(inc->updates[k].time, T0 + (time_t)num);
		}
		/* every round starts over from the same journal, so the
		 * history never shrinks */
		assert_true(newest + 1 >= last);
		last = newest + 1;
		inc_list_clear(&all);
		journal_close(j);
	}
	assert_true(last > 0);
	rm_rf(dir);
	free(dir);
}

/* A feed whose items change on every poll: each answer brings every
 * incident a new 32 kB update. The file stays within its bound (each
 * incident's newest updates, about JOURNAL_INC_BYTES of them), where it
 * used to keep all of them. */
static void
test_changing_feed_bounded(void **state)
{
	char *dir = tmpdir(), err[256], *text, *p;
	struct journal *j;
	struct inc_list l = { 0 }, all = { 0 };
	struct incident *inc;
	struct stat sb;
	off_t most = 0;
	int poll, i;

	(void)state;
	text = xmalloc(32 * 1024 + 64);
	memset(text, 'x', 32 * 1024);
	text[32 * 1024] = '\0';
	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(j);
	p = jpath(dir);
	for (poll = 0; poll < 250; poll++) {
		for (i = 0; i < 4; i++) {
			char key[16];

			snprintf(key, sizeof key, "CHURN-%d", i);
			inc = make_inc(key, INC_ACTIVE, T0);
			snprintf(text, 64, "poll %d item %d ", poll, i);
			text[strlen(text)] = 'x';
			incident_add_update(inc, T0 + poll, CHAN_STATUS_PAGE, text);
			inc_list_add(&l, inc);
		}
		assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l,
		    T0 + poll, err, sizeof err), 0);
		inc_list_clear(&l);
		assert_int_equal(stat(p, &sb), 0);
		if (sb.st_size > most)
			most = sb.st_size;
	}
	journal_close(j);
	/* 32 MB offered; at most twice the compacted size plus one batch */
	assert_true(most <= 2 * (4 * JOURNAL_INC_BYTES + 64 * 1024) +
	    256 * 1024);
	j = journal_load(dir, err, sizeof err);
	journal_all(j, &all);
	assert_int_equal(all.n, 4);
	inc = inc_list_find(&all, "CHURN-0");
	assert_non_null(inc);
	assert_int_equal(inc->updates[0].time, T0 + 249);
	assert_true(inc->nupdates < 250);
	inc_list_clear(&all);
	journal_close(j);
	free(p);
	free(text);
	rm_rf(dir);
	free(dir);
}

/* Two writers on one state directory: the second reads, writes nothing,
 * says so, and writes once the first is closed. */
static void
test_second_writer(void **state)
{
	char *dir = tmpdir(), err[256], *p;
	struct journal *a, *b;
	struct inc_list l = { 0 }, seed = { 0 };
	struct stat s0, s1;
	time_t ls;

	(void)state;
	inc_list_add(&l, make_inc("VN8T-TZ8", INC_ACTIVE, T0));
	a = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(a);
	assert_null(journal_note(a));
	assert_int_equal(journal_record(a, CHAN_STATUS_PAGE, &l, T0, err,
	    sizeof err), 0);
	b = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(b);
	assert_string_equal(journal_note(b),
	    "read-only, another azwatch writes it");
	/* it read what the first wrote */
	assert_true(journal_seed(b, CHAN_STATUS_PAGE, &seed, &ls));
	assert_int_equal(seed.n, 1);
	inc_list_clear(&seed);
	p = jpath(dir);
	assert_int_equal(stat(p, &s0), 0);
	assert_int_equal(journal_record(b, CHAN_SERVICE_HEALTH, &l, T0 + 60,
	    err, sizeof err), -1);
	assert_non_null(strstr(err, "another azwatch"));
	assert_int_equal(stat(p, &s1), 0);
	assert_int_equal(s0.st_size, s1.st_size);
	journal_close(a);
	assert_int_equal(journal_record(b, CHAN_SERVICE_HEALTH, &l, T0 + 60,
	    err, sizeof err), 0);
	assert_null(journal_note(b));
	journal_close(b);
	b = journal_load(dir, err, sizeof err);
	assert_true(journal_seed(b, CHAN_SERVICE_HEALTH, &seed, &ls));
	assert_int_equal(ls, T0 + 60);
	inc_list_clear(&seed);
	journal_close(b);
	inc_list_clear(&l);
	free(p);
	rm_rf(dir);
	free(dir);
}

/* A link or a FIFO where the journal should be: refused with a message
 * (no hang), nothing written through the link; fixed, it is written. */
static void
test_not_a_file(void **state)
{
	char *dir = tmpdir(), err[256], *p, *target;
	struct journal *j;
	struct inc_list l = { 0 };
	struct stat sb;
	FILE *f;

	(void)state;
	inc_list_add(&l, make_inc("VN8T-TZ8", INC_ACTIVE, T0));
	j = journal_open(dir, 30, T0, err, sizeof err);	/* makes dir */
	journal_close(j);
	p = jpath(dir);
	unlink(p);
	target = xasprintf("%s/../target", dir);
	f = fopen(target, "w");
	assert_non_null(f);
	fputs("precious\n", f);
	fclose(f);
	assert_int_equal(symlink(target, p), 0);
	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(j);
	assert_string_equal(journal_note(j),
	    "not kept, journal.jsonl is a symbolic link");
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "symbolic link"));
	assert_int_equal(stat(target, &sb), 0);
	assert_int_equal(sb.st_size, 9);
	/* the link removed: the next record is written */
	unlink(p);
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0, err,
	    sizeof err), 0);
	assert_null(journal_note(j));
	journal_close(j);
	assert_int_equal(count_lines(dir), 4);

	unlink(p);
	assert_int_equal(mkfifo(p, 0600), 0);
	j = journal_open(dir, 30, T0, err, sizeof err);
	assert_non_null(j);
	assert_string_equal(journal_note(j),
	    "not kept, journal.jsonl is a FIFO");
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "FIFO"));
	journal_close(j);
	j = journal_load(dir, err, sizeof err);
	assert_null(j);
	assert_non_null(strstr(err, "FIFO"));
	unlink(p);

	/* a state directory that cannot be made (a file is in the way) */
	free(p);
	p = xasprintf("%s/sub", target);
	j = journal_open(p, 30, T0, err, sizeof err);
	assert_non_null(j);
	assert_non_null(journal_note(j));
	assert_non_null(strstr(journal_note(j), "not kept, cannot create"));
	assert_int_equal(journal_record(j, CHAN_STATUS_PAGE, &l, T0, err,
	    sizeof err), -1);
	journal_close(j);
	inc_list_clear(&l);
	free(target);
	free(p);
	rm_rf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_dedupe_across_restarts),
		cmocka_unit_test(test_torn_last_line),
		cmocka_unit_test(test_hostile_lines),
		cmocka_unit_test(test_compaction),
		cmocka_unit_test(test_forget),
		cmocka_unit_test(test_statusline),
		cmocka_unit_test(test_kill_during_writes),
		cmocka_unit_test(test_changing_feed_bounded),
		cmocka_unit_test(test_second_writer),
		cmocka_unit_test(test_not_a_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
