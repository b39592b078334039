/* Error values shared by every module: codes, their descriptions and exit
 * statuses, and the one helper that fills an ag_error. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <sysexits.h>

#include "banned.h"

static const struct {
	const char *text;
	int status;
} codes[AG_ERR_COUNT] = {
	[AG_OK] = { "success", EX_OK },
	[AG_ERR_USAGE] = { "usage error", EX_USAGE },
	[AG_ERR_DATA] = { "invalid input data", EX_DATAERR },
	[AG_ERR_NOINPUT] = { "cannot open input", EX_NOINPUT },
	[AG_ERR_LIMIT] = { "input exceeds a limit", EX_DATAERR },
	[AG_ERR_IO] = { "input/output error", EX_IOERR },
	[AG_ERR_CANTCREAT] = { "cannot create output", EX_CANTCREAT },
	[AG_ERR_EDITED] = { "output edited by a person", 3 },
	[AG_ERR_NOMEM] = { "out of memory", EX_OSERR },
	[AG_ERR_INTERNAL] = { "internal error", EX_SOFTWARE },
};

const char *ag_strerror(ag_code code)
{
	if ((unsigned)code >= AG_ERR_COUNT)
		return "unknown error";
	return codes[code].text;
}

int ag_exit_status(ag_code code)
{
	if ((unsigned)code >= AG_ERR_COUNT)
		return EX_SOFTWARE;
	return codes[code].status;
}

ag_code ag_fail(ag_error *err, ag_code code, const char *file, long line,
		const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void ag_error_format(const ag_error *err, char *buf, size_t size)
{
	if (err->file[0] && err->line > 0)
		snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		snprintf(buf, size, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, size, "%s", err->msg);
}
