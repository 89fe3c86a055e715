/* sink.c: the delivery queue and its thread (see sink.h). The outbox is
 * written before a delivery is attempted and after its answer, so a
 * crash in between sends it once more, never zero times. */
#include "config.h"

#include "sink.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "http.h"
#include "incjson.h"
#include "outbox.h"
#include "regions.h"
#include "sanitize.h"
#include "sha256.h"
#include "sink-fmt.h"
#include "sink-slack.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Most bytes read of a sink's answer (only quoted in an error). */
#define SINK_MAX_ANSWER		(64 * 1024)
/* Most of the answer quoted in a log line. */
#define SINK_QUOTE_COLS		160

/* One sink and its delivery thread: a sink that hangs delays only
 * itself. */
struct sink_rt {
	const struct cfg_sink	*cfg;
	struct sinks		*sk;
	long long		 next_ok;	/* time_mono_ms: rate limit */
	pthread_t		 thread;
	bool			 running;
	struct http		*http;		/* its thread's */
};

/* The ids each sink already judged (queued, sent or not news), so that a
 * long incident list does not rescan the outbox on every snapshot. An
 * open-addressing set of owned "INDEX\tID" strings; it only grows. */
struct sink_seen {
	char			**slots;
	size_t			  cap;		/* a power of two, or 0 */
	size_t			  n;
};

struct sinks {
	const struct cfg	*cfg;
	struct sink_seen	 seen;
	struct sink_rt		*v;
	size_t			 n;
	struct outbox		 ob;
	time_t			 started;
	sinks_log_fn		 log;
	void			*log_arg;
	char			*save_error;	/* the outbox cannot be written */

	pthread_mutex_t		 lock;		/* all of the above */
	pthread_cond_t		 cond;
	bool			 stop;
	atomic_int		 abort;
};

/* One delivery in flight (copies: the outbox may change meanwhile). */
struct sink_job {
	struct sink_rt		*rt;
	char			*id;
	char			*key;
	char			*body;
	char			 sig[16 + SHA256_HEX];
	struct http_header	 hdr[2];
	/* Slack's Web API: the incident's first message, if posted */
	char			*ts;
	char			*chan;
	char			*new_ts;	/* a first message just posted */
	char			*new_chan;
	bool			 api_fail;	/* answered 2xx, but not ok */
	bool			 api_permanent;
	char			 api_why[256];
};

static void
sink_log(struct sinks *sk, const char *event, const char *sink,
    const char *key, const char *text)
{
	if (sk->log != NULL)
		sk->log(sk->log_arg, event, sink, key, text);
}

/* Under lock. */
static void
sinks_save(struct sinks *sk)
{
	char err[512];

	if (outbox_save(&sk->ob, err, sizeof err) == -1) {
		if (sk->save_error == NULL ||
		    strcmp(sk->save_error, err) != 0)
			sink_log(sk, "sink-error", "-", "", err);
		free(sk->save_error);
		sk->save_error = xstrdup(err);
	} else {
		free(sk->save_error);
		sk->save_error = NULL;
	}
}

struct sinks *
sinks_new(const struct cfg *cfg, sinks_log_fn log, void *arg, char *err,
    size_t errlen)
{
	struct sinks *sk = xcalloc(1, sizeof *sk);
	pthread_condattr_t ca;
	size_t i;

	if (outbox_open(&sk->ob, cfg->state_dir, err, errlen) == -1) {
		free(sk);
		return NULL;
	}
	sk->cfg = cfg;
	sk->log = log;
	sk->log_arg = arg;
	sk->started = time(NULL);
	sk->n = cfg->nsinks;
	sk->v = xcalloc(sk->n > 0 ? sk->n : 1, sizeof *sk->v);
	for (i = 0; i < sk->n; i++) {
		sk->v[i].cfg = &cfg->sinks[i];
		sk->v[i].sk = sk;
		(void)outbox_sink(&sk->ob, cfg->sinks[i].name);
	}
	pthread_mutex_init(&sk->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&sk->cond, &ca);
	pthread_condattr_destroy(&ca);
	atomic_init(&sk->abort, 0);
	return sk;
}

/* filters ----------------------------------------------------------------- */

static int
level_rank(const char *l)
{
	if (l == NULL)
		return 1;	/* no level (the status page): a warning */
	if (strncasecmp(l, "critical", 8) == 0)
		return 3;
	if (strncasecmp(l, "error", 5) == 0)
		return 2;
	if (strncasecmp(l, "warning", 7) == 0)
		return 1;
	return 0;
}

/* Names compared through the alias tables (Redis Cache, eastus2, ...). */
static bool
name_in(const struct strv *want, const struct strv *have, bool region)
{
	size_t i, j;

	for (i = 0; i < want->n; i++) {
		const char *w = want->v[i], *cw;
		const struct region_info *rw = NULL;

		if (region)
			rw = regions_lookup(w);
		cw = region ? NULL : services_canonical(w);
		for (j = 0; j < have->n; j++) {
			const char *h = have->v[j];

			if (strcasecmp(w, h) == 0)
				return true;
			if (region && rw != NULL && regions_lookup(h) == rw)
				return true;
			if (!region && cw != NULL && services_canonical(h) != NULL
			    && strcmp(cw, services_canonical(h)) == 0)
				return true;
		}
	}
	return false;
}

bool
sinks_match(const struct cfg_sink *s, const struct incident *inc)
{
	size_t i;
	bool ok;

	if (s->services.n > 0 && !name_in(&s->services, &inc->services, false))
		return false;
	if (s->regions.n > 0 && !name_in(&s->regions, &inc->regions, true))
		return false;
	if (s->subscriptions.n > 0) {
		for (i = 0, ok = false; i < s->subscriptions.n && !ok; i++)
			ok = strv_has(&inc->subscriptions, s->subscriptions.v[i]);
		if (!ok)
			return false;
	}
	if (s->types.n > 0 && !strv_has(&s->types, inc_type_name(inc->type)))
		return false;
	if (s->min_level != NULL &&
	    level_rank(inc->level) < level_rank(s->min_level))
		return false;
	return true;
}

/* offering ---------------------------------------------------------------- */

static size_t
seen_hash(const char *p)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (size_t)h;
}

static bool
seen_has(const struct sink_seen *st, const char *v)
{
	size_t i;

	if (st->cap == 0)
		return false;
	for (i = seen_hash(v) & (st->cap - 1); st->slots[i] != NULL;
	    i = (i + 1) & (st->cap - 1)) {
		if (strcmp(st->slots[i], v) == 0)
			return true;
	}
	return false;
}

/* Takes v over. */
static void
seen_add(struct sink_seen *st, char *v)
{
	char **old = st->slots;
	size_t oldcap = st->cap, i, j;

	if (seen_has(st, v)) {
		free(v);
		return;
	}
	if ((st->n + 1) * 2 > st->cap) {
		st->cap = st->cap == 0 ? 64 : st->cap * 2;
		st->slots = xcalloc(st->cap, sizeof *st->slots);
		for (j = 0; j < oldcap; j++) {
			if (old[j] == NULL)
				continue;
			for (i = seen_hash(old[j]) & (st->cap - 1);
			    st->slots[i] != NULL; i = (i + 1) & (st->cap - 1))
				;
			st->slots[i] = old[j];
		}
		free(old);
	}
	for (i = seen_hash(v) & (st->cap - 1); st->slots[i] != NULL;
	    i = (i + 1) & (st->cap - 1))
		;
	st->slots[i] = v;
	st->n++;
}

static void
seen_free(struct sink_seen *st)
{
	size_t i;

	for (i = 0; i < st->cap; i++)
		free(st->slots[i]);
	free(st->slots);
	memset(st, 0, sizeof *st);
}

/* Under lock: whether inc means a delivery for rt; queues it. */
static bool
offer_one(struct sinks *sk, struct sink_rt *rt, const struct incident *inc,
    time_t now)
{
	const struct cfg_sink *s = rt->cfg;
	bool resolve, changed = false;
	char *id, *body, *trig, *tag;
	long h;

	if (!sinks_match(s, inc))
		return false;
	id = sink_fmt_id(s->type, inc, &resolve);
	tag = xasprintf("%zu\t%s", (size_t)(rt - sk->v), id);
	if (seen_has(&sk->seen, tag)) {
		free(tag);
		free(id);
		return false;
	}
	/* from here on, whatever is decided, the id is judged */
	seen_add(&sk->seen, tag);
	if (outbox_known(&sk->ob, s->name, id)) {
		free(id);
		return false;
	}
	if (!outbox_key_known(&sk->ob, s->name, inc->key) &&
	    inc->status != INC_ACTIVE && sink_fmt_newest(inc) < sk->started) {
		/* an incident that ended before this watcher started (the
		 * history a channel lists) is not news */
		outbox_mark_done(&sk->ob, s->name, id);
		free(id);
		return true;
	}
	if (resolve) {
		/* PagerDuty: resolve only what was triggered */
		trig = xasprintf("%s|trigger", inc->key);
		if (!outbox_known(&sk->ob, s->name, trig)) {
			outbox_mark_done(&sk->ob, s->name, id);
			free(trig);
			free(id);
			return true;
		}
		free(trig);
	}
	body = sink_fmt_body(s->type, inc, resolve);
	/* Channels answer one after the other: a state that a later answer
	 * changes before it was sent is sent as it ends up (one message per
	 * update). PagerDuty keeps its trigger and resolve both. */
	if (s->type != SINK_PAGERDUTY &&
	    (h = outbox_unsent(&sk->ob, s->name, inc->key)) >= 0)
		outbox_replace(&sk->ob, (size_t)h, id, body);
	else
		outbox_add(&sk->ob, s->name, inc->key, id, body, now,
		    now + s->settle);
	changed = true;
	free(body);
	free(id);
	return changed;
}

void
sinks_offer(struct sinks *sk, const struct snapshot *snap)
{
	time_t now = time(NULL);
	bool changed = false;
	size_t i, j;

	if (sk == NULL || snap == NULL)
		return;
	pthread_mutex_lock(&sk->lock);
	for (i = 0; i < sk->n; i++) {
		/* oldest first, so that a sink hears of them in order */
		for (j = snap->incidents.n; j-- > 0;)
			changed |= offer_one(sk, &sk->v[i],
			    snap->incidents.v[j], now);
	}
	if (changed) {
		sinks_save(sk);
		pthread_cond_broadcast(&sk->cond);
	}
	pthread_mutex_unlock(&sk->lock);
}

/* delivering -------------------------------------------------------------- */

static void
job_free(struct sink_job *j)
{
	free(j->id);
	free(j->key);
	free(j->ts);
	free(j->chan);
	free(j->new_ts);
	free(j->new_chan);
	if (j->body != NULL)
		explicit_bzero(j->body, strlen(j->body));
	free(j->body);
}

long
sinks_due(const struct outbox *ob, const struct cfg_sink *s, time_t now,
    long long mono, long long *next_ok, long long *wait_ms)
{
	const struct outbox_item *it;
	long h;

	*wait_ms = 60000;
	if ((h = outbox_head(ob, s->name)) < 0)
		return -1;
	it = &ob->items[h];
	if (it->next > now) {
		*wait_ms = (long long)(it->next - now) * 1000;
		return -1;
	}
	if (*next_ok > mono) {
		*wait_ms = *next_ok - mono;
		return -1;
	}
	/* spaced evenly: never more than rate in any minute, no burst */
	*next_ok = mono + 60000 / (s->rate > 0 ? s->rate : 1);
	return h;
}

/* Under lock: whether rt's oldest delivery is due now (then *job is
 * filled); *wait_ms gets the time until it is otherwise. */
static bool
due_job(struct sinks *sk, struct sink_rt *rt, struct sink_job *job,
    long long *wait_ms)
{
	const struct outbox_item *it;
	long h;

	if ((h = sinks_due(&sk->ob, rt->cfg, time(NULL), time_mono_ms(),
	    &rt->next_ok, wait_ms)) < 0)
		return false;
	it = &sk->ob.items[h];
	memset(job, 0, sizeof *job);
	job->rt = rt;
	job->id = xstrdup(it->id);
	job->key = xstrdup(it->key);
	job->body = xstrdup(it->body);
	if (sink_slack_api(rt->cfg)) {
		const struct outbox_thread *t = outbox_thread(&sk->ob,
		    rt->cfg->name, it->key);

		if (t != NULL) {
			job->ts = xstrdup(t->ts);
			job->chan = xstrdup(t->channel);
		}
	}
	return true;
}

/* The request for a job: URL and signature; PagerDuty's key goes into
 * the body here, never into the outbox. */
static void
job_request(struct sinks *sk, struct sink_job *j, struct http_req *r)
{
	const struct cfg_sink *s = j->rt->cfg;
	unsigned char mac[SHA256_LEN];
	char hex[SHA256_HEX], *with;

	memset(r, 0, sizeof *r);
	r->method = "POST";
	r->url = s->url != NULL ? s->url : s->endpoint;
	if (s->type == SINK_PAGERDUTY && s->key != NULL &&
	    (with = sink_fmt_with_key(j->body, s->key)) != NULL) {
		explicit_bzero(j->body, strlen(j->body));
		free(j->body);
		j->body = with;
	}
	r->body = j->body;
	r->body_len = strlen(j->body);
	r->content_type = "application/json";
	r->timeout_ms = (long)s->timeout * 1000;
	r->connect_timeout_ms = r->timeout_ms;
	r->max_bytes = SINK_MAX_ANSWER;
	r->max_redirects = 0;		/* never: the URL is a secret */
	r->abort = &sk->abort;
	if (s->type == SINK_WEBHOOK && s->key != NULL) {
		sha256_hmac(s->key, strlen(s->key), j->body, strlen(j->body),
		    mac);
		sha256_hex(mac, hex);
		snprintf(j->sig, sizeof j->sig, "sha256=%s", hex);
		j->hdr[0].name = "X-Azwatch-Signature";
		j->hdr[0].value = j->sig;
		r->headers = j->hdr;
		r->nheaders = 1;
	}
}

/* Under lock: the answer to a job into the outbox, and the log. */
static void
job_done(struct sinks *sk, struct sink_job *j, struct http_resp *resp)
{
	const char *name = j->rt->cfg->name;
	time_t now = time(NULL);
	char why[512], *quote = NULL;
	bool permanent = false;
	long i, wait, st = resp->status;
	int used;

	if ((i = outbox_find(&sk->ob, name, j->id)) < 0)
		return;
	if (resp->fail == HTTP_FAIL_NONE && st >= 200 && st < 300 &&
	    !j->api_fail) {
		outbox_delivered(&sk->ob, (size_t)i, now);
		if (j->new_ts != NULL && j->new_chan != NULL)
			outbox_thread_set(&sk->ob, name, j->key, j->new_ts,
			    j->new_chan, now);
		sink_log(sk, "sink-delivered", name, j->key, "delivered");
		return;
	}
	if (resp->fail == HTTP_FAIL_NONE && j->api_fail) {
		snprintf(why, sizeof why, "%s", j->api_why);
		permanent = j->api_permanent;
	} else if (resp->fail != HTTP_FAIL_NONE) {
		snprintf(why, sizeof why, "%s", resp->error[0] != '\0' ?
		    resp->error : "no answer");
		permanent = resp->fail == HTTP_FAIL_POLICY;
	} else {
		if (resp->body.len > 0) {
			quote = sanitize_str(buf_str(&resp->body));
			quote[sanitize_clip(quote, SINK_QUOTE_COLS, &used)] =
			    '\0';
		}
		if (st >= 300 && st < 400) {
			permanent = true;
			snprintf(why, sizeof why, "HTTP %ld: a redirect, not "
			    "followed (check the sink's URL)", st);
		} else {
			/* a 4xx will not heal by itself, except a timeout or
			 * throttling; a 5xx may */
			permanent = st >= 400 && st < 500 && st != 408 &&
			    st != 429;
			snprintf(why, sizeof why, "HTTP %ld%s%s", st,
			    quote != NULL && *quote != '\0' ? ": " : "",
			    quote != NULL ? quote : "");
		}
		free(quote);
	}
	/* an answer may echo the URL or key: never into the log or file */
	sanitize_redact_str(why);
	wait = outbox_failed(&sk->ob, (size_t)i, now,
	    resp->fail == HTTP_FAIL_NONE ? resp->retry_after : -1, permanent,
	    why);
	if (wait < 0) {
		char msg[640];

		snprintf(msg, sizeof msg, "%s; %s", why, permanent ?
		    "not retried (fix the sink's URL or key)" :
		    "given up after a day of retries");
		sink_log(sk, "sink-dropped", name, j->key, msg);
	} else {
		char msg[640];

		snprintf(msg, sizeof msg, "%s; retry in %ld s", why, wait);
		sink_log(sk, "sink-retry", name, j->key, msg);
	}
}

/* Unlocked: one call of Slack's Web API with the job's message. 0 when
 * it was answered ok (*gone: a chat.update whose message cannot be
 * edited any more); -1 with the failure in resp or the job. */
static int
slack_call(struct sinks *sk, struct sink_job *j, const char *method,
    const char *chan, const char *thread_ts, const char *ts,
    struct http_resp *resp, bool *gone)
{
	const struct cfg_sink *s = j->rt->cfg;
	char *url = sink_slack_url(s->endpoint, method), *body, err[512];
	struct http_req r;
	int rc = -1;

	*gone = false;
	/* the token goes to Slack's API host only, whatever happened to
	 * the configuration since it was checked */
	if (!sink_slack_endpoint_ok(url) ||
	    (body = sink_slack_body(j->body, chan, thread_ts, ts)) == NULL) {
		resp->fail = HTTP_FAIL_POLICY;
		snprintf(resp->error, sizeof resp->error, "%s",
		    "not sent: the endpoint is not Slack's API, or the message "
		    "is not a JSON object");
		free(url);
		return -1;
	}
	memset(&r, 0, sizeof r);
	r.method = "POST";
	r.url = url;
	r.body = body;
	r.body_len = strlen(body);
	r.content_type = "application/json; charset=utf-8";
	r.bearer = s->key;
	r.timeout_ms = (long)s->timeout * 1000;
	r.connect_timeout_ms = r.timeout_ms;
	r.max_bytes = SINK_MAX_ANSWER;
	r.max_redirects = 0;
	r.abort = &sk->abort;
	(void)http_do(j->rt->http, &r, resp, err, sizeof err);
	/* Slack answers 200 with "ok": any 2xx is read, and one that does
	 * not say ok is a failure */
	if (resp->fail == HTTP_FAIL_NONE && resp->status >= 200 &&
	    resp->status < 300) {
		free(j->new_ts);
		free(j->new_chan);
		j->new_ts = j->new_chan = NULL;
		if (sink_slack_answer(resp, &j->new_ts, &j->new_chan,
		    j->api_why, sizeof j->api_why, &j->api_permanent,
		    gone) == 0)
			rc = 0;
		else if (*gone)
			rc = 0;
		else
			j->api_fail = true;
	}
	free(body);
	free(url);
	return rc;
}

/* Unlocked: a delivery through Slack's Web API. With a first message,
 * it is edited to show the incident now (chat.update, which may be
 * repeated safely), then the update goes into its thread; a first
 * message that cannot be edited any more is replaced by a new one. */
static void
slack_send(struct sinks *sk, struct sink_job *j, struct http_resp *resp)
{
	bool gone = false, reply = j->ts != NULL && j->chan != NULL;

	if (reply) {
		if (slack_call(sk, j, "chat.update", j->chan, NULL, j->ts, resp,
		    &gone) == -1)
			return;
		http_resp_free(resp);
		http_resp_init(resp);
		reply = !gone;
	}
	if (slack_call(sk, j, "chat.postMessage", reply ? j->chan :
	    j->rt->cfg->channel, reply ? j->ts : NULL, NULL, resp,
	    &gone) == -1)
		return;
	if (reply) {
		/* a reply's own ts is not the thread's */
		free(j->new_ts);
		free(j->new_chan);
		j->new_ts = j->new_chan = NULL;
	}
}

static void *
sink_main(void *arg)
{
	struct sink_rt *rt = arg;
	struct sinks *sk = rt->sk;
	struct sink_job job;
	struct http_req req;
	struct http_resp resp;
	struct timespec ts;
	char err[512];
	long long wait;

	pthread_mutex_lock(&sk->lock);
	while (!sk->stop) {
		if (!due_job(sk, rt, &job, &wait)) {
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ts.tv_sec += (time_t)(wait / 1000);
			ts.tv_nsec += (long)(wait % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&sk->cond, &sk->lock, &ts);
			continue;
		}
		http_resp_init(&resp);
		if (sink_slack_api(rt->cfg)) {
			pthread_mutex_unlock(&sk->lock);
			slack_send(sk, &job, &resp);
		} else {
			job_request(sk, &job, &req);
			pthread_mutex_unlock(&sk->lock);
			(void)http_do(rt->http, &req, &resp, err, sizeof err);
		}
		pthread_mutex_lock(&sk->lock);
		/* stopped mid-flight: tried again after a restart */
		if (resp.fail != HTTP_FAIL_ABORTED) {
			job_done(sk, &job, &resp);
			sinks_save(sk);
		}
		http_resp_free(&resp);
		job_free(&job);
	}
	pthread_mutex_unlock(&sk->lock);
	return NULL;
}

int
sinks_start(struct sinks *sk, char *err, size_t errlen)
{
	sigset_t all, old;
	size_t i;
	int e = 0;

	/* signals go to the main thread */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < sk->n && e == 0; i++) {
		sk->v[i].http = http_new_cfg(sk->cfg);
		e = pthread_create(&sk->v[i].thread, NULL, sink_main, &sk->v[i]);
		sk->v[i].running = e == 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		snprintf(err, errlen, "cannot start a delivery thread: %s",
		    strerror(e));
		return -1;
	}
	return 0;
}

void
sinks_report(struct sinks *sk, struct chan_status *st)
{
	struct buf b;
	size_t i;
	char *d;

	if (sk == NULL)
		return;
	buf_init(&b);
	pthread_mutex_lock(&sk->lock);
	for (i = 0; i < sk->ob.nsinks; i++) {
		const struct outbox_sink *s = &sk->ob.sinks[i];

		if (s->error != NULL)
			buf_printf(&b, "%sSink %s failing: %s", b.len ? "\n" : "",
			    s->name, s->error);
	}
	if (sk->save_error != NULL)
		buf_printf(&b, "%sSink outbox: %s", b.len ? "\n" : "",
		    sk->save_error);
	pthread_mutex_unlock(&sk->lock);
	if (b.len > 0) {
		d = st->detail == NULL || *st->detail == '\0' ?
		    xstrdup(buf_str(&b)) :
		    xasprintf("%s\n%s", st->detail, buf_str(&b));
		free(st->detail);
		st->detail = d;
	}
	buf_free(&b);
}

void
sinks_free(struct sinks *sk)
{
	size_t i;

	if (sk == NULL)
		return;
	pthread_mutex_lock(&sk->lock);
	sk->stop = true;
	atomic_store(&sk->abort, 1);
	pthread_cond_broadcast(&sk->cond);
	pthread_mutex_unlock(&sk->lock);
	for (i = 0; i < sk->n; i++) {
		if (sk->v[i].running) {
			http_wakeup(sk->v[i].http);
			pthread_join(sk->v[i].thread, NULL);
		}
		http_free(sk->v[i].http);
	}
	outbox_free(&sk->ob);
	seen_free(&sk->seen);
	free(sk->save_error);
	free(sk->v);
	pthread_cond_destroy(&sk->cond);
	pthread_mutex_destroy(&sk->lock);
	free(sk);
}

/* status ------------------------------------------------------------------ */

static size_t
pending_of(const struct outbox *ob, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < ob->nitems; i++)
		n += strcmp(ob->items[i].sink, name) == 0;
	return n;
}

static const struct outbox_sink *
find_rec(const struct outbox *ob, const char *name)
{
	size_t i;

	for (i = 0; i < ob->nsinks; i++) {
		if (strcmp(ob->sinks[i].name, name) == 0)
			return &ob->sinks[i];
	}
	return NULL;
}

void
sinks_status_text(FILE *f, const struct cfg *cfg)
{
	struct outbox ob;
	char err[512], *clean;
	size_t i;

	if (cfg->nsinks == 0)
		return;
	fprintf(f, "\n%-15s %-10s %-8s %-9s %s\n", "SINK", "TYPE", "PENDING",
	    "DELIVERED", "LAST ERROR");
	if (outbox_load(&ob, cfg->state_dir, err, sizeof err) == -1) {
		clean = sanitize_str(err);
		fprintf(f, "(%s)\n", clean);
		free(clean);
		return;
	}
	for (i = 0; i < cfg->nsinks; i++) {
		const struct cfg_sink *s = &cfg->sinks[i];
		const struct outbox_sink *r = find_rec(&ob, s->name);

		clean = sanitize_str(r != NULL && r->error != NULL ? r->error :
		    "-");
		fprintf(f, "%-15s %-10s %-8zu %-9lu %s\n", s->name,
		    cfg_sink_type_name(s->type), pending_of(&ob, s->name),
		    r != NULL ? r->delivered : 0, clean);
		free(clean);
	}
	outbox_free(&ob);
}

struct json_object *
sinks_status_json(const struct cfg *cfg)
{
	json_object *a = json_object_new_array(), *o;
	struct outbox ob;
	char err[512];
	bool ok;
	size_t i;

	ok = outbox_load(&ob, cfg->state_dir, err, sizeof err) == 0;
	for (i = 0; i < cfg->nsinks; i++) {
		const struct cfg_sink *s = &cfg->sinks[i];
		const struct outbox_sink *r = ok ? find_rec(&ob, s->name) : NULL;

		o = json_object_new_object();
		json_object_object_add(o, "name", incjson_str(s->name));
		json_object_object_add(o, "type",
		    json_object_new_string(cfg_sink_type_name(s->type)));
		json_object_object_add(o, "pending", json_object_new_int64(
		    ok ? (int64_t)pending_of(&ob, s->name) : 0));
		json_object_object_add(o, "delivered", json_object_new_int64(
		    r != NULL ? (int64_t)r->delivered : 0));
		json_object_object_add(o, "failed", json_object_new_int64(
		    r != NULL ? (int64_t)r->failed : 0));
		json_object_object_add(o, "dropped", json_object_new_int64(
		    r != NULL ? (int64_t)r->dropped : 0));
		json_object_object_add(o, "last_success",
		    incjson_time(r != NULL ? r->last_success : 0));
		json_object_object_add(o, "last_failure",
		    incjson_time(r != NULL ? r->last_failure : 0));
		json_object_object_add(o, "error", incjson_str(!ok ? err :
		    r != NULL ? r->error : NULL));
		json_object_array_add(a, o);
	}
	if (ok)
		outbox_free(&ob);
	return a;
}
