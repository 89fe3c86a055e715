/* parse-x.h: X API v2 answers (user lookup, a user's posts, errors, rate
 * limit headers) and the rule that turns posts into incident updates.
 * Pure functions of the bytes given; hostile input yields an error. */
#ifndef AZWATCH_PARSE_X_H
#define AZWATCH_PARSE_X_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"
#include "parse-rss.h"

/* Posts older than this never start an incident of their own. */
#define X_INCIDENT_MAX_AGE	(12 * 3600)

struct x_post {
	char	*id;		/* decimal string (or a bridge's guid/link) */
	char	*text;		/* plain text, unsanitized remote data */
	time_t	 created;	/* 0 if unknown */
};

struct x_timeline {
	struct x_post	*posts;	/* newest first */
	size_t		 n;
	char		*newest_id;	/* largest id seen, NULL if none */
};

struct x_rate {
	bool	 known;		/* the headers were present */
	long	 limit;
	long	 remaining;
	time_t	 reset;		/* Unix time the window resets, 0 unknown */
};

/* ^[A-Za-z0-9_]{1,15}$ */
bool	 x_username_valid(const char *);

/* {"data":{"id":...}} -> *id (caller frees). An {"errors":[...]} answer
 * gives its detail as the sentence. */
int	 x_parse_user(const char *data, size_t len, char **id, char *err,
	     size_t errlen);
/* {"data":[...],"meta":{...}}; no data (result_count 0) is an empty
 * timeline. Posts are sorted newest first. */
int	 x_parse_timeline(const char *data, size_t len, struct x_timeline *out,
	     char *err, size_t errlen);
/* An RSS or Atom bridge of the account: items become posts (title, else
 * the description as plain text; id from guid, else link). */
void	 x_timeline_from_feed(const struct rss_feed *, struct x_timeline *out);
void	 x_timeline_free(struct x_timeline *);

/* Keep at most max posts of both, newest first, without duplicates:
 * fresh ones are moved into keep. */
void	 x_timeline_merge(struct x_timeline *keep, struct x_timeline *fresh,
	     size_t max);

/* One sentence from an X error answer: {"errors":[{code,message}]},
 * problem objects {title,detail}, or just the status. Always fills err. */
void	 x_error_text(const char *data, size_t len, long status, char *err,
	     size_t errlen);

/* Compare two numeric ids (longer is larger); -1, 0, 1. */
int	 x_id_cmp(const char *, const char *);

/* From the x-rate-limit-* header values (any may be NULL). */
void	 x_rate_parse(const char *limit, const char *remaining,
	     const char *reset, struct x_rate *out);

/*
 * Posts into incidents (source CHAN_X), appended to out:
 * - a post naming a known incident's tracking id, or one of its services
 *   together with one of its regions, becomes an update of that incident
 *   (same key, so the merge joins them);
 * - otherwise a post starts its own incident ("x:<id>") only when it is
 *   not a reply (does not start with '@', is no routine answer to one
 *   person: "Please DM us", "Hi there", "We're sorry to hear", ...) and
 *   is younger than X_INCIDENT_MAX_AGE; then
 *   - a post naming Azure services with an incident word ("investigating",
 *     "mitigat", "outage", "degrad", "we're aware", ...) is an incident of
 *     each service in each region it names;
 *   - a post about Azure as a whole ("a networking issue impacting
 *     connectivity to Azure for a subset of users") is an incident with no
 *     services, no regions and no impacts, scenario SCEN_SCOPE_UNKNOWN.
 *   "mitigated"/"resolved" make it mitigated/resolved; derive_no_impact()
 *   sets no_impact.
 * Everything else stays a post in the pane only.
 */
void	 x_posts_to_incidents(const struct x_timeline *,
	     const struct inc_list *known, time_t now, struct inc_list *out);

#endif
