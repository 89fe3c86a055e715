/* seen.c: the unread marks. A handful of incidents at a time, so a plain
 * array searched linearly; the file is "last_update<TAB>key" lines,
 * rewritten through a temporary file and rename so a crash leaves either
 * the old marks or the new ones. */
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
#include "xmalloc.h"

/* Longest key kept; a longer one is not from us. */
#define SEEN_MAX_KEY	1024

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
	char line[SEEN_MAX_KEY + 64], *tab, *end;
	long long t;
	size_t len;
	FILE *f;

	if ((f = fopen(s->path, "re")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		len = strlen(line);
		if (len == 0 || line[len - 1] != '\n') {
			/* Too long or torn: skip the rest of it. */
			int c;

			while (len > 0 && (c = fgetc(f)) != EOF && c != '\n')
				;
			continue;
		}
		line[len - 1] = '\0';
		if ((tab = strchr(line, '\t')) == NULL || tab[1] == '\0')
			continue;
		*tab = '\0';
		errno = 0;
		t = strtoll(line, &end, 10);
		if (errno != 0 || *end != '\0' || end == line || t < 0)
			continue;
		seen_put(s, tab + 1, (time_t)t);
	}
	fclose(f);
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

static int
seen_write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
seen_save(struct seen *s, time_t now, char *err, size_t errlen)
{
	time_t oldest = now - (time_t)SEEN_KEEP_DAYS * 86400;
	char *tmp, *dir, *slash;
	struct buf b;
	size_t i;
	int fd, rc = -1;

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
	tmp = xasprintf("%s.tmp-XXXXXX", s->path);
	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(err, errlen, "Cannot save the read marks in %s: %s.",
		    dir, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) == -1 ||
	    seen_write_all(fd, b.data != NULL ? b.data : "", b.len) == -1 ||
	    fsync(fd) == -1) {
		snprintf(err, errlen, "Cannot save the read marks in %s: %s.",
		    dir, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp, s->path) == -1) {
		snprintf(err, errlen, "Cannot save the read marks as %s: %s.",
		    s->path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	s->dirty = false;
	rc = 0;
out:
	free(tmp);
	free(dir);
	buf_free(&b);
	return rc;
}
