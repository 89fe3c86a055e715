/* colorspec.h: the eight semantic colours people can set in [colors]
 * (active, mitigated, resolved, planned, advisory, ok, warn, error) and
 * the colour values they take. Names only: ui/draw.c turns them into
 * curses colour pairs. */
#ifndef AZWATCH_COLORSPEC_H
#define AZWATCH_COLORSPEC_H

enum colorspec_role {
	COLORSPEC_ACTIVE,	/* an incident still going on */
	COLORSPEC_MITIGATED,
	COLORSPEC_RESOLVED,
	COLORSPEC_PLANNED,	/* maintenance */
	COLORSPEC_ADVISORY,	/* health advisories */
	COLORSPEC_OK,		/* a channel that answered, all well */
	COLORSPEC_WARN,		/* unreachable, stale */
	COLORSPEC_ERROR,	/* a channel's error */
	COLORSPEC_N
};

/* The colour for "default" (the terminal's own foreground). */
#define COLORSPEC_DEFAULT	(-1)

/* "active", ...; NULL for an index out of range. */
const char *colorspec_name(enum colorspec_role);
/* The role named name, or -1. */
int	 colorspec_role(const char *name);
/* The built-in colour of a role. */
int	 colorspec_default(enum colorspec_role);
/* A colour value: default, black, red, green, yellow, blue, magenta,
 * cyan, white, bright-NAME (8-15) or a number 0-255. 0 and *out, or -1. */
int	 colorspec_value(const char *v, int *out);

#endif
