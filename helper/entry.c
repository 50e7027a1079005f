/*
 * entry.c - make the state the caller handed us safe to run in.
 *
 * The caller controls everything a process inherits.  Before anything is
 * printed, fds 0-2 are made valid (else a message could land in a file the
 * caller opened as fd 2 of ours); then the environment is emptied, the
 * umask and signal mask reset, and the process made non-dumpable (no core
 * file, no ptrace by the caller, /proc/PID owned by root).  Once the
 * arguments are parsed every inherited fd but --fd is closed.
 *
 * None of it but the closing can wait for main: libnl reads NLDBG and
 * NLCB (debug dumps with heap addresses on stderr, other callbacks) and
 * libnl-route NLSYSCONFDIR (a file it opens) in constructors, which run
 * before main.  So it runs in entry_early, a constructor of the highest
 * priority a program may take.  In the static link (STATIC=1) that puts it
 * first in .init_array, before every library's constructor;
 * tests/buildcheck.sh fails make check-build (and so make install) unless
 * it is, and the hostile tests run the helper with those variables set.
 * In a dynamic link the shared libraries' constructors run before any of
 * the program's, so that build is never installed privileged.
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

/* What entry_early found, for main to report (stderr may not be valid). */
static const char *early_failure = "the early start-up step did not run";

/*
 * Only EBADF means "closed": any other failure leaves the state unknown,
 * and is reported (fd 2 is then the caller's own or closed, never a file
 * we opened).  After a set-user-ID or file-capability exec (AT_SECURE)
 * glibc has done it already, before any constructor: a closed 0 is
 * /dev/full, a closed 1 or 2 /dev/null, each opened so that using it
 * fails, and it aborts if it cannot (stdio_closed_at_exec_still_serves).
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

static void entry_sanitize(void)
{
	sigset_t none;

	clearenv();
	umask(077);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* RLIMIT_FSIZE from the caller: a failed write, not a signal. */
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
}

/*
 * 101: the first priority a program may use (0-100 belong to the compiler
 * and libc); lower numbers run first.
 */
__attribute__((constructor(101))) static void entry_early(void)
{
	int stdio;

	stdio = entry_stdio();

	entry_sanitize();
	early_failure = stdio < 0 ? "making fds 0-2 valid failed" : NULL;
}

int entry_check(char *err, size_t errlen)
{
	if (early_failure == NULL)
		return 0;
	snprintf(err, errlen, "%s", early_failure);
	return BRH_EXIT_SYSTEM;
}

/* Every inherited fd but 0-2 and keep (the --fd socket). */
int entry_close_fds(int keep, char *err, size_t errlen)
{
	if ((keep > 3 && close_range(3, (unsigned)keep - 1, 0) < 0) ||
	    close_range((unsigned)keep + 1, ~0U, 0) < 0) {
		snprintf(err, errlen,
			 "closing inherited fds: %s (close_range needs Linux "
			 "5.9)",
			 strerror(errno));
		return BRH_EXIT_SYSTEM;
	}
	return 0;
}
