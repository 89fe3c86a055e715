/* fuzz-sanitize.c: the one path remote text takes to the screen. Whatever
 * the bytes, the result is valid UTF-8 without controls, sanitizing it
 * again changes nothing, and clip and wrap stay within their columns. */
#include "config.h"
#include "fuzz.h"

#include <string.h>

#include "model.h"
#include "sanitize.h"

int
fuzz_sanitize_one(const uint8_t *data, size_t size)
{
	struct strv lines = { NULL, 0 };
	char *s, *again, *raw;
	int flags, cols, used, w;
	size_t i, n;

	if (size < 1)
		return 0;
	flags = (data[0] & 1) ? SANITIZE_MULTILINE : 0;
	cols = data[0] >> 1;		/* 0..127 columns */
	data++;
	size--;

	s = sanitize((const char *)data, size, flags);
	fuzz_check_clean(s, flags & SANITIZE_MULTILINE);
	again = sanitize(s, strlen(s), flags);
	FUZZ_CHECK(strcmp(s, again) == 0);
	free(again);

	w = sanitize_width(s);
	FUZZ_CHECK(w >= 0);
	n = sanitize_clip(s, cols, &used);
	FUZZ_CHECK(n <= strlen(s));
	FUZZ_CHECK(used >= 0 && used <= cols);
	/* never splits a character */
	FUZZ_CHECK(s[n] == '\0' || ((unsigned char)s[n] & 0xc0) != 0x80);
	if (n == strlen(s))
		FUZZ_CHECK(used == w);

	sanitize_wrap(s, cols, &lines);
	for (i = 0; i < lines.n; i++) {
		fuzz_check_clean(lines.v[i], 0);
		/* a single wide character may exceed one column */
		FUZZ_CHECK(sanitize_width(lines.v[i]) <= (cols < 2 ? 2 : cols));
	}
	strv_free(&lines);
	free(s);

	/* one-line form of a C string, as panes use it */
	raw = fuzz_cstr(data, size);
	s = sanitize_str(raw);
	fuzz_check_clean(s, 0);
	free(s);
	free(raw);
	return 0;
}

FUZZ_ENTRY(fuzz_sanitize_one)
