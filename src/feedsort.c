/* feedsort.c: the feed's sort keys. The snapshot lists incidents newest
 * update first; the other keys reorder the indexes the feed shows and
 * keep that order among equals, so a sort never shuffles rows that tie. */
#include "config.h"
#include "feedsort.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"

static const char *const feedsort_names[FEEDSORT_N] = {
	[FEEDSORT_UPDATED] = "updated",
	[FEEDSORT_STATUS] = "status",
	[FEEDSORT_TITLE] = "title",
};

const char *
feedsort_name(enum feedsort k)
{
	return (unsigned)k < FEEDSORT_N ? feedsort_names[k] : "?";
}

int
feedsort_parse(const char *name)
{
	size_t len = strlen(name);
	int i, found = -1;

	if (len == 0)
		return -1;
	for (i = 0; i < FEEDSORT_N; i++) {
		if (strcasecmp(name, feedsort_names[i]) == 0)
			return i;
		if (strncasecmp(name, feedsort_names[i], len) == 0) {
			if (found != -1)
				return -1;	/* ambiguous */
			found = i;
		}
	}
	return found;
}

enum feedsort
feedsort_next(enum feedsort k)
{
	return (enum feedsort)(((unsigned)k + 1) % FEEDSORT_N);
}

/* Active incidents, then mitigated, then maintenance not done, then
 * advisories, then what is over. */
static int
feedsort_rank(const struct incident *inc)
{
	if (inc->status == INC_RESOLVED)
		return 4;
	if (inc->type == INC_PLANNED_MAINTENANCE)
		return 2;
	if (inc->type == INC_HEALTH_ADVISORY ||
	    inc->type == INC_SECURITY_ADVISORY)
		return 3;
	return inc->status == INC_ACTIVE ? 0 : 1;
}

/* One row to sort: its key and its place in the snapshot's order. */
struct feedsort_row {
	int		 rank;
	const char	*title;
	size_t		 idx;
};

static int
feedsort_cmp(const void *pa, const void *pb)
{
	const struct feedsort_row *a = pa, *b = pb;
	int d = a->rank - b->rank;

	if (d == 0)
		d = strcasecmp(a->title, b->title);
	if (d != 0)
		return d;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void
feedsort_apply(enum feedsort k, const struct inc_list *l, size_t *idx,
    size_t n)
{
	struct feedsort_row *rows;
	size_t i;

	if (k == FEEDSORT_UPDATED || n < 2)
		return;
	rows = xcalloc(n, sizeof *rows);
	for (i = 0; i < n; i++) {
		const struct incident *inc = l->v[idx[i]];

		rows[i].rank = k == FEEDSORT_STATUS ? feedsort_rank(inc) : 0;
		rows[i].title = k == FEEDSORT_TITLE && inc->title != NULL ?
		    inc->title : "";
		rows[i].idx = idx[i];
	}
	qsort(rows, n, sizeof *rows, feedsort_cmp);
	for (i = 0; i < n; i++)
		idx[i] = rows[i].idx;
	free(rows);
}
