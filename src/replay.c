/* replay.c: reading incident timelines and turning each step into the
 * chan_result a real poll would have given, through the same parsers the
 * channels use. Nothing here touches the network. */
#include "config.h"
#include "replay.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "derive.h"
#include "earlywarn.h"
#include "parse-arm.h"
#include "parse-rss.h"
#include "timeutil.h"
#include "xmalloc.h"

/* Split off the next whitespace-separated word of *p (modified). */
static char *
word(char **p)
{
	char *s = *p, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return NULL;
	w = s;
	while (*s != '\0' && *s != ' ' && *s != '\t')
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*p = s;
	return w;
}

static void
rest_trim(char **p)
{
	char *s = *p, *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	*p = s;
}

int
replay_parse(const char *text, size_t len, const char *name,
    struct replay *rp, char *err, size_t errlen)
{
	const char *p = text, *end = text + len, *nl;
	char *line = NULL, *s, *w, *term;
	struct replay_step *st;
	struct buf body;
	long last = 0, off;
	int ln = 0, ch, start_ln;
	bool avail, imp;

	memset(rp, 0, sizeof *rp);
	rp->name = xstrdup(name);
	buf_init(&body);
	if (memchr(text, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: not a text file", name);
		goto fail;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		free(line);
		line = xstrndup(p, (size_t)(nl - p));
		p = nl < end ? nl + 1 : end;
		ln++;
		s = line;
		rest_trim(&s);
		if (*s == '\0' || *s == '#')
			continue;
		w = word(&s);
		if (strcmp(w, "start") == 0) {
			rest_trim(&s);
			if (rp->nsteps != 0 || rp->start != 0 ||
			    time_parse_rfc3339(s, &rp->start) == -1 ||
			    rp->start == 0) {
				snprintf(err, errlen, "%s:%d: start needs one "
				    "RFC 3339 time, before the first step",
				    name, ln);
				goto fail;
			}
			continue;
		}
		if (strcmp(w, "at") != 0) {
			snprintf(err, errlen, "%s:%d: expected 'at OFFSET "
			    "CHANNEL answer|unreachable|error ...'", name, ln);
			goto fail;
		}
		if ((w = word(&s)) == NULL || (off = time_parse_duration(w)) == -1) {
			snprintf(err, errlen, "%s:%d: bad offset (use 90, 90s, "
			    "5m or 1h30m)", name, ln);
			goto fail;
		}
		if (off < last) {
			snprintf(err, errlen, "%s:%d: steps must be in time "
			    "order", name, ln);
			goto fail;
		}
		avail = imp = false;
		if ((w = word(&s)) != NULL && strcmp(w, "resource-health") == 0) {
			/* the user's resources: the early warning's input */
			ch = CHAN_SERVICE_HEALTH;
			avail = true;
		} else if (w != NULL && strcmp(w, "impacted-resources") == 0) {
			/* an event's impacted resources, as Azure grades them */
			ch = CHAN_SERVICE_HEALTH;
			imp = true;
		} else if (w == NULL || (ch = chan_id_parse(w)) == -1) {
			snprintf(err, errlen, "%s:%d: unknown channel (use "
			    "service-health, resource-health, "
			    "impacted-resources, status-page, x or support)",
			    name, ln);
			goto fail;
		}
		if (rp->nsteps == REPLAY_MAX_STEPS) {
			snprintf(err, errlen, "%s:%d: more than %d steps", name,
			    ln, REPLAY_MAX_STEPS);
			goto fail;
		}
		rp->steps = xreallocarray(rp->steps, rp->nsteps + 1,
		    sizeof *rp->steps);
		st = &rp->steps[rp->nsteps];
		memset(st, 0, sizeof *st);
		st->offset = off;
		st->chan = (enum chan_id)ch;
		st->line = ln;
		st->availability = avail;
		st->impacted = imp;
		last = off;
		w = word(&s);
		if (w != NULL && w[0] != '\0' && w[strlen(w) - 1] == ':')
			w[strlen(w) - 1] = '\0';	/* "unreachable: ..." */
		if (w != NULL && strcmp(w, "answer") == 0) {
			st->action = REPLAY_ANSWER;
			rest_trim(&s);
			if (strncmp(s, "<<", 2) != 0 || s[2] == '\0') {
				snprintf(err, errlen, "%s:%d: answer takes a "
				    "heredoc: answer <<EOF", name, ln);
				goto fail;
			}
			term = xstrdup(s + 2);
			start_ln = ln;
			buf_reset(&body);
			for (;;) {
				if (p >= end) {
					snprintf(err, errlen, "%s:%d: no '%s' "
					    "line ends this answer", name,
					    start_ln, term);
					free(term);
					goto fail;
				}
				nl = memchr(p, '\n', (size_t)(end - p));
				if (nl == NULL)
					nl = end;
				ln++;
				if ((size_t)(nl - p) == strlen(term) &&
				    memcmp(p, term, strlen(term)) == 0) {
					p = nl < end ? nl + 1 : end;
					break;
				}
				buf_append(&body, p, (size_t)(nl - p));
				buf_putc(&body, '\n');
				p = nl < end ? nl + 1 : end;
				if (body.len > REPLAY_MAX_PAYLOAD) {
					snprintf(err, errlen, "%s:%d: answer "
					    "larger than %ld bytes", name,
					    start_ln, REPLAY_MAX_PAYLOAD);
					free(term);
					goto fail;
				}
			}
			free(term);
			st->len = body.len;
			st->body = body.len != 0 ? buf_steal(&body) :
			    xstrdup("");
		} else if (w != NULL && (strcmp(w, "unreachable") == 0 ||
		    strcmp(w, "error") == 0)) {
			st->action = strcmp(w, "error") == 0 ? REPLAY_ERROR :
			    REPLAY_UNREACHABLE;
			rest_trim(&s);
			if (*s == ':')
				s++;
			rest_trim(&s);
			st->body = xstrdup(*s != '\0' ? s : w);
			st->len = strlen(st->body);
		} else {
			snprintf(err, errlen, "%s:%d: expected answer, "
			    "unreachable or error", name, ln);
			goto fail;
		}
		rp->nsteps++;
		rp->chans |= CHAN_BIT(ch);
	}
	free(line);
	buf_free(&body);
	if (rp->nsteps == 0) {
		snprintf(err, errlen, "%s: no steps", name);
		replay_free(rp);
		return -1;
	}
	return 0;
fail:
	free(line);
	buf_free(&body);
	replay_free(rp);
	return -1;
}

int
replay_load(const char *path, struct replay *rp, char *err, size_t errlen)
{
	struct buf b;
	struct stat sb;
	char chunk[65536];
	ssize_t n;
	int fd, rc;

	memset(rp, 0, sizeof *rp);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1) {
		snprintf(err, errlen, "cannot open %s: %s", path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > REPLAY_MAX_FILE) {
		snprintf(err, errlen, "%s: not a timeline file (or larger "
		    "than %ld bytes)", path, REPLAY_MAX_FILE);
		close(fd);
		return -1;
	}
	buf_init(&b);
	while ((n = read(fd, chunk, sizeof chunk)) > 0 &&
	    b.len <= (size_t)REPLAY_MAX_FILE)
		buf_append(&b, chunk, (size_t)n);
	close(fd);
	if (n == -1) {
		snprintf(err, errlen, "cannot read %s: %s", path,
		    strerror(errno));
		buf_free(&b);
		return -1;
	}
	rc = replay_parse(b.data != NULL ? b.data : "", b.len, path, rp, err,
	    errlen);
	buf_free(&b);
	return rc;
}

void
replay_free(struct replay *rp)
{
	size_t i;

	for (i = 0; i < rp->nsteps; i++)
		free(rp->steps[i].body);
	free(rp->steps);
	free(rp->name);
	memset(rp, 0, sizeof *rp);
}

time_t
replay_map(const struct replay *rp, double speed, time_t real_start,
    time_t recorded)
{
	if (recorded == 0 || rp->start == 0)
		return recorded;
	if (speed <= 0)
		speed = 1;
	return real_start + (time_t)((double)(recorded - rp->start) / speed);
}

static void
map_times(const struct replay *rp, double speed, time_t real_start,
    struct inc_list *l)
{
	struct incident *inc;
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		inc = l->v[i];
		inc->start = replay_map(rp, speed, real_start, inc->start);
		inc->mitigated = replay_map(rp, speed, real_start,
		    inc->mitigated);
		inc->last_update = replay_map(rp, speed, real_start,
		    inc->last_update);
		inc->pir_posted = replay_map(rp, speed, real_start,
		    inc->pir_posted);
		for (k = 0; k < inc->nupdates; k++)
			inc->updates[k].time = replay_map(rp, speed,
			    real_start, inc->updates[k].time);
	}
}

void
replay_step_result(const struct replay *rp, const struct replay_step *st,
    double speed, time_t real_start, struct chan_result *res)
{
	struct rss_feed feed;
	char err[512], *next = NULL;
	time_t now;

	switch (st->action) {
	case REPLAY_UNREACHABLE:
		chan_result_fail(res, CHAN_UNREACHABLE, "%s", st->body);
		return;
	case REPLAY_ERROR:
		chan_result_fail(res, CHAN_ERROR, "%s", st->body);
		return;
	case REPLAY_ANSWER:
		break;
	}
	/* the parsers judge "mitigated by now" against the recorded clock */
	now = rp->start != 0 ? rp->start + st->offset : time(NULL);
	switch (st->chan) {
	case CHAN_STATUS_PAGE:
		memset(&feed, 0, sizeof feed);
		if (rss_parse(st->body, st->len, &feed, err, sizeof err) == -1 ||
		    derive_status_feed(&feed, &res->incidents, err,
		    sizeof err) == -1) {
			rss_feed_free(&feed);
			inc_list_clear(&res->incidents);
			chan_result_fail(res, CHAN_ERROR, "%s:%d: %s", rp->name,
			    st->line, err);
			return;
		}
		rss_feed_free(&feed);
		break;
	case CHAN_SERVICE_HEALTH:
		if (arm_parse_events(st->body, st->len, now, &res->incidents,
		    &next, err, sizeof err) == -1) {
			inc_list_clear(&res->incidents);
			chan_result_fail(res, CHAN_ERROR, "%s:%d: %s", rp->name,
			    st->line, err);
			return;
		}
		free(next);
		res->note = xstrdup("replay: Service Health events");
		break;
	default:
		chan_result_fail(res, CHAN_ERROR, "%s:%d: replay has no parser "
		    "for %s answers", rp->name, st->line, chan_id_name(st->chan));
		return;
	}
	map_times(rp, speed, real_start, &res->incidents);
	res->failed = false;
	res->state = CHAN_PENDING;
}

/* the early warning in a drill ----------------------------------------- */

struct replay_run {
	const struct replay	*rp;
	double			 speed;
	time_t			 real_start;
	struct earlywarn	*ew;
	struct inc_list		 events;	/* the last events answer */
	/* impactedResources answers so far, one entry per resource */
	struct strv		 imp_ids;
	struct strv		 imp_grades;	/* "confirmed" | "potential" */
	struct strv		 imp_events;	/* tracking ids */
};

struct replay_run *
replay_run_new(const struct replay *rp, double speed, time_t real_start,
    const struct earlywarn_cfg *cfg)
{
	struct replay_run *run = xcalloc(1, sizeof *run);

	run->rp = rp;
	run->speed = speed;
	run->real_start = real_start;
	run->ew = earlywarn_new(cfg);
	return run;
}

void
replay_run_free(struct replay_run *run)
{
	if (run == NULL)
		return;
	earlywarn_free(run->ew);
	inc_list_clear(&run->events);
	strv_free(&run->imp_ids);
	strv_free(&run->imp_grades);
	strv_free(&run->imp_events);
	free(run);
}

/* A resource-health answer observed at the step's (mapped) time. */
static int
replay_observe(struct replay_run *run, const struct replay_step *st,
    time_t now, struct chan_result *res)
{
	const struct replay *rp = run->rp;
	struct resource_health *rh;
	char err[512], *next = NULL;
	size_t i, n;

	if (arm_parse_availability_list(st->body, st->len, &rh, &n, &next,
	    err, sizeof err) == -1) {
		chan_result_fail(res, CHAN_ERROR, "%s:%d: %s", rp->name,
		    st->line, err);
		return -1;
	}
	free(next);
	for (i = 0; i < n; i++) {
		rh[i].occurred = replay_map(rp, run->speed, run->real_start,
		    rh[i].occurred);
		rh[i].reported = replay_map(rp, run->speed, run->real_start,
		    rh[i].reported);
	}
	earlywarn_observe(run->ew, rh, n, NULL, now);
	for (i = 0; i < n; i++)
		arm_resource_health_free(&rh[i]);
	free(rh);
	inc_list_merge(&res->incidents, &run->events);
	res->note = xstrdup("replay: Service Health events and resource "
	    "health");
	res->failed = false;
	res->state = CHAN_PENDING;
	return 0;
}

/* An impactedResources answer: the newest grade of each resource wins. */
static int
replay_impacted(struct replay_run *run, const struct replay_step *st,
    struct chan_result *res)
{
	const struct replay *rp = run->rp;
	struct strv ids = { 0 }, grades = { 0 }, events = { 0 }, keep[3];
	char err[512], *next = NULL;
	size_t i, j;

	if (arm_parse_impacted(st->body, st->len, &ids, NULL, &grades,
	    &events, &next, err, sizeof err) == -1) {
		chan_result_fail(res, CHAN_ERROR, "%s:%d: %s", rp->name,
		    st->line, err);
		return -1;
	}
	free(next);
	memset(keep, 0, sizeof keep);
	for (j = 0; j < run->imp_ids.n; j++) {
		for (i = 0; i < ids.n; i++) {
			if (strcmp(ids.v[i], run->imp_ids.v[j]) == 0 &&
			    strcmp(events.v[i], run->imp_events.v[j]) == 0)
				break;
		}
		if (i < ids.n)
			continue;
		strv_add(&keep[0], run->imp_ids.v[j]);
		strv_add(&keep[1], run->imp_grades.v[j]);
		strv_add(&keep[2], run->imp_events.v[j]);
	}
	for (i = 0; i < ids.n; i++) {
		strv_add(&keep[0], ids.v[i]);
		strv_add(&keep[1], grades.v[i]);
		strv_add(&keep[2], events.v[i]);
	}
	strv_free(&run->imp_ids);
	strv_free(&run->imp_grades);
	strv_free(&run->imp_events);
	run->imp_ids = keep[0];
	run->imp_grades = keep[1];
	run->imp_events = keep[2];
	strv_free(&ids);
	strv_free(&grades);
	strv_free(&events);
	inc_list_merge(&res->incidents, &run->events);
	res->note = xstrdup("replay: Service Health events and impacted "
	    "resources");
	res->failed = false;
	res->state = CHAN_PENDING;
	return 0;
}

/* As a live poll grades them: Azure's listing (confirmed, potential),
 * then the user's other resources there (potential), with their health. */
static void
replay_grade(struct replay_run *run, struct inc_list *l)
{
	struct incident *inc;
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		inc = l->v[i];
		if (inc->early || inc->status == INC_RESOLVED ||
		    (inc->type != INC_SERVICE_ISSUE && inc->type != INC_OTHER))
			continue;
		inc = inc_list_own_at(l, i);
		for (j = 0; inc->tracking_id != NULL && j < run->imp_ids.n;
		    j++) {
			if (strcasecmp(run->imp_events.v[j],
			    inc->tracking_id) != 0)
				continue;
			strv_add_unique(strcmp(run->imp_grades.v[j],
			    "potential") == 0 ? &inc->potential :
			    &inc->resources, run->imp_ids.v[j]);
		}
		earlywarn_grade(run->ew, inc);
	}
}

void
replay_run_step(struct replay_run *run, const struct replay_step *st,
    struct chan_result *res)
{
	const struct replay *rp = run->rp;
	time_t now;

	if (st->chan != CHAN_SERVICE_HEALTH || (!st->availability &&
	    !st->impacted && st->action != REPLAY_ANSWER)) {
		replay_step_result(rp, st, run->speed, run->real_start, res);
		return;
	}
	now = rp->start != 0 ? replay_map(rp, run->speed, run->real_start,
	    rp->start + st->offset) : time(NULL);
	if (st->impacted) {
		if (st->action != REPLAY_ANSWER) {
			/* a failed listing leaves the events as they are */
			inc_list_merge(&res->incidents, &run->events);
			res->state = CHAN_PENDING;
		} else if (replay_impacted(run, st, res) == -1)
			return;
	} else if (st->availability) {
		if (st->action != REPLAY_ANSWER) {
			/* resource health failing leaves the events as they are */
			inc_list_merge(&res->incidents, &run->events);
			res->state = CHAN_PENDING;
		} else if (replay_observe(run, st, now, res) == -1)
			return;
	} else {
		replay_step_result(rp, st, run->speed, run->real_start, res);
		if (res->failed)
			return;
		inc_list_clear(&run->events);
		inc_list_merge(&run->events, &res->incidents);
	}
	earlywarn_eval(run->ew, &run->events, now, &res->incidents);
	replay_grade(run, &res->incidents);
}
