/* File system access for annexgen: bounded whole-file reads, crash-safe
 * replacement of outputs (temporary file, fsync, rename) and mkdir -p. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "banned.h"

ag_code fileio_read(const char *path, size_t max, char **out, size_t *len,
		    ag_error *err)
{
	struct stat st;
	char *buf = NULL;
	size_t cap, limit, used = 0;
	ag_code code;
	int fd;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK so a FIFO in place of a template cannot hang us before
	 * fstat has a chance to refuse it; it changes nothing for regular files. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return ag_fail(err, AG_ERR_NOINPUT, NULL, 0, "cannot open '%s': %s",
			       path, strerror(errno));
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
	if ((uintmax_t)st.st_size > (uintmax_t)max) {
		code = ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			       "'%s' is larger than the limit of %zu bytes", path, max);
		goto fail;
	}

	/* st_size is only a first guess: the file may grow while we read, so
	 * the buffer grows too, up to one byte past max to notice overflow.
	 * One spare byte beyond st_size lets the read that sees EOF happen
	 * without first doubling the buffer. */
	limit = max < SIZE_MAX - 2 ? max + 2 : SIZE_MAX;
	cap = (size_t)st.st_size + 2;
	if (cap < 4096)
		cap = 4096 < limit ? 4096 : limit;
	buf = malloc(cap);
	if (!buf)
		goto nomem;
	for (;;) {
		ssize_t n;

		if (used > max)
			break;
		if (used == cap - 1) {
			size_t want = cap <= limit / 2 ? cap * 2 : limit;
			char *p;

			if (want <= cap)
				goto nomem;
			p = realloc(buf, want);
			if (!p)
				goto nomem;
			buf = p;
			cap = want;
		}
		n = read(fd, buf + used, cap - 1 - used);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			code = ag_fail(err, AG_ERR_IO, NULL, 0, "cannot read '%s': %s",
				       path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	if (used > max) {
		code = ag_fail(err, AG_ERR_LIMIT, NULL, 0,
			       "'%s' is larger than the limit of %zu bytes", path, max);
		goto fail;
	}
	close(fd);
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return AG_OK;

nomem:
	code = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory reading '%s'", path);
fail:
	free(buf);
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
	ag_code code;

	if (!*base)
		return ag_fail(err, AG_ERR_CANTCREAT, NULL, 0,
			       "cannot write '%s': not a file name", path);
	/* "/x" lives in "/", "x" in ".". */
	dirlen = slash ? (slash == path ? 1 : (size_t)(slash - path)) : 1;
	dir = malloc(dirlen + 1);
	tmpsize = dirlen + strlen(base) + sizeof("/..tmpXXXXXX");
	tmp = malloc(tmpsize);
	if (!dir || !tmp) {
		code = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory writing '%s'", path);
		goto fail;
	}
	memcpy(dir, slash ? path : ".", dirlen);
	dir[dirlen] = '\0';
	snprintf(tmp, tmpsize, "%s%s.%s.tmpXXXXXX", dir,
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
