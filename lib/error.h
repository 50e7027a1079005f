/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/* error.h - what libbrhelper's files share and do not export. */
#ifndef BRHELPER_LIB_ERROR_H
#define BRHELPER_LIB_ERROR_H

#include "brhelper.h"

#define BRH_HIDDEN __attribute__((visibility("hidden")))

/* No error yet: status -1 (not known), the rest 0. */
BRH_HIDDEN void brh_error_clear(struct brh_error *e);

/* Sets e->err and e->msg; returns -1. */
BRH_HIDDEN __attribute__((format(printf, 3, 4))) int
brh_fail(struct brh_error *e, int err, const char *fmt, ...);

/* Close n received fds that are not returned (recvfd.c). */
BRH_HIDDEN void brh_close_all(const int *fds, size_t n);

/* service.c: the service instead of the helper (brhelper(8), SERVICE). */
BRH_HIDDEN int brh_service_exists(const char *path);
BRH_HIDDEN int brh_service_start(struct brh_child *c,
				 const struct brh_request *req,
				 const char *path, const unsigned char mac[6],
				 struct brh_error *e);
BRH_HIDDEN int brh_service_finish(struct brh_child *c, int *fds,
				  struct brh_error *e);

#endif
