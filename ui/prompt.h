/* prompt.h: the bottom line as a prompt: "/" searches the feed as it is
 * typed, ":" takes a command (Tab completes it), and messages (a reload,
 * a command's result or error) sit there until the next key. */
#ifndef AZWATCH_PROMPT_H
#define AZWATCH_PROMPT_H

#include <stdbool.h>

struct ui;

void	 prompt_init(struct ui *);
void	 prompt_free(struct ui *);
/* Open the "/" search (starting empty) or the ":" command line. */
void	 prompt_search(struct ui *);
void	 prompt_command(struct ui *);
/* Show one line (plain text; it is sanitized here) until the next key. */
void	 prompt_say(struct ui *, bool error, const char *msg);
/* Keys go here first: true when the prompt took the key. A message
 * goes away at the next key, which then does what it always does. */
bool	 prompt_key(struct ui *, int k);
/* A message goes away (a mouse click); a prompt being typed stays. */
void	 prompt_dismiss(struct ui *);
/* Draw the line over the bottom row when there is one; from ui_frame,
 * after the panes, before doupdate(). */
void	 prompt_draw(struct ui *);
/* The terminal changed size: the line is made again at the next draw. */
void	 prompt_layout(struct ui *);

#endif
