/* fuzz-html.c: HTML from feed descriptions and ARM texts to plain text.
 * No crash, no runaway output, and the text sanitizes cleanly. */
#include "config.h"
#include "fuzz.h"

#include <string.h>

#include "html.h"
#include "sanitize.h"

int
fuzz_html_one(const uint8_t *data, size_t size)
{
	char *text, *clean;

	text = html_to_text((const char *)data, size);
	FUZZ_CHECK(text != NULL);
	/* output grows at most linearly: an entity decodes to at most 4
	 * bytes, and the worst tag ("<li>" deep in lists) adds a break, a
	 * bounded indent and a bullet */
	FUZZ_CHECK(strlen(text) <= 8 * size + 64);
	clean = sanitize(text, strlen(text), SANITIZE_MULTILINE);
	fuzz_check_clean(clean, 1);
	free(clean);
	free(text);
	return 0;
}

FUZZ_ENTRY(fuzz_html_one)
