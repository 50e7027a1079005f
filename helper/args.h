/* args.h - the helper's command line, parsed strictly (brhelper(8)). */
#ifndef BRHELPER_ARGS_H
#define BRHELPER_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * --queues: the TAP may have 256 queues, but the kernel passes at most 253
 * fds in one SCM_RIGHTS message (SCM_MAX_FD), and they go in one.
 */
#define ARGS_MAX_QUEUES 253

enum args_mode { MODE_RUN, MODE_CHECK, MODE_LIST, MODE_HELP, MODE_VERSION };

struct args {
	/*
 * --queues: the TAP may have 256 queues, but the kernel passes at most 253
 * fds in one SCM_RIGHTS message (SCM_MAX_FD), and they go in one.
 */
#define ARGS_MAX_QUEUES 253

	enum args_mode mode;
	bool use_vnet;
	const char *bridge; /* points into argv; checked as a name */
	int fd;		    /* MODE_RUN: 3..INT_MAX; else -1 */
	const char *user;   /* --check --user=NAME (root only); or NULL */
	unsigned queues;    /* --queues=N, 1 to ARGS_MAX_QUEUES; 1 */
};

/* 0 on success; -1 with a one-line reason in err. */
int args_parse(int argc, char *const argv[], struct args *a, char *err,
	       size_t errlen);

#endif
