/* Whole-file reads with a size limit, atomic replacement of output files
 * and mkdir -p: the only places annexgen touches the file system directly. */
#ifndef FILEIO_H
#define FILEIO_H

#include <stddef.h>

#include "error.h"

/* Reads the regular file at path into a malloc'd buffer with a NUL after the
 * last byte (*out, caller frees; *len excludes the NUL). Fails with
 * AG_ERR_NOINPUT when path cannot be opened or is not a regular file,
 * AG_ERR_LIMIT when it holds more than max bytes (counted as read, not
 * trusted from stat), AG_ERR_IO on a read error, AG_ERR_NOMEM. On failure
 * *out is NULL and *len 0. */
ag_code fileio_read(const char *path, size_t max, char **out, size_t *len,
		    ag_error *err);

/* What a temporary file's name has between ".<base>" and six random
 * characters: the mark that lets a later run tell annexgen's own leftovers
 * from a person's files (fileio_is_temp). */
#define FILEIO_TEMP_MARK ".annexgen.tmp"

/* Replaces path with len bytes of data so that a reader sees either the old
 * file or the whole new one: writes "<dir>/.<base>.annexgen.tmpXXXXXX", fsyncs it,
 * gives it mode 0644, renames it over path, then fsyncs the folder. Fails
 * with AG_ERR_CANTCREAT, before writing anything, when path is a folder, a
 * FIFO, a socket or a device (rename would replace some of these without a
 * word; a symbolic link is replaced, not followed), when the temporary
 * file cannot be created, and
 * AG_ERR_IO when writing, syncing or renaming fails; then the temporary is
 * removed and path is untouched. A failure to fsync the folder after the
 * rename is also AG_ERR_IO, though path already holds the new data.
 *
 * A write past RLIMIT_FSIZE raises SIGXFSZ, which kills the process by
 * default; this module leaves signal dispositions alone, so the program
 * (main) must ignore SIGXFSZ for such a write to fail with EFBIG instead. */
ag_code fileio_write_atomic(const char *path, const void *data, size_t len,
			    ag_error *err);

/* Creates path and any missing parents with mode 0755 (before umask), like
 * mkdir -p. Succeeds when path already is a directory; AG_ERR_CANTCREAT
 * when a component cannot be created or is not a directory, AG_ERR_NOMEM. */
ag_code fileio_mkdirs(const char *path, ag_error *err);

/* Is the folder entry name a temporary file that fileio_write_atomic makes
 * for base ("." base FILEIO_TEMP_MARK and six characters of mkstemp)? */
int fileio_is_temp(const char *name, const char *base);

/* Takes an advisory lock (flock, exclusive) on the folder dir, which must
 * exist, so that two runs never write one output folder at once. On
 * success *fd holds the lock until fileio_unlock(*fd) or the end of the
 * process and of every child it forked. Fails with AG_ERR_LOCKED, naming
 * dir, when another process holds it; AG_ERR_CANTCREAT when dir cannot be
 * opened. File systems without flock (EOPNOTSUPP, ENOLCK) give no lock and
 * no error: *fd is then -1. */
ag_code fileio_lock(const char *dir, int *fd, ag_error *err);
void fileio_unlock(int fd);          /* -1 is ignored */

#endif
