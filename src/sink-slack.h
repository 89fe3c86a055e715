/* sink-slack.h: Slack's Web API for a slack sink with a bot token and a
 * channel (an incoming webhook can neither thread nor edit): an
 * incident's first message is posted with chat.postMessage and its ts
 * kept in the outbox, so that every later update is a reply in its thread
 * (thread_ts) and the first message is edited with chat.update to show
 * the incident as it is now. The token goes to slack.com only. */
#ifndef AZWATCH_SINK_SLACK_H
#define AZWATCH_SINK_SLACK_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"

struct http_resp;

/* The Web API's base, where a bot token may go. */
#define SINK_SLACK_API		"https://slack.com/api"
/* Most bytes of a message ts or channel ID kept from an answer. */
#define SINK_SLACK_ID_MAX	64

/* Whether s posts through the Web API (a slack sink with a token). */
bool	 sink_slack_api(const struct cfg_sink *s);
/* Whether a bot token may go to url: Slack's own API origin (scheme,
 * host and port parsed and compared), or a loopback address for tests. */
bool	 sink_slack_endpoint_ok(const char *url);
/* endpoint/method (caller frees). */
char	*sink_slack_url(const char *endpoint, const char *method);
/* body (a message as the sink formats it) with channel, and thread_ts
 * (a reply) or ts (chat.update) when not NULL; caller frees; NULL if body
 * is not a JSON object. */
char	*sink_slack_body(const char *body, const char *channel,
	     const char *thread_ts, const char *ts);
/* Read a 2xx answer of the Web API: 0 with *ts and *channel (caller
 * frees; NULL when absent or not plausible) when it says ok; -1 with a
 * sentence in why, *permanent when retrying cannot help (a revoked
 * token, an unknown channel, a missing scope), and *gone when the message
 * to edit is no longer editable (deleted, too old). */
int	 sink_slack_answer(const struct http_resp *, char **ts,
	     char **channel, char *why, size_t whylen, bool *permanent,
	     bool *gone);

#endif
