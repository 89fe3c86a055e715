/* wizard-ticket.c: raising a support ticket from the wizard's verdict
 * without leaving the terminal. Every network step runs as a worker job
 * (src/ticketjob.c); these screens only pick, show and confirm. */
#include "config.h"
#include "wizard-ticket.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "apiword.h"
#include "buf.h"
#include "draw.h"
#include "sanitize.h"
#include "ticket.h"
#include "ticketjob.h"
#include "xmalloc.h"

enum tk_step {
	TK_CONTACT,		/* [support] lacks contact details */
	TK_SERVICE,
	TK_CLASS,
	TK_SEVERITY,
	TK_SUB,			/* only when no subscription was found */
	TK_REQUEST,
	TK_RESULT,
	TK_NSTEPS
};

#define TK_TEXT_Y	6	/* first row of the request, result, contact */

static const struct {
	const char	*value;
	const char	*label;
} tk_sev[] = {
	{ "minimal", "minimal: little effect on the business (C)" },
	{ "moderate", "moderate: work goes on, degraded (B)" },
	{ "critical", "critical: production is down or badly hurt (A)" },
	{ "highestcriticalimpact",
	    "highest: business-critical outage (1; Premium/Unified plans)" },
};
#define TK_NSEV		(sizeof tk_sev / sizeof tk_sev[0])
#define TK_SEV_DEFAULT	1

struct tk {
	enum tk_step	 step;
	unsigned	 gen;		/* bumped at every step change */

	/* from the verdict */
	enum verdict	 verdict;
	char		*service_hint;
	char		*resource_id;
	char		*tracking_id;
	time_t		 problem_start;
	char		*markdown;
	char		*draft_path;

	/* choices */
	struct ticket_choices services, classes;
	size_t		 service;	/* index into services */
	size_t		 classes_for;	/* service the classes belong to */
	bool		 have_classes;
	size_t		 class;
	size_t		 sev;
	bool		 consent;
	char		*subscription;
	char		 sub_why[256];
	bool		 sub_asked;	/* the user typed it */

	/* the list on screen: indexes matching the typed filter */
	struct buf	 typed[TK_NSTEPS];
	size_t		*match;
	size_t		 nmatch;
	size_t		 cur;

	/* the job in flight (ours, at most one) */
	struct ticketjob *job;
	unsigned	 job_gen;
	bool		 loading;	/* this step waits for a job */
	enum ticketjob_kind want;
	struct timespec	 load_start;
	char		 load_err[1700];

	/* request and result */
	struct draw_lines lines;
	int		 built_w;
	size_t		 top;
	bool		 can_send;
	time_t		 req_now;
	bool		 sent;
	enum ticket_outcome outcome;
	char		 result[1536];

	char		 msg[512];
	enum draw_role	 msg_role;
};

/* Jobs left running by a closed screen: freed once finished. */
static struct ticketjob *tk_orphans[8];

static void
tk_reap(void)
{
	size_t i;

	for (i = 0; i < sizeof tk_orphans / sizeof tk_orphans[0]; i++) {
		if (tk_orphans[i] != NULL && ticketjob_finished(tk_orphans[i])) {
			ticketjob_free(tk_orphans[i]);
			tk_orphans[i] = NULL;
		}
	}
}

static void
tk_orphan(struct ticketjob *j)
{
	size_t i;

	tk_reap();
	for (i = 0; i < sizeof tk_orphans / sizeof tk_orphans[0]; i++) {
		if (tk_orphans[i] == NULL) {
			tk_orphans[i] = j;
			return;
		}
	}
	/* cannot happen with one job at a time; leaking beats a crash */
}

const char *
wizard_ticket_advice(enum verdict v)
{
	switch (v) {
	case VERDICT_AZURE_INCIDENT:
		return "Updates come through Service Health; raise a ticket "
		    "only for help with failover.";
	case VERDICT_NOT_MATCHING:
	case VERDICT_MITIGATED_PERSISTING:
		return "Recommended: nothing Azure reports explains this, so "
		    "raise a support ticket.";
	default:
		return "Raise a ticket if you need Azure support's help.";
	}
}

static void
tk_msg(struct tk *z, enum draw_role role, const char *text)
{
	snprintf(z->msg, sizeof z->msg, "%s", text);
	z->msg_role = role;
}

static struct ticket_choices *
tk_list(struct tk *z)
{
	return z->step == TK_SERVICE ? &z->services : &z->classes;
}

/* The filtered list for the service or classification step; the cursor
 * goes to want (an index into the full list) when it is shown. */
static void
tk_filter(struct tk *z, size_t want)
{
	struct ticket_choices *c = tk_list(z);
	const char *typed = buf_str(&z->typed[z->step]);
	size_t i;

	free(z->match);
	z->match = xcalloc(c->n + 1, sizeof *z->match);
	z->nmatch = 0;
	z->cur = 0;
	for (i = 0; i < c->n; i++) {
		if (!ticketjob_matches(c->v[i].name, typed))
			continue;
		if (i == want)
			z->cur = z->nmatch;
		z->match[z->nmatch++] = i;
	}
}

static long
tk_elapsed_ms(const struct tk *z)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec - z->load_start.tv_sec) * 1000L +
	    (ts.tv_nsec - z->load_start.tv_nsec) / 1000000L;
}

/* --- jobs ------------------------------------------------------------ */

static void
tk_draft(struct pane *p, struct ticketjob *j, struct ticket_draft *d)
{
	struct tk *z = p->data;
	const char *rid = z->resource_id;

	memset(d, 0, sizeof *d);
	if (rid != NULL && strncmp(rid, "/subscriptions/", 15) != 0)
		rid = NULL;
	/* a job gets copies it owns; the screen may close before it ends */
#define TK_S(s)	(j != NULL ? ticketjob_keep(j, (s)) : (s))
	d->subscription = TK_S(z->subscription);
	d->service_id = TK_S(z->services.v[z->service].id);
	d->classification_id = TK_S(z->classes.v[z->class].id);
	d->severity = tk_sev[z->sev].value;
	d->consent = z->consent;
	d->markdown = TK_S(z->markdown);
	d->draft_path = TK_S(z->draft_path);
	d->tracking_id = TK_S(z->tracking_id);
	d->resource_id = TK_S(rid);
#undef TK_S
	d->problem_start = z->problem_start;
	d->now = z->req_now;
}

/* Hand the wanted job to the worker; retried at the next wake-up while
 * our previous job, or someone else's, is still running. */
static void
tk_submit(struct pane *p)
{
	struct tk *z = p->data;
	struct ticketjob *j;

	if (!z->loading || z->job != NULL)
		return;
	j = ticketjob_new(z->want);
	switch (z->want) {
	case TICKETJOB_SERVICES:
		j->resource_id = z->resource_id != NULL ?
		    xstrdup(z->resource_id) : NULL;
		break;
	case TICKETJOB_CLASSIFICATIONS:
		j->service_id = xstrdup(z->services.v[z->service].id);
		break;
	case TICKETJOB_SEND:
		tk_draft(p, j, &j->draft);
		break;
	}
	if (worker_job_submit(p->ui->worker, ticketjob_run, j) == -1) {
		ticketjob_free(j);
		return;
	}
	z->job = j;
	z->job_gen = z->gen;
}

static void
tk_load(struct pane *p, enum ticketjob_kind kind)
{
	struct tk *z = p->data;

	z->loading = true;
	z->want = kind;
	z->load_err[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &z->load_start);
	tk_submit(p);
}

static void
tk_apply(struct pane *p, struct ticketjob *j)
{
	struct tk *z = p->data;

	z->loading = false;
	switch (j->kind) {
	case TICKETJOB_SERVICES:
		if (j->rc == -1) {
			snprintf(z->load_err, sizeof z->load_err, "Cannot list "
			    "the support services: %s", j->msg);
			break;
		}
		ticket_choices_free(&z->services);
		z->services = j->choices;
		memset(&j->choices, 0, sizeof j->choices);
		if (z->subscription == NULL && j->subscription != NULL)
			z->subscription = xstrdup(j->subscription);
		snprintf(z->sub_why, sizeof z->sub_why, "%s", j->sub_why);
		tk_filter(z, ticketjob_best(&z->services, z->service_hint));
		break;
	case TICKETJOB_CLASSIFICATIONS:
		if (j->rc == -1) {
			snprintf(z->load_err, sizeof z->load_err, "Cannot list "
			    "the problem classifications: %s", j->msg);
			break;
		}
		ticket_choices_free(&z->classes);
		z->classes = j->choices;
		memset(&j->choices, 0, sizeof j->choices);
		z->classes_for = z->service;
		z->have_classes = true;
		tk_filter(z, 0);
		break;
	case TICKETJOB_SEND:
		z->sent = true;
		z->outcome = j->outcome;
		snprintf(z->result, sizeof z->result, "%s", j->msg);
		break;
	}
}

/* Take a finished job; true when the screen changed. */
static bool
tk_poll(struct pane *p)
{
	struct tk *z = p->data;
	struct ticketjob *j = z->job;
	bool changed = false;

	tk_reap();
	if (j != NULL && ticketjob_finished(j)) {
		z->job = NULL;
		/* an answer for a step since left is dropped */
		if (z->job_gen == z->gen && z->loading && j->kind == z->want) {
			tk_apply(p, j);
			changed = true;
		}
		ticketjob_free(j);
	}
	if (z->loading && z->job == NULL)
		tk_submit(p);
	return changed;
}

/* --- steps ----------------------------------------------------------- */

static void tk_request_build(struct pane *);

static void
tk_go(struct pane *p, enum tk_step step)
{
	struct tk *z = p->data;

	z->step = step;
	z->gen++;
	z->loading = false;
	z->load_err[0] = '\0';
	z->msg[0] = '\0';
	z->top = 0;
	z->built_w = 0;
	switch (step) {
	case TK_SERVICE:
		if (z->services.n == 0)
			tk_load(p, TICKETJOB_SERVICES);
		else
			tk_filter(z, z->service);
		break;
	case TK_CLASS:
		if (!z->have_classes || z->classes_for != z->service) {
			z->have_classes = false;
			buf_reset(&z->typed[TK_CLASS]);
			tk_load(p, TICKETJOB_CLASSIFICATIONS);
		} else
			tk_filter(z, z->class);
		break;
	case TK_REQUEST:
		z->req_now = time(NULL);
		break;
	case TK_RESULT:
		z->sent = false;
		tk_load(p, TICKETJOB_SEND);
		break;
	default:
		break;
	}
	p->dirty = true;
}

/* The step before this one, or -1 to close. */
static int
tk_prev(const struct tk *z)
{
	switch (z->step) {
	case TK_CLASS:
		return TK_SERVICE;
	case TK_SEVERITY:
		return TK_CLASS;
	case TK_SUB:
		return TK_SEVERITY;
	case TK_REQUEST:
		return z->sub_asked ? TK_SUB : TK_SEVERITY;
	default:
		return -1;
	}
}

static void
tk_after_severity(struct pane *p)
{
	struct tk *z = p->data;

	if (z->subscription == NULL)
		z->sub_asked = true;
	tk_go(p, z->sub_asked ? TK_SUB : TK_REQUEST);
}

/* Typing into the step's text; DONE when the key was used. */
static enum pane_key
tk_edit(struct pane *p, int k)
{
	struct tk *z = p->data;

	if (!ui_edit(&z->typed[z->step], k, 120))
		return PANE_KEY_PASS;
	z->msg[0] = '\0';
	if (z->step == TK_SERVICE || z->step == TK_CLASS)
		tk_filter(z, (size_t)-1);
	p->dirty = true;
	return PANE_KEY_DONE;
}

/* Up, Down, PgUp, PgDn in a list of n; true when used. */
static bool
tk_move(size_t *cur, size_t n, int k)
{
	switch (k) {
	case K_FN(KEY_DOWN):
	case K_CTRL('n'):
		if (*cur + 1 < n)
			(*cur)++;
		return true;
	case K_FN(KEY_UP):
	case K_CTRL('p'):
		if (*cur > 0)
			(*cur)--;
		return true;
	case K_FN(KEY_NPAGE):
		*cur = *cur + 10 < n ? *cur + 10 : (n > 0 ? n - 1 : 0);
		return true;
	case K_FN(KEY_PPAGE):
		*cur = *cur > 10 ? *cur - 10 : 0;
		return true;
	}
	return false;
}

/* The service and classification lists. */
static enum pane_key
tk_pick_key(struct pane *p, int k)
{
	struct tk *z = p->data;

	if (z->loading || z->load_err[0] != '\0') {
		if (K_IS_ENTER(k) && z->load_err[0] != '\0') {
			/* try again */
			tk_go(p, z->step);
			return PANE_KEY_DONE;
		}
		return tk_edit(p, k);
	}
	if (tk_move(&z->cur, z->nmatch, k)) {
		p->dirty = true;
		return PANE_KEY_DONE;
	}
	if (!K_IS_ENTER(k))
		return tk_edit(p, k);
	if (z->nmatch == 0) {
		tk_msg(z, ROLE_WARN, "Nothing matches what is typed; Ctrl-U "
		    "clears it.");
		p->dirty = true;
		return PANE_KEY_DONE;
	}
	if (z->step == TK_SERVICE) {
		z->service = z->match[z->cur];
		tk_go(p, TK_CLASS);
	} else {
		z->class = z->match[z->cur];
		tk_go(p, TK_SEVERITY);
	}
	return PANE_KEY_DONE;
}

static enum pane_key
tk_severity_key(struct pane *p, int k)
{
	struct tk *z = p->data;

	if (tk_move(&z->sev, TK_NSEV, k))
		;
	else if (k == 'd')
		z->consent = !z->consent;
	else if (k >= '1' && k <= '4')
		z->sev = (size_t)(k - '1');
	else if (K_IS_ENTER(k)) {
		tk_after_severity(p);
		return PANE_KEY_DONE;
	}
	p->dirty = true;
	return PANE_KEY_DONE;
}

static enum pane_key
tk_sub_key(struct pane *p, int k)
{
	struct tk *z = p->data;
	char *path, *sub;

	if (!K_IS_ENTER(k))
		return tk_edit(p, k);
	path = xasprintf("/subscriptions/%s", buf_str(&z->typed[TK_SUB]));
	sub = ticketjob_resource_subscription(path);
	free(path);
	if (sub == NULL || strlen(sub) != 36) {
		free(sub);
		tk_msg(z, ROLE_BAD, "That is not a subscription id: it looks "
		    "like 00000000-0000-0000-0000-000000000000.");
		p->dirty = true;
		return PANE_KEY_DONE;
	}
	free(z->subscription);
	z->subscription = sub;
	tk_go(p, TK_REQUEST);
	return PANE_KEY_DONE;
}

static enum pane_key
tk_scroll_key(struct pane *p, int k, size_t rows)
{
	struct tk *z = p->data;
	size_t max = z->lines.n > rows ? z->lines.n - rows : 0;

	if (!ui_scroll(&z->top, max, rows, k))
		return PANE_KEY_PASS;
	p->dirty = true;
	return PANE_KEY_DONE;
}

static size_t
tk_rows(const struct pane *p)
{
	int rows = p->h - 4 - TK_TEXT_Y;

	return rows > 0 ? (size_t)rows : 1;
}

/* --- request, contact, result text ----------------------------------- */

/* Where the draft is and where to raise it by hand, ready to paste. */
static void
tk_by_hand(struct pane *p, int width, bool gap)
{
	struct tk *z = p->data;
	struct draw_lines *dl = &z->lines;

	if (gap)
		draw_lines_add(dl, width, 0, A_NORMAL, "");
	draw_lines_add(dl, width, 0, draw_attr(ROLE_TITLE),
	    "The draft is kept at:");
	draw_lines_add(dl, width, 2, A_NORMAL, z->draft_path != NULL ?
	    z->draft_path : "(not saved)");
	draw_lines_add(dl, width, 0, draw_attr(ROLE_TITLE),
	    "Raise it by hand at:");
	draw_lines_add(dl, width, 2, A_NORMAL, TICKET_PORTAL_URL);
}

static void
tk_contact_build(struct pane *p)
{
	struct tk *z = p->data;
	struct draw_lines *dl = &z->lines;
	const struct cfg *cfg = p->ui->cfg;
	int width = p->w - 4;
	char *missing, *path, *s;

	draw_lines_free(dl);
	z->built_w = p->w;
	missing = ticketjob_missing_contact(cfg);
	path = cfg->path != NULL ? xstrdup(cfg->path) : cfg_default_path();
	s = xasprintf("A ticket needs contact details, and %s %s not set. "
	    "Add them to %s:", missing != NULL ? missing : "they",
	    missing != NULL && strchr(missing, ',') == NULL ? "is" : "are",
	    path != NULL ? path : "the config file");
	draw_lines_add(dl, width, 0, draw_attr(ROLE_WARN), s);
	free(s);
	draw_lines_add(dl, width, 2, draw_attr(ROLE_KEY), "[support]");
	draw_lines_add(dl, width, 2, A_NORMAL, "first_name = Ada");
	draw_lines_add(dl, width, 2, A_NORMAL, "last_name = Lovelace");
	draw_lines_add(dl, width, 2, A_NORMAL, "email = ada@example.com");
	draw_lines_add(dl, width, 2, draw_attr(ROLE_DIM), "# optional: "
	    "timezone = UTC, country = usa, language = en-us");
	draw_lines_add(dl, width, 0, A_NORMAL, "Then start azwatch again.");
	tk_by_hand(p, width, false);
	free(missing);
	free(path);
}

static void
tk_request_build(struct pane *p)
{
	struct tk *z = p->data;
	struct draw_lines *dl = &z->lines;
	const struct cfg *cfg = p->ui->cfg;
	struct ticket_draft d;
	int width = p->w - 4;
	char err[512], *text;

	draw_lines_free(dl);
	z->built_w = p->w;
	tk_draft(p, NULL, &d);
	text = ticket_request_text(cfg, &d, err, sizeof err);
	if (text == NULL) {
		z->can_send = false;
		draw_lines_add(dl, width, 0, draw_attr(ROLE_BAD), err);
		tk_by_hand(p, width, true);
		return;
	}
	z->can_send = !cfg->dry_run && !cfg->read_only;
	draw_lines_add(dl, width, 0, A_NORMAL, text);
	free(text);
	if (!z->can_send)
		tk_by_hand(p, width, true);
}

static void
tk_result_build(struct pane *p)
{
	struct tk *z = p->data;
	struct draw_lines *dl = &z->lines;
	int width = p->w - 4;
	bool ok = z->outcome == TICKET_CREATED || z->outcome == TICKET_ACCEPTED;

	draw_lines_free(dl);
	z->built_w = p->w;
	draw_lines_add(dl, width, 0, draw_attr(ok ? ROLE_OK : ROLE_BAD) |
	    A_BOLD, z->outcome == TICKET_CREATED ? "Ticket created" :
	    z->outcome == TICKET_ACCEPTED ? "Ticket accepted" :
	    z->outcome == TICKET_NO_PLAN ? "No ticket: no support plan or "
	    "no permission" : "The ticket was not created");
	draw_lines_add(dl, width, 0, A_NORMAL, "");
	/* the message holds Azure's own words: drawn, never formatted */
	draw_lines_add(dl, width, 0, A_NORMAL, z->result);
	if (!ok)
		tk_by_hand(p, width, true);
	else if (z->draft_path != NULL) {
		draw_lines_add(dl, width, 0, A_NORMAL, "");
		draw_lines_add(dl, width, 0, draw_attr(ROLE_DIM),
		    "The draft stays at:");
		draw_lines_add(dl, width, 2, draw_attr(ROLE_DIM),
		    z->draft_path);
	}
}

/* --- drawing --------------------------------------------------------- */

static void
tk_draw_list(struct pane *p, int y)
{
	struct tk *z = p->data;
	struct ticket_choices *c = tk_list(z);
	int rows = p->h - 4 - y, i, top, cols = p->w - 6;
	char pos[32];

	if (z->nmatch == 0) {
		draw_clean(p->win, y, 4, cols, "Nothing matches what is typed.",
		    draw_attr(ROLE_DIM));
		return;
	}
	top = (int)z->cur >= rows ? (int)z->cur - rows + 1 : 0;
	for (i = top; i < (int)z->nmatch && i - top < rows; i++) {
		attr_t a = (size_t)i == z->cur ? draw_attr(ROLE_SELECT) :
		    A_NORMAL;

		if ((size_t)i == z->cur) {
			wattrset(p->win, a);
			mvwhline(p->win, y + i - top, 2, ' ', cols + 2);
			wattrset(p->win, A_NORMAL);
		}
		draw_text(p->win, y + i - top, 4, cols,
		    c->v[z->match[i]].name, a);
	}
	if ((int)z->nmatch > rows) {
		snprintf(pos, sizeof pos, "%zu/%zu", z->cur + 1, z->nmatch);
		draw_clean(p->win, p->h - 4, p->w - 2 - (int)strlen(pos),
		    (int)strlen(pos), pos, draw_attr(ROLE_DIM));
	}
}

static void
tk_draw_loading(struct pane *p, int y, const char *what)
{
	static const char *const spin[] = { "|", "/", "-", "\\" };
	struct tk *z = p->data;
	long ms = tk_elapsed_ms(z);
	char line[128];

	snprintf(line, sizeof line, "%s %s… %lds", spin[(ms / 250) % 4], what,
	    ms / 1000);
	draw_clean(p->win, y, 2, p->w - 4, line, draw_attr(ROLE_INFO));
	draw_clean(p->win, y + 2, 2, p->w - 4, "The dashboard keeps updating "
	    "underneath; Esc goes back.", draw_attr(ROLE_DIM));
}

static void
tk_draw_lines(struct pane *p, int y)
{
	struct tk *z = p->data;
	size_t rows = (size_t)(p->h - 4 - y > 0 ? p->h - 4 - y : 1);
	char pos[40];

	if (z->top + rows > z->lines.n)
		z->top = z->lines.n > rows ? z->lines.n - rows : 0;
	draw_lines_show(p->win, y, 2, p->w - 4, rows, &z->lines, z->top);
	if (z->lines.n > rows) {
		snprintf(pos, sizeof pos, "%zu-%zu/%zu  j/k", z->top + 1,
		    z->top + rows, z->lines.n);
		draw_clean(p->win, p->h - 4, p->w - 2 - (int)strlen(pos),
		    (int)strlen(pos), pos, draw_attr(ROLE_DIM));
	}
}

static const char *const tk_questions[TK_NSTEPS][2] = {
	[TK_CONTACT] = { "Contact details needed",
	    "Azure support answers a ticket by email." },
	[TK_SERVICE] = { "Which Azure service is it about?",
	    "Type to filter; the wizard's service is picked already." },
	[TK_CLASS] = { "What kind of problem?",
	    "Type to filter the problem classifications." },
	[TK_SEVERITY] = { "How bad is it?",
	    "Your plan may not allow every severity." },
	[TK_SUB] = { "Which subscription?",
	    "None is configured or listed; type its id." },
	[TK_REQUEST] = { "The request, exactly as it will be sent",
	    NULL },
	[TK_RESULT] = { "Azure support's answer", NULL },
};

/* "Azure Cache for Redis · Connectivity / ... · Severity B (moderate
 * impact)" */
static void
tk_draw_summary(struct pane *p)
{
	struct tk *z = p->data;
	int x = 2;

	if (z->step <= TK_SERVICE || z->services.n == 0)
		return;
	x += draw_text(p->win, 1, x, p->w - 2 - x,
	    z->services.v[z->service].name, draw_attr(ROLE_DIM));
	if (z->step > TK_CLASS && z->have_classes) {
		x += draw_clean(p->win, 1, x, p->w - 2 - x, " · ",
		    draw_attr(ROLE_DIM));
		x += draw_text(p->win, 1, x, p->w - 2 - x,
		    z->classes.v[z->class].name, draw_attr(ROLE_DIM));
	}
	if (z->step > TK_SEVERITY) {
		x += draw_clean(p->win, 1, x, p->w - 2 - x, " · ",
		    draw_attr(ROLE_DIM));
		x += draw_clean(p->win, 1, x, p->w - 2 - x,
		    apiword_severity(tk_sev[z->sev].value),
		    draw_attr(ROLE_DIM));
	}
}

static const char *const tk_hints_pick[] = {
	"type", "filter", "Up/Down", "pick", "Enter", "choose", "Ctrl-U",
	"clear", "Esc", "back", NULL
};
static const char *const tk_hints_wait[] = {
	"Esc", "back", "q", "close", NULL
};
static const char *const tk_hints_retry[] = {
	"Enter", "try again", "Esc", "back", "q", "close", NULL
};
static const char *const tk_hints_sev[] = {
	"Up/Down", "pick", "d", "diagnostics", "Enter", "choose", "Esc", "back",
	"q", "close", NULL
};
static const char *const tk_hints_sub[] = {
	"type", "id", "Enter", "next", "Esc", "back", NULL
};
static const char *const tk_hints_req[] = {
	"y", "send", "j/k", "scroll", "Esc", "back", "q", "close", NULL
};
static const char *const tk_hints_ro[] = {
	"j/k", "scroll", "Esc", "back", "q", "close", NULL
};
static const char *const tk_hints_sending[] = {
	"", "waiting for Azure's answer", NULL
};
static const char *const tk_hints_done[] = {
	"j/k", "scroll", "Enter Esc q", "back to the verdict", NULL
};

static const char *const *
tk_hints(const struct tk *z)
{
	switch (z->step) {
	case TK_SERVICE:
	case TK_CLASS:
		if (z->load_err[0] != '\0')
			return tk_hints_retry;
		return z->loading ? tk_hints_wait : tk_hints_pick;
	case TK_SEVERITY:
		return tk_hints_sev;
	case TK_SUB:
		return tk_hints_sub;
	case TK_REQUEST:
		return z->can_send ? tk_hints_req : tk_hints_ro;
	case TK_RESULT:
		return z->loading ? tk_hints_sending : tk_hints_done;
	default:
		return tk_hints_done;
	}
}

static void
tk_draw_step(struct pane *p, int y)
{
	struct tk *z = p->data;
	size_t i;
	char line[160];

	switch (z->step) {
	case TK_SERVICE:
	case TK_CLASS:
		if (z->load_err[0] != '\0') {
			draw_wrap(p->win, y, 2, p->w - 4, 4, z->load_err,
			    draw_attr(ROLE_BAD));
			draw_clean(p->win, y + 5, 2, p->w - 4, "Enter tries "
			    "again. Meanwhile the draft is kept and can be "
			    "raised by hand:", draw_attr(ROLE_DIM));
			draw_text(p->win, y + 6, 4, p->w - 6, z->draft_path != NULL ?
			    z->draft_path : "", A_NORMAL);
			draw_clean(p->win, y + 7, 4, p->w - 6, TICKET_PORTAL_URL,
			    A_NORMAL);
		} else if (z->loading)
			tk_draw_loading(p, y, z->step == TK_SERVICE ?
			    "Loading support services" :
			    "Loading problem classifications");
		else
			tk_draw_list(p, y);
		break;
	case TK_SEVERITY:
		for (i = 0; i < TK_NSEV; i++) {
			attr_t a = i == z->sev ? draw_attr(ROLE_SELECT) : A_NORMAL;

			if (i == z->sev) {
				wattrset(p->win, a);
				mvwhline(p->win, y + (int)i, 2, ' ', p->w - 4);
				wattrset(p->win, A_NORMAL);
			}
			snprintf(line, sizeof line, "%zu  %s", i + 1,
			    tk_sev[i].label);
			draw_clean(p->win, y + (int)i, 4, p->w - 6, line, a);
		}
		snprintf(line, sizeof line, "Advanced diagnostic information: "
		    "%s (d changes it)", z->consent ? "allowed" :
		    "not allowed");
		draw_clean(p->win, y + (int)TK_NSEV + 1, 4, p->w - 6, line,
		    draw_attr(ROLE_DIM));
		break;
	case TK_SUB:
		if (z->sub_why[0] != '\0') {
			snprintf(line, sizeof line, "(no subscription listed: ");
			draw_clean(p->win, y + 1, 4, 26, line,
			    draw_attr(ROLE_DIM));
			draw_text(p->win, y + 1, 30, p->w - 32, z->sub_why,
			    draw_attr(ROLE_DIM));
		}
		break;
	case TK_RESULT:
		if (z->loading) {
			tk_draw_loading(p, y, "Sending the ticket to Azure "
			    "support");
			break;
		}
		if (z->built_w != p->w)
			tk_result_build(p);
		tk_draw_lines(p, y);
		break;
	case TK_REQUEST:
		if (z->built_w != p->w)
			tk_request_build(p);
		tk_draw_lines(p, y);
		break;
	case TK_CONTACT:
		if (z->built_w != p->w)
			tk_contact_build(p);
		tk_draw_lines(p, y);
		break;
	default:
		break;
	}
}

static void
ticket_draw(struct pane *p)
{
	struct tk *z = p->data;
	const struct cfg *cfg = p->ui->cfg;
	char title[32];
	int y, used;

	wattrset(p->win, draw_attr(ROLE_SELECT));
	mvwhline(p->win, 0, 0, ' ', p->w);
	wattrset(p->win, A_NORMAL);
	draw_clean(p->win, 0, 1, p->w - 20, "Raise a support ticket",
	    draw_attr(ROLE_SELECT) | A_BOLD);
	if (z->step >= TK_SERVICE && z->step <= TK_RESULT) {
		snprintf(title, sizeof title, "ticket %d of 5",
		    z->step <= TK_SEVERITY ? (int)z->step :
		    (z->step == TK_SUB ? 4 : (int)z->step - 1));
		draw_clean(p->win, 0, p->w - 1 - (int)strlen(title),
		    (int)strlen(title), title, draw_attr(ROLE_SELECT));
	}
	tk_draw_summary(p);
	/* the seed's rule, on every screen before the answer */
	if (z->step != TK_RESULT)
		draw_wrap(p->win, 2, 2, p->w - 4, 2,
		    wizard_ticket_advice(z->verdict),
		    draw_attr(z->verdict == VERDICT_AZURE_INCIDENT ?
		    ROLE_WARN : ROLE_INFO));

	y = 4;
	draw_clean(p->win, y, 2, p->w - 4, tk_questions[z->step][0],
	    draw_attr(ROLE_TITLE));
	if (tk_questions[z->step][1] != NULL)
		draw_clean(p->win, y + 1, 2, p->w - 4, tk_questions[z->step][1],
		    draw_attr(ROLE_DIM));
	y = TK_TEXT_Y;
	if (z->step == TK_SERVICE || z->step == TK_CLASS || z->step == TK_SUB) {
		used = draw_clean(p->win, y, 2, 2, "> ", draw_attr(ROLE_KEY));
		used += draw_text(p->win, y, 2 + used, p->w - 6,
		    buf_str(&z->typed[z->step]), A_BOLD);
		wattrset(p->win, A_REVERSE);
		mvwaddch(p->win, y, 2 + used, ' ');
		wattrset(p->win, A_NORMAL);
		y++;
	}
	tk_draw_step(p, y);

	if (z->step == TK_REQUEST && z->built_w == p->w) {
		if (z->can_send)
			draw_clean(p->win, p->h - 3, 2, p->w - 4, "Press y to "
			    "send this ticket to Azure support, Esc to go back",
			    draw_attr(ROLE_WARN) | A_BOLD);
		else if (z->lines.n > 0 && (cfg->read_only || cfg->dry_run))
			draw_clean(p->win, p->h - 3, 2, p->w - 4, cfg->dry_run ?
			    "read-only: nothing will be sent (dry run)" :
			    "read-only: nothing will be sent",
			    draw_attr(ROLE_INFO) | A_BOLD);
	}
	if (z->msg[0] != '\0')
		draw_wrap(p->win, p->h - 2, 2, p->w - 4, 1, z->msg,
		    draw_attr(z->msg_role));
	draw_hints(p->win, p->h - 1, 0, p->w, tk_hints(z));
}

/* --- keys ------------------------------------------------------------ */

static void
tk_close(struct pane *p)
{
	ui_pop(p->ui, p);
}

static enum pane_key
ticket_key(struct pane *p, int k)
{
	struct tk *z = p->data;
	bool typing = ((z->step == TK_SERVICE || z->step == TK_CLASS) &&
	    !z->loading && z->load_err[0] == '\0') || z->step == TK_SUB;
	int prev;

	if (k == K_RESIZE)
		return PANE_KEY_DONE;
	/* The send cannot be called back: wait for its answer. */
	if (z->step == TK_RESULT && z->loading) {
		if (k == '?')
			return PANE_KEY_PASS;
		tk_msg(z, ROLE_INFO, "The ticket is being sent; wait for "
		    "Azure's answer.");
		p->dirty = true;
		return PANE_KEY_DONE;
	}
	if (k == '?' && !(typing && z->typed[z->step].len > 0))
		return PANE_KEY_PASS;
	if (k == 'q' && !typing) {
		tk_close(p);
		return PANE_KEY_DONE;
	}
	if (k == K_ESC || (k == K_FN(KEY_LEFT) && !typing)) {
		if (z->step == TK_RESULT && z->sent &&
		    z->outcome != TICKET_CREATED &&
		    z->outcome != TICKET_ACCEPTED) {
			tk_go(p, TK_REQUEST);
			return PANE_KEY_DONE;
		}
		prev = tk_prev(z);
		if (prev == -1)
			tk_close(p);
		else
			tk_go(p, (enum tk_step)prev);
		return PANE_KEY_DONE;
	}
	switch (z->step) {
	case TK_SERVICE:
	case TK_CLASS:
		return tk_pick_key(p, k);
	case TK_SEVERITY:
		return tk_severity_key(p, k);
	case TK_SUB:
		return tk_sub_key(p, k);
	case TK_REQUEST:
		if (k == 'y' && z->can_send) {
			tk_go(p, TK_RESULT);
			return PANE_KEY_DONE;
		}
		if (k == 'y') {
			tk_msg(z, ROLE_INFO, p->ui->cfg->read_only ||
			    p->ui->cfg->dry_run ? "Nothing is sent in read-only "
			    "mode or a dry run." : "This request cannot be sent.");
			p->dirty = true;
			return PANE_KEY_DONE;
		}
		tk_scroll_key(p, k, tk_rows(p));
		return PANE_KEY_DONE;
	case TK_RESULT:
		if (K_IS_ENTER(k)) {
			tk_close(p);
			return PANE_KEY_DONE;
		}
		tk_scroll_key(p, k, tk_rows(p));
		return PANE_KEY_DONE;
	case TK_CONTACT:
		if (K_IS_ENTER(k)) {
			tk_close(p);
			return PANE_KEY_DONE;
		}
		tk_scroll_key(p, k, tk_rows(p));
		return PANE_KEY_DONE;
	default:
		return PANE_KEY_DONE;
	}
}

/* --- the pane -------------------------------------------------------- */

static char *
tk_dup(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

static void
ticket_open(struct pane *p, const void *arg)
{
	const struct wizard_ticket_arg *a = arg;
	struct tk *z = xcalloc(1, sizeof *z);
	char *missing;
	size_t i;

	tk_reap();
	for (i = 0; i < TK_NSTEPS; i++)
		buf_init(&z->typed[i]);
	z->verdict = a->verdict;
	z->service_hint = tk_dup(a->service);
	z->resource_id = tk_dup(a->resource_id);
	z->tracking_id = tk_dup(a->tracking_id);
	z->problem_start = a->problem_start;
	z->markdown = tk_dup(a->markdown);
	z->draft_path = tk_dup(a->draft_path);
	z->sev = TK_SEV_DEFAULT;
	p->data = z;
	/* ask for the contact details before anything else */
	missing = ticketjob_missing_contact(p->ui->cfg);
	if (missing != NULL)
		tk_go(p, TK_CONTACT);
	else
		tk_go(p, TK_SERVICE);
	free(missing);
}

static void
ticket_close(struct pane *p)
{
	struct tk *z = p->data;
	size_t i;

	if (z->job != NULL) {
		if (ticketjob_finished(z->job))
			ticketjob_free(z->job);
		else
			tk_orphan(z->job);
	}
	for (i = 0; i < TK_NSTEPS; i++)
		buf_free(&z->typed[i]);
	free(z->service_hint);
	free(z->resource_id);
	free(z->tracking_id);
	free(z->markdown);
	free(z->draft_path);
	free(z->subscription);
	free(z->match);
	ticket_choices_free(&z->services);
	ticket_choices_free(&z->classes);
	draw_lines_free(&z->lines);
	free(z);
	p->data = NULL;
}

static bool
ticket_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	struct tk *z = p->data;

	(void)old;
	(void)new;
	return tk_poll(p) || z->loading;
}

static int
ticket_wait_ms(struct pane *p)
{
	struct tk *z = p->data;
	long ms;

	if (tk_poll(p))
		p->dirty = true;
	if (!z->loading)
		return -1;
	ms = tk_elapsed_ms(z);
	return (int)(250 - ms % 250);
}

const struct pane_ops pane_ticket_ops = {
	.name = "ticket",
	.slot = SLOT_SCREEN,
	.open = ticket_open,
	.close = ticket_close,
	.changed = ticket_changed,
	.draw = ticket_draw,
	.key = ticket_key,
	.wait_ms = ticket_wait_ms,
};
