/* output.h: what `azwatch status` and `azwatch check` print, as aligned
 * text or as the JSON of the contract. */
#ifndef AZWATCH_OUTPUT_H
#define AZWATCH_OUTPUT_H

#include <stdio.h>
#include <time.h>

#include "decide.h"
#include "model.h"

void	 output_status_text(FILE *, const struct snapshot *, time_t now);
void	 output_status_json(FILE *, const struct snapshot *, time_t now);
/* The same with a "sinks" member (taken over; NULL: none) and a
 * "notify" member when notify_program or tmux last failed. */
struct json_object;
struct notifystate;
void	 output_status_json_sinks(FILE *, const struct snapshot *, time_t now,
	     struct json_object *sinks, const struct notifystate *);
/* "notify_program /x: exited with status 1 (since 3m)", or nothing. */
void	 output_notify_text(FILE *, const struct notifystate *, time_t now);
void	 output_check_text(FILE *, const struct decision *);
void	 output_check_json(FILE *, const struct decision *);

#endif
