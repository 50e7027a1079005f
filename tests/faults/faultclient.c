/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * faultclient - one run of the fault sweep (tests/faults/run.sh), as the
 * VMM's side of the socket sees it, and what the run left behind.
 *
 *   faultclient [full] QUEUES ISOLATED BRIDGE PORT ERRFILE LOG -- COMMAND...
 *
 * Run as root inside the sweep's network namespace (ip netns exec, so that
 * /sys shows it).  COMMAND is strace -u nobody ... HELPER ...: it gets one
 * end of a socketpair(AF_UNIX, SOCK_STREAM) as fd 3, /dev/null as stdin
 * and stdout, and a pipe as stderr (as libbrhelper and libvirt give the
 * helper; the pipe is read while it runs, so the helper's stderr_drained()
 * never waits).  Its stderr text goes to ERRFILE.  LOG is the file that
 * loglisten writes /dev/log's messages to (tests/with-syslog.sh), or "-".
 *
 * With "full", the helper's end of the socket is made non-blocking and its
 * send buffer filled first, so the hand-off (sendmsg) really fails with
 * EAGAIN: the failure path after the seccomp filter, run for real (strace
 * cannot inject there; see run.sh).
 *
 * Why not tapclient: it takes one queue only, and libbrhelper closes
 * whatever fds came with a failed status, so it cannot tell whether a
 * failed helper handed a TAP over anyway.  This reads the raw socket.
 *
 * One line on stdout, words separated by spaces:
 *   status=N | signal=N | timeout   how COMMAND ended (20 s at most)
 *   fds=N                           descriptors received, all messages
 *   msgs=N                          messages that carried fds
 *   tap=NAME complete=1             the fds are QUEUES queues of one TAP,
 *                                   as brhelper(8) promises (flags, vnet
 *                                   header size, owner, not persistent,
 *                                   alias, MTU, up, a port of BRIDGE, and
 *                                   isolated when ISOLATED is 1)
 *   complete=0 why=WHAT             they are not (first failed check)
 *   left=NAME,...                   TUN/TAP devices still in the namespace
 *                                   once every fd of ours is closed
 *   ports=NAME,...                  ports of BRIDGE other than PORT then
 *   audit=N result=R audittap=T     the audit lines (brhelper[PID]:) that
 *                                   reached LOG during the run, and the
 *                                   result= and tap= of the last one
 * Exit status 0 when the line was written, 2 on a usage or setup error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 300
#define DEADLINE_MS 20000
#define CALLER_UID 65534 /* strace -u runs the helper as this user */

struct want {
	unsigned queues;
	int isolated;
	const char *bridge, *port;
};

/* The first line of /sys/class/net/IF/FILE, or "" when there is none. */
static const char *sys_read(const char *ifname, const char *file)
{
	static char buf[256];
	char path[512];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static long sys_num(const char *ifname, const char *file)
{
	const char *s = sys_read(ifname, file);

	return *s != '\0' ? strtol(s, NULL, 0) : -1;
}

/* The bridge IF is a port of, or "". */
static const char *master_of(const char *ifname)
{
	static char link[512];
	char path[512];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/master", ifname);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	return strrchr(link, '/') != NULL ? strrchr(link, '/') + 1 : link;
}

/*
 * NULL when fds[0..n) are the complete TAP brhelper(8) promises, else the
 * first thing that is wrong with them.  name gets the TAP's name.
 */
static const char *incomplete(const int *fds, int n, const struct want *w,
			      char name[IFNAMSIZ])
{
	short flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	char alias[64];
	struct ifreq ifr;
	int i, hdrsz;

	if (w->queues > 1)
		flags |= IFF_MULTI_QUEUE;
	if (n != (int)w->queues)
		return "fds_not_one_per_queue";
	for (i = 0; i < n; i++) {
		memset(&ifr, 0, sizeof(ifr));
		if (ioctl(fds[i], TUNGETIFF, &ifr) < 0)
			return "not_a_tap_fd";
		if (i == 0)
			memcpy(name, ifr.ifr_name, IFNAMSIZ);
		if (strncmp(name, ifr.ifr_name, IFNAMSIZ) != 0)
			return "queues_of_different_devices";
		if ((ifr.ifr_flags & ~IFF_PERSIST) != flags)
			return "flags_not_tap_nopi_vnet";
		if (ioctl(fds[i], TUNGETVNETHDRSZ, &hdrsz) < 0 || hdrsz != 10)
			return "vnet_header_size_not_10";
	}
	snprintf(alias, sizeof(alias), "brhelper uid=%d pid=", CALLER_UID);
	if (sys_num(name, "tun_flags") < 0 ||
	    (sys_num(name, "tun_flags") & IFF_PERSIST))
		return "persistent";
	if (sys_num(name, "owner") != CALLER_UID)
		return "owner_not_the_caller";
	if (strncmp(sys_read(name, "ifalias"), alias, strlen(alias)) != 0)
		return "alias_not_brhelper_uid";
	if (strcmp(master_of(name), w->bridge) != 0)
		return "not_a_port_of_the_bridge";
	if (sys_num(name, "mtu") != sys_num(w->bridge, "mtu"))
		return "mtu_not_the_bridges";
	if (!(sys_num(name, "flags") & IFF_UP))
		return "not_up";
	if (w->isolated && sys_num(name, "brport/isolated") != 1)
		return "not_isolated";
	return NULL;
}

/* Names in DIR, but SKIP, that FILTER accepts, as one "a,b" word. */
static void list_dir(const char *dir, const char *skip,
		     int (*filter)(const char *), char *out, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t o = 0;

	out[0] = '\0';
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, skip) == 0 ||
		    (filter != NULL && !filter(e->d_name)))
			continue;
		o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s%s",
				      o ? "," : "", e->d_name);
	}
	if (d != NULL)
		closedir(d);
}

static int is_tun(const char *ifname)
{
	return sys_num(ifname, "tun_flags") >= 0;
}

/* Take every message waiting on sock, and every fd in them. */
static int take_fds(int sock, int *fds, int *msgs)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	char data[64];
	int n = 0;

	for (;;) {
		struct iovec iov = { data, sizeof(data) };
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
		struct cmsghdr *c;
		ssize_t r;

		m.msg_control = ctl.buf;
		m.msg_controllen = sizeof(ctl.buf);
		r = recvmsg(sock, &m, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (r <= 0)
			return n;
		for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
			int k = (int)((c->cmsg_len - CMSG_LEN(0)) /
				      sizeof(int));

			if (c->cmsg_level != SOL_SOCKET ||
			    c->cmsg_type != SCM_RIGHTS)
				continue;
			if (n + k > MAX_FDS)
				k = MAX_FDS - n;
			memcpy(fds + n, CMSG_DATA(c), sizeof(int) * (size_t)k);
			n += k;
			++*msgs;
		}
	}
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 +
	       (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* A word's value after " KEY=" in line (up to the next space), or "-". */
static void field(const char *line, const char *key, char *out, size_t len)
{
	const char *p = strstr(line, key);
	size_t n;

	if (p == NULL) {
		snprintf(out, len, "-");
		return;
	}
	p += strlen(key);
	n = strcspn(p, " \n");
	snprintf(out, len, "%.*s", (int)n, p);
}

/*
 * The audit lines of this run: after the run, a mark of our own goes to
 * /dev/log, where loglisten reads one socket in order, so once the mark is
 * in LOG every line sent before it is too (3 s at most).  Prints
 * " audit=N result=R audittap=T" for the "brhelper[" lines between off
 * (LOG's size before the run) and the mark.
 */
static void audit_since(const char *log, off_t off)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX,
				  .sun_path = "/dev/log" };
	static char buf[1 << 20];
	char mark[64], result[64] = "-", tap[64] = "-", *line, *end;
	struct timespec t0, tick = { 0, 2000000 };
	ssize_t n = 0;
	int s, fd, count = 0;

	snprintf(mark, sizeof(mark), "faultclient-mark-%d-%ld", (int)getpid(),
		 (long)off);
	s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0 || sendto(s, mark, strlen(mark), 0, (struct sockaddr *)&sa,
			    sizeof(sa)) < 0) {
		printf(" audit=nolog");
		return;
	}
	close(s);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		nanosleep(&tick, NULL);
		fd = open(log, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : pread(fd, buf, sizeof(buf) - 1, off);
		if (fd >= 0)
			close(fd);
		buf[n > 0 ? n : 0] = '\0';
	} while (strstr(buf, mark) == NULL && ms_since(&t0) < 3000);
	end = strstr(buf, mark);
	if (end == NULL) {
		printf(" audit=nomark");
		return;
	}
	*end = '\0';
	for (line = buf; (line = strstr(line, "brhelper[")) != NULL; line++) {
		count++;
		field(line, " result=", result, sizeof(result));
		field(line, " tap=", tap, sizeof(tap));
	}
	printf(" audit=%d result=%s audittap=%s", count, result, tap);
}

/* Copy the child's stderr to out until it closes or the deadline passes. */
static int drain(int errfd, FILE *out, const struct timespec *t0)
{
	struct pollfd p = { errfd, POLLIN, 0 };
	char buf[4096];
	ssize_t n;

	for (;;) {
		long left = DEADLINE_MS - ms_since(t0);

		if (left <= 0)
			return -1;
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return -1;
		n = read(errfd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n > 0)
			fwrite(buf, 1, (size_t)n, out);
	}
}

/* The helper's end, non-blocking (its file description: ours too), full. */
static int fill(int sock)
{
	static const char junk[4096];
	int sz = 4096;

	if (setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz)) < 0 ||
	    fcntl(sock, F_SETFL, O_NONBLOCK) < 0)
		return -1;
	while (write(sock, junk, sizeof(junk)) > 0)
		;
	while (write(sock, junk, 1) > 0)
		;
	return errno == EAGAIN ? 0 : -1;
}

static pid_t spawn(char **argv, int sock, int errfd)
{
	pid_t pid = fork();
	int null;

	if (pid != 0)
		return pid;
	setpgid(0, 0);
	null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
	    dup2(errfd, 2) < 0 || dup2(sock, 3) < 0)
		_exit(127);
	execvp(argv[0], argv);
	_exit(127);
}

int main(int argc, char *argv[])
{
	static int fds[MAX_FDS];
	struct want w;
	struct timespec t0;
	char name[IFNAMSIZ] = "", left[1024], ports[1024], brif[300];
	const char *why;
	int sv[2], ep[2], st = 0, n, msgs = 0, i, timed_out;
	FILE *errout;
	struct stat log;
	off_t off = 0;
	pid_t pid;
	int full = argc > 1 && strcmp(argv[1], "full") == 0;

	argc -= full;
	argv += full;
	if (argc < 9 || strcmp(argv[7], "--") != 0) {
		fprintf(stderr, "usage: faultclient [full] QUEUES ISOLATED "
				"BRIDGE PORT ERRFILE LOG -- COMMAND...\n");
		return 2;
	}
	w.queues = (unsigned)strtoul(argv[1], NULL, 10);
	w.isolated = strcmp(argv[2], "1") == 0;
	w.bridge = argv[3];
	w.port = argv[4];
	errout = fopen(argv[5], "w");
	if (errout == NULL ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
	    pipe2(ep, O_CLOEXEC) < 0 || (full && fill(sv[1]) < 0)) {
		perror("faultclient");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (strcmp(argv[6], "-") != 0 && stat(argv[6], &log) == 0)
		off = log.st_size;
	pid = spawn(argv + 8, sv[1], ep[1]);
	if (pid < 0) {
		perror("faultclient: fork");
		return 2;
	}
	close(sv[1]);
	close(ep[1]);
	timed_out = drain(ep[0], errout, &t0) < 0;
	if (timed_out)
		kill(-pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	fclose(errout);
	n = take_fds(sv[0], fds, &msgs);
	if (timed_out)
		printf("timeout");
	else if (WIFSIGNALED(st))
		printf("signal=%d", WTERMSIG(st));
	else
		printf("status=%d", WEXITSTATUS(st));
	printf(" fds=%d msgs=%d", n, msgs);
	if (n > 0) {
		why = incomplete(fds, n, &w, name);
		if (why == NULL)
			printf(" tap=%s complete=1", name);
		else
			printf(" tap=%s complete=0 why=%s", name, why);
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
	close(sv[0]);
	list_dir("/sys/class/net", "", is_tun, left, sizeof(left));
	snprintf(brif, sizeof(brif), "/sys/class/net/%s/brif", w.bridge);
	list_dir(brif, w.port, NULL, ports, sizeof(ports));
	printf(" left=%s ports=%s", left, ports);
	if (strcmp(argv[6], "-") != 0)
		audit_since(argv[6], off);
	printf("\n");
	return 0;
}
