/* SHA-256 (FIPS 180-4) without a crypto library: used to fingerprint
 * generated documents so edits made by a person can be detected. */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE 65

typedef struct {
	uint32_t state[8];
	uint64_t count;           /* bytes hashed so far */
	unsigned char buf[64];    /* pending partial block */
	size_t buflen;
} sha256_ctx;

/* Starts a new hash in ctx (no allocation; ctx is the caller's). */
void sha256_init(sha256_ctx *ctx);

/* Feeds len bytes of data into the hash; may be called any number of times. */
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);

/* Writes the 32-byte digest to out (caller's buffer). ctx must be
 * initialised again before reuse. */
void sha256_final(sha256_ctx *ctx, unsigned char out[SHA256_DIGEST_SIZE]);

/* Hashes data in one call and writes the digest as 64 lowercase hex
 * digits plus NUL to out (caller's buffer). */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE]);

#endif
