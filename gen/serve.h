/* `annexgen serve`: the local web page for procurement staff (HTTP on
 * libmicrohttpd, request limits, Host and CSRF checks, safe headers). */
#ifndef SERVE_H
#define SERVE_H

#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "template.h"

#define SERVE_DEFAULT_LISTEN "127.0.0.1:8080"
#define SERVE_MAX_BODY ((size_t)32 << 20)   /* one request body, bytes */
#define SERVE_MAX_FILE ((size_t)8 << 20)    /* one uploaded file, bytes */
#define SERVE_MAX_FILES 32                  /* uploaded files in one request */
#define SERVE_MAX_FIELDS 20000              /* form fields in one request */
#define SERVE_MAX_CONNECTIONS 64
#define SERVE_TIMEOUT 60                    /* seconds a connection may stay idle */
#define SERVE_REQUEST_SECONDS 300           /* seconds to receive one request's body */
#define SERVE_MAX_BUFFERED ((size_t)256 << 20)  /* request bodies held at once, bytes */

/* One field of a submitted form. name and data are NUL-terminated copies
 * (data may also hold NULs: len counts them); filename is NULL for a plain
 * field, else the name the browser sent (never used as a path). */
typedef struct {
	char *name, *filename, *data;
	size_t len;
} serve_field;

typedef struct {
	serve_field *f;
	size_t n, cap;
	size_t nfiles;
} serve_form;

void serve_form_release(serve_form *f);
/* The first field called name, or NULL. */
const serve_field *serve_form_get(const serve_form *f, const char *name);

/* Why a body was refused. */
typedef enum {
	SERVE_OK,
	SERVE_BAD,        /* malformed: 400 */
	SERVE_TOO_LARGE,  /* past a limit: 413 */
	SERVE_NOMEM
} serve_parse_code;

/* Parses an application/x-www-form-urlencoded body (WHATWG URL, section
 * 5.1) into f (append). SERVE_BAD for a '%' not followed by two hex digits. */
serve_parse_code serve_parse_urlencoded(const char *body, size_t len, serve_form *f);
/* Parses a multipart/form-data body (RFC 7578) whose Content-Type header
 * is content_type into f (append). SERVE_BAD when there is no boundary, a
 * part lacks its Content-Disposition name or its blank line, or the closing
 * delimiter is missing; SERVE_TOO_LARGE past SERVE_MAX_FILE, SERVE_MAX_FILES
 * or SERVE_MAX_FIELDS. */
serve_parse_code serve_parse_multipart(const char *content_type, const char *body, size_t len,
				       serve_form *f);

/* Writes into buf a Content-Disposition value for an attachment called
 * name (UTF-8): RFC 6266 with an ASCII fallback (filename="..." where
 * every character outside printable ASCII, '"', '\\', '%', '/' and ';' becomes
 * '_') and, when name is not plain ASCII, the RFC 5987 form
 * filename*=UTF-8''<percent-encoded>. Returns 0, or -1 when buf is too small. */
int serve_content_disposition(const char *name, char *buf, size_t size);

/* Is the Host header host acceptable for a server on port? Against DNS
 * rebinding a name must be "localhost" or this machine's name; an IP
 * literal (127.0.0.1, [::1], an intranet address) is always accepted, as no
 * attacker's name can resolve into one. The port, when given, must be ours. */
int serve_host_allowed(const char *host, unsigned port, const char *hostname);

typedef struct {
	const char *listen;          /* "ADDR:PORT" or "[ADDR6]:PORT"; NULL: SERVE_DEFAULT_LISTEN */
	const catalog *cat;          /* outlives the server */
	const template *tpl;
	/* Called once the socket listens: url to open, and whether it is on
	 * loopback only (else anyone who can reach it may use it: no login). */
	void (*ready)(void *ctx, const char *url, int loopback);
	void *ctx;
} serve_opts;

/*
 * Runs the server until SIGINT or SIGTERM (blocked in the calling thread and
 * waited for with sigwait, so the caller must not depend on their
 * dispositions), then stops it, waiting for requests in progress, and
 * removes its temporary folder. Fails with AG_ERR_USAGE for a bad listen
 * address, AG_ERR_CANTCREAT when the socket or the temporary folder cannot
 * be made, AG_ERR_NOMEM.
 */
ag_code serve_run(const serve_opts *o, ag_error *err);

#endif
