/* share.h: handing something from a screen to the world outside the
 * terminal: a tracking id to the clipboard (OSC 52, and tmux's paste
 * buffer when inside tmux), a web link to the browser (xdg-open). One
 * way for every screen that offers y and o. */
#ifndef AZWATCH_SHARE_H
#define AZWATCH_SHARE_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"

struct share;

struct share *share_new(void);
/* Kills and reaps a child still running. NULL is fine. */
void	 share_free(struct share *);
/* Reap children that are done; call now and then (a snapshot, a key). */
void	 share_reap(struct share *);

/* Copy text (one line of printable characters) to the clipboard; msg
 * gets a sentence saying what happened ("Tracking ID X copied ...",
 * what being "Tracking ID"). false: nothing was copied. */
bool	 share_copy(struct share *, const struct cfg *, const char *what,
	     const char *text, char *msg, size_t len);
/* Open an http(s) URL with xdg-open; without one, msg shows the link.
 * false: the link was not handed over. */
bool	 share_open(struct share *, const struct cfg *, const char *url,
	     char *msg, size_t len);

#endif
