/* The clocks, read in one place so that banned.h can ban every clock and
 * time-zone function elsewhere: output never depends on time. */
#include "elapsed.h"

#include <stdio.h>
#include <time.h>

#define BANNED_ALLOW_CLOCKS
#include "banned.h"

double elapsed_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void elapsed_today(char date[16])
{
	time_t now = time(NULL);
	struct tm tm;

	if (now == (time_t)-1 || !localtime_r(&now, &tm)) {
		date[0] = '\0';
		return;
	}
	snprintf(date, 16, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
		 tm.tm_mday % 100);
}
