/* layout.c: the dashboard at every size from 40x8 up. The tier follows
 * from the space alone: a pane per channel from 100x30, a line per
 * channel above the feed from 60x16, one line for all channels below
 * that. Pushed screens cover everything under the header at any tier. */
#include "config.h"
#include "layout.h"

#define LAYOUT_FULL_COLS	100
#define LAYOUT_FULL_LINES	30
#define LAYOUT_MEDIUM_COLS	60
#define LAYOUT_MEDIUM_LINES	16

void
layout_pick(struct ui *ui)
{
	ui->too_small = ui->lines < UI_MIN_LINES || ui->cols < UI_MIN_COLS;
	if (ui->cols >= LAYOUT_FULL_COLS && ui->lines >= LAYOUT_FULL_LINES)
		ui->tier = TIER_FULL;
	else if (ui->cols >= LAYOUT_MEDIUM_COLS &&
	    ui->lines >= LAYOUT_MEDIUM_LINES)
		ui->tier = TIER_MEDIUM;
	else
		ui->tier = TIER_SMALL;
}

/* Rows the channels take above the feed. */
static int
layout_channels_h(const struct ui *ui, int body, size_t nstrip)
{
	int h;

	switch (ui->tier) {
	case TIER_FULL:
		/* room for an error and a note; the feed gets the rest */
		h = body / 3;
		if (h < 10)
			h = 10;
		return h > 14 ? 14 : h;
	case TIER_MEDIUM:
		return (int)nstrip;
	default:
		return 1;
	}
}

void
layout_boxes(const struct ui *ui, struct layout_box *box)
{
	size_t i, ntop = 0, nbot = 0, nstrip = 0, k = 0, ks = 0;
	int body, band, sw, x = 0, bot;

	for (i = 0; i < ui->npanes; i++) {
		switch (ui->panes[i].ops->slot) {
		case SLOT_TOP:
			ntop++;
			break;
		case SLOT_BOTTOM:
			nbot++;
			break;
		case SLOT_STRIP:
			nstrip++;
			break;
		default:
			break;
		}
	}
	body = ui->lines - (int)ntop - (int)nbot;
	band = layout_channels_h(ui, body, nstrip);
	sw = nstrip == 0 ? 0 : ui->cols / (int)nstrip;
	bot = ui->lines - (int)nbot;
	for (i = 0; i < ui->npanes; i++) {
		struct layout_box *b = &box[i];

		b->y = b->x = b->h = b->w = 0;
		switch (ui->panes[i].ops->slot) {
		case SLOT_TOP:
			b->y = (int)k++;
			b->h = 1;
			b->w = ui->cols;
			break;
		case SLOT_STRIP:
			if (ui->tier != TIER_FULL)
				break;
			b->y = (int)ntop;
			b->x = x;
			b->h = band;
			b->w = ++ks == nstrip ? ui->cols - x : sw;
			x += sw;
			break;
		case SLOT_CHANNELS:
			if (ui->tier == TIER_FULL)
				break;
			b->y = (int)ntop;
			b->h = band;
			b->w = ui->cols;
			break;
		case SLOT_MAIN:
			b->y = (int)ntop + band;
			b->h = body - band;
			b->w = ui->cols;
			break;
		case SLOT_BOTTOM:
			b->y = bot++;
			b->h = 1;
			b->w = ui->cols;
			break;
		default:
			break;
		}
	}
}

static void
layout_focus(struct ui *ui, size_t f)
{
	ui->panes[ui->focus].focused = false;
	ui->panes[ui->focus].dirty = true;
	ui->focus = f;
	ui->panes[f].focused = true;
	ui->panes[f].dirty = true;
}

void
layout_refocus(struct ui *ui)
{
	struct pane *cur = &ui->panes[ui->focus];
	size_t i, main = ui->focus;

	if (cur->win != NULL)
		return;
	for (i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];

		if (p->win == NULL || !p->ops->focusable)
			continue;
		if (p->ops->slot == SLOT_MAIN)
			main = i;
		/* a channel's pane and its line are the same channel */
		if (cur->ops->slot == SLOT_STRIP &&
		    p->ops->slot == SLOT_CHANNELS) {
			p->arg = cur->arg;
			layout_focus(ui, i);
			return;
		}
		if (cur->ops->slot == SLOT_CHANNELS &&
		    p->ops->slot == SLOT_STRIP && p->arg == cur->arg) {
			layout_focus(ui, i);
			return;
		}
	}
	if (main != ui->focus)
		layout_focus(ui, main);
}
