/* xmalloc.h: allocation wrappers that never return NULL.
 * On out-of-memory they run the registered cleanup (restore the terminal)
 * and exit with a message, as tig does. */
#ifndef AZWATCH_XMALLOC_H
#define AZWATCH_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);		/* NULL in, NULL out */
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* Called before exiting on out-of-memory (the UI restores the terminal). */
void	 xmalloc_set_cleanup(void (*)(void));
void	 xmalloc_die(const char *) __attribute__((noreturn));

#endif
