/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * waitcaps HELPER BRIDGE - catch a refused helper while it waits.
 *
 * A failed run waits a little (at most 1 s) for its caller to read the
 * line on stderr (libvirt's reader).  SPEC.md: nothing the caller controls
 * is waited on while a capability is permitted.  This client gives the
 * helper a stderr pipe that it does not read, waits until the helper has
 * written its line, reads the helper's /proc/PID/status while it waits,
 * prints its Cap* and NoNewPrivs lines and the line, and the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void show_status(pid_t pid)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "Cap", 3) == 0 ||
		    strncmp(line, "Uid", 3) == 0 ||
		    strncmp(line, "State", 5) == 0)
			fputs(line, stdout);
	if (f != NULL)
		fclose(f);
}

int main(int argc, char *argv[])
{
	struct timespec tick = { 0, 1000 * 1000 };
	char arg[64], out[1024];
	int sv[2], err[2], left = 0, i, status;
	ssize_t n;
	pid_t pid;

	if (argc != 3 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 ||
	    pipe(err) < 0)
		return 2;
	snprintf(arg, sizeof(arg), "--br=%s", argv[2]);
	pid = fork();
	if (pid == 0) {
		dup2(sv[1], 3);
		dup2(err[1], 2);
		execl(argv[1], argv[1], "--use-vnet", "--fd=3", arg,
		      (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	close(err[1]);
	for (i = 0; i < 2000 && left == 0; i++) {
		nanosleep(&tick, NULL);
		if (ioctl(err[0], FIONREAD, &left) < 0)
			return 2;
	}
	/*
	 * 50 ms on: a helper that waits for its line to be read waits up to
	 * 1 s; one that does not has exited (a zombie) by then.
	 */
	tick.tv_nsec = 50 * 1000 * 1000;
	nanosleep(&tick, NULL);
	show_status(pid);
	n = read(err[0], out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = '\0';
	fputs(out, stdout);
	if (waitpid(pid, &status, 0) != pid)
		return 2;
	printf("status=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
