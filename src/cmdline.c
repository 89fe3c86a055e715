/* cmdline.c: the ":" command line: a small table of commands, parsing
 * and Tab completion as pure functions of the text typed. */
#include "config.h"
#include "cmdline.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "feedsort.h"
#include "filter.h"
#include "xmalloc.h"

static const struct {
	const char		*name;
	enum cmdline_cmd	 cmd;
	bool			 args;	/* takes arguments */
} cmdline_table[] = {
	{ "export", CMDLINE_EXPORT, false },
	{ "filter", CMDLINE_FILTER, true },
	{ "help", CMDLINE_HELP, false },
	{ "quit", CMDLINE_QUIT, false },
	{ "sort", CMDLINE_SORT, true },
};
#define CMDLINE_N	(sizeof cmdline_table / sizeof cmdline_table[0])

/* The word "clear" after :filter. */
#define CMDLINE_CLEAR	"clear"

static const char *
cmdline_skip(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* Copy the word at *s into a new string and move *s past it. */
static char *
cmdline_word(const char **s)
{
	const char *p = cmdline_skip(*s), *e = p;

	while (*e != '\0' && !isspace((unsigned char)*e))
		e++;
	*s = e;
	return e == p ? NULL : xstrndup(p, (size_t)(e - p));
}

/* The command named w or starting w (unique), or -1. */
static int
cmdline_find(const char *w)
{
	size_t i, len = strlen(w);
	int found = -1;

	if (strcasecmp(w, "q") == 0)
		w = "quit";
	for (i = 0; i < CMDLINE_N; i++) {
		if (strcasecmp(w, cmdline_table[i].name) == 0)
			return (int)i;
		if (strncasecmp(w, cmdline_table[i].name, len) == 0)
			found = found == -1 ? (int)i : -2;
	}
	return found < 0 ? -1 : found;
}

static int
cmdline_field(const char *w)
{
	int i;

	for (i = 0; i < FILTER_NFIELDS; i++)
		if (strcasecmp(w, filter_field_name((enum filter_field)i)) == 0)
			return i;
	return -1;
}

void
cmdline_free(struct cmdline *c)
{
	free(c->value);
	memset(c, 0, sizeof *c);
}

int
cmdline_parse(const char *line, struct cmdline *c, char *err, size_t errlen)
{
	const char *s = cmdline_skip(line);
	char *w = NULL, *rest;
	size_t len;
	int k;

	memset(c, 0, sizeof *c);
	if (*s == ':')
		s++;
	if ((w = cmdline_word(&s)) == NULL)
		return 0;
	if ((k = cmdline_find(w)) == -1) {
		/* typed text: quoted for people, never a format */
		snprintf(err, errlen, "unknown command '%.40s': try :help "
		    "(filter, sort, export, quit, help)", w);
		goto fail;
	}
	free(w);
	w = NULL;
	c->cmd = cmdline_table[k].cmd;
	s = cmdline_skip(s);
	if (!cmdline_table[k].args) {
		if (*s != '\0') {
			snprintf(err, errlen, ":%s takes no argument",
			    cmdline_table[k].name);
			goto fail;
		}
		return 0;
	}
	if (c->cmd == CMDLINE_SORT) {
		c->sort = -1;
		if ((w = cmdline_word(&s)) == NULL)
			return 0;
		if ((c->sort = feedsort_parse(w)) == -1 ||
		    *cmdline_skip(s) != '\0') {
			snprintf(err, errlen, "unknown sort key '%.40s' "
			    "(updated, status, title)", w);
			goto fail;
		}
		free(w);
		return 0;
	}
	/* filter FIELD [VALUE...] | filter clear */
	if ((w = cmdline_word(&s)) == NULL) {
		snprintf(err, errlen, ":filter needs a field: service, "
		    "region, subscription, type, status or clear");
		goto fail;
	}
	if (strcasecmp(w, CMDLINE_CLEAR) == 0) {
		c->field = -1;
		free(w);
		return 0;
	}
	if ((c->field = cmdline_field(w)) == -1) {
		snprintf(err, errlen, "unknown filter field '%.40s' (service, "
		    "region, subscription, type, status or clear)", w);
		goto fail;
	}
	free(w);
	/* the value is the rest of the line: service names have spaces */
	s = cmdline_skip(s);
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	rest = len > 0 ? xstrndup(s, len) : NULL;
	c->value = rest;
	return 0;
fail:
	free(w);
	cmdline_free(c);
	return -1;
}

/* How many leading bytes a and b share, ignoring ASCII case. */
static size_t
cmdline_common(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] != '\0' && b[n] != '\0' &&
	    tolower((unsigned char)a[n]) == tolower((unsigned char)b[n]))
		n++;
	return n;
}

char *
cmdline_complete(const char *line, cmdline_values_fn values, void *arg,
    struct strv *cands)
{
	struct strv all = { NULL, 0 };
	const char *s = line, *word, *p;
	char *w1 = NULL, *w2 = NULL;
	struct buf out;
	size_t i, common = 0, first, len, nm = 0;
	bool more = false;	/* a space after a full match */
	int k, field;

	/* which word is being typed: the command, its first argument, or
	 * (for :filter FIELD) the value, which is the rest of the line */
	p = cmdline_skip(s);
	if (*p == ':')
		p++;
	word = cmdline_skip(p);
	w1 = cmdline_word(&p);
	if (w1 == NULL || *p == '\0') {
		for (i = 0; i < CMDLINE_N; i++)
			strv_add(&all, cmdline_table[i].name);
		more = true;
	} else if ((k = cmdline_find(w1)) >= 0 && cmdline_table[k].args) {
		word = cmdline_skip(p);
		w2 = cmdline_word(&p);
		if (cmdline_table[k].cmd == CMDLINE_SORT) {
			if (*p == '\0')
				for (i = 0; i < FEEDSORT_N; i++)
					strv_add(&all,
					    feedsort_name((enum feedsort)i));
		} else if (w2 == NULL || *p == '\0') {
			for (i = 0; i < FILTER_NFIELDS; i++)
				strv_add(&all,
				    filter_field_name((enum filter_field)i));
			strv_add(&all, CMDLINE_CLEAR);
			more = true;
		} else if ((field = cmdline_field(w2)) >= 0 && values != NULL) {
			word = cmdline_skip(p);
			values(field, &all, arg);
		}
	}
	/* line up to the word, then the completion */
	buf_init(&out);
	buf_append(&out, line, (size_t)(word - line));
	len = strlen(word);
	first = all.n;
	for (i = 0; i < all.n; i++) {
		if (strncasecmp(all.v[i], word, len) != 0)
			continue;
		strv_add(cands, all.v[i]);
		nm++;
		if (first == all.n) {
			first = i;
			common = strlen(all.v[i]);
		} else if (cmdline_common(all.v[first], all.v[i]) < common)
			common = cmdline_common(all.v[first], all.v[i]);
	}
	if (first == all.n)
		buf_puts(&out, word);
	else if (nm == 1 || common == strlen(all.v[first])) {
		buf_puts(&out, all.v[first]);
		if (nm == 1 && more)
			buf_putc(&out, ' ');
	} else if (common > len)
		buf_append(&out, all.v[first], common);
	else
		buf_puts(&out, word);
	strv_free(&all);
	free(w1);
	free(w2);
	return buf_steal(&out);
}
