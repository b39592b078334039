/* Tests for fileio: read-back, limits, refusals, and that a failed atomic
 * write (permissions, RLIMIT_FSIZE) leaves the old file and no temporary. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"

#include "banned.h"

struct fixture {
	char dir[256];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *tmpdir = getenv("TMPDIR");

	if (!f)
		return -1;
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	snprintf(f->dir, sizeof(f->dir), "%s/test_fileio.XXXXXX", tmpdir);
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static void rm_rf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700);
	d = opendir(path);
	if (d) {
		while ((e = readdir(d))) {
			char sub[1024];

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rm_rf(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	rm_rf(f->dir);
	free(f);
	return 0;
}

static void join(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);

	assert_true(n > 0 && (size_t)n < size);
}

/* Entries in dir, to check that no temporary file is left behind. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_write_read_back(void **state)
{
	struct fixture *f = *state;
	static const char data[] = "hello\0world";
	char path[512], *buf;
	ag_error err = { 0 };
	struct stat st;
	size_t len;

	join(path, sizeof(path), f->dir, "out.txt");
	assert_int_equal(fileio_write_atomic(path, data, sizeof(data), &err), AG_OK);
	assert_int_equal(fileio_read(path, 1024, &buf, &len, &err), AG_OK);
	assert_int_equal(len, sizeof(data));
	assert_memory_equal(buf, data, sizeof(data));
	assert_int_equal(buf[len], '\0');
	free(buf);

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);

	/* Overwrite with something shorter, and with nothing at all. */
	assert_int_equal(fileio_write_atomic(path, "x", 1, &err), AG_OK);
	assert_int_equal(fileio_read(path, 1024, &buf, &len, &err), AG_OK);
	assert_int_equal(len, 1);
	assert_string_equal(buf, "x");
	free(buf);
	assert_int_equal(fileio_write_atomic(path, NULL, 0, &err), AG_OK);
	assert_int_equal(fileio_read(path, 1024, &buf, &len, &err), AG_OK);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
	assert_int_equal(count_entries(f->dir), 1);
}

static void test_large_read_back(void **state)
{
	struct fixture *f = *state;
	size_t big = 3 * 1024 * 1024 + 17, len, i;
	char path[512], *data = malloc(big), *buf;
	ag_error err = { 0 };

	assert_non_null(data);
	for (i = 0; i < big; i++)
		data[i] = (char)(i * 31 + 7);
	join(path, sizeof(path), f->dir, "big.bin");
	assert_int_equal(fileio_write_atomic(path, data, big, &err), AG_OK);
	assert_int_equal(fileio_read(path, big, &buf, &len, &err), AG_OK);
	assert_int_equal(len, big);
	assert_memory_equal(buf, data, big);
	free(buf);
	free(data);
}

static void test_read_limit(void **state)
{
	struct fixture *f = *state;
	char path[512], *buf = (char *)1;
	ag_error err = { 0 };
	size_t len = 99;

	join(path, sizeof(path), f->dir, "ten.txt");
	assert_int_equal(fileio_write_atomic(path, "0123456789", 10, &err), AG_OK);

	assert_int_equal(fileio_read(path, 9, &buf, &len, &err), AG_ERR_LIMIT);
	assert_int_equal(err.code, AG_ERR_LIMIT);
	assert_null(buf);
	assert_int_equal(len, 0);
	assert_non_null(strstr(err.msg, "is larger than the limit of 9 bytes"));
	assert_non_null(strstr(err.msg, path));

	/* Exactly at the limit is fine. */
	assert_int_equal(fileio_read(path, 10, &buf, &len, &err), AG_OK);
	assert_int_equal(len, 10);
	free(buf);
}

static void test_read_missing(void **state)
{
	struct fixture *f = *state;
	char path[512], *buf;
	ag_error err = { 0 };
	size_t len;

	join(path, sizeof(path), f->dir, "nope");
	assert_int_equal(fileio_read(path, 100, &buf, &len, &err), AG_ERR_NOINPUT);
	assert_null(buf);
	assert_non_null(strstr(err.msg, "nope'"));
	assert_non_null(strstr(err.msg, strerror(ENOENT)));
}

static void test_read_not_regular(void **state)
{
	struct fixture *f = *state;
	char path[512], *buf;
	ag_error err = { 0 };
	size_t len;

	/* A folder opens fine with O_RDONLY: it must still be refused. */
	assert_int_equal(fileio_read(f->dir, 100, &buf, &len, &err), AG_ERR_NOINPUT);
	assert_null(buf);
	assert_non_null(strstr(err.msg, "is not a regular file"));

	/* A FIFO must be refused without blocking on the open. */
	join(path, sizeof(path), f->dir, "fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(fileio_read(path, 100, &buf, &len, &err), AG_ERR_NOINPUT);
	assert_non_null(strstr(err.msg, "is not a regular file"));
}

static void test_write_unwritable(void **state)
{
	struct fixture *f = *state;
	char sub[512], path[600], *buf;
	ag_error err = { 0 };
	size_t len;

	if (geteuid() != 0) {
		join(sub, sizeof(sub), f->dir, "ro");
		assert_int_equal(mkdir(sub, 0755), 0);
		join(path, sizeof(path), sub, "out.txt");
		assert_int_equal(fileio_write_atomic(path, "old", 3, &err), AG_OK);
		assert_int_equal(chmod(sub, 0555), 0);
		assert_int_equal(fileio_write_atomic(path, "new", 3, &err),
				 AG_ERR_CANTCREAT);
		assert_non_null(strstr(err.msg, strerror(EACCES)));
		assert_int_equal(chmod(sub, 0755), 0);
		assert_int_equal(fileio_read(path, 100, &buf, &len, &err), AG_OK);
		assert_string_equal(buf, "old");
		free(buf);
		assert_int_equal(count_entries(sub), 1);
	}

	/* Root ignores permissions, but not a regular file standing where a
	 * folder should be. Run this case for everyone. */
	join(sub, sizeof(sub), f->dir, "plain");
	assert_int_equal(fileio_write_atomic(sub, "x", 1, &err), AG_OK);
	join(path, sizeof(path), sub, "out.txt");
	assert_int_equal(fileio_write_atomic(path, "new", 3, &err), AG_ERR_CANTCREAT);
	assert_int_equal(err.code, AG_ERR_CANTCREAT);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, strerror(ENOTDIR)));

	/* And a name with no file part. */
	join(path, sizeof(path), f->dir, "");
	assert_int_equal(fileio_write_atomic(path, "x", 1, &err), AG_ERR_CANTCREAT);
}

static void test_write_over_non_file(void **state)
{
	struct fixture *f = *state;
	char path[512], inner[600];
	ag_error err = { 0 };

	/* A folder at the destination (rename would fail) and a FIFO (rename
	 * would silently replace it) are refused before any temporary is
	 * written, naming the path. */
	join(path, sizeof(path), f->dir, "taken");
	assert_int_equal(mkdir(path, 0755), 0);
	join(inner, sizeof(inner), path, "keep");
	assert_int_equal(fileio_write_atomic(inner, "k", 1, &err), AG_OK);
	assert_int_equal(fileio_write_atomic(path, "new", 3, &err), AG_ERR_CANTCREAT);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_non_null(strstr(err.msg, path));
	assert_int_equal(count_entries(f->dir), 1);
	assert_int_equal(count_entries(path), 1);
	join(path, sizeof(path), f->dir, "fifo");
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(fileio_write_atomic(path, "new", 3, &err), AG_ERR_CANTCREAT);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(count_entries(f->dir), 2);
	{
		struct stat sb;

		assert_int_equal(lstat(path, &sb), 0);
		assert_true(S_ISFIFO(sb.st_mode));
	}
}

static void test_temp_names(void **state)
{
	(void)state;
	assert_true(fileio_is_temp(".a.odt" FILEIO_TEMP_MARK "Ab09xZ", "a.odt"));
	assert_false(fileio_is_temp(".a.odt.tmpAb09xZ", "a.odt"));          /* a person's */
	assert_false(fileio_is_temp(".a.odt" FILEIO_TEMP_MARK "Ab09x", "a.odt"));
	assert_false(fileio_is_temp(".a.odt" FILEIO_TEMP_MARK "Ab09xZ1", "a.odt"));
	assert_false(fileio_is_temp(".b.odt" FILEIO_TEMP_MARK "Ab09xZ", "a.odt"));
	assert_false(fileio_is_temp(".a.odt" FILEIO_TEMP_MARK "Ab-9xZ", "a.odt"));
}

static void test_lock(void **state)
{
	struct fixture *f = *state;
	ag_error err = { 0 };
	int a, b;

	assert_int_equal(fileio_lock(f->dir, &a, &err), AG_OK);
	/* A second open of the folder is another lock holder: refused. */
	assert_int_equal(fileio_lock(f->dir, &b, &err), AG_ERR_LOCKED);
	assert_int_equal(b, -1);
	assert_non_null(strstr(err.msg, f->dir));
	fileio_unlock(a);
	assert_int_equal(fileio_lock(f->dir, &b, &err), AG_OK);
	fileio_unlock(b);
	fileio_unlock(-1);
}

static void test_write_relative(void **state)
{
	struct fixture *f = *state;
	char cwd[1024], *buf;
	ag_error err = { 0 };
	size_t len;

	/* A bare name lives in the current folder. */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(fileio_write_atomic("rel.txt", "r", 1, &err), AG_OK);
	assert_int_equal(fileio_read("rel.txt", 10, &buf, &len, &err), AG_OK);
	assert_string_equal(buf, "r");
	free(buf);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(count_entries(f->dir), 1);
}

static void test_write_fsize_limit(void **state)
{
	struct fixture *f = *state;
	char path[512], *buf;
	ag_error err = { 0 };
	size_t len;
	pid_t pid;
	int status;

	join(path, sizeof(path), f->dir, "limited.txt");
	assert_int_equal(fileio_write_atomic(path, "old content", 11, &err), AG_OK);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* The child does what main does: ignore SIGXFSZ so the write
		 * fails with EFBIG. Exit codes say which check failed. */
		struct rlimit rl = { 4096, 4096 };
		static char big[65536];
		ag_error cerr = { 0 };

		memset(big, 'n', sizeof(big));
		if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
			_exit(10);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(11);
		if (fileio_write_atomic(path, big, sizeof(big), &cerr) != AG_ERR_IO)
			_exit(12);
		if (!strstr(cerr.msg, strerror(EFBIG)) || !strstr(cerr.msg, path))
			_exit(13);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	assert_int_equal(fileio_read(path, 100, &buf, &len, &err), AG_OK);
	assert_string_equal(buf, "old content");
	free(buf);
	assert_int_equal(count_entries(f->dir), 1);
}

static void test_mkdirs(void **state)
{
	struct fixture *f = *state;
	char path[512], file[512];
	ag_error err = { 0 };
	struct stat st;

	join(path, sizeof(path), f->dir, "a/b//c/");
	assert_int_equal(fileio_mkdirs(path, &err), AG_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* Again: existing folders are fine. */
	assert_int_equal(fileio_mkdirs(path, &err), AG_OK);
	assert_int_equal(fileio_mkdirs(f->dir, &err), AG_OK);
	assert_int_equal(fileio_mkdirs("/", &err), AG_OK);
	assert_int_equal(fileio_mkdirs(".", &err), AG_OK);

	/* A file in the way. */
	join(file, sizeof(file), f->dir, "a/file");
	assert_int_equal(fileio_write_atomic(file, "x", 1, &err), AG_OK);
	assert_int_equal(fileio_mkdirs(file, &err), AG_ERR_CANTCREAT);
	assert_non_null(strstr(err.msg, "is not a folder"));
	join(path, sizeof(path), f->dir, "a/file/sub");
	assert_int_equal(fileio_mkdirs(path, &err), AG_ERR_CANTCREAT);

	assert_int_equal(fileio_mkdirs("", &err), AG_ERR_CANTCREAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_unwritable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_over_non_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_relative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_fsize_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdirs, setup, teardown),
		cmocka_unit_test(test_temp_names),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
