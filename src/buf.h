/* buf.h: a growable byte buffer, always NUL-terminated. */
#ifndef AZWATCH_BUF_H
#define AZWATCH_BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* NUL-terminated; NULL until first append */
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
void	 buf_reserve(struct buf *, size_t);	/* room for that many more */
void	 buf_append(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	     __attribute__((format(printf, 2, 3)));
const char *buf_str(const struct buf *);	/* "" when empty */
char	*buf_steal(struct buf *);		/* caller frees; buf is reset */

#endif
