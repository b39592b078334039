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

/* Reads the local time zone now. A server calls it before its threads
 * start: libzip reads zip entries' dates in local time (mktime), and
 * glibc's first set-up of the zone, though locked, takes a lock that
 * ThreadSanitizer cannot see, so two requests doing it at once would
 * hide real races in its reports. */
void elapsed_zone_init(void);

#endif
