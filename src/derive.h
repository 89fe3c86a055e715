/* derive.h: what a status-page item means: stage, services and regions,
 * tracking id, plain text, and which of the seed's three scenarios it
 * suggests. */
#ifndef AZWATCH_DERIVE_H
#define AZWATCH_DERIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "parse-rss.h"

/* The status feed's channel title must be "Azure Status"; anything else is
 * an error (a captive portal, a wrong URL), never "healthy". 0 on success
 * (out gets one incident per item, source CHAN_STATUS_PAGE), -1 with err. */
int	 derive_status_feed(const struct rss_feed *, struct inc_list *out,
	     char *err, size_t errlen);
/* "Investigating"/"Mitigating"/"Active" -> active, "Mitigated" ->
 * mitigated, "Resolved" -> resolved; *found false if no stage word. */
enum inc_status derive_stage(const char *text, bool *found);
/* First tracking id in text ("Tracking ID: VN8T-TZ8", "trackingId=..."),
 * caller frees, NULL if none. */
char	*derive_tracking_id(const char *text);
enum scenario derive_scenario(const struct incident *);
/* A "No Impact" communication: the title starts "No Impact", or a
 * sentence of text starts by saying that customers, the subscription or
 * its resources were not impacted ("No customer impact.", "Your
 * subscription was not impacted by this event."). Either may be NULL.
 * Such a communication never makes an incident match. */
bool	 derive_no_impact(const char *title, const char *text);

#endif
