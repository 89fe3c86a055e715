/* checkalerts.h: `azwatch check --alerts`: one verdict per fired Azure
 * Monitor alert, for scripts and chat-ops. */
#ifndef AZWATCH_CHECKALERTS_H
#define AZWATCH_CHECKALERTS_H

#include <stdbool.h>
#include <stdio.h>

#include "cfg.h"

struct worker;

/* Poll Service Health (with the fired alerts) and the channels a verdict
 * reads, once, within timeout seconds; print a verdict per alert that
 * passes the [alerts] filters on out (text, or a JSON array), problems on
 * err. Returns the exit status: that of the most severe verdict
 * (azure-incident, mitigated-persisting, not-matching, undetermined,
 * no-known-incident, in that order), 0 with no fired alert, 13
 * (undetermined) when the alerts could not be read at all. */
int	 checkalerts_run(struct worker *, const struct cfg *, int timeout,
	     bool json, FILE *out, FILE *err);

#endif
