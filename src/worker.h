/* worker.h: the polling thread. It owns all network work and publishes
 * immutable snapshots through a mutex-guarded slot plus a self-pipe; the
 * UI sleeps in poll() on worker_fd(). */
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

/* A one-off network job (list support services, send a ticket) that the
 * worker thread runs between polls, so the UI never waits on the network.
 * One at a time: -1 while another is queued or running. arg belongs to
 * the caller, who must not touch it until worker_job_done() is true;
 * the worker then publishes a snapshot, so the UI wakes. */
struct poll_ctx;
typedef void (*worker_job_fn)(void *arg, struct poll_ctx *ctx);
int	 worker_job_submit(struct worker *, worker_job_fn, void *arg);
bool	 worker_job_done(struct worker *);
/* Run a job in the calling thread (command-line use, no thread). */
void	 worker_job_run_here(struct worker *, worker_job_fn, void *arg);
/* Run one synchronous round in the calling thread (azwatch status/check). */
struct snapshot *worker_poll_once(struct worker *);
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
void	 worker_free(struct worker *);

#endif
