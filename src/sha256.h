/* sha256.h: SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), for the
 * signature a webhook sink puts on what it posts. Small and local, so the
 * build needs no crypto library for one hash. */
#ifndef AZWATCH_SHA256_H
#define AZWATCH_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32
#define SHA256_HEX	(2 * SHA256_LEN + 1)

struct sha256 {
	uint32_t	 h[8];
	uint64_t	 bytes;		/* message length so far */
	unsigned char	 block[64];
	size_t		 fill;		/* bytes waiting in block */
};

void	 sha256_init(struct sha256 *);
void	 sha256_update(struct sha256 *, const void *, size_t);
void	 sha256_final(struct sha256 *, unsigned char out[SHA256_LEN]);
void	 sha256(const void *, size_t, unsigned char out[SHA256_LEN]);
void	 sha256_hmac(const void *key, size_t keylen, const void *msg,
	     size_t len, unsigned char out[SHA256_LEN]);
/* Lower-case hex of a digest, NUL-terminated. */
void	 sha256_hex(const unsigned char d[SHA256_LEN], char out[SHA256_HEX]);

#endif
