/* html.h: HTML (as found in feed descriptions and ARM event texts) to
 * plain text: tags removed, block elements become line breaks, list items
 * get a bullet, entities decoded, script/style dropped, blank runs
 * collapsed. The result is still untrusted: sanitize before drawing. */
#ifndef AZWATCH_HTML_H
#define AZWATCH_HTML_H

#include <stddef.h>

char	*html_to_text(const char *html, size_t len);	/* caller frees */

#endif
