/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/* error.c - filling struct brh_error. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void brh_error_clear(struct brh_error *e)
{
	memset(e, 0, sizeof(*e));
	e->status = -1;
}

int brh_fail(struct brh_error *e, int err, const char *fmt, ...)
{
	va_list ap;

	e->err = err;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}
