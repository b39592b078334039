/* Elapsed time for progress lines and summaries: the one reading of a clock
 * annexgen makes (banned.h bans the others), never written into a file. */
#ifndef ELAPSED_H
#define ELAPSED_H

/* Seconds on the monotonic clock since an arbitrary fixed point; subtract
 * two readings for an elapsed time. */
double elapsed_now(void);

#endif
