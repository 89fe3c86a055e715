/* arm.h: the one ARM client. Every caller of Azure Resource Manager (the
 * Service Health and support channels, the wizard's ticket jobs, the
 * alert-rule audit and `alerts setup`) goes through it: it signs in, sends
 * the token only to the configured ARM endpoint (scheme, host and port,
 * parsed), follows next-page links only there, keeps within ARM's read
 * budget (shared by every caller, across threads), honours Retry-After and
 * signs in again once after a 401. Many requests go out at once through
 * http_do_many. */
#ifndef AZWATCH_ARM_H
#define AZWATCH_ARM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "auth.h"
#include "cfg.h"
#include "http.h"

/* Below this many reads left, requests are spaced out (and the Service
 * Health channel polls less often). */
#define ARM_READS_LOW		100
/* Never spend the last ones: a user acting in the portal needs them. */
#define ARM_READS_RESERVE	10

struct arm;

enum arm_err {
	ARM_ERR_NONE,
	ARM_ERR_UNCONFIGURED,	/* nothing to sign in with */
	ARM_ERR_SIGNIN,		/* sign-in refused */
	ARM_ERR_SIGNIN_DOWN,	/* the sign-in endpoint did not answer */
	ARM_ERR_TRANSPORT,	/* ARM did not answer (refused, timed out) */
	ARM_ERR_ABORTED,
	ARM_ERR_THROTTLED,	/* 429, or the read budget is spent */
	ARM_ERR_STATUS,		/* any other non-2xx answer: status */
	ARM_ERR_POLICY,		/* a URL or link off the ARM endpoint */
	ARM_ERR_BAD		/* a malformed answer or listing */
};

struct arm_error {
	enum arm_err	 kind;
	long		 status;	/* ARM_ERR_STATUS: the HTTP status */
	int		 retry_after;	/* ARM_ERR_THROTTLED: seconds */
	char		 msg[768];	/* a sentence; no token */
};

/* One request. url is absolute (on the ARM endpoint). */
struct arm_req {
	const char	*method;	/* NULL: GET, or POST with a body */
	const char	*url;
	const char	*body;		/* JSON, may be NULL */
	size_t		 max_bytes;	/* 0: the http default */
	bool		 graph;		/* Resource Graph: its own quota */
};

/* cfg must outlive it. The client is shared by every thread; each call
 * brings the calling thread's own http client. */
struct arm *arm_new(const struct cfg *);
void	 arm_free(struct arm *);
struct auth *arm_auth(struct arm *);
/* The configured endpoint without a trailing slash. */
const char *arm_endpoint(const struct arm *);
/* "signed in with azure-cli" names this; NULL before the first sign-in. */
const char *arm_method(const struct arm *);
/* Reads left as ARM last said (the lowest of the buckets it names), -1
 * while unknown. */
long	 arm_reads_left(const struct arm *);

/* Sign in (or reuse the token): 0, or -1 with err filled. */
int	 arm_sign_in(struct arm *, struct http *, const atomic_int *abort,
	     struct arm_error *);

/* n requests at once. resps[i] gets each answer; errs[i] says what
 * failed. An answer with any status is kind NONE except 429 (THROTTLED,
 * with retry_after); a 401 signs in again and is sent once more. Returns
 * how many have an error. */
size_t	 arm_do_many(struct arm *, struct http *, const atomic_int *abort,
	     const struct arm_req *reqs, struct http_resp *resps,
	     struct arm_error *errs, size_t n);
/* One request; 0 with an answer (any status but 429), -1 with err. */
int	 arm_do(struct arm *, struct http *, const atomic_int *abort,
	     const struct arm_req *, struct http_resp *, struct arm_error *);
/* A non-2xx answer as an error (ARM's own message). */
void	 arm_status_error(const struct http_resp *, struct arm_error *);

/* One page of a listing: parse data into arg, set *next (the callback's
 * caller frees it); -1 with a sentence in err. */
typedef int (*arm_page_fn)(const char *data, size_t len, void *arg,
	     char **next, char *err, size_t errlen);

/* A listing that follows nextLink, or an Azure Resource Graph query
 * (api-version 2022-10-01) that follows its $skipToken: with graph_query
 * set, url is not used, the query runs over graph_subs, and fn's *next is
 * the next $skipToken. */
struct arm_list {
	/* in */
	const char	*url;		/* first page */
	const char	*what;		/* "events", for messages */
	arm_page_fn	 fn;
	void		*arg;
	int		 max_pages;	/* more: truncated, not an error */
	const char	*graph_query;	/* NULL: a nextLink listing */
	const struct strv *graph_subs;
	/* out */
	int		 pages;
	bool		 truncated;
	bool		 repeated;	/* a page or token came again */
	struct arm_error err;		/* kind NONE: every page read */
};

/* n listings at once, Resource Graph queries among them: the first pages
 * together, then the second pages of those that have one, and so on. A
 * next page is fetched only on the ARM endpoint (same scheme, host and
 * port, no user name); another link is an ARM_ERR_POLICY error, a
 * repeated one ARM_ERR_BAD (and repeated), a non-2xx page ARM_ERR_STATUS.
 * Returns how many failed. */
size_t	 arm_list_many(struct arm *, struct http *, const atomic_int *abort,
	     struct arm_list *lists, size_t n);
int	 arm_list(struct arm *, struct http *, const atomic_int *abort,
	     struct arm_list *);

/* One Azure Resource Graph query over subs alone (arm_list_many with one
 * graph listing), at most max_pages. fn reads a page's body and sets
 * *skip to the next token or NULL; -1 with err stops with an ARM_ERR_BAD
 * error. *end says why paging ended. 0, or -1 with e. */
enum arm_graph_end {
	ARM_GRAPH_ALL,		/* the last page was read */
	ARM_GRAPH_REPEAT,	/* a $skipToken came again */
	ARM_GRAPH_CAP		/* max_pages were read */
};
typedef int (*arm_graph_page_fn)(const char *data, size_t len, void *arg,
    char **skip, char *err, size_t errlen);
int	 arm_graph(struct arm *, struct http *, const atomic_int *abort,
	     const struct strv *subs, const char *query, int max_pages,
	     arm_graph_page_fn fn, void *arg, int *pages,
	     enum arm_graph_end *end, struct arm_error *e);

/* "ARM reads left: 11,980" (or NULL while unknown); caller frees. */
char	*arm_budget_text(const struct arm *);

#endif
