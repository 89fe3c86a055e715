/* filter.c: the feed's filters and search as pure functions of the
 * model, and the locked copy notify consults so that only incidents the
 * user watches make a notification. */
#include "config.h"
#include "filter.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "regions.h"
#include "sanitize.h"
#include "xmalloc.h"

static const char *const filter_names[FILTER_NFIELDS] = {
	[FILTER_SERVICE] = "service",
	[FILTER_REGION] = "region",
	[FILTER_SUBSCRIPTION] = "subscription",
	[FILTER_TYPE] = "type",
	[FILTER_STATUS] = "status",
};

const char *
filter_field_name(enum filter_field f)
{
	if ((unsigned)f >= FILTER_NFIELDS)
		return "?";
	return filter_names[f];
}

void
filter_init(struct filter *f)
{
	memset(f, 0, sizeof *f);
}

void
filter_free(struct filter *f)
{
	size_t i;

	for (i = 0; i < FILTER_NFIELDS; i++)
		free(f->field[i]);
	free(f->search);
	memset(f, 0, sizeof *f);
}

void
filter_clear(struct filter *f)
{
	filter_free(f);
}

void
filter_copy(struct filter *dst, const struct filter *src)
{
	size_t i;

	filter_free(dst);
	for (i = 0; i < FILTER_NFIELDS; i++)
		dst->field[i] = xstrdup(src->field[i]);
	dst->hide_resolved = src->hide_resolved;
	dst->hide_maintenance = src->hide_maintenance;
	dst->search = xstrdup(src->search);
}

static bool
filter_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

void
filter_set(struct filter *f, enum filter_field which, const char *value)
{
	if ((unsigned)which >= FILTER_NFIELDS)
		return;
	free(f->field[which]);
	f->field[which] = filter_empty(value) ? NULL : xstrdup(value);
}

void
filter_set_search(struct filter *f, const char *s)
{
	free(f->search);
	f->search = filter_empty(s) ? NULL : xstrdup(s);
}

bool
filter_active(const struct filter *f)
{
	size_t i;

	for (i = 0; i < FILTER_NFIELDS; i++)
		if (f->field[i] != NULL)
			return true;
	return f->hide_resolved || f->hide_maintenance ||
	    !filter_empty(f->search);
}

static bool
filter_has_service(const struct incident *inc, const char *want)
{
	size_t i;

	for (i = 0; i < inc->services.n; i++)
		if (services_equal(inc->services.v[i], want))
			return true;
	for (i = 0; i < inc->nimpacts; i++)
		if (inc->impacts[i].service != NULL &&
		    services_equal(inc->impacts[i].service, want))
			return true;
	return false;
}

static bool
filter_has_region(const struct incident *inc, const char *want)
{
	size_t i;

	for (i = 0; i < inc->regions.n; i++)
		if (regions_equal(inc->regions.v[i], want))
			return true;
	for (i = 0; i < inc->nimpacts; i++)
		if (inc->impacts[i].region != NULL &&
		    regions_equal(inc->impacts[i].region, want))
			return true;
	return false;
}

/* A value may be a list ("eastus, eastus2", from [filter] in the
 * configuration): the incident passes when it has any of them. */
static bool
filter_any(const struct incident *inc, const char *want,
    bool (*has)(const struct incident *, const char *))
{
	char *copy, *item, *save = NULL, *e;
	bool found = false;

	if (strchr(want, ',') == NULL)
		return has(inc, want);
	copy = xstrdup(want);
	for (item = strtok_r(copy, ",", &save); item != NULL && !found;
	    item = strtok_r(NULL, ",", &save)) {
		while (*item == ' ' || *item == '\t')
			item++;
		e = item + strlen(item);
		while (e > item && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		if (*item != '\0')
			found = has(inc, item);
	}
	free(copy);
	return found;
}

static bool
filter_has_type(const struct incident *inc, const char *want)
{
	return strcasecmp(inc_type_name(inc->type), want) == 0;
}

bool
filter_match(const struct filter *f, const struct incident *inc)
{
	const char *v;

	if (f->hide_resolved && inc->status == INC_RESOLVED)
		return false;
	if (f->hide_maintenance && inc->type == INC_PLANNED_MAINTENANCE)
		return false;
	if ((v = f->field[FILTER_SERVICE]) != NULL &&
	    !filter_any(inc, v, filter_has_service))
		return false;
	if ((v = f->field[FILTER_REGION]) != NULL &&
	    !filter_any(inc, v, filter_has_region))
		return false;
	if ((v = f->field[FILTER_SUBSCRIPTION]) != NULL &&
	    !strv_has(&inc->subscriptions, v))
		return false;
	if ((v = f->field[FILTER_TYPE]) != NULL &&
	    !filter_any(inc, v, filter_has_type))
		return false;
	if ((v = f->field[FILTER_STATUS]) != NULL &&
	    strcasecmp(inc_status_name(inc->status), v) != 0)
		return false;
	return true;
}

static bool
filter_contains(const char *hay, const char *needle)
{
	return sanitize_find(hay, needle, NULL) != NULL;
}

static bool
filter_strv_contains(const struct strv *sv, const char *needle)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (filter_contains(sv->v[i], needle))
			return true;
	return false;
}

bool
filter_search(const struct filter *f, const struct incident *inc)
{
	const char *s = f->search;
	size_t i;

	if (filter_empty(s))
		return true;
	if (filter_contains(inc->title, s) ||
	    filter_contains(inc->tracking_id, s) ||
	    filter_strv_contains(&inc->services, s) ||
	    filter_strv_contains(&inc->regions, s))
		return true;
	for (i = 0; i < inc->nupdates; i++)
		if (filter_contains(inc->updates[i].text, s))
			return true;
	return false;
}

bool
filter_pass(const struct filter *f, const struct incident *inc)
{
	return filter_match(f, inc) && filter_search(f, inc);
}

size_t
filter_count(const struct filter *f, const struct inc_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		if (filter_pass(f, l->v[i]))
			n++;
	return n;
}

char *
filter_describe(const struct filter *f)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < FILTER_NFIELDS; i++) {
		if (f->field[i] == NULL)
			continue;
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, filter_names[i]);
		buf_putc(&b, '=');
		buf_puts(&b, f->field[i]);
	}
	if (f->hide_resolved) {
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, "hide resolved");
	}
	if (f->hide_maintenance) {
		if (b.len > 0)
			buf_puts(&b, ", ");
		buf_puts(&b, "hide maintenance");
	}
	if (!filter_empty(f->search)) {
		if (b.len > 0)
			buf_puts(&b, " · ");
		buf_putc(&b, '/');
		buf_puts(&b, f->search);
	}
	return buf_steal(&b);
}

static int
filter_cmp(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

void
filter_values(enum filter_field which, const struct inc_list *l,
    struct strv *out)
{
	const struct incident *inc;
	size_t i, k;
	int t;

	switch (which) {
	case FILTER_TYPE:
		for (t = INC_SERVICE_ISSUE; t <= INC_OTHER; t++)
			strv_add(out, inc_type_name((enum inc_type)t));
		return;
	case FILTER_STATUS:
		for (t = INC_ACTIVE; t <= INC_RESOLVED; t++)
			strv_add(out, inc_status_name((enum inc_status)t));
		return;
	default:
		break;
	}
	for (i = 0; i < l->n; i++) {
		inc = l->v[i];
		switch (which) {
		case FILTER_SERVICE:
			for (k = 0; k < inc->services.n; k++)
				strv_add_unique(out, inc->services.v[k]);
			break;
		case FILTER_REGION:
			for (k = 0; k < inc->regions.n; k++)
				strv_add_unique(out, inc->regions.v[k]);
			break;
		case FILTER_SUBSCRIPTION:
			for (k = 0; k < inc->subscriptions.n; k++)
				strv_add_unique(out, inc->subscriptions.v[k]);
			break;
		default:
			break;
		}
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, filter_cmp);
}

struct filter_gate {
	pthread_mutex_t	 lock;
	struct filter	 f;
};

struct filter_gate *
filter_gate_new(void)
{
	struct filter_gate *g = xcalloc(1, sizeof *g);

	pthread_mutex_init(&g->lock, NULL);
	filter_init(&g->f);
	return g;
}

void
filter_gate_free(struct filter_gate *g)
{
	if (g == NULL)
		return;
	filter_free(&g->f);
	pthread_mutex_destroy(&g->lock);
	free(g);
}

void
filter_gate_set(struct filter_gate *g, const struct filter *f)
{
	pthread_mutex_lock(&g->lock);
	filter_copy(&g->f, f);
	filter_set_search(&g->f, NULL);
	pthread_mutex_unlock(&g->lock);
}

bool
filter_gate_match(const struct incident *inc, void *arg)
{
	struct filter_gate *g = arg;
	bool ok;

	pthread_mutex_lock(&g->lock);
	ok = filter_match(&g->f, inc);
	pthread_mutex_unlock(&g->lock);
	return ok;
}
