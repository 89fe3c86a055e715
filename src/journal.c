/* journal.c: the on-disk history. One JSON object per line: "inc" records
 * (an incident's fields as one channel saw them, as incjson writes them),
 * "upd" records (one update, stored once) and "chan" records (a channel's
 * last answer: when, and which keys it listed). Loading replays the
 * records in order, and what is in memory is always what replaying the
 * file gives: a batch is applied only once its write and fsync succeed.
 * One process writes (an advisory lock held while it runs); a batch that
 * could not be written is kept and written first on the next call. */
#include "config.h"
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "incjson.h"
#include "statefile.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Bounds applied when reading back: a hostile journal must not hurt. */
#define MAX_KEY		INCJSON_MAX_KEY
#define MAX_SHORT	INCJSON_MAX_SHORT
#define MAX_TEXT	INCJSON_MAX_TEXT
#define MAX_UPDATES	INCJSON_MAX_UPDATES
#define MAX_INCIDENTS	20000
#define MAX_DEPTH	16
/* Records kept back after a failed write, at most (more are made again
 * from the channels' lists on a later call). */
#define MAX_PENDING	(16 * 1024 * 1024)
/* Fingerprints of updates compaction dropped, kept so that a feed still
 * listing them does not bring them back; past this many, forgotten. */
#define MAX_SEEN	(1024 * 1024)

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
	char		*tornpath;
	int		 fd;		/* -1 when loaded read-only */
	int		 lockfd;	/* locked while fd != -1 */
	bool		 dirty_tail;	/* bytes past size to cut before writing */
	bool		 torn;		/* ... a crash's, kept in the side file */
	char		*note;		/* what is wrong, for the header */
	struct buf	 pending;	/* records not yet written */
	struct hset	 pend_upd;	/* ... their fingerprints */
	struct hset	 pend_inc;
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

	/* of the bytes a reload gives back: stored text is clipped */
	h = fnv(h, key, strnlen(key, MAX_KEY) + 1);
	h = fnv(h, &tt, sizeof tt);
	h = fnv(h, &s, sizeof s);
	return fnv(h, text, strnlen(text, MAX_TEXT));
}

/* writing records ------------------------------------------------------- */

static void
add_time(json_object *o, const char *name, time_t t)
{
	if (t != 0)
		json_object_object_add(o, name, incjson_time(t));
}

static json_object *
record_new(const char *kind, enum chan_id ch)
{
	json_object *o = json_object_new_object();

	/* "k" first: the loader recognises inc records by their start */
	json_object_object_add(o, "k", json_object_new_string(kind));
	json_object_object_add(o, "ch", json_object_new_string(chan_id_name(ch)));
	return o;
}

static json_object *
inc_record(enum chan_id ch, const struct incident *inc)
{
	json_object *o = record_new("inc", ch);

	incjson_add(o, inc, INCJSON_STATE | INCJSON_NO_UPDATES);
	return o;
}

static json_object *
upd_record(enum chan_id ch, const char *key, const struct update *u)
{
	json_object *o = record_new("upd", ch);

	json_object_object_add(o, "key", json_object_new_string_len(key,
	    (int)strnlen(key, MAX_KEY)));
	incjson_update_add(o, u, INCJSON_STATE);
	return o;
}

static json_object *
chan_record(enum chan_id ch, time_t last_success, const struct strv *keys)
{
	json_object *o = record_new("chan", ch), *a;
	size_t i;

	add_time(o, "last_success", last_success);
	a = json_object_new_array();
	for (i = 0; i < keys->n; i++)
		json_object_array_add(a, json_object_new_string_len(keys->v[i],
		    (int)strnlen(keys->v[i], MAX_KEY)));
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

#define get_str		incjson_get_str
#define get_time	incjson_get_time

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

static int
apply_inc(struct journal *j, enum chan_id ch, json_object *o)
{
	struct incident *inc;
	time_t last;
	char *key;

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
	/* the latest of the records and the updates so far */
	last = inc->last_update;
	incjson_read(o, inc);
	inc->sources |= CHAN_BIT(ch);
	if (last > inc->last_update)
		inc->last_update = last;
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
	incjson_get_strv(o, "keys", &j->view[ch], MAX_INCIDENTS, MAX_KEY);
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

/* Load the file into j (cleared first): from fd, or when fd is -1 from
 * j->path opened read-only (a missing file is an empty journal). *good
 * gets the length of its intact prefix, *size the length read. */
static int
load_file(struct journal *j, int fd, off_t *good, off_t *size, char *err,
    size_t errlen)
{
	struct buf b;
	size_t g = 0;
	int own = fd == -1, rc;

	*good = *size = 0;
	journal_clear(j);
	if (own && (fd = statefile_open(j->path, O_RDONLY, err, errlen)) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!own && lseek(fd, 0, SEEK_SET) == -1) {
		snprintf(err, errlen, "cannot read %s: %s", j->path,
		    strerror(errno));
		return -1;
	}
	buf_init(&b);
	rc = read_all(fd, &b, err, errlen);
	if (own)
		close(fd);
	if (rc == 0) {
		load_text(j, b.data != NULL ? b.data : "", b.len, &g);
		*good = (off_t)g;
		*size = (off_t)b.len;
	}
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
	j->tornpath = xasprintf("%s/%s", dir, JOURNAL_TORN_FILE);
	j->fd = -1;
	j->lockfd = -1;
	buf_init(&j->pending);
	return j;
}

struct journal *
journal_load(const char *dir, char *err, size_t errlen)
{
	struct journal *j;
	off_t good, size;

	if (dir == NULL || *dir == '\0') {
		snprintf(err, errlen, "no state directory");
		return NULL;
	}
	j = journal_alloc(dir);
	if (load_file(j, -1, &good, &size, err, errlen) == -1) {
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

static void
set_note(struct journal *j, const char *note)
{
	free(j->note);
	j->note = xstrdup(note);
}

/* A short word for the header about why a write failed. */
static void
note_errno(struct journal *j, int e)
{
	char *s;

	if (e == ENOSPC || e == EDQUOT)
		set_note(j, "disk full");
	else {
		s = xasprintf("cannot write (%s)", strerror(e));
		set_note(j, s);
		free(s);
	}
}

/* The writer's lock, without waiting: while another azwatch holds it
 * this one reads and does not write. */
static bool
try_lock(struct journal *j)
{
	int rc;

	while ((rc = flock(j->lockfd, LOCK_EX | LOCK_NB)) == -1 &&
	    errno == EINTR)
		;
	return rc == 0;
}

/* Bytes past j->size: a crash's torn last line (kept in the side file,
 * then cut) or what is left of our own failed write (cut). */
static int
repair_tail(struct journal *j, char *err, size_t errlen)
{
	char chunk[65536];
	struct stat sb;
	off_t at;
	ssize_t n;
	int tfd = -1, e;

	if (fstat(j->fd, &sb) == -1)
		goto fail;
	if (j->torn && sb.st_size > j->size) {
		tfd = statefile_open(j->tornpath, O_WRONLY | O_APPEND | O_CREAT,
		    err, errlen);
		if (tfd == -1)
			return -1;
		for (at = j->size; at < sb.st_size; at += n) {
			n = pread(j->fd, chunk, (size_t)(sb.st_size - at) <
			    sizeof chunk ? (size_t)(sb.st_size - at) :
			    sizeof chunk, at);
			if (n == -1 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n <= 0 || statefile_write_all(tfd, chunk, (size_t)n) == -1)
				goto fail;
		}
		/* one cut tail a line, whatever it held */
		if (statefile_write_all(tfd, "\n", 1) == -1 || fsync(tfd) == -1)
			goto fail;
		close(tfd);
		tfd = -1;
	}
	if (sb.st_size != j->size && (ftruncate(j->fd, j->size) == -1 ||
	    fsync(j->fd) == -1))
		goto fail;
	j->torn = j->dirty_tail = false;
	return 0;
fail:
	e = errno;
	if (tfd != -1)
		close(tfd);
	snprintf(err, errlen, "cannot repair the end of %s: %s", j->path,
	    strerror(e));
	note_errno(j, e);
	errno = e;
	return -1;
}

/* Temporary files a killed compaction left behind (ours by name). */
static void
remove_stale_temps(struct journal *j)
{
	char prefix[64];
	struct dirent *de;
	DIR *d;
	int dfd;

	snprintf(prefix, sizeof prefix, ".%s.tmp-", JOURNAL_FILE);
	if ((d = opendir(j->dir)) == NULL)
		return;
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			(void)unlinkat(dfd, de->d_name, 0);
	}
	closedir(d);
}

/* With the lock held: open the file for appending and load it. A torn
 * tail is cut now if it can be, else before the next write. */
static int
become_writer(struct journal *j, char *err, size_t errlen)
{
	char rerr[256];
	off_t good, size;

	j->fd = statefile_open(j->path, O_RDWR | O_APPEND | O_CREAT, err,
	    errlen);
	if (j->fd == -1)
		return -1;
	if (load_file(j, j->fd, &good, &size, err, errlen) == -1) {
		close(j->fd);
		j->fd = -1;
		return -1;
	}
	remove_stale_temps(j);
	j->size = good;
	/* A torn last line (a crash mid-write) must not swallow the next
	 * record appended after it. */
	if (good != size) {
		j->torn = j->dirty_tail = true;
		(void)repair_tail(j, rerr, sizeof rerr);
	}
	return 0;
}

/* The header's few words for a state file azwatch cannot use. */
static void
note_refused(struct journal *j, const char *name, int e)
{
	struct stat sb;
	char *s, *path;

	path = xasprintf("%s/%s", j->dir, name);
	if (e == ELOOP)
		s = xasprintf("not kept, %s is a symbolic link", name);
	else if ((e == EINVAL || e == EISDIR || e == ENXIO) &&
	    lstat(path, &sb) == 0)
		s = xasprintf("not kept, %s is %s", name,
		    statefile_kind(sb.st_mode));
	else if (e == ENOSPC || e == EDQUOT)
		s = xasprintf("disk full");
	else
		s = xasprintf("not kept, %s: %s", name, strerror(e));
	set_note(j, s);
	free(s);
	free(path);
}

/* Become the one that writes: the lock, then the file. -1 with err and
 * the note saying why not (another azwatch, a link, a FIFO, ...). */
static int
take_over(struct journal *j, char *err, size_t errlen)
{
	char *note;
	int e;

	if (j->lockfd == -1 && mkdir_p(j->dir, err, errlen) == -1) {
		note = xasprintf("not kept, cannot create %s", j->dir);
		set_note(j, note);
		free(note);
		return -1;
	}
	if (j->lockfd == -1 && (j->lockfd = statefile_open(j->lockpath,
	    O_RDWR | O_CREAT, err, errlen)) == -1) {
		note_refused(j, JOURNAL_FILE ".lock", errno);
		return -1;
	}
	if (!try_lock(j)) {
		snprintf(err, errlen, "another azwatch writes %s; this one "
		    "does not", j->path);
		set_note(j, "read-only, another azwatch writes it");
		return -1;
	}
	if (become_writer(j, err, errlen) == -1) {
		e = errno;
		flock(j->lockfd, LOCK_UN);
		note_refused(j, JOURNAL_FILE, e);
		return -1;
	}
	free(j->note);
	j->note = NULL;
	return 0;
}

struct journal *
journal_open(const char *dir, int compact_days, time_t now, char *err,
    size_t errlen)
{
	struct journal *j;
	char cerr[512];
	off_t good, size;

	if (dir == NULL || *dir == '\0') {
		snprintf(err, errlen, "no state directory");
		return NULL;
	}
	j = journal_alloc(dir);
	j->compact_days = compact_days;
	j->compact_at = JOURNAL_COMPACT_BYTES;
	if (take_over(j, err, errlen) == -1) {
		/* Not the writer (another azwatch is, or the file is one
		 * azwatch refuses): show what can be read, and try again on
		 * every journal_record. */
		(void)load_file(j, -1, &good, &size, cerr, sizeof cerr);
		return j;
	}
	/* compaction that fails (a full disk) leaves the file as it is */
	if (j->dirty_tail || journal_compact(j, now, cerr, sizeof cerr) == -1)
		j->compact_at = j->size + JOURNAL_COMPACT_BYTES;
	return j;
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
	buf_free(&j->pending);
	hset_free(&j->pend_upd);
	hset_free(&j->pend_inc);
	free(j->note);
	free(j->dir);
	free(j->path);
	free(j->lockpath);
	free(j->tornpath);
	free(j);
}

const char *
journal_path(const struct journal *j)
{
	return j->path;
}

const char *
journal_note(const struct journal *j)
{
	return j != NULL ? j->note : NULL;
}

void
journal_stats(const struct journal *j, size_t *records, size_t *skipped)
{
	*records = j->records;
	*skipped = j->skipped;
}

/* Keep one record for writing, unless too much is waiting already (then
 * a later call makes it again from the channel's list). */
static bool
pend(struct journal *j, json_object *o)
{
	const char *t = record_text(o);
	size_t len = strlen(t);

	if (j->pending.len + len + 1 > MAX_PENDING) {
		json_object_put(o);
		return false;
	}
	buf_append(&j->pending, t, len);
	buf_putc(&j->pending, '\n');
	json_object_put(o);
	return true;
}

/* Write the pending records and the chan line as one append, whole
 * lines only, and fsync. Only then are they applied to memory. */
static int
flush(struct journal *j, const char *chan_line, char *err, size_t errlen)
{
	struct buf b;
	size_t good;
	int e;

	if (j->dirty_tail && repair_tail(j, err, errlen) == -1)
		return -1;
	buf_init(&b);
	buf_append(&b, j->pending.data != NULL ? j->pending.data : "",
	    j->pending.len);
	buf_puts(&b, chan_line);
	buf_putc(&b, '\n');
	if (statefile_write_all(j->fd, b.data, b.len) == -1 || fsync(j->fd) == -1) {
		e = errno;
		snprintf(err, errlen, "cannot write %s: %s", j->path,
		    strerror(e));
		note_errno(j, e);
		/* never leave part of a line: cut back to the last record
		 * that was whole and synced, now or before the next write */
		j->dirty_tail = true;
		(void)repair_tail(j, err + strlen(err), 0);
		buf_free(&b);
		errno = e;
		return -1;
	}
	j->size += (off_t)b.len;
	/* what is in memory is what a reload of the file would give */
	load_text(j, b.data, b.len, &good);
	buf_free(&b);
	buf_reset(&j->pending);
	hset_free(&j->pend_upd);
	hset_free(&j->pend_inc);
	free(j->note);
	j->note = NULL;
	return 0;
}

int
journal_record(struct journal *j, enum chan_id ch, const struct inc_list *l,
    time_t last_success, char *err, size_t errlen)
{
	struct strv keys = { 0 };
	json_object *o;
	const struct incident *inc;
	const struct update *u;
	char *chan_line;
	uint64_t h;
	size_t i, k;
	int rc;

	/* the other azwatch may be gone by now, the link removed */
	if (j->fd == -1 && take_over(j, err, errlen) == -1)
		return -1;
	for (i = 0; i < l->n; i++) {
		inc = l->v[i];
		o = inc_record(ch, inc);
		h = inc_fp(ch, record_text(o), strlen(record_text(o)));
		if (!hset_has(&j->seen_inc, h) && !hset_has(&j->pend_inc, h)) {
			if (pend(j, o))
				hset_add(&j->pend_inc, h);
		} else
			json_object_put(o);
		/* oldest first, so a torn batch keeps a prefix in order */
		for (k = inc->nupdates; k-- > 0;) {
			u = &inc->updates[k];
			h = update_fp(inc->key, u->time, u->source,
			    u->text != NULL ? u->text : "");
			if (hset_has(&j->seen_upd, h) ||
			    hset_has(&j->pend_upd, h))
				continue;
			if (pend(j, upd_record(ch, inc->key, u)))
				hset_add(&j->pend_upd, h);
		}
	}
	for (i = 0; i < l->n; i++)
		strv_add(&keys, l->v[i]->key);
	o = chan_record(ch, last_success, &keys);
	strv_free(&keys);
	chan_line = xstrdup(record_text(o));
	json_object_put(o);
	rc = flush(j, chan_line, err, errlen);
	free(chan_line);
	if (rc == 0 && j->size > j->compact_at &&
	    journal_compact(j, last_success, err, errlen) == -1) {
		/* written all the same; try again after some growth */
		j->compact_at = j->size + JOURNAL_COMPACT_BYTES;
		note_errno(j, errno);
	}
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

static void
put_record(struct buf *b, json_object *o)
{
	buf_puts(b, record_text(o));
	buf_putc(b, '\n');
	json_object_put(o);
}

/* The whole journal as records, without what has expired, each incident
 * with at most its newest max_upd updates (and JOURNAL_INC_BYTES of their
 * text); with only_viewed, without incidents no channel lists now. */
static void
write_compact(struct journal *j, struct buf *b, time_t now, size_t max_upd,
    bool only_viewed)
{
	const struct incident *inc;
	size_t i, k, n, bytes;
	int ch;

	for (ch = 0; ch < CHAN_COUNT; ch++) {
		for (i = 0; i < j->incs[ch].n; i++) {
			inc = j->incs[ch].v[i];
			if (expired(j, (enum chan_id)ch, inc, now) ||
			    (only_viewed && !in_view(j, (enum chan_id)ch,
			    inc->key)))
				continue;
			put_record(b, inc_record((enum chan_id)ch, inc));
			/* updates are newest first: keep a newest prefix */
			for (n = 0, bytes = 0; n < inc->nupdates && n < max_upd;
			    n++) {
				bytes += inc->updates[n].text != NULL ?
				    strlen(inc->updates[n].text) : 0;
				if (n > 0 && bytes > JOURNAL_INC_BYTES)
					break;
			}
			for (k = n; k-- > 0;)
				put_record(b, upd_record((enum chan_id)ch,
				    inc->key, &inc->updates[k]));
		}
		if (!j->has_view[ch])
			continue;
		put_record(b, chan_record((enum chan_id)ch,
		    j->last_success[ch], &j->view[ch]));
	}
}

/* Keep the fingerprints of updates compaction drops: a feed that still
 * lists them must not bring them back on every poll. */
static void
keep_seen(struct journal *j, struct hset *old)
{
	size_t i;

	if (old->n <= MAX_SEEN) {
		for (i = 0; i < old->cap; i++) {
			if (old->v[i] != 0)
				hset_add(&j->seen_upd, old->v[i]);
		}
	}
	hset_free(old);
}

int
journal_compact(struct journal *j, time_t now, char *err, size_t errlen)
{
	struct hset old;
	struct buf b;
	off_t good, size;
	size_t max_upd;
	int rc = -1, e;
	bool lean, only_viewed;

	if (j->fd == -1) {
		snprintf(err, errlen, "the journal is open read-only");
		return -1;
	}
	if (j->dirty_tail) {
		snprintf(err, errlen, "the end of %s is not repaired yet",
		    j->path);
		return -1;
	}
	/* Compaction rewrites the incidents, so it needs them all for a
	 * while, even in a journal that does not keep them. */
	lean = j->lean;
	j->lean = false;
	old = j->seen_upd;
	memset(&j->seen_upd, 0, sizeof j->seen_upd);
	if (load_file(j, j->fd, &good, &size, err, errlen) == -1)
		goto out;
	/* Within the bound if it can be: first what expired, then what no
	 * channel lists now, then fewer updates an incident. */
	buf_init(&b);
	max_upd = JOURNAL_INC_UPDATES;
	only_viewed = false;
	for (;;) {
		buf_reset(&b);
		write_compact(j, &b, now, max_upd, only_viewed);
		if (b.len <= JOURNAL_MAX_BYTES || max_upd == 1)
			break;
		if (!only_viewed)
			only_viewed = true;
		else
			max_upd /= 4;
		if (max_upd == 0)
			max_upd = 1;
	}
	if ((off_t)b.len >= size) {
		/* nothing to drop: keep the file, raise the bound */
		buf_free(&b);
		rc = 0;
		goto bound;
	}
	if (statefile_write(j->path, b.data != NULL ? b.data : "", b.len, 0,
	    err, errlen) == -1) {
		e = errno;
		buf_free(&b);
		/* memory as the file still is */
		(void)load_file(j, j->fd, &good, &size, err + strlen(err), 0);
		errno = e;
		goto out;
	}
	buf_free(&b);
	close(j->fd);
	j->fd = statefile_open(j->path, O_RDWR | O_APPEND, err, errlen);
	if (j->fd == -1 || load_file(j, j->fd, &good, &size, err, errlen) == -1) {
		/* cannot go on writing: read-only from here */
		if (j->fd != -1)
			close(j->fd);
		j->fd = -1;
		flock(j->lockfd, LOCK_UN);
		set_note(j, "not written");
		goto out;
	}
	j->size = good;
	rc = 0;
bound:
	j->compact_at = j->size * 2 < j->size + JOURNAL_COMPACT_BYTES * 4 ?
	    j->size * 2 : j->size + JOURNAL_COMPACT_BYTES * 4;
	if (j->compact_at < JOURNAL_COMPACT_BYTES)
		j->compact_at = JOURNAL_COMPACT_BYTES;
out:
	keep_seen(j, &old);
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
