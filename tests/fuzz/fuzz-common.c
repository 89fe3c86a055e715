/* fuzz-common.c: helpers the fuzz targets share: a locale for width
 * measurement, and checks of the promises every parser makes about its
 * error sentence and every sanitized string. */
#include "config.h"
#include "fuzz.h"

#include <locale.h>
#include <string.h>

#include "xmalloc.h"

void
fuzz_init(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
}

char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void
fuzz_check_err(const char *err, size_t errlen, int need_text)
{
	FUZZ_CHECK(memchr(err, '\0', errlen) != NULL);
	if (need_text)
		FUZZ_CHECK(err[0] != '\0');
}

/* Decode strictly; -1 for anything but well-formed UTF-8. */
static int
fuzz_decode(const unsigned char *p, uint32_t *cp)
{
	int need, i;
	uint32_t c = p[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		c &= 0x07;
	} else
		return -1;
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((need == 2 && c < 0x800) || (need == 3 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return -1;
	*cp = c;
	return need + 1;
}

void
fuzz_check_clean(const char *s, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	int n;

	FUZZ_CHECK(s != NULL);
	while (*p != '\0') {
		n = fuzz_decode(p, &cp);
		FUZZ_CHECK(n > 0);
		FUZZ_CHECK(cp >= 0x20 || (cp == '\n' && multiline));
		FUZZ_CHECK(cp < 0x7f || cp > 0x9f);		/* DEL, C1 */
		FUZZ_CHECK(!(cp >= 0x202a && cp <= 0x202e));	/* bidi */
		FUZZ_CHECK(!(cp >= 0x2066 && cp <= 0x2069));
		FUZZ_CHECK(cp != 0x2028 && cp != 0x2029);
		p += n;
	}
}
