/* colorspec.c: the names of the semantic colours and of colour values,
 * shared by the configuration (which checks them) and the screen (which
 * uses them). The numbers are the terminal's: 0-7 the ANSI colours in
 * their usual order, 8-15 their bright forms, up to 255 for 256-colour
 * terminals. */
#include "config.h"
#include "colorspec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const colorspec_names[COLORSPEC_N] = {
	[COLORSPEC_ACTIVE] = "active",
	[COLORSPEC_MITIGATED] = "mitigated",
	[COLORSPEC_RESOLVED] = "resolved",
	[COLORSPEC_PLANNED] = "planned",
	[COLORSPEC_ADVISORY] = "advisory",
	[COLORSPEC_OK] = "ok",
	[COLORSPEC_WARN] = "warn",
	[COLORSPEC_ERROR] = "error",
};

/* red, yellow, green, blue, cyan, green, yellow, red */
static const int colorspec_defaults[COLORSPEC_N] = {
	[COLORSPEC_ACTIVE] = 1,
	[COLORSPEC_MITIGATED] = 3,
	[COLORSPEC_RESOLVED] = 2,
	[COLORSPEC_PLANNED] = 4,
	[COLORSPEC_ADVISORY] = 6,
	[COLORSPEC_OK] = 2,
	[COLORSPEC_WARN] = 3,
	[COLORSPEC_ERROR] = 1,
};

static const char *const colorspec_values[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

const char *
colorspec_name(enum colorspec_role r)
{
	return (unsigned)r < COLORSPEC_N ? colorspec_names[r] : NULL;
}

int
colorspec_role(const char *name)
{
	int i;

	for (i = 0; i < COLORSPEC_N; i++)
		if (strcasecmp(name, colorspec_names[i]) == 0)
			return i;
	return -1;
}

int
colorspec_default(enum colorspec_role r)
{
	return (unsigned)r < COLORSPEC_N ? colorspec_defaults[r] :
	    COLORSPEC_DEFAULT;
}

int
colorspec_value(const char *v, int *out)
{
	const char *name = v;
	int base = 0, i;
	char *end;
	long n;

	if (strcasecmp(v, "default") == 0 || strcasecmp(v, "none") == 0) {
		*out = COLORSPEC_DEFAULT;
		return 0;
	}
	if (strncasecmp(v, "bright-", 7) == 0) {
		name = v + 7;
		base = 8;
	}
	for (i = 0; i < 8; i++) {
		if (strcasecmp(name, colorspec_values[i]) == 0) {
			*out = base + i;
			return 0;
		}
	}
	if (base != 0 || *v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0 || n > 255)
		return -1;
	*out = (int)n;
	return 0;
}
