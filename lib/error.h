/* error.h - filling struct brh_error; private to libbrhelper. */
#ifndef BRHELPER_LIB_ERROR_H
#define BRHELPER_LIB_ERROR_H

#include "brhelper.h"

__attribute__((visibility("hidden"))) void brh_error_clear(struct brh_error *e);

/* Sets e->err and e->msg; returns -1. */
__attribute__((visibility("hidden"), format(printf, 3, 4))) int
brh_fail(struct brh_error *e, int err, const char *fmt, ...);

#endif
