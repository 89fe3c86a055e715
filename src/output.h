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
/* The same with a "sinks" member (taken over; NULL: none). */
struct json_object;
void	 output_status_json_sinks(FILE *, const struct snapshot *, time_t now,
	     struct json_object *sinks);
void	 output_check_text(FILE *, const struct decision *);
void	 output_check_json(FILE *, const struct decision *);

#endif
