/* watch.c: the headless watcher (see watch.h). The main thread sleeps in
 * poll() on the worker's self-pipe and a signal self-pipe; it logs what
 * changed between snapshots. Delivery is the sinks' thread's. */
#include "config.h"

#include "watch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "incjson.h"
#include "model.h"
#include "sanitize.h"
#include "sink.h"
#include "sink-fmt.h"
#include "timeutil.h"
#include "worker.h"
#include "xmalloc.h"

/* What the log remembers of an incident between snapshots. */
struct watch_inc {
	char		*key;
	enum inc_status	 status;
	time_t		 newest;
};

struct watch_chan {
	enum chan_state	 state;
	char		*error;
};

struct watch {
	struct cfg	*cfg;
	bool		 json;
	time_t		 started;
	struct worker	*worker;
	struct sinks	*sinks;
	struct watch_inc *incs;
	size_t		 nincs;
	bool		 primed;	/* a snapshot was seen */
	struct watch_chan chans[CHAN_COUNT];
};

static int watch_sigpipe[2] = { -1, -1 };
static pthread_mutex_t watch_log_lock = PTHREAD_MUTEX_INITIALIZER;

/* One log line: text or a JSON object. Every string may be remote: it is
 * sanitized (secrets redacted) here, the one place lines are made. */
static void
watch_log(bool json, const char *event, const char *a, const char *b,
    const char *text)
{
	char when[40], *ca = sanitize_str(a), *cb = sanitize_str(b),
	    *ct = sanitize_str(text);
	json_object *o;

	time_format_rfc3339(time(NULL), when, sizeof when);
	pthread_mutex_lock(&watch_log_lock);
	if (json) {
		o = json_object_new_object();
		json_object_object_add(o, "time", json_object_new_string(when));
		json_object_object_add(o, "event", json_object_new_string(event));
		if (strncmp(event, "sink-", 5) == 0) {
			json_object_object_add(o, "sink", json_object_new_string(ca));
			json_object_object_add(o, "incident",
			    json_object_new_string(cb));
		} else if (strncmp(event, "incident-", 9) == 0) {
			json_object_object_add(o, "incident",
			    json_object_new_string(ca));
			json_object_object_add(o, "status",
			    json_object_new_string(cb));
		} else if (strncmp(event, "channel-", 8) == 0) {
			json_object_object_add(o, "channel",
			    json_object_new_string(ca));
			json_object_object_add(o, "state",
			    json_object_new_string(cb));
		}
		json_object_object_add(o, "message", json_object_new_string(ct));
		fprintf(stderr, "%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		fprintf(stderr, "%s %s%s%s%s%s: %s\n", when, event,
		    *ca != '\0' ? " " : "", ca, *cb != '\0' ? " " : "", cb, ct);
	}
	fflush(stderr);
	pthread_mutex_unlock(&watch_log_lock);
	free(ca);
	free(cb);
	free(ct);
}

static void
watch_sink_log(void *arg, const char *event, const char *sink,
    const char *key, const char *text)
{
	const struct watch *wt = arg;

	watch_log(wt->json, event, sink, key, text);
}

/* incidents ---------------------------------------------------------------- */

static const struct watch_inc *
watch_find(const struct watch *wt, const char *key)
{
	size_t i;

	for (i = 0; i < wt->nincs; i++) {
		if (strcmp(wt->incs[i].key, key) == 0)
			return &wt->incs[i];
	}
	return NULL;
}

static void
watch_incs_free(struct watch_inc *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

static void
log_incident(struct watch *wt, const char *event, const struct incident *inc)
{
	char *line;
	const char *tid = inc->tracking_id != NULL ? inc->tracking_id :
	    inc->key;
	char *svc = strv_join(&inc->services, ", "),
	    *reg = strv_join(&inc->regions, ", ");

	line = xasprintf("%s (%s; %s)", inc->title != NULL ? inc->title : "",
	    svc != NULL && *svc != '\0' ? svc : "-",
	    reg != NULL && *reg != '\0' ? reg : "-");
	watch_log(wt->json, event, tid, inc_status_name(inc->status), line);
	free(line);
	free(svc);
	free(reg);
}

static void
watch_incidents(struct watch *wt, const struct snapshot *s)
{
	struct watch_inc *next = xcalloc(s->incidents.n + 1, sizeof *next);
	const struct watch_inc *old;
	size_t i;

	/* oldest first, as they happened */
	for (i = s->incidents.n; i-- > 0;) {
		const struct incident *inc = s->incidents.v[i];
		time_t newest = sink_fmt_newest(inc);

		old = watch_find(wt, inc->key);
		if (old == NULL) {
			/* what ended before we started is history, not news */
			if (inc->status == INC_ACTIVE || newest >= wt->started)
				log_incident(wt, "incident-new", inc);
		} else if (old->status != inc->status) {
			log_incident(wt, inc->status == INC_MITIGATED ?
			    "incident-mitigated" : inc->status == INC_RESOLVED ?
			    "incident-resolved" : "incident-updated", inc);
		} else if (old->newest != newest) {
			log_incident(wt, "incident-updated", inc);
		}
		next[s->incidents.n - 1 - i].key = xstrdup(inc->key);
		next[s->incidents.n - 1 - i].status = inc->status;
		next[s->incidents.n - 1 - i].newest = newest;
	}
	watch_incs_free(wt->incs, wt->nincs);
	wt->incs = next;
	wt->nincs = s->incidents.n;
}

static bool
chan_failing(enum chan_state st)
{
	return st == CHAN_ERROR || st == CHAN_UNREACHABLE;
}

static void
watch_channels(struct watch *wt, const struct snapshot *s)
{
	int k;

	for (k = 0; k < CHAN_COUNT; k++) {
		const struct chan_status *cs = &s->chans[k];
		struct watch_chan *wc = &wt->chans[k];

		if (!cs->configured)
			continue;
		if (chan_failing(cs->state) && (!chan_failing(wc->state) ||
		    wc->error == NULL || cs->error == NULL ||
		    strcmp(wc->error, cs->error) != 0))
			watch_log(wt->json, "channel-error", chan_id_name(k),
			    chan_state_name(cs->state), cs->error != NULL ?
			    cs->error : "no answer");
		else if (!chan_failing(cs->state) && chan_failing(wc->state) &&
		    cs->state != CHAN_PENDING)
			watch_log(wt->json, "channel-recovered", chan_id_name(k),
			    chan_state_name(cs->state), "answering again");
		wc->state = cs->state;
		free(wc->error);
		wc->error = xstrdup(cs->error);
	}
}

/* running ------------------------------------------------------------------ */

static void
watch_on_signal(int sig)
{
	int e = errno;
	unsigned char c = (unsigned char)sig;

	/* a full pipe already holds a signal to act on */
	if (write(watch_sigpipe[1], &c, 1) == -1)
		(void)0;
	errno = e;
}

static int
watch_signals(char *err, size_t errlen)
{
	struct sigaction sa;
	int i;

	if (pipe(watch_sigpipe) == -1) {
		snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < 2; i++) {
		fcntl(watch_sigpipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(watch_sigpipe[i], F_SETFL, O_NONBLOCK);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = watch_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return 0;
}

/* Start the worker and the sinks for wt->cfg. */
static int
watch_begin(struct watch *wt, char *err, size_t errlen)
{
	if (wt->cfg->nsinks > 0) {
		wt->sinks = sinks_new(wt->cfg, watch_sink_log, wt, err, errlen);
		if (wt->sinks == NULL)
			return -1;
		if (sinks_start(wt->sinks, err, errlen) == -1) {
			sinks_free(wt->sinks);
			wt->sinks = NULL;
			return -1;
		}
	}
	wt->worker = worker_new(wt->cfg);
	worker_set_sinks(wt->worker, wt->sinks);
	if (worker_start(wt->worker, err, errlen) == -1) {
		worker_free(wt->worker);
		wt->worker = NULL;
		sinks_free(wt->sinks);
		wt->sinks = NULL;
		return -1;
	}
	return 0;
}

static void
watch_end(struct watch *wt)
{
	/* the worker first: it offers snapshots to the sinks */
	worker_free(wt->worker);
	wt->worker = NULL;
	sinks_free(wt->sinks);
	wt->sinks = NULL;
}

static void
watch_reload(struct watch *wt, const struct watch_opts *o)
{
	struct cfg next;
	char err[1024];

	memset(&next, 0, sizeof next);
	if (o->reload == NULL ||
	    o->reload(&next, o->reload_arg, err, sizeof err) == -1) {
		watch_log(wt->json, "reload-failed", "", "", o->reload == NULL ?
		    "cannot reload" : err);
		watch_log(wt->json, "reload-failed", "", "",
		    "keeping the configuration in use");
		cfg_free(&next);
		return;
	}
	watch_end(wt);
	cfg_free(wt->cfg);
	*wt->cfg = next;
	if (watch_begin(wt, err, sizeof err) == -1) {
		/* the new one is valid but cannot start (the outbox cannot
		 * be read): say so and keep trying on the next SIGHUP */
		watch_log(wt->json, "reload-failed", "", "", err);
		return;
	}
	watch_log(wt->json, "reloaded", "", "", wt->cfg->path != NULL ?
	    wt->cfg->path : "the configuration");
}

int
watch_run(struct cfg *cfg, const struct watch_opts *o)
{
	struct watch wt;
	struct pollfd pfd[2];
	struct snapshot *s;
	unsigned char sig;
	char err[1024], *msg;
	int rc = -1, k, n;

	memset(&wt, 0, sizeof wt);
	wt.cfg = cfg;
	wt.json = o->json;
	wt.started = time(NULL);
	for (k = 0; k < CHAN_COUNT; k++)
		wt.chans[k].state = CHAN_PENDING;
	if (watch_signals(err, sizeof err) == -1 ||
	    watch_begin(&wt, err, sizeof err) == -1) {
		watch_log(wt.json, "error", "", "", err);
		return 1;
	}
	msg = xasprintf("watching; state in %s; %zu sink%s", cfg->state_dir,
	    cfg->nsinks, cfg->nsinks == 1 ? "" : "s");
	watch_log(wt.json, "started", "", "", msg);
	free(msg);
	while (rc < 0) {
		pfd[0].fd = wt.worker != NULL ? worker_fd(wt.worker) : -1;
		pfd[0].events = POLLIN;
		pfd[1].fd = watch_sigpipe[0];
		pfd[1].events = POLLIN;
		/* idle is asleep: no timeout, the pipes wake us */
		n = poll(pfd, 2, -1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			watch_log(wt.json, "error", "", "", strerror(errno));
			rc = 1;
			break;
		}
		if (pfd[1].revents & POLLIN) {
			while (read(watch_sigpipe[0], &sig, 1) == 1) {
				if (sig == SIGHUP)
					watch_reload(&wt, o);
				else if (rc < 0)
					rc = sig == SIGINT ? 130 : 0;
			}
		}
		if (rc < 0 && wt.worker != NULL && (pfd[0].revents & POLLIN)) {
			s = worker_snapshot(wt.worker);
			if (s != NULL) {
				watch_channels(&wt, s);
				watch_incidents(&wt, s);
				snapshot_unref(s);
			}
		}
	}
	watch_log(wt.json, "stopping", "", "", rc == 130 ? "interrupted" :
	    "terminated");
	watch_end(&wt);
	watch_incs_free(wt.incs, wt.nincs);
	for (k = 0; k < CHAN_COUNT; k++)
		free(wt.chans[k].error);
	close(watch_sigpipe[0]);
	close(watch_sigpipe[1]);
	return rc;
}
