/* cfginit.h: `azwatch config init`: a commented configuration template,
 * written once (mode 600; an existing file or a link is never replaced),
 * and what to fill in. */
#ifndef AZWATCH_CFGINIT_H
#define AZWATCH_CFGINIT_H

#include <stddef.h>

/* The template's text (static). */
const char *cfginit_template(void);
/* Write the template to path (its directory made 0700 if missing). 0, or
 * -1 with err ("PATH already exists" when there is anything by that
 * name, a link included). */
int	 cfginit_write(const char *path, char *err, size_t errlen);
/* What to fill in, for people (static). */
const char *cfginit_next_steps(void);

#endif
