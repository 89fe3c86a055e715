/* depends.h: which services fail when a foundational service fails in
 * their region (networking, DNS, Entra ID, ARM, Front Door, Storage): a
 * small built-in table, extended by the [depends] section of the config. */
#ifndef AZWATCH_DEPENDS_H
#define AZWATCH_DEPENDS_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* The foundation the user's service depends on when an incident names
 * incident_service, as a display name ("Azure Networking"); NULL when it
 * does not. extra holds "service=foundation" pairs from [depends] (may be
 * NULL). A service never depends on itself; a service the foundation
 * stands for ("Virtual Network" under "Azure Networking") does. */
const char *depends_on(const char *service, const char *incident_service,
	     const struct strv *extra);

/* A broad area rather than a service ("Network Infrastructure"): status
 * page categories name such areas beside the service that failed, so an
 * area explains dependents only when the incident names nothing else. */
bool	 depends_is_area(const char *name);

/* One [depends] line: "App Service = Storage, Azure Front Door" adds a
 * "service=foundation" pair to out for each foundation. -1 with a
 * sentence when the line names nothing. */
int	 depends_parse(struct strv *out, const char *service,
	     const char *foundations, char *err, size_t errlen);

#endif
