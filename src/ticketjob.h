/* ticketjob.h: the network side of raising a support ticket from the
 * wizard, as one-off worker jobs (the UI never waits on the network), plus
 * the small pure helpers its screens need: picking the service that best
 * matches the wizard's answer and what [support] still lacks. */
#ifndef AZWATCH_TICKETJOB_H
#define AZWATCH_TICKETJOB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"
#include "ticket.h"

struct poll_ctx;

enum ticketjob_kind {
	TICKETJOB_SERVICES,		/* the services, and a subscription */
	TICKETJOB_CLASSIFICATIONS,	/* one service's classifications */
	TICKETJOB_SEND			/* ticket_send, confirmed */
};

/*
 * One job. The UI fills the "in" part, hands it to worker_job_submit with
 * ticketjob_run and leaves it alone until ticketjob_finished() is true;
 * the worker publishes a snapshot then, which wakes the UI.
 */
struct ticketjob {
	/* in */
	enum ticketjob_kind	 kind;
	char			*service_id;	/* CLASSIFICATIONS; owned */
	char			*resource_id;	/* SERVICES: may name the
						   subscription; owned */
	struct ticket_draft	 draft;		/* SEND; strings kept with
						   ticketjob_keep */
	struct strv		 kept;
	/* out */
	atomic_bool		 finished;
	int			 rc;		/* 0, or -1 with msg */
	struct ticket_choices	 choices;	/* SERVICES, CLASSIFICATIONS */
	char			*subscription;	/* SERVICES; owned, NULL: none */
	char			 sub_why[256];	/* why there is none */
	enum ticket_outcome	 outcome;	/* SEND */
	char			 msg[1536];	/* a sentence for people */
};

/* A zeroed job of this kind; ticketjob_free releases what it owns. */
struct ticketjob *ticketjob_new(enum ticketjob_kind);
void	 ticketjob_free(struct ticketjob *);
/* A copy of s (NULL stays NULL) that lives as long as the job, so a job
 * left running by a closed screen never points into freed memory. */
const char *ticketjob_keep(struct ticketjob *, const char *s);
/* The worker_job_fn: runs on the worker thread. */
void	 ticketjob_run(void *arg, struct poll_ctx *);
bool	 ticketjob_finished(struct ticketjob *);

/* The subscription id in "/subscriptions/<id>/...", else NULL; caller
 * frees. */
char	*ticketjob_resource_subscription(const char *resource_id);
/* True when every word of typed occurs in name, or in the initials of
 * its words ("vm", "aks"), ignoring case. */
bool	 ticketjob_matches(const char *name, const char *typed);
/* The index of the choice whose name best matches service (same name,
 * one inside the other, then most shared words); 0 when nothing fits. */
size_t	 ticketjob_best(const struct ticket_choices *, const char *service);
/* The [support] keys a ticket needs that are not set, as
 * "first_name, email"; NULL when none is missing. Caller frees. */
char	*ticketjob_missing_contact(const struct cfg *);

#endif
