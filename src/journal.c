/* journal.c: the on-disk history. One JSON object per line: "inc" records
 * (an incident's fields as one channel saw them), "upd" records (one
 * update, stored once) and "chan" records (a channel's last answer: when,
 * and which keys it listed). Loading replays the records in order. */
#include "config.h"
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Bounds applied when reading back: a hostile journal must not hurt. */
#define MAX_KEY		512
#define MAX_SHORT	4096
#define MAX_TEXT	(64 * 1024)
#define MAX_LIST	512
#define MAX_UPDATES	4096
#define MAX_INCIDENTS	20000
#define MAX_DEPTH	16

/* A set of 64-bit fingerprints (open addressing; 0 marks a free slot). */
struct hset {
	uint64_t	*v;
	size_t		 cap;
	size_t		 n;
};

struct journal {
	char		*dir;
	char		*path;
	char		*lockpath;
	int		 fd;		/* -1 when loaded read-only */
	int		 lockfd;
	int		 compact_days;
	off_t		 size;
	off_t		 compact_at;
	struct inc_list	 incs[CHAN_COUNT];	/* all kept, per channel */
	bool		 lean;		/* incs are not kept (journal_forget) */
	struct strv	 view[CHAN_COUNT];	/* keys of the last answer */
	bool		 has_view[CHAN_COUNT];
	time_t		 last_success[CHAN_COUNT];
	struct hset	 seen_upd;	/* (key, time, source, text) */
	struct hset	 seen_inc;	/* (channel, record text) */
	size_t		 records;
	size_t		 skipped;
};

static uint64_t
fnv(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#define FNV_INIT	14695981039346656037ULL

static bool
hset_has(const struct hset *hs, uint64_t h)
{
	size_t i;

	if (hs->cap == 0)
		return false;
	h = h == 0 ? 1 : h;
	for (i = h & (hs->cap - 1); hs->v[i] != 0; i = (i + 1) & (hs->cap - 1)) {
		if (hs->v[i] == h)
			return true;
	}
	return false;
}

static void
hset_add(struct hset *hs, uint64_t h)
{
	size_t i, old;
	uint64_t *ov;

	h = h == 0 ? 1 : h;
	if (hset_has(hs, h))
		return;
	if ((hs->n + 1) * 2 > hs->cap) {
		ov = hs->v;
		old = hs->cap;
		hs->cap = old == 0 ? 64 : old * 2;
		hs->v = xcalloc(hs->cap, sizeof *hs->v);
		hs->n = 0;
		for (i = 0; i < old; i++) {
			if (ov[i] != 0)
				hset_add(hs, ov[i]);
		}
		free(ov);
	}
	for (i = h & (hs->cap - 1); hs->v[i] != 0; i = (i + 1) & (hs->cap - 1))
		;
	hs->v[i] = h;
	hs->n++;
}

static void
hset_free(struct hset *hs)
{
	free(hs->v);
	memset(hs, 0, sizeof *hs);
}

static uint64_t
update_fp(const char *key, time_t t, enum chan_id src, const char *text)
{
	uint64_t h = FNV_INIT;
	int64_t tt = (int64_t)t;
	int s = (int)src;

	h = fnv(h, key, strlen(key) + 1);
	h = fnv(h, &tt, sizeof tt);
	h = fnv(h, &s, sizeof s);
	return fnv(h, text, strlen(text));
}

/* writing records ------------------------------------------------------- */

static void
add_time(json_object *o, const char *name, time_t t)
{
	char tb[40];

	if (t == 0)
		return;
	time_format_rfc3339(t, tb, sizeof tb);
	json_object_object_add(o, name, json_object_new_string(tb));
}

static void
add_str(json_object *o, const char *name, const char *s)
{
	if (s != NULL)
		json_object_object_add(o, name, json_object_new_string(s));
}

static void
add_strv(json_object *o, const char *name, const struct strv *sv)
{
	json_object *a;
	size_t i;

	if (sv->n == 0)
		return;
	a = json_object_new_array();
	for (i = 0; i < sv->n; i++)
		json_object_array_add(a, json_object_new_string(sv->v[i]));
	json_object_object_add(o, name, a);
}

static json_object *
inc_record(enum chan_id ch, const struct incident *inc)
{
	json_object *o = json_object_new_object(), *a, *im;
	size_t i;

	json_object_object_add(o, "k", json_object_new_string("inc"));
	json_object_object_add(o, "ch", json_object_new_string(chan_id_name(ch)));
	add_str(o, "key", inc->key);
	add_str(o, "tracking_id", inc->tracking_id);
	add_str(o, "title", inc->title);
	add_str(o, "summary", inc->summary);
	add_str(o, "header", inc->header);
	add_str(o, "level", inc->level);
	add_str(o, "status", inc_status_name(inc->status));
	add_str(o, "type", inc_type_name(inc->type));
	if (inc->scenario != SCEN_NONE)
		json_object_object_add(o, "scenario",
		    json_object_new_int((int)inc->scenario));
	if (inc->is_hir)
		json_object_object_add(o, "hir", json_object_new_boolean(1));
	if (inc->false_positive)
		json_object_object_add(o, "false_positive",
		    json_object_new_boolean(1));
	add_time(o, "start", inc->start);
	add_time(o, "mitigated", inc->mitigated);
	add_time(o, "last_update", inc->last_update);
	add_strv(o, "services", &inc->services);
	add_strv(o, "regions", &inc->regions);
	if (inc->nimpacts != 0) {
		a = json_object_new_array();
		for (i = 0; i < inc->nimpacts; i++) {
			im = json_object_new_object();
			add_str(im, "service", inc->impacts[i].service);
			add_str(im, "region", inc->impacts[i].region);
			add_str(im, "status",
			    inc_status_name(inc->impacts[i].status));
			json_object_array_add(a, im);
		}
		json_object_object_add(o, "impacts", a);
	}
	add_strv(o, "links", &inc->links);
	add_strv(o, "subscriptions", &inc->subscriptions);
	add_strv(o, "resources", &inc->resources);
	return o;
}

static json_object *
upd_record(enum chan_id ch, const char *key, const struct update *u)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "k", json_object_new_string("upd"));
	json_object_object_add(o, "ch", json_object_new_string(chan_id_name(ch)));
	add_str(o, "key", key);
	add_time(o, "time", u->time);
	add_str(o, "source", chan_id_name(u->source));
	add_str(o, "text", u->text != NULL ? u->text : "");
	return o;
}

static json_object *
chan_record(enum chan_id ch, time_t last_success, const struct strv *keys)
{
	json_object *o = json_object_new_object(), *a;
	size_t i;

	json_object_object_add(o, "k", json_object_new_string("chan"));
	json_object_object_add(o, "ch", json_object_new_string(chan_id_name(ch)));
	add_time(o, "last_success", last_success);
	a = json_object_new_array();
	for (i = 0; i < keys->n; i++)
		json_object_array_add(a, json_object_new_string(keys->v[i]));
	json_object_object_add(o, "keys", a);
	return o;
}

static const char *
record_text(json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* reading records ------------------------------------------------------- */

/* A bounded copy of a string member, or NULL. */
static char *
get_str(json_object *o, const char *name, size_t max)
{
	json_object *v;
	const char *s;
	size_t len;

	if (!json_object_object_get_ex(o, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (memchr(s, '\0', len) != NULL)
		len = strlen(s);
	return xstrndup(s, len > max ? max : len);
}

static time_t
get_time(json_object *o, const char *name)
{
	json_object *v;
	time_t t = 0;

	if (!json_object_object_get_ex(o, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return 0;
	if (time_parse_rfc3339(json_object_get_string(v), &t) == -1)
		return 0;
	return t;
}

static void
get_strv(json_object *o, const char *name, struct strv *out, size_t max)
{
	json_object *a, *e;
	size_t i, n;

	strv_free(out);
	if (!json_object_object_get_ex(o, name, &a) ||
	    !json_object_is_type(a, json_type_array))
		return;
	n = json_object_array_length(a);
	for (i = 0; i < n && i < max; i++) {
		e = json_object_array_get_idx(a, i);
		if (json_object_is_type(e, json_type_string)) {
			char *s = xstrndup(json_object_get_string(e),
			    MAX_SHORT);

			strv_add(out, s);
			free(s);
		}
	}
}

static int
get_chan(json_object *o)
{
	json_object *v;

	if (!json_object_object_get_ex(o, "ch", &v) ||
	    !json_object_is_type(v, json_type_string))
		return -1;
	return chan_id_parse(json_object_get_string(v));
}

static struct incident *
find_or_add(struct journal *j, enum chan_id ch, const char *key)
{
	struct incident *inc = inc_list_own(&j->incs[ch], key);

	if (inc == NULL) {
		size_t total = 0;
		int i;

		for (i = 0; i < CHAN_COUNT; i++)
			total += j->incs[i].n;
		if (total >= MAX_INCIDENTS)
			return NULL;
		inc = incident_new(key);
		inc->sources = CHAN_BIT(ch);
		inc_list_add(&j->incs[ch], inc);
	}
	return inc;
}

static void
take(char **field, char *value)
{
	free(*field);
	*field = value;
}

static int
apply_inc(struct journal *j, enum chan_id ch, json_object *o)
{
	struct incident *inc;
	json_object *a, *e, *v;
	char *key, *svc, *reg, *st;
	size_t i, n;
	int x;

	if ((key = get_str(o, "key", MAX_KEY)) == NULL || *key == '\0') {
		free(key);
		return -1;
	}
	if (j->lean) {
		free(key);
		return 0;
	}
	inc = find_or_add(j, ch, key);
	free(key);
	if (inc == NULL)
		return -1;
	take(&inc->tracking_id, get_str(o, "tracking_id", MAX_KEY));
	take(&inc->title, get_str(o, "title", MAX_SHORT));
	take(&inc->summary, get_str(o, "summary", MAX_TEXT));
	take(&inc->header, get_str(o, "header", MAX_SHORT));
	take(&inc->level, get_str(o, "level", MAX_KEY));
	if ((st = get_str(o, "status", 32)) != NULL &&
	    (x = inc_status_parse(st)) != -1)
		inc->status = (enum inc_status)x;
	free(st);
	if ((st = get_str(o, "type", 32)) != NULL &&
	    (x = inc_type_parse(st)) != -1)
		inc->type = (enum inc_type)x;
	free(st);
	inc->scenario = SCEN_NONE;
	if (json_object_object_get_ex(o, "scenario", &v) &&
	    json_object_is_type(v, json_type_int)) {
		x = json_object_get_int(v);
		if (x > SCEN_NONE && x <= SCEN_SCOPE_UNKNOWN)
			inc->scenario = (enum scenario)x;
	}
	inc->is_hir = json_object_object_get_ex(o, "hir", &v) &&
	    json_object_get_boolean(v);
	inc->false_positive = json_object_object_get_ex(o, "false_positive",
	    &v) && json_object_get_boolean(v);
	inc->start = get_time(o, "start");
	inc->mitigated = get_time(o, "mitigated");
	if (get_time(o, "last_update") > inc->last_update)
		inc->last_update = get_time(o, "last_update");
	for (i = 0; i < inc->nimpacts; i++) {
		free(inc->impacts[i].service);
		free(inc->impacts[i].region);
	}
	free(inc->impacts);
	inc->impacts = NULL;
	inc->nimpacts = 0;
	get_strv(o, "services", &inc->services, MAX_LIST);
	get_strv(o, "regions", &inc->regions, MAX_LIST);
	if (json_object_object_get_ex(o, "impacts", &a) &&
	    json_object_is_type(a, json_type_array)) {
		n = json_object_array_length(a);
		for (i = 0; i < n && i < MAX_LIST; i++) {
			e = json_object_array_get_idx(a, i);
			if (!json_object_is_type(e, json_type_object))
				continue;
			svc = get_str(e, "service", MAX_SHORT);
			reg = get_str(e, "region", MAX_SHORT);
			st = get_str(e, "status", 32);
			x = st != NULL ? inc_status_parse(st) : -1;
			incident_add_impact(inc, svc, reg,
			    x == -1 ? INC_ACTIVE : (enum inc_status)x);
			free(svc);
			free(reg);
			free(st);
		}
	}
	get_strv(o, "links", &inc->links, MAX_LIST);
	get_strv(o, "subscriptions", &inc->subscriptions, MAX_LIST);
	get_strv(o, "resources", &inc->resources, MAX_LIST);
	return 0;
}

static int
apply_upd(struct journal *j, enum chan_id ch, json_object *o)
{
	struct incident *inc;
	char *key, *text, *src;
	time_t t;
	int s;

	key = get_str(o, "key", MAX_KEY);
	text = get_str(o, "text", MAX_TEXT);
	src = get_str(o, "source", 32);
	s = src != NULL ? chan_id_parse(src) : -1;
	free(src);
	if (key == NULL || *key == '\0' || text == NULL || s == -1) {
		free(key);
		free(text);
		return -1;
	}
	t = get_time(o, "time");
	hset_add(&j->seen_upd, update_fp(key, t, (enum chan_id)s, text));
	inc = j->lean ? NULL : find_or_add(j, ch, key);
	if (inc != NULL && inc->nupdates < MAX_UPDATES)
		incident_add_update(inc, t, (enum chan_id)s, text);
	free(key);
	free(text);
	return inc != NULL || j->lean ? 0 : -1;
}

static int
apply_chan(struct journal *j, enum chan_id ch, json_object *o)
{
	j->last_success[ch] = get_time(o, "last_success");
	/* a channel's view names every incident it knows */
	get_strv(o, "keys", &j->view[ch], MAX_INCIDENTS);
	j->has_view[ch] = true;
	return 0;
}

static int
apply_record(struct journal *j, json_object *o)
{
	char *k;
	int ch, rc = -1;

	if (!json_object_is_type(o, json_type_object))
		return -1;
	if ((ch = get_chan(o)) == -1)
		return -1;
	if ((k = get_str(o, "k", 8)) == NULL)
		return -1;
	if (strcmp(k, "inc") == 0)
		rc = apply_inc(j, (enum chan_id)ch, o);
	else if (strcmp(k, "upd") == 0)
		rc = apply_upd(j, (enum chan_id)ch, o);
	else if (strcmp(k, "chan") == 0)
		rc = apply_chan(j, (enum chan_id)ch, o);
	free(k);
	return rc;
}

static uint64_t
inc_fp(enum chan_id ch, const char *text, size_t len)
{
	int c = (int)ch;

	return fnv(fnv(FNV_INIT, &c, sizeof c), text, len);
}

/* Apply every complete line of data. A last line without its newline is
 * a torn write and ignored. *good gets the length of the complete part. */
static void
load_text(struct journal *j, const char *data, size_t len, size_t *good)
{
	struct json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
	const char *p = data, *end = data + len, *nl;
	json_object *o;
	size_t ll;

	if (tok == NULL)
		xmalloc_die("json_tokener_new_ex");
	*good = 0;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		ll = (size_t)(nl - p);
		if (ll != 0 && ll <= JOURNAL_MAX_LINE) {
			json_tokener_reset(tok);
			o = json_tokener_parse_ex(tok, p, (int)ll);
			if (o != NULL && json_tokener_get_error(tok) ==
			    json_tokener_success && apply_record(j, o) == 0) {
				j->records++;
				/* remember inc records so that unchanged ones
				 * are not written again (the writer puts "k"
				 * first) */
				if (ll > 10 && memcmp(p, "{\"k\":\"inc\"", 10) == 0)
					hset_add(&j->seen_inc, inc_fp(
					    (enum chan_id)get_chan(o), p, ll));
			} else
				j->skipped++;
			json_object_put(o);
		} else if (ll != 0)
			j->skipped++;
		p = nl + 1;
		*good = (size_t)(p - data);
	}
	json_tokener_free(tok);
}

static void
journal_clear(struct journal *j)
{
	int i;

	for (i = 0; i < CHAN_COUNT; i++) {
		inc_list_clear(&j->incs[i]);
		strv_free(&j->view[i]);
		j->has_view[i] = false;
		j->last_success[i] = 0;
	}
	hset_free(&j->seen_upd);
	hset_free(&j->seen_inc);
	j->records = j->skipped = 0;
}

static int
read_all(int fd, struct buf *b, char *err, size_t errlen)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == 0)
			return 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "cannot read the journal: %s",
			    strerror(errno));
			return -1;
		}
		buf_append(b, chunk, (size_t)n);
	}
}

/* Load the file at j->path into j (cleared first). fd may be -1 (open by
 * path). *good gets the length of its intact prefix. */
static int
load_file(struct journal *j, int fd, size_t *good, char *err, size_t errlen)
{
	struct buf b;
	int own = fd == -1, rc;

	*good = 0;
	journal_clear(j);
	if (own && (fd = open(j->path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot open %s: %s", j->path,
		    strerror(errno));
		return -1;
	}
	if (!own && lseek(fd, 0, SEEK_SET) == -1) {
		snprintf(err, errlen, "cannot read %s: %s", j->path,
		    strerror(errno));
		return -1;
	}
	buf_init(&b);
	rc = read_all(fd, &b, err, errlen);
	if (own)
		close(fd);
	if (rc == 0)
		load_text(j, b.data != NULL ? b.data : "", b.len, good);
	buf_free(&b);
	return rc;
}

static struct journal *
journal_alloc(const char *dir)
{
	struct journal *j = xcalloc(1, sizeof *j);

	j->dir = xstrdup(dir);
	j->path = xasprintf("%s/%s", dir, JOURNAL_FILE);
	j->lockpath = xasprintf("%s/%s.lock", dir, JOURNAL_FILE);
	j->fd = -1;
	j->lockfd = -1;
	return j;
}

struct journal *
journal_load(const char *dir, char *err, size_t errlen)
{
	struct journal *j;
	size_t good;

	if (dir == NULL || *dir == '\0') {
		snprintf(err, errlen, "no state directory");
		return NULL;
	}
	j = journal_alloc(dir);
	if (load_file(j, -1, &good, err, errlen) == -1) {
		journal_close(j);
		return NULL;
	}
	return j;
}

/* mkdir -p with mode 0700 for what is created. */
static int
mkdir_p(const char *dir, char *err, size_t errlen)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		{
			char save = *s;

			*s = '\0';
			if (mkdir(p, 0700) == -1 && errno != EEXIST) {
				snprintf(err, errlen, "cannot create %s: %s", p,
				    strerror(errno));
				rc = -1;
			}
			*s = save;
			if (save == '\0')
				break;
		}
	}
	free(p);
	return rc;
}

static int
lock(struct journal *j)
{
	while (flock(j->lockfd, LOCK_EX) == -1) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

static void
unlock(struct journal *j)
{
	flock(j->lockfd, LOCK_UN);
}

static int
open_append(struct journal *j, char *err, size_t errlen)
{
	struct stat sb;

	if (j->fd != -1)
		close(j->fd);
	j->fd = open(j->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (j->fd == -1 || fstat(j->fd, &sb) == -1) {
		snprintf(err, errlen, "cannot open %s: %s", j->path,
		    strerror(errno));
		return -1;
	}
	j->size = sb.st_size;
	return 0;
}

/* Another azwatch may have compacted (renamed a new file into place). */
static int
reopen_if_replaced(struct journal *j, char *err, size_t errlen)
{
	struct stat a, b;

	if (stat(j->path, &a) == 0 && fstat(j->fd, &b) == 0 &&
	    a.st_ino == b.st_ino && a.st_dev == b.st_dev)
		return 0;
	return open_append(j, err, errlen);
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

struct journal *
journal_open(const char *dir, int compact_days, time_t now, char *err,
    size_t errlen)
{
	struct journal *j;
	size_t good;

	if (dir == NULL || *dir == '\0') {
		snprintf(err, errlen, "no state directory");
		return NULL;
	}
	if (mkdir_p(dir, err, errlen) == -1)
		return NULL;
	j = journal_alloc(dir);
	j->compact_days = compact_days;
	j->lockfd = open(j->lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (j->lockfd == -1) {
		snprintf(err, errlen, "cannot open %s: %s", j->lockpath,
		    strerror(errno));
		journal_close(j);
		return NULL;
	}
	if (lock(j) == -1 || open_append(j, err, errlen) == -1 ||
	    load_file(j, j->fd, &good, err, errlen) == -1)
		goto fail;
	/* A torn last line (a crash mid-write) must not swallow the next
	 * record appended after it. */
	if ((off_t)good != j->size) {
		if (ftruncate(j->fd, (off_t)good) == -1) {
			snprintf(err, errlen, "cannot repair %s: %s", j->path,
			    strerror(errno));
			goto fail;
		}
		fsync(j->fd);
		j->size = (off_t)good;
	}
	unlock(j);
	j->compact_at = JOURNAL_COMPACT_BYTES;
	if (journal_compact(j, now, err, errlen) == -1) {
		journal_close(j);
		return NULL;
	}
	return j;
fail:
	unlock(j);
	journal_close(j);
	return NULL;
}

void
journal_close(struct journal *j)
{
	if (j == NULL)
		return;
	journal_clear(j);
	if (j->fd != -1)
		close(j->fd);
	if (j->lockfd != -1)
		close(j->lockfd);
	free(j->dir);
	free(j->path);
	free(j->lockpath);
	free(j);
}

const char *
journal_path(const struct journal *j)
{
	return j->path;
}

void
journal_stats(const struct journal *j, size_t *records, size_t *skipped)
{
	*records = j->records;
	*skipped = j->skipped;
}

/* Append one record to b and apply it to memory, so that what is in
 * memory is always what a reload would give. */
static void
emit(struct journal *j, struct buf *b, json_object *o)
{
	buf_puts(b, record_text(o));
	buf_putc(b, '\n');
	apply_record(j, o);
	json_object_put(o);
}

int
journal_record(struct journal *j, enum chan_id ch, const struct inc_list *l,
    time_t last_success, char *err, size_t errlen)
{
	struct buf b;
	struct strv keys = { 0 };
	json_object *o;
	const struct incident *inc;
	const struct update *u;
	uint64_t h;
	size_t i, k;
	int rc = 0;

	if (j->fd == -1) {
		snprintf(err, errlen, "the journal is open read-only");
		return -1;
	}
	buf_init(&b);
	for (i = 0; i < l->n; i++) {
		inc = l->v[i];
		o = inc_record(ch, inc);
		h = inc_fp(ch, record_text(o), strlen(record_text(o)));
		if (!hset_has(&j->seen_inc, h)) {
			hset_add(&j->seen_inc, h);
			emit(j, &b, o);
		} else
			json_object_put(o);
		/* oldest first, so a torn batch keeps a prefix in order */
		for (k = inc->nupdates; k-- > 0;) {
			u = &inc->updates[k];
			h = update_fp(inc->key, u->time, u->source,
			    u->text != NULL ? u->text : "");
			if (hset_has(&j->seen_upd, h))
				continue;
			emit(j, &b, upd_record(ch, inc->key, u));
		}
	}
	for (i = 0; i < l->n; i++)
		strv_add(&keys, l->v[i]->key);
	emit(j, &b, chan_record(ch, last_success, &keys));
	strv_free(&keys);

	if (lock(j) == -1 || reopen_if_replaced(j, err, errlen) == -1) {
		rc = -1;
		goto out;
	}
	if (write_all(j->fd, b.data, b.len) == -1 || fsync(j->fd) == -1) {
		snprintf(err, errlen, "cannot write %s: %s", j->path,
		    strerror(errno));
		rc = -1;
	} else
		j->size += (off_t)b.len;
	unlock(j);
	if (rc == 0 && j->size > j->compact_at)
		rc = journal_compact(j, last_success, err, errlen);
out:
	buf_free(&b);
	return rc;
}

static bool
in_view(const struct journal *j, enum chan_id ch, const char *key)
{
	return j->has_view[ch] && strv_has(&j->view[ch], key);
}

static bool
expired(const struct journal *j, enum chan_id ch, const struct incident *inc,
    time_t now)
{
	time_t cut;

	if (j->compact_days <= 0)
		return false;
	cut = now - (time_t)j->compact_days * 86400;
	if (inc->last_update >= cut)
		return false;
	return inc->status != INC_ACTIVE || !in_view(j, ch, inc->key);
}

/* The whole journal as records, without what has expired. */
static void
write_compact(struct journal *j, struct buf *b, time_t now)
{
	const struct incident *inc;
	json_object *o;
	size_t i, k;
	int ch;

	for (ch = 0; ch < CHAN_COUNT; ch++) {
		for (i = 0; i < j->incs[ch].n; i++) {
			inc = j->incs[ch].v[i];
			if (expired(j, (enum chan_id)ch, inc, now))
				continue;
			o = inc_record((enum chan_id)ch, inc);
			buf_puts(b, record_text(o));
			buf_putc(b, '\n');
			json_object_put(o);
			for (k = inc->nupdates; k-- > 0;) {
				o = upd_record((enum chan_id)ch, inc->key,
				    &inc->updates[k]);
				buf_puts(b, record_text(o));
				buf_putc(b, '\n');
				json_object_put(o);
			}
		}
		if (!j->has_view[ch])
			continue;
		o = chan_record((enum chan_id)ch, j->last_success[ch],
		    &j->view[ch]);
		buf_puts(b, record_text(o));
		buf_putc(b, '\n');
		json_object_put(o);
	}
}

int
journal_compact(struct journal *j, time_t now, char *err, size_t errlen)
{
	struct buf b;
	char *tmp;
	size_t good;
	int fd, rc = -1;
	bool lean;

	if (j->fd == -1) {
		snprintf(err, errlen, "the journal is open read-only");
		return -1;
	}
	if (lock(j) == -1) {
		snprintf(err, errlen, "cannot lock %s: %s", j->lockpath,
		    strerror(errno));
		return -1;
	}
	/* Compaction rewrites the incidents, so it needs them all for a
	 * while, even in a journal that does not keep them. */
	lean = j->lean;
	j->lean = false;
	/* Start from the file, which may hold another azwatch's records. */
	if (reopen_if_replaced(j, err, errlen) == -1 ||
	    load_file(j, j->fd, &good, err, errlen) == -1)
		goto out;
	buf_init(&b);
	write_compact(j, &b, now);
	if ((off_t)b.len >= j->size) {
		/* nothing to drop: keep the file, raise the bound */
		buf_free(&b);
		rc = 0;
		goto bound;
	}
	tmp = xasprintf("%s.tmp", j->path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write_all(fd, b.data != NULL ? b.data : "", b.len) == -1 ||
	    fsync(fd) == -1 || rename(tmp, j->path) == -1) {
		snprintf(err, errlen, "cannot compact %s: %s", j->path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		unlink(tmp);
		free(tmp);
		buf_free(&b);
		goto out;
	}
	close(fd);
	free(tmp);
	fsync_dir(j->dir);
	buf_free(&b);
	if (open_append(j, err, errlen) == -1 ||
	    load_file(j, j->fd, &good, err, errlen) == -1)
		goto out;
	rc = 0;
bound:
	j->compact_at = j->size * 2 > JOURNAL_COMPACT_BYTES ?
	    j->size * 2 : JOURNAL_COMPACT_BYTES;
out:
	unlock(j);
	if (lean)
		journal_forget(j);
	return rc;
}

void
journal_forget(struct journal *j)
{
	int ch;

	for (ch = 0; ch < CHAN_COUNT; ch++)
		inc_list_clear(&j->incs[ch]);
	j->lean = true;
}

bool
journal_seed(const struct journal *j, enum chan_id ch, struct inc_list *out,
    time_t *last_success)
{
	struct incident *inc;
	size_t i;

	*last_success = j->last_success[ch];
	if (!j->has_view[ch])
		return false;
	for (i = 0; i < j->view[ch].n; i++) {
		inc = inc_list_find(&j->incs[ch], j->view[ch].v[i]);
		if (inc != NULL && inc_list_find(out, inc->key) == NULL)
			inc_list_add(out, incident_ref(inc));
	}
	return true;
}

void
journal_all(const struct journal *j, struct inc_list *out)
{
	int ch;

	for (ch = 0; ch < CHAN_COUNT; ch++)
		inc_list_merge(out, &j->incs[ch]);
}
