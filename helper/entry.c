/*
 * entry.c - make the state the caller handed us safe to run in.
 *
 * The caller controls everything a process inherits.  Before anything is
 * printed, fds 0-2 are made valid (else a message could land in a file the
 * caller opened as fd 2 of ours); then the environment is emptied, the
 * umask and signal mask reset, and the process made non-dumpable (no core
 * file, no ptrace by the caller, /proc/PID owned by root).  Once the
 * arguments are parsed every inherited fd but --fd is closed.
 */
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Only EBADF means "closed": any other failure leaves the state unknown,
 * and is reported (fd 2 is then the caller's own or closed, never a file
 * we opened).
 */
int entry_stdio(void)
{
	int fd;

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

void entry_sanitize(void)
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

int entry_close_fds(int keep)
{
	if (keep < 3)
		return close_range(3, ~0U, 0);
	if (keep > 3 && close_range(3, (unsigned)keep - 1, 0) < 0)
		return -1;
	return close_range((unsigned)keep + 1, ~0U, 0);
}
