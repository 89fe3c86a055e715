/* fired.h: the user's fired Azure Monitor alerts, each read with its
 * target resource, that resource's Service Health service and region,
 * and what decide() says about it. Read by the Service Health channel on
 * its own cadence through the one ARM client; handed to the UI in the
 * snapshot as an immutable, reference-counted set. */
#ifndef AZWATCH_FIRED_H
#define AZWATCH_FIRED_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cfg.h"
#include "decide.h"
#include "model.h"
#include "restype.h"

#define FIRED_API_VERSION	"2019-05-05-preview"
/* What a user without it must be granted, in words. */
#define FIRED_GRANT	"Microsoft.AlertsManagement/alerts/read " \
			"(e.g. the Monitoring Reader role)"

/* One page of Alerts_GetAll, or of a Resource Graph answer over
 * alertsmanagementresources (objectArray rows): alerts appended to set;
 * *next gets the nextLink / $skipToken (caller frees). Alerts that are
 * not Fired are left out. -1 with a sentence in err. */
int	 fired_parse_list(const char *data, size_t len, struct fired_set *,
	     char **next, char *err, size_t errlen);
int	 fired_parse_graph(const char *data, size_t len, struct fired_set *,
	     char **skip, char *err, size_t errlen);
/* A Resource Graph answer of "resources | project id, location" rows:
 * "id\tlocation" strings appended to out. */
int	 fired_parse_locations(const char *data, size_t len, struct strv *out,
	     char **skip, char *err, size_t errlen);

/* The reader, owned by the Service Health channel: keeps what Resource
 * Graph said about regions between polls. */
struct fired;
struct poll_ctx;
struct fired *fired_new(void);
void	 fired_free(struct fired *);
/* Read every fired alert of the last day in subs (one Resource Graph
 * query when graph), with the regions of their resources and their
 * services by types (Support's service list; NULL: the built-in table).
 * Never NULL. */
struct fired_set *fired_poll(struct fired *, struct poll_ctx *,
	     const struct strv *subs, bool graph,
	     const struct restype_map *types);

/* The filters: severity (cfg's [alerts] severities unless sev_mask is
 * not 0), subscription and resource group (NULL: cfg's lists). */
bool	 fired_shown(const struct fired_alert *, const struct cfg *,
	     unsigned sev_mask, const char *sub, const char *rg);

/* The answers decide() gets for an alert: its service (or its resource
 * type when no service is known), its region, its resource, since = when
 * it fired. Strings borrowed from the alert. */
void	 fired_answers(const struct fired_alert *, const struct strv *depends,
	     struct answers *out);
/* The verdict for one alert, as checkrun_decide() gives it (waiting and
 * timeout as there; 0 and 0 read the snapshot as it is), with sentences
 * about the alert first in the evidence. */
void	 fired_decide(const struct fired_alert *, const struct snapshot *,
	     const struct strv *depends, unsigned waiting, int timeout,
	     time_t now, struct decision *out);
/* The lag record's "your alert": every incident a fired alert of
 * s->fired is judged to be (azure-incident) gets the alert's start in
 * seen[LAG_ALERT], the earliest alert's. Before the snapshot is
 * published. */
void	 fired_lag(struct snapshot *, const struct strv *depends, time_t now);

/* The order of `check --alerts`' exit status: higher is more severe.
 * azure-incident > mitigated-persisting > not-matching > undetermined >
 * no-known-incident. */
int	 fired_verdict_rank(enum verdict);

#endif
