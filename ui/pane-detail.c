/* pane-detail.c: one incident in full, as the portal's Service Health
 * blade shows it: status, type, priority and flags, times and the next
 * update promised, services and per-region status, the user's
 * subscriptions and tickets, links and the whole update history,
 * scrollable; "e" exports it as Markdown, "y" copies the tracking id,
 * "o" opens it in the portal, "[" and "]" step through the feed, "/"
 * searches its text ("n" and "N" between the lines that hold it, every
 * occurrence on screen highlighted). It keeps
 * its own copy so the text stays if the incident drops out of a later
 * snapshot. Links become OSC 8 hyperlinks, written over the drawn text
 * after each update. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "apiword.h"
#include "buf.h"
#include "draw.h"
#include "earlywarn.h"
#include "export.h"
#include "lag.h"
#include "pane.h"
#include "parse-arm.h"
#include "portal.h"
#include "sanitize.h"
#include "share.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Longest URL made into a hyperlink (terminals cap them too). */
#define DETAIL_URL_MAX	2048

/* A drawn line that is (part of) a link. */
struct detail_link {
	size_t		 line;		/* index into lines */
	size_t		 link;		/* index into urls */
};

struct detail {
	struct incident	*inc;		/* owned copy */
	bool		 gone;		/* no longer in the snapshot */
	struct draw_lines lines;
	int		 built_w;	/* width the lines were wrapped for */
	size_t		 top;
	struct detail_link *links;
	size_t		 nlinks;
	struct strv	 urls;		/* links shown, the portal's first */
	struct share	*share;		/* y and o */
	char		*msg;		/* after a key: what it did */
	bool		 msg_bad;
	/* "/": a search in the text, n and N between its lines */
	struct buf	 find;
	bool		 finding;	/* the prompt is open */
	size_t		*hits;		/* indexes into lines */
	size_t		 nhits;
	size_t		 hit;		/* the one shown last */
};

static void
detail_add(struct detail *d, int width, int indent, attr_t a, const char *raw)
{
	draw_lines_add(&d->lines, width, indent, a, raw);
}

static void
detail_addf(struct detail *d, int width, int indent, attr_t a,
    const char *label, const char *raw)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, label);
	buf_puts(&b, raw != NULL && *raw != '\0' ? raw : "—");
	detail_add(d, width, indent, a, buf_str(&b));
	buf_free(&b);
}

static void
detail_sources(unsigned bits, struct buf *b)
{
	size_t i;

	for (i = 0; i < CHAN_COUNT; i++) {
		if (bits & CHAN_BIT(i)) {
			if (b->len > 0)
				buf_puts(b, ", ");
			buf_puts(b, chan_id_name((enum chan_id)i));
		}
	}
}

/* The search's text while one is typed or kept, else NULL. */
static const char *
detail_mark(const struct detail *d)
{
	return d->find.len > 0 ? buf_str(&d->find) : NULL;
}

static size_t	detail_rows(const struct pane *);

/* The line of the hit n and N went to, or SIZE_MAX. */
static size_t
detail_cur(const struct detail *d)
{
	return d->hit < d->nhits ? d->hits[d->hit] : SIZE_MAX;
}

/* The lines holding the search's text, ignoring case. The current hit
 * keeps its number (rewrapped lines keep their order) while there is one
 * by that number. */
static void
detail_hits(struct detail *d)
{
	const char *want = buf_str(&d->find);
	size_t i;

	free(d->hits);
	d->hits = NULL;
	d->nhits = 0;
	for (i = 0; *want != '\0' && i < d->lines.n; i++) {
		if (sanitize_find(d->lines.v[i].text, want, NULL) == NULL)
			continue;
		d->hits = xreallocarray(d->hits, d->nhits + 1, sizeof *d->hits);
		d->hits[d->nhits++] = i;
	}
	if (d->hit >= d->nhits)
		d->hit = 0;
}

/* Whether update i is the first (newest) saying what it says. */
static bool
detail_update_first(const struct incident *inc, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++) {
		if (portal_update_same(inc->updates[j].text,
		    inc->updates[i].text))
			return false;
	}
	return true;
}

/* "in 40m", "5m overdue": how far t is from now, in whole minutes. */
static void
detail_until(time_t now, time_t t, char *buf, size_t len)
{
	long m = (long)((t > now ? t - now : now - t) + 59) / 60;

	if (m >= 120)
		snprintf(buf, len, t > now ? "in %ldh%02ldm" : "%ldh%02ldm "
		    "overdue", m / 60, m % 60);
	else
		snprintf(buf, len, t > now ? "in %ldm" : "%ldm overdue", m);
}

/* The user's subscriptions by their display names. */
static void
detail_subscriptions(const struct incident *inc, const struct snapshot *s,
    struct buf *b)
{
	const char *name;
	size_t i;

	for (i = 0; i < inc->subscriptions.n; i++) {
		if (i > 0)
			buf_puts(b, ", ");
		name = subnames_get(s != NULL ? s->subnames : NULL,
		    inc->subscriptions.v[i]);
		buf_puts(b, name != NULL ? name : inc->subscriptions.v[i]);
	}
}

/* A link line (wrapped: every piece links) and its OSC 8 target. */
static void
detail_link_line(struct detail *d, int width, const char *label,
    const char *url)
{
	size_t first = d->lines.n, k;
	struct buf b;

	buf_init(&b);
	buf_puts(&b, label);
	buf_puts(&b, url);
	strv_add(&d->urls, url);
	detail_add(d, width, 2, draw_attr(ROLE_INFO), buf_str(&b));
	buf_free(&b);
	d->links = xreallocarray(d->links, d->nlinks + d->lines.n - first,
	    sizeof *d->links);
	for (k = first; k < d->lines.n; k++) {
		d->links[d->nlinks].line = k;
		d->links[d->nlinks].link = d->urls.n - 1;
		d->nlinks++;
	}
}

/* Facts first (as the blade's summary), then the user's side, the
 * update history, links, and the longer texts. */
static void
detail_build(struct pane *p)
{
	struct detail *d = p->data;
	const struct incident *inc = d->inc;
	const struct snapshot *snap = p->ui->snap;
	time_t now = p->ui->now;
	int width = p->w - 2;
	char t1[40], t2[40], age[40];
	struct buf b;
	enum inc_state st;
	time_t next;
	size_t i, shown;
	char *s;
	/* the current match on screen stays on its row when the text is
	 * built again (news arrived, the pane was resized) */
	size_t cur = detail_cur(d), rows = detail_rows(p);
	bool pinned = cur != SIZE_MAX && cur >= d->top && cur < d->top + rows;
	size_t row = pinned ? cur - d->top : 0;

	draw_lines_free(&d->lines);
	d->built_w = p->w;
	free(d->links);
	d->links = NULL;
	d->nlinks = 0;
	strv_free(&d->urls);
	buf_init(&b);

	detail_add(d, width, 0, draw_attr(ROLE_TITLE), inc->title);
	if (inc->early)
		detail_add(d, width, 0, draw_attr(ROLE_WARN), "azwatch's early "
		    "warning: an inference from your resources' health, not "
		    "Microsoft's word. Azure has not confirmed it.");
	if (d->gone)
		detail_add(d, width, 0, draw_attr(ROLE_WARN),
		    "(no longer reported by any channel; shown as last seen)");

	st = incident_state(inc, now);
	buf_printf(&b, "Status: %s   Type: %s", inc_state_name(st),
	    apiword_text(inc_type_name(inc->type)));
	if (inc->subtype != NULL) {
		buf_puts(&b, " (");
		buf_puts(&b, apiword_text(inc->subtype));
		buf_putc(&b, ')');
	}
	buf_puts(&b, "   Tracking ID: ");
	buf_puts(&b, inc->tracking_id != NULL ? inc->tracking_id : "—");
	detail_add(d, width, 0, draw_attr(draw_status_role(inc->status)),
	    buf_str(&b));
	/* the blade's flags: level, priority, high incident rate */
	buf_reset(&b);
	if (inc->level != NULL) {
		buf_puts(&b, "Level: ");
		buf_puts(&b, apiword_text(inc->level));
		if (inc->event_level != NULL &&
		    strcasecmp(inc->event_level, inc->level) != 0) {
			buf_puts(&b, " (event: ");
			buf_puts(&b, apiword_text(inc->event_level));
			buf_putc(&b, ')');
		}
		buf_puts(&b, "   ");
	}
	if (inc->priority >= 0)
		buf_printf(&b, "Priority: %d (0 is the most urgent)   ",
		    inc->priority);
	if ((inc->sources & CHAN_BIT(CHAN_SERVICE_HEALTH)) && !inc->early)
		buf_printf(&b, "High incident rate: %s",
		    inc->is_hir ? "yes" : "no");
	if (b.len > 0)
		detail_add(d, width, 0, inc->is_hir ? draw_attr(ROLE_WARN) :
		    A_NORMAL, buf_str(&b));
	buf_reset(&b);
	draw_utc(inc->start, t1, sizeof t1);
	draw_utc(inc->mitigated, t2, sizeof t2);
	/* a window ahead has not started */
	buf_printf(&b, "%s: %s   Mitigated: %s", st == INC_STATE_PLANNED ?
	    "Starts" : "Started", t1, t2);
	detail_add(d, width, 0, A_NORMAL, buf_str(&b));
	buf_reset(&b);
	if (inc->last_update != 0) {
		draw_utc(inc->last_update, t1, sizeof t1);
		time_format_age(now, inc->last_update, age, sizeof age);
		buf_printf(&b, "Last update: %s (%s)", t1, age);
		detail_add(d, width, 0, A_NORMAL, buf_str(&b));
		buf_reset(&b);
	}
	/* only while it is still going: a promise is moot once resolved */
	next = portal_next_update(inc);
	if (next != 0 && (st == INC_STATE_ACTIVE || st == INC_STATE_MITIGATED ||
	    st == INC_STATE_IN_PROGRESS)) {
		draw_utc(next, t1, sizeof t1);
		detail_until(now, next, age, sizeof age);
		buf_printf(&b, "Next update expected by: %s (%s)", t1, age);
		detail_add(d, width, 0, draw_attr(next < now ? ROLE_WARN :
		    ROLE_INFO), buf_str(&b));
		buf_reset(&b);
	}
	/* the blade's summary: where things stand, from the newest update */
	if (!inc->early && (s = portal_current_status(inc, 400)) != NULL) {
		detail_addf(d, width, 0, A_BOLD, "Current status: ", s);
		free(s);
	}
	detail_sources(inc->sources, &b);
	detail_addf(d, width, 0, A_NORMAL, "Reported by: ", buf_str(&b));
	buf_reset(&b);
	/* the lag record: what a post-incident review asks */
	s = lag_text(inc);
	if (*s != '\0')
		detail_addf(d, width, 0, A_NORMAL, "First shown: ", s);
	free(s);
	if ((s = lag_lead_text(inc)) != NULL) {
		detail_add(d, width, 0, draw_attr(ROLE_INFO), s);
		free(s);
	}
	if (inc->pir != PIR_NONE) {
		draw_utc(inc->pir_posted, t1, sizeof t1);
		s = arm_history_link(inc->tracking_id != NULL ?
		    inc->tracking_id : inc->key);
		buf_printf(&b, "Post-incident review: %s, posted %s, at %s",
		    pir_stage_name(inc->pir), t1, s);
		free(s);
		detail_add(d, width, 0, draw_attr(ROLE_INFO), buf_str(&b));
		buf_reset(&b);
	}
	s = strv_join(&inc->services, ", ");
	detail_addf(d, width, 0, A_NORMAL, "Services: ", s);
	free(s);
	if (inc->nimpacts == 0) {
		s = strv_join(&inc->regions, ", ");
		detail_addf(d, width, 0, A_NORMAL, "Regions: ", s);
		free(s);
	}
	for (i = 0; i < inc->nimpacts; i++) {
		const struct impact *im = &inc->impacts[i];

		buf_reset(&b);
		buf_puts(&b, i == 0 ? "Regions: " : "         ");
		buf_puts(&b, im->region != NULL ? im->region : "global");
		buf_puts(&b, " (");
		buf_puts(&b, im->service != NULL ? im->service : "?");
		buf_puts(&b, "): ");
		/* the region's word in the incident's vocabulary */
		buf_puts(&b, im->status == inc->status ? inc_state_name(st) :
		    inc_status_name(im->status));
		detail_add(d, width, 0, A_NORMAL, buf_str(&b));
	}
	buf_reset(&b);
	if (inc->subscriptions.n > 0) {
		detail_subscriptions(inc, snap, &b);
		detail_addf(d, width, 0, A_NORMAL, "Subscriptions: ",
		    buf_str(&b));
		buf_reset(&b);
	}
	if (inc->impact_type != NULL || inc->platform_initiated) {
		if (inc->impact_type != NULL)
			buf_puts(&b, apiword_text(inc->impact_type));
		if (inc->platform_initiated)
			buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
			    apiword_text("PlatformInitiated"));
		detail_addf(d, width, 0, A_NORMAL, "Impact: ", buf_str(&b));
		buf_reset(&b);
	}
	if (inc->enable_support || inc->enable_chat) {
		buf_puts(&b, inc->enable_support ? "a support request" : "");
		if (inc->enable_chat)
			buf_printf(&b, "%s", b.len > 0 ? ", chat with us" :
			    "chat with us");
		detail_addf(d, width, 0, A_NORMAL, "The portal offers: ",
		    buf_str(&b));
		buf_reset(&b);
	}
	if (inc->scenario != SCEN_NONE)
		detail_addf(d, width, 0, A_NORMAL, "Scenario: ",
		    scenario_text(inc->scenario));
	if (inc->tickets.n > 0) {
		detail_add(d, width, 0, draw_attr(ROLE_TITLE),
		    "Your support tickets that name it:");
		for (i = 0; i < inc->tickets.n; i++)
			detail_add(d, width, 2, A_NORMAL, inc->tickets.v[i]);
	}

	/* the portal's share link for this incident, then the others */
	s = portal_link(inc);
	if (s != NULL || inc->links.n > 0) {
		detail_add(d, width, 0, draw_attr(ROLE_TITLE),
		    "Links (o opens the first):");
		if (s != NULL)
			detail_link_line(d, width, "Portal: ", s);
		for (i = 0; i < inc->links.n; i++)
			detail_link_line(d, width, "", inc->links.v[i]);
	}
	free(s);

	/* each update once: the status page repeats Service Health's text */
	for (i = 0, shown = 0; i < inc->nupdates; i++)
		shown += detail_update_first(inc, i);
	buf_reset(&b);
	buf_printf(&b, "Updates (%zu, newest first, times in UTC):", shown);
	detail_add(d, width, 0, draw_attr(ROLE_TITLE), buf_str(&b));
	for (i = 0; i < inc->nupdates; i++) {
		const struct update *u = &inc->updates[i];
		unsigned srcs = CHAN_BIT(u->source);
		size_t j;

		if (!detail_update_first(inc, i))
			continue;
		for (j = i + 1; j < inc->nupdates; j++) {
			if (portal_update_same(u->text, inc->updates[j].text))
				srcs |= CHAN_BIT(inc->updates[j].source);
		}
		buf_reset(&b);
		detail_sources(srcs, &b);
		draw_utc(u->time, t1, sizeof t1);
		s = xasprintf("%s  %s", t1, buf_str(&b));
		detail_add(d, width, 2, draw_attr(ROLE_INFO), s);
		free(s);
		detail_add(d, width, 4, A_NORMAL, u->text);
	}
	if (inc->nupdates == 0)
		detail_add(d, width, 2, draw_attr(ROLE_DIM), "(none)");

	if (inc->resources.n > 0 || inc->potential.n > 0) {
		char health[64];

		detail_add(d, width, 0, draw_attr(ROLE_TITLE),
		    "Your resources (confirmed: Azure lists them; potential: "
		    "yours in an impacted service and region), health now:");
		for (i = 0; i < inc->resources.n; i++) {
			buf_reset(&b);
			buf_printf(&b, "confirmed  %-12s %s", earlywarn_health_of(
			    inc, inc->resources.v[i], health, sizeof health),
			    inc->resources.v[i]);
			detail_add(d, width, 2, A_NORMAL, buf_str(&b));
		}
		for (i = 0; i < inc->potential.n; i++) {
			buf_reset(&b);
			buf_printf(&b, "potential  %-12s %s", earlywarn_health_of(
			    inc, inc->potential.v[i], health, sizeof health),
			    inc->potential.v[i]);
			detail_add(d, width, 2, A_NORMAL, buf_str(&b));
		}
	}
	if (inc->info != NULL) {
		detail_add(d, width, 0, draw_attr(ROLE_TITLE),
		    "Additional information:");
		detail_add(d, width, 2, A_NORMAL, inc->info);
	}
	for (i = 0; i < inc->faqs.n; i++) {
		const char *nl = strchr(inc->faqs.v[i], '\n');

		if (i == 0)
			detail_add(d, width, 0, draw_attr(ROLE_TITLE),
			    "Questions and answers:");
		buf_reset(&b);
		buf_append(&b, inc->faqs.v[i], nl != NULL ?
		    (size_t)(nl - inc->faqs.v[i]) : strlen(inc->faqs.v[i]));
		detail_add(d, width, 2, A_BOLD, buf_str(&b));
		if (nl != NULL && nl[1] != '\0')
			detail_add(d, width, 4, A_NORMAL, nl + 1);
	}
	if (inc->summary != NULL && *inc->summary != '\0') {
		detail_add(d, width, 0, draw_attr(ROLE_TITLE), "Summary:");
		detail_add(d, width, 2, A_NORMAL, inc->summary);
	}
	buf_free(&b);
	detail_hits(d);
	if (pinned && (cur = detail_cur(d)) != SIZE_MAX)
		d->top = cur > row ? cur - row : 0;
}

static const struct incident *
detail_find(const struct snapshot *s, const char *key)
{
	return s != NULL ? inc_list_find(&s->incidents, key) : NULL;
}

static void
detail_open(struct pane *p, const void *arg)
{
	struct detail *d = xcalloc(1, sizeof *d);
	const struct incident *inc = detail_find(p->ui->snap, arg);

	d->inc = inc != NULL ? incident_dup(inc) : incident_new(arg);
	d->share = share_new();
	buf_init(&d->find);
	p->data = d;
	/* Opening it is reading it. */
	if (inc != NULL)
		ui_mark_seen(p->ui, inc);
}

static void
detail_close(struct pane *p)
{
	struct detail *d = p->data;

	draw_lines_free(&d->lines);
	incident_free(d->inc);
	free(d->links);
	strv_free(&d->urls);
	share_free(d->share);
	free(d->msg);
	buf_free(&d->find);
	free(d->hits);
	free(d);
	p->data = NULL;
}

static bool
detail_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	struct detail *d = p->data;
	const struct incident *inc = detail_find(new, d->inc->key);

	share_reap(d->share);
	/* the subscriptions' names may have come */
	if (old != NULL && new != NULL && old->subnames != new->subnames &&
	    d->inc->subscriptions.n > 0)
		d->built_w = 0;
	if (inc == NULL) {
		if (d->gone)
			return d->built_w == 0;
		d->gone = true;
	} else {
		if (!d->gone && inc->last_update == d->inc->last_update &&
		    inc->nupdates == d->inc->nupdates &&
		    inc->status == d->inc->status &&
		    inc->sources == d->inc->sources &&
		    inc->nimpacts == d->inc->nimpacts &&
		    inc->tickets.n == d->inc->tickets.n &&
		    inc->subscriptions.n == d->inc->subscriptions.n &&
		    memcmp(inc->seen, d->inc->seen, sizeof inc->seen) == 0)
			return d->built_w == 0;
		d->gone = false;
		incident_free(d->inc);
		d->inc = incident_dup(inc);
		/* News arriving while it is open is read as it arrives. */
		ui_mark_seen(p->ui, inc);
	}
	d->built_w = 0;
	return true;
}

static size_t
detail_rows(const struct pane *p)
{
	return p->h > 2 ? (size_t)p->h - 2 : 1;
}

static void
detail_draw(struct pane *p)
{
	static const char *const hints[] = {
		"j/k", "scroll", "[/]", "prev/next", "y", "copy ID", "o",
		"open", "/", "search", "e", "export", "q/Esc", "back",
		"PgUp/PgDn", "page", "g/G", "top/end", "?", "help", NULL
	};
	/* while a search is kept: Esc drops it before it leaves */
	static const char *const found[] = {
		"n/N", "next/prev match", "Esc", "clear search", "/", "search",
		"j/k", "scroll", "q", "back", "?", "help", NULL
	};
	struct detail *d = p->data;
	size_t rows = detail_rows(p);
	char pos[48];
	int y;

	if (d->built_w != p->w)
		detail_build(p);
	if (d->top + rows > d->lines.n)
		d->top = d->lines.n > rows ? d->lines.n - rows : 0;

	wattrset(p->win, draw_attr(ROLE_SELECT));
	mvwhline(p->win, 0, 0, ' ', p->w);
	wattrset(p->win, A_NORMAL);
	y = draw_clean(p->win, 0, 1, p->w - 2, "Incident ",
	    draw_attr(ROLE_SELECT) | A_BOLD);
	draw_text(p->win, 0, 1 + y, p->w - 20 - y,
	    d->inc->tracking_id != NULL ? d->inc->tracking_id : d->inc->key,
	    draw_attr(ROLE_SELECT) | A_BOLD);
	snprintf(pos, sizeof pos, "%zu-%zu/%zu", d->lines.n ? d->top + 1 : 0,
	    d->top + rows < d->lines.n ? d->top + rows : d->lines.n, d->lines.n);
	draw_clean(p->win, 0, p->w - 1 - (int)strlen(pos), (int)strlen(pos),
	    pos, draw_attr(ROLE_SELECT));

	draw_lines_find(p->win, 1, 1, p->w - 2, rows, &d->lines, d->top,
	    detail_mark(d), detail_cur(d));
	if (d->finding) {
		int used = draw_clean(p->win, p->h - 1, 0, 1, "/",
		    draw_attr(ROLE_KEY));

		used += draw_text(p->win, p->h - 1, used, p->w - 2,
		    buf_str(&d->find), A_BOLD);
		wattrset(p->win, A_REVERSE);
		mvwaddch(p->win, p->h - 1, used, ' ');	/* the cursor */
		wattrset(p->win, A_NORMAL);
	} else if (d->msg != NULL)
		draw_text(p->win, p->h - 1, 0, p->w, d->msg,
		    draw_attr(d->msg_bad ? ROLE_BAD : ROLE_OK));
	else
		draw_hints(p->win, p->h - 1, 0, p->w, d->find.len > 0 ? found :
		    hints);
}

static void
detail_export(struct pane *p)
{
	struct detail *d = p->data;
	const struct cfg *cfg = p->ui->cfg;
	char path[4096], err[512], *t;

	free(d->msg);
	if (export_save(d->inc, cfg != NULL ? cfg->state_dir : NULL,
	    time(NULL), path, sizeof path, err, sizeof err) == -1) {
		d->msg = xstrdup(err);
		d->msg_bad = true;
		return;
	}
	t = draw_tilde(path);
	d->msg = xasprintf("Timeline saved as %s", t);
	d->msg_bad = false;
	free(t);
}

/* OSC 8 only where it is likely understood: xterm-likes, tmux and
 * screen, or a terminal that sets COLORTERM; never the Linux console or
 * a dumb terminal, which would print the sequence. */
static bool
detail_osc8_ok(void)
{
	const char *term = getenv("TERM"), *ct = getenv("COLORTERM");

	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0 ||
	    strncmp(term, "linux", 5) == 0)
		return false;
	if (strstr(term, "xterm") != NULL || strstr(term, "tmux") != NULL ||
	    strstr(term, "screen") != NULL)
		return true;
	return ct != NULL && *ct != '\0';
}

/* The URL as it may go inside OSC 8: http or https only, no control
 * bytes at all, everything outside the URL characters percent-encoded
 * so it can never end the sequence. false: no hyperlink. */
static bool
detail_url(const char *url, struct buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u;

	if (strncasecmp(url, "https://", 8) != 0 &&
	    strncasecmp(url, "http://", 7) != 0)
		return false;
	if (strlen(url) > DETAIL_URL_MAX)
		return false;
	for (u = (const unsigned char *)url; *u != '\0'; u++) {
		if (*u < 0x20 || *u == 0x7f)
			return false;
		if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
		    (*u >= '0' && *u <= '9') ||
		    strchr("-._~:/?#[]@!$&'()*+,;=%", *u) != NULL)
			buf_putc(out, (char)*u);
		else {
			buf_putc(out, '%');
			buf_putc(out, hex[*u >> 4]);
			buf_putc(out, hex[*u & 0xf]);
		}
	}
	return true;
}

/* Rewrite each visible link line wrapped in OSC 8: the same text in the
 * same cells with the same attributes (a search's highlight too), so
 * curses' picture of the screen stays true; then put the
 * cursor back where curses left it. */
static void
detail_after(struct pane *p)
{
	struct detail *d = p->data;
	const char *mark = detail_mark(d);
	size_t rows = detail_rows(p), i, n;
	int by, bx, cols;
	struct buf b, url;

	if (d->nlinks == 0 || p->win == NULL || !detail_osc8_ok())
		return;
	getbegyx(p->win, by, bx);
	buf_init(&b);
	buf_init(&url);
	for (i = 0; i < d->nlinks; i++) {
		const struct draw_line *l = &d->lines.v[d->links[i].line];

		if (d->links[i].line < d->top ||
		    d->links[i].line >= d->top + rows)
			continue;
		buf_reset(&url);
		if (!detail_url(d->urls.v[d->links[i].link], &url))
			continue;
		cols = p->w - 2 - l->indent;
		n = sanitize_clip(l->text, cols, NULL);
		if (n == 0)
			continue;
		buf_printf(&b, "\033[%d;%dH",
		    by + 1 + (int)(d->links[i].line - d->top) + 1,
		    bx + 1 + l->indent + 1);
		/* the attributes curses drew, a search's highlight too */
		draw_sgr(&b, l->attr);
		buf_printf(&b, "\033]8;;%s\033\\", buf_str(&url));
		draw_clean_sgr(&b, l->text, n, l->attr, mark,
		    draw_attr(d->links[i].line == detail_cur(d) ?
		    ROLE_MATCH_CUR : ROLE_MATCH));
		buf_puts(&b, "\033]8;;\033\\\033[0m");
	}
	if (b.len > 0) {
		buf_printf(&b, "\033[%d;%dH", getcury(curscr) + 1,
		    getcurx(curscr) + 1);
		(void)!write(STDOUT_FILENO, b.data, b.len);
	}
	buf_free(&url);
	buf_free(&b);
}

static void
detail_say(struct detail *d, bool bad, const char *text)
{
	free(d->msg);
	d->msg = xstrdup(text);
	d->msg_bad = bad;
}

/* y: the tracking id to the clipboard. */
static void
detail_copy(struct pane *p)
{
	struct detail *d = p->data;
	char msg[512];
	bool ok;

	if (d->inc->tracking_id == NULL) {
		detail_say(d, true, "This incident has no tracking ID to copy.");
		return;
	}
	ok = share_copy(d->share, p->ui->cfg, "Tracking ID",
	    d->inc->tracking_id, msg,
	    sizeof msg);
	detail_say(d, !ok, msg);
}

/* o: the first link, the portal's own when there is one. */
static void
detail_open_link(struct pane *p)
{
	struct detail *d = p->data;
	char msg[2300];

	if (d->built_w != p->w)
		detail_build(p);
	if (d->urls.n == 0) {
		detail_say(d, true, "This incident has no link to open.");
		return;
	}
	detail_say(d, !share_open(d->share, p->ui->cfg, d->urls.v[0], msg,
	    sizeof msg), msg);
	d->msg_bad = false;	/* a link shown is not an error */
}

/* [ and ]: the feed's previous or next incident, in this view. */
static void
detail_step(struct pane *p, int dir)
{
	struct detail *d = p->data;
	const struct incident *inc = pane_feed_step(p->ui, d->inc->key, dir);

	if (inc == NULL) {
		detail_say(d, false, dir < 0 ? "This is the feed's first "
		    "incident." : "This is the feed's last incident.");
		return;
	}
	incident_free(d->inc);
	d->inc = incident_dup(inc);
	d->gone = false;
	d->top = 0;
	d->built_w = 0;
	ui_mark_seen(p->ui, inc);
}

/* Show search hit number at, brought to the top; say which it is. */
static void
detail_find_show(struct pane *p, size_t at)
{
	struct detail *d = p->data;
	size_t max, rows = detail_rows(p);
	char msg[128];

	d->hit = at;
	max = d->lines.n > rows ? d->lines.n - rows : 0;
	d->top = d->hits[at] < max ? d->hits[at] : max;
	snprintf(msg, sizeof msg, "Match %zu of %zu (n next, N previous, "
	    "Esc clears)", at + 1, d->nhits);
	detail_say(d, false, msg);
}

/* The first hit at or below the top line (round the text), or the next
 * or previous one (dir) from the one shown last. */
static void
detail_find_step(struct pane *p, int dir)
{
	struct detail *d = p->data;
	size_t i;

	if (d->nhits == 0) {
		if (d->find.len > 0)
			detail_say(d, true, "No line holds that text.");
		return;
	}
	if (dir == 0) {
		for (i = 0; i < d->nhits && d->hits[i] < d->top; i++)
			;
		detail_find_show(p, i < d->nhits ? i : 0);
	} else if (d->hit >= d->nhits)
		detail_find_show(p, 0);
	else
		detail_find_show(p, dir > 0 ? (d->hit + 1) % d->nhits :
		    (d->hit + d->nhits - 1) % d->nhits);
}

/* Typing the search: the view follows the first match as it grows. */
static enum pane_key
detail_find_key(struct pane *p, int k)
{
	struct detail *d = p->data;

	p->dirty = true;
	if (k == K_ESC) {
		d->finding = false;
		buf_reset(&d->find);
		detail_hits(d);
		return PANE_KEY_DONE;
	}
	if (K_IS_ENTER(k)) {
		d->finding = false;
		detail_find_step(p, 0);
		return PANE_KEY_DONE;
	}
	if (ui_edit(&d->find, k, 200)) {
		detail_hits(d);
		if (d->nhits > 0)
			detail_find_step(p, 0);
		free(d->msg);
		d->msg = NULL;
	}
	return PANE_KEY_DONE;
}

static enum pane_key
detail_key(struct pane *p, int k)
{
	struct detail *d = p->data;
	size_t rows = detail_rows(p), max;

	if (d->finding)
		return detail_find_key(p, k);
	max = d->lines.n > rows ? d->lines.n - rows : 0;
	if (d->msg != NULL) {
		/* The message stays until the next key. */
		free(d->msg);
		d->msg = NULL;
		p->dirty = true;
	}
	/* a search kept: Esc drops it (and its highlight) first */
	if (k == K_ESC && d->find.len > 0) {
		buf_reset(&d->find);
		detail_hits(d);
		p->dirty = true;
		return PANE_KEY_DONE;
	}
	switch (k) {
	case 'q':
	case K_ESC:
	case K_FN(KEY_LEFT):
	case 'h':
	case K_FN(KEY_BACKSPACE):
		ui_pop(p->ui, p);
		return PANE_KEY_DONE;
	case 'e':
		detail_export(p);
		break;
	case 'y':
		detail_copy(p);
		break;
	case 'o':
		detail_open_link(p);
		break;
	case '[':
	case ']':
		detail_step(p, k == '[' ? -1 : 1);
		break;
	case '/':
		d->finding = true;
		buf_reset(&d->find);
		detail_hits(d);
		break;
	case 'n':
	case 'N':
		detail_find_step(p, k == 'n' ? 1 : -1);
		break;
	default:
		if (!ui_scroll(&d->top, max, rows, k))
			return PANE_KEY_PASS;
		break;
	}
	p->dirty = true;
	return PANE_KEY_DONE;
}

const struct pane_ops pane_detail_ops = {
	.name = "detail",
	.slot = SLOT_SCREEN,
	.open = detail_open,
	.close = detail_close,
	.changed = detail_changed,
	.draw = detail_draw,
	.key = detail_key,
	.after = detail_after,
};
