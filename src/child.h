/* child.h: the one way azwatch runs a child (az, tmux, notify_program,
 * xdg-open): no shell; default signal dispositions and an empty signal
 * mask; its own session and process group; an environment without
 * azwatch's secrets; stdin fed through a non-blocking pipe; a deadline
 * after which the whole group is killed; and always reaped. */
#ifndef AZWATCH_CHILD_H
#define AZWATCH_CHILD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"

struct child_opts {
	char *const	*argv;		/* argv[0] is looked up on PATH */
	const struct cfg *cfg;		/* names its secret variables; may be NULL */
	char *const	*env_add;	/* "NAME=value" set for the child, NULL-
					 * terminated; may be NULL */
	const char	*in;		/* fed to stdin; NULL: /dev/null */
	size_t		 inlen;
	bool		 capture;	/* keep stdout (up to max_out) and the start
					 * of stderr; otherwise both go to /dev/null */
	bool		 errors;	/* keep only the start of stderr (for
					 * messages); stdout to /dev/null */
	size_t		 max_out;
	int		 timeout_ms;	/* then the child's group is killed */
};

enum child_end {
	CHILD_RUNNING,
	CHILD_OK,		/* exit status 0 */
	CHILD_FAILED,		/* another exit status */
	CHILD_SIGNALLED,	/* killed by a signal not sent by us */
	CHILD_TIMEOUT,		/* ran past its deadline: killed */
	CHILD_TOO_BIG,		/* wrote more than max_out: killed */
	CHILD_STOPPED,		/* stopped early (abort, or freed running) */
	CHILD_NOT_FOUND,	/* no such program */
	CHILD_CANNOT		/* could not be started */
};

struct child;

/* Start a child. Never NULL: one that cannot start is a finished spawn
 * whose end says why. */
struct child *child_start(const struct child_opts *);
/* Feed stdin, collect output, enforce the deadline and reap, waiting at
 * most wait_ms for something to happen. true once the child is done. */
bool	 child_poll(struct child *, int wait_ms);
/* child_poll until done; abort (may be NULL) stops it early. */
enum child_end child_wait(struct child *, const atomic_int *abort);
enum child_end child_end(const struct child *);
int	 child_exit_status(const struct child *);	/* for CHILD_FAILED */
/* What happened, in words, for a message: "exited with status 3: <the
 * first line of its stderr, sanitized>", "did not finish within 10 s",
 * "not found". "" while running or after CHILD_OK. */
void	 child_describe(const struct child *, char *buf, size_t len);
/* The captured stdout (NUL-terminated), handed to the caller, who zeroes
 * and frees it: it may hold a token. */
char	*child_take_out(struct child *, size_t *len);
/* Kill a child still running, reap it, free everything. NULL is fine. */
void	 child_free(struct child *);

#endif
