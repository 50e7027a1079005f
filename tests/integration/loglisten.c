/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * loglisten - a syslog socket of the test's own, for the audit tests.
 *
 *   loglisten PATH OUT
 *	Bind a datagram socket at PATH (mode 0666), say "ready" on stdout,
 *	then append each message received, as one line, to OUT, until
 *	SIGTERM.  A message with a newline inside is written with the
 *	newline as "\n", so a test sees exactly how many messages came.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[8192];
	FILE *out;
	int s;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: loglisten PATH OUT\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	out = fopen(argv[2], "a");
	if (s < 0 || out == NULL ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    chmod(argv[1], 0666) < 0) {
		perror("loglisten");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		ssize_t n = recv(s, buf, sizeof(buf), 0), i;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 1;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				fputs("\\n", out);
			else
				fputc(buf[i], out);
		}
		fputc('\n', out);
		fflush(out);
	}
}
