/* report.c - the one line on stderr that every failure prints. */
#include "helper.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * Formats into a stack buffer and writes once: after the seccomp filter is
 * loaded only write(2) on fd 2 is allowed, so no stdio buffering, no
 * allocation, no locale.
 */
int report(int status, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "brhelper: ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(2, line, (size_t)n);
	return status;
}

/*
 * libvirt reads the helper's stderr in its event loop, but builds its error
 * as soon as the socket closes, that is at our exit: a line still in the
 * pipe then never reaches virsh (about one refused start in ten with
 * libvirt 9.0; tests/e2e/libvirt.sh).  So before a failed run exits, when
 * stderr is a pipe, wait a little (at most 1 s) for the reader to take what
 * is in it.  Only before the seccomp filter: it allows none of these calls
 * (main.c calls it on run_helper's return, which comes only before).
 */
int stderr_drained(int status)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct stat st;
	int left, i;

	if (status == 0 || fstat(2, &st) < 0 || !S_ISFIFO(st.st_mode))
		return status;
	for (i = 0; i < 100; i++) {
		if (ioctl(2, FIONREAD, &left) < 0 || left == 0)
			break;
		nanosleep(&tick, NULL);
	}
	return status;
}
