/* chan.h: a channel is one ops table (tig's view_ops): whether it is
 * configured, how to poll it. The worker drives them all the same way;
 * adding a channel means filling a table. */
#ifndef AZWATCH_CHAN_H
#define AZWATCH_CHAN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cfg.h"
#include "http.h"
#include "model.h"

struct arm;

struct poll_ctx {
	const struct cfg	*cfg;
	struct http		*http;		/* the polling thread's client */
	struct arm		*arm;		/* the one ARM client, shared by
						   every thread */
	time_t			 now;
	const atomic_int	*abort;		/* pass to http_req.abort */
	const struct inc_list	*known;		/* other channels' incidents */
	bool			 minimal;	/* for a verdict only: skip what
						   cannot change it (the
						   alert-rule audit) */
	bool			 fired;		/* read the fired alerts */
	bool			 rejoin;	/* a joining channel: answer
						   again from what it last read,
						   joined to known, asking
						   nothing (a channel that
						   cannot, polls) */
};

struct chan_result {
	bool		 failed;	/* true: keep previous incidents */
	enum chan_state	 state;		/* on failure: UNREACHABLE or ERROR;
					   on success PENDING = derive from incidents */
	char		*error;		/* owned; sentence for people */
	char		*note;		/* owned; one line, e.g. "signed in with azure-cli" */
	char		*detail;	/* owned; extra lines, '\n' separated */
	struct inc_list	 incidents;	/* on success: the channel's whole view */
	bool		 unchanged;	/* success, and the view is as it was
					   (HTTP 304): incidents is empty */
	int		 retry_after;	/* seconds the server asked to wait, 0 none */
	struct fired_set *fired;	/* owned; the fired alerts read, NULL:
					   not read this time */
	struct subnames	*subnames;	/* owned; the subscriptions' names
					   listed, NULL: not listed */
};

void	 chan_result_init(struct chan_result *);
void	 chan_result_free(struct chan_result *);
void	 chan_result_fail(struct chan_result *, enum chan_state, const char *fmt, ...)
	     __attribute__((format(printf, 3, 4)));

struct chan_ops {
	enum chan_id	 id;
	int		 min_interval;	/* seconds; 0: the configured interval */
	/* Reads poll_ctx.known: what it reports joins the other channels'
	 * incidents (a post or a ticket naming one). Polled once, it is asked
	 * after the others; in the dashboard it is asked again when another
	 * channel first answers after it did. */
	bool		 joins;
	/* true when cfg has what the channel needs; else why says what to set
	 * and where, in one line. */
	bool		(*configured)(const struct cfg *, char *why, size_t);
	void	       *(*create)(const struct cfg *);
	void		(*poll)(void *self, struct poll_ctx *, struct chan_result *);
	void		(*destroy)(void *self);
};

const struct chan_ops *chan_ops_get(enum chan_id);

extern const struct chan_ops chan_status_ops;
extern const struct chan_ops chan_health_ops;
extern const struct chan_ops chan_x_ops;
extern const struct chan_ops chan_support_ops;

#endif
