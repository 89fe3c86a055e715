/* worker.h: the polling threads, one per channel plus one for one-off
 * jobs. They own all network work and publish immutable snapshots through
 * a mutex-guarded slot plus a self-pipe; the UI sleeps in poll() on
 * worker_fd(). */
#ifndef AZWATCH_WORKER_H
#define AZWATCH_WORKER_H

#include <stdbool.h>

#include "cfg.h"
#include "model.h"

struct worker;

struct worker *worker_new(const struct cfg *);	/* cfg must outlive it */
int	 worker_start(struct worker *, char *err, size_t errlen);
/* Readable when a new snapshot is ready. */
int	 worker_fd(const struct worker *);
/* The newest snapshot (a new reference: snapshot_unref it); drains the
 * pipe. Never blocks on network work. */
struct snapshot *worker_snapshot(struct worker *);
/* Poll every channel now. */
void	 worker_refresh(struct worker *);
/* The deadline of a check (`check --timeout`, the wizard), seconds. */
void	 worker_set_timeout(struct worker *, int seconds);
int	 worker_timeout(const struct worker *);

/* A one-off network job (list support services, send a ticket) that a
 * thread of its own runs, so neither the UI nor a poll waits for it.
 * One at a time: -1 while another is queued or running. arg belongs to
 * the caller, who must not touch it until worker_job_done() is true;
 * the worker then publishes a snapshot, so the UI wakes. */
struct poll_ctx;
typedef void (*worker_job_fn)(void *arg, struct poll_ctx *ctx);
int	 worker_job_submit(struct worker *, worker_job_fn, void *arg);
bool	 worker_job_done(struct worker *);
/* Run a job in the calling thread (command-line use, no thread). */
void	 worker_job_run_here(struct worker *, worker_job_fn, void *arg);
/* Poll every configured channel once, all at the same time, and wait
 * for every answer (azwatch status). */
struct snapshot *worker_poll_once(struct worker *);
/* A round without the dashboard (azwatch check): the channels in mask
 * (CHAN_BIT()s; unconfigured ones are left out) are polled once each, at
 * the same time, in threads of their own; minimal asks only what a
 * verdict needs. worker_round_wait returns the newest snapshot once the
 * set of channels still polling differs from *pending (which it updates),
 * or at deadline (time_mono_ms; 0: none). worker_round_end aborts what is
 * still in flight and joins. Not while the worker is started. */
unsigned worker_round_start(struct worker *, unsigned mask, bool minimal);
/* In a round, the joining channels in mask that have answered answer
 * again from what they read, joined to what the others know now (no
 * request: poll_ctx.rejoin). Returns the channels pending. */
unsigned worker_round_rejoin(struct worker *, unsigned mask);
struct snapshot *worker_round_wait(struct worker *, long long deadline,
	     unsigned *pending);
void	 worker_round_end(struct worker *);
/* Rounds read the fired alerts too (check --alerts). Before a round. */
void	 worker_set_fired(struct worker *, bool);
void	 worker_stop(struct worker *);
/* Drills: before worker_start, drive the channels from a timeline (which
 * must outlive the worker) at speed times the recorded pace, with no
 * network, no journal and no notify_program. */
struct replay;
void	 worker_set_replay(struct worker *, const struct replay *, double speed);
/* The dashboard's filters: from now on only incidents that pass them are
 * notified (the search is not a filter). Copied; safe while running. */
struct filter;
void	 worker_set_filter(struct worker *, const struct filter *);
/* Before worker_start: every snapshot is offered to these delivery
 * sinks (which must outlive the worker; NULL: none). */
struct sinks;
void	 worker_set_sinks(struct worker *, struct sinks *);
void	 worker_free(struct worker *);

#endif
