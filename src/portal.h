/* portal.h: what the Azure portal's Service Health blade says about an
 * incident that is not a field of its own: the share link, and when
 * Microsoft said the next update comes. Pure functions of the model. */
#ifndef AZWATCH_PORTAL_H
#define AZWATCH_PORTAL_H

#include <stdbool.h>
#include <time.h>

#include "model.h"

/* The portal's share link for the incident as one of the user's
 * subscriptions sees it, https://app.azure.com/h/<tracking id>/<first
 * three and last three characters of the subscription id>; NULL without
 * a tracking id or a subscription, or when either holds characters a
 * link cannot carry. Caller frees. */
char	*portal_link(const struct incident *);
/* The same for a tracking id and a subscription id. */
char	*portal_link_for(const char *tracking_id, const char *subscription);

/* The blade's "current status": the newest update's text after its
 * "Current Status:" heading, else the whole of it, on one line of at
 * most max bytes (an ellipsis where cut); NULL without updates. Caller
 * frees. */
char	*portal_current_status(const struct incident *, size_t max);

/* Whether two updates say the same (the status page repeats Service
 * Health's text with a footer of its own): compared on letters and
 * digits, ignoring case, up to the footer ("This message was last
 * updated", "Tracking ID:"). */
bool	 portal_update_same(const char *a, const char *b);

/* When the next update is expected, read from the newest update's text
 * ("The next update will be provided in 60 minutes", "... within 2
 * hours", "next update by 18:00 UTC"); 0 when it says nothing of the
 * kind. */
time_t	 portal_next_update(const struct incident *);
/* The same for one text posted at posted. */
time_t	 portal_next_update_in(const char *text, time_t posted);

#endif
