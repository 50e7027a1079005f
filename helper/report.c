/* report.c - the one line on stderr that every failure prints. */
#include "helper.h"

#include <stdarg.h>
#include <stdio.h>
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
