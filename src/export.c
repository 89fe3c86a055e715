/* export.c: an incident's whole timeline as a Markdown document a team
 * can paste into its post-incident review. Update texts are quoted line
 * by line so remote text cannot start headings or lists of its own. */
#include "config.h"
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apiword.h"
#include "buf.h"
#include "draft.h"
#include "lag.h"
#include "sanitize.h"
#include "timeutil.h"
#include "xmalloc.h"

/* One line of untrusted text. */
static void
export_text(struct buf *b, const char *s)
{
	char *clean = sanitize_str(s);

	buf_puts(b, clean);
	free(clean);
}

static void
export_list(struct buf *b, const char *label, const struct strv *sv)
{
	size_t i;

	buf_printf(b, "- %s: ", label);
	if (sv->n == 0)
		buf_puts(b, "none named");
	for (i = 0; i < sv->n; i++) {
		if (i > 0)
			buf_puts(b, ", ");
		export_text(b, sv->v[i]);
	}
	buf_putc(b, '\n');
}

/* Multi-line untrusted text as a quote: every line behind "> ". */
static void
export_quote(struct buf *b, const char *s)
{
	char *clean, *line, *next;
	bool any = false;

	clean = sanitize(s != NULL ? s : "", s != NULL ? strlen(s) : 0,
	    SANITIZE_MULTILINE);
	for (line = clean; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		while (*line == ' ')
			line++;
		if (*line == '\0')
			continue;
		buf_printf(b, "> %s\n", line);
		any = true;
	}
	if (!any)
		buf_puts(b, "> (no text)\n");
	free(clean);
}

char *
export_markdown(const struct incident *inc, time_t now)
{
	char t[40], *lag;
	struct buf b;
	size_t i, k;

	buf_init(&b);
	buf_puts(&b, "# ");
	export_text(&b, inc->title != NULL && *inc->title != '\0' ?
	    inc->title : inc->key);
	buf_puts(&b, "\n\n");

	buf_puts(&b, "- Tracking ID: ");
	export_text(&b, inc->tracking_id != NULL ? inc->tracking_id :
	    "unknown");
	buf_putc(&b, '\n');
	buf_printf(&b, "- Status: %s\n", inc_status_name(inc->status));
	buf_printf(&b, "- Type: %s\n",
	    apiword_text(inc_type_name(inc->type)));
	if (inc->level != NULL) {
		buf_puts(&b, "- Level: ");
		export_text(&b, apiword_text(inc->level));
		buf_putc(&b, '\n');
	}
	if (inc->priority >= 0)
		buf_printf(&b, "- Priority: %d (0 is the most urgent)\n",
		    inc->priority);
	time_format_utc(inc->start, 0, t, sizeof t);
	buf_printf(&b, "- Started: %s\n", t);
	time_format_utc(inc->mitigated, 0, t, sizeof t);
	buf_printf(&b, "- Mitigated: %s\n", inc->mitigated != 0 ? t :
	    "not yet");
	time_format_utc(inc->last_update, 0, t, sizeof t);
	buf_printf(&b, "- Last update: %s\n", t);
	buf_puts(&b, "- Reported by: ");
	for (i = 0, k = 0; i < CHAN_COUNT; i++) {
		if (inc->sources & CHAN_BIT(i))
			buf_printf(&b, "%s%s", k++ > 0 ? ", " : "",
			    chan_id_name((enum chan_id)i));
	}
	buf_puts(&b, k == 0 ? "unknown\n" : "\n");
	if (inc->early)
		buf_puts(&b, "- Early warning: azwatch's inference from your "
		    "resources' health, not Microsoft's word\n");
	lag = lag_text(inc);
	if (*lag != '\0') {
		buf_puts(&b, "- First shown (against the impact start): ");
		buf_puts(&b, lag);
		buf_putc(&b, '\n');
	}
	free(lag);
	if ((lag = lag_lead_text(inc)) != NULL) {
		buf_printf(&b, "- Lead: %s\n", lag);
		free(lag);
	}
	if (inc->pir != PIR_NONE) {
		time_format_utc(inc->pir_posted, 0, t, sizeof t);
		buf_printf(&b, "- Post-incident review: %s, posted %s\n",
		    pir_stage_name(inc->pir), inc->pir_posted != 0 ? t :
		    "(time unknown)");
	}
	export_list(&b, "Services", &inc->services);
	if (inc->nimpacts == 0)
		export_list(&b, "Regions", &inc->regions);
	else {
		buf_puts(&b, "- Regions:\n");
		for (i = 0; i < inc->nimpacts; i++) {
			const struct impact *im = &inc->impacts[i];

			buf_puts(&b, "  - ");
			export_text(&b, im->region != NULL ? im->region :
			    "global");
			buf_puts(&b, " (");
			export_text(&b, im->service != NULL ? im->service : "?");
			buf_printf(&b, "): %s\n", inc_status_name(im->status));
		}
	}
	if (inc->scenario != SCEN_NONE)
		buf_printf(&b, "- Why the status page carries it: %s\n",
		    scenario_text(inc->scenario));

	/* The model keeps updates newest first; a review reads forwards. */
	buf_printf(&b, "\n## Timeline (%zu updates, oldest first, times in "
	    "UTC)\n", inc->nupdates);
	if (inc->nupdates == 0)
		buf_puts(&b, "\nNo updates were published.\n");
	for (i = inc->nupdates; i > 0; i--) {
		const struct update *u = &inc->updates[i - 1];

		time_format_utc(u->time, 0, t, sizeof t);
		buf_printf(&b, "\n### %s, %s\n\n", t, chan_id_name(u->source));
		export_quote(&b, u->text);
	}

	if (inc->links.n > 0) {
		buf_puts(&b, "\n## Links\n\n");
		for (i = 0; i < inc->links.n; i++) {
			buf_puts(&b, "- <");
			export_text(&b, inc->links.v[i]);
			buf_puts(&b, ">\n");
		}
	}
	if (inc->resources.n > 0) {
		buf_puts(&b, "\n## Impacted resources\n\n");
		for (i = 0; i < inc->resources.n; i++) {
			buf_puts(&b, "- `");
			export_text(&b, inc->resources.v[i]);
			buf_puts(&b, "`\n");
		}
	}
	if (inc->summary != NULL && *inc->summary != '\0') {
		buf_puts(&b, "\n## Summary\n\n");
		export_quote(&b, inc->summary);
	}
	time_format_utc(now, 0, t, sizeof t);
	buf_printf(&b, "\n---\nExported by azwatch on %s.\n", t);
	return buf_steal(&b);
}

int
export_save(const struct incident *inc, const char *state_dir, time_t now,
    char *path_out, size_t path_len, char *err, size_t errlen)
{
	char *md, *dir;
	int rc;

	if (state_dir == NULL || *state_dir == '\0') {
		snprintf(err, errlen, "No state directory is set, so there is "
		    "nowhere to save the export.");
		return -1;
	}
	dir = xasprintf("%s/exports", state_dir);
	md = export_markdown(inc, now);
	rc = draft_save(md, dir, inc->tracking_id != NULL ? inc->tracking_id :
	    "incident", path_out, path_len, err, errlen);
	free(md);
	free(dir);
	return rc;
}
