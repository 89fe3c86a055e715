/* statusline.c: the tmux status line. Counts come from each channel's
 * last answer as the journal recorded it; ages say how old that is, so a
 * dashboard that stopped polling shows up as a growing age. */
#include "config.h"
#include "statusline.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "timeutil.h"

static const char *abbrev[CHAN_COUNT] = { "SH", "SP", "X", "ST" };

static int
active_count(const struct inc_list *l)
{
	size_t i;
	int n = 0;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->status == INC_ACTIVE && !l->v[i]->early &&
		    (l->v[i]->type == INC_SERVICE_ISSUE ||
		    l->v[i]->type == INC_OTHER))
			n++;
	}
	return n;
}

static void
short_age(time_t now, time_t t, char *buf, size_t len)
{
	long d = (long)(now - t);

	/* a status bar is narrow: "now" rather than "<1m" */
	if (t == 0)
		snprintf(buf, len, "never");
	else if (d < 60)
		snprintf(buf, len, "now");
	else
		time_format_span(d, buf, len);
}

static void
append(char *buf, size_t len, const char *s)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s", s);
}

void
statusline_format(const struct journal *j, time_t now, bool ascii, char *buf,
    size_t len)
{
	const char *up = ascii ? "^" : "\xe2\x96\xb2";	/* ▲ */
	const char *sep = ascii ? " | " : " \xc2\xb7 ";	/* · */
	struct inc_list all = { 0 }, one;
	char part[64], age[32];
	bool any = false;
	time_t ls;
	int ch, n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (ch = 0; ch < CHAN_COUNT; ch++) {
		memset(&one, 0, sizeof one);
		if (!journal_seed(j, (enum chan_id)ch, &one, &ls)) {
			inc_list_clear(&one);
			continue;
		}
		any = true;
		n = active_count(&one);
		short_age(now, ls, age, sizeof age);
		if (n > 0)
			snprintf(part, sizeof part, "%s%s %s%d %s", sep,
			    abbrev[ch], up, n, age);
		else
			snprintf(part, sizeof part, "%s%s ok %s", sep,
			    abbrev[ch], age);
		append(buf, len, part);
		inc_list_merge(&all, &one);
		inc_list_clear(&one);
	}
	if (!any) {
		snprintf(buf, len, "AZ ? no data");
		return;
	}
	n = active_count(&all);
	inc_list_clear(&all);
	if (n > 0)
		snprintf(part, sizeof part, "AZ %s%d active", up, n);
	else
		snprintf(part, sizeof part, "AZ ok");
	/* prepend the head */
	{
		char tail[256];

		snprintf(tail, sizeof tail, "%s", buf);
		snprintf(buf, len, "%s%s", part, tail);
	}
}

int
statusline_print(FILE *f, const char *state_dir, bool ascii, time_t now)
{
	struct journal *j;
	char line[256], err[256];
	const char *cs = nl_langinfo(CODESET);

	if (cs == NULL || strcmp(cs, "UTF-8") != 0)
		ascii = true;
	if ((j = journal_load(state_dir, err, sizeof err)) == NULL) {
		fprintf(f, "AZ ! journal\n");
		return 1;
	}
	statusline_format(j, now, ascii, line, sizeof line);
	journal_close(j);
	fprintf(f, "%s\n", line);
	return 0;
}
