/* feedstate.c: the feed's filters and sort as a few "key=value" lines in
 * the state directory, written through statefile_write (atomic, 0600,
 * never through a link). Values are the user's own or remote names: a
 * value with a control character is not kept rather than written. */
#include "config.h"
#include "feedstate.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "feedsort.h"
#include "sanitize.h"
#include "statefile.h"
#include "xmalloc.h"

#define FEEDSTATE_FILE	"filters"
#define FEEDSTATE_MAX	(16 * 1024)

int
feedstate_save(const char *state_dir, const struct filter *f, int sort,
    char *err, size_t errlen)
{
	struct buf b;
	char *path;
	size_t i;
	int rc;

	if (state_dir == NULL || *state_dir == '\0')
		return 0;
	buf_init(&b);
	buf_puts(&b, "# azwatch: the feed's filters and sort, kept across "
	    "restarts\n");
	for (i = 0; i < FILTER_NFIELDS; i++) {
		if (f->field[i] != NULL && sanitize_is_plain(f->field[i]))
			buf_printf(&b, "%s=%s\n",
			    filter_field_name((enum filter_field)i), f->field[i]);
	}
	buf_printf(&b, "hide_resolved=%d\nhide_maintenance=%d\n",
	    f->hide_resolved, f->hide_maintenance);
	if (sort >= 0 && sort < FEEDSORT_N)
		buf_printf(&b, "sort=%s\n", feedsort_name((enum feedsort)sort));
	(void)mkdir(state_dir, 0700);
	path = xasprintf("%s/%s", state_dir, FEEDSTATE_FILE);
	rc = statefile_write(path, buf_str(&b), b.len, 0, err, errlen);
	free(path);
	buf_free(&b);
	return rc;
}

int
feedstate_load(const char *state_dir, struct filter *f, int *sort, char *err,
    size_t errlen)
{
	struct filter got;
	struct buf b;
	char *path, *line, *next, *eq;
	int i, s = *sort;

	if (state_dir == NULL || *state_dir == '\0')
		return 0;
	path = xasprintf("%s/%s", state_dir, FEEDSTATE_FILE);
	buf_init(&b);
	if (statefile_read(path, FEEDSTATE_MAX, &b, err, errlen) == -1) {
		int saved = errno;

		free(path);
		buf_free(&b);
		return saved == ENOENT ? 0 : -1;
	}
	free(path);
	filter_init(&got);
	for (line = b.data; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (*line == '#' || (eq = strchr(line, '=')) == NULL)
			continue;
		*eq++ = '\0';
		for (i = 0; i < FILTER_NFIELDS; i++)
			if (strcmp(line, filter_field_name((enum filter_field)i)) == 0)
				filter_set(&got, (enum filter_field)i, eq);
		if (strcmp(line, "hide_resolved") == 0)
			got.hide_resolved = strcmp(eq, "1") == 0;
		else if (strcmp(line, "hide_maintenance") == 0)
			got.hide_maintenance = strcmp(eq, "1") == 0;
		else if (strcmp(line, "sort") == 0 && feedsort_parse(eq) >= 0)
			s = feedsort_parse(eq);
	}
	buf_free(&b);
	filter_copy(f, &got);
	filter_free(&got);
	*sort = s;
	return 1;
}

void
feedstate_defaults(struct filter *f, const struct cfg *cfg)
{
	char *s;

	if (cfg->filter_regions.n > 0) {
		s = strv_join(&cfg->filter_regions, ", ");
		filter_set(f, FILTER_REGION, s);
		free(s);
	}
	if (cfg->filter_services.n > 0) {
		s = strv_join(&cfg->filter_services, ", ");
		filter_set(f, FILTER_SERVICE, s);
		free(s);
	}
	if (cfg->filter_types.n > 0) {
		s = strv_join(&cfg->filter_types, ", ");
		filter_set(f, FILTER_TYPE, s);
		free(s);
	}
}
