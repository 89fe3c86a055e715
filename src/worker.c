/* worker.c: the polling threads. Every configured channel has a thread of
 * its own, with its own HTTP client, schedule and backoff, so a slow or
 * hung channel delays no other; one more thread (the housekeeper) reads
 * the journal, runs one-off jobs and delivers held-back notifications.
 * Results are applied, recorded and published under one lock: a
 * mutex-guarded slot plus one byte on a self-pipe. Threads sleep on
 * condition variables with a monotonic clock, so an idle azwatch wakes
 * only when a poll is due, and a step of the wall clock neither delays
 * nor skips one. */
#include "config.h"
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arm.h"
#include "chan.h"
#include "earlywarn.h"
#include "filter.h"
#include "fired.h"
#include "http.h"
#include "journal.h"
#include "lag.h"
#include "notify.h"
#include "notifystate.h"
#include "sink.h"
#include "replay.h"
#include "sanitize.h"
#include "seen.h"
#include "timeutil.h"
#include "viewcache.h"
#include "xmalloc.h"

/* A difference this large between how far the wall clock and the
 * monotonic clock moved is a step of the wall clock, not drift. */
#define WORKER_CLOCK_STEP_MS	2000
/* Held-back notifications are looked at again at least this often, in
 * case the wall clock stepped under them. Only while some are held. */
#define WORKER_NOTIFY_RECHECK_MS	60000
#define WORKER_TIMEOUT_DEFAULT	15
#define WORKER_RETRY_AFTER_MIN	600	/* seconds */

struct worker;

struct worker_chan {
	struct worker		*w;
	const struct chan_ops	*ops;
	void			*self;
	bool			 configured;

	/* under w->lock */
	struct chan_status	 st;
	struct inc_list		 incs;		/* last good view */
	unsigned		 failures;
	long long		 due;		/* time_mono_ms; 0: now */

	/* the channel's own thread */
	pthread_t		 thread;
	bool			 running;	/* joinable */
	bool			 once;		/* a round: one poll, then exit */
	bool			 rejoin;	/* the next poll: poll_ctx.rejoin */
	pthread_cond_t		 cond;		/* with w->ctl */
	unsigned long		 gen;		/* the refresh it last saw */
	struct http		*http;
};

struct worker {
	const struct cfg	*cfg;
	int			 timeout;	/* check and wizard, seconds */
	atomic_int		 abort;
	int			 pipe[2];
	bool			 started;

	/* Lock order: lock, then ctl; slot_lock alone. */
	pthread_mutex_t		 lock;		/* channels, journal, notify */
	pthread_mutex_t		 ctl;		/* the flags below */
	pthread_mutex_t		 slot_lock;

	/* under ctl */
	bool			 stop;
	bool			 ready;		/* the journal is read: poll */
	bool			 kick;		/* notify's schedule changed */
	unsigned long		 refresh_gen;
	worker_job_fn		 job;		/* NULL: none */
	void			*job_arg;
	pthread_cond_t		 hk_cond;	/* the housekeeper's */
	atomic_bool		 job_busy;	/* submitted, not yet done */

	/* under slot_lock */
	struct snapshot		*slot;

	/* under lock */
	unsigned long		 seq;
	int			 inflight;	/* polls in progress */
	unsigned		 round_pending;	/* CHAN_BIT()s */
	pthread_cond_t		 round_cond;	/* with lock */
	long long		 clk_wall;	/* ms, at the last look */
	long long		 clk_mono;
	char			*clk_note;	/* the last step of the clock */

	/* the one ARM client: sign-in, paging and the read budget for
	 * every channel and job (it has its own lock) */
	struct arm		*arm;
	struct worker_chan	 chans[CHAN_COUNT];

	/* the housekeeper thread (or the caller of worker_job_run_here) */
	pthread_t		 hk;
	bool			 hk_running;
	struct http		*job_http;

	/* the dashboard only (not status/check): history and notifications */
	bool			 live;
	bool			 need_journal;
	struct journal		*journal;
	struct notify		*notify;
	struct notifystate	 nstate;	/* notify.json: as last written */
	struct seen		*seen;		/* read marks at the start */
	struct filter_gate	*gate;		/* the UI's filters, for notify */
	struct sinks		*sinks;		/* delivery, or NULL (not ours) */
	const struct replay	*replay;	/* drills: no network */
	double			 speed;
	time_t			 drill_start;	/* when the drill began */
	bool			 drill_ended;	/* its last step was played */
	bool			 minimal;	/* a round for a verdict only */
	bool			 want_fired;	/* read fired alerts in rounds too */
	struct fired_set	*fired;		/* under lock: the last read */
	struct subnames		*subnames;	/* under lock: the last listed */
};

static void
cond_init_mono(pthread_cond_t *c)
{
	pthread_condattr_t ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(c, &ca);
	pthread_condattr_destroy(&ca);
}

/* A time_mono_ms() as the absolute time pthread_cond_timedwait wants. */
static struct timespec
mono_ts(long long ms)
{
	struct timespec ts;

	if (ms < 0)
		ms = 0;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	return ts;
}

struct worker *
worker_new(const struct cfg *cfg)
{
	struct worker *w = xcalloc(1, sizeof *w);
	char why[512];
	int i;

	w->cfg = cfg;
	w->timeout = WORKER_TIMEOUT_DEFAULT;
	pthread_mutex_init(&w->lock, NULL);
	pthread_mutex_init(&w->ctl, NULL);
	pthread_mutex_init(&w->slot_lock, NULL);
	cond_init_mono(&w->hk_cond);
	cond_init_mono(&w->round_cond);
	atomic_init(&w->abort, 0);
	atomic_init(&w->job_busy, false);
	if (pipe2(w->pipe, O_CLOEXEC | O_NONBLOCK) == -1)
		xmalloc_die("pipe");
	w->arm = arm_new(cfg);
	w->notify = notify_new(cfg);
	w->gate = filter_gate_new();
	notify_set_filter(w->notify, filter_gate_match, w->gate);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];

		c->w = w;
		c->ops = chan_ops_get((enum chan_id)i);
		cond_init_mono(&c->cond);
		why[0] = '\0';
		c->configured = c->ops->configured(cfg, why, sizeof why);
		c->st.configured = c->configured;
		if (c->configured) {
			c->self = c->ops->create(cfg);
			c->st.state = CHAN_PENDING;
			/* Each thread its own client and its own sign-in: a
			 * token is kept for the life of the process. */
			c->http = http_new_cfg(cfg);
		} else {
			c->st.state = CHAN_UNCONFIGURED;
			c->st.note = xstrdup(why);
		}
	}
	return w;
}

int
worker_fd(const struct worker *w)
{
	return w->pipe[0];
}

void
worker_set_timeout(struct worker *w, int seconds)
{
	w->timeout = seconds > 0 ? seconds : WORKER_TIMEOUT_DEFAULT;
}

int
worker_timeout(const struct worker *w)
{
	return w->timeout;
}

static int
chan_interval(const struct worker *w, const struct worker_chan *c)
{
	int iv = w->cfg->interval;

	if (c->ops->id == CHAN_X && w->cfg->x_interval > iv)
		iv = w->cfg->x_interval;
	if (c->ops->min_interval > iv && c->ops->id != CHAN_X)
		iv = c->ops->min_interval;
	return iv;
}

/* Exponential backoff with jitter, capped at eight poll intervals. */
static int
backoff(const struct worker *w, const struct worker_chan *c)
{
	int iv = chan_interval(w, c), d = iv, cap = iv * 8;
	unsigned i;

	for (i = 1; i < c->failures && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	/* +-20% so that many clients do not retry in step */
	d += (int)((long)d * ((random() % 41) - 20) / 100);
	return d < 1 ? 1 : d;
}

/* The longest pause a Retry-After may ask for: the backoff's cap, and
 * at least WORKER_RETRY_AFTER_MIN. */
static int
retry_cap(const struct worker *w, const struct worker_chan *c)
{
	int cap = chan_interval(w, c) * 8;

	return cap > WORKER_RETRY_AFTER_MIN ? cap : WORKER_RETRY_AFTER_MIN;
}

static void
count_active(struct worker_chan *c)
{
	size_t i;
	int n = 0;

	for (i = 0; i < c->incs.n; i++) {
		const struct incident *inc = c->incs.v[i];

		/* an early warning is azwatch's word, not the channel's */
		if (inc->status == INC_ACTIVE && !inc->early &&
		    (inc->type == INC_SERVICE_ISSUE || inc->type == INC_OTHER))
			n++;
	}
	c->st.active = n;
}

/* Under lock. */
static void
merge_all(struct worker *w, struct inc_list *out, int except)
{
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		if (i != except)
			inc_list_merge(out, &w->chans[i].incs);
	}
}

/* Under lock: compare how far the wall clock moved with how far the
 * monotonic clock did. After a step, the times kept as wall-clock times
 * move with it, so ages on screen stay true; schedules are monotonic and
 * do not care. */
static void
clock_check(struct worker *w)
{
	struct timespec ts;
	long long wall, mono = time_mono_ms(), d;
	char when[32], *old;
	time_t secs;
	int i;

	clock_gettime(CLOCK_REALTIME, &ts);
	wall = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	d = (wall - w->clk_wall) - (mono - w->clk_mono);
	if (w->clk_mono != 0 &&
	    (d >= WORKER_CLOCK_STEP_MS || d <= -WORKER_CLOCK_STEP_MS)) {
		secs = (time_t)((d < 0 ? -d : d) + 500) / 1000;
		for (i = 0; i < CHAN_COUNT; i++) {
			struct chan_status *st = &w->chans[i].st;

			if (st->last_success != 0)
				st->last_success += (time_t)(d / 1000);
			if (st->last_attempt != 0)
				st->last_attempt += (time_t)(d / 1000);
		}
		time_format_hm(ts.tv_sec, when, sizeof when);
		old = w->clk_note;
		w->clk_note = xasprintf("The clock was set %s by %lld s at "
		    "%s UTC; ages recomputed, polls kept their pace.",
		    d > 0 ? "forward" : "back", (long long)secs, when);
		free(old);
	}
	w->clk_wall = wall;
	w->clk_mono = mono;
}

/* Keep a new answer: history first, then what is news to the user. */
static void
remember(struct worker *w, struct worker_chan *c, time_t now)
{
	char err[512];
	int i;

	if (!w->live)
		return;
	if (w->journal != NULL)
		journal_record(w->journal, c->ops->id, &c->incs, now, err,
		    sizeof err);
	/* a failed write is retried on the next call; the header says so
	 * (the journal's state now goes for every channel) */
	for (i = 0; i < CHAN_COUNT; i++)
		incident_set(&w->chans[i].st.journal, journal_note(w->journal));
	/* A channel's first answer ever is the baseline, not news (what is
	 * active then is summed up once the first poll is complete); in a
	 * drill everything is news. */
	if (c->st.last_success == 0 && !c->st.from_cache && w->replay == NULL)
		notify_baseline(w->notify, &c->incs);
	else
		notify_scan(w->notify, &c->incs);
}

/* Under lock: once every channel has answered (or failed) once, the
 * start summary may go. */
static void
first_poll_done(struct worker *w)
{
	int i;

	if (!w->live || w->replay != NULL)
		return;
	for (i = 0; i < CHAN_COUNT; i++) {
		if (w->chans[i].configured && w->chans[i].st.answers == 0)
			return;
	}
	notify_started(w->notify);
}

/* Under lock. */
static void
apply_result(struct worker *w, struct worker_chan *c, struct chan_result *r,
    time_t now)
{
	struct chan_result res = *r;
	size_t i;
	int wait;

	memset(r, 0, sizeof *r);
	/* where a channel's words enter the model: no echoed secret passes */
	sanitize_redact_str(res.error);
	sanitize_redact_str(res.note);
	sanitize_redact_str(res.detail);
	for (i = 0; i < res.incidents.n; i++)
		incident_redact(res.incidents.v[i]);
	c->st.last_attempt = now;
	c->st.answers++;
	if (res.failed) {
		c->failures++;
		c->st.state = res.state == CHAN_PENDING ? CHAN_ERROR : res.state;
		free(c->st.error);
		c->st.error = res.error;
		res.error = NULL;
		wait = backoff(w, c);
	} else {
		c->failures = 0;
		if (!res.unchanged) {
			/* when this channel first showed each incident */
			lag_stamp(&res.incidents, &c->incs, c->ops->id, now);
			inc_list_clear(&c->incs);
			c->incs = res.incidents;
			memset(&res.incidents, 0, sizeof res.incidents);
		}
		remember(w, c, now);
		c->st.last_success = now;
		c->st.from_cache = false;
		free(c->st.error);
		c->st.error = NULL;
		count_active(c);
		if (res.state == CHAN_PENDING)
			c->st.state = c->st.active > 0 ? CHAN_INCIDENT : CHAN_OK;
		else
			c->st.state = res.state;
		wait = chan_interval(w, c);
	}
	if (res.fired != NULL) {
		fired_set_unref(w->fired);
		w->fired = res.fired;
		res.fired = NULL;
	}
	if (res.subnames != NULL) {
		subnames_unref(w->subnames);
		w->subnames = res.subnames;
		res.subnames = NULL;
	}
	/* A server may ask for a pause, within reason: one answer asking
	 * for a day must not silence a channel for a day. */
	if (res.retry_after > wait)
		wait = res.retry_after < retry_cap(w, c) ? res.retry_after :
		    retry_cap(w, c);
	/* The note says how this poll went ("feed unchanged (304)"): one
	 * from an earlier poll must not sit next to this poll's error. */
	{
		free(c->st.note);
		c->st.note = res.note;
		res.note = NULL;
	}
	if (res.detail != NULL || !res.failed) {
		free(c->st.detail);
		c->st.detail = res.detail;
		res.detail = NULL;
	}
	c->due = time_mono_ms() + (long long)wait * 1000;
	c->st.next_poll = now + wait;
	chan_result_free(&res);
	first_poll_done(w);
}

/* Under lock. */
static struct snapshot *
build_snapshot(struct worker *w)
{
	struct snapshot *s = snapshot_new();
	time_t wall = time(NULL);
	long long mono = time_mono_ms();
	char *d;
	int i;

	s->seq = ++w->seq;
	s->generated = wall;
	s->refreshing = w->inflight > 0;
	for (i = 0; i < CHAN_COUNT; i++) {
		const struct worker_chan *c = &w->chans[i];
		struct chan_status *cs = &s->chans[i];

		chan_status_copy(cs, &c->st);
		if (!c->configured)
			continue;
		/* the next poll as a wall-clock time, from the schedule */
		if (w->replay == NULL && c->due > 0)
			cs->next_poll = wall + (time_t)((c->due - mono + 999) /
			    1000);
		if (w->clk_note != NULL) {
			d = cs->detail == NULL ? xstrdup(w->clk_note) :
			    xasprintf("%s\n%s", cs->detail, w->clk_note);
			free(cs->detail);
			cs->detail = d;
		}
	}
	merge_all(w, &s->incidents, -1);
	/* early warnings Azure has since confirmed live on in its incident */
	earlywarn_join(&s->incidents);
	inc_list_sort(&s->incidents);
	s->fired = fired_set_ref(w->fired);
	if (w->replay != NULL) {
		/* the header's drill clock */
		s->drill.start = w->drill_start;
		s->drill.speed = w->speed;
		s->drill.recorded = w->replay->start;
		s->drill.length = w->replay->nsteps > 0 ?
		    w->replay->steps[w->replay->nsteps - 1].offset : 0;
		s->drill.ended = w->drill_ended;
	}
	s->subnames = subnames_ref(w->subnames);
	/* the lag record's "your alert": the alerts Azure's incidents explain */
	fired_lag(s, &w->cfg->depends, wall);
	return s;
}

/* Tell the housekeeper to look at notify's schedule again. */
static void
kick_housekeeper(struct worker *w)
{
	pthread_mutex_lock(&w->ctl);
	w->kick = true;
	pthread_cond_signal(&w->hk_cond);
	pthread_mutex_unlock(&w->ctl);
}

static void
slot_put(struct worker *w, struct snapshot *s)
{
	struct snapshot *old;
	char one = 1;

	pthread_mutex_lock(&w->slot_lock);
	old = w->slot;
	w->slot = s;
	pthread_mutex_unlock(&w->slot_lock);
	snapshot_unref(old);
	/* A full pipe already says "new snapshot": ignore EAGAIN. */
	if (write(w->pipe[1], &one, 1) == -1 && errno != EAGAIN)
		return;
}

/* Under lock: the channels as they are now, to the UI. */
static void
publish_locked(struct worker *w)
{
	struct snapshot *s = build_snapshot(w);
	bool cache;

	if (w->live) {
		notify_flush(w->notify, time(NULL));
		notify_notices(w->notify, &s->notices, &s->nnotices);
		/* a notify_program that failed or hung: in the support pane */
		notify_report(w->notify, &s->chans[CHAN_SUPPORT]);
		/* and for `status`, another process */
		if (w->journal != NULL) {
			char err[256];

			(void)notifystate_save(&w->nstate, w->cfg->state_dir,
			    notify_problem(w->notify), time(NULL), err,
			    sizeof err);
		}
		/* sinks queue what is news for them; never a network wait */
		sinks_offer(w->sinks, s);
		sinks_report(w->sinks, &s->chans[CHAN_SUPPORT]);
	}
	cache = !s->refreshing && w->live && w->journal != NULL;
	if (cache) {
		char err[256];

		/* a cache: failing to write it only slows the next start */
		(void)viewcache_write(w->cfg->state_dir, s, err, sizeof err);
	}
	slot_put(w, s);
	if (w->live && notify_due(w->notify) != 0)
		kick_housekeeper(w);
}

static void
publish(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	publish_locked(w);
	pthread_mutex_unlock(&w->lock);
}

/* Install the view cache as the first snapshot. Channels that are not
 * configured now say so, whatever the cache remembers. */
static void
publish_cached(struct worker *w)
{
	struct snapshot *s = viewcache_read(w->cfg->state_dir);
	int i;

	if (s == NULL)
		return;
	s->seq = ++w->seq;
	for (i = 0; i < CHAN_COUNT; i++) {
		if (w->chans[i].configured)
			continue;
		chan_status_free(&s->chans[i]);
		chan_status_copy(&s->chans[i], &w->chans[i].st);
	}
	slot_put(w, s);
}

/* Parsing leaves many small freed blocks behind; hand them back so an
 * idle azwatch stays small. When the last poll in flight ends. */
static void
trim_heap(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* One poll of one channel, in its own thread. The lock is held only to
 * read what the other channels know and to apply the answer. */
/* Under lock. c has just answered: when it is the first answer of a
 * channel others join, the joining channels that answered before it
 * (channels poll side by side) are asked again now, so that a post or a
 * ticket naming one of its incidents joins it without waiting a whole
 * interval. */
static void
rejoin(struct worker *w, struct worker_chan *c)
{
	int i;

	if (c->ops->joins || c->st.answers != 1 || c->once)
		return;
	pthread_mutex_lock(&w->ctl);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *j = &w->chans[i];

		if (!j->configured || !j->ops->joins || j->once ||
		    j->st.answers == 0)
			continue;
		j->due = 0;
		pthread_cond_signal(&j->cond);
	}
	pthread_mutex_unlock(&w->ctl);
}

static void
poll_chan(struct worker *w, struct worker_chan *c)
{
	struct chan_result res;
	struct poll_ctx ctx;
	struct inc_list known = { 0 };
	bool idle;

	pthread_mutex_lock(&w->lock);
	clock_check(w);
	merge_all(w, &known, (int)c->ops->id);
	c->st.polling = true;
	c->st.poll_started = time_mono_ms();
	w->inflight++;
	if (w->live)
		publish_locked(w);
	pthread_mutex_unlock(&w->lock);

	memset(&ctx, 0, sizeof ctx);
	ctx.cfg = w->cfg;
	ctx.http = c->http;
	ctx.arm = w->arm;
	ctx.now = time(NULL);
	ctx.abort = &w->abort;
	ctx.known = &known;
	/* a round for a verdict only: no alert-rule audit */
	ctx.minimal = w->minimal;
	/* the dashboard reads fired alerts (status shows none); a round
	 * only when asked (check --alerts) */
	ctx.fired = w->cfg->alerts_fired && (w->live || w->want_fired);
	ctx.rejoin = c->rejoin;
	c->rejoin = false;
	chan_result_init(&res);
	c->ops->poll(c->self, &ctx, &res);
	inc_list_clear(&known);

	pthread_mutex_lock(&w->lock);
	clock_check(w);
	c->st.polling = false;
	w->inflight--;
	/* An answer cut short by quitting is no answer. */
	if (!(res.failed && atomic_load(&w->abort))) {
		apply_result(w, c, &res, time(NULL));
		rejoin(w, c);
	}
	w->round_pending &= ~CHAN_BIT(c->ops->id);
	pthread_cond_broadcast(&w->round_cond);
	if (w->live)
		publish_locked(w);
	idle = w->inflight == 0;
	pthread_mutex_unlock(&w->lock);
	chan_result_free(&res);
	if (idle)
		trim_heap();
}

/* Sleep until the channel is due, a refresh is asked for, or the worker
 * stops. false: stop. */
static bool
chan_wait(struct worker *w, struct worker_chan *c)
{
	struct timespec ts;
	bool go = false;

	pthread_mutex_lock(&w->ctl);
	while (!w->stop) {
		if (w->ready && (c->once || c->gen != w->refresh_gen ||
		    time_mono_ms() >= c->due)) {
			go = true;
			break;
		}
		if (!w->ready || c->due == 0) {
			pthread_cond_wait(&c->cond, &w->ctl);
			continue;
		}
		ts = mono_ts(c->due);
		(void)pthread_cond_timedwait(&c->cond, &w->ctl, &ts);
	}
	c->gen = w->refresh_gen;
	pthread_mutex_unlock(&w->ctl);
	return go;
}

static void *
chan_main(void *arg)
{
	struct worker_chan *c = arg;
	struct worker *w = c->w;

	while (chan_wait(w, c)) {
		poll_chan(w, c);
		if (c->once)
			break;
	}
	return NULL;
}

static int
thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int rc;

	/* Signals (SIGWINCH above all) belong to the UI thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* Under no lock: run one queued job and show its outcome. */
static void
run_job(struct worker *w, worker_job_fn fn, void *arg)
{
	worker_job_run_here(w, fn, arg);
	atomic_store(&w->job_busy, false);
	publish(w);
}

int
worker_job_submit(struct worker *w, worker_job_fn fn, void *arg)
{
	if (atomic_exchange(&w->job_busy, true))
		return -1;
	pthread_mutex_lock(&w->ctl);
	w->job = fn;
	w->job_arg = arg;
	pthread_cond_signal(&w->hk_cond);
	pthread_mutex_unlock(&w->ctl);
	return 0;
}

bool
worker_job_done(struct worker *w)
{
	return !atomic_load(&w->job_busy);
}

void
worker_job_run_here(struct worker *w, worker_job_fn fn, void *arg)
{
	struct inc_list known = { 0 };
	struct poll_ctx ctx;

	if (w->job_http == NULL) {
		w->job_http = http_new_cfg(w->cfg);
	}
	pthread_mutex_lock(&w->lock);
	merge_all(w, &known, -1);
	pthread_mutex_unlock(&w->lock);
	memset(&ctx, 0, sizeof ctx);
	ctx.cfg = w->cfg;
	ctx.http = w->job_http;
	ctx.arm = w->arm;
	ctx.minimal = false;
	ctx.now = time(NULL);
	ctx.abort = &w->abort;
	ctx.known = &known;
	fn(arg, &ctx);
	inc_list_clear(&known);
}

static void load_journal(struct worker *);
static void replay_main(struct worker *);

/* Let the channel threads go (the journal is read). */
static void
set_ready(struct worker *w)
{
	int i;

	pthread_mutex_lock(&w->ctl);
	w->ready = true;
	for (i = 0; i < CHAN_COUNT; i++)
		pthread_cond_signal(&w->chans[i].cond);
	pthread_mutex_unlock(&w->ctl);
}

/* The housekeeper: reads the journal before the channels poll, runs the
 * one-off jobs, and publishes when a held-back notification is due. */
static void *
hk_main(void *arg)
{
	struct worker *w = arg;
	struct timespec ts;
	worker_job_fn fn;
	void *job_arg;
	time_t due, now;
	long long wait;

	if (w->replay != NULL) {
		replay_main(w);
		return NULL;
	}
	if (w->need_journal) {
		pthread_mutex_lock(&w->lock);
		load_journal(w);
		publish_locked(w);
		pthread_mutex_unlock(&w->lock);
		trim_heap();
	}
	set_ready(w);
	pthread_mutex_lock(&w->ctl);
	while (!w->stop) {
		if (w->job != NULL) {
			fn = w->job;
			job_arg = w->job_arg;
			w->job = NULL;
			w->job_arg = NULL;
			pthread_mutex_unlock(&w->ctl);
			run_job(w, fn, job_arg);
			pthread_mutex_lock(&w->ctl);
			continue;
		}
		w->kick = false;
		pthread_mutex_unlock(&w->ctl);

		pthread_mutex_lock(&w->lock);
		clock_check(w);
		now = time(NULL);
		due = notify_due(w->notify);
		if (due != 0 && due <= now) {
			/* a held-back notification is due */
			publish_locked(w);
			due = notify_due(w->notify);
		}
		pthread_mutex_unlock(&w->lock);

		pthread_mutex_lock(&w->ctl);
		if (w->stop || w->job != NULL || w->kick)
			continue;
		if (due == 0) {
			pthread_cond_wait(&w->hk_cond, &w->ctl);
			continue;
		}
		wait = due > now ? (long long)(due - now) * 1000 : 0;
		if (wait > WORKER_NOTIFY_RECHECK_MS)
			wait = WORKER_NOTIFY_RECHECK_MS;
		ts = mono_ts(time_mono_ms() + wait);
		(void)pthread_cond_timedwait(&w->hk_cond, &w->ctl, &ts);
	}
	pthread_mutex_unlock(&w->ctl);
	return NULL;
}

/* Sleep on the housekeeper's condition until at (time_mono_ms; 0: until
 * woken). false once the worker stops. */
static bool
hk_sleep(struct worker *w, long long at)
{
	struct timespec ts;
	bool go;

	pthread_mutex_lock(&w->ctl);
	if (!w->stop && !w->kick) {
		if (at == 0)
			pthread_cond_wait(&w->hk_cond, &w->ctl);
		else {
			ts = mono_ts(at);
			(void)pthread_cond_timedwait(&w->hk_cond, &w->ctl, &ts);
		}
	}
	w->kick = false;
	go = !w->stop;
	pthread_mutex_unlock(&w->ctl);
	return go;
}

/* Drills: apply each step of the timeline when its time comes (divided
 * by the speed), then keep the dashboard as the last step left it. */
static void
replay_main(struct worker *w)
{
	const struct replay *rp = w->replay;
	const struct replay_step *st;
	struct chan_result res;
	long long t0 = time_mono_ms(), at;
	time_t real_start = w->drill_start, due, now;
	struct earlywarn_cfg ec;
	struct replay_run *run;
	size_t i;
	bool more;

	ec.min_resources = w->cfg->ew_min_resources;
	ec.min_percent = w->cfg->ew_min_percent;
	ec.window = w->cfg->ew_window;
	run = replay_run_new(rp, w->speed, real_start, &ec);

	for (i = 0; i < rp->nsteps; i++) {
		st = &rp->steps[i];
		at = t0 + (long long)((double)st->offset * 1000.0 / w->speed);
		while (time_mono_ms() < at) {
			if (!hk_sleep(w, at))
				goto out;
		}
		chan_result_init(&res);
		replay_run_step(run, st, &res);
		more = i + 1 < rp->nsteps &&
		    rp->steps[i + 1].offset == st->offset;
		pthread_mutex_lock(&w->lock);
		apply_result(w, &w->chans[st->chan], &res, time(NULL));
		w->chans[st->chan].st.next_poll = 0;
		/* steps at the same moment are shown together */
		w->inflight += more;
		publish_locked(w);
		w->inflight -= more;
		pthread_mutex_unlock(&w->lock);
		chan_result_free(&res);
	}
	/* the header says the timeline has ended */
	pthread_mutex_lock(&w->lock);
	w->drill_ended = true;
	publish_locked(w);
	pthread_mutex_unlock(&w->lock);
	for (;;) {
		pthread_mutex_lock(&w->lock);
		now = time(NULL);
		due = notify_due(w->notify);
		if (due != 0 && due <= now) {
			publish_locked(w);
			due = notify_due(w->notify);
		}
		pthread_mutex_unlock(&w->lock);
		if (!hk_sleep(w, due == 0 ? 0 : time_mono_ms() +
		    (due > now ? (long long)(due - now) * 1000 : 0)))
			break;
	}
out:
	replay_run_free(run);
}

void
worker_set_replay(struct worker *w, const struct replay *rp, double speed)
{
	int i;

	w->replay = rp;
	w->speed = speed > 0 ? speed : 1;
	/* the lag record speaks of the recorded minutes */
	lag_set_scale(w->speed);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];

		c->configured = (rp->chans & CHAN_BIT(i)) != 0;
		c->st.configured = c->configured;
		c->st.state = c->configured ? CHAN_PENDING : CHAN_UNCONFIGURED;
		free(c->st.note);
		c->st.note = xstrdup(c->configured ? "replay" :
		    "not part of this replay");
	}
	/* a drill must not page anyone */
	notify_set_quiet_program(w->notify, true);
}

/* The dashboard starts from the journal: each channel shows what it last
 * said, marked as cached, before any network answer. Under lock. */
static void
load_journal(struct worker *w)
{
	char err[512];
	int i;

	if (w->cfg->state_dir == NULL || *w->cfg->state_dir == '\0')
		return;
	w->journal = journal_open(w->cfg->state_dir, w->cfg->compact_days,
	    time(NULL), err, sizeof err);
	/* what the user has read is no news at the start either */
	w->seen = seen_new(w->cfg->state_dir);
	notify_set_seen(w->notify, w->seen);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];
		time_t ls;

		if (w->journal == NULL) {
			if (c->configured) {
				free(c->st.detail);
				c->st.detail = xasprintf("history not kept: %s",
				    err);
			}
			continue;
		}
		if (!c->configured || !journal_seed(w->journal,
		    (enum chan_id)i, &c->incs, &ls))
			continue;
		c->st.from_cache = true;
		c->st.last_success = ls;
		count_active(c);
		notify_prime(w->notify, &c->incs);
	}
	/* The channels hold what the screen needs; the journal only
	 * appends from here on. */
	if (w->journal != NULL)
		journal_forget(w->journal);
}

/* Raise the abort flag and wake every channel's transfers out of
 * curl_multi_poll() at once, rather than at its next look at the flag. */
static void
abort_transfers(struct worker *w)
{
	int i;

	atomic_store(&w->abort, 1);
	for (i = 0; i < CHAN_COUNT; i++)
		http_wakeup(w->chans[i].http);
}

static void
stop_threads(struct worker *w)
{
	int i;

	abort_transfers(w);
	pthread_mutex_lock(&w->ctl);
	w->stop = true;
	for (i = 0; i < CHAN_COUNT; i++)
		pthread_cond_signal(&w->chans[i].cond);
	pthread_cond_signal(&w->hk_cond);
	pthread_mutex_unlock(&w->ctl);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];

		if (c->running) {
			pthread_join(c->thread, NULL);
			c->running = false;
		}
	}
	if (w->hk_running) {
		pthread_join(w->hk, NULL);
		w->hk_running = false;
	}
}

int
worker_start(struct worker *w, char *err, size_t errlen)
{
	int i, rc;

	w->live = true;
	if (w->replay != NULL)
		w->drill_start = time(NULL);
	/* The first snapshot is published before any thread runs, so the UI
	 * never builds one from state the worker owns: the last screen from
	 * the view cache when there is one (it paints at once), else what
	 * little is known. The housekeeper then reads the journal. */
	if (w->replay == NULL && w->cfg->state_dir != NULL &&
	    *w->cfg->state_dir != '\0') {
		w->need_journal = true;
		publish_cached(w);
	}
	if (w->slot == NULL)
		publish(w);

	rc = thread_start(&w->hk, hk_main, w);
	if (rc == 0) {
		w->hk_running = true;
		w->started = true;
	}
	for (i = 0; rc == 0 && w->replay == NULL && i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];

		if (!c->configured)
			continue;
		rc = thread_start(&c->thread, chan_main, c);
		c->running = rc == 0;
	}
	if (rc != 0) {
		stop_threads(w);
		w->started = false;
		snprintf(err, errlen, "cannot start the worker threads: %s",
		    strerror(rc));
		return -1;
	}
	return 0;
}

struct snapshot *
worker_snapshot(struct worker *w)
{
	struct snapshot *s;
	char drain[64];

	while (read(w->pipe[0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&w->slot_lock);
	s = snapshot_ref(w->slot);
	pthread_mutex_unlock(&w->slot_lock);
	if (s == NULL) {
		pthread_mutex_lock(&w->lock);
		s = build_snapshot(w);
		pthread_mutex_unlock(&w->lock);
	}
	return s;
}

void
worker_refresh(struct worker *w)
{
	int i;

	pthread_mutex_lock(&w->ctl);
	w->refresh_gen++;
	for (i = 0; i < CHAN_COUNT; i++)
		pthread_cond_signal(&w->chans[i].cond);
	pthread_mutex_unlock(&w->ctl);
}

unsigned
worker_round_start(struct worker *w, unsigned mask, bool minimal)
{
	unsigned started = 0;
	int i;

	w->minimal = minimal;
	pthread_mutex_lock(&w->ctl);
	w->ready = true;
	pthread_mutex_unlock(&w->ctl);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];
		bool busy;

		if (!c->configured || !(mask & CHAN_BIT(i)))
			continue;
		if (c->running) {
			/* its poll of this round is over: the thread ends */
			pthread_mutex_lock(&w->lock);
			busy = (w->round_pending & CHAN_BIT(i)) != 0;
			pthread_mutex_unlock(&w->lock);
			if (busy)
				continue;
			pthread_join(c->thread, NULL);
			c->running = false;
		}
		c->once = true;
		pthread_mutex_lock(&w->lock);
		w->round_pending |= CHAN_BIT(i);
		pthread_mutex_unlock(&w->lock);
		if (thread_start(&c->thread, chan_main, c) != 0) {
			/* no thread: poll it here, the round still answers */
			poll_chan(w, c);
			continue;
		}
		c->running = true;
		started |= CHAN_BIT(i);
	}
	pthread_mutex_lock(&w->lock);
	started = w->round_pending;
	pthread_mutex_unlock(&w->lock);
	return started;
}

unsigned
worker_round_rejoin(struct worker *w, unsigned mask)
{
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		if ((mask & CHAN_BIT(i)) && w->chans[i].ops->joins)
			w->chans[i].rejoin = true;
	}
	return worker_round_start(w, mask, w->minimal);
}

struct snapshot *
worker_round_wait(struct worker *w, long long deadline, unsigned *pending)
{
	struct snapshot *s;
	struct timespec ts;

	pthread_mutex_lock(&w->lock);
	while (w->round_pending == *pending && w->round_pending != 0) {
		if (deadline == 0) {
			pthread_cond_wait(&w->round_cond, &w->lock);
			continue;
		}
		if (time_mono_ms() >= deadline)
			break;
		ts = mono_ts(deadline);
		(void)pthread_cond_timedwait(&w->round_cond, &w->lock, &ts);
	}
	*pending = w->round_pending;
	clock_check(w);
	s = build_snapshot(w);
	pthread_mutex_unlock(&w->lock);
	return s;
}

void
worker_round_end(struct worker *w)
{
	int i;

	abort_transfers(w);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];

		if (c->running) {
			pthread_join(c->thread, NULL);
			c->running = false;
		}
		c->once = false;
	}
	atomic_store(&w->abort, 0);
	pthread_mutex_lock(&w->lock);
	w->round_pending = 0;
	pthread_mutex_unlock(&w->lock);
}

struct snapshot *
worker_poll_once(struct worker *w)
{
	struct snapshot *s;
	unsigned joiners = 0, pending;
	int i;

	/* the channels that join others' incidents ask once those answered */
	for (i = 0; i < CHAN_COUNT; i++) {
		if (w->chans[i].ops->joins)
			joiners |= CHAN_BIT(i);
	}
	pending = worker_round_start(w, ~joiners, false);
	for (;;) {
		s = worker_round_wait(w, 0, &pending);
		if (pending == 0 && joiners != 0) {
			snapshot_unref(s);
			pending = worker_round_start(w, joiners, false);
			joiners = 0;
			continue;
		}
		if (pending == 0)
			break;
		snapshot_unref(s);
	}
	worker_round_end(w);
	return s;
}

void
worker_stop(struct worker *w)
{
	if (!w->started)
		return;
	stop_threads(w);
	w->started = false;
}

void
worker_free(struct worker *w)
{
	int i;

	if (w == NULL)
		return;
	worker_stop(w);
	worker_round_end(w);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];

		if (c->self != NULL)
			c->ops->destroy(c->self);
		chan_status_free(&c->st);
		inc_list_clear(&c->incs);
		http_free(c->http);
		pthread_cond_destroy(&c->cond);
	}
	snapshot_unref(w->slot);
	journal_close(w->journal);
	notify_free(w->notify);
	notifystate_free(&w->nstate);
	seen_free(w->seen);
	filter_gate_free(w->gate);
	http_free(w->job_http);
	fired_set_unref(w->fired);
	subnames_unref(w->subnames);
	free(w->clk_note);
	arm_free(w->arm);
	close(w->pipe[0]);
	close(w->pipe[1]);
	pthread_mutex_destroy(&w->lock);
	pthread_mutex_destroy(&w->ctl);
	pthread_mutex_destroy(&w->slot_lock);
	pthread_cond_destroy(&w->hk_cond);
	pthread_cond_destroy(&w->round_cond);
	free(w);
}

void
worker_set_sinks(struct worker *w, struct sinks *sk)
{
	w->sinks = sk;
}

void
worker_set_fired(struct worker *w, bool on)
{
	w->want_fired = on;
}

void
worker_set_filter(struct worker *w, const struct filter *f)
{
	/* The gate has its own lock: the worker thread may be reading it. */
	filter_gate_set(w->gate, f);
}
