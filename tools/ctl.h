/* ctl.h - the pieces of brhelperctl (unprivileged). */
#ifndef BRHELPER_CTL_H
#define BRHELPER_CTL_H

#include <stdbool.h>

/* "brhelperctl: ..." on stderr; returns status. */
__attribute__((format(printf, 2, 3))) int ctl_report(int status,
						     const char *fmt, ...);
int ctl_check(const char *bridge, const char *user);
int ctl_list(const char *bridge);

#endif
