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
/* Run one synchronous round in the calling thread (azwatch status/check). */
struct snapshot *worker_poll_once(struct worker *);
void	 worker_stop(struct worker *);
/* Drills: before worker_start, drive the channels from a timeline (which
 * must outlive the worker) at speed times the recorded pace, with no
 * network, no journal and no notify_program. */
struct replay;
void	 worker_set_replay(struct worker *, const struct replay *, double speed);
void	 worker_free(struct worker *);

#endif
