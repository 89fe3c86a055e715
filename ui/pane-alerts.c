/* pane-alerts.c: "your alerts", the user's fired Azure Monitor alerts,
 * each with decide()'s verdict: severity, verdict, matching tracking ID
 * and rule on one line, the resource, its service and region under it.
 * Enter opens the verdict screen of the wizard for the alert; v, s and p
 * filter by severity, subscription and resource group. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "decide.h"
#include "draw.h"
#include "fired.h"
#include "pane.h"
#include "regions.h"
#include "wizard.h"
#include "xmalloc.h"

#define ALERTS_TOP	3	/* first row of the list */
#define ALERTS_ROW_H	2	/* lines per alert */
#define ALERTS_SEV_ALL	0x1f

struct alerts {
	/* the verdicts, for the snapshot they were made from */
	const struct snapshot	*made_for;
	unsigned long		 made_seq;
	struct decision		*dec;		/* one per alert of the set */
	size_t			 ndec;
	/* the filters */
	bool			 sev_all;	/* v: every severity */
	char			*sub;		/* s: NULL every one */
	char			*rg;		/* p: NULL every one */
	/* the shown rows: indexes into the set */
	size_t			*rows;
	size_t			 nrows;
	size_t			 cur, top;
};

static const struct fired_set *
alerts_set(const struct pane *p)
{
	return p->ui->snap->fired;
}

static void
alerts_decisions_free(struct alerts *al)
{
	size_t i;

	for (i = 0; i < al->ndec; i++)
		decision_free(&al->dec[i]);
	free(al->dec);
	al->dec = NULL;
	al->ndec = 0;
}

static unsigned
alerts_sev_mask(const struct pane *p)
{
	const struct alerts *al = p->data;

	if (al->sev_all)
		return ALERTS_SEV_ALL;
	return p->ui->cfg != NULL ? p->ui->cfg->alerts_severities : 0x7;
}

/* Verdicts for every alert of the set, and the rows the filters let
 * through; again only when the snapshot changed. */
static void
alerts_update(struct pane *p, bool refilter)
{
	struct alerts *al = p->data;
	const struct snapshot *s = p->ui->snap;
	const struct fired_set *set = s->fired;
	const struct strv *dep = p->ui->cfg != NULL ? &p->ui->cfg->depends :
	    NULL;
	size_t i;

	if (al->made_for != s || al->made_seq != s->seq) {
		alerts_decisions_free(al);
		if (set != NULL && set->n > 0) {
			al->dec = xcalloc(set->n, sizeof *al->dec);
			for (i = 0; i < set->n; i++)
				fired_decide(&set->v[i], s, dep, 0, 0,
				    p->ui->now, &al->dec[i]);
			al->ndec = set->n;
		}
		al->made_for = s;
		al->made_seq = s->seq;
		refilter = true;
	}
	if (!refilter)
		return;
	free(al->rows);
	al->rows = xcalloc(set != NULL && set->n > 0 ? set->n : 1,
	    sizeof *al->rows);
	al->nrows = 0;
	for (i = 0; set != NULL && i < set->n; i++) {
		if (fired_shown(&set->v[i], p->ui->cfg, alerts_sev_mask(p),
		    al->sub, al->rg))
			al->rows[al->nrows++] = i;
	}
	if (al->cur >= al->nrows)
		al->cur = al->nrows > 0 ? al->nrows - 1 : 0;
}

/* The severity filter in words: "Sev0-2", "Sev0, Sev3", "every severity". */
static void
alerts_sev_text(unsigned mask, char *buf, size_t len)
{
	struct buf b;
	int i, j;

	if ((mask & ALERTS_SEV_ALL) == ALERTS_SEV_ALL) {
		snprintf(buf, len, "every severity");
		return;
	}
	buf_init(&b);
	for (i = 0; i <= 4; i++) {
		if (!(mask & (1u << i)))
			continue;
		for (j = i; j < 4 && (mask & (1u << (j + 1))); j++)
			;
		buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
		    fired_severity_name(i));
		if (j > i)
			buf_printf(&b, "%s%d", j == i + 1 ? ", Sev" : "\xe2\x80\x93",
			    j);
		i = j;
	}
	snprintf(buf, len, "%s", buf_str(&b));
	buf_free(&b);
}

static const char *
alerts_tail(const char *id)
{
	const char *s;

	if (id == NULL || *id == '\0')
		return "no resource";
	s = strrchr(id, '/');
	return s != NULL && s[1] != '\0' ? s + 1 : id;
}

static void
alerts_row(struct pane *p, int y, const struct fired_alert *a,
    const struct decision *d, bool sel)
{
	const struct region_info *ri;
	attr_t base = sel ? draw_attr(ROLE_SELECT) : A_NORMAL;
	int w = p->w - 2;
	struct buf b;

	if (sel) {
		wattrset(p->win, base);
		mvwhline(p->win, y, 1, ' ', w);
		mvwhline(p->win, y + 1, 1, ' ', w);
		wattrset(p->win, A_NORMAL);
	}
	draw_clean(p->win, y, 2, 4, fired_severity_name(a->severity),
	    base | (a->severity >= 0 && a->severity <= 1 ? A_BOLD : 0));
	draw_clean(p->win, y, 8, 18, verdict_name(d->verdict),
	    sel ? base : draw_attr(draw_verdict_role(d->verdict)));
	draw_text(p->win, y, 27, 10, d->matched.n > 0 ? d->matched.v[0] :
	    "-", base);
	draw_text(p->win, y, 38, w - 37, a->rule != NULL ? a->rule : "?",
	    base);

	buf_init(&b);
	buf_puts(&b, alerts_tail(a->resource));
	buf_puts(&b, " \xc2\xb7 ");
	buf_puts(&b, a->service != NULL ? a->service :
	    (a->resource_type != NULL ? a->resource_type : "unknown service"));
	buf_puts(&b, " \xc2\xb7 ");
	ri = a->region != NULL ? regions_lookup(a->region) : NULL;
	buf_puts(&b, ri != NULL ? ri->display : (a->region != NULL ?
	    a->region : "region unknown"));
	draw_text(p->win, y + 1, 8, w - 7, buf_str(&b),
	    sel ? base : draw_attr(ROLE_DIM));
	buf_free(&b);
}

/* What to say instead of a list: never "no alerts" when they could not
 * be read. Returns the rows used. */
static int
alerts_status(struct pane *p, int y, int rows)
{
	const struct fired_set *set = alerts_set(p);
	const struct chan_status *cs = &p->ui->snap->chans[CHAN_SERVICE_HEALTH];
	int w = p->w - 4, used = 0;
	char *s;

	if (p->ui->cfg != NULL && !p->ui->cfg->alerts_fired)
		return draw_wrap(p->win, y, 2, w, rows, "Fired alerts are not "
		    "read: [alerts] fired = off in the configuration.",
		    draw_attr(ROLE_DIM));
	if (set == NULL || set->state == FIRED_WAITING) {
		if (!cs->configured || cs->state == CHAN_UNCONFIGURED) {
			s = xasprintf("Fired alerts come through Service "
			    "Health, which is not configured: %s", cs->note !=
			    NULL ? cs->note : "see azwatch(1)");
			used = draw_wrap(p->win, y, 2, w, rows, s,
			    draw_attr(ROLE_WARN));
			free(s);
		} else if (cs->error != NULL) {
			s = xasprintf("Fired alerts not read: Service Health "
			    "says %s", cs->error);
			used = draw_wrap(p->win, y, 2, w, rows, s,
			    draw_attr(ROLE_BAD));
			free(s);
		} else
			used = draw_wrap(p->win, y, 2, w, rows, "Reading your "
			    "fired alerts\xe2\x80\xa6", draw_attr(ROLE_INFO));
		return used;
	}
	if (set->state == FIRED_DENIED)
		return draw_wrap(p->win, y, 2, w, rows, "Fired alerts cannot "
		    "be read: this identity may not read them. Grant it "
		    FIRED_GRANT " on the subscriptions to watch.",
		    draw_attr(ROLE_BAD));
	return 0;
}

static void
alerts_draw(struct pane *p)
{
	struct alerts *al = p->data;
	const struct fired_set *set = alerts_set(p);
	struct buf b;
	char sev[64];
	int y, rows, used, foot;
	size_t i, n, shown;

	alerts_update(p, false);
	wattrset(p->win, draw_attr(ROLE_SELECT));
	mvwhline(p->win, 0, 0, ' ', p->w);
	wattrset(p->win, A_NORMAL);
	draw_clean(p->win, 0, 1, p->w - 2, "Your alerts: is Azure behind "
	    "them?", draw_attr(ROLE_SELECT) | A_BOLD);

	buf_init(&b);
	alerts_sev_text(alerts_sev_mask(p), sev, sizeof sev);
	buf_puts(&b, sev);
	buf_puts(&b, " \xc2\xb7 ");
	/* a subscription by its tail, as the channel's detail names it, so
	 * the line keeps its count at 80 columns */
	if (al->sub != NULL)
		buf_printf(&b, "subscription \xe2\x80\xa6%s", al->sub +
		    (strlen(al->sub) > 8 ? strlen(al->sub) - 8 : 0));
	else
		buf_puts(&b, "every subscription");
	buf_puts(&b, " \xc2\xb7 ");
	buf_puts(&b, al->rg != NULL ? al->rg : "every resource group");
	if (set != NULL && set->state != FIRED_WAITING &&
	    set->state != FIRED_DENIED)
		buf_printf(&b, " \xc2\xb7 showing %zu of %zu",
		    al->nrows, set->n);
	draw_text(p->win, 1, 2, p->w - 4, buf_str(&b), draw_attr(ROLE_DIM));
	buf_free(&b);

	foot = 2;	/* the hints, and one line for a note */
	rows = p->h - ALERTS_TOP - foot;
	used = alerts_status(p, ALERTS_TOP, rows);
	if (used > 0) {
		draw_hints(p->win, p->h - 1, 0, p->w, (const char *const[]){
		    "r", "refresh", "Esc", "back", "?", "help", NULL });
		return;
	}
	draw_clean(p->win, 2, 2, p->w - 4, "Sev   verdict            tracking"
	    "   alert rule / resource \xc2\xb7 service \xc2\xb7 region",
	    draw_attr(ROLE_TITLE));
	y = ALERTS_TOP;
	n = (size_t)(rows > 0 ? rows : 0) / ALERTS_ROW_H;
	if (al->cur < al->top)
		al->top = al->cur;
	if (n > 0 && al->cur >= al->top + n)
		al->top = al->cur - n + 1;
	shown = 0;
	for (i = al->top; i < al->nrows && shown < n; i++, shown++) {
		alerts_row(p, y, &set->v[al->rows[i]], &al->dec[al->rows[i]],
		    i == al->cur);
		y += ALERTS_ROW_H;
	}
	if (al->nrows == 0 && set->state == FIRED_OK)
		draw_clean(p->win, y, 2, p->w - 4, set->n == 0 ?
		    "No alert fired in the last day." :
		    "No fired alert passes the filters (v s p change them).",
		    draw_attr(ROLE_OK));
	/* partly read: say where from, and what to grant */
	buf_init(&b);
	if (set->state == FIRED_FAILED || set->error != NULL)
		buf_puts(&b, set->error != NULL ? set->error :
		    "fired alerts could not be read");
	if (set->denied.n > 0) {
		char *subs = strv_join(&set->denied, ", ");

		buf_printf(&b, "%sNo permission to read fired alerts in %s: "
		    "grant " FIRED_GRANT ".", b.len > 0 ? " " : "", subs);
		free(subs);
	}
	if (set->truncated)
		buf_printf(&b, "%sMore alerts fired than were read.",
		    b.len > 0 ? " " : "");
	if (b.len > 0)
		draw_text(p->win, p->h - 2, 2, p->w - 4, buf_str(&b),
		    draw_attr(ROLE_WARN));
	buf_free(&b);
	draw_hints(p->win, p->h - 1, 0, p->w, (const char *const[]){
	    "Enter", "verdict", "v", "severity", "s", "subscription", "p",
	    "group", "r", "refresh", "Esc", "back", NULL });
}

/* The next value of a filter among the shown alerts' values: NULL (every
 * one), then each distinct value in turn. */
static char *
alerts_cycle(const struct pane *p, const char *cur, bool sub)
{
	const struct alerts *al = p->data;
	const struct fired_set *set = alerts_set(p);
	struct strv vals = { 0 };
	char *next = NULL;
	size_t i;

	for (i = 0; set != NULL && i < set->n; i++) {
		const struct fired_alert *a = &set->v[i];
		const char *v = sub ? a->subscription : a->resource_group;

		/* groups of the chosen subscription only */
		if (v == NULL || (!sub && al->sub != NULL &&
		    (a->subscription == NULL ||
		    strcasecmp(a->subscription, al->sub) != 0)))
			continue;
		strv_add_unique(&vals, v);
	}
	if (cur == NULL && vals.n > 0)
		next = xstrdup(vals.v[0]);
	for (i = 0; cur != NULL && i < vals.n; i++) {
		if (strcasecmp(vals.v[i], cur) == 0) {
			next = i + 1 < vals.n ? xstrdup(vals.v[i + 1]) : NULL;
			break;
		}
	}
	strv_free(&vals);
	return next;
}

static void
alerts_open_verdict(struct pane *p)
{
	struct alerts *al = p->data;
	const struct fired_set *set = alerts_set(p);
	struct wizard_arg wa;
	struct answers ans;

	if (al->nrows == 0 || set == NULL)
		return;
	fired_answers(&set->v[al->rows[al->cur]], NULL, &ans);
	memset(&wa, 0, sizeof wa);
	wa.service = ans.service;
	wa.region = ans.region;
	wa.resource = ans.resource;
	wa.since = ans.since;
	ui_push(p->ui, &pane_wizard_ops, &wa);
}

static enum pane_key
alerts_key(struct pane *p, int k)
{
	struct alerts *al = p->data;
	size_t n = (size_t)(p->h > ALERTS_TOP + 2 ? p->h - ALERTS_TOP - 2 :
	    0) / ALERTS_ROW_H;
	size_t max = al->nrows > 0 ? al->nrows - 1 : 0;
	char *v;

	if (K_IS_ENTER(k)) {
		alerts_open_verdict(p);
		return PANE_KEY_DONE;
	}
	switch (k) {
	case K_ESC:
	case K_FN(KEY_LEFT):
	case 'q':
	case 'a':
		ui_pop(p->ui, p);
		return PANE_KEY_DONE;
	case 'v':
		al->sev_all = !al->sev_all;
		break;
	case 's':
		v = alerts_cycle(p, al->sub, true);
		free(al->sub);
		al->sub = v;
		free(al->rg);
		al->rg = NULL;
		break;
	case 'p':
		v = alerts_cycle(p, al->rg, false);
		free(al->rg);
		al->rg = v;
		break;
	case '?':
	case 'r':
		return PANE_KEY_PASS;
	default:
		if (!ui_scroll(&al->cur, max, n > 0 ? n : 1, k))
			return PANE_KEY_DONE;
		p->dirty = true;
		return PANE_KEY_DONE;
	}
	al->cur = 0;
	al->top = 0;
	alerts_update(p, true);
	p->dirty = true;
	return PANE_KEY_DONE;
}

static void
alerts_open(struct pane *p, const void *arg)
{
	(void)arg;
	p->data = xcalloc(1, sizeof(struct alerts));
}

static void
alerts_close(struct pane *p)
{
	struct alerts *al = p->data;

	alerts_decisions_free(al);
	free(al->rows);
	free(al->sub);
	free(al->rg);
	free(al);
	p->data = NULL;
}

static bool
alerts_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	/* the verdicts read every channel: any new snapshot may change them */
	return true;
}

const struct pane_ops pane_alerts_ops = {
	.name = "alerts",
	.slot = SLOT_SCREEN,
	.open = alerts_open,
	.close = alerts_close,
	.changed = alerts_changed,
	.draw = alerts_draw,
	.key = alerts_key,
};
