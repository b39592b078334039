/* Bump allocation in large blocks, so the catalogue, tender and document
 * model cost a handful of mallocs however many items they hold. */
#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define ARENA_BLOCK 65536

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

void arena_init(arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void arena_release(arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena_init(a);
}

void *arena_alloc(arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct arena_block *b = a->head;
	size_t need = (size + align - 1) & ~(align - 1);
	void *p;

	if (need < size)
		return NULL;
	if (!b || b->size - b->used < need) {
		size_t cap = need > ARENA_BLOCK ? need : ARENA_BLOCK;

		if (cap > (size_t)-1 - sizeof(*b))
			return NULL;
		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->size = cap;
		b->used = 0;
		/* Keep the fuller block in front only if the new one is a one-off. */
		if (a->head && need > ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	a->used += need;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = n < (size_t)-1 ? arena_alloc(a, n + 1) : NULL;

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *arena_vec_push(arena_vec *v, size_t size)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 8;
		void *p = realloc(v->v, cap * size);

		if (!p)
			return NULL;
		v->v = p;
		v->cap = cap;
	}
	memset((char *)v->v + v->n * size, 0, size);
	return (char *)v->v + v->n++ * size;
}

void *arena_vec_finish(arena *a, arena_vec *v, size_t size, int *oom)
{
	void *p = arena_alloc(a, (v->n ? v->n : 1) * size);

	if (!p)
		*oom = 1;
	else if (v->n)
		memcpy(p, v->v, v->n * size);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
	return p;
}
