/* child.c: running a child the one safe way: posix_spawnp without a shell,
 * clean signals, a scrubbed environment, non-blocking pipes, a deadline
 * and a reaper, so that no child can hang azwatch, outlive it or learn
 * its secrets. */
#include "config.h"
#include "child.h"

#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "sanitize.h"
#include "xmalloc.h"

extern char **environ;

#define CHILD_MAX_STDERR	4096

struct child {
	char		*name;		/* argv[0], for messages */
	pid_t		 pid;		/* 0 once reaped or never started */
	int		 pidfd;		/* -1 where the kernel has none */
	int		 in_fd, out_fd, err_fd;	/* -1 when closed */
	char		*in;		/* what stdin still gets */
	size_t		 inlen, inoff;
	size_t		 max_out;
	struct buf	 out, err;
	long		 deadline;	/* monotonic ms */
	int		 timeout_ms;
	enum child_end	 end;
	int		 status;	/* waitpid's */
	int		 error;		/* errno when it could not start */
};

static long
child_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
child_close(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

/* Whether the environment entry "NAME=value" must not reach a child: a
 * variable named as a secret, or a value that is a known secret. */
static bool
child_env_secret(const char *entry, const struct strv *names)
{
	const char *eq = strchr(entry, '=');
	size_t i, n;

	if (eq == NULL)
		return false;
	n = (size_t)(eq - entry);
	for (i = 0; i < names->n; i++) {
		if (strlen(names->v[i]) == n &&
		    strncmp(names->v[i], entry, n) == 0)
			return true;
	}
	return sanitize_secret_is(eq + 1);
}

static bool
child_env_added(const char *entry, char *const *add)
{
	const char *eq = strchr(entry, '=');
	size_t n = eq != NULL ? (size_t)(eq - entry) : strlen(entry);

	for (; add != NULL && *add != NULL; add++) {
		if (strncmp(*add, entry, n) == 0 && (*add)[n] == '=')
			return true;
	}
	return false;
}

/* The child's environment: azwatch's, less its secrets, plus add. The
 * array is the caller's; its strings are environ's or add's. */
static char **
child_env(const struct child_opts *o)
{
	struct strv names = { 0 };
	size_t n = 0, i, k = 0;
	char **env;

	cfg_secret_env(o->cfg, &names);
	while (environ[n] != NULL)
		n++;
	for (i = 0; o->env_add != NULL && o->env_add[i] != NULL; i++)
		n++;
	env = xreallocarray(NULL, n + 1, sizeof *env);
	for (i = 0; environ[i] != NULL; i++) {
		if (!child_env_secret(environ[i], &names) &&
		    !child_env_added(environ[i], o->env_add))
			env[k++] = environ[i];
	}
	for (i = 0; o->env_add != NULL && o->env_add[i] != NULL; i++)
		env[k++] = o->env_add[i];
	env[k] = NULL;
	strv_free(&names);
	return env;
}

static int
child_pipe(int fds[2], int ours)
{
	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	fcntl(fds[ours], F_SETFL, O_NONBLOCK);
	return 0;
}

struct child *
child_start(const struct child_opts *o)
{
	struct child *s = xcalloc(1, sizeof *s);
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
	sigset_t none, all;
	char **env;
	int rc;

	s->name = xstrdup(o->argv[0] != NULL ? o->argv[0] : "");
	s->pidfd = s->in_fd = s->out_fd = s->err_fd = -1;
	s->max_out = o->max_out;
	s->timeout_ms = o->timeout_ms;
	s->end = CHILD_RUNNING;
	buf_init(&s->out);
	buf_init(&s->err);
	if ((o->in != NULL && child_pipe(pin, 1) == -1) ||
	    (o->capture && child_pipe(pout, 0) == -1) ||
	    ((o->capture || o->errors) && child_pipe(perr, 0) == -1)) {
		s->error = errno;
		s->end = CHILD_CANNOT;
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	if (o->in != NULL)
		posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (o->capture)
		posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	if (o->capture || o->errors)
		posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	else
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawnattr_init(&at);
	/* the worker blocks signals and azwatch ignores SIGPIPE: the child
	 * starts clean */
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	/* its own session (no terminal to read the dashboard's keys from) and
	 * so its own process group, which a deadline kills whole */
#ifdef POSIX_SPAWN_SETSID
	flags |= POSIX_SPAWN_SETSID;
#else
	flags |= POSIX_SPAWN_SETPGROUP;
	posix_spawnattr_setpgroup(&at, 0);
#endif
	posix_spawnattr_setflags(&at, flags);
	env = child_env(o);
	rc = posix_spawnp(&s->pid, o->argv[0], &fa, &at, o->argv, env);
	free(env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		s->pid = 0;
		s->error = rc;
		s->end = rc == ENOENT ? CHILD_NOT_FOUND : CHILD_CANNOT;
		goto out;
	}
#ifdef SYS_pidfd_open
	s->pidfd = (int)syscall(SYS_pidfd_open, s->pid, 0);
	if (s->pidfd >= 0)
		fcntl(s->pidfd, F_SETFD, FD_CLOEXEC);
#endif
	s->deadline = child_now_ms() + o->timeout_ms;
	if (o->in != NULL) {
		s->in_fd = pin[1];
		pin[1] = -1;
		s->in = xmalloc(o->inlen + 1);
		memcpy(s->in, o->in, o->inlen);
		s->inlen = o->inlen;
	}
	s->out_fd = pout[0];
	s->err_fd = perr[0];
	pout[0] = perr[0] = -1;
out:
	child_close(&pin[0]);
	child_close(&pin[1]);
	child_close(&pout[0]);
	child_close(&pout[1]);
	child_close(&perr[0]);
	child_close(&perr[1]);
	return s;
}

/* Kill the whole group and reap: SIGKILL cannot be caught, so the wait
 * is short. */
static void
child_kill(struct child *s, enum child_end why)
{
	if (s->pid <= 0)
		return;
	kill(-s->pid, SIGKILL);
	kill(s->pid, SIGKILL);
	while (waitpid(s->pid, &s->status, 0) == -1 && errno == EINTR)
		;
	s->pid = 0;
	s->end = why;
}

/* Read what there is; the fd is closed at EOF or on an error. */
static void
child_read(struct child *s, int *fd, struct buf *b, size_t max)
{
	char chunk[4096];
	ssize_t n;
	int round;

	/* bounded: a grandchild that never stops writing cannot hold us */
	for (round = 0; round < 256; round++) {
		n = read(*fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		if (n <= 0) {
			child_close(fd);
			break;
		}
		if (b == &s->out && b->len + (size_t)n > max) {
			child_kill(s, CHILD_TOO_BIG);
			s->end = CHILD_TOO_BIG;	/* also when it had ended */
			break;
		}
		if (b == &s->out || b->len < CHILD_MAX_STDERR)
			buf_append(b, chunk, (size_t)n);
	}
	explicit_bzero(chunk, sizeof chunk);
}

/* write(2) that never raises SIGPIPE, whatever the process does with it:
 * the signal is blocked for the call and a pending one it caused taken. */
static ssize_t
child_write_nosig(int fd, const void *p, size_t len)
{
	struct timespec zero = { 0, 0 };
	sigset_t pipe, old, pending;
	bool was_pending;
	ssize_t n;
	int e;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, &old);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	n = write(fd, p, len);
	e = errno;
	if (n == -1 && e == EPIPE && !was_pending)
		(void)sigtimedwait(&pipe, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return n;
}

static void
child_write(struct child *s)
{
	ssize_t n;

	while (s->inoff < s->inlen) {
		n = child_write_nosig(s->in_fd, s->in + s->inoff,
		    s->inlen - s->inoff);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0)
			break;		/* EPIPE: it did not want it */
		s->inoff += (size_t)n;
	}
	child_close(&s->in_fd);	/* all of it, or it stopped reading */
}

static void
child_reaped(struct child *s)
{
	s->pid = 0;
	if (WIFEXITED(s->status))
		s->end = WEXITSTATUS(s->status) == 0 ? CHILD_OK : CHILD_FAILED;
	else
		s->end = CHILD_SIGNALLED;
	/* what it wrote before it ended is in the pipes; a grandchild that
	 * holds them open is not waited for */
	if (s->out_fd >= 0)
		child_read(s, &s->out_fd, &s->out, s->max_out);
	if (s->err_fd >= 0)
		child_read(s, &s->err_fd, &s->err, CHILD_MAX_STDERR);
}

bool
child_poll(struct child *s, int wait_ms)
{
	struct pollfd pfd[4];
	int nfd = 0, i, rc;
	long left;
	pid_t r;

	if (s->end != CHILD_RUNNING)
		return true;
	r = waitpid(s->pid, &s->status, WNOHANG);
	if (r == s->pid) {
		child_reaped(s);
		return true;
	}
	left = s->deadline - child_now_ms();
	if (left <= 0) {
		child_kill(s, CHILD_TIMEOUT);
		return true;
	}
	if (wait_ms > left)
		wait_ms = (int)left;
	if (s->in_fd >= 0)
		pfd[nfd++] = (struct pollfd){ .fd = s->in_fd, .events = POLLOUT };
	if (s->out_fd >= 0)
		pfd[nfd++] = (struct pollfd){ .fd = s->out_fd, .events = POLLIN };
	if (s->err_fd >= 0)
		pfd[nfd++] = (struct pollfd){ .fd = s->err_fd, .events = POLLIN };
	if (s->pidfd >= 0)
		pfd[nfd++] = (struct pollfd){ .fd = s->pidfd, .events = POLLIN };
	else if (wait_ms > 50)
		wait_ms = 50;	/* no pidfd: look for its end now and then */
	rc = poll(pfd, (nfds_t)nfd, wait_ms);
	for (i = 0; rc > 0 && i < nfd && s->end == CHILD_RUNNING; i++) {
		if (pfd[i].revents == 0)
			continue;
		if (pfd[i].fd == s->in_fd)
			child_write(s);
		else if (pfd[i].fd == s->out_fd)
			child_read(s, &s->out_fd, &s->out, s->max_out);
		else if (pfd[i].fd == s->err_fd)
			child_read(s, &s->err_fd, &s->err, CHILD_MAX_STDERR);
	}
	if (s->end != CHILD_RUNNING)
		return true;
	r = waitpid(s->pid, &s->status, WNOHANG);
	if (r == s->pid) {
		child_reaped(s);
		return true;
	}
	if (s->deadline - child_now_ms() <= 0) {
		child_kill(s, CHILD_TIMEOUT);
		return true;
	}
	return false;
}

enum child_end
child_wait(struct child *s, const atomic_int *abort)
{
	while (!child_poll(s, 200)) {
		if (abort != NULL && atomic_load(abort))
			child_kill(s, CHILD_STOPPED);
	}
	return s->end;
}

enum child_end
child_end(const struct child *s)
{
	return s->end;
}

int
child_exit_status(const struct child *s)
{
	return WIFEXITED(s->status) ? WEXITSTATUS(s->status) : -1;
}

/* The first non-blank line of its stderr, sanitized, clipped. */
static void
child_first_line(const struct child *s, char *out, size_t outlen)
{
	const char *p = buf_str(&s->err);
	char *clean;
	size_t n;

	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	n = strcspn(p, "\r\n");
	clean = sanitize(p, n > 300 ? 300 : n, 0);
	snprintf(out, outlen, "%s", clean);
	free(clean);
}

void
child_describe(const struct child *s, char *buf, size_t len)
{
	char line[400];

	if (len == 0)
		return;
	buf[0] = '\0';
	switch (s->end) {
	case CHILD_RUNNING:
	case CHILD_OK:
		break;
	case CHILD_FAILED:
		child_first_line(s, line, sizeof line);
		snprintf(buf, len, "exited with status %d%s%s",
		    child_exit_status(s), line[0] != '\0' ? ": " : "", line);
		break;
	case CHILD_SIGNALLED:
		snprintf(buf, len, "was killed by signal %d",
		    WTERMSIG(s->status));
		break;
	case CHILD_TIMEOUT:
		if (s->timeout_ms % 1000 == 0)
			snprintf(buf, len, "did not finish within %d s and was "
			    "stopped", s->timeout_ms / 1000);
		else
			snprintf(buf, len, "did not finish within %d ms and was "
			    "stopped", s->timeout_ms);
		break;
	case CHILD_TOO_BIG:
		snprintf(buf, len, "wrote more than %zu bytes and was stopped",
		    s->max_out);
		break;
	case CHILD_STOPPED:
		snprintf(buf, len, "was stopped");
		break;
	case CHILD_NOT_FOUND:
		snprintf(buf, len, "not found");
		break;
	case CHILD_CANNOT:
		snprintf(buf, len, "cannot be run: %s", strerror(s->error));
		break;
	}
}

char *
child_take_out(struct child *s, size_t *len)
{
	char *p;

	*len = s->out.len;
	p = buf_steal(&s->out);
	return p != NULL ? p : xstrdup("");
}

void
child_free(struct child *s)
{
	if (s == NULL)
		return;
	child_kill(s, CHILD_STOPPED);
	child_close(&s->in_fd);
	child_close(&s->out_fd);
	child_close(&s->err_fd);
	child_close(&s->pidfd);
	if (s->out.data != NULL)
		explicit_bzero(s->out.data, s->out.cap);
	buf_free(&s->out);
	buf_free(&s->err);
	free(s->in);
	free(s->name);
	free(s);
}
