/* error.h - what libbrhelper's files share and do not export. */
#ifndef BRHELPER_LIB_ERROR_H
#define BRHELPER_LIB_ERROR_H

#include "brhelper.h"

__attribute__((visibility("hidden"))) void brh_error_clear(struct brh_error *e);

/* Sets e->err and e->msg; returns -1. */
__attribute__((visibility("hidden"), format(printf, 3, 4))) int
brh_fail(struct brh_error *e, int err, const char *fmt, ...);

/*
 * Close fds received but not kept, without blocking on what a hostile
 * sender made of them (recvfd.c).
 */
__attribute__((visibility("hidden"))) void brh_discard(const int *fds,
						       size_t n);

#endif
