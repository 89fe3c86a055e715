/* layout.h: where each dashboard pane goes for the space the terminal
 * gives: one function picks the tier by size and hands out boxes. */
#ifndef AZWATCH_LAYOUT_H
#define AZWATCH_LAYOUT_H

#include "pane.h"

/* A pane's place; h == 0: not shown in this tier. */
struct layout_box {
	int	 y, x, h, w;
};

/* From ui->lines and ui->cols: set ui->tier and ui->too_small. */
void	 layout_pick(struct ui *);
/* Fill box[i] for ui->panes[i], every pane, by the tier. */
void	 layout_boxes(const struct ui *, struct layout_box *box);
/* After the boxes are placed: keep the focus on a pane that is shown,
 * the same channel in the other form when the form changed. */
void	 layout_refocus(struct ui *);

#endif
