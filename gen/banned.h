/* Functions banned from annexgen, as git bans them: each has a bounded or
 * buffer-based replacement (snprintf, xmlw_*, memcpy with a checked length).
 * Clocks and time zones are banned because the same inputs must give the
 * same bytes (zip entries are dated 1980-01-01, nothing else has a date);
 * progress lines and time limits read the monotonic clock, and serve's form
 * today's date, through gen/elapsed.c, the one file that defines
 * BANNED_ALLOW_CLOCKS. mktemp, tmpnam and
 * tempnam race with other processes: use mkstemp. */
#ifndef BANNED_H
#define BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef strtok_r
#define strtok_r(x, y, z) BANNED(strtok_r)
#undef gets
#define gets(x) BANNED(gets)

#ifndef BANNED_ALLOW_CLOCKS
#undef time
#define time(t) BANNED(time)
#undef clock
#define clock() BANNED(clock)
#undef gettimeofday
#define gettimeofday(t, z) BANNED(gettimeofday)
#undef clock_gettime
#define clock_gettime(c, t) BANNED(clock_gettime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef localtime_r
#define localtime_r(t, tm) BANNED(localtime_r)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef gmtime_r
#define gmtime_r(t, tm) BANNED(gmtime_r)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef ctime_r
#define ctime_r(t, buf) BANNED(ctime_r)
#undef asctime
#define asctime(tm) BANNED(asctime)
#undef asctime_r
#define asctime_r(tm, buf) BANNED(asctime_r)
#undef mktime
#define mktime(tm) BANNED(mktime)
#undef timegm
#define timegm(tm) BANNED(timegm)
#undef strftime
#define strftime(...) BANNED(strftime)
#endif

#undef mktemp
#define mktemp(x) BANNED(mktemp)
#undef tmpnam
#define tmpnam(x) BANNED(tmpnam)
#undef tempnam
#define tempnam(d, p) BANNED(tempnam)

#endif
