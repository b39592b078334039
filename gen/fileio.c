/* File system access for annexgen: bounded whole-file reads, crash-safe
 * replacement of outputs (temporary file, fsync, rename) and mkdir -p. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "xmlw.h"

#include "banned.h"

/* sb_read's source: read(2), across signals. */
static long read_fd(void *src, char *buf, size_t n)
{
	int fd = *(int *)src;
	ssize_t k;

	do
		k = read(fd, buf, n);
	while (k < 0 && errno == EINTR);
	return (long)k;
}

ag_code fileio_read(const char *path, size_t max, char **out, size_t *len,
		    ag_error *err)
{
	struct stat st;
	sb buf;
	ag_code code = AG_OK;
	int fd;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK so a FIFO in place of a template cannot hang us before
	 * fstat has a chance to refuse it; it changes nothing for regular files. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return ag_fail(err, AG_ERR_NOINPUT, NULL, 0, "cannot open '%s': %s",
			       path, strerror(errno));
	sb_init(&buf);
	if (fstat(fd, &st) < 0) {
		code = ag_fail(err, AG_ERR_IO, NULL, 0, "cannot stat '%s': %s",
			       path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		code = ag_fail(err, AG_ERR_NOINPUT, NULL, 0,
			       "'%s' is not a regular file", path);
		goto fail;
	}
	/* st_size is only a first guess: the file may grow while we read. */
	if ((uintmax_t)st.st_size > (uintmax_t)max) {
		code = ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			       "'%s' is larger than the limit of %zu bytes", path, max);
		goto fail;
	}
	switch (sb_read(&buf, max, (size_t)st.st_size, read_fd, &fd)) {
	case SB_READ_OK:
		break;
	case SB_READ_LIMIT:
		code = ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			       "'%s' is larger than the limit of %zu bytes", path, max);
		goto fail;
	case SB_READ_ERROR:
		code = ag_fail(err, AG_ERR_IO, NULL, 0, "cannot read '%s': %s",
			       path, strerror(errno));
		goto fail;
	default:
		code = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", path);
		goto fail;
	}
	close(fd);
	/* An empty file still gets its own buffer: callers free what they get. */
	if (!buf.cap)
		sb_addn(&buf, "", 0);
	*out = sb_detach(&buf, len);
	if (!*out)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", path);
	return AG_OK;

fail:
	sb_release(&buf);
	close(fd);
	return code;
}

/* write(2) until done: short writes happen on signals and near quotas. */
static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			/* Not meant to happen for regular files; don't spin on it. */
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fsync_retry(int fd)
{
	int r;

	do
		r = fsync(fd);
	while (r < 0 && errno == EINTR);
	return r;
}

/* The rename is only durable once the folder's entry is on disk. A folder
 * we may write but not read (mode 0333) cannot be opened for fsync; that
 * costs durability, not correctness, so it is not an error. Filesystems
 * that cannot fsync folders say EINVAL. */
static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
	int r, saved;

	if (fd < 0)
		return 0;
	r = fsync_retry(fd);
	saved = errno;
	close(fd);
	if (r < 0 && saved != EINVAL) {
		errno = saved;
		return -1;
	}
	return 0;
}

ag_code fileio_write_atomic(const char *path, const void *data, size_t len,
			    ag_error *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir = NULL, *tmp = NULL;
	size_t dirlen, tmpsize;
	int fd = -1, tmp_exists = 0;
	struct stat info;
	ag_code code;

	if (!*base)
		return ag_fail(err, AG_ERR_CANTCREAT, NULL, 0,
			       "cannot write '%s': not a file name", path);
	/* "/x" lives in "/", "x" in ".". */
	dirlen = slash ? (slash == path ? 1 : (size_t)(slash - path)) : 1;
	dir = malloc(dirlen + 1);
	tmpsize = dirlen + strlen(base) + sizeof("/." FILEIO_TEMP_MARK "XXXXXX");
	tmp = malloc(tmpsize);
	if (!dir || !tmp) {
		code = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory writing '%s'", path);
		goto fail;
	}
	memcpy(dir, slash ? path : ".", dirlen);
	dir[dirlen] = '\0';
	/* rename would replace a FIFO, socket or device without a word; a
	 * folder it cannot replace. Refuse both before writing anything. */
	if (lstat(path, &info) == 0 && !S_ISREG(info.st_mode) && !S_ISLNK(info.st_mode)) {
		code = ag_fail(err, AG_ERR_CANTCREAT, NULL, 0,
			       "cannot replace '%s': it is not a regular file", path);
		goto fail;
	}
	snprintf(tmp, tmpsize, "%s%s.%s" FILEIO_TEMP_MARK "XXXXXX", dir,
		 dir[dirlen - 1] == '/' ? "" : "/", base);

	fd = mkstemp(tmp);
	if (fd < 0) {
		code = ag_fail(err, AG_ERR_CANTCREAT, NULL, 0,
			       "cannot create a temporary file for '%s': %s",
			       path, strerror(errno));
		goto fail;
	}
	tmp_exists = 1;
	/* mkstemp gives 0600; outputs are documents meant to be shared. */
	if (fchmod(fd, 0644) < 0 ||
	    write_all(fd, data, len) < 0 ||
	    fsync_retry(fd) < 0) {
		code = ag_fail(err, AG_ERR_IO, NULL, 0, "cannot write '%s': %s",
			       path, strerror(errno));
		goto fail;
	}
	/* close can report a deferred write error (NFS, quotas). */
	if (close(fd) < 0) {
		fd = -1;
		code = ag_fail(err, AG_ERR_IO, NULL, 0, "cannot write '%s': %s",
			       path, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		code = ag_fail(err, AG_ERR_IO, NULL, 0, "cannot rename '%s' to '%s': %s",
			       tmp, path, strerror(errno));
		goto fail;
	}
	tmp_exists = 0;
	if (fsync_dir(dir) < 0) {
		code = ag_fail(err, AG_ERR_IO, NULL, 0,
			       "cannot sync the folder of '%s': %s", path, strerror(errno));
		goto fail;
	}
	free(dir);
	free(tmp);
	return AG_OK;

fail:
	if (fd >= 0)
		close(fd);
	if (tmp_exists)
		unlink(tmp);
	free(dir);
	free(tmp);
	return code;
}

static ag_code mkdir_one(const char *whole, const char *dir, ag_error *err)
{
	struct stat st;

	if (mkdir(dir, 0755) == 0)
		return AG_OK;
	/* EEXIST may also be a file or a dangling link; and when a parent is
	 * read-only, mkdir says EACCES or EROFS even for an existing folder. */
	if (errno == EEXIST || errno == EACCES || errno == EROFS) {
		int saved = errno;

		if (stat(dir, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				return AG_OK;
			return ag_fail(err, AG_ERR_CANTCREAT, NULL, 0,
				       "cannot create folder '%s': '%s' is not a folder",
				       whole, dir);
		}
		errno = saved;
	}
	return ag_fail(err, AG_ERR_CANTCREAT, NULL, 0,
		       "cannot create folder '%s': %s", whole, strerror(errno));
}

ag_code fileio_mkdirs(const char *path, ag_error *err)
{
	size_t n = strlen(path), i;
	ag_code code = AG_OK;
	char *buf;

	if (!n)
		return ag_fail(err, AG_ERR_CANTCREAT, NULL, 0,
			       "cannot create a folder with an empty name");
	buf = malloc(n + 1);
	if (!buf)
		return ag_fail(err, AG_ERR_NOMEM, NULL, 0,
			       "out of memory creating folder '%s'", path);
	memcpy(buf, path, n + 1);
	/* Each prefix ending before a '/', then the whole path; repeated
	 * slashes and a leading '/' give empty or root prefixes, skipped. */
	for (i = 1; i <= n && code == AG_OK; i++) {
		if (i < n && (buf[i] != '/' || buf[i - 1] == '/'))
			continue;
		if (i == n && buf[i - 1] == '/')
			break;
		buf[i] = '\0';
		code = mkdir_one(path, buf, err);
		buf[i] = i < n ? '/' : '\0';
	}
	free(buf);
	return code;
}

int fileio_is_temp(const char *name, const char *base)
{
	size_t nb = strlen(base), nm = sizeof(FILEIO_TEMP_MARK) - 1, i;

	if (name[0] != '.' || strncmp(name + 1, base, nb) || strncmp(name + 1 + nb, FILEIO_TEMP_MARK, nm))
		return 0;
	name += 1 + nb + nm;
	/* mkstemp's six characters: letters and digits. */
	for (i = 0; i < 6; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return name[6] == '\0';
}

ag_code fileio_lock(const char *dir, int *fd, ag_error *err)
{
	/* The folder itself is locked, not a lock file in it: nothing to
	 * create, nothing a killed run leaves behind. */
	*fd = open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
	if (*fd < 0)
		return ag_fail(err, AG_ERR_CANTCREAT, NULL, 0, "cannot open folder '%s': %s",
			       dir, strerror(errno));
	while (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;

		if (e == EINTR)
			continue;
		close(*fd);
		*fd = -1;
		if (e == EOPNOTSUPP || e == ENOLCK)
			return AG_OK;
		if (e == EWOULDBLOCK)
			return ag_fail(err, AG_ERR_LOCKED, NULL, 0,
				       "another annexgen run is writing to '%s': try again when it has finished",
				       dir);
		return ag_fail(err, AG_ERR_CANTCREAT, NULL, 0, "cannot lock folder '%s': %s",
			       dir, strerror(e));
	}
	return AG_OK;
}

void fileio_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
