/* draft.c: the support-ticket draft the wizard saves: what the user sees,
 * what azwatch decided and why, in Markdown that can be pasted into a
 * ticket; and writing it without ever leaving a half-written file. */
#include "config.h"
#include "draft.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apiword.h"
#include "buf.h"
#include "sanitize.h"
#include "statefile.h"
#include "timeutil.h"
#include "xmalloc.h"

/* At most this many impacts and timeline entries per incident, so that a
 * global event does not bury the ticket. */
#define DRAFT_MAX_IMPACTS	8
#define DRAFT_MAX_LINKS		4

struct draft_event {
	time_t	 t;
	size_t	 seq;		/* keeps equal times in insertion order */
	char	*line;
};

struct draft_timeline {
	struct draft_event	*v;
	size_t			 n;
};

static bool
draft_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* One line of untrusted text. */
static void
draft_text(struct buf *b, const char *s)
{
	char *clean = sanitize_str(s);

	buf_puts(b, clean);
	free(clean);
}

/* One table cell: one line, and '|' would end the cell. */
static void
draft_cell(struct buf *b, const char *s)
{
	char *clean = sanitize_str(s), *p;

	for (p = clean; *p != '\0'; p++) {
		if (*p == '|')
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
	free(clean);
}

/* Multi-line untrusted text inside a list item: every line indented so
 * Markdown keeps it in the item; blank lines dropped. */
static void
draft_block(struct buf *b, const char *s, const char *indent)
{
	char *clean, *line, *next;

	if (s == NULL)
		return;
	clean = sanitize(s, strlen(s), SANITIZE_MULTILINE);
	for (line = clean; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		while (*line == ' ')
			line++;
		if (*line == '\0')
			continue;
		buf_printf(b, "%s%s\n", indent, line);
	}
	free(clean);
}

static void
draft_event_add(struct draft_timeline *tl, time_t t, char *line)
{
	tl->v = xreallocarray(tl->v, tl->n + 1, sizeof *tl->v);
	tl->v[tl->n].t = t;
	tl->v[tl->n].seq = tl->n;
	tl->v[tl->n].line = line;
	tl->n++;
}

static int
draft_event_cmp(const void *a, const void *b)
{
	const struct draft_event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
draft_timeline_free(struct draft_timeline *tl)
{
	size_t i;

	for (i = 0; i < tl->n; i++)
		free(tl->v[i].line);
	free(tl->v);
	tl->v = NULL;
	tl->n = 0;
}

/* A ticket is about the matched incidents only. Active incidents that do
 * not match go in as "not this one" context, at the end (DRAFT_NOT_THIS_ONE),
 * so that neither the ticket's title nor its tracking id nor a link ever
 * points at them. */
/* Does an evidence line name one of the ids? */
static bool
draft_names_any(const char *line, const struct strv *ids)
{
	size_t i;

	for (i = 0; i < ids->n; i++) {
		if (strstr(line, ids->v[i]) != NULL)
			return true;
	}
	return false;
}

/* One incident; context (a "not this one") gets no links and no
 * timeline entries. */
static void
draft_incident(struct buf *b, const struct incident *inc,
    struct draft_timeline *tl, bool context)
{
	const char *id = decide_incident_id(inc);
	char when[40];
	size_t i, shown;
	struct buf line;
	int c;

	buf_puts(b, "### ");
	draft_text(b, id);
	if (!draft_empty(inc->title)) {
		buf_puts(b, ": ");
		draft_text(b, inc->title);
	}
	buf_putc(b, '\n');
	buf_printf(b, "- Status: %s (%s)\n", inc_status_name(inc->status),
	    apiword_text(inc_type_name(inc->type)));
	if (inc->nimpacts > 0) {
		buf_puts(b, "- Impact: ");
		for (i = 0, shown = 0; i < inc->nimpacts; i++) {
			const struct impact *im = &inc->impacts[i];

			if (shown == DRAFT_MAX_IMPACTS) {
				buf_printf(b, "; and %zu more",
				    inc->nimpacts - i);
				break;
			}
			if (shown++ > 0)
				buf_puts(b, "; ");
			draft_text(b, draft_empty(im->service) ?
			    "all services" : im->service);
			buf_puts(b, " in ");
			draft_text(b, draft_empty(im->region) ?
			    "every region" : im->region);
			buf_printf(b, " (%s)", inc_status_name(im->status));
		}
		buf_putc(b, '\n');
	}
	if (inc->start != 0) {
		time_format_utc(inc->start, 0, when, sizeof when);
		buf_printf(b, "- Started: %s\n", when);
	}
	if (inc->mitigated != 0) {
		time_format_utc(inc->mitigated, 0, when, sizeof when);
		buf_printf(b, "- Mitigated: %s\n", when);
	}
	buf_puts(b, "- Reported by:");
	for (c = 0, shown = 0; c < CHAN_COUNT; c++) {
		if (inc->sources & CHAN_BIT(c))
			buf_printf(b, "%s %s", shown++ > 0 ? "," : "",
			    chan_id_name(c));
	}
	buf_puts(b, shown == 0 ? " unknown\n" : "\n");
	if (inc->nupdates > 0) {
		time_format_utc(inc->updates[0].time, 0, when, sizeof when);
		buf_printf(b, "- Latest update (%s, %s):\n", when,
		    chan_id_name(inc->updates[0].source));
		draft_block(b, inc->updates[0].text, "  > ");
	} else if (!draft_empty(inc->summary)) {
		buf_puts(b, "- Summary:\n");
		draft_block(b, inc->summary, "  > ");
	}
	for (i = 0; !context && i < inc->links.n && i < DRAFT_MAX_LINKS; i++) {
		buf_puts(b, "- Link: ");
		draft_text(b, inc->links.v[i]);
		buf_putc(b, '\n');
	}
	buf_putc(b, '\n');
	if (context)
		return;

	/* Timeline entries: start, every update, mitigation. */
	buf_init(&line);
	if (inc->start != 0) {
		draft_text(&line, id);
		buf_puts(&line, " started");
		draft_event_add(tl, inc->start, buf_steal(&line));
	}
	for (i = inc->nupdates; i > 0; i--) {
		const struct update *u = &inc->updates[i - 1];

		draft_text(&line, id);
		buf_printf(&line, " (%s): ", chan_id_name(u->source));
		draft_text(&line, u->text);
		draft_event_add(tl, u->time, buf_steal(&line));
	}
	if (inc->mitigated != 0) {
		draft_text(&line, id);
		buf_printf(&line, " %s", inc_status_name(inc->status ==
		    INC_ACTIVE ? INC_MITIGATED : inc->status));
		draft_event_add(tl, inc->mitigated, buf_steal(&line));
	}
	buf_free(&line);
}

static void
draft_summary(struct buf *b, const struct answers *ans,
    const struct decision *d, time_t since)
{
	const struct strv *ids = &d->matched;
	char when[40], *list;

	buf_puts(b, "We see problems with ");
	draft_text(b, draft_empty(d->service) ? "our service" : d->service);
	if (!draft_empty(d->region)) {
		buf_puts(b, " in ");
		draft_text(b, d->region);
	}
	if (!draft_empty(ans->resource)) {
		buf_puts(b, " (resource `");
		draft_text(b, ans->resource);
		buf_puts(b, "`)");
	}
	time_format_utc(since, 0, when, sizeof when);
	buf_printf(b, " since %s. ", when);

	list = strv_join(ids, ", ");
	switch (d->verdict) {
	case VERDICT_AZURE_INCIDENT:
		buf_puts(b, "Azure reports an active incident covering this "
		    "service and region (");
		draft_text(b, list);
		buf_puts(b, "). We are following its updates; we raise this "
		    "ticket only if we need help with failover.");
		break;
	case VERDICT_NOT_MATCHING:
		buf_puts(b, "Azure has active incidents nearby, but none of "
		    "them covers this service in this region, so this looks "
		    "like a separate problem (see \"Not this one\" below).");
		break;
	case VERDICT_MITIGATED_PERSISTING:
		buf_puts(b, "Azure reported an incident covering this service "
		    "and region (");
		draft_text(b, list);
		buf_puts(b, "). It is now mitigated or resolved, but our "
		    "symptoms persist.");
		break;
	case VERDICT_NO_KNOWN_INCIDENT:
		buf_puts(b, "No Azure channel we checked reports an incident "
		    "for this service and region.");
		if (d->others.n > 0)
			buf_puts(b, " Unrelated active incidents are listed "
			    "under \"Not this one\" below.");
		break;
	case VERDICT_UNDETERMINED:
		buf_puts(b, "We could not reach Service Health, the Azure "
		    "status page or @AzureSupport on X to check for Azure "
		    "incidents.");
		break;
	}
	buf_puts(b, "\n\n");
	free(list);
}

char *
draft_markdown(const struct answers *ans, const struct decision *d,
    const struct snapshot *snap, time_t now)
{
	struct draft_timeline tl = { NULL, 0 };
	const struct strv *ids = &d->matched;
	time_t since = ans->since != 0 ? ans->since : now;
	char when[40];
	struct buf b;
	size_t i;
	int c;

	buf_init(&b);
	buf_puts(&b, "# Support ticket draft: ");
	draft_text(&b, draft_empty(d->service) ? "Azure service" : d->service);
	buf_puts(&b, " failing");
	if (!draft_empty(d->region)) {
		buf_puts(&b, " in ");
		draft_text(&b, d->region);
	}
	buf_puts(&b, "\n\n");
	time_format_utc(now, 0, when, sizeof when);
	buf_printf(&b, "_Drafted by azwatch at %s. Review before sending._"
	    "\n\n", when);

	buf_puts(&b, "## Summary\n\n");
	draft_summary(&b, ans, d, since);

	buf_puts(&b, "| | |\n|---|---|\n| Service | ");
	draft_cell(&b, draft_empty(d->service) ? "(not given)" : d->service);
	buf_puts(&b, " |\n| Region | ");
	draft_cell(&b, draft_empty(d->region) ? "(not given)" : d->region);
	buf_puts(&b, " |\n| Resource | ");
	draft_cell(&b, draft_empty(ans->resource) ? "(not given)" :
	    ans->resource);
	time_format_utc(since, 0, when, sizeof when);
	buf_printf(&b, " |\n| Symptoms since | %s |\n", when);
	buf_printf(&b, "| Verdict | %s |\n", verdict_name(d->verdict));
	buf_puts(&b, "| Tracking IDs | ");
	for (i = 0; i < ids->n; i++) {
		if (i > 0)
			buf_puts(&b, ", ");
		draft_cell(&b, ids->v[i]);
	}
	buf_puts(&b, ids->n == 0 ? "(none) |\n\n" : " |\n\n");

	if (ids->n > 0) {
		buf_puts(&b, "## Matching Azure incidents\n\n");
		for (i = 0; i < ids->n; i++) {
			const struct incident *inc = decide_find(snap,
			    ids->v[i]);

			if (inc != NULL)
				draft_incident(&b, inc, &tl, false);
			else {
				buf_puts(&b, "### ");
				draft_text(&b, ids->v[i]);
				buf_puts(&b, "\n\n");
			}
		}
	}

	buf_puts(&b, "## Channel evidence\n\n");
	for (i = 0; i < d->evidence.n; i++) {
		if (draft_names_any(d->evidence.v[i], &d->others))
			continue;
		buf_puts(&b, "- ");
		draft_text(&b, d->evidence.v[i]);
		buf_putc(&b, '\n');
	}
	if (snap != NULL) {
		for (c = 0; c < CHAN_COUNT; c++) {
			const struct chan_status *cs = &snap->chans[c];

			if (!(d->channels_used & CHAN_BIT(c)))
				continue;
			buf_printf(&b, "- %s: %s", chan_id_name(c),
			    chan_state_name(cs->state));
			if (cs->last_success != 0) {
				time_format_utc(cs->last_success, 0, when,
				    sizeof when);
				buf_printf(&b, ", last answer %s", when);
			}
			buf_putc(&b, '\n');
		}
	}
	buf_putc(&b, '\n');

	buf_puts(&b, "## Timeline (UTC)\n\n");
	draft_event_add(&tl, since, xstrdup("our symptoms began"));
	draft_event_add(&tl, now, xstrdup("this draft was written"));
	qsort(tl.v, tl.n, sizeof *tl.v, draft_event_cmp);
	for (i = 0; i < tl.n; i++) {
		time_format_utc(tl.v[i].t, 0, when, sizeof when);
		buf_printf(&b, "- %s: %s\n", when, tl.v[i].line);
	}
	draft_timeline_free(&tl);

	buf_puts(&b, "\n## Next step\n\n");
	buf_puts(&b, d->next_step != NULL ? d->next_step : "");
	buf_puts(&b, "\n\n## Advice\n\n");
	buf_puts(&b, d->advice != NULL ? d->advice : decide_advice_text());
	buf_putc(&b, '\n');

	/* Last, so that nothing above can be read as being about them. */
	if (d->others.n > 0) {
		buf_puts(&b, "\n" DRAFT_NOT_THIS_ONE "\n\nThese active Azure "
		    "incidents do not cover our problem; they are listed only "
		    "as context, and this ticket is not about them.\n\n");
		for (i = 0; i < d->others.n; i++) {
			const struct incident *inc = decide_find(snap,
			    d->others.v[i]);

			if (inc != NULL)
				draft_incident(&b, inc, NULL, true);
			else {
				buf_puts(&b, "### ");
				draft_text(&b, d->others.v[i]);
				buf_puts(&b, "\n\n");
			}
		}
		for (i = 0; i < d->evidence.n; i++) {
			if (!draft_names_any(d->evidence.v[i], &d->others))
				continue;
			buf_puts(&b, "- ");
			draft_text(&b, d->evidence.v[i]);
			buf_putc(&b, '\n');
		}
	}
	return buf_steal(&b);
}

/* Saving ---------------------------------------------------------------- */

int
draft_default_dir(char *out, size_t outlen, char *err, size_t errlen)
{
	const char *state = getenv("XDG_STATE_HOME"), *home;
	int n;

	/* XDG says a relative value is to be ignored. */
	if (!draft_empty(state) && state[0] == '/')
		n = snprintf(out, outlen, "%s/azwatch/drafts", state);
	else if (!draft_empty(home = getenv("HOME")))
		n = snprintf(out, outlen, "%s/.local/state/azwatch/drafts",
		    home);
	else {
		snprintf(err, errlen, "Neither XDG_STATE_HOME nor HOME is "
		    "set, so there is no place for drafts; give a directory.");
		return -1;
	}
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(err, errlen, "The drafts directory path is too long.");
		return -1;
	}
	return 0;
}

/* mkdir -p with 0700 for the parts we create. */
static int
draft_mkdirs(const char *dir, char *err, size_t errlen)
{
	char *p = xstrdup(dir), *s;
	struct stat st;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (s[-1] != '/') {
			char save = *s;

			*s = '\0';
			if (mkdir(p, 0700) == -1 && errno != EEXIST) {
				snprintf(err, errlen, "Cannot create the "
				    "directory %s: %s.", p, strerror(errno));
				free(p);
				return -1;
			}
			*s = save;
		}
		if (*s == '\0')
			break;
	}
	free(p);
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a directory.", dir);
		return -1;
	}
	return 0;
}

/* Letters, digits, '-', '_' and '.' only, so a tracking id or service name
 * makes a safe file name. */
static void
draft_clean_hint(const char *hint, char *out, size_t len)
{
	size_t i = 0;
	const char *p;

	if (draft_empty(hint))
		hint = "ticket";
	for (p = hint; *p != '\0' && i + 1 < len && i < 48; p++) {
		unsigned char ch = (unsigned char)*p;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' ||
		    (ch == '.' && i > 0))
			out[i++] = (char)ch;
		else if (i > 0 && out[i - 1] != '-')
			out[i++] = '-';
	}
	while (i > 0 && out[i - 1] == '-')
		i--;
	if (i == 0)
		i = (size_t)snprintf(out, len, "ticket");
	out[i] = '\0';
}

int
draft_save(const char *markdown, const char *dir, const char *name_hint,
    char *path_out, size_t path_len, char *err, size_t errlen)
{
	char defdir[4096], hint[64], stamp[32], werr[512], *path = NULL;
	time_t t = time(NULL);
	struct tm tm;
	int i;

	if (dir == NULL) {
		if (draft_default_dir(defdir, sizeof defdir, err, errlen) == -1)
			return -1;
		dir = defdir;
	}
	if (draft_empty(dir)) {
		snprintf(err, errlen, "No directory was given for the draft.");
		return -1;
	}
	if (draft_mkdirs(dir, err, errlen) == -1)
		return -1;

	draft_clean_hint(name_hint, hint, sizeof hint);
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	/* Never replace an earlier draft: add -2, -3, ... if the name is
	 * taken (statefile refuses to replace, so no race decides it). */
	for (i = 1; i < 100; i++) {
		free(path);
		if (i == 1)
			path = xasprintf("%s/azwatch-%s-%s.md", dir, hint, stamp);
		else
			path = xasprintf("%s/azwatch-%s-%s-%d.md", dir, hint,
			    stamp, i);
		if (path_out != NULL && strlen(path) >= path_len) {
			snprintf(err, errlen, "The draft's path is too long.");
			free(path);
			return -1;
		}
		if (statefile_write(path, markdown, strlen(markdown),
		    STATEFILE_NOREPLACE, werr, sizeof werr) == 0)
			break;
		if (errno != EEXIST) {
			snprintf(err, errlen, "Cannot save the draft: %s.",
			    werr);
			free(path);
			return -1;
		}
	}
	if (i == 100) {
		snprintf(err, errlen, "Cannot save the draft as %s: too many "
		    "drafts with that name.", path);
		free(path);
		return -1;
	}
	if (path_out != NULL)
		memcpy(path_out, path, strlen(path) + 1);
	free(path);
	return 0;
}
