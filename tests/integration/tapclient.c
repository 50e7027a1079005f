/*
 * tapclient - a VMM-like test client of libbrhelper, run as an ordinary user.
 *
 *   tapclient open HELPER BRIDGE [novnet]
 *	Get a TAP through the helper; print "ifname=NAME vnet=0|1", then hold
 *	the fd until stdin closes.  Exit status: 0, or the helper's.
 *   tapclient sandbox HELPER BRIDGE
 *	Fill the helper's socket first so its sendmsg blocks; print the
 *	helper's /proc/PID/status (and fd list when readable) at that moment;
 *	then drain and take the TAP.
 *   tapclient badfd KIND HELPER BRIDGE
 *	Run the helper with --fd naming a descriptor of the wrong KIND
 *	(file, closed, tcp, udp, pipe, listen, dgram, gone); pass through
 *	its stderr and exit status.
 *   tapclient frame HELPER BRIDGE
 *	Get a TAP, send an Ethernet frame through it, wait for one back.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../lib/brhelper.h"

extern char **environ;

static int fail(const struct brh_error *e)
{
	fprintf(stderr, "tapclient: %s\n", e->msg);
	return e->status > 0 ? e->status : 99;
}

static void describe(int fd, const char *ifname)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
		perror("TUNGETIFF");
		exit(98);
	}
	printf("ifname=%s vnet=%d tap=%d nopi=%d\n", ifname,
	       !!(ifr.ifr_flags & IFF_VNET_HDR), !!(ifr.ifr_flags & IFF_TAP),
	       !!(ifr.ifr_flags & IFF_NO_PI));
	fflush(stdout);
}

static void hold_until_stdin_closes(void)
{
	char buf[64];

	while (read(0, buf, sizeof(buf)) > 0)
		;
}

static int cmd_open(const char *helper, const char *bridge, int vnet)
{
	char ifname[IFNAMSIZ];
	struct brh_error e;
	int fd = brh_open_tap(helper, bridge, vnet ? BRH_USE_VNET : 0, ifname,
			      &e);

	if (fd < 0)
		return fail(&e);
	describe(fd, ifname);
	hold_until_stdin_closes();
	close(fd);
	return 0;
}

static void print_status(pid_t pid)
{
	static const char *keys[] = { "CapInh:", "CapPrm:", "CapEff:",
				      "CapBnd:", "CapAmb:", "NoNewPrivs:",
				      "Seccomp:", "Uid:", "Gid:" };
	char path[64], line[256];
	FILE *f;
	size_t i;
	int nfd = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strncmp(line, keys[i], strlen(keys[i])) == 0)
				fputs(line, stdout);
	if (f != NULL)
		fclose(f);
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	if (access(path, R_OK | X_OK) == 0) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "ls %s | wc -l", path);
		f = popen(cmd, "r");
		if (f != NULL && fscanf(f, "%d", &nfd) == 1)
			printf("Fds:\t%d\n", nfd);
		if (f != NULL)
			pclose(f);
	}
	fflush(stdout);
}

/* Wait until the helper has loaded its filter (it then blocks in sendmsg). */
static int wait_sandboxed(pid_t pid)
{
	char path[64], line[256];
	int tries;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	for (tries = 0; tries < 1000; tries++) {
		FILE *f = fopen(path, "r");
		int seccomp = 0;

		while (f != NULL && fgets(line, sizeof(line), f) != NULL)
			if (strcmp(line, "Seccomp:\t2\n") == 0)
				seccomp = 1;
		if (f != NULL)
			fclose(f);
		if (seccomp) {
			usleep(50000);	/* let it reach sendmsg */
			return 0;
		}
		usleep(10000);
	}
	return -1;
}

static int cmd_sandbox(const char *helper, const char *bridge)
{
	char ifname[IFNAMSIZ], junk[4096];
	struct brh_child c;
	struct brh_error e;
	size_t filled = 0;
	int sv[2], fd, sz = 4096;
	ssize_t n;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return 97;
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	memset(junk, 'x', sizeof(junk));
	while ((n = write(sv[1], junk, sizeof(junk))) > 0)
		filled += (size_t)n;
	while ((n = write(sv[1], junk, 1)) > 0)
		filled += (size_t)n;
	fcntl(sv[1], F_SETFL, 0);
	if (brh_start(&c, helper, bridge, BRH_USE_VNET, sv, &e) < 0)
		return fail(&e);
	if (wait_sandboxed(c.pid) < 0)
		fprintf(stderr, "tapclient: helper never reached Seccomp: 2\n");
	print_status(c.pid);
	while (filled > 0) {
		n = read(c.sock, junk, filled < sizeof(junk) ? filled
							      : sizeof(junk));
		if (n <= 0)
			return 96;
		filled -= (size_t)n;
	}
	fd = brh_finish(&c, ifname, &e);
	if (fd < 0)
		return fail(&e);
	describe(fd, ifname);
	close(fd);
	return 0;
}

/* A descriptor that is not what --fd must be; returned at fd >= 3. */
static int bad_fd(const char *kind)
{
	int sv[2], fd = -1;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	if (strcmp(kind, "file") == 0)
		fd = open("/dev/null", O_RDONLY);
	else if (strcmp(kind, "closed") == 0)
		fd = 77;
	else if (strcmp(kind, "tcp") == 0)
		fd = socket(AF_INET, SOCK_STREAM, 0);
	else if (strcmp(kind, "udp") == 0)
		fd = socket(AF_INET, SOCK_DGRAM, 0);
	else if (strcmp(kind, "pipe") == 0 && pipe(sv) == 0)
		fd = sv[0];
	else if (strcmp(kind, "listen") == 0) {
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		/* abstract name: nothing on disk to clean up */
		snprintf(sun.sun_path + 1, sizeof(sun.sun_path) - 1,
			 "brhelper-test-%d", (int)getpid());
		if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
		    listen(fd, 1) < 0)
			return -1;
	} else if (strcmp(kind, "unconnected") == 0)
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
	else if (strcmp(kind, "dgram") == 0 &&
		 socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0)
		fd = sv[0];
	else if (strcmp(kind, "gone") == 0 &&
		 socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
		fd = sv[0];
		close(sv[1]);
	}
	return fd;
}

static int cmd_badfd(const char *kind, const char *helper, const char *bridge)
{
	char fdarg[32], brarg[64];
	char *argv[] = { (char *)helper, "--use-vnet", fdarg, brarg, NULL };
	int fd = bad_fd(kind), ws;
	pid_t pid;

	if (fd < 0) {
		fprintf(stderr, "tapclient: cannot make a '%s' fd\n", kind);
		return 95;
	}
	snprintf(fdarg, sizeof(fdarg), "--fd=%d", fd);
	snprintf(brarg, sizeof(brarg), "--br=%s", bridge);
	if (posix_spawn(&pid, helper, NULL, NULL, argv, environ) != 0)
		return 94;
	if (waitpid(pid, &ws, 0) < 0)
		return 93;
	if (WIFSIGNALED(ws)) {
		fprintf(stderr, "tapclient: helper killed by signal %d\n",
			WTERMSIG(ws));
		return 92;
	}
	return WEXITSTATUS(ws);
}

int main(int argc, char *argv[])
{
	if (argc >= 4 && strcmp(argv[1], "open") == 0)
		return cmd_open(argv[2], argv[3],
				!(argc > 4 && strcmp(argv[4], "novnet") == 0));
	if (argc == 4 && strcmp(argv[1], "sandbox") == 0)
		return cmd_sandbox(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "badfd") == 0)
		return cmd_badfd(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: see the comment at the top of tapclient.c\n");
	return 2;
}
