/* notify.c: what is new since the last look, rate-limited into one
 * notification per window, delivered to tmux and notify_program by
 * posix_spawn (no shell, no terminal) and queued as notices for the UI. */
#include "config.h"
#include "notify.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "incjson.h"
#include "sanitize.h"
#include "xmalloc.h"

extern char **environ;

/* Columns of remote text in one tmux message or desktop notification. */
#define NOTIFY_COLS	160
/* How long the worker waits to hand the JSON to notify_program. */
#define NOTIFY_WRITE_MS	2000
#define NOTIFY_MAX_CHILDREN 32

struct notify {
	const struct cfg	*cfg;
	notify_filter_fn	 filter;
	void			*farg;
	bool			 quiet_program;

	uint64_t		*seen;		/* open addressing, 0 = free */
	size_t			 seen_cap;
	size_t			 seen_n;

	/* pending since the last notification */
	int			 p_new;		/* new incidents */
	int			 p_upd;		/* new updates or status changes */
	struct strv		 p_keys;
	struct incident		*p_last;	/* newest touched (a copy) */
	char			*p_text;	/* what is new about p_last */
	time_t			 last_sent;

	struct notice		 ring[NOTIFY_KEEP];
	size_t			 nring;		/* oldest is ring[0] */
	unsigned long		 next_id;

	pid_t			 children[NOTIFY_MAX_CHILDREN];
	size_t			 nchildren;
};

static uint64_t
fp(const char *tag, const char *key, long t, int src, const char *text)
{
	const char *parts[3] = { tag, key, text };
	uint64_t h = 14695981039346656037ULL;
	long nums[2] = { t, src };
	const unsigned char *p;
	size_t i, k;

	for (k = 0; k < 3; k++) {
		for (p = (const unsigned char *)parts[k]; *p != '\0'; p++) {
			h ^= *p;
			h *= 1099511628211ULL;
		}
		h ^= 0xff;
		h *= 1099511628211ULL;
	}
	p = (const unsigned char *)nums;
	for (i = 0; i < sizeof nums; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h == 0 ? 1 : h;
}

/* Add h; true if it was not there. */
static bool
seen_add(struct notify *n, uint64_t h)
{
	size_t i, old;
	uint64_t *ov;

	if (n->seen_cap != 0) {
		for (i = h & (n->seen_cap - 1); n->seen[i] != 0;
		    i = (i + 1) & (n->seen_cap - 1)) {
			if (n->seen[i] == h)
				return false;
		}
	}
	if ((n->seen_n + 1) * 2 > n->seen_cap) {
		ov = n->seen;
		old = n->seen_cap;
		n->seen_cap = old == 0 ? 256 : old * 2;
		n->seen = xcalloc(n->seen_cap, sizeof *n->seen);
		n->seen_n = 0;
		for (i = 0; i < old; i++) {
			if (ov[i] != 0)
				seen_add(n, ov[i]);
		}
		free(ov);
	}
	for (i = h & (n->seen_cap - 1); n->seen[i] != 0;
	    i = (i + 1) & (n->seen_cap - 1))
		;
	n->seen[i] = h;
	n->seen_n++;
	return true;
}

struct notify *
notify_new(const struct cfg *cfg)
{
	struct notify *n = xcalloc(1, sizeof *n);

	n->cfg = cfg;
	n->next_id = 1;
	return n;
}

static void
reap(struct notify *n)
{
	size_t i = 0;

	while (i < n->nchildren) {
		if (waitpid(n->children[i], NULL, WNOHANG) != 0) {
			n->children[i] = n->children[--n->nchildren];
			continue;
		}
		i++;
	}
}

static void
pending_clear(struct notify *n)
{
	n->p_new = n->p_upd = 0;
	strv_free(&n->p_keys);
	incident_free(n->p_last);
	n->p_last = NULL;
	free(n->p_text);
	n->p_text = NULL;
}

void
notify_free(struct notify *n)
{
	size_t i;

	if (n == NULL)
		return;
	reap(n);
	pending_clear(n);
	for (i = 0; i < n->nring; i++)
		notice_free(&n->ring[i]);
	free(n->seen);
	free(n);
}

void
notify_set_filter(struct notify *n, notify_filter_fn fn, void *arg)
{
	n->filter = fn;
	n->farg = arg;
}

void
notify_set_quiet_program(struct notify *n, bool quiet)
{
	n->quiet_program = quiet;
}

/* Mark everything about inc as seen; returns what was new. */
static void
mark(struct notify *n, const struct incident *inc, bool *new_inc,
    int *new_upd, const struct update **newest, bool *new_status)
{
	const struct update *u;
	size_t i;

	*new_inc = seen_add(n, fp("inc", inc->key, 0, 0, ""));
	*new_status = seen_add(n, fp("status", inc->key, (long)inc->status, 0,
	    ""));
	*new_upd = 0;
	*newest = NULL;
	for (i = 0; i < inc->nupdates; i++) {
		u = &inc->updates[i];
		if (seen_add(n, fp("upd", inc->key, (long)u->time,
		    (int)u->source, u->text != NULL ? u->text : ""))) {
			(*new_upd)++;
			if (*newest == NULL)
				*newest = u;	/* updates are newest first */
		}
	}
}

void
notify_prime(struct notify *n, const struct inc_list *l)
{
	const struct update *u;
	bool a, c;
	size_t i;
	int b;

	for (i = 0; i < l->n; i++)
		mark(n, l->v[i], &a, &b, &u, &c);
}

/* The first line of s, at most a few hundred bytes; caller frees. */
static char *
first_line(const char *s)
{
	size_t len = strcspn(s != NULL ? s : "", "\r\n");

	return xstrndup(s != NULL ? s : "", len > 400 ? 400 : len);
}

void
notify_scan(struct notify *n, const struct inc_list *l)
{
	const struct incident *inc;
	const struct update *u;
	bool new_inc, new_status;
	int new_upd;
	char *text;
	size_t i;

	for (i = 0; i < l->n; i++) {
		inc = l->v[i];
		mark(n, inc, &new_inc, &new_upd, &u, &new_status);
		if (!new_inc && new_upd == 0 && !new_status)
			continue;
		if (n->filter != NULL && !n->filter(inc, n->farg))
			continue;
		if (new_inc) {
			n->p_new++;
			text = xasprintf("new %s", inc_type_name(inc->type));
		} else if (new_upd > 0) {
			n->p_upd += new_upd;
			text = first_line(u->text);
		} else {
			n->p_upd++;
			text = xasprintf("now %s", inc_status_name(inc->status));
		}
		strv_add_unique(&n->p_keys, inc->key);
		if (n->p_last == NULL || inc->last_update >= n->p_last->last_update) {
			incident_free(n->p_last);
			n->p_last = incident_dup(inc);
			free(n->p_text);
			n->p_text = text;
		} else
			free(text);
	}
}

time_t
notify_due(const struct notify *n)
{
	if (n->p_last == NULL)
		return 0;
	if (n->last_sent == 0)
		return 1;
	return n->last_sent + NOTIFY_WINDOW;
}

static void
keep(struct notify *n, enum notice_kind kind, const char *key,
    const char *title, const char *text)
{
	struct notice *nt;

	if (n->nring == NOTIFY_KEEP) {
		notice_free(&n->ring[0]);
		memmove(&n->ring[0], &n->ring[1],
		    (NOTIFY_KEEP - 1) * sizeof n->ring[0]);
		n->nring--;
	}
	nt = &n->ring[n->nring++];
	nt->id = n->next_id++;
	nt->kind = kind;
	nt->key = xstrdup(key);
	nt->title = xstrdup(title != NULL ? title : "");
	nt->text = xstrdup(text != NULL ? text : "");
}

/* posix_spawnp with stdin from in_fd (or /dev/null), output to
 * /dev/null, default signals, in its own session. */
static void
spawn(struct notify *n, char *const argv[], char *const envp[], int in_fd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, def;
	short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
	pid_t pid;

	reap(n);
	if (n->nchildren == NOTIFY_MAX_CHILDREN)
		return;		/* something hangs: do not pile up more */
	posix_spawn_file_actions_init(&fa);
	if (in_fd != -1)
		posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
		    O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGQUIT);
	sigaddset(&def, SIGTERM);
#ifdef POSIX_SPAWN_SETSID
	flags |= POSIX_SPAWN_SETSID;
#endif
	posix_spawnattr_setflags(&at, flags);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &def);
	if (posix_spawnp(&pid, argv[0], &fa, &at, argv, envp) == 0)
		n->children[n->nchildren++] = pid;
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
}

static void
run_tmux(struct notify *n, const char *title, const char *text)
{
	char *t = notify_tmux_text(title), *x = notify_tmux_text(text);
	char *msg = xasprintf("azwatch: %s%s%s", t, *t != '\0' ? ": " : "", x);
	char *argv[] = { (char *)"tmux", (char *)"display-message", msg, NULL };

	spawn(n, argv, environ, -1);
	free(msg);
	free(t);
	free(x);
}

static void
write_timeout(int fd, const char *p, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	struct timespec t0, t1;
	ssize_t w;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (len > 0) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = NOTIFY_WRITE_MS - ((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (ms <= 0 || poll(&pfd, 1, (int)ms) <= 0)
			return;
		w = write(fd, p, len);
		if (w == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return;		/* EPIPE: it did not want it */
		}
		p += w;
		len -= (size_t)w;
	}
}

static void
run_program(struct notify *n, enum notice_kind kind, const char *text)
{
	static const char *kinds[] = { "incident", "update", "summary" };
	char *argv[] = { n->cfg->notify_program, NULL };
	char **envp, *json, *k, *t, *clean;
	size_t ne = 0, i;
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) == -1)
		return;
	for (ne = 0; environ[ne] != NULL; ne++)
		;
	envp = xreallocarray(NULL, ne + 3, sizeof *envp);
	for (i = 0; i < ne; i++)
		envp[i] = environ[i];
	k = xasprintf("AZWATCH_NOTIFY_KIND=%s", kinds[kind]);
	clean = sanitize_str(text);
	t = xasprintf("AZWATCH_NOTIFY_TEXT=%s", clean);
	free(clean);
	envp[ne] = k;
	envp[ne + 1] = t;
	envp[ne + 2] = NULL;
	spawn(n, argv, envp, fds[0]);
	close(fds[0]);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	json = notify_incident_json(n->p_last);
	write_timeout(fds[1], json, strlen(json));
	close(fds[1]);
	free(json);
	free(k);
	free(t);
	free(envp);
}

bool
notify_flush(struct notify *n, time_t now)
{
	enum notice_kind kind;
	char *text;
	const char *title;
	int total;

	reap(n);
	if (n->p_last == NULL)
		return false;
	if (n->last_sent != 0 && now < n->last_sent + NOTIFY_WINDOW)
		return false;
	total = n->p_new + n->p_upd;
	title = n->p_last->title != NULL ? n->p_last->title : n->p_last->key;
	if (n->p_keys.n == 1 && total == 1) {
		kind = n->p_new ? NOTICE_INCIDENT : NOTICE_UPDATE;
		text = xstrdup(n->p_text);
	} else if (n->p_keys.n == 1) {
		kind = n->p_new ? NOTICE_INCIDENT : NOTICE_UPDATE;
		if (n->p_new)
			text = xasprintf("new incident, %d updates", n->p_upd);
		else
			text = xasprintf("%d updates", n->p_upd);
	} else {
		kind = NOTICE_SUMMARY;
		title = "Azure";
		if (n->p_new > 0 && n->p_upd > 0)
			text = xasprintf("%d new incidents, %d updates",
			    n->p_new, n->p_upd);
		else if (n->p_new > 0)
			text = xasprintf("%d new incidents", n->p_new);
		else
			text = xasprintf("%d updates, %zu incidents", n->p_upd,
			    n->p_keys.n);
	}
	keep(n, kind, n->p_last->key, title, text);
	if (n->cfg->notify_tmux && getenv("TMUX") != NULL &&
	    *getenv("TMUX") != '\0')
		run_tmux(n, title, text);
	if (n->cfg->notify_program != NULL && *n->cfg->notify_program != '\0' &&
	    !n->quiet_program)
		run_program(n, kind, text);
	free(text);
	pending_clear(n);
	n->last_sent = now;
	return true;
}

void
notify_notices(const struct notify *n, struct notice **out, size_t *nout)
{
	size_t i;

	*out = NULL;
	*nout = 0;
	if (n->nring == 0)
		return;
	*out = xreallocarray(NULL, n->nring, sizeof **out);
	for (i = 0; i < n->nring; i++)
		notice_copy(&(*out)[i], &n->ring[i]);
	*nout = n->nring;
}

/* Sanitized, clipped, with every byte in bad replaced by ','. */
static char *
clean(const char *s, const char *bad)
{
	char *c = sanitize_str(s), *p;
	int used;

	c[sanitize_clip(c, NOTIFY_COLS, &used)] = '\0';
	for (p = c; *p != '\0'; p++) {
		if (strchr(bad, *p) != NULL)
			*p = ',';
	}
	return c;
}

void
notify_osc(const struct notice *nt, enum cfg_desktop d, char *buf,
    size_t len)
{
	char *title, *text;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (d == DESKTOP_OFF)
		return;
	title = clean(nt->title, ";");
	text = clean(nt->text, ";");
	if (d == DESKTOP_OSC9)
		snprintf(buf, len, "\033]9;azwatch: %s: %s\007", title, text);
	else
		snprintf(buf, len, "\033]777;notify;azwatch: %s;%s\007", title,
		    text);
	/* a clipped sequence would leave the terminal in OSC state */
	if (strlen(buf) + 1 >= len)
		buf[0] = '\0';
	free(title);
	free(text);
}

char *
notify_tmux_text(const char *s)
{
	char *c = clean(s, ""), *p;
	struct buf b;

	buf_init(&b);
	for (p = c; *p != '\0'; p++) {
		if (*p == '#')
			buf_putc(&b, '#');
		buf_putc(&b, *p);
	}
	free(c);
	return b.data != NULL ? buf_steal(&b) : xstrdup("");
}

/* The public incident object, as `status --json` prints it. */
char *
notify_incident_json(const struct incident *inc)
{
	return incjson_text(inc, 0);
}
