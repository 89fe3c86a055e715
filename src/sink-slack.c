/* sink-slack.c: the Slack Web API side of a slack sink (see
 * sink-slack.h): its URLs, the members a request adds to the message,
 * and what an answer means. The requests themselves are made by sink.c's
 * delivery thread. */
#include "config.h"

#include "sink-slack.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "http.h"
#include "jdoc.h"
#include "sanitize.h"
#include "xmalloc.h"

bool
sink_slack_api(const struct cfg_sink *s)
{
	return s->type == SINK_SLACK && s->key_is_token && s->key != NULL &&
	    s->channel != NULL;
}

bool
sink_slack_endpoint_ok(const char *url)
{
	char why[256];

	if (url == NULL)
		return false;
	if (http_same_origin(url, SINK_SLACK_API))
		return true;
	return cfg_url_is_loopback(url) && cfg_url_ok(url, why, sizeof why);
}

char *
sink_slack_url(const char *endpoint, const char *method)
{
	size_t len = strlen(endpoint);

	while (len > 0 && endpoint[len - 1] == '/')
		len--;
	return xasprintf("%.*s/%s", (int)len, endpoint, method);
}

char *
sink_slack_body(const char *body, const char *channel, const char *thread_ts,
    const char *ts)
{
	char err[128], *out;
	json_object *o = jdoc_parse(body, strlen(body), 32, err, sizeof err);

	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(o, "channel", json_object_new_string(channel));
	if (thread_ts != NULL)
		json_object_object_add(o, "thread_ts",
		    json_object_new_string(thread_ts));
	if (ts != NULL)
		json_object_object_add(o, "ts", json_object_new_string(ts));
	/* a new message does not unfurl the status page's links: the
	 * message says what matters (chat.update takes no such member) */
	if (ts == NULL)
		json_object_object_add(o, "unfurl_links",
		    json_object_new_boolean(0));
	out = xstrdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return out;
}

/* A ts ("1503435956.000247") or a channel ID ("C0123456789"): short,
 * letters, digits and dots only; anything else from the network is not
 * kept (it goes into a later request and the state file). */
static char *
plausible_id(const char *v)
{
	const char *p;

	if (v == NULL || *v == '\0' || strlen(v) > SINK_SLACK_ID_MAX)
		return NULL;
	for (p = v; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '.')
			return NULL;
	}
	return xstrdup(v);
}

/* Errors that the same request will meet again, whatever the wait. */
static const char *const slack_permanent[] = {
	"invalid_auth", "not_authed", "account_inactive", "token_revoked",
	"token_expired", "no_permission", "missing_scope", "channel_not_found",
	"not_in_channel", "is_archived", "invalid_arguments",
	"invalid_arg_name", "invalid_blocks", "invalid_blocks_format",
	"msg_too_long", "no_text", "restricted_action", "team_access_not_granted",
	"ekm_access_denied", "org_login_required", "access_denied",
};
/* chat.update: the message to edit cannot be edited any more. */
static const char *const slack_gone[] = {
	"message_not_found", "cant_update_message", "edit_window_closed",
};

static bool
in_list(const char *e, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(e, v[i]) == 0)
			return true;
	}
	return false;
}

int
sink_slack_answer(const struct http_resp *resp, char **ts, char **channel,
    char *why, size_t whylen, bool *permanent, bool *gone)
{
	char err[128], *clean;
	json_object *o, *ok;
	int used;
	const char *e;

	*ts = *channel = NULL;
	*permanent = *gone = false;
	o = jdoc_parse(resp->body.data != NULL ? resp->body.data : "",
	    resp->body.len, 16, err, sizeof err);
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		snprintf(why, whylen, "Slack's answer is not a JSON object "
		    "(%s)", o == NULL ? err : "another JSON value");
		json_object_put(o);
		return -1;
	}
	ok = jdoc_get(o, "ok");
	if (ok != NULL && json_object_is_type(ok, json_type_boolean) &&
	    json_object_get_boolean(ok)) {
		*ts = plausible_id(jdoc_str(o, "ts"));
		*channel = plausible_id(jdoc_str(o, "channel"));
		json_object_put(o);
		return 0;
	}
	e = jdoc_str(o, "error");
	if (e == NULL)
		e = "no error named";
	*permanent = in_list(e, slack_permanent,
	    sizeof slack_permanent / sizeof slack_permanent[0]);
	*gone = in_list(e, slack_gone, sizeof slack_gone / sizeof slack_gone[0]);
	clean = sanitize_str(e);
	/* error codes are short words; a long one is cut */
	clean[sanitize_clip(clean, 80, &used)] = '\0';
	snprintf(why, whylen, "Slack: %s", clean);
	free(clean);
	json_object_put(o);
	return -1;
}
