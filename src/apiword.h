/* apiword.h: raw API values as people read them ("ServiceIssue" ->
 * "service issue", "PlatformInitiated" -> "platform-initiated"). One
 * table for every screen, export and message that shows such a value. */
#ifndef AZWATCH_APIWORD_H
#define AZWATCH_APIWORD_H

/* The readable words for raw, compared ignoring case and everything but
 * letters and digits (so "ServiceIssue", "service-issue" and
 * "SERVICE_ISSUE" are one); raw itself when the table does not know it;
 * NULL only for NULL. Static or raw: never freed. */
const char *apiword_text(const char *raw);

/* A support ticket's severity: "moderate" -> "Severity B (moderate
 * impact)"; raw itself when unknown. Ticket severities share words with
 * event levels ("critical"), so they have their own column. */
const char *apiword_severity(const char *raw);

#endif
