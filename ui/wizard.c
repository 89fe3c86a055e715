/* wizard.c: the screens of the "is it us or is it Azure?" walk: service,
 * region, resource, start time, a fresh check, then the verdict and what
 * to do about it. The verdict itself comes from decide() in src/; each step
 * here is one draw/key pair in a table, as ncdu's screens are. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "buf.h"
#include "checkrun.h"
#include "decide.h"
#include "draft.h"
#include "draw.h"
#include "pane.h"
#include "portal.h"
#include "regions.h"
#include "sanitize.h"
#include "share.h"
#include "timeutil.h"
#include "wizard-ticket.h"
#include "wizard.h"
#include "xmalloc.h"

enum wiz_step {
	WIZ_SERVICE,
	WIZ_REGION,
	WIZ_RESOURCE,
	WIZ_SINCE,
	WIZ_CHECKING,
	WIZ_VERDICT,
	WIZ_NSTEPS
};

#define WIZ_NASK	4	/* steps that ask a question */
#define WIZ_MAXCAND	128
#define WIZ_VERDICT_Y	5	/* first row of the verdict's text */

struct wiz {
	enum wiz_step	 step;
	struct buf	 input[WIZ_NASK];	/* what was typed, per step */
	bool		 fresh[WIZ_NASK];	/* filled in for the user (w on
						   an incident), not edited yet:
						   typing replaces it */
	char		*answer[WIZ_NASK];	/* what was chosen, owned */
	time_t		 since;

	size_t		 cand[WIZ_MAXCAND];
	size_t		 ncand;
	size_t		 cur;
	bool		 suggested;	/* nothing matched: cand are the closest */

	char		 msg[512];		/* one line for the user */
	enum draw_role	 msg_role;

	/* checking */
	unsigned long	 start_seq;
	unsigned long	 start_answers[CHAN_COUNT];	/* polls ended before */
	time_t		 start_time;
	struct timespec	 start_mono;
	bool		 timed_out;
	unsigned	 waiting;	/* channels pending at the last decision */

	/* verdict */
	struct decision	 dec;
	bool		 have_dec;
	struct draw_lines lines;
	int		 built_w;
	size_t		 top;
	struct share	*share;			/* y and o */
	char		*draft_md;		/* the last draft saved */
	char		*draft_path;		/* for this verdict, or NULL */
	bool		 answered;		/* opened with the answers (an
						   alert's): Esc closes */
};

struct wiz_step_ops {
	const char		*question;
	const char		*help;
	const char *const	*hints;
	void			(*enter)(struct pane *);
	void			(*draw)(struct pane *, int y);
	enum pane_key		(*key)(struct pane *, int);
};

static const struct wiz_step_ops wiz_steps[WIZ_NSTEPS];

static void
wiz_msg(struct wiz *z, enum draw_role role, const char *text)
{
	snprintf(z->msg, sizeof z->msg, "%s", text);
	z->msg_role = role;
}

static void
wiz_go(struct pane *p, enum wiz_step step)
{
	struct wiz *z = p->data;

	z->step = step;
	z->msg[0] = '\0';
	if (wiz_steps[step].enter != NULL)
		wiz_steps[step].enter(p);
	p->dirty = true;
}

/* Candidates for the typed text of the service or region step: the
 * names and aliases that contain it, else the closest names, the ones
 * `azwatch check` suggests for a name it does not know. */
#define WIZ_NSUGGEST	3

static void
wiz_complete(struct wiz *z)
{
	const char *typed = buf_str(&z->input[z->step]);

	z->suggested = false;
	if (z->step == WIZ_SERVICE)
		z->ncand = services_complete(typed, z->cand, WIZ_MAXCAND);
	else if (z->step == WIZ_REGION)
		z->ncand = regions_complete(typed, z->cand, WIZ_MAXCAND);
	else
		z->ncand = 0;
	if (z->ncand == 0 && *typed != '\0' &&
	    (z->step == WIZ_SERVICE || z->step == WIZ_REGION)) {
		z->ncand = z->step == WIZ_SERVICE ?
		    services_suggest(typed, z->cand, WIZ_NSUGGEST) :
		    regions_suggest(typed, z->cand, WIZ_NSUGGEST);
		z->suggested = z->ncand > 0;
	}
	z->cur = 0;
}

static const char *
wiz_cand_name(const struct wiz *z, size_t i)
{
	size_t n;

	if (z->step == WIZ_SERVICE)
		return services_all(&n)[z->cand[i]];
	return regions_all(&n)[z->cand[i]].display;
}

/* Editing keys shared by the four questions; DONE when used. */
static enum pane_key
wiz_edit(struct pane *p, int k)
{
	struct wiz *z = p->data;

	/* a printable key replaces what was filled in; Backspace edits it */
	if (z->step < WIZ_NASK && z->fresh[z->step] && k >= 0x20 &&
	    k != 0x7f && k < UI_KEY_FN)
		buf_reset(&z->input[z->step]);
	if (!ui_edit(&z->input[z->step], k, 200))
		return PANE_KEY_PASS;
	z->fresh[z->step] = false;
	z->msg[0] = '\0';
	wiz_complete(z);
	p->dirty = true;
	return PANE_KEY_DONE;
}

static void
wiz_set_answer(struct wiz *z, enum wiz_step step, const char *value)
{
	free(z->answer[step]);
	z->answer[step] = value != NULL && *value != '\0' ? xstrdup(value) : NULL;
}

/* --- service and region: type-ahead -------------------------------- */

static void
pick_enter(struct pane *p)
{
	wiz_complete(p->data);
}

/* Rows kept free at the bottom (count, message, keys); a short pane (40x8
 * and up) keeps only the keys' row, and puts the count on row y. */
static int
wiz_bottom(const struct pane *p)
{
	return p->h < 14 ? 1 : 4;
}

static int
wiz_count_row(const struct pane *p, int y)
{
	return p->h < 14 ? y : p->h - 4;
}

static void
pick_draw(struct pane *p, int y)
{
	struct wiz *z = p->data;
	int rows = p->h - wiz_bottom(p) - y, i, top, cols = p->w - 6;
	int count_y = wiz_count_row(p, y - 1);
	char extra[64];

	if (z->ncand == 0) {
		if (z->input[z->step].len > 0)
			draw_clean(p->win, y, 4, p->w - 6, "No known name "
			    "matches; Enter uses the text as typed.",
			    draw_attr(ROLE_DIM));
		return;
	}
	if (z->suggested) {
		draw_clean(p->win, y, 4, p->w - 6, "No known name matches; "
		    "did you mean:", draw_attr(ROLE_DIM));
		y++;
		rows--;
	}
	top = (int)z->cur >= rows ? (int)z->cur - rows + 1 : 0;
	for (i = top; i < (int)z->ncand && i - top < rows; i++) {
		attr_t a = (size_t)i == z->cur ? draw_attr(ROLE_SELECT) : A_NORMAL;
		int x = 4, used;

		if ((size_t)i == z->cur) {
			wattrset(p->win, a);
			mvwhline(p->win, y + i - top, 2, ' ', cols + 2);
			wattrset(p->win, A_NORMAL);
		}
		used = draw_clean(p->win, y + i - top, x, cols,
		    wiz_cand_name(z, (size_t)i), a);
		if (z->step == WIZ_REGION) {
			size_t n;
			const struct region_info *r =
			    &regions_all(&n)[z->cand[i]];

			snprintf(extra, sizeof extra, "  %s", r->name);
			draw_clean(p->win, y + i - top, x + used, cols - used,
			    extra, a | draw_attr(ROLE_DIM));
		}
	}
	if ((int)z->ncand > rows) {
		snprintf(extra, sizeof extra, "%zu/%zu", z->cur + 1, z->ncand);
		draw_clean(p->win, count_y, p->w - 2 - (int)strlen(extra),
		    (int)strlen(extra), extra, draw_attr(ROLE_DIM));
	}
}

static enum pane_key
pick_key(struct pane *p, int k)
{
	struct wiz *z = p->data;
	const char *typed = buf_str(&z->input[z->step]);

	switch (k) {
	case K_FN(KEY_DOWN):
	case K_CTRL('n'):
		if (z->cur + 1 < z->ncand)
			z->cur++;
		break;
	case K_FN(KEY_UP):
	case K_CTRL('p'):
		if (z->cur > 0)
			z->cur--;
		break;
	case K_FN(KEY_NPAGE):
		z->cur = z->cur + 10 < z->ncand ? z->cur + 10 :
		    (z->ncand > 0 ? z->ncand - 1 : 0);
		break;
	case K_FN(KEY_PPAGE):
		z->cur = z->cur > 10 ? z->cur - 10 : 0;
		break;
	case K_TAB:
		/* Complete the text to the highlighted name. */
		if (z->ncand > 0) {
			char *name = xstrdup(wiz_cand_name(z, z->cur));

			buf_reset(&z->input[z->step]);
			buf_puts(&z->input[z->step], name);
			free(name);
			wiz_complete(z);
		}
		break;
	default:
		if (K_IS_ENTER(k)) {
			if (z->ncand > 0)
				wiz_set_answer(z, z->step, wiz_cand_name(z, z->cur));
			else if (*typed != '\0')
				wiz_set_answer(z, z->step, typed);
			else {
				wiz_msg(z, ROLE_WARN, z->step == WIZ_SERVICE ?
				    "Type part of the service's name first." :
				    "Type part of the region's name first.");
				break;
			}
			wiz_go(p, z->step + 1);
			return PANE_KEY_DONE;
		}
		return wiz_edit(p, k);
	}
	p->dirty = true;
	return PANE_KEY_DONE;
}

/* --- resource and start time: free text ------------------------------ */

static void
text_draw(struct pane *p, int y)
{
	struct wiz *z = p->data;
	char when[64];
	time_t t;

	if (z->step != WIZ_SINCE)
		return;
	if (z->input[WIZ_SINCE].len == 0) {
		draw_clean(p->win, y, 4, p->w - 6, "Enter with nothing typed: "
		    "the symptoms start now.", draw_attr(ROLE_DIM));
	} else if (time_parse_user(buf_str(&z->input[WIZ_SINCE]), p->ui->now,
	    &t) == 0) {
		draw_utc(t, when, sizeof when);
		draw_clean(p->win, y, 4, 13, "That means: ", draw_attr(ROLE_DIM));
		draw_clean(p->win, y, 16, p->w - 18, when, draw_attr(ROLE_OK));
	} else
		draw_clean(p->win, y, 4, p->w - 6, "(not a time yet)",
		    draw_attr(ROLE_DIM));
}

static enum pane_key
text_key(struct pane *p, int k)
{
	struct wiz *z = p->data;
	const char *typed = buf_str(&z->input[z->step]);
	time_t t;

	if (!K_IS_ENTER(k))
		return wiz_edit(p, k);
	if (z->step == WIZ_RESOURCE) {
		wiz_set_answer(z, WIZ_RESOURCE, typed);
		wiz_go(p, WIZ_SINCE);
		return PANE_KEY_DONE;
	}
	if (*typed == '\0')
		t = 0;
	else if (time_parse_user(typed, p->ui->now, &t) == -1) {
		wiz_msg(z, ROLE_BAD, "Cannot read that time: try 14:05 (UTC), "
		    "30m, 2h, 1d or 2026-11-24 09:40.");
		p->dirty = true;
		return PANE_KEY_DONE;
	}
	z->since = t;
	wiz_set_answer(z, WIZ_SINCE, typed);
	wiz_go(p, WIZ_CHECKING);
	return PANE_KEY_DONE;
}

/* --- checking: a fresh poll, then decide ---------------------------- */

static void
check_enter(struct pane *p)
{
	struct wiz *z = p->data;
	int i;

	z->start_seq = p->ui->snap->seq;
	z->start_time = p->ui->now;
	for (i = 0; i < CHAN_COUNT; i++)
		z->start_answers[i] = p->ui->snap->chans[i].answers;
	z->timed_out = false;
	clock_gettime(CLOCK_MONOTONIC, &z->start_mono);
	worker_refresh(p->ui->worker);
}

static long
check_elapsed_ms(const struct wiz *z)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec - z->start_mono.tv_sec) * 1000L +
	    (ts.tv_nsec - z->start_mono.tv_nsec) / 1000000L;
}

/* The channels a verdict reads that have not answered since the check
 * began (or are asking again). */
static unsigned
check_waiting(const struct wiz *z, const struct snapshot *s)
{
	unsigned m = checkrun_channels(s), waiting = 0;
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		const struct chan_status *cs = &s->chans[i];

		if ((m & CHAN_BIT(i)) && (cs->polling ||
		    cs->answers == z->start_answers[i]))
			waiting |= CHAN_BIT(i);
	}
	return waiting;
}

/* Decide from s with the channels in waiting still to answer: true when
 * the verdict is conclusive (see checkrun.h) or the deadline has passed;
 * z->dec holds it. */
static bool
check_decide_with(struct pane *p, const struct snapshot *s, unsigned waiting,
    int timeout)
{
	struct wiz *z = p->data;
	struct answers a;

	if (z->have_dec)
		decision_free(&z->dec);
	memset(&a, 0, sizeof a);
	a.service = z->answer[WIZ_SERVICE];
	a.region = z->answer[WIZ_REGION];
	a.resource = z->answer[WIZ_RESOURCE];
	a.since = z->since;
	a.depends = p->ui->cfg != NULL ? &p->ui->cfg->depends : NULL;
	z->have_dec = true;
	z->waiting = waiting;
	return checkrun_decide(&a, s, waiting, z->timed_out ? timeout : 0,
	    time(NULL), &z->dec);
}

/* The same with the channels that have not answered since the check
 * began. */
static bool
check_decide(struct pane *p, const struct snapshot *s, int timeout)
{
	return check_decide_with(p, s, check_waiting(p->data, s), timeout);
}

static bool
check_done(struct pane *p, const struct snapshot *s)
{
	struct wiz *z = p->data;

	if (s->seq <= z->start_seq)
		return false;
	return check_decide(p, s, worker_timeout(p->ui->worker));
}

/* Show the verdict in z->dec (check_decide made it). */
static void
check_finish(struct pane *p)
{
	struct wiz *z = p->data;

	/* a new verdict needs a new draft */
	free(z->draft_md);
	free(z->draft_path);
	z->draft_md = z->draft_path = NULL;
	z->built_w = 0;
	z->top = 0;
	wiz_go(p, WIZ_VERDICT);
	if (z->timed_out)
		wiz_msg(z, ROLE_WARN, "Some channels did not answer in time; "
		    "this verdict uses what was known.");
}

static void
check_draw(struct pane *p, int y)
{
	static const enum chan_id order[] = {
		CHAN_SERVICE_HEALTH, CHAN_STATUS_PAGE, CHAN_X
	};
	static const char *const spin[] = { "|", "/", "-", "\\" };
	struct wiz *z = p->data;
	const struct snapshot *s = p->ui->snap;
	unsigned waiting = check_waiting(z, s);
	long ms = check_elapsed_ms(z);
	char line[96];
	size_t i;

	snprintf(line, sizeof line, "%s asking the channels… %lds of at most "
	    "%ds", spin[(ms / 250) % 4], ms / 1000,
	    worker_timeout(p->ui->worker));
	draw_clean(p->win, y, 2, p->w - 4, line, draw_attr(ROLE_INFO));
	y += 2;
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		const struct chan_status *cs = &s->chans[order[i]];
		const char *word = line;
		enum draw_role role = ROLE_INFO;

		if (!cs->configured || cs->state == CHAN_UNCONFIGURED) {
			word = "unconfigured";
			role = ROLE_DIM;
		} else if (cs->polling)
			snprintf(line, sizeof line, "polling… %llds",
			    (time_mono_ms() - cs->poll_started) / 1000);
		else if (waiting & CHAN_BIT(order[i]))
			word = "asking…";
		else {
			word = draw_state_word(cs->state);
			role = draw_state_role(cs->state);
		}
		draw_clean(p->win, y, 4, 16, chan_id_name(order[i]), A_NORMAL);
		draw_clean(p->win, y, 21, p->w - 23, word, draw_attr(role));
		y++;
	}
	y++;
	draw_clean(p->win, y, 2, p->w - 4, "The verdict comes as soon as no "
	    "answer still awaited could change it.", draw_attr(ROLE_DIM));
	draw_clean(p->win, y + 1, 2, p->w - 4, "Enter: decide now with what "
	    "is known. The dashboard keeps updating underneath.",
	    draw_attr(ROLE_DIM));
}

static enum pane_key
check_key(struct pane *p, int k)
{
	if (k == K_ESC || k == K_FN(KEY_LEFT)) {
		wiz_go(p, WIZ_SINCE);
		return PANE_KEY_DONE;
	}
	if (k == 'q') {
		ui_pop(p->ui, p);
		return PANE_KEY_DONE;
	}
	if (K_IS_ENTER(k)) {
		/* Decide now with what is known. */
		(void)check_decide(p, p->ui->snap,
		    worker_timeout(p->ui->worker));
		check_finish(p);
		return PANE_KEY_DONE;
	}
	return k == '?' ? PANE_KEY_PASS : PANE_KEY_DONE;
}

/* --- verdict --------------------------------------------------------- */

/* The verdict's text in a fixed order whatever answered first: who and
 * what, the incidents, the next step (once), the escalation path (a line
 * per step), the evidence, the scenario and the advice. */
static void
verdict_build(struct pane *p)
{
	struct wiz *z = p->data;
	const struct decision *d = &z->dec;
	struct draw_lines *dl = &z->lines;
	int width = p->w - 4;
	struct buf b;
	char when[48];
	char *ids;
	size_t i;

	draw_lines_free(dl);
	z->built_w = p->w;
	buf_init(&b);

	/* a short pane shows the answers on its second row already */
	if (p->h >= 14) {
		buf_puts(&b, "You see: ");
		buf_puts(&b, d->service != NULL ? d->service :
		    (z->answer[WIZ_SERVICE] ? z->answer[WIZ_SERVICE] : "?"));
		buf_puts(&b, " in ");
		buf_puts(&b, d->region != NULL ? d->region :
		    (z->answer[WIZ_REGION] ? z->answer[WIZ_REGION] : "?"));
		draw_utc(z->since != 0 ? z->since : z->start_time, when,
		    sizeof when);
		buf_puts(&b, ", since ");
		buf_puts(&b, when);
		draw_lines_add(dl, width, 0, A_NORMAL, buf_str(&b));
		if (z->answer[WIZ_RESOURCE] != NULL)
			draw_lines_add(dl, width, 0, A_NORMAL,
			    z->answer[WIZ_RESOURCE]);
	}
	ids = d->matched.n > 0 ? strv_join(&d->matched, ", ") : NULL;
	buf_reset(&b);
	buf_puts(&b, "Matching incident: ");
	buf_puts(&b, ids != NULL ? ids : "none");
	draw_lines_add(dl, width, 0, draw_attr(ids != NULL ? ROLE_TITLE :
	    ROLE_NORMAL), buf_str(&b));
	free(ids);
	ids = d->others.n > 0 ? strv_join(&d->others, ", ") : NULL;
	buf_reset(&b);
	buf_puts(&b, "Active, not matching: ");
	buf_puts(&b, ids != NULL ? ids : "none");
	draw_lines_add(dl, width, 0, A_NORMAL, buf_str(&b));
	free(ids);
	draw_lines_add(dl, width, 0, A_NORMAL, "");
	draw_lines_add(dl, width, 0, draw_attr(ROLE_TITLE), "Next step");
	draw_lines_add(dl, width, 2, A_NORMAL, d->next_step);
	if (d->known_before != NULL)
		draw_lines_add(dl, width, 2, draw_attr(ROLE_WARN),
		    d->known_before);
	draw_lines_add(dl, width, 0, A_NORMAL, "");

	draw_lines_add(dl, width, 0, draw_attr(ROLE_TITLE),
	    "Escalation path");
	for (i = 0; i < d->path.n; i++) {
		buf_reset(&b);
		buf_puts(&b, d->path.v[i]);
		if (i + 1 == d->path.n)
			buf_puts(&b, " (t)");
		draw_lines_add(dl, width, 2, A_NORMAL, buf_str(&b));
	}
	draw_lines_add(dl, width, 0, A_NORMAL, "");

	if (d->evidence.n > 0) {
		draw_lines_add(dl, width, 0, draw_attr(ROLE_TITLE), "Evidence");
		for (i = 0; i < d->evidence.n; i++) {
			/* said under the next step already */
			if (d->known_before != NULL &&
			    strcmp(d->evidence.v[i], d->known_before) == 0)
				continue;
			draw_lines_bullet(dl, width, 2, A_NORMAL,
			    d->evidence.v[i]);
		}
	}
	if (d->scenario != SCEN_NONE) {
		draw_lines_add(dl, width, 0, draw_attr(ROLE_TITLE),
		    "Status page scenario");
		draw_lines_add(dl, width, 2, A_NORMAL, scenario_text(d->scenario));
	}
	if (d->advice != NULL) {
		draw_lines_add(dl, width, 0, A_NORMAL, "");
		draw_lines_add(dl, width, 0, draw_attr(ROLE_TITLE), "Advice");
		draw_lines_add(dl, width, 2, draw_attr(ROLE_DIM), d->advice);
	}
	buf_free(&b);
}

static size_t
verdict_rows(const struct pane *p, int y)
{
	int rows = p->h - wiz_bottom(p) - y;

	return rows > 0 ? (size_t)rows : 1;
}

/* The headline: the verdict's name, highlighted, and what it means. */
static void
verdict_draw(struct pane *p, int y)
{
	struct wiz *z = p->data;
	attr_t a = draw_attr(draw_verdict_role(z->dec.verdict)) | A_BOLD |
	    A_REVERSE;
	bool tight = p->h < 14;
	size_t rows;
	int x, end;

	if (z->built_w != p->w)
		verdict_build(p);
	rows = verdict_rows(p, y + (tight ? 1 : 2));
	/* a short pane puts the scroll position at the headline's end */
	end = p->w - 2 - (tight && z->lines.n > rows ? 12 : 0);
	x = 2 + draw_clean(p->win, y, 2, end - 2, "Verdict: ",
	    draw_attr(ROLE_TITLE));
	x += draw_clean(p->win, y, x, end - x, verdict_name(z->dec.verdict), a);
	/* the meaning whole or not at all (the phrases are ASCII) */
	if (!tight && x + 3 + (int)strlen(verdict_phrase(z->dec.verdict)) <=
	    end) {
		x += draw_clean(p->win, y, x, end - x, " · ",
		    draw_attr(ROLE_DIM));
		draw_clean(p->win, y, x, end - x,
		    verdict_phrase(z->dec.verdict), A_BOLD);
	}
	y += tight ? 1 : 2;		/* a short pane: no blank line */

	if (z->top + rows > z->lines.n)
		z->top = z->lines.n > rows ? z->lines.n - rows : 0;
	draw_lines_show(p->win, y, 2, p->w - 4, rows, &z->lines, z->top);
	if (z->lines.n > rows) {
		char pos[32];

		snprintf(pos, sizeof pos, p->h < 14 ? "%zu-%zu/%zu" :
		    "%zu-%zu/%zu  j/k", z->top + 1, z->top + rows, z->lines.n);
		draw_clean(p->win, wiz_count_row(p, y - 1),
		    p->w - 2 - (int)strlen(pos),
		    (int)strlen(pos), pos, draw_attr(ROLE_DIM));
	}
}

/* A verdict given before every channel answered (its answer could not
 * change it) is completed as the late answers come: the path then says
 * consulted, not pending, and the screen ends the same whichever channel
 * was first. Not after the deadline, which counted them unreachable. */
static bool
verdict_complete(struct pane *p, const struct snapshot *s)
{
	struct wiz *z = p->data;
	enum verdict was = z->dec.verdict;
	unsigned still = z->waiting;
	int i;

	if (z->waiting == 0 || z->timed_out || z->answered)
		return false;
	/* an answer since the check began; a later poll does not make the
	 * channel pending again */
	for (i = 0; i < CHAN_COUNT; i++) {
		if ((still & CHAN_BIT(i)) && !s->chans[i].polling &&
		    s->chans[i].answers != z->start_answers[i])
			still &= ~CHAN_BIT(i);
	}
	if (still == z->waiting)
		return false;
	(void)check_decide_with(p, s, still, 0);
	if (z->dec.verdict != was) {
		/* a new verdict needs a new draft */
		free(z->draft_md);
		free(z->draft_path);
		z->draft_md = z->draft_path = NULL;
	}
	z->built_w = 0;
	return true;
}

/* The id to copy: the first matched incident's tracking id. */
static const char *
verdict_id(const struct wiz *z)
{
	return z->dec.matched.n > 0 ? z->dec.matched.v[0] : NULL;
}

/* Save the draft; 0 and the path kept in z, or -1 with the message set. */
static int
verdict_save(struct pane *p)
{
	struct wiz *z = p->data;
	struct answers a;
	char err[256], path[4096], *md, *shown;

	memset(&a, 0, sizeof a);
	a.service = z->answer[WIZ_SERVICE];
	a.region = z->answer[WIZ_REGION];
	a.resource = z->answer[WIZ_RESOURCE];
	a.since = z->since;
	md = draft_markdown(&a, &z->dec, p->ui->snap, time(NULL));
	if (draft_save(md, NULL, verdict_name(z->dec.verdict), path,
	    sizeof path, err, sizeof err) == -1) {
		wiz_msg(z, ROLE_BAD, err);
		free(md);
		return -1;
	}
	shown = draw_tilde(path);
	snprintf(z->msg, sizeof z->msg, "Ticket draft saved: %s", shown);
	z->msg_role = ROLE_OK;
	free(shown);
	free(z->draft_md);
	free(z->draft_path);
	z->draft_md = md;
	z->draft_path = xstrdup(path);
	return 0;
}

/* Raise a support ticket from the draft, saved first so it is always
 * on disk to fall back on. */
static void
verdict_ticket(struct pane *p)
{
	struct wiz *z = p->data;
	struct wizard_ticket_arg a;

	if (z->draft_path == NULL && verdict_save(p) == -1)
		return;
	memset(&a, 0, sizeof a);
	a.verdict = z->dec.verdict;
	a.service = z->dec.service != NULL ? z->dec.service :
	    z->answer[WIZ_SERVICE];
	a.resource_id = z->answer[WIZ_RESOURCE];
	a.tracking_id = z->dec.matched.n > 0 ? z->dec.matched.v[0] : NULL;
	a.problem_start = z->since != 0 ? z->since : z->start_time;
	a.markdown = z->draft_md;
	a.draft_path = z->draft_path;
	ui_push(p->ui, &pane_ticket_ops, &a);
}

/* Copy the first matched incident's tracking id. */
static void
verdict_copy(struct pane *p)
{
	struct wiz *z = p->data;
	const char *id = verdict_id(z);

	if (id == NULL) {
		wiz_msg(z, ROLE_WARN, "No matching incident, so no tracking ID "
		    "to copy.");
		return;
	}
	z->msg_role = share_copy(z->share, p->ui->cfg, "Tracking ID", id, z->msg,
	    sizeof z->msg) ? ROLE_OK : ROLE_WARN;
}

/* Open the matched incident in the portal (its share link), else its
 * first link (the status history). */
static void
verdict_open(struct pane *p)
{
	struct wiz *z = p->data;
	const struct incident *inc;
	char *link = NULL;
	size_t i;

	for (i = 0; i < z->dec.matched.n && link == NULL; i++) {
		inc = decide_find(p->ui->snap, z->dec.matched.v[i]);
		if (inc == NULL)
			continue;
		if ((link = portal_link(inc)) == NULL && inc->links.n > 0)
			link = xstrdup(inc->links.v[0]);
	}
	if (link == NULL) {
		wiz_msg(z, ROLE_WARN, "The matching incident has no link.");
		return;
	}
	(void)share_open(z->share, p->ui->cfg, link, z->msg, sizeof z->msg);
	z->msg_role = ROLE_INFO;
	free(link);
}

static enum pane_key
verdict_key(struct pane *p, int k)
{
	struct wiz *z = p->data;
	size_t rows = verdict_rows(p, WIZ_VERDICT_Y), max;

	max = z->lines.n > rows ? z->lines.n - rows : 0;
	switch (k) {
	case K_ESC:
	case K_FN(KEY_LEFT):
		if (z->answered)
			ui_pop(p->ui, p);
		else
			wiz_go(p, WIZ_SINCE);
		return PANE_KEY_DONE;
	case 'q':
		ui_pop(p->ui, p);
		return PANE_KEY_DONE;
	case 'r':
		wiz_go(p, WIZ_CHECKING);
		return PANE_KEY_DONE;
	case 's':
		(void)verdict_save(p);
		break;
	case 't':
		verdict_ticket(p);
		return PANE_KEY_DONE;
	case 'y':
		verdict_copy(p);
		break;
	case 'o':
		verdict_open(p);
		break;
	case '?':
		return PANE_KEY_PASS;
	default:
		(void)ui_scroll(&z->top, max, rows, k);
		break;
	}
	p->dirty = true;
	return PANE_KEY_DONE;
}

/* --- the table ------------------------------------------------------- */

static const char *const pick_hints[] = {
	"type", "search", "Up/Down", "pick", "Tab", "complete", "Enter",
	"choose", "Esc", "back", NULL
};
static const char *const text_hints[] = {
	"type", "answer", "Enter", "next (empty: skip)", "Ctrl-U", "clear",
	"Esc", "back", NULL
};
static const char *const check_hints[] = {
	"Enter", "decide now", "Esc", "back", "q", "close", NULL
};
static const char *const verdict_hints[] = {
	"t", "ticket", "s", "save draft", "y", "copy id", "o", "open link",
	"r", "re-check", "Esc", "back", "q", "close", NULL
};
/* nothing matched: nothing to copy or open */
static const char *const verdict_hints_none[] = {
	"t", "ticket", "s", "save draft", "r", "re-check", "Esc", "back",
	"q", "close", NULL
};

static const struct wiz_step_ops wiz_steps[WIZ_NSTEPS] = {
	[WIZ_SERVICE] = {
		"Which service is failing?",
		"Type part of its name; aliases work (Redis Cache, VM, AKS).",
		pick_hints, pick_enter, pick_draw, pick_key
	},
	[WIZ_REGION] = {
		"In which region?",
		"eastus2, East US 2 and east us 2 are all fine.",
		pick_hints, pick_enter, pick_draw, pick_key
	},
	[WIZ_RESOURCE] = {
		"Which resource? (optional)",
		"Its ARM resource ID, /subscriptions/…; Enter with nothing skips.",
		text_hints, NULL, text_draw, text_key
	},
	[WIZ_SINCE] = {
		"When did it start? (optional)",
		"14:05 (UTC today), 30m, 2h, 1d or 2026-11-24 09:40; Enter: now.",
		text_hints, NULL, text_draw, text_key
	},
	[WIZ_CHECKING] = {
		"Checking what Azure says",
		NULL,
		check_hints, check_enter, check_draw, check_key
	},
	[WIZ_VERDICT] = {
		NULL, NULL,
		verdict_hints, NULL, verdict_draw, verdict_key
	},
};

/* --- the pane -------------------------------------------------------- */

static void
wiz_answers(struct pane *p, const struct wizard_arg *a)
{
	struct wiz *z = p->data;

	z->answered = true;
	z->answer[WIZ_SERVICE] = xstrdup(a->service);
	z->answer[WIZ_REGION] = xstrdup(a->region);
	z->answer[WIZ_RESOURCE] = xstrdup(a->resource);
	z->since = a->since;
	z->start_time = p->ui->now;
	(void)check_decide(p, p->ui->snap, 0);
	check_finish(p);
}

static void
wizard_open(struct pane *p, const void *arg)
{
	struct wiz *z = xcalloc(1, sizeof *z);
	size_t i;

	for (i = 0; i < WIZ_NASK; i++)
		buf_init(&z->input[i]);
	z->share = share_new();
	p->data = z;
	if (arg == NULL) {
		wiz_go(p, WIZ_SERVICE);
		return;
	}
	if (((const struct wizard_arg *)arg)->prefill) {
		const struct wizard_arg *a = arg;

		if (a->service != NULL) {
			buf_puts(&z->input[WIZ_SERVICE], a->service);
			z->fresh[WIZ_SERVICE] = true;
		}
		if (a->region != NULL) {
			buf_puts(&z->input[WIZ_REGION], a->region);
			z->fresh[WIZ_REGION] = true;
		}
		wiz_go(p, WIZ_SERVICE);
		return;
	}
	/* answered already (an alert): the verdict from what is known now */
	wiz_answers(p, arg);
}

static void
wizard_close(struct pane *p)
{
	struct wiz *z = p->data;
	size_t i;

	for (i = 0; i < WIZ_NASK; i++) {
		buf_free(&z->input[i]);
		free(z->answer[i]);
	}
	if (z->have_dec)
		decision_free(&z->dec);
	draw_lines_free(&z->lines);
	free(z->draft_md);
	free(z->draft_path);
	share_free(z->share);		/* reaped; killed if still running */
	free(z);
	p->data = NULL;
}

static bool
wizard_changed(struct pane *p, const struct snapshot *old,
    const struct snapshot *new)
{
	struct wiz *z = p->data;

	/* reap xdg-open once it has handed the link over */
	share_reap(z->share);
	if (z->step == WIZ_VERDICT)
		return verdict_complete(p, new);
	if (z->step != WIZ_CHECKING)
		return false;
	if (check_done(p, new))
		check_finish(p);
	return true;
}

static int
wizard_wait_ms(struct pane *p)
{
	struct wiz *z = p->data;
	long ms;

	if (z->step != WIZ_CHECKING)
		return -1;
	ms = check_elapsed_ms(z);
	if (ms >= worker_timeout(p->ui->worker) * 1000L) {
		/* who has not answered by now counts as unreachable */
		z->timed_out = true;
		(void)check_decide(p, p->ui->snap,
		    worker_timeout(p->ui->worker));
		check_finish(p);
		return 0;
	}
	/* new answers come through wizard_changed */
	return (int)(250 - ms % 250);
}

static void
wizard_draw(struct pane *p)
{
	struct wiz *z = p->data;
	const struct wiz_step_ops *st = &wiz_steps[z->step];
	char title[64], line[512];
	int y, i;
	/* a short pane (40x8 and up) drops the blank lines and the help */
	bool tight = p->h < 14;

	wattrset(p->win, draw_attr(ROLE_SELECT));
	mvwhline(p->win, 0, 0, ' ', p->w);
	wattrset(p->win, A_NORMAL);
	snprintf(title, sizeof title, p->w < 50 ? "%d/%d" : "step %d of %d",
	    (int)z->step + 1, (int)WIZ_NSTEPS);
	draw_clean(p->win, 0, 1, p->w - 3 - (int)strlen(title),
	    p->w < 50 ? "Is it us or Azure?" : "Is it us or is it Azure?",
	    draw_attr(ROLE_SELECT) | A_BOLD);
	draw_clean(p->win, 0, p->w - 1 - (int)strlen(title),
	    (int)strlen(title), title, draw_attr(ROLE_SELECT));

	/* What was answered so far, so Esc has something to go back to. */
	/* the answers so far, on one line cut with an ellipsis */
	line[0] = '\0';
	for (i = 0; i < WIZ_NASK && i < (int)z->step; i++) {
		const char *a = z->answer[i];
		char when[48];
		size_t len = strlen(line);

		if (i == WIZ_SINCE) {
			if (z->since == 0)
				snprintf(when, sizeof when, "since now");
			else {
				draw_utc(z->since, when + 6, sizeof when - 6);
				memcpy(when, "since ", 6);
			}
			a = when;
		} else if (a == NULL)
			a = "no resource";
		snprintf(line + len, sizeof line - len, "%s%s",
		    i > 0 ? " · " : "", a);
	}
	if (line[0] != '\0')
		draw_text_cut(p->win, 1, 2, p->w - 4, line,
		    draw_attr(ROLE_DIM));

	y = tight ? 2 : 3;
	if (st->question != NULL) {
		draw_clean(p->win, y, 2, p->w - 4, st->question,
		    draw_attr(ROLE_TITLE));
		y++;
		if (st->help != NULL && !tight)
			draw_clean(p->win, y, 2, p->w - 4, st->help,
			    draw_attr(ROLE_DIM));
		y += tight ? 0 : 2;
	}
	if (z->step < WIZ_NASK) {
		int used;

		used = draw_clean(p->win, y, 2, 2, "> ", draw_attr(ROLE_KEY));
		used += draw_text(p->win, y, 2 + used, p->w - 6,
		    buf_str(&z->input[z->step]), z->fresh[z->step] ?
		    draw_attr(ROLE_SELECT) : A_BOLD);
		if (z->fresh[z->step] && p->w - 6 - used > 10)
			draw_clean(p->win, y, 3 + used + 1, p->w - 6 - used - 2,
			    "(Enter keeps it, typing replaces it)",
			    draw_attr(ROLE_DIM));
		wattrset(p->win, A_REVERSE);
		mvwaddch(p->win, y, 2 + used, ' ');	/* the cursor */
		wattrset(p->win, A_NORMAL);
		y += tight ? 1 : 2;
	}
	st->draw(p, y);

	if (z->msg[0] != '\0')
		draw_wrap(p->win, p->h - 3, 2, p->w - 4, 2, z->msg,
		    draw_attr(z->msg_role));
	draw_hints(p->win, p->h - 1, 0, p->w, z->step == WIZ_VERDICT &&
	    verdict_id(z) == NULL ? verdict_hints_none : st->hints);
}

static enum pane_key
wizard_key(struct pane *p, int k)
{
	struct wiz *z = p->data;

	if (z->step < WIZ_NASK && (k == K_ESC || k == K_FN(KEY_LEFT))) {
		if (z->step == WIZ_SERVICE)
			ui_pop(p->ui, p);
		else
			wiz_go(p, z->step - 1);
		return PANE_KEY_DONE;
	}
	if (z->step < WIZ_NASK && k == '?')
		return PANE_KEY_PASS;
	return wiz_steps[z->step].key(p, k);
}

void
wizard_start(struct ui *ui)
{
	const struct incident *inc = NULL;
	struct wizard_arg a;
	size_t i;

	if (ui->npanes > 0 && ui->panes[ui->focus].ops == &pane_feed_ops)
		inc = pane_feed_selected(ui);
	if (inc == NULL) {
		ui_push(ui, &pane_wizard_ops, NULL);
		return;
	}
	memset(&a, 0, sizeof a);
	a.prefill = true;
	/* the first region still active, else the first named */
	for (i = 0; i < inc->nimpacts && a.service == NULL; i++) {
		if (inc->impacts[i].status == INC_ACTIVE) {
			a.service = inc->impacts[i].service;
			a.region = inc->impacts[i].region;
		}
	}
	if (a.service == NULL) {
		a.service = inc->services.n > 0 ? inc->services.v[0] : NULL;
		a.region = inc->regions.n > 0 ? inc->regions.v[0] : NULL;
	}
	ui_push(ui, &pane_wizard_ops, &a);
}

const struct pane_ops pane_wizard_ops = {
	.name = "wizard",
	.slot = SLOT_SCREEN,
	.open = wizard_open,
	.close = wizard_close,
	.changed = wizard_changed,
	.draw = wizard_draw,
	.key = wizard_key,
	.wait_ms = wizard_wait_ms,
};
