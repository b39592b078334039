/* The monotonic clock, read in one place so that banned.h can ban every
 * clock and time-zone function elsewhere: output never depends on time. */
#include "elapsed.h"

#include <time.h>

#define BANNED_ALLOW_MONOTONIC_CLOCK
#include "banned.h"

double elapsed_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
