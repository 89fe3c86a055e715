/* timeutil.h: parsing and printing the time formats azwatch meets. */
#ifndef AZWATCH_TIMEUTIL_H
#define AZWATCH_TIMEUTIL_H

#include <stddef.h>
#include <time.h>

/* ISO 8601 / RFC 3339: "2025-05-13T15:43:48.1203530Z", "...+01:00", no zone
 * means UTC. A time before 2000 or more than five years ahead (the .NET
 * sentinels 0001-01-01 and 9999-12-31 among them) is absent: *out = 0
 * and 0 is returned; the same holds for RFC 822. */
int	 time_parse_rfc3339(const char *, time_t *out);
/* RFC 822 as feeds write it, including the "Z" zone the status feed uses. */
int	 time_parse_rfc822(const char *, time_t *out);
/* --since: RFC 3339, "YYYY-MM-DD HH:MM", "HH:MM" (today, UTC), "30m"/"2h"/"1d"
 * meaning that long ago, or "now". */
int	 time_parse_user(const char *, time_t now, time_t *out);
void	 time_format_rfc3339(time_t, char *buf, size_t len);	/* UTC, "Z" */
/* "90", "5m", "1h30m", "2m15s": seconds (at most ten years), or -1. */
long	 time_parse_duration(const char *);
void	 time_format_hm(time_t, char *buf, size_t len);		/* "09:40" UTC */

/* The times azwatch shows, one style each, formatted only here:
 * a span: "<1m", "14m", "3h", "2d" (minute resolution, so an idle
 * dashboard need not wake every second) */
void	 time_format_span(time_t secs, char *buf, size_t len);
/* an age: "<1m ago", "5m ago", "3h ago", "2d ago"; "never" for 0 */
void	 time_format_age(time_t now, time_t t, char *buf, size_t len);
/* a time in a list, local: "14:02" on now's day, "Mon 14:02" within six
 * days either way, "2026-11-28 14:02" further; "?" for 0 */
void	 time_format_clock(time_t now, time_t t, char *buf, size_t len);
/* seconds until time_format_clock may read differently (local midnight) */
time_t	 time_clock_next(time_t now);
/* a time in details and text: "2026-11-24 09:40 UTC", or "09:40 UTC" on
 * now's day (now 0: always the date); "unknown" for 0 */
void	 time_format_utc(time_t t, time_t now, char *buf, size_t len);
/* a drill's clock, recorded seconds since its start: "T+0m", "T+25m",
 * "T+1h25m" */
void	 time_format_drill(long secs, char *buf, size_t len);
/* Milliseconds on CLOCK_MONOTONIC: for deadlines and schedules, which a
 * step of the wall clock must not move. */
long long time_mono_ms(void);
/* M/D/YYYY as ARM's queryStartTime wants it. */
void	 time_format_mdy(time_t, char *buf, size_t len);

#endif
