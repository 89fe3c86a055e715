/* notify.c: what is new since the last look, rate-limited into one
 * notification per window, delivered to tmux and notify_program as
 * children (child.c: no shell, no terminal, no secrets, a deadline) and
 * queued as notices for the UI. */
#include "config.h"
#include "notify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apiword.h"
#include "buf.h"
#include "child.h"
#include "incjson.h"
#include "sanitize.h"
#include "seen.h"
#include "xmalloc.h"

/* Columns of remote text in one tmux message or desktop notification. */
#define NOTIFY_COLS	160
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
	int			 p_start;	/* active at the start (summary) */
	char			*p_stext;	/* the start summary's text */
	struct strv		 p_keys;
	struct incident		*p_last;	/* newest touched (a copy) */
	char			*p_text;	/* what is new about p_last */
	time_t			 last_sent;

	/* the first complete poll of a start with no history: what is
	 * active then is told in one summary once every channel answered */
	bool			 started;
	struct inc_list		 base;
	const struct seen	*read;		/* read marks at the start */

	struct notice		 ring[NOTIFY_KEEP];
	size_t			 nring;		/* oldest is ring[0] */
	unsigned long		 next_id;

	/* running children, and what went wrong with the last one */
	struct child		*children[NOTIFY_MAX_CHILDREN];
	char			*what[NOTIFY_MAX_CHILDREN];	/* for messages */
	size_t			 nchildren;
	time_t			 look_again;	/* at the running children */
	char			*problem;	/* NULL after a good run */
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

/* Feed, time out and reap the children; one that failed, was missing
 * or hung becomes the problem reported until a later one succeeds. */
static void
reap(struct notify *n)
{
	char why[512];
	size_t i = 0;

	while (i < n->nchildren) {
		if (!child_poll(n->children[i], 0)) {
			i++;
			continue;
		}
		child_describe(n->children[i], why, sizeof why);
		free(n->problem);
		n->problem = why[0] != '\0' ?
		    xasprintf("%s %s", n->what[i], why) : NULL;
		child_free(n->children[i]);
		free(n->what[i]);
		n->nchildren--;
		n->children[i] = n->children[n->nchildren];
		n->what[i] = n->what[n->nchildren];
	}
	/* a running child is looked at every second, so that one past its
	 * deadline is killed then, not at the next poll */
	n->look_again = n->nchildren > 0 ? time(NULL) + 1 : 0;
}

static void
pending_clear(struct notify *n)
{
	n->p_new = n->p_upd = n->p_start = 0;
	free(n->p_stext);
	n->p_stext = NULL;
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
	/* quitting never waits on a child: those still running are killed */
	for (i = 0; i < n->nchildren; i++) {
		child_free(n->children[i]);
		free(n->what[i]);
	}
	free(n->problem);
	pending_clear(n);
	inc_list_clear(&n->base);
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

void
notify_set_seen(struct notify *n, const struct seen *s)
{
	n->read = s;
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

/* What the start summary counts: Azure's own incidents, still active
 * (not maintenance or advisories, not azwatch's early warnings). */
static bool
active_incident(const struct incident *inc)
{
	return inc->status == INC_ACTIVE && !inc->early &&
	    (inc->type == INC_SERVICE_ISSUE || inc->type == INC_OTHER);
}

void
notify_baseline(struct notify *n, const struct inc_list *l)
{
	const struct update *u;
	bool new_inc, c;
	size_t i;
	int b;

	for (i = 0; i < l->n; i++) {
		mark(n, l->v[i], &new_inc, &b, &u, &c);
		/* known already (the journal, another channel, read by the
		 * user and unchanged since): not news */
		if (n->started || !new_inc || !active_incident(l->v[i]) ||
		    inc_list_find(&n->base, l->v[i]->key) != NULL ||
		    (n->read != NULL && !seen_unread(n->read, l->v[i])))
			continue;
		inc_list_add(&n->base, incident_ref(l->v[i]));
	}
}

void
notify_started(struct notify *n)
{
	const struct incident *inc;
	struct buf b;
	size_t i;
	int count = 0;

	if (n->started)
		return;
	n->started = true;
	buf_init(&b);
	/* the filters are asked now, when the UI has surely set them */
	for (i = 0; i < n->base.n; i++) {
		inc = n->base.v[i];
		if (n->filter != NULL && !n->filter(inc, n->farg))
			continue;
		buf_printf(&b, "%s%s", count == 0 ? ": " : "; ",
		    inc->title != NULL ? inc->title : inc->key);
		count++;
		strv_add_unique(&n->p_keys, inc->key);
		if (n->p_last == NULL || inc->last_update > n->p_last->last_update) {
			incident_free(n->p_last);
			n->p_last = incident_dup(inc);
		}
	}
	inc_list_clear(&n->base);
	if (count > 0) {
		n->p_start = count;
		n->p_stext = xasprintf("%d active Azure incident%s for your "
		    "filters%s", count, count == 1 ? "" : "s", b.data);
	}
	buf_free(&b);
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
			text = xasprintf("new %s",
			    apiword_text(inc_type_name(inc->type)));
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
	time_t due;

	if (n->p_last == NULL)
		return n->look_again;
	due = n->last_sent == 0 ? 1 : n->last_sent + NOTIFY_WINDOW;
	return n->look_again != 0 && n->look_again < due ? n->look_again : due;
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

/* Start a child (stdin: in, or /dev/null); what names it in messages. */
static void
spawn(struct notify *n, const char *what, char *const argv[],
    char *const env_add[], const char *in)
{
	struct child_opts o = {
		.argv = argv,
		.cfg = n->cfg,
		.env_add = env_add,
		.in = in,
		.inlen = in != NULL ? strlen(in) : 0,
		.errors = true,
		.timeout_ms = (n->cfg->notify_timeout > 0 ?
		    n->cfg->notify_timeout : 30) * 1000,
	};
	struct child *c;
	char why[512];

	reap(n);
	if (n->nchildren == NOTIFY_MAX_CHILDREN) {
		/* something hangs: do not pile up more */
		free(n->problem);
		n->problem = xasprintf("%s not run: %d earlier runs have not "
		    "finished", what, NOTIFY_MAX_CHILDREN);
		return;
	}
	c = child_start(&o);
	if (child_poll(c, 0) && child_end(c) != CHILD_OK) {
		/* missing, or could not start: say so at once */
		child_describe(c, why, sizeof why);
		free(n->problem);
		n->problem = xasprintf("%s %s", what, why);
		child_free(c);
		return;
	}
	n->children[n->nchildren] = c;
	n->what[n->nchildren++] = xstrdup(what);
	n->look_again = time(NULL) + 1;
}

static void
run_tmux(struct notify *n, const char *title, const char *text)
{
	char *t = notify_tmux_text(title), *x = notify_tmux_text(text);
	char *msg = xasprintf("azwatch: %s%s%s", t, *t != '\0' ? ": " : "", x);
	char *argv[] = { (char *)"tmux", (char *)"display-message", msg, NULL };

	spawn(n, "tmux display-message", argv, NULL, NULL);
	free(msg);
	free(t);
	free(x);
}

static void
run_program(struct notify *n, enum notice_kind kind, const char *text)
{
	static const char *kinds[] = { "incident", "update", "summary" };
	char *argv[] = { n->cfg->notify_program, NULL };
	char *env[3], *json, *clean, *what;

	env[0] = xasprintf("AZWATCH_NOTIFY_KIND=%s", kinds[kind]);
	clean = sanitize_str(text);
	env[1] = xasprintf("AZWATCH_NOTIFY_TEXT=%s", clean);
	env[2] = NULL;
	free(clean);
	json = notify_incident_json(n->p_last);
	what = xasprintf("notify_program %s", n->cfg->notify_program);
	spawn(n, what, argv, env, json);
	free(what);
	free(json);
	free(env[0]);
	free(env[1]);
}

const char *
notify_problem(struct notify *n)
{
	reap(n);
	return n->problem;
}

void
notify_report(struct notify *n, struct chan_status *st)
{
	const char *p = notify_problem(n);
	char *d;

	if (p == NULL)
		return;
	d = st->detail != NULL && *st->detail != '\0' ?
	    xasprintf("%s\n%s", st->detail, p) : xstrdup(p);
	free(st->detail);
	st->detail = d;
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
	if (n->p_start > 0) {
		/* a start with no history: what is active, in one */
		kind = NOTICE_SUMMARY;
		title = "Azure";
		text = total == 0 ? xstrdup(n->p_stext) :
		    xasprintf("%s (and %d new, %d updates since)", n->p_stext,
		    n->p_new, n->p_upd);
	} else if (n->p_keys.n == 1 && total == 1) {
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
	/* the start summary tells the past: it holds no news back */
	if (n->p_start == 0 || total > 0)
		n->last_sent = now;
	pending_clear(n);
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
