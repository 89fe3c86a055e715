/* auth.h: ARM bearer tokens from a client secret, the Azure CLI, managed
 * identity or a given token, cached in memory and refreshed before they
 * expire. A token never appears in error text, logs or argv. */
#ifndef AZWATCH_AUTH_H
#define AZWATCH_AUTH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cfg.h"
#include "http.h"

/* Refresh this long before the token expires. */
#define AUTH_REFRESH_MARGIN	300

/* Why the last auth_token_get failed. */
enum auth_fail {
	AUTH_FAIL_NONE,
	AUTH_FAIL_UNCONFIGURED,	/* nothing to sign in with: say what to set */
	AUTH_FAIL_UNREACHABLE,	/* the sign-in endpoint could not be reached */
	AUTH_FAIL_REFUSED	/* it answered no (bad secret, expired login) */
};

struct auth;

struct auth *auth_new(const struct cfg *);	/* cfg must outlive it */
void	 auth_free(struct auth *);		/* zeroes the cached token */

/* A valid token (owned by auth, good until the next auth_ call by any
 * thread: single-threaded callers only) or NULL with a sentence in err.
 * abort may be NULL. */
const char *auth_token_get(struct auth *, struct http *,
	     const atomic_int *abort, time_t now, char *err, size_t errlen);
/* The same as a copy the caller owns (zero it before freeing), safe
 * when several threads share one auth; a second caller waits for the
 * first one's sign-in. *fail and *method (a static name, NULL before the
 * first token) as of this call. */
char	*auth_token_copy(struct auth *, struct http *, const atomic_int *abort,
	     time_t now, enum auth_fail *fail, const char **method, char *err,
	     size_t errlen);
/* Forget the cached token (after a 401): the next get signs in again. */
void	 auth_invalidate(struct auth *);
/* Forget it only if it is still token (ARM refused that one): another
 * thread's fresh token survives. */
void	 auth_reject(struct auth *, const char *token);
/* The method that produced the current token ("client-secret",
 * "azure-cli", "managed-identity", "token"), NULL before the first. */
const char *auth_method(const struct auth *);
enum auth_fail auth_last_fail(const struct auth *);
/* Sign-in attempts made so far (for tests and the bench). */
unsigned long auth_sign_ins(const struct auth *);

/* Run argv[0] as child.c runs every child (found on PATH, no shell, no
 * secrets in its environment, its group killed at the deadline) with
 * stdin from /dev/null and collect its stdout (at most max bytes) within
 * timeout_ms; abort (may be NULL) ends it early. On success *out is owned by the caller (zero it
 * before freeing: it may hold a secret). -2 when the program is not
 * found; -1 with a sentence in err if it cannot run, runs too long,
 * writes too much or exits non-zero (then err has its stderr's first
 * line). */
int	 auth_run(const struct cfg *, char *const argv[], int timeout_ms,
	     size_t max, const atomic_int *abort, char **out, size_t *outlen,
	     char *err, size_t errlen);

#endif
