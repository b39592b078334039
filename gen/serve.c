/* The HTTP side of `annexgen serve`: libmicrohttpd, request bodies read into
 * bounded forms, the Host, token and size checks, and headers on every answer. */
#include "serve.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "elapsed.h"
#include "web.h"
#include "xmlw.h"

#include "banned.h"

#define CSRF_FIELD "csrf"

struct server {
	web *app;
	pthread_mutex_t lock;       /* guards buffered */
	size_t buffered;            /* bytes of request bodies held by all connections */
	char csrf[65];
	sb tmp;                     /* private parent of every request's folder */
	char hostname[256];
	/* Port 0 asks the system for one, known only once the daemon (and so
	 * its threads) runs: request threads read it as it is set. */
	atomic_uint port;
};

struct request {
	struct server *s;
	char *buf;
	size_t len, cap;
	int too_large, busy;
	double start;             /* elapsed_now() at the first callback */
};

/* Reserves n more bytes of the budget all request bodies share, so many
 * large uploads at once cannot exhaust memory; 0 when it is spent. */
static int reserve(struct server *s, size_t n)
{
	int ok;

	pthread_mutex_lock(&s->lock);
	ok = s->buffered + n <= SERVE_MAX_BUFFERED;
	if (ok)
		s->buffered += n;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

static void unreserve(struct server *s, size_t n)
{
	pthread_mutex_lock(&s->lock);
	s->buffered -= n;
	pthread_mutex_unlock(&s->lock);
}

void serve_form_release(serve_form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->f[i].name);
		free(f->f[i].filename);
		free(f->f[i].data);
	}
	free(f->f);
	memset(f, 0, sizeof(*f));
}

const serve_field *serve_form_get(const serve_form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->f[i].name, name))
			return &f->f[i];
	return NULL;
}

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* Takes ownership of name, filename and data (freeing them on failure). */
static serve_parse_code add_field(serve_form *f, char *name, char *filename, char *data, size_t len)
{
	if (!name || !data || f->n >= SERVE_MAX_FIELDS || (filename && f->nfiles >= SERVE_MAX_FILES)) {
		serve_parse_code rc = name && data ? SERVE_TOO_LARGE : SERVE_NOMEM;

		free(name);
		free(filename);
		free(data);
		return rc;
	}
	if (f->n == f->cap) {
		size_t ncap = f->cap ? 2 * f->cap : 32;
		serve_field *nf = realloc(f->f, ncap * sizeof(*nf));

		if (!nf) {
			free(name);
			free(filename);
			free(data);
			return SERVE_NOMEM;
		}
		f->f = nf;
		f->cap = ncap;
	}
	f->f[f->n].name = name;
	f->f[f->n].filename = filename;
	f->f[f->n].data = data;
	f->f[f->n].len = len;
	f->n++;
	f->nfiles += filename != NULL;
	return SERVE_OK;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) ('+' is a space) into a new string. */
static serve_parse_code decode(const char *s, size_t n, char **out, size_t *olen)
{
	char *d = malloc(n + 1);
	size_t i, k = 0;

	*out = NULL;
	if (!d)
		return SERVE_NOMEM;
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;

			if (hi < 0 || lo < 0) {
				free(d);
				return SERVE_BAD;
			}
			d[k++] = (char)(hi * 16 + lo);
			i += 2;
			continue;
		}
		d[k++] = s[i] == '+' ? ' ' : s[i];
	}
	d[k] = '\0';
	*out = d;
	*olen = k;
	return SERVE_OK;
}

serve_parse_code serve_parse_urlencoded(const char *body, size_t len, serve_form *f)
{
	const char *p = body, *end = body + len;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		char *name, *value;
		size_t nlen, vlen;
		serve_parse_code rc;

		if (stop > p) {
			rc = decode(p, (size_t)((eq ? eq : stop) - p), &name, &nlen);
			if (rc)
				return rc;
			rc = eq ? decode(eq + 1, (size_t)(stop - eq - 1), &value, &vlen)
				: (value = dupn("", 0), vlen = 0, value ? SERVE_OK : SERVE_NOMEM);
			if (rc) {
				free(name);
				return rc;
			}
			rc = add_field(f, name, NULL, value, vlen);
			if (rc)
				return rc;
		}
		p = stop + (amp != NULL);
	}
	return SERVE_OK;
}

/* The value of parameter param in a header value such as
 * `form-data; name="x"; filename="y"` (quoted or token), copied; NULL when
 * absent. A quoted value ends at the next '"' (browsers escape '"' as %22). */
static char *header_param(const char *h, size_t hlen, const char *param)
{
	const char *p = h, *end = h + hlen;
	size_t plen = strlen(param);

	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));

		if (!semi)
			return NULL;
		p = semi + 1;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) > plen && !strncasecmp(p, param, plen) && p[plen] == '=') {
			const char *v = p + plen + 1, *ve;

			if (v < end && *v == '"') {
				ve = memchr(v + 1, '"', (size_t)(end - v - 1));
				return ve ? dupn(v + 1, (size_t)(ve - v - 1)) : NULL;
			}
			for (ve = v; ve < end && *ve != ';' && *ve != ' '; ve++)
				;
			return dupn(v, (size_t)(ve - v));
		}
	}
	return NULL;
}

/* The first n[0..nn) in h[0..hn), or NULL (memmem is not POSIX). */
static const char *memmem_(const char *h, size_t hn, const char *n, size_t nn)
{
	const char *p = h, *end = h + hn;

	while (nn && (size_t)(end - p) >= nn) {
		p = memchr(p, n[0], (size_t)(end - p) - nn + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, n, nn))
			return p;
		p++;
	}
	return NULL;
}

serve_parse_code serve_parse_multipart(const char *content_type, const char *body, size_t len,
				       serve_form *f)
{
	char *boundary = content_type ? header_param(content_type, strlen(content_type), "boundary") : NULL;
	char delim[80];
	size_t dlen;
	const char *p, *end = body + len;
	serve_parse_code rc = SERVE_BAD;

	if (!boundary || !*boundary || strlen(boundary) > 70)
		goto done;
	dlen = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", boundary);
	/* The first delimiter has no CRLF before it. */
	if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2))
		goto done;
	p = body + dlen - 2;
	for (;;) {
		const char *hend, *next, *h, *cd = NULL;
		char *name = NULL, *filename = NULL;
		size_t cdlen = 0;

		if (end - p >= 2 && !memcmp(p, "--", 2)) {
			rc = SERVE_OK;
			goto done;
		}
		if (end - p < 2 || memcmp(p, "\r\n", 2))
			goto done;
		p += 2;
		hend = memmem_(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			goto done;
		for (h = p; h < hend + 2;) {
			const char *eol = memmem_(h, (size_t)(hend + 2 - h), "\r\n", 2);

			if (!eol)
				break;
			if ((size_t)(eol - h) > 20 && !strncasecmp(h, "Content-Disposition:", 20)) {
				cd = h + 20;
				cdlen = (size_t)(eol - cd);
			}
			h = eol + 2;
		}
		if (!cd)
			goto done;
		name = header_param(cd, cdlen, "name");
		filename = header_param(cd, cdlen, "filename");
		p = hend + 4;
		next = memmem_(p, (size_t)(end - p), delim, dlen);
		if (!name || !next) {
			free(name);
			free(filename);
			goto done;
		}
		if (filename && (size_t)(next - p) > SERVE_MAX_FILE) {
			free(name);
			free(filename);
			rc = SERVE_TOO_LARGE;
			goto done;
		}
		/* A file input left empty sends a part with an empty file name. */
		if (filename && !*filename && next == p) {
			free(name);
			free(filename);
		} else {
			rc = add_field(f, name, filename, dupn(p, (size_t)(next - p)), (size_t)(next - p));
			if (rc)
				goto done;
			rc = SERVE_BAD;
		}
		p = next + dlen;
	}
done:
	free(boundary);
	return rc;
}

int serve_content_disposition(const char *name, char *buf, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, k;
	int ascii = 1;

	k = (size_t)snprintf(buf, size, "attachment; filename=\"");
	for (i = 0; name[i] && k + 1 < size; i++) {
		unsigned char c = (unsigned char)name[i];
		int plain = c >= 0x20 && c < 0x7f && !strchr("\"\\%/;", c);

		ascii &= c >= 0x20 && c < 0x7f;
		/* One '_' per character, not per byte. */
		if ((c & 0xc0) != 0x80)
			buf[k++] = plain ? (char)c : '_';
	}
	if (name[i] || k + 2 >= size)
		return -1;
	buf[k++] = '"';
	buf[k] = '\0';
	if (ascii)
		return 0;
	k += (size_t)snprintf(buf + k, size - k, "; filename*=UTF-8''");
	for (i = 0; name[i]; i++) {
		unsigned char c = (unsigned char)name[i];

		if (k + 4 >= size)
			return -1;
		/* RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~" */
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c && strchr("!#$&+-.^_`|~", c))) {
			buf[k++] = (char)c;
		} else {
			buf[k++] = '%';
			buf[k++] = hex[c >> 4];
			buf[k++] = hex[c & 15];
		}
	}
	buf[k] = '\0';
	return 0;
}

int serve_host_allowed(const char *host, unsigned port, const char *hostname)
{
	char name[256];
	const char *colon;
	size_t n;
	unsigned char addr[16];

	if (!host || !*host || strlen(host) >= sizeof(name))
		return 0;
	if (host[0] == '[') {
		const char *close = strchr(host, ']');

		if (!close)
			return 0;
		n = (size_t)(close - host - 1);
		colon = close[1] == ':' ? close + 1 : close[1] ? host : NULL;
		if (colon == host)
			return 0;
		snprintf(name, sizeof(name), "%.*s", (int)n, host + 1);
		if (inet_pton(AF_INET6, name, addr) != 1)
			return 0;
	} else {
		colon = strrchr(host, ':');
		n = colon ? (size_t)(colon - host) : strlen(host);
		snprintf(name, sizeof(name), "%.*s", (int)n, host);
		if (inet_pton(AF_INET, name, addr) != 1 && strcasecmp(name, "localhost") &&
		    (!hostname || !*hostname || strcasecmp(name, hostname)))
			return 0;
	}
	if (colon) {
		char *e;
		unsigned long p = strtoul(colon + 1, &e, 10);

		if (!colon[1] || *e || p != port)
			return 0;
	} else if (port != 80) {
		return 0;
	}
	return 1;
}

/* Removes dir and what a request left in it (files and folders, a few levels). */
static void remove_tree(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	sb path;

	sb_init(&path);
	if (d) {
		while ((de = readdir(d)) != NULL) {
			struct stat st;

			/* Out of memory, an entry stays, and so does the folder. */
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
			    !sb_setf(&path, "%s/%s", dir, de->d_name))
				continue;
			if (lstat(path.buf, &st) == 0 && S_ISDIR(st.st_mode) && depth < 8)
				remove_tree(path.buf, depth + 1);
			else
				unlink(path.buf);
		}
		closedir(d);
	}
	sb_release(&path);
	rmdir(dir);
}

static void security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'none'; style-src 'self'; img-src 'self'; "
				"form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	/* Not no-referrer: then browsers send "Origin: null" with our own forms. */
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result respond(struct MHD_Connection *con, int status, const char *type, char *body,
			    size_t len, const char *filename)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret;
	char cd[1024];

	if (!r) {
		free(body);
		return MHD_NO;
	}
	security_headers(r);
	MHD_add_response_header(r, "Content-Type", type);
	if (filename && *filename && serve_content_disposition(filename, cd, sizeof(cd)) == 0)
		MHD_add_response_header(r, "Content-Disposition", cd);
	ret = MHD_queue_response(con, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *con, int status, const char *msg)
{
	char *body = dupn(msg, strlen(msg));

	if (!body)
		return MHD_NO;
	return respond(con, status, "text/plain; charset=utf-8", body, strlen(body), NULL);
}

/* Compares the whole token whatever the input, so timing says nothing. */
static int token_ok(const char *want, const serve_field *got)
{
	size_t i, n = strlen(want);
	unsigned char diff = 0;

	if (!got || got->len != n)
		return 0;
	for (i = 0; i < n; i++)
		diff |= (unsigned char)(want[i] ^ got->data[i]);
	return diff == 0;
}

/* Browsers send Origin with every POST; one that is not us is a forgery. */
static int origin_ok(struct MHD_Connection *con, const char *host)
{
	const char *origin = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Origin");
	const char *site = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Sec-Fetch-Site");

	if (site && !strcmp(site, "cross-site"))
		return 0;
	if (!origin)
		return 1;
	return !strncmp(origin, "http://", 7) && !strcmp(origin + 7, host);
}

static enum MHD_Result answer(struct server *s, struct MHD_Connection *con, const char *url,
			      const char *method, struct request *rq)
{
	const char *host = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Host");
	const char *ctype = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type");
	const char *ui = MHD_lookup_connection_value(con, MHD_GET_ARGUMENT_KIND, "lang");
	serve_form form = { 0 };
	serve_parse_code pc = SERVE_OK;
	web_response out = { 0 };
	int post = !strcmp(method, "POST");
	sb dir;

	if (rq->too_large)
		return send_text(con, 413, "413 the request is larger than the server accepts\n");
	if (rq->busy)
		return send_text(con, 503, "503 the server is busy with other uploads: try again\n");
	if (post) {
		if (ctype && !strncasecmp(ctype, "multipart/form-data", 19))
			pc = serve_parse_multipart(ctype, rq->buf ? rq->buf : "", rq->len, &form);
		else if (ctype && !strncasecmp(ctype, "application/x-www-form-urlencoded", 33))
			pc = serve_parse_urlencoded(rq->buf ? rq->buf : "", rq->len, &form);
		else
			pc = SERVE_BAD;
		if (pc != SERVE_OK) {
			serve_form_release(&form);
			return pc == SERVE_TOO_LARGE ? send_text(con, 413, "413 an upload is past the limits\n")
			       : pc == SERVE_NOMEM ? send_text(con, 503, "503 out of memory\n")
						   : send_text(con, 400, "400 malformed form data\n");
		}
		if (!token_ok(s->csrf, serve_form_get(&form, CSRF_FIELD)) || !origin_ok(con, host)) {
			serve_form_release(&form);
			return send_text(con, 403, "403 the form's token is missing or stale: reload the page\n");
		}
	}
	sb_init(&dir);
	if (!sb_setf(&dir, "%s/rXXXXXX", s->tmp.buf) || !mkdtemp(dir.buf)) {
		sb_release(&dir);
		serve_form_release(&form);
		return send_text(con, 503, "503 cannot create a temporary folder\n");
	}
	web_handle(s->app, post ? "POST" : "GET", url, ui ? ui : "", &form, dir.buf, &out);
	remove_tree(dir.buf, 0);
	sb_release(&dir);
	serve_form_release(&form);
	if (!out.body)
		return send_text(con, 503, "503 out of memory\n");
	return respond(con, out.status, out.type, out.body, out.len, out.filename);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *con, const char *url,
			       const char *method, const char *version, const char *upload,
			       size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct request *rq = *con_cls;

	(void)version;
	if (!rq) {
		const char *host = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Host");
		const char *clen = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");

		rq = calloc(1, sizeof(*rq));
		if (!rq)
			return MHD_NO;
		rq->s = s;
		rq->start = elapsed_now();
		*con_cls = rq;
		if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST"))
			return send_text(con, 405, "405 method not allowed\n");
		if (!serve_host_allowed(host, atomic_load(&s->port), s->hostname))
			return send_text(con, 421, "421 this server does not answer for that Host\n");
		if (clen && strtoull(clen, NULL, 10) > SERVE_MAX_BODY)
			return send_text(con, 413, "413 the request is larger than the server accepts\n");
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;

		*upload_size = 0;
		/* A client that drips its body stays within the idle timeout: cut it off. */
		if (elapsed_now() - rq->start > SERVE_REQUEST_SECONDS)
			return MHD_NO;
		if (rq->too_large || rq->busy || rq->len + n > SERVE_MAX_BODY) {
			rq->too_large |= !rq->busy;
			return MHD_YES;
		}
		if (rq->len + n + 1 > rq->cap) {
			size_t ncap = rq->cap ? rq->cap : 65536;
			char *nb;

			while (ncap < rq->len + n + 1)
				ncap *= 2;
			if (!reserve(s, ncap - rq->cap)) {
				rq->busy = 1;
				return MHD_YES;
			}
			nb = realloc(rq->buf, ncap);
			if (!nb) {
				unreserve(s, ncap - rq->cap);
				return MHD_NO;
			}
			rq->buf = nb;
			rq->cap = ncap;
		}
		memcpy(rq->buf + rq->len, upload, n);
		rq->len += n;
		rq->buf[rq->len] = '\0';
		return MHD_YES;
	}
	return answer(s, con, url, method, rq);
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)con;
	(void)toe;
	if (rq) {
		unreserve(rq->s, rq->cap);
		free(rq->buf);
		free(rq);
		*con_cls = NULL;
	}
}

/* "ADDR:PORT", "[ADDR6]:PORT" or "localhost:PORT" into sa. */
static ag_code parse_listen(const char *listen, struct sockaddr_storage *sa, unsigned *port,
			    int *loopback, ag_error *err)
{
	char host[128];
	const char *colon;
	char *e;
	unsigned long p;

	memset(sa, 0, sizeof(*sa));
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');

		colon = close && close[1] == ':' ? close + 1 : NULL;
		if (!colon || (size_t)(close - listen - 1) >= sizeof(host))
			goto bad;
		snprintf(host, sizeof(host), "%.*s", (int)(close - listen - 1), listen + 1);
	} else {
		colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof(host))
			goto bad;
		snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	}
	p = strtoul(colon + 1, &e, 10);
	if (!colon[1] || *e || p > 65535)
		goto bad;
	*port = (unsigned)p;
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof(host), "127.0.0.1");
	if (listen[0] != '[') {
		struct sockaddr_in *in = (struct sockaddr_in *)sa;

		if (inet_pton(AF_INET, host, &in->sin_addr) != 1)
			goto bad;
		in->sin_family = AF_INET;
		in->sin_port = htons((unsigned short)p);
		*loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;

		if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1)
			goto bad;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((unsigned short)p);
		*loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	return AG_OK;
bad:
	return ag_fail(err, AG_ERR_USAGE, "--listen", 0,
		       "'%s' is not ADDR:PORT (an IPv4 address, [IPv6 address] or localhost, and a port)",
		       listen);
}

ag_code serve_run(const serve_opts *o, ag_error *err)
{
	struct server s;
	struct sockaddr_storage sa;
	struct MHD_Daemon *d = NULL;
	const union MHD_DaemonInfo *info;
	unsigned char rnd[32];
	sigset_t set;
	int loopback = 0, sig, i;
	unsigned port = 0;
	char url[300];
	const char *tmp = getenv("TMPDIR");

	memset(&s, 0, sizeof(s));
	if (parse_listen(o->listen ? o->listen : SERVE_DEFAULT_LISTEN, &sa, &port, &loopback, err))
		return err->code;
	atomic_init(&s.port, port);
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return ag_fail(err, AG_ERR_INTERNAL, NULL, 0, "cannot read random bytes for the form token");
	for (i = 0; i < 32; i++)
		snprintf(s.csrf + 2 * i, 3, "%02x", rnd[i]);
	if (gethostname(s.hostname, sizeof(s.hostname)) != 0)
		s.hostname[0] = '\0';
	sb_init(&s.tmp);
	if (!sb_setf(&s.tmp, "%s/annexgen-serve.XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp"))
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	if (!mkdtemp(s.tmp.buf)) {
		ag_fail(err, AG_ERR_CANTCREAT, s.tmp.buf, 0, "cannot create the temporary folder: %s",
			strerror(errno));
		sb_release(&s.tmp);
		return err->code;
	}
	s.app = web_new(o->cat, o->tpl, s.csrf);
	pthread_mutex_init(&s.lock, NULL);
	if (!s.app) {
		pthread_mutex_destroy(&s.lock);
		remove_tree(s.tmp.buf, 0);
		sb_release(&s.tmp);
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	}
	/* Every thread libmicrohttpd starts inherits this mask: only sigwait sees the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
				     (sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
			     (uint16_t)port, NULL, NULL, handler, &s,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS / 2,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT,
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     MHD_OPTION_END);
	if (!d) {
		web_free(s.app);
		pthread_mutex_destroy(&s.lock);
		remove_tree(s.tmp.buf, 0);
		sb_release(&s.tmp);
		return ag_fail(err, AG_ERR_CANTCREAT, o->listen ? o->listen : SERVE_DEFAULT_LISTEN, 0,
			       "cannot listen there (in use, or not an address of this machine?)");
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (info && info->port)
		atomic_store(&s.port, port = info->port);
	/* Bound to every address: name the machine, which the Host check accepts. */
	if (!loopback && *s.hostname &&
	    ((sa.ss_family == AF_INET && ((struct sockaddr_in *)&sa)->sin_addr.s_addr == htonl(INADDR_ANY)) ||
	     (sa.ss_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *)&sa)->sin6_addr)))) {
		snprintf(url, sizeof(url), "http://%s:%u/", s.hostname, port);
	} else if (sa.ss_family == AF_INET6) {
		char a[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, a, sizeof(a));
		snprintf(url, sizeof(url), "http://[%s]:%u/", a, port);
	} else {
		char a[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, a, sizeof(a));
		snprintf(url, sizeof(url), "http://%s:%u/", a, port);
	}
	if (o->ready)
		o->ready(o->ctx, url, loopback);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	web_free(s.app);
	pthread_mutex_destroy(&s.lock);
	remove_tree(s.tmp.buf, 0);
	sb_release(&s.tmp);
	return AG_OK;
}
