/* cmdline.h: the ":" command line's language, parsed and completed
 * without a terminal: ":filter region eastus", ":filter service NAME",
 * ":filter clear", ":sort [KEY]", ":export", ":q", ":help". The UI runs
 * what cmdline_parse returns. */
#ifndef AZWATCH_CMDLINE_H
#define AZWATCH_CMDLINE_H

#include <stddef.h>

#include "model.h"

enum cmdline_cmd {
	CMDLINE_NONE,		/* an empty line */
	CMDLINE_FILTER,
	CMDLINE_SORT,
	CMDLINE_EXPORT,
	CMDLINE_QUIT,
	CMDLINE_HELP
};

struct cmdline {
	enum cmdline_cmd cmd;
	int		 field;		/* FILTER: a filter_field, -1: clear all */
	char		*value;		/* FILTER: owned; NULL clears the field */
	int		 sort;		/* SORT: a feedsort, -1: the next one */
};

/* Parse one line (a leading ':' is allowed; a command may be shortened
 * to a unique start: ":f region eastus"). 0, or -1 with one line for
 * people in err (an unknown command, a missing argument). */
int	 cmdline_parse(const char *line, struct cmdline *, char *err,
	     size_t errlen);
void	 cmdline_free(struct cmdline *);

/* A filter field's values for completion (appended to out). */
typedef void (*cmdline_values_fn)(int field, struct strv *out, void *arg);

/* Tab: complete the last word of line (a command, a filter field, a sort
 * key, or a filter value from values, which may be NULL). The matches go
 * to cands (appended, for showing); returns the new line: the only match
 * and a space after it, or the longest start common to all the matches,
 * or line unchanged. Caller frees. */
char	*cmdline_complete(const char *line, cmdline_values_fn values,
	     void *arg, struct strv *cands);

#endif
