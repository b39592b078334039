/* Batch generation: many tenders in parallel worker processes, the batch-wide
 * index for auditors, and its verification. */
#ifndef BATCH_H
#define BATCH_H

#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "generate.h"
#include "template.h"

#define BATCH_INDEX "index.tsv"

typedef struct {
	gen_opts gen;              /* output folder, formats, force, dry run, template */
	int jobs;                  /* worker processes; 0: one per core */
	const catalog *cat;        /* for tenders without their own catalogue href */
} batch_opts;

typedef struct {
	size_t index;              /* position in the list given to batch_run */
	ag_code code;
	ag_error err;              /* when code != AG_OK */
	gen_stats st;
} batch_result;

/* Called in the calling process once per tender, in completion order. */
typedef void (*batch_cb)(void *ctx, const batch_result *r);

/* Expands files and folders (every *.xml in a folder, sorted) into a list of
 * paths; caller frees with batch_free_list. */
ag_code batch_collect(const char *const *args, size_t n, char ***out, size_t *nout, ag_error *err);
void batch_free_list(char **list, size_t n);

/* Generates every tender of paths. One bad tender does not stop the others:
 * each outcome goes to cb, once per tender (unless interrupted). Tender files
 * that share an id (letter case aside) all fail before any worker starts,
 * each naming another. A worker that dies (a signal, a crash) fails the
 * tender in hand, named, and a new worker takes its place. Unless dry-run,
 * the caller holds o->gen.outdir's lock (fileio_lock; the workers inherit
 * it) and index.tsv is rewritten as tenders finish. Returns an error only
 * when the batch itself could not run; *interrupted is set when SIGINT or
 * SIGTERM stopped it early. */
ag_code batch_run(char *const *paths, size_t n, const batch_opts *o, batch_cb cb, void *ctx,
		  int *interrupted, ag_error *err);

/* Rewrites outdir/index.tsv from the manifests of outdir's tender folders,
 * first removing the index's temporaries a killed run left (the caller
 * holds the folder's lock).
 * batch_run calls it as tenders finish (at most every second, or every five
 * times its own cost), so that the index stays close to the manifests. */
ag_code batch_write_index(const char *outdir, ag_error *err);

typedef struct {
	size_t ok, edited, missing, unknown, unreadable;
	size_t stale;              /* of ok: newer than the index, as the manifest says */
} batch_verify_stats;

/* Checks every file of outdir/index.tsv against its hash, and looks for files
 * the index does not know; report gets each problem ("edited", "missing",
 * "unreadable", "unknown") with the file's path. A file whose hash is not
 * the index's but one its tender's manifest names (current, or previous
 * while a run was replacing it) was replaced by a run after the index was
 * written, not edited: it counts as ok and as stale. Folders with a
 * manifest that the index does not list yet are checked the same way;
 * annexgen's own temporary files are not unknown files. */
ag_code batch_verify(const char *outdir, void (*report)(void *ctx, const char *what, const char *path),
		     void *ctx, batch_verify_stats *st, ag_error *err);

#endif
