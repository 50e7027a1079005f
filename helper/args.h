/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/* args.h - the helper's command line, parsed strictly (brhelper(8)). */
#ifndef BRHELPER_ARGS_H
#define BRHELPER_ARGS_H

#include <stdbool.h>
#include <stddef.h>

enum args_mode { MODE_RUN, MODE_HELP, MODE_VERSION };

struct args {
	enum args_mode mode;
	bool use_vnet;
	const char *bridge; /* points into argv; checked as a name */
	int fd;		    /* MODE_RUN: 3..INT_MAX; else -1 */
	unsigned queues;    /* --queues=N, 1 to BRH_WIRE_MAX_FDS; 1 */
};

/* 0 on success; -1 with a one-line reason in err. */
int args_parse(int argc, char *const argv[], struct args *a, char *err,
	       size_t errlen);

#endif
