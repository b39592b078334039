/* Elapsed time for progress lines, summaries and time limits, and today's
 * date for a form's default: the only clock readings annexgen makes (banned.h
 * bans the others); none is written into a file without a person's say. */
#ifndef ELAPSED_H
#define ELAPSED_H

/* Seconds on the monotonic clock since an arbitrary fixed point; subtract
 * two readings for an elapsed time. */
double elapsed_now(void);

/* Today's local date as "YYYY-MM-DD" into date (16 bytes), the default a
 * person sees and may change in serve's tender form; "" if the clock fails. */
void elapsed_today(char date[16]);

#endif
