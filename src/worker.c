/* worker.c: the polling thread. It owns every channel and the HTTP client,
 * polls each channel when due (backing off on failure), merges what the
 * channels know into one snapshot and publishes it: a mutex-guarded slot
 * plus one byte on a self-pipe. It sleeps on a condition variable with a
 * monotonic clock, so an idle azwatch wakes only when a poll is due. */
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
#include "filter.h"
#include "http.h"
#include "journal.h"
#include "notify.h"
#include "replay.h"
#include "viewcache.h"
#include "xmalloc.h"

struct worker_chan {
	const struct chan_ops	*ops;
	void			*self;
	bool			 configured;
	struct chan_status	 st;
	struct inc_list		 incs;		/* last good view */
	time_t			 due;
	unsigned		 failures;
};

struct worker {
	const struct cfg	*cfg;
	pthread_t		 thread;
	bool			 started;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	bool			 stop;		/* under lock */
	bool			 refresh;	/* under lock */
	atomic_int		 abort;
	int			 pipe[2];
	struct snapshot		*slot;		/* under lock */
	worker_job_fn		 job;		/* under lock; NULL: none */
	void			*job_arg;	/* under lock */
	atomic_bool		 job_busy;	/* submitted, not yet done */
	unsigned long		 seq;

	/* worker thread only (or the caller of worker_poll_once) */
	struct http		*http;
	struct arm		*arm;		/* shared by the ARM channels */
	struct worker_chan	 chans[CHAN_COUNT];

	/* the dashboard only (not status/check): history and notifications */
	bool			 live;
	bool			 need_journal;	/* the thread reads it first */
	struct journal		*journal;
	struct notify		*notify;
	struct filter_gate	*gate;		/* the UI's filters, for notify */
	const struct replay	*replay;	/* drills: no network */
	double			 speed;
};

struct worker *
worker_new(const struct cfg *cfg)
{
	struct worker *w = xcalloc(1, sizeof *w);
	pthread_condattr_t ca;
	char why[512];
	int i;

	w->cfg = cfg;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &ca);
	pthread_condattr_destroy(&ca);
	atomic_init(&w->abort, 0);
	atomic_init(&w->job_busy, false);
	if (pipe2(w->pipe, O_CLOEXEC | O_NONBLOCK) == -1)
		xmalloc_die("pipe");
	w->http = http_new_cfg(cfg);
	w->arm = arm_new(cfg);
	w->notify = notify_new(cfg);
	w->gate = filter_gate_new();
	notify_set_filter(w->notify, filter_gate_match, w->gate);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];

		c->ops = chan_ops_get((enum chan_id)i);
		why[0] = '\0';
		c->configured = c->ops->configured(cfg, why, sizeof why);
		c->st.configured = c->configured;
		if (c->configured) {
			c->self = c->ops->create(cfg);
			c->st.state = CHAN_PENDING;
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

static void
count_active(struct worker_chan *c)
{
	size_t i;
	int n = 0;

	for (i = 0; i < c->incs.n; i++) {
		const struct incident *inc = c->incs.v[i];

		if (inc->status == INC_ACTIVE &&
		    (inc->type == INC_SERVICE_ISSUE || inc->type == INC_OTHER))
			n++;
	}
	c->st.active = n;
}

static void
merge_all(struct worker *w, struct inc_list *out, int except)
{
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		if (i != except)
			inc_list_merge(out, &w->chans[i].incs);
	}
}

static void	apply_result(struct worker *, struct worker_chan *,
		    struct chan_result *, time_t);
static void	replay_main(struct worker *);

static void
poll_chan(struct worker *w, struct worker_chan *c, time_t now)
{
	struct chan_result res;
	struct poll_ctx ctx;
	struct inc_list known = { 0 };

	merge_all(w, &known, (int)c->ops->id);
	ctx.cfg = w->cfg;
	ctx.http = w->http;
	ctx.arm = w->arm;
	ctx.minimal = false;
	ctx.now = now;
	ctx.abort = &w->abort;
	ctx.known = &known;

	chan_result_init(&res);
	c->ops->poll(c->self, &ctx, &res);
	inc_list_clear(&known);
	apply_result(w, c, &res, time(NULL));
	chan_result_free(&res);
}

/* Keep a new answer: history first, then what is news to the user. */
static void
remember(struct worker *w, struct worker_chan *c, time_t now)
{
	char err[512];

	if (!w->live)
		return;
	if (w->journal != NULL)
		journal_record(w->journal, c->ops->id, &c->incs, now, err,
		    sizeof err);
	/* A channel's first answer ever is the baseline, not news; in a
	 * drill everything is news. */
	if (c->st.last_success == 0 && !c->st.from_cache && w->replay == NULL)
		notify_prime(w->notify, &c->incs);
	else
		notify_scan(w->notify, &c->incs);
}

static void
apply_result(struct worker *w, struct worker_chan *c, struct chan_result *r,
    time_t now)
{
	struct chan_result res = *r;
	int wait;

	memset(r, 0, sizeof *r);
	c->st.last_attempt = now;
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
	if (res.retry_after > wait)
		wait = res.retry_after;
	if (res.note != NULL || !res.failed) {
		free(c->st.note);
		c->st.note = res.note;
		res.note = NULL;
	}
	if (res.detail != NULL || !res.failed) {
		free(c->st.detail);
		c->st.detail = res.detail;
		res.detail = NULL;
	}
	c->due = now + wait;
	c->st.next_poll = c->due;
	chan_result_free(&res);
}

static struct snapshot *
build_snapshot(struct worker *w, bool refreshing)
{
	struct snapshot *s = snapshot_new();
	int i;

	s->seq = ++w->seq;
	s->generated = time(NULL);
	s->refreshing = refreshing;
	for (i = 0; i < CHAN_COUNT; i++)
		chan_status_copy(&s->chans[i], &w->chans[i].st);
	merge_all(w, &s->incidents, -1);
	inc_list_sort(&s->incidents);
	return s;
}

static void
publish(struct worker *w, bool refreshing)
{
	struct snapshot *s = build_snapshot(w, refreshing), *old;
	char one = 1;

	if (w->live) {
		notify_flush(w->notify, time(NULL));
		notify_notices(w->notify, &s->notices, &s->nnotices);
	}

	pthread_mutex_lock(&w->lock);
	old = w->slot;
	w->slot = s;
	pthread_mutex_unlock(&w->lock);
	snapshot_unref(old);
	if (!refreshing && w->live && w->journal != NULL) {
		char err[256];

		/* a cache: failing to write it only slows the next start */
		(void)viewcache_write(w->cfg->state_dir, s, err, sizeof err);
	}
	/* A full pipe already says "new snapshot": ignore EAGAIN. */
	if (write(w->pipe[1], &one, 1) == -1 && errno != EAGAIN)
		return;
}

/* Install the view cache as the first snapshot. Channels that are not
 * configured now say so, whatever the cache remembers. */
static void
publish_cached(struct worker *w)
{
	struct snapshot *s = viewcache_read(w->cfg->state_dir);
	char one = 1;
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
	pthread_mutex_lock(&w->lock);
	w->slot = s;
	pthread_mutex_unlock(&w->lock);
	if (write(w->pipe[1], &one, 1) == -1 && errno != EAGAIN)
		return;
}

/* Called with the lock held; runs the queued job without it. */
static void
run_job(struct worker *w)
{
	worker_job_fn fn = w->job;
	void *arg = w->job_arg;

	w->job = NULL;
	w->job_arg = NULL;
	pthread_mutex_unlock(&w->lock);
	worker_job_run_here(w, fn, arg);
	atomic_store(&w->job_busy, false);
	publish(w, false);
	pthread_mutex_lock(&w->lock);
}

int
worker_job_submit(struct worker *w, worker_job_fn fn, void *arg)
{
	if (atomic_exchange(&w->job_busy, true))
		return -1;
	pthread_mutex_lock(&w->lock);
	w->job = fn;
	w->job_arg = arg;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
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

	merge_all(w, &known, -1);
	ctx.cfg = w->cfg;
	ctx.http = w->http;
	ctx.arm = w->arm;
	ctx.minimal = false;
	ctx.now = time(NULL);
	ctx.abort = &w->abort;
	ctx.known = &known;
	fn(arg, &ctx);
	inc_list_clear(&known);
}

static void
wait_until(struct worker *w, time_t due)
{
	struct timespec ts;
	time_t now = time(NULL);

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += due > now ? due - now : 0;
	while (!w->stop && !w->refresh && w->job == NULL) {
		if (pthread_cond_timedwait(&w->cond, &w->lock, &ts) ==
		    ETIMEDOUT)
			break;
	}
}

static void load_journal(struct worker *);

/* Parsing leaves many small freed blocks behind; hand them back so an
 * idle azwatch stays small. Once per poll round, not per request. */
static void
trim_heap(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	time_t now, next;
	bool any, refresh;
	int i;

	if (w->replay != NULL) {
		replay_main(w);
		return NULL;
	}
	if (w->need_journal) {
		load_journal(w);
		publish(w, true);
		trim_heap();
	}
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		refresh = w->refresh;
		w->refresh = false;
		now = time(NULL);
		next = 0;
		any = false;
		for (i = 0; i < CHAN_COUNT; i++) {
			struct worker_chan *c = &w->chans[i];

			if (!c->configured)
				continue;
			if (refresh)
				c->due = now;
			if (c->due <= now)
				any = true;
			else if (next == 0 || c->due < next)
				next = c->due;
		}
		if (!any && notify_due(w->notify) != 0 &&
		    notify_due(w->notify) <= now) {
			/* a held-back notification is due */
			pthread_mutex_unlock(&w->lock);
			publish(w, false);
			pthread_mutex_lock(&w->lock);
			continue;
		}
		if (w->job != NULL) {
			run_job(w);
			continue;
		}
		if (!any) {
			if (next == 0)
				next = now + 3600;
			if (notify_due(w->notify) != 0 &&
			    notify_due(w->notify) < next)
				next = notify_due(w->notify);
			wait_until(w, next);
			continue;
		}
		pthread_mutex_unlock(&w->lock);
		if (refresh)
			publish(w, true);
		for (i = 0; i < CHAN_COUNT && !atomic_load(&w->abort); i++) {
			struct worker_chan *c = &w->chans[i];

			if (c->configured && c->due <= time(NULL)) {
				poll_chan(w, c, time(NULL));
				/* show each answer as it comes */
				publish(w, true);
			}
		}
		publish(w, false);
		trim_heap();
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Drills: apply each step of the timeline when its time comes (divided
 * by the speed), then keep the dashboard as the last step left it. */
static void
replay_main(struct worker *w)
{
	const struct replay *rp = w->replay;
	const struct replay_step *st;
	struct chan_result res;
	struct timespec t0, at;
	time_t real_start = time(NULL);
	double d;
	size_t i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_mutex_lock(&w->lock);
	for (i = 0; i < rp->nsteps && !w->stop; i++) {
		st = &rp->steps[i];
		d = (double)st->offset / w->speed;
		at = t0;
		at.tv_sec += (time_t)d;
		at.tv_nsec += (long)((d - (double)(time_t)d) * 1e9);
		if (at.tv_nsec >= 1000000000L) {
			at.tv_sec++;
			at.tv_nsec -= 1000000000L;
		}
		while (!w->stop && pthread_cond_timedwait(&w->cond, &w->lock,
		    &at) != ETIMEDOUT)
			w->refresh = false;	/* nothing to poll */
		if (w->stop)
			break;
		pthread_mutex_unlock(&w->lock);
		chan_result_init(&res);
		replay_step_result(rp, st, w->speed, real_start, &res);
		apply_result(w, &w->chans[st->chan], &res, time(NULL));
		w->chans[st->chan].st.next_poll = 0;
		chan_result_free(&res);
		publish(w, i + 1 < rp->nsteps &&
		    rp->steps[i + 1].offset == st->offset);
		pthread_mutex_lock(&w->lock);
	}
	while (!w->stop) {
		time_t due = notify_due(w->notify), now = time(NULL);

		if (due != 0 && due <= now) {
			pthread_mutex_unlock(&w->lock);
			publish(w, false);
			pthread_mutex_lock(&w->lock);
			continue;
		}
		w->refresh = false;
		wait_until(w, due != 0 ? due : now + 3600);
	}
	pthread_mutex_unlock(&w->lock);
}

void
worker_set_replay(struct worker *w, const struct replay *rp, double speed)
{
	int i;

	w->replay = rp;
	w->speed = speed > 0 ? speed : 1;
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
 * said, marked as cached, before any network answer. */
static void
load_journal(struct worker *w)
{
	char err[512];
	int i;

	if (w->cfg->state_dir == NULL || *w->cfg->state_dir == '\0')
		return;
	w->journal = journal_open(w->cfg->state_dir, w->cfg->compact_days,
	    time(NULL), err, sizeof err);
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

int
worker_start(struct worker *w, char *err, size_t errlen)
{
	sigset_t all, old;
	int rc;

	w->live = true;
	/* The first snapshot is published before the thread runs, so the UI
	 * never builds one from state the worker owns: the last screen from
	 * the view cache when there is one (it paints at once), else what
	 * little is known. The thread then reads the journal. */
	if (w->replay == NULL && w->cfg->state_dir != NULL &&
	    *w->cfg->state_dir != '\0') {
		w->need_journal = true;
		publish_cached(w);
	}
	if (w->slot == NULL)
		publish(w, true);

	/* Signals (SIGWINCH above all) belong to the UI thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the worker thread: %s",
		    strerror(rc));
		return -1;
	}
	w->started = true;
	return 0;
}

struct snapshot *
worker_snapshot(struct worker *w)
{
	struct snapshot *s;
	char drain[64];

	while (read(w->pipe[0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&w->lock);
	s = snapshot_ref(w->slot);
	pthread_mutex_unlock(&w->lock);
	if (s == NULL) {
		/* Never started (worker_start publishes first): build it here,
		 * no other thread touches the channels. */
		s = build_snapshot(w, true);
	}
	return s;
}

void
worker_refresh(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	w->refresh = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

struct snapshot *
worker_poll_once(struct worker *w)
{
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		if (w->chans[i].configured)
			poll_chan(w, &w->chans[i], time(NULL));
	}
	return build_snapshot(w, false);
}

void
worker_stop(struct worker *w)
{
	if (!w->started)
		return;
	atomic_store(&w->abort, 1);
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	w->started = false;
}

void
worker_free(struct worker *w)
{
	int i;

	if (w == NULL)
		return;
	worker_stop(w);
	for (i = 0; i < CHAN_COUNT; i++) {
		struct worker_chan *c = &w->chans[i];

		if (c->self != NULL)
			c->ops->destroy(c->self);
		chan_status_free(&c->st);
		inc_list_clear(&c->incs);
	}
	snapshot_unref(w->slot);
	journal_close(w->journal);
	notify_free(w->notify);
	filter_gate_free(w->gate);
	arm_free(w->arm);
	http_free(w->http);
	close(w->pipe[0]);
	close(w->pipe[1]);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}

void
worker_set_filter(struct worker *w, const struct filter *f)
{
	/* The gate has its own lock: the worker thread may be reading it. */
	filter_gate_set(w->gate, f);
}
