/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * entry.c - make the inherited state safe to run in: fds 0-2 valid before
 * anything is printed (else a message could land in a file the caller
 * opened as our fd 2), environment emptied, umask and signal mask reset,
 * not dumpable (no core, no ptrace by the caller); at the end, with no
 * capability left, every inherited fd but --fd closed.  libnl reads NLDBG,
 * NLCB and NLSYSCONFDIR in its constructors, so this runs in entry_early,
 * constructor(101): first in the static link's .init_array, which
 * tests/buildcheck.sh checks (make check-build, make install); a dynamic
 * build is never installed.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* For main to report (stderr may not be valid in entry_early). */
static const char *early_failure = "the early start-up step did not run";

/*
 * Only EBADF means "closed"; another failure is reported.  After an
 * AT_SECURE exec glibc has done it already, before any constructor, and
 * aborts if it cannot (stdio_closed_at_exec_still_serves).
 */
static int entry_stdio(void)
{
	int fd;

	if (getauxval(AT_SECURE))
		return 0;
	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		if (errno != EBADF)
			return -1;
		if (open("/dev/null", O_RDWR) != fd)
			return -1;
	}
	return 0;
}

/* 101: the first priority a program may use (lower runs first). */
__attribute__((constructor(101))) static void entry_early(void)
{
	int stdio = entry_stdio();
	sigset_t none;

	clearenv();
	umask(077);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	early_failure = stdio < 0 ? "making fds 0-2 valid failed" : NULL;
}

int entry_check(char *err, size_t errlen)
{
	if (early_failure == NULL)
		return 0;
	return failure(BRH_EXIT_SYSTEM, err, errlen, "%s", early_failure);
}

/*
 * Every fd above POLICY_SOCK_FD but the n in keep (the TAP's, ascending as
 * tap_open() opened them), called once no capability is left: the last
 * close of an inherited fd can wait on what the caller controls (a
 * lingering socket, a FUSE file, a terminal's output), so they are held
 * until then (finish()); a failed run's go at its exit.
 */
int entry_close_rest(const int *keep, unsigned n, char *err, size_t errlen)
{
	unsigned from = POLICY_SOCK_FD + 1, i;

	for (i = 0; i < n; i++) {
		if ((unsigned)keep[i] < from)
			return failure(BRH_EXIT_SYSTEM, err, errlen,
				       "closing inherited fds: the TAP's are "
				       "out of order");
		if ((unsigned)keep[i] > from &&
		    close_range(from, (unsigned)keep[i] - 1, 0) < 0)
			break;
		from = (unsigned)keep[i] + 1;
	}
	if (i == n && close_range(from, ~0U, 0) == 0)
		return 0;
	return failure(
		BRH_EXIT_SYSTEM, err, errlen,
		"closing inherited fds: %s (close_range needs Linux 5.9)",
		strerror(errno));
}
