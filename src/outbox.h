/* outbox.h: deliveries that a sink still owes, kept in the state
 * directory (outbox.json, written whole through statefile) so a restart
 * or a kill -9 loses none: an item is written before it is sent and
 * moved to the done list after, so a crash in between sends it at most
 * once more. Also what each sink did last, for `azwatch status`. Not
 * thread-safe: the caller (sink.c) locks. */
#ifndef AZWATCH_OUTBOX_H
#define AZWATCH_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"

#define OUTBOX_FILE		"outbox.json"
#define OUTBOX_MAX_BYTES	(16L * 1024 * 1024)
/* Done ids remembered per file (the oldest are forgotten first). */
#define OUTBOX_DONE_MAX		8192
/* Backoff: OUTBOX_BACKOFF_BASE << attempts seconds, at most this. */
#define OUTBOX_BACKOFF_BASE	1
#define OUTBOX_BACKOFF_MAX	300
/* A delivery that has failed for this long is given up (and logged). */
#define OUTBOX_GIVE_UP		(24 * 3600)

struct outbox_item {
	char		*sink;		/* the [sink NAME] */
	char		*id;		/* dedup id: incident key and event */
	char		*key;		/* incident key (for messages) */
	char		*body;		/* the payload, as it will be posted */
	int		 attempts;
	time_t		 created;
	time_t		 next;		/* not before this */
	char		*error;		/* why the last attempt failed */
};

/* What one sink did last: `azwatch status` shows it. */
struct outbox_sink {
	char		*name;
	time_t		 last_success;
	time_t		 last_failure;
	char		*error;		/* the last failure, NULL once one works */
	unsigned long	 delivered;
	unsigned long	 failed;	/* attempts that failed */
	unsigned long	 dropped;	/* given up (4xx, too old) */
};

/* A Slack Web API sink's first message about an incident: replies go in
 * its thread, edits to it. The oldest are forgotten past this many. */
#define OUTBOX_THREADS_MAX	2048
struct outbox_thread {
	char		*sink;
	char		*key;		/* the incident */
	char		*ts;		/* the message's ts */
	char		*channel;	/* the channel's ID, as Slack gave it */
	time_t		 created;
};

struct outbox {
	char		*path;
	struct outbox_item *items;	/* pending, oldest first */
	size_t		 nitems;
	struct strv	 done;		/* "SINK\tID", oldest first */
	struct outbox_sink *sinks;
	size_t		 nsinks;
	struct outbox_thread *threads;	/* oldest first */
	size_t		 nthreads;
};

/* Read dir/outbox.json (a missing one is empty). -1 with err when it is
 * there but unreadable (a link, a FIFO, not JSON): nothing is lost, the
 * caller says why and does not overwrite it. */
int	 outbox_open(struct outbox *, const char *dir, char *err,
	     size_t errlen);
/* Read only (for `azwatch status`). */
int	 outbox_load(struct outbox *, const char *dir, char *err,
	     size_t errlen);
/* Write the whole outbox atomically (statefile). */
int	 outbox_save(struct outbox *, char *err, size_t errlen);
void	 outbox_free(struct outbox *);

/* Whether sink has id pending or done. */
bool	 outbox_known(const struct outbox *, const char *sink, const char *id);
/* Whether sink has any id of incident key pending or done (ids begin
 * with "KEY|"). */
bool	 outbox_key_known(const struct outbox *, const char *sink,
	     const char *key);
/* Queue a delivery (copies), due at next. */
void	 outbox_add(struct outbox *, const char *sink, const char *key,
	     const char *id, const char *body, time_t now, time_t next);
/* Remember id as done without sending it (an old incident at start). */
void	 outbox_mark_done(struct outbox *, const char *sink, const char *id);
/* The pending item of sink for incident key that was never attempted,
 * or -1: a newer state of the incident replaces it (outbox_replace). */
long	 outbox_unsent(const struct outbox *, const char *sink,
	     const char *key);
/* Item i now carries id and body (copied); its old id counts as done. */
void	 outbox_replace(struct outbox *, size_t i, const char *id,
	     const char *body);
/* The oldest pending item of sink, or -1. */
long	 outbox_head(const struct outbox *, const char *sink);
/* The pending item for sink and id, or -1. */
long	 outbox_find(const struct outbox *, const char *sink, const char *id);
/* Item i was delivered: done, dropped from the queue. */
void	 outbox_delivered(struct outbox *, size_t i, time_t now);
/* Item i failed: retry after the backoff, or after retry_after seconds
 * when that is longer (-1: none); permanent drops it (remembered as done,
 * so never sent again). Returns the seconds until the next attempt, or
 * -1 when it was dropped (also when it is older than OUTBOX_GIVE_UP). */
long	 outbox_failed(struct outbox *, size_t i, time_t now,
	     long retry_after, bool permanent, const char *why);
/* The backoff after n failed attempts, in seconds. */
long	 outbox_backoff(int attempts);
/* The thread of incident key at sink, or NULL. */
const struct outbox_thread *outbox_thread(const struct outbox *,
	     const char *sink, const char *key);
/* Remember (copies) the first message of incident key at sink. */
void	 outbox_thread_set(struct outbox *, const char *sink, const char *key,
	     const char *ts, const char *channel, time_t now);
/* The record of sink (made on first use). */
struct outbox_sink *outbox_sink(struct outbox *, const char *name);

#endif
