/* wizard-ticket.h: the wizard's "raise a support ticket" screens, pushed
 * over the verdict: service, problem classification, severity, the full
 * request, explicit confirmation, and the outcome. */
#ifndef AZWATCH_WIZARD_TICKET_H
#define AZWATCH_WIZARD_TICKET_H

#include <time.h>

#include "decide.h"
#include "pane.h"

/* What the verdict hands over; copied when the screen opens. */
struct wizard_ticket_arg {
	enum verdict	 verdict;
	const char	*service;	/* the wizard's service, may be NULL */
	const char	*resource_id;	/* the answer, may be NULL */
	const char	*tracking_id;	/* the matching incident, may be NULL */
	time_t		 problem_start;	/* 0: not known */
	const char	*markdown;	/* the saved draft */
	const char	*draft_path;	/* where it was saved */
};

/* The rule for raising a ticket after this verdict, one sentence. */
const char *wizard_ticket_advice(enum verdict);

extern const struct pane_ops pane_ticket_ops;

#endif
