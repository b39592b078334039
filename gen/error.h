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

/* Formats err as "file:line: msg" (parts omitted when unknown) into buf. */
void ag_error_format(const ag_error *err, char *buf, size_t size);

#endif
