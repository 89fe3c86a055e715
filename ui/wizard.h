/* wizard.h: the "is it us or is it Azure?" screens (pane_wizard_ops in
 * pane.h). Pushed with NULL they ask; pushed with answers (a fired
 * alert's) they show the verdict at once, with its actions. */
#ifndef AZWATCH_WIZARD_H
#define AZWATCH_WIZARD_H

#include <time.h>

#include <stdbool.h>

struct ui;

/* Copied when the screen opens. */
struct wizard_arg {
	const char	*service;	/* any form, or a resource type */
	const char	*region;	/* any form, may be NULL or "" */
	const char	*resource;	/* ARM id, may be NULL */
	time_t		 since;		/* 0: now */
	bool		 prefill;	/* ask as usual, with service and
					   region typed in already */
};

/* "w": the wizard, with the service and region of the incident selected
 * in the feed typed in when the feed has the focus. */
void	 wizard_start(struct ui *);

#endif
