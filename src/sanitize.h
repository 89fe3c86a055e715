/* sanitize.h: the one path every remote string takes before it is drawn.
 * Output is valid UTF-8 with no control or escape sequences: ESC sequences
 * (CSI, OSC, DCS, ...) are dropped whole, C0/C1 controls and bidi
 * overrides are removed, invalid UTF-8 and other unprintables become
 * U+FFFD. Widths are display columns measured with wcwidth (the caller
 * must have set an UTF-8 LC_CTYPE). */
#ifndef AZWATCH_SANITIZE_H
#define AZWATCH_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define SANITIZE_MULTILINE	0x1	/* keep '\n'; otherwise it becomes a space */

char	*sanitize(const char *s, size_t len, int flags);	/* caller frees */
char	*sanitize_str(const char *s);		/* NULL -> ""; one line */
int	 sanitize_width(const char *s);		/* columns of sanitized text */
/* Bytes of the longest prefix of sanitized text that fits in cols
 * columns, never splitting a character; *used gets its width. */
size_t	 sanitize_clip(const char *s, int cols, int *used);
/* Whether s holds no C0 control character and no DEL (text to keep as it
 * is: a name, a saved filter). */
bool	 sanitize_is_plain(const char *s);
/* The first occurrence of needle in s, ignoring ASCII case, that starts
 * and ends between characters (never inside a UTF-8 sequence): the one
 * rule for where a search's text is. NULL when there is none or needle is
 * empty; *len (if not NULL) gets its length in bytes. */
const char *sanitize_find(const char *s, const char *needle, size_t *len);
/* Sanitized text for a terminal that is not UTF-8 (LANG=C): every
 * character one column of ASCII: "…" becomes "...", "·" "-", "●" "*",
 * box lines "-" and "|", quotes and dashes their ASCII forms, anything
 * else non-ASCII "?"; zero-width characters are dropped. Caller frees. */
char	*sanitize_ascii(const char *s);
/* Word-wrap sanitized multi-line text to cols columns into lines
 * (appended to out, each owned by out). */
void	 sanitize_wrap(const char *s, int cols, struct strv *out);

/*
 * Known secrets: the client secret, the ARM token as it is obtained and
 * refreshed, the X bearer, sink keys. Remote text that echoes one of them
 * (also percent- or JSON-escaped, or any run of SANITIZE_SECRET_RUN bytes
 * of one) has it replaced by "[redacted]" in sanitize() and
 * sanitize_redact(). Values are counted: every add has its remove (before
 * the secret is zeroed). Shorter than SANITIZE_SECRET_MIN: ignored.
 * Thread-safe.
 */
#define SANITIZE_SECRET_MIN	8
#define SANITIZE_SECRET_RUN	16
#define SANITIZE_REDACTED	"[redacted]"
void	 sanitize_secret_add(const char *);
void	 sanitize_secret_remove(const char *);
/* Whether s is exactly one of the known secrets (or an escaped form). */
bool	 sanitize_secret_is(const char *s);
/* Redact known secrets in place; the text never grows. Returns the new
 * length (a NUL is written there when the text was shortened). */
size_t	 sanitize_redact(char *s, size_t len);
void	 sanitize_redact_str(char *s);		/* NULL is fine */

#endif
