/* clockshift.c: an LD_PRELOAD shim for tests that steps the wall clock of
 * a running program. time(), gettimeofday() and clock_gettime() on the
 * realtime clocks run ahead by the number of seconds written in the file
 * named by $AZWATCH_TEST_CLOCK_FILE (negative: behind), read again at
 * most ten times a second. The monotonic clocks are left alone, which is
 * exactly what a step of the system clock looks like to a program.
 * With $AZWATCH_TEST_CLOCK_AT set (seconds since the epoch) the realtime
 * clocks stand still at that moment instead, for screens that must come
 * out the same byte for byte on every run.
 * Built by the test that uses it, never part of azwatch. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);

static atomic_llong shift_offset;
static atomic_llong shift_read_at = -1;

static clock_gettime_fn
real_clock_gettime(void)
{
	static _Atomic(clock_gettime_fn) fn;
	clock_gettime_fn f = atomic_load(&fn);

	if (f == NULL) {
		f = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
		atomic_store(&fn, f);
	}
	return f;
}

static long long
shift_seconds(void)
{
	const char *path = getenv("AZWATCH_TEST_CLOCK_FILE");
	struct timespec now;
	long long ms, last;
	char buf[32];
	ssize_t n;
	int fd;

	if (path == NULL)
		return 0;
	real_clock_gettime()(CLOCK_MONOTONIC, &now);
	ms = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	last = atomic_load(&shift_read_at);
	if (last >= 0 && ms - last < 100)
		return atomic_load(&shift_offset);
	atomic_store(&shift_read_at, ms);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return atomic_load(&shift_offset);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		atomic_store(&shift_offset, strtoll(buf, NULL, 10));
	}
	return atomic_load(&shift_offset);
}

/* The pinned time, or -1 when the clock runs. */
static long long
pinned_at(void)
{
	static atomic_llong at = -2;
	long long v = atomic_load(&at);
	const char *s;

	if (v == -2) {
		s = getenv("AZWATCH_TEST_CLOCK_AT");
		v = s != NULL && *s != '\0' ? strtoll(s, NULL, 10) : -1;
		atomic_store(&at, v);
	}
	return v;
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	int rc = real_clock_gettime()(id, ts);
	long long at;

	if (rc == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) {
		if ((at = pinned_at()) >= 0) {
			ts->tv_sec = (time_t)at;
			ts->tv_nsec = 0;
		} else
			ts->tv_sec += (time_t)shift_seconds();
	}
	return rc;
}

time_t
time(time_t *out)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (out != NULL)
		*out = ts.tv_sec;
	return ts.tv_sec;
}

int
gettimeofday(struct timeval *tv, void *tz)
{
	struct timespec ts;

	(void)tz;
	clock_gettime(CLOCK_REALTIME, &ts);
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	return 0;
}
