/* model.c: incidents, their merge across channels, channel states and
 * the reference-counted snapshot the worker publishes. */
#include "config.h"
#include "model.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "sanitize.h"
#include "xmalloc.h"

/* strv ------------------------------------------------------------------ */

void
strv_add(struct strv *sv, const char *s)
{
	sv->v = xreallocarray(sv->v, sv->n + 1, sizeof *sv->v);
	sv->v[sv->n++] = xstrdup(s);
}

bool
strv_has(const struct strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++) {
		if (strcasecmp(sv->v[i], s) == 0)
			return true;
	}
	return false;
}

void
strv_add_unique(struct strv *sv, const char *s)
{
	if (s != NULL && *s != '\0' && !strv_has(sv, s))
		strv_add(sv, s);
}

void
strv_copy(struct strv *dst, const struct strv *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		strv_add(dst, src->v[i]);
}

void
strv_free(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

char *
strv_join(const struct strv *sv, const char *sep)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < sv->n; i++) {
		if (i != 0)
			buf_puts(&b, sep);
		buf_puts(&b, sv->v[i]);
	}
	return buf_steal(&b);
}

/* names ----------------------------------------------------------------- */

static const char *chan_names[CHAN_COUNT] = {
	"service-health", "status-page", "x", "support"
};

const char *
chan_id_name(enum chan_id id)
{
	return (unsigned)id < CHAN_COUNT ? chan_names[id] : "?";
}

int
chan_id_parse(const char *s)
{
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		if (strcmp(s, chan_names[i]) == 0)
			return i;
	}
	return -1;
}

const char *
chan_state_name(enum chan_state st)
{
	switch (st) {
	case CHAN_PENDING:	return "pending";
	case CHAN_OK:		return "ok";
	case CHAN_INCIDENT:	return "incident";
	case CHAN_UNREACHABLE:	return "unreachable";
	case CHAN_ERROR:	return "error";
	case CHAN_UNCONFIGURED:	return "unconfigured";
	}
	return "?";
}

static const char *status_names[] = { "active", "mitigated", "resolved" };

const char *
inc_status_name(enum inc_status st)
{
	return (unsigned)st <= INC_RESOLVED ? status_names[st] : "?";
}

enum inc_state
incident_state(const struct incident *inc, time_t now)
{
	switch (inc->type) {
	case INC_PLANNED_MAINTENANCE:
		if (inc->status == INC_RESOLVED)
			return INC_STATE_DONE;
		return inc->start > now ? INC_STATE_PLANNED :
		    INC_STATE_IN_PROGRESS;
	case INC_HEALTH_ADVISORY:
	case INC_SECURITY_ADVISORY:
		return inc->status == INC_RESOLVED ? INC_STATE_RESOLVED :
		    INC_STATE_ADVISORY;
	default:
		if (inc->status == INC_ACTIVE)
			return INC_STATE_ACTIVE;
		return inc->status == INC_MITIGATED ? INC_STATE_MITIGATED :
		    INC_STATE_RESOLVED;
	}
}

const char *
inc_state_name(enum inc_state st)
{
	static const char *const names[] = {
		[INC_STATE_ACTIVE] = "active",
		[INC_STATE_MITIGATED] = "mitigated",
		[INC_STATE_IN_PROGRESS] = "in progress",
		[INC_STATE_PLANNED] = "planned",
		[INC_STATE_ADVISORY] = "advisory",
		[INC_STATE_RESOLVED] = "resolved",
		[INC_STATE_DONE] = "done",
	};

	return (unsigned)st <= INC_STATE_DONE ? names[st] : "?";
}

int
inc_state_rank(enum inc_state st)
{
	switch (st) {
	case INC_STATE_ACTIVE:
		return 0;
	case INC_STATE_MITIGATED:
		return 1;
	case INC_STATE_IN_PROGRESS:
	case INC_STATE_PLANNED:
	case INC_STATE_ADVISORY:
		return 2;
	default:
		return 3;
	}
}

int
inc_status_parse(const char *s)
{
	int i;

	for (i = 0; i <= INC_RESOLVED; i++) {
		if (strcasecmp(s, status_names[i]) == 0)
			return i;
	}
	return -1;
}

static const char *type_names[] = {
	"service-issue", "planned-maintenance", "health-advisory",
	"security-advisory", "rca", "other"
};

const char *
inc_type_name(enum inc_type t)
{
	return (unsigned)t <= INC_OTHER ? type_names[t] : "other";
}

int
inc_type_parse(const char *s)
{
	int i;

	for (i = 0; i <= INC_OTHER; i++) {
		if (strcasecmp(s, type_names[i]) == 0)
			return i;
	}
	return -1;
}

const char *
scenario_name(enum scenario sc)
{
	switch (sc) {
	case SCEN_NONE:		return "none";
	case SCEN_BROAD:	return "broad-impact";
	case SCEN_PORTAL:	return "portal-impaired";
	case SCEN_SCOPE_UNKNOWN: return "scope-unknown";
	}
	return "none";
}

const char *
scenario_text(enum scenario sc)
{
	switch (sc) {
	case SCEN_NONE:
		return "a targeted incident";
	case SCEN_BROAD:
		return "broad impact across several regions or services";
	case SCEN_PORTAL:
		return "the Azure portal or Service Health itself is impaired";
	case SCEN_SCOPE_UNKNOWN:
		return "Microsoft cannot yet tell who is affected";
	}
	return "";
}

/* incidents ------------------------------------------------------------- */

struct incident *
incident_new(const char *key)
{
	struct incident *inc = xcalloc(1, sizeof *inc);

	atomic_init(&inc->refs, 1);
	inc->key = xstrdup(key);
	inc->type = INC_SERVICE_ISSUE;
	inc->priority = -1;
	return inc;
}

struct incident *
incident_ref(struct incident *inc)
{
	if (inc != NULL)
		atomic_fetch_add(&inc->refs, 1);
	return inc;
}

void
incident_free(struct incident *inc)
{
	size_t i;

	if (inc == NULL || atomic_fetch_sub(&inc->refs, 1) != 1)
		return;
	free(inc->key);
	free(inc->tracking_id);
	free(inc->title);
	free(inc->summary);
	free(inc->header);
	free(inc->level);
	for (i = 0; i < inc->nimpacts; i++) {
		free(inc->impacts[i].service);
		free(inc->impacts[i].region);
	}
	free(inc->impacts);
	for (i = 0; i < inc->nupdates; i++)
		free(inc->updates[i].text);
	free(inc->updates);
	strv_free(&inc->services);
	strv_free(&inc->regions);
	strv_free(&inc->links);
	strv_free(&inc->subscriptions);
	strv_free(&inc->resources);
	strv_free(&inc->potential);
	strv_free(&inc->health);
	free(inc->joined);
	free(inc->event_level);
	free(inc->subtype);
	free(inc->impact_type);
	free(inc->info);
	strv_free(&inc->faqs);
	strv_free(&inc->tickets);
	free(inc);
}

static void
strv_redact(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		sanitize_redact_str(sv->v[i]);
}

void
incident_redact(struct incident *inc)
{
	size_t i;

	sanitize_redact_str(inc->key);
	sanitize_redact_str(inc->tracking_id);
	sanitize_redact_str(inc->title);
	sanitize_redact_str(inc->summary);
	sanitize_redact_str(inc->header);
	sanitize_redact_str(inc->level);
	for (i = 0; i < inc->nupdates; i++)
		sanitize_redact_str(inc->updates[i].text);
	for (i = 0; i < inc->nimpacts; i++) {
		sanitize_redact_str(inc->impacts[i].service);
		sanitize_redact_str(inc->impacts[i].region);
	}
	strv_redact(&inc->services);
	strv_redact(&inc->regions);
	strv_redact(&inc->links);
	strv_redact(&inc->subscriptions);
	strv_redact(&inc->resources);
	sanitize_redact_str(inc->event_level);
	sanitize_redact_str(inc->subtype);
	sanitize_redact_str(inc->impact_type);
	sanitize_redact_str(inc->info);
	strv_redact(&inc->faqs);
	strv_redact(&inc->tickets);
}

void
incident_set(char **field, const char *value)
{
	char *copy = xstrdup(value);

	free(*field);
	*field = copy;
}

void
incident_add_update(struct incident *inc, time_t t, enum chan_id src,
    const char *text)
{
	size_t i, at;

	if (text == NULL)
		text = "";
	/* The same text from the same source at the same time is one update. */
	for (i = 0; i < inc->nupdates; i++) {
		if (inc->updates[i].time == t && inc->updates[i].source == src &&
		    strcmp(inc->updates[i].text, text) == 0)
			return;
	}
	for (at = 0; at < inc->nupdates; at++) {
		if (inc->updates[at].time < t)
			break;
	}
	inc->updates = xreallocarray(inc->updates, inc->nupdates + 1,
	    sizeof *inc->updates);
	memmove(&inc->updates[at + 1], &inc->updates[at],
	    (inc->nupdates - at) * sizeof *inc->updates);
	inc->updates[at].time = t;
	inc->updates[at].source = src;
	inc->updates[at].text = xstrdup(text);
	inc->nupdates++;
	if (t > inc->last_update)
		inc->last_update = t;
}

static bool
str_eq_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

void
incident_add_impact(struct incident *inc, const char *service,
    const char *region, enum inc_status st)
{
	struct impact *im;
	size_t i;

	for (i = 0; i < inc->nimpacts; i++) {
		im = &inc->impacts[i];
		if (str_eq_null(im->service, service) &&
		    str_eq_null(im->region, region)) {
			/* the more active status wins */
			if (st < im->status)
				im->status = st;
			return;
		}
	}
	inc->impacts = xreallocarray(inc->impacts, inc->nimpacts + 1,
	    sizeof *inc->impacts);
	im = &inc->impacts[inc->nimpacts++];
	im->service = xstrdup(service);
	im->region = xstrdup(region);
	im->status = st;
	if (service != NULL)
		strv_add_unique(&inc->services, service);
	if (region != NULL)
		strv_add_unique(&inc->regions, region);
}

struct incident *
incident_dup(const struct incident *src)
{
	struct incident *inc = incident_new(src->key);
	size_t i;

	inc->tracking_id = xstrdup(src->tracking_id);
	inc->title = xstrdup(src->title);
	inc->summary = xstrdup(src->summary);
	inc->header = xstrdup(src->header);
	inc->level = xstrdup(src->level);
	inc->status = src->status;
	inc->type = src->type;
	inc->scenario = src->scenario;
	inc->is_hir = src->is_hir;
	inc->false_positive = src->false_positive;
	inc->no_impact = src->no_impact;
	inc->early = src->early;
	strv_copy(&inc->potential, &src->potential);
	strv_copy(&inc->health, &src->health);
	inc->pir = src->pir;
	inc->pir_posted = src->pir_posted;
	inc->joined = src->joined != NULL ? xstrdup(src->joined) : NULL;
	memcpy(inc->seen, src->seen, sizeof inc->seen);
	inc->start = src->start;
	inc->mitigated = src->mitigated;
	inc->last_update = src->last_update;
	inc->sources = src->sources;
	strv_copy(&inc->services, &src->services);
	strv_copy(&inc->regions, &src->regions);
	if (src->nimpacts != 0) {
		inc->impacts = xreallocarray(NULL, src->nimpacts,
		    sizeof *inc->impacts);
		for (i = 0; i < src->nimpacts; i++) {
			inc->impacts[i].service = xstrdup(src->impacts[i].service);
			inc->impacts[i].region = xstrdup(src->impacts[i].region);
			inc->impacts[i].status = src->impacts[i].status;
		}
		inc->nimpacts = src->nimpacts;
	}
	if (src->nupdates != 0) {
		inc->updates = xreallocarray(NULL, src->nupdates,
		    sizeof *inc->updates);
		for (i = 0; i < src->nupdates; i++) {
			inc->updates[i] = src->updates[i];
			inc->updates[i].text = xstrdup(src->updates[i].text);
		}
		inc->nupdates = src->nupdates;
	}
	strv_copy(&inc->links, &src->links);
	strv_copy(&inc->subscriptions, &src->subscriptions);
	strv_copy(&inc->resources, &src->resources);
	inc->priority = src->priority;
	inc->event_level = xstrdup(src->event_level);
	inc->subtype = xstrdup(src->subtype);
	inc->impact_type = xstrdup(src->impact_type);
	inc->platform_initiated = src->platform_initiated;
	inc->enable_support = src->enable_support;
	inc->enable_chat = src->enable_chat;
	inc->info = xstrdup(src->info);
	strv_copy(&inc->faqs, &src->faqs);
	strv_copy(&inc->tickets, &src->tickets);
	return inc;
}

static void
fill_blank(char **dst, const char *src)
{
	if ((*dst == NULL || **dst == '\0') && src != NULL && *src != '\0')
		incident_set(dst, src);
}

void
incident_merge(struct incident *dst, const struct incident *src)
{
	bool newer = src->last_update > dst->last_update;
	size_t i;

	/* Service Health is the authoritative channel for scalar fields. */
	if ((src->sources & CHAN_BIT(CHAN_SERVICE_HEALTH)) &&
	    !(dst->sources & CHAN_BIT(CHAN_SERVICE_HEALTH)))
		newer = true;
	else if ((dst->sources & CHAN_BIT(CHAN_SERVICE_HEALTH)) &&
	    !(src->sources & CHAN_BIT(CHAN_SERVICE_HEALTH)))
		newer = false;

	if (newer) {
		if (src->title != NULL)
			incident_set(&dst->title, src->title);
		if (src->summary != NULL)
			incident_set(&dst->summary, src->summary);
		dst->status = src->status;
		dst->type = src->type;
		if (src->mitigated != 0)
			dst->mitigated = src->mitigated;
	}
	fill_blank(&dst->tracking_id, src->tracking_id);
	fill_blank(&dst->title, src->title);
	fill_blank(&dst->summary, src->summary);
	fill_blank(&dst->header, src->header);
	fill_blank(&dst->level, src->level);
	if (dst->scenario == SCEN_NONE)
		dst->scenario = src->scenario;
	dst->is_hir |= src->is_hir;
	dst->false_positive |= src->false_positive;
	dst->no_impact |= src->no_impact;
	if (newer)
		dst->early = src->early;
	for (i = 0; i < src->potential.n; i++)
		strv_add_unique(&dst->potential, src->potential.v[i]);
	if (src->health.n > 0 && (newer || dst->health.n == 0)) {
		strv_free(&dst->health);
		strv_copy(&dst->health, &src->health);
	}
	if (src->pir > dst->pir ||
	    (src->pir == dst->pir && src->pir_posted != 0 &&
	    (dst->pir_posted == 0 || src->pir_posted < dst->pir_posted))) {
		dst->pir = src->pir;
		dst->pir_posted = src->pir_posted;
	}
	fill_blank(&dst->joined, src->joined);
	for (i = 0; i < LAG_COUNT; i++) {
		if (src->seen[i] != 0 &&
		    (dst->seen[i] == 0 || src->seen[i] < dst->seen[i]))
			dst->seen[i] = src->seen[i];
	}
	if (src->start != 0 && (dst->start == 0 || src->start < dst->start))
		dst->start = src->start;
	if (dst->mitigated == 0)
		dst->mitigated = src->mitigated;
	dst->sources |= src->sources;
	for (i = 0; i < src->nimpacts; i++) {
		incident_add_impact(dst, src->impacts[i].service,
		    src->impacts[i].region, src->impacts[i].status);
	}
	for (i = 0; i < src->services.n; i++)
		strv_add_unique(&dst->services, src->services.v[i]);
	for (i = 0; i < src->regions.n; i++)
		strv_add_unique(&dst->regions, src->regions.v[i]);
	for (i = 0; i < src->nupdates; i++) {
		incident_add_update(dst, src->updates[i].time,
		    src->updates[i].source, src->updates[i].text);
	}
	for (i = 0; i < src->links.n; i++)
		strv_add_unique(&dst->links, src->links.v[i]);
	for (i = 0; i < src->subscriptions.n; i++)
		strv_add_unique(&dst->subscriptions, src->subscriptions.v[i]);
	for (i = 0; i < src->resources.n; i++)
		strv_add_unique(&dst->resources, src->resources.v[i]);
	/* the blade's facts come from Service Health alone */
	if (src->priority >= 0 && (newer || dst->priority < 0))
		dst->priority = src->priority;
	if (newer && src->event_level != NULL)
		incident_set(&dst->event_level, src->event_level);
	fill_blank(&dst->event_level, src->event_level);
	fill_blank(&dst->subtype, src->subtype);
	fill_blank(&dst->impact_type, src->impact_type);
	if (newer && src->info != NULL)
		incident_set(&dst->info, src->info);
	fill_blank(&dst->info, src->info);
	dst->platform_initiated |= src->platform_initiated;
	dst->enable_support |= src->enable_support;
	dst->enable_chat |= src->enable_chat;
	for (i = 0; i < src->faqs.n; i++)
		strv_add_unique(&dst->faqs, src->faqs.v[i]);
	for (i = 0; i < src->tickets.n; i++)
		strv_add_unique(&dst->tickets, src->tickets.v[i]);
	if (src->last_update > dst->last_update)
		dst->last_update = src->last_update;
}

/* the lag record -------------------------------------------------------- */

static const char *const lag_names[LAG_COUNT] = {
	"Service Health", "emerging issues", "status page", "X",
	"early warning", "your alert"
};
static const char *const lag_keys[LAG_COUNT] = {
	"service_health", "emerging", "status_page", "x", "early_warning",
	"alert"
};

const char *
lag_chan_name(enum lag_chan c)
{
	return (unsigned)c < LAG_COUNT ? lag_names[c] : "?";
}

const char *
lag_chan_key(enum lag_chan c)
{
	return (unsigned)c < LAG_COUNT ? lag_keys[c] : "?";
}

/* post-incident reviews ------------------------------------------------- */

static const char *const pir_names[] = { "none", "preliminary", "final" };

const char *
pir_stage_name(enum pir_stage p)
{
	return (unsigned)p <= PIR_FINAL ? pir_names[p] : "?";
}

int
pir_stage_parse(const char *s)
{
	int i;

	for (i = 0; s != NULL && i <= PIR_FINAL; i++) {
		if (strcasecmp(s, pir_names[i]) == 0)
			return i;
	}
	return -1;
}

/* lists ----------------------------------------------------------------- */

#define INC_INDEX_MIN	32	/* below this a scan is as fast */

/* FNV-1a over the lower-cased key: keys compare case-insensitively. */
static size_t
key_hash(const char *key)
{
	size_t h = (size_t)14695981039346656037ULL;

	for (; *key != '\0'; key++) {
		h ^= (unsigned char)tolower((unsigned char)*key);
		h *= (size_t)1099511628211ULL;
	}
	return h;
}

static void
index_insert(struct inc_list *l, size_t pos)
{
	size_t mask = l->nslots - 1, i;

	i = key_hash(l->v[pos]->key) & mask;
	while (l->slots[i] != 0)
		i = (i + 1) & mask;
	l->slots[i] = pos + 1;
}

static void
index_rebuild(struct inc_list *l)
{
	size_t want = 64, i;

	while (want < l->n * 2)
		want *= 2;
	if (want != l->nslots) {
		free(l->slots);
		l->slots = xreallocarray(NULL, want, sizeof *l->slots);
		l->nslots = want;
	}
	memset(l->slots, 0, l->nslots * sizeof *l->slots);
	for (i = 0; i < l->n; i++) {
		if (l->v[i] != NULL)
			index_insert(l, i);
	}
	l->indexed = l->n;
}

void
inc_list_add(struct inc_list *l, struct incident *inc)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = inc;
	if (l->slots != NULL && l->indexed == l->n - 1 &&
	    l->n * 2 <= l->nslots) {
		index_insert(l, l->n - 1);
		l->indexed = l->n;
	} else if (l->slots != NULL || l->n >= INC_INDEX_MIN)
		index_rebuild(l);
}

/* The position of key in l, or l->n when it is not there. */
static size_t
inc_list_pos(const struct inc_list *l, const char *key)
{
	size_t i, mask, pos;

	/* The index is trusted only while nothing was removed by hand. */
	if (l->slots != NULL && l->indexed == l->n) {
		mask = l->nslots - 1;
		for (i = key_hash(key) & mask; l->slots[i] != 0;
		    i = (i + 1) & mask) {
			pos = l->slots[i] - 1;
			if (pos < l->n && l->v[pos] != NULL &&
			    strcasecmp(l->v[pos]->key, key) == 0)
				return pos;
		}
		return l->n;
	}
	for (i = 0; i < l->n; i++) {
		if (l->v[i] != NULL && strcasecmp(l->v[i]->key, key) == 0)
			return i;
	}
	return l->n;
}

struct incident *
inc_list_find(const struct inc_list *l, const char *key)
{
	size_t pos = inc_list_pos(l, key);

	return pos < l->n ? l->v[pos] : NULL;
}

/* Only the thread that owns l adds references to its incidents, so a
 * count of 1 cannot grow behind our back; a count read as 2 while
 * another thread drops its reference only costs a needless copy. */
struct incident *
inc_list_own_at(struct inc_list *l, size_t pos)
{
	struct incident *inc = l->v[pos];

	if (atomic_load(&inc->refs) > 1) {
		l->v[pos] = incident_dup(inc);
		incident_free(inc);
	}
	return l->v[pos];
}

struct incident *
inc_list_own(struct inc_list *l, const char *key)
{
	size_t pos = inc_list_pos(l, key);

	return pos < l->n ? inc_list_own_at(l, pos) : NULL;
}

void
inc_list_clear(struct inc_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		incident_free(l->v[i]);
	free(l->v);
	free(l->slots);
	memset(l, 0, sizeof *l);
}

void
inc_list_merge(struct inc_list *dst, const struct inc_list *src)
{
	size_t i, pos;

	for (i = 0; i < src->n; i++) {
		pos = inc_list_pos(dst, src->v[i]->key);
		if (pos < dst->n)
			incident_merge(inc_list_own_at(dst, pos), src->v[i]);
		else
			inc_list_add(dst, incident_ref(src->v[i]));
	}
}

static int
inc_cmp(const void *a, const void *b)
{
	const struct incident *x = *(const struct incident *const *)a;
	const struct incident *y = *(const struct incident *const *)b;

	if (x->last_update != y->last_update)
		return x->last_update > y->last_update ? -1 : 1;
	return strcmp(x->key, y->key);
}

void
inc_list_sort(struct inc_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, inc_cmp);
	if (l->slots != NULL)
		index_rebuild(l);
}

/* channel status -------------------------------------------------------- */

void
chan_status_copy(struct chan_status *dst, const struct chan_status *src)
{
	*dst = *src;
	dst->error = xstrdup(src->error);
	dst->note = xstrdup(src->note);
	dst->detail = xstrdup(src->detail);
	dst->journal = xstrdup(src->journal);
}

void
chan_status_free(struct chan_status *cs)
{
	free(cs->error);
	free(cs->note);
	free(cs->detail);
	free(cs->journal);
	cs->error = cs->note = cs->detail = cs->journal = NULL;
}

/* notices --------------------------------------------------------------- */

void
notice_copy(struct notice *dst, const struct notice *src)
{
	*dst = *src;
	dst->key = xstrdup(src->key);
	dst->title = xstrdup(src->title);
	dst->text = xstrdup(src->text);
}

void
notice_free(struct notice *n)
{
	free(n->key);
	free(n->title);
	free(n->text);
	n->key = n->title = n->text = NULL;
}

/* snapshots ------------------------------------------------------------- */

struct snapshot *
snapshot_new(void)
{
	struct snapshot *s = xcalloc(1, sizeof *s);

	atomic_init(&s->refs, 1);
	return s;
}

struct snapshot *
snapshot_ref(struct snapshot *s)
{
	if (s != NULL)
		atomic_fetch_add(&s->refs, 1);
	return s;
}

void
snapshot_unref(struct snapshot *s)
{
	int i;

	if (s == NULL || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	for (i = 0; i < CHAN_COUNT; i++)
		chan_status_free(&s->chans[i]);
	inc_list_clear(&s->incidents);
	for (i = 0; i < (int)s->nnotices; i++)
		notice_free(&s->notices[i]);
	free(s->notices);
	fired_set_unref(s->fired);
	subnames_unref(s->subnames);
	free(s);
}

struct snapshot *
snapshot_dup(const struct snapshot *src)
{
	struct snapshot *s = snapshot_new();
	int i;

	s->seq = src->seq;
	s->generated = src->generated;
	s->refreshing = src->refreshing;
	for (i = 0; i < CHAN_COUNT; i++)
		chan_status_copy(&s->chans[i], &src->chans[i]);
	inc_list_merge(&s->incidents, &src->incidents);
	s->fired = fired_set_ref(src->fired);
	s->drill = src->drill;
	s->subnames = subnames_ref(src->subnames);
	return s;
}

int
snapshot_active_count(const struct snapshot *s)
{
	size_t i;
	int n = 0;

	for (i = 0; i < s->incidents.n; i++) {
		const struct incident *inc = s->incidents.v[i];

		/* the rows' word: maintenance and advisories never count */
		if (incident_state(inc, 0) == INC_STATE_ACTIVE && !inc->early)
			n++;
	}
	return n;
}

int
snapshot_early_count(const struct snapshot *s)
{
	size_t i;
	int n = 0;

	for (i = 0; i < s->incidents.n; i++) {
		const struct incident *inc = s->incidents.v[i];

		if (inc->early && inc->status == INC_ACTIVE &&
		    inc->joined == NULL)
			n++;
	}
	return n;
}

const char *
snapshot_overall(const struct snapshot *s)
{
	bool failing = false, answered = false;
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		switch (s->chans[i].state) {
		case CHAN_UNREACHABLE:
		case CHAN_ERROR:
			failing = true;
			break;
		case CHAN_OK:
		case CHAN_INCIDENT:
			answered = true;
			break;
		default:
			break;
		}
	}
	if (snapshot_active_count(s) > 0)
		return "incident";
	if (failing)
		return "degraded";
	return answered ? "ok" : "unknown";
}

/* subscription names -------------------------------------------------- */

struct subnames *
subnames_new(void)
{
	struct subnames *s = xcalloc(1, sizeof *s);

	atomic_init(&s->refs, 1);
	return s;
}

struct subnames *
subnames_ref(struct subnames *s)
{
	if (s != NULL)
		atomic_fetch_add(&s->refs, 1);
	return s;
}

void
subnames_unref(struct subnames *s)
{
	if (s == NULL || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	strv_free(&s->ids);
	strv_free(&s->names);
	free(s);
}

void
subnames_add(struct subnames *s, const char *id, const char *name)
{
	if (id == NULL || name == NULL || *id == '\0' || *name == '\0' ||
	    subnames_get(s, id) != NULL)
		return;
	strv_add(&s->ids, id);
	strv_add(&s->names, name);
}

const char *
subnames_get(const struct subnames *s, const char *id)
{
	size_t i;

	for (i = 0; s != NULL && id != NULL && i < s->ids.n; i++) {
		if (strcasecmp(s->ids.v[i], id) == 0)
			return s->names.v[i];
	}
	return NULL;
}

/* fired alerts -------------------------------------------------------- */

struct fired_set *
fired_set_new(void)
{
	struct fired_set *s = xcalloc(1, sizeof *s);

	atomic_init(&s->refs, 1);
	return s;
}

struct fired_set *
fired_set_ref(struct fired_set *s)
{
	if (s != NULL)
		atomic_fetch_add(&s->refs, 1);
	return s;
}

void
fired_alert_free(struct fired_alert *a)
{
	free(a->id);
	free(a->rule);
	free(a->resource);
	free(a->resource_type);
	free(a->service);
	free(a->subscription);
	free(a->resource_group);
	free(a->region);
	free(a->monitor);
}

void
fired_alert_copy(struct fired_alert *dst, const struct fired_alert *src)
{
	*dst = *src;
	dst->id = xstrdup(src->id);
	dst->rule = xstrdup(src->rule);
	dst->resource = xstrdup(src->resource);
	dst->resource_type = xstrdup(src->resource_type);
	dst->service = xstrdup(src->service);
	dst->subscription = xstrdup(src->subscription);
	dst->resource_group = xstrdup(src->resource_group);
	dst->region = xstrdup(src->region);
	dst->monitor = xstrdup(src->monitor);
}

void
fired_set_unref(struct fired_set *s)
{
	size_t i;

	if (s == NULL || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	for (i = 0; i < s->n; i++)
		fired_alert_free(&s->v[i]);
	free(s->v);
	free(s->error);
	strv_free(&s->denied);
	free(s);
}

static int
fired_cmp(const void *a, const void *b)
{
	const struct fired_alert *x = a, *y = b;
	int sx = x->severity < 0 ? 9 : x->severity;
	int sy = y->severity < 0 ? 9 : y->severity;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (x->start != y->start)
		return x->start > y->start ? -1 : 1;
	return strcmp(x->id != NULL ? x->id : "", y->id != NULL ? y->id : "");
}

void
fired_set_sort(struct fired_set *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, fired_cmp);
}

const char *
fired_severity_name(int sev)
{
	static const char *const names[] = {
		"Sev0", "Sev1", "Sev2", "Sev3", "Sev4"
	};

	return sev >= 0 && sev <= 4 ? names[sev] : "Sev?";
}

