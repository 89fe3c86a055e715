/* sink-fmt.h: what a sink posts for an incident, one function per kind
 * (webhook: the incident object of `status --json`, from incjson; Slack
 * incoming webhook; Teams Workflows with an Adaptive Card; PagerDuty
 * Events API v2), and the id an event is deduplicated by. Remote text is
 * sanitized (secrets redacted) before it goes in. */
#ifndef AZWATCH_SINK_FMT_H
#define AZWATCH_SINK_FMT_H

#include <stdbool.h>

#include "cfg.h"
#include "model.h"

/* What a sink would send for inc now: a chat or webhook sink one message
 * per new update or change between active and ended, PagerDuty a
 * trigger while it is active and a resolve once it is not. The id is
 * "KEY|..." (caller frees); *resolve is set for a PagerDuty resolve. */
char	*sink_fmt_id(enum cfg_sink_type, const struct incident *,
	     bool *resolve);
/* The body for that event (caller frees). PagerDuty's routing key is
 * not in it: it is added as the request is made (sink_fmt_with_key), so
 * the outbox file never holds it. */
char	*sink_fmt_body(enum cfg_sink_type, const struct incident *,
	     bool resolve);
/* A PagerDuty body with its routing_key member added (caller frees and
 * should wipe it); NULL if body is not a JSON object. */
char	*sink_fmt_with_key(const char *body, const char *key);
/* "active" or "ended" and the update an event is about, for ids. */
time_t	 sink_fmt_newest(const struct incident *);

#endif
