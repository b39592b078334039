/* Errors as values: a module fills an ag_error and returns its code; only
 * main.c prints one (git-style) and turns the code into an exit status. */
#ifndef ERROR_H
#define ERROR_H

#include <stddef.h>

typedef enum {
	AG_OK = 0,
	AG_ERR_USAGE,      /* bad command line */
	AG_ERR_DATA,       /* input well-formed enough to read but wrong */
	AG_ERR_NOINPUT,    /* an input file cannot be opened */
	AG_ERR_LIMIT,      /* an input exceeds a documented limit */
	AG_ERR_IO,         /* reading or writing failed */
	AG_ERR_CANTCREAT,  /* an output file cannot be created */
	AG_ERR_EDITED,     /* an output was edited by a person: not overwritten */
	AG_ERR_NOMEM,
	AG_ERR_INTERNAL,
	AG_ERR_LOCKED,     /* another run holds the output folder's lock */
	AG_ERR_COUNT
} ag_code;

typedef struct {
	ag_code code;
	char file[512];   /* "" when the error has no file */
	long line;        /* 0 when unknown */
	char msg[1024];
} ag_error;

/* Static description of a code; never NULL. */
const char *ag_strerror(ag_code code);

/* Exit status for a code (sysexits.h values where one fits). */
int ag_exit_status(ag_code code);

/* Fills err (if not NULL) and returns code, so callers can write
 * `return ag_fail(err, AG_ERR_DATA, file, line, "duplicate item id '%s'", id);`.
 * file may be NULL. */
ag_code ag_fail(ag_error *err, ag_code code, const char *file, long line,
		const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Formats err as "file:line: msg" (parts omitted when unknown) into buf,
 * file and msg escaped as ag_escape does: the one place where what an
 * input said is made safe to print. */
void ag_error_format(const ag_error *err, char *buf, size_t size);

/* Copies the string in to buf (size bytes, always NUL-terminated) with every
 * character that could end the line or drive a terminal escaped, in the
 * spirit of git's quoted paths: "\n", "\t", "\r", "\xNN" for other C0
 * controls, DEL and bytes that are not UTF-8, "\uNNNN" for C1 controls
 * (CSI, NEL), U+2028/2029 and the bidi marks, embeddings, overrides and
 * isolates (U+061C, U+200E-200F, U+202A-202E, U+2066-2069). Other text,
 * Chinese included, is kept; a backslash is kept as it is (the escape is for
 * safety, not reversible). Cut at a character boundary when buf is full. */
void ag_escape(const char *in, char *buf, size_t size);

#endif
