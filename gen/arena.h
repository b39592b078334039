/* A bump allocator: loaders and the document model take every string and
 * node from one arena and release them all at once. */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_block;

typedef struct {
	struct arena_block *head;
	size_t used;      /* bytes handed out, for limits and statistics */
} arena;

void arena_init(arena *a);
/* Frees every block; the arena can be used again afterwards. */
void arena_release(arena *a);

/* Zeroed memory aligned for any type, owned by the arena; NULL when out of memory. */
void *arena_alloc(arena *a, size_t size);
/* Copies of s (or of its first n bytes, NUL added), owned by the arena; NULL when out of memory. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);

/* A growable array of elements of one size: malloc'd while it grows (a
 * reader does not know how many rows it will meet), then moved into an
 * arena. Zero-initialise it ({ 0 }). */
typedef struct {
	void *v;
	size_t n, cap;
} arena_vec;

/* A new zeroed element of size bytes at the end of v; NULL when out of
 * memory (v is unchanged). */
void *arena_vec_push(arena_vec *v, size_t size);
/* v's elements copied into a (at least one element's room), v's array
 * freed and v emptied; NULL and *oom set when out of memory. */
void *arena_vec_finish(arena *a, arena_vec *v, size_t size, int *oom);

#endif
