/* seen.c: the unread marks. A handful of incidents at a time, so a plain
 * array searched linearly; the file is "last_update<TAB>key" lines,
 * rewritten whole through statefile, so a crash leaves either the old
 * marks or the new ones. */
#include "config.h"
#include "seen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "statefile.h"
#include "xmalloc.h"

/* Longest key kept; a longer one is not from us. */
#define SEEN_MAX_KEY	1024
/* Largest file read back. */
#define SEEN_MAX_BYTES	(8 * 1024 * 1024)

struct seen_mark {
	char	*key;
	time_t	 last_update;
};

struct seen {
	char		*path;		/* NULL: memory only */
	struct seen_mark *v;
	size_t		  n;
	bool		  dirty;
};

static struct seen_mark *
seen_find(const struct seen *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].key, key) == 0)
			return &s->v[i];
	return NULL;
}

static void
seen_put(struct seen *s, const char *key, time_t t)
{
	struct seen_mark *m = seen_find(s, key);

	if (m != NULL) {
		if (t > m->last_update)
			m->last_update = t;
		return;
	}
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n].key = xstrdup(key);
	s->v[s->n].last_update = t;
	s->n++;
}

static void
seen_load(struct seen *s)
{
	char err[256], *line, *nl, *tab, *end;
	long long t;
	struct buf b;
	size_t at;

	buf_init(&b);
	/* a link, a FIFO or a monster is no list of marks: start empty */
	if (statefile_read(s->path, SEEN_MAX_BYTES, &b, err, sizeof err) == -1) {
		buf_free(&b);
		return;
	}
	buf_putc(&b, '\0');
	for (at = 0; at < b.len - 1; at = (size_t)(nl - b.data) + 1) {
		line = b.data + at;
		/* a torn last line has no newline: skip it */
		if ((nl = memchr(line, '\n', b.len - 1 - at)) == NULL)
			break;
		*nl = '\0';
		if (strlen(line) > SEEN_MAX_KEY + 32 ||
		    (tab = strchr(line, '\t')) == NULL || tab[1] == '\0')
			continue;
		*tab = '\0';
		errno = 0;
		t = strtoll(line, &end, 10);
		if (errno != 0 || *end != '\0' || end == line || t < 0)
			continue;
		seen_put(s, tab + 1, (time_t)t);
	}
	buf_free(&b);
}

struct seen *
seen_new(const char *dir)
{
	struct seen *s = xcalloc(1, sizeof *s);

	if (dir != NULL && *dir != '\0') {
		s->path = xasprintf("%s/%s", dir, SEEN_FILE);
		seen_load(s);
	}
	return s;
}

void
seen_free(struct seen *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	free(s->path);
	free(s);
}

bool
seen_unread(const struct seen *s, const struct incident *inc)
{
	const struct seen_mark *m = seen_find(s, inc->key);

	return m == NULL || m->last_update < inc->last_update;
}

bool
seen_mark(struct seen *s, const struct incident *inc)
{
	if (!seen_unread(s, inc))
		return false;
	seen_put(s, inc->key, inc->last_update);
	s->dirty = true;
	return true;
}

bool
seen_mark_all(struct seen *s, const struct inc_list *l)
{
	bool changed = false;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (seen_mark(s, l->v[i]))
			changed = true;
	return changed;
}

size_t
seen_count_unread(const struct seen *s, const struct inc_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		if (seen_unread(s, l->v[i]))
			n++;
	return n;
}

int
seen_save(struct seen *s, time_t now, char *err, size_t errlen)
{
	time_t oldest = now - (time_t)SEEN_KEEP_DAYS * 86400;
	char werr[512], *dir, *slash;
	struct buf b;
	size_t i;
	int rc = -1;

	if (s->path == NULL || !s->dirty)
		return 0;
	buf_init(&b);
	for (i = 0; i < s->n; i++) {
		/* Keys with a newline would break the format: never ours. */
		if (s->v[i].last_update < oldest ||
		    strchr(s->v[i].key, '\n') != NULL ||
		    strlen(s->v[i].key) > SEEN_MAX_KEY)
			continue;
		buf_printf(&b, "%lld\t%s\n", (long long)s->v[i].last_update,
		    s->v[i].key);
	}

	dir = xstrdup(s->path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	(void)mkdir(dir, 0700);
	if (statefile_write(s->path, b.data != NULL ? b.data : "", b.len, 0,
	    werr, sizeof werr) == -1) {
		snprintf(err, errlen, "Cannot save the read marks: %s.", werr);
		goto out;
	}
	s->dirty = false;
	rc = 0;
out:
	free(dir);
	buf_free(&b);
	return rc;
}
