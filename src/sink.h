/* sink.h: delivery of incidents to the [sink NAME]s of the configuration
 * (Slack, Teams, PagerDuty, webhooks). sinks_offer() decides what is news
 * for each sink and queues it in the outbox (outbox.h); each sink has a
 * thread of its own that posts what is due, one delivery at a time, in
 * order, rate-limited, with backoff, so neither polling nor another sink
 * ever waits for a sink that hangs.
 * A redirect is never followed (a secret URL goes nowhere else). */
#ifndef AZWATCH_SINK_H
#define AZWATCH_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "cfg.h"
#include "model.h"

struct sinks;
struct json_object;

/* What the sinks did, for a log: event is "sink-delivered", "sink-retry"
 * or "sink-dropped"; key the incident; text a sentence that may quote a
 * remote answer (the caller sanitizes it). Called from the delivery
 * thread. */
typedef void (*sinks_log_fn)(void *arg, const char *event, const char *sink,
	     const char *key, const char *text);

/* For cfg's sinks (cfg must outlive it): opens the outbox in the state
 * directory. NULL with err when it cannot be read (it is never
 * overwritten then). Incidents that ended before now are not news. */
struct sinks *sinks_new(const struct cfg *, sinks_log_fn, void *arg,
	     char *err, size_t errlen);
int	 sinks_start(struct sinks *, char *err, size_t errlen);
/* Queue what is new for each sink in s; never blocks on the network. */
void	 sinks_offer(struct sinks *, const struct snapshot *s);
/* Add a line about failing sinks to st's detail (the dashboard). */
void	 sinks_report(struct sinks *, struct chan_status *st);
/* Stop the thread (an attempt in flight is aborted: it is tried again
 * after a restart) and free. NULL is fine. */
void	 sinks_free(struct sinks *);

/* The rate limit and the backoff: the index of s's oldest delivery in ob
 * when it may be attempted at now (wall clock, the outbox's times) and
 * mono (time_mono_ms), which then takes a slot from *next_ok (the sink's
 * limiter, 0 at first); else -1 with *wait_ms until it may be. Deliveries
 * go one at a time, oldest first, at most s->rate a minute. */
struct outbox;
long	 sinks_due(const struct outbox *, const struct cfg_sink *,
	     time_t now, long long mono, long long *next_ok,
	     long long *wait_ms);

/* Whether incident passes the sink's filters. */
bool	 sinks_match(const struct cfg_sink *, const struct incident *);

/* `azwatch status`: each configured sink, what it delivered and its last
 * error, from the outbox (read only). */
void	 sinks_status_text(FILE *, const struct cfg *);
struct json_object *sinks_status_json(const struct cfg *);

#endif
