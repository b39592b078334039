/* annexgen's command line: parses arguments, calls the modules, prints the one
 * error a command ends with (git-style) and picks the exit status. */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "batch.h"
#include "catalog.h"
#include "collect.h"
#include "compose.h"
#include "elapsed.h"
#include "fileio.h"
#include "generate.h"
#include "render.h"
#include "serve.h"
#include "tender.h"
#include "version.h"
#include "xmlload.h"
#include "xmlw.h"

#include "banned.h"

static const char usage_text[] =
	"usage: annexgen list [--catalog FILE] --type TYPE [--lang LANG]\n"
	"       annexgen validate FILE...\n"
	"       annexgen generate TENDER.xml [-o DIR] [--format odt|docx|both] [--catalog FILE]\n"
	"                         [--template FILE] [--force] [--dry-run]\n"
	"       annexgen generate [--catalog FILE] --type TYPE --kind annex|response|overview\n"
	"                         --format odt|docx [--exclude ID[:REASON]]... [--template FILE]\n"
	"                         -o PATH [--force]\n"
	"       annexgen batch [-o DIR] [-j N] [--format F] [--force] [--dry-run] [-q|-v] TENDER.xml...|DIR...\n"
	"       annexgen verify DIR\n"
	"       annexgen collect TENDER.xml [--type TYPE] [-o DIR] [--catalog FILE] [--template FILE]\n"
	"                        [--force] RESPONSE...\n"
	"       annexgen template --format odt|docx -o FILE [--force]\n"
	"       annexgen serve [--listen ADDR:PORT] [--catalog FILE] [--template FILE]\n"
	"       annexgen --help | --version\n";

static const char help_text[] =
	"annexgen turns a requirement catalogue into the documents of a public tender:\n"
	"a requirement annex and a vendor response form per service type, and an\n"
	"overview, as ODT (ODF 1.3) and DOCX (OOXML).\n\n"
	"Commands:\n"
	"  list       print the items of a service type's table: ID, domain, category, text\n"
	"  validate   check catalogue and tender files; print 'FILE: ok' or the error\n"
	"  generate   write a tender's documents to DIR/<tender id>/ (default DIR: out)\n"
	"             or, without a tender, one document to PATH (quick mode)\n"
	"  batch      generate many tenders (files, or folders of *.xml) in parallel; reruns\n"
	"             regenerate only tenders whose inputs changed; writes DIR/index.tsv\n"
	"  verify     recheck every file of DIR/index.tsv: edited, missing or unknown files\n"
	"  template   write a sample document with the built-in styles and placeholders, to\n"
	"             edit in LibreOffice or Word and use with --template\n"
	"  collect    read filled response forms (ODT/DOCX) of one service type, report their\n"
	"             problems, write matrix.csv, .odt and .docx to DIR (default:\n"
	"             out/<tender id>-collect-<type>)\n"
	"  serve      a local web page for all of the above (default 127.0.0.1:8080)\n\n"
	"Options:\n"
	"  --catalog FILE   catalogue to use (default: the bundled MODA V5.1 guide)\n"
	"  --type TYPE      service type id, e.g. iaas, paas, saas\n"
	"  --lang LANG      language of 'list' output (default: the official one)\n"
	"  --kind KIND      annex, response or overview (quick mode)\n"
	"  --format FMT     odt, docx or both (tender mode default: both)\n"
	"  --exclude ID[:REASON]  exclude an item (quick mode); a reason is required\n"
	"                   unless the catalogue marks the item excludable\n"
	"  -o PATH          output folder (tender) or file (quick mode)\n"
	"  --template FILE  take styles, page setup, header and footer from FILE.odt or\n"
	"                   FILE.docx (saved by LibreOffice or Word; see templates/README.md)\n"
	"  --force          regenerate, and overwrite files a person edited since generation\n"
	"                   (collect: the matrix files edited since collect wrote them)\n"
	"  --dry-run        (generate, batch) list what would be written and left alone, write nothing\n"
	"  -j N             (batch) worker processes (default: one per core)\n"
	"  -q, -v           (batch) no progress line / list every file written\n"
	"  -h, --help       show this help;  --version  show the version\n\n"
	"Exit status: 0 ok, 1 (batch) some tenders failed / (verify, collect) problems found,\n"
	"2 (collect) a response file could not be read,\n"
	"3 edited files left alone, 64 usage, 65 bad input data, 66 input missing,\n"
	"70 internal error, 73 cannot create output, 74 I/O error, 75 another run holds\n"
	"the output folder, 130 interrupted.\n";

struct args {
	const char *catalog, *type, *lang, *kind, *format, *out, *jobs, *template_path, *listen;
	template *tpl;
	int dry_run, quiet, verbose;
	const char **excludes;
	size_t nexcludes;
	const char **files;
	size_t nfiles;
	int force;
};

static int report(const ag_error *err)
{
	char buf[2048];

	ag_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "annexgen: %s\n", buf);
	return ag_exit_status(err->code);
}

/* Prints BEFORE TEXT AFTER to stdout with TEXT escaped as error messages are
 * (ag_escape): file names and lists of them come from the file system. */
static void print_escaped(const char *before, const char *text, const char *after)
{
	char buf[8192];

	ag_escape(text, buf, sizeof(buf));
	printf("%s%s%s", before, buf, after);
}

static int usage_error(const char *fmt, const char *arg)
{
	char buf[1024];

	/* An argument is quoted as any input is (a file name from a glob). */
	ag_escape(arg, buf, sizeof(buf));
	fprintf(stderr, "annexgen: ");
	fprintf(stderr, fmt, buf);
	fprintf(stderr, "\n%s", usage_text);
	return EX_USAGE;
}

/* The names of list's n entries (stride bytes apart, a const char * at
 * offset 0 of each) as "a, b or c" into buf. */
static void names_list(char *buf, size_t size, const void *list, size_t n, size_t stride)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		const char *name = *(const char *const *)((const char *)list + i * stride);
		int k = snprintf(buf + used, size - used, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", name);

		if (k < 0)
			break;
		used += (size_t)k;
	}
}

/* Sets the switch o names; 0 when o is not a switch. */
static int flag(struct args *a, const char *o)
{
	static const struct {
		const char *name, *alias;
		size_t offset;
	} flags[] = {
		{ "--force", NULL, offsetof(struct args, force) },
		{ "--dry-run", NULL, offsetof(struct args, dry_run) },
		{ "--quiet", "-q", offsetof(struct args, quiet) },
		{ "--verbose", "-v", offsetof(struct args, verbose) },
	};
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (strcmp(o, flags[i].name) && (!flags[i].alias || strcmp(o, flags[i].alias)))
			continue;
		*(int *)((char *)a + flags[i].offset) = 1;
		return 1;
	}
	return 0;
}

/* Parses options after the command word; returns 0 or an exit status. */
static int parse(int argc, char **argv, struct args *a)
{
	int i;

	a->excludes = calloc((size_t)argc, sizeof(*a->excludes));
	a->files = calloc((size_t)argc, sizeof(*a->files));
	if (!a->excludes || !a->files)
		return EX_OSERR;
	for (i = 0; i < argc; i++) {
		const char *o = argv[i];
		const char **slot = NULL;

		if (!strcmp(o, "--catalog"))
			slot = &a->catalog;
		else if (!strcmp(o, "--type"))
			slot = &a->type;
		else if (!strcmp(o, "--lang"))
			slot = &a->lang;
		else if (!strcmp(o, "--kind"))
			slot = &a->kind;
		else if (!strcmp(o, "--format"))
			slot = &a->format;
		else if (!strcmp(o, "-o") || !strcmp(o, "--output"))
			slot = &a->out;
		else if (!strcmp(o, "--exclude"))
			slot = &a->excludes[a->nexcludes];
		else if (!strcmp(o, "-j") || !strcmp(o, "--jobs"))
			slot = &a->jobs;
		else if (!strcmp(o, "--template"))
			slot = &a->template_path;
		else if (!strcmp(o, "--listen"))
			slot = &a->listen;
		else if (flag(a, o))
			continue;
		else if (o[0] == '-' && o[1]) {
			return usage_error("unknown option '%s'", o);
		} else {
			a->files[a->nfiles++] = o;
			continue;
		}
		if (i + 1 >= argc)
			return usage_error("option '%s' needs a value", o);
		*slot = argv[++i];
		if (slot == &a->excludes[a->nexcludes])
			a->nexcludes++;
	}
	return 0;
}

static catalog *load_catalog(const char *path, ag_error *err)
{
	return path ? catalog_load(path, err) : catalog_load_bundled(err);
}

static int cmd_list(struct args *a)
{
	ag_error err = { 0 };
	catalog *c;
	long type, lang;
	size_t i;
	int status = 0;

	if (!a->type || a->nfiles)
		return usage_error("%s", "list takes --type TYPE and no file arguments");
	c = load_catalog(a->catalog, &err);
	if (!c)
		return report(&err);
	type = catalog_type(c, a->type);
	lang = a->lang ? catalog_lang(c, a->lang) : (long)c->official;
	if (type < 0) {
		char names[256];

		names_list(names, sizeof(names), c->types, c->ntypes, sizeof(c->types[0]));
		ag_fail(&err, AG_ERR_USAGE, NULL, 0, "unknown service type '%s' (%s)", a->type, names);
		status = report(&err);
	} else if (lang < 0) {
		ag_fail(&err, AG_ERR_USAGE, NULL, 0, "the catalogue has no language '%s'", a->lang);
		status = report(&err);
	} else {
		const cat_table *t = &c->tables[type];

		for (i = 0; i < t->nrows; i++) {
			const cat_item *it = &c->items[t->rows[i].item];
			const cat_category *cat = &c->categories[it->category];

			printf("%s\t%s\t%s\t%s\n", it->id,
			       cat_text_get(c, &c->domains[cat->domain].name, (size_t)lang),
			       cat_text_get(c, &cat->name, (size_t)lang),
			       catalog_row_text(c, &t->rows[i], (size_t)lang));
		}
		if (fflush(stdout) || ferror(stdout)) {
			ag_fail(&err, AG_ERR_IO, NULL, 0, "cannot write the list");
			status = report(&err);
		}
	}
	catalog_free(c);
	return status;
}

/* Loads a tender and the catalogue it names (or --catalog), and binds them. */
static tender *load_tender(const char *path, const char *catalog_path, catalog **cat, ag_error *err)
{
	tender *t = tender_load(path, err);

	*cat = NULL;
	if (!t)
		return NULL;
	*cat = t->catalog_href ? tender_load_catalog(t, err) : load_catalog(catalog_path, err);
	if (!*cat || tender_bind(t, *cat, err)) {
		tender_free(t);
		catalog_free(*cat);
		*cat = NULL;
		return NULL;
	}
	return t;
}

static int cmd_validate(struct args *a)
{
	int status = 0;
	size_t i;

	if (!a->nfiles)
		return usage_error("%s", "validate needs at least one file");
	for (i = 0; i < a->nfiles; i++) {
		ag_error err = { 0 };
		char *data;
		size_t len;
		int ok;

		if (fileio_read(a->files[i], CAT_MAX_FILE, &data, &len, &err)) {
			status = report(&err);
			continue;
		}
		/* Tenders and catalogues differ by their namespace (or, when that is
		 * wrong, their root's name); the loaders decide the rest. */
		if (strstr(data, "urn:annexgen:tender:1") || strstr(data, "<tender")) {
			catalog *c;
			tender *t = load_tender(a->files[i], a->catalog, &c, &err);

			ok = t != NULL;
			tender_free(t);
			catalog_free(c);
		} else {
			catalog *c = catalog_load_mem(data, len, a->files[i], &err);

			ok = c != NULL;
			catalog_free(c);
		}
		free(data);
		if (ok)
			print_escaped("", a->files[i], ": ok\n");
		else
			status = report(&err);
	}
	return status;
}

/* The formats --format names, as a set (see gen_opts): a renderer's name,
 * or "both" for every renderer; 0 when unknown. */
static unsigned parse_formats(const char *s)
{
	size_t i;

	if (!s || !strcmp(s, "both"))
		return RENDER_ALL;
	return render_find(s, &i) ? 1u << i : 0;
}

static int cmd_generate_quick(struct args *a)
{
	ag_error err = { 0 };
	catalog *c = NULL;
	tender *t = NULL;
	unsigned char *data = NULL;
	size_t len, i;
	int kind = a->kind ? compose_kind_parse(a->kind) : -1;
	const render_format *format = a->format ? render_find(a->format, NULL) : NULL;
	long type;
	int status = 0;

	char names[256], fmt[320];

	if (a->format && !format) {
		names_list(names, sizeof(names), render_formats, render_nformats, sizeof(render_formats[0]));
		snprintf(fmt, sizeof(fmt), "quick mode writes one document: unknown format '%%s' (%s)", names);
		return usage_error(fmt, a->format);
	}
	if (a->kind && kind < 0)
		return usage_error("unknown document kind '%s' (annex, response or overview)", a->kind);
	if (!a->type || kind < 0 || !format || !a->out)
		return usage_error("%s", "quick mode needs --type, --kind annex|response|overview, "
					 "--format odt|docx and -o PATH");
	if (!a->force && access(a->out, F_OK) == 0) {
		ag_fail(&err, AG_ERR_CANTCREAT, a->out, 0, "file exists; use --force to replace it");
		return report(&err);
	}
	c = load_catalog(a->catalog, &err);
	if (!c)
		return report(&err);
	type = catalog_type(c, a->type);
	if (type < 0) {
		names_list(names, sizeof(names), c->types, c->ntypes, sizeof(c->types[0]));
		ag_fail(&err, AG_ERR_USAGE, "--type", 0, "unknown service type '%s' (%s)", a->type, names);
		goto fail;
	}
	t = tender_quick(c, a->type, &err);
	if (!t)
		goto fail;
	for (i = 0; i < a->nexcludes; i++)
		if (tender_add_exclude_arg(t, a->excludes[i], &err))
			goto fail;
	if (tender_bind(t, c, &err) ||
	    generate_render(t, (compose_kind)kind, (size_t)type, format, a->tpl ? a->tpl : template_builtin(), NULL, &data, &len, &err) ||
	    fileio_write_atomic(a->out, data, len, &err))
		goto fail;
	goto done;
fail:
	status = report(&err);
done:
	free(data);
	tender_free(t);
	catalog_free(c);
	return status;
}

/* A tender generated alone into a batch's folder: the batch's index.tsv
 * must go on describing the disk, so it is rewritten (none is started). */
static ag_code index_of_batch(const char *outdir, ag_error *err)
{
	ag_code rc = AG_OK;
	ag_error keep = *err;
	sb path;

	sb_init(&path);
	if (!sb_setf(&path, "%s/%s", outdir, BATCH_INDEX))
		rc = ag_fail(err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	else if (access(path.buf, F_OK) == 0)
		rc = batch_write_index(outdir, err);
	sb_release(&path);
	if (!rc)
		*err = keep;   /* an edit left alone is still to be said */
	return rc;
}

static int cmd_generate(struct args *a)
{
	ag_error err = { 0 };
	gen_opts o = { a->out ? a->out : "out", parse_formats(a->format), a->force, a->dry_run,
		       a->tpl ? a->tpl : template_builtin(), NULL };
	gen_stats st;
	catalog *c;
	tender *t;
	int status = 0, lock = -1;

	if (!a->nfiles)
		return cmd_generate_quick(a);
	if (a->nfiles != 1 || a->type || a->kind || a->nexcludes)
		return usage_error("%s", "generate takes one tender file (or quick-mode options without one)");
	if (!o.formats)
		return usage_error("unknown format '%s'", a->format);
	t = load_tender(a->files[0], a->catalog, &c, &err);
	if (!t)
		return report(&err);
	if (!a->dry_run && (fileio_mkdirs(o.outdir, &err) || fileio_lock(o.outdir, &lock, &err)))
		status = report(&err);
	else if (generate_tender(t, &o, &st, &err) && err.code != AG_ERR_EDITED)
		status = report(&err);
	else if (!a->dry_run && index_of_batch(o.outdir, &err))
		status = report(&err);
	else if (err.code)
		status = report(&err);
	else if (a->dry_run) {
		printf("%s: would write ", t->id);
		print_escaped("", st.planned[0] ? st.planned : "nothing", "\n");
		if (st.nedited)
			print_escaped("would leave alone, edited or unreadable: ", st.edited, "\n");
	} else {
		printf("%s: %zu written, %zu unchanged\n", t->id, st.written, st.unchanged);
	}
	fileio_unlock(lock);
	tender_free(t);
	catalog_free(c);
	return status;
}

struct progress {
	char *const *paths;
	size_t total, done, failed, edited, written, unchanged;
	int tty, quiet, verbose, dry_run;
	double start;              /* elapsed_now() */
	/* Per tender, by its place in the input list (the extra last slot for
	 * a result without one), printed at the end in that order whatever
	 * order the workers finish in: a failed tender's line, the edited
	 * files left alone, and what a dry run would write. */
	char **errors, **edits, **planned;
};

static void keep(char **slot, char *line)
{
	free(*slot);
	*slot = line;
}

static void on_result(void *ctx, const batch_result *r)
{
	struct progress *p = ctx;
	const char *path = r->index < p->total ? p->paths[r->index] : "(unknown tender)";
	size_t k = r->index < p->total ? r->index : p->total;
	char line[2048];
	sb edit;

	p->done++;
	p->written += p->dry_run ? r->st.nplanned : r->st.written;
	p->unchanged += r->st.unchanged;
	/* A dry run leaves alone what a run would, and says so, without failing. */
	if (r->code == AG_ERR_EDITED || (p->dry_run && r->st.nedited)) {
		p->edited += r->st.nedited;
		sb_init(&edit);
		sb_addf(&edit, "%s: %s", path, r->st.edited);
		keep(&p->edits[k], sb_detach(&edit, NULL));
	} else if (r->code) {
		ag_error_format(&r->err, line, sizeof(line));
		keep(&p->errors[k], strdup(line));
		p->failed++;
	}
	if (p->verbose && r->st.written) {
		print_escaped("", path, "");
		printf(": %zu written\n", r->st.written);
	}
	if (p->dry_run && r->st.planned[0])
		keep(&p->planned[k], strdup(r->st.planned));
	if (p->tty && !p->quiet) {
		double el = elapsed_now() - p->start, rate = el > 0 ? (double)p->done / el : 0;
		double left = rate > 0 ? (double)(p->total - p->done) / rate : 0;

		printf("\r[%zu/%zu] %.1f tenders/s, %.1f files/s, %d:%02d left, %zu failed ",
		       p->done, p->total, rate, el > 0 ? (double)p->written / el : 0,
		       (int)left / 60, (int)left % 60, p->failed);
		fflush(stdout);
	}
}

static int cmd_batch(struct args *a)
{
	ag_error err = { 0 };
	batch_opts o = { { a->out ? a->out : "out", parse_formats(a->format), a->force, a->dry_run,
			   a->tpl ? a->tpl : template_builtin(), NULL }, a->jobs ? atoi(a->jobs) : 0, NULL };
	struct progress p = { 0 };
	char **paths = NULL;
	size_t n = 0, i;
	int interrupted = 0, status = 0, lock = -1;
	catalog *c = NULL;

	if (!a->nfiles || !o.gen.formats || (a->jobs && o.jobs <= 0))
		return usage_error("%s", "batch needs tender files or folders, a valid --format and -j N >= 1");
	if (batch_collect(a->files, a->nfiles, &paths, &n, &err))
		return report(&err);
	c = load_catalog(a->catalog, &err);
	if (!c) {
		batch_free_list(paths, n);
		return report(&err);
	}
	o.cat = c;
	p.paths = paths;
	p.total = n;
	p.tty = isatty(STDOUT_FILENO);
	p.quiet = a->quiet;
	p.verbose = a->verbose;
	p.dry_run = a->dry_run;
	p.errors = calloc(n + 1, sizeof(char *));
	p.edits = calloc(n + 1, sizeof(char *));
	p.planned = calloc(n + 1, sizeof(char *));
	p.start = elapsed_now();
	if (!p.errors || !p.edits || !p.planned)
		ag_fail(&err, AG_ERR_NOMEM, NULL, 0, "out of memory");
	else if (fileio_mkdirs(o.gen.outdir, &err) == AG_OK &&
		 (a->dry_run || fileio_lock(o.gen.outdir, &lock, &err) == AG_OK))
		batch_run(paths, n, &o, on_result, &p, &interrupted, &err);
	if (!err.code && !a->dry_run && p.done)
		batch_write_index(o.gen.outdir, &err);
	if (p.tty && !p.quiet)
		printf("\n");
	for (i = 0; p.planned && i <= n; i++)
		if (p.planned[i])
			print_escaped("would write: ", p.planned[i], "\n");
	for (i = 0; p.edits && i <= n; i++)
		if (p.edits[i])
			print_escaped(a->dry_run ? "would leave alone, edited or unreadable: " : "edited, left alone: ",
				      p.edits[i], "\n");
	for (i = 0; p.errors && i <= n; i++)
		if (p.errors[i])
			fprintf(stderr, "annexgen: %s\n", p.errors[i]);
	/* A batch that never started (the folder is locked) has nothing to sum up. */
	if (p.done || !err.code)
		printf("%zu tenders%s: %zu failed, %zu files %s, %zu unchanged, %zu edited %s, %.2f s\n",
		       p.done, interrupted ? " (interrupted)" : "", p.failed, p.written,
		       a->dry_run ? "would be written" : "written", p.unchanged, p.edited,
		       a->dry_run ? "would be left alone" : "left alone", elapsed_now() - p.start);
	if (err.code)
		status = report(&err);
	else if (interrupted)
		status = 130;
	else if (p.failed)
		status = 1;
	else if (p.edited && !a->dry_run)
		status = ag_exit_status(AG_ERR_EDITED);
	for (i = 0; i <= n; i++) {
		free(p.errors ? p.errors[i] : NULL);
		free(p.edits ? p.edits[i] : NULL);
		free(p.planned ? p.planned[i] : NULL);
	}
	free(p.errors);
	free(p.edits);
	free(p.planned);
	fileio_unlock(lock);
	batch_free_list(paths, n);
	catalog_free(c);
	return status;
}

static int cmd_template(struct args *a)
{
	ag_error err = { 0 };
	const render_format *format = a->format ? render_find(a->format, NULL) : NULL;
	unsigned char *data = NULL;
	size_t len;
	md_doc *d;
	int status = 0;

	if (!format || !a->out || a->nfiles)
		return usage_error("%s", "template needs --format odt|docx and -o FILE");
	if (!a->force && access(a->out, F_OK) == 0) {
		ag_fail(&err, AG_ERR_CANTCREAT, a->out, 0, "file exists; use --force to replace it");
		return report(&err);
	}
	d = compose_template_sample(&err);
	if (!d)
		return report(&err);
	d->meta.generator = "annexgen " AG_VERSION;
	if (format->render(d, template_builtin(), NULL, &data, &len, &err) ||
	    fileio_write_atomic(a->out, data, len, &err))
		status = report(&err);
	free(data);
	md_doc_free(d);
	return status;
}

static void on_problem(void *ctx, const char *what, const char *path)
{
	(void)ctx;
	printf("%s: ", what);
	print_escaped("", path, "\n");
}

static int cmd_verify(struct args *a)
{
	ag_error err = { 0 };
	batch_verify_stats st;

	if (a->nfiles != 1)
		return usage_error("%s", "verify takes one output folder");
	if (batch_verify(a->files[0], on_problem, NULL, &st, &err))
		return report(&err);
	printf("%zu ok, %zu edited, %zu missing, %zu unknown", st.ok, st.edited, st.missing, st.unknown);
	if (st.unreadable)
		printf(", %zu unreadable", st.unreadable);
	if (st.stale)
		printf(" (%zu ok files are newer than index.tsv: an interrupted run; run the batch again)",
		       st.stale);
	printf("\n");
	return st.edited || st.missing || st.unknown || st.unreadable ? 1 : 0;
}

static int cmd_collect(struct args *a)
{
	ag_error err = { 0 };
	catalog *c = NULL;
	tender *t = NULL;
	collect *col = NULL;
	char *text = NULL;
	size_t len, i;
	long type;
	int status = 0, lock = -1;
	ag_code rc = AG_OK;
	sb dir;
	char names[256];

	if (a->nfiles < 2 || a->kind || a->format || a->nexcludes || a->jobs || a->dry_run)
		return usage_error("%s", "collect takes a tender file, --type TYPE and the filled forms");
	sb_init(&dir);
	t = load_tender(a->files[0], a->catalog, &c, &err);
	if (!t)
		return report(&err);
	if (!a->type && t->ntypes != 1) {
		names_list(names, sizeof(names), t->type_ids, t->ntypes, sizeof(t->type_ids[0]));
		ag_fail(&err, AG_ERR_USAGE, "--type", 0, "the tender buys several service types: say which (%s)",
			names);
		goto fail;
	}
	type = catalog_type(c, a->type ? a->type : t->type_ids[0]);
	if (type < 0) {
		names_list(names, sizeof(names), c->types, c->ntypes, sizeof(c->types[0]));
		ag_fail(&err, AG_ERR_USAGE, "--type", 0, "unknown service type '%s' (%s)", a->type, names);
		goto fail;
	}
	col = collect_new(t, (size_t)type, &err);
	if (!col)
		goto fail;
	for (i = 1; i < a->nfiles; i++)
		if (collect_add(col, a->files[i], &err))
			goto fail;
	if (collect_report(col, &text, &len, &err))
		goto fail;
	fwrite(text, 1, len, stdout);
	if (a->out)
		sb_add(&dir, a->out);
	else
		/* Beside the tender's folder, not in it: verify flags unknown files there. */
		sb_addf(&dir, "out/%s-collect-%s", t->id, c->types[type].id);
	if (dir.oom) {
		ag_fail(&err, AG_ERR_NOMEM, NULL, 0, "out of memory");
		goto fail;
	}
	/* Two collects into one folder would each take the other's matrix for an edit. */
	if (fileio_mkdirs(dir.buf, &err) || fileio_lock(dir.buf, &lock, &err))
		goto fail;
	rc = collect_write(col, dir.buf, a->tpl, a->force, &err);
	if (rc && rc != AG_ERR_EDITED)
		goto fail;
	if (rc) {
		report(&err);
	} else {
		print_escaped("wrote ", dir.buf, "/matrix.csv");
		for (i = 0; i < render_nformats; i++)
			printf(", matrix.%s", render_formats[i].extension);
		printf("\n");
	}
	if (fflush(stdout) || ferror(stdout)) {
		ag_fail(&err, AG_ERR_IO, NULL, 0, "cannot write the report");
		goto fail;
	}
	status = rc ? ag_exit_status(rc) : col->nunreadable ? 2 : col->nproblems ? 1 : 0;
	goto done;
fail:
	status = report(&err);
done:
	fileio_unlock(lock);
	sb_release(&dir);
	free(text);
	collect_free(col);
	tender_free(t);
	catalog_free(c);
	return status;
}

static void on_listening(void *ctx, const char *url, int loopback)
{
	(void)ctx;
	if (!loopback)
		fprintf(stderr, "annexgen: warning: listening beyond this computer and there is no login: "
				"anyone who can reach %s can use it\n", url);
	printf("annexgen serve: open %s in a browser (Ctrl-C stops)\n", url);
	fflush(stdout);
}

static int cmd_serve(struct args *a)
{
	ag_error err = { 0 };
	serve_opts o = { a->listen, NULL, a->tpl, on_listening, NULL };
	catalog *c;
	int status = 0;

	if (a->nfiles || a->type || a->kind || a->format || a->out || a->nexcludes)
		return usage_error("%s", "serve takes only --listen, --catalog and --template");
	c = load_catalog(a->catalog, &err);
	if (!c)
		return report(&err);
	o.cat = c;
	if (serve_run(&o, &err))
		status = report(&err);
	catalog_free(c);
	return status;
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	int status;

	/* Past RLIMIT_FSIZE a write must fail with EFBIG, not kill us mid-file. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		fputs(usage_text, stderr);
		return EX_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, stdout);
		fputs("\n", stdout);
		fputs(help_text, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("annexgen %s\n", AG_VERSION);
		return 0;
	}
	status = parse(argc - 2, argv + 2, &a);
	if (status)
		goto done;
	if (a.template_path) {
		ag_error err = { 0 };

		a.tpl = template_load(a.template_path, &err);
		if (!a.tpl) {
			status = report(&err);
			goto done;
		}
	}
	if (!strcmp(argv[1], "list"))
		status = cmd_list(&a);
	else if (!strcmp(argv[1], "validate"))
		status = cmd_validate(&a);
	else if (!strcmp(argv[1], "generate"))
		status = cmd_generate(&a);
	else if (!strcmp(argv[1], "batch"))
		status = cmd_batch(&a);
	else if (!strcmp(argv[1], "verify"))
		status = cmd_verify(&a);
	else if (!strcmp(argv[1], "collect"))
		status = cmd_collect(&a);
	else if (!strcmp(argv[1], "template"))
		status = cmd_template(&a);
	else if (!strcmp(argv[1], "serve"))
		status = cmd_serve(&a);
	else
		status = usage_error("unknown command '%s'", argv[1]);
done:
	template_free(a.tpl);
	free(a.excludes);
	free(a.files);
	xmlload_cleanup();
	return status;
}
