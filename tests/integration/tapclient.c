/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * tapclient - a VMM-like test client of libbrhelper, run as an ordinary user.
 *
 *   tapclient open HELPER BRIDGE [novnet]
 *	Get a TAP through the helper; print "ifname=NAME vnet=0|1 tap=1
 *	nopi=1 hdrsz=N" (N: the vnet header size), then hold the fd until
 *	stdin closes.  Exit status: 0, or the helper's.
 *   tapclient persist HELPER BRIDGE
 *	Get a TAP, make it persistent (TUNSETPERSIST, as any fd holder may),
 *	print "persistent=NAME" and exit: the TAP stays.
 *   tapclient give HELPER BRIDGE UID
 *	Get a TAP, make UID its owner (TUNSETOWNER) and make it persistent,
 *	as any fd holder may; print "persistent=NAME" and exit.
 *   tapclient attach IFNAME
 *	Attach to the existing TAP IFNAME through /dev/net/tun, without the
 *	helper; print "attached=NAME" (exit 0) or why not (exit 1).
 *   tapclient grab SECONDS [steal|group|persist|tamper]
 *	As a hostile user: for up to SECONDS, try again and again to attach a
 *	queue to a multi-queue TAP tap0..tap15 (anyone may while it has no
 *	owner); print "grabbed=NAME" and hold the queue until stdin closes,
 *	or exit 1.  With a second word: once the TAP has an owner, do that
 *	through the queue (tun(4) asks no permission): make ourselves its
 *	owner (steal), give it our group (group), make it persistent
 *	(persist), or set its vnet header size to 24 and its send buffer to
 *	4096 (tamper); let the queue go, print "WORD=NAME", and wait for
 *	stdin to close.
 *   tapclient fdinfo FD
 *	Print "hdrsz=N sndbuf=N" of the TAP queue on FD (as brhelper-run
 *	hands them over).
 *   tapclient setmac HELPER BRIDGE MAC
 *	As open, but first set the TAP's MAC address through the fd
 *	(SIOCSIFHWADDR, as any fd holder may).
 *   tapclient watchopen FILE
 *	As root: hold every open of FILE (fanotify FAN_OPEN_PERM) while the
 *	opener's /proc/PID/status is printed after "opener=PID"; print
 *	"ready" first; stop when stdin closes.
 *   tapclient sandbox HELPER BRIDGE [QUEUES]
 *	Fill the helper's socket first so its sendmsg blocks; print the
 *	helper's /proc/PID/status (and fd list when readable) at that moment;
 *	then drain and take the TAP.
 *   tapclient hangup HELPER BRIDGE
 *	As sandbox, but close our end while the helper is blocked in sendmsg:
 *	its failure to hand over, under the filter, must be a clean exit 4.
 *   tapclient noargv HELPER
 *	Execute the helper with an empty argv (argc 0).
 *   tapclient badfd KIND HELPER BRIDGE
 *	Run the helper with --fd naming a descriptor of the wrong KIND
 *	(file, closed, tcp, udp, pipe, listen, dgram, gone); pass through
 *	its stderr and exit status.
 *   tapclient wrap [fds=N] [closestd] [stderr=FILE] [nofile=N] [as=BYTES]
 *                  [fsize=N] [core=N] [linger=FILE] -- PROG ARGS...
 *	Set up a hostile inherited state, then exec PROG (the helper, from
 *	a helper string run by sh -c).  linger=FILE: an inherited TCP
 *	socket (on 127.0.0.1, so lo must be up) whose last close waits 5 s
 *	(unsent data, a peer that never reads, SO_LINGER); a child holds the
 *	peer and, 1.5 s on, writes to FILE "alive=0|1 State... CapPrm..." of
 *	its parent, which is PROG by then.
 *   tapclient load N CONCURRENT HELPER BRIDGE
 *	N sequential then CONCURRENT simultaneous TAPs; print failures,
 *	distinct names, and this process's fd and RSS growth.
 *   tapclient kill N HELPER BRIDGE
 *	N times: start the helper, SIGKILL it after a random 0-5 ms, reap.
 *   tapclient demo HELPER BRIDGE IPV4
 *	For make demo: get a TAP as in "sandbox", say in words what the helper
 *	was allowed at the hand-off and what the TAP is, then send an ARP
 *	request for IPV4 (an address on the bridge) through the TAP fd and
 *	wait for the answer to come back through it.
 *   tapclient arp HELPER BRIDGE MYIP TARGETIP
 *	Get a TAP (vnet header), send an ARP request for TARGETIP from MYIP
 *	through it; print "NAME: TARGETIP answered" (exit 0) or "NAME:
 *	TARGETIP no answer" (exit 1) within one second.
 *   tapclient responder HELPER BRIDGE MYIP
 *	Get a TAP, print "ifname=NAME responding", and answer ARP requests
 *	for MYIP through it until stdin closes.
 *   tapclient guest HELPER BRIDGE MAC|- [MYIP]
 *	Get a TAP (vnet header) with brh_request.mac set to MAC ("-": no
 *	MAC), print "ifname=NAME" and hold it until stdin closes; with MYIP,
 *	answer ARP requests for MYIP from MAC meanwhile.  Commands on stdin,
 *	one a line: "arp SRCMAC SRCIP TARGETIP" sends an ARP request for
 *	TARGETIP with SRCMAC as Ethernet source and sender, SRCIP as sender
 *	address, and prints "TARGETIP answered" or, after one second,
 *	"TARGETIP no answer"; "seen MAC IP" prints "MAC IP seen" when an ARP
 *	frame from MAC with sender address IP came through the TAP (of the
 *	last 64), else "MAC IP not seen"; "got MAC" prints "MAC got" when a
 *	frame to the unicast MAC came through it (of the last 64), else "MAC
 *	not got"; "bpdu SRCMAC" sends an STP configuration BPDU from SRCMAC
 *	that names SRCMAC, priority 0, the root bridge, and prints "bpdu
 *	sent".  Exit status: 0, or the helper's.
 *	TAPCLIENT_DEADLINE_MS in the environment: the library's deadline
 *	(brh_request.timeout_ms), for a helper held under strace.
 *   tapclient direct HELPER ARG...
 *	Run the helper as QEMU does, with ARG... and --fd=N (our socket);
 *	pass through its stderr and exit status; print "ifname=NAME" for a
 *	TAP it sent (then closed).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/fanotify.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if_arp.h>
#include <netinet/if_ether.h>
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>

#include "../../lib/brhelper.h"

extern char **environ;

static int fail(const struct brh_error *e)
{
	fprintf(stderr, "tapclient: %s\n", e->msg);
	return e->status > 0 ? e->status : 99;
}

/* One TAP through libbrhelper: its fd, or -1 with e filled. */
static int open_tap(const char *helper, const char *bridge, unsigned flags,
		    char ifname[IFNAMSIZ], struct brh_error *e)
{
	struct brh_request req = { .helper = helper,
				   .bridge = bridge,
				   .flags = flags };
	int fd;

	return brh_open(&req, &fd, ifname, e) == 1 ? fd : -1;
}

static void describe(int fd, const char *ifname)
{
	struct ifreq ifr;
	int hdrsz;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0) {
		perror("TUNGETIFF");
		exit(98);
	}
	if (ioctl(fd, TUNGETVNETHDRSZ, &hdrsz) < 0) {
		perror("TUNGETVNETHDRSZ");
		exit(98);
	}
	printf("ifname=%s vnet=%d tap=%d nopi=%d hdrsz=%d\n", ifname,
	       !!(ifr.ifr_flags & IFF_VNET_HDR), !!(ifr.ifr_flags & IFF_TAP),
	       !!(ifr.ifr_flags & IFF_NO_PI), hdrsz);
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
	int fd = open_tap(helper, bridge, vnet ? BRH_USE_VNET : 0, ifname, &e);

	if (fd < 0)
		return fail(&e);
	describe(fd, ifname);
	hold_until_stdin_closes();
	close(fd);
	return 0;
}

/*
 * What any holder of a TAP fd may do, no privilege needed: make it
 * persistent, then let go of it.  The TAP outlives this process.
 */
static int cmd_persist(const char *helper, const char *bridge)
{
	char ifname[IFNAMSIZ];
	struct brh_error e;
	int fd = open_tap(helper, bridge, BRH_USE_VNET, ifname, &e);

	if (fd < 0)
		return fail(&e);
	if (ioctl(fd, TUNSETPERSIST, 1) < 0) {
		perror("tapclient: TUNSETPERSIST");
		return 1;
	}
	printf("persistent=%s\n", ifname);
	close(fd);
	return 0;
}

static void print_status(pid_t pid)
{
	static const char *keys[] = { "CapInh:",  "CapPrm:", "CapEff:",
				      "CapBnd:",  "CapAmb:", "NoNewPrivs:",
				      "Seccomp:", "Uid:",    "Gid:" };
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

/* ---- what a TAP fd's holder may do; what the helper holds ---------------- */

/*
 * Give the TAP away: TUNSETOWNER to uid, then TUNSETPERSIST, as any holder
 * of the fd may, with no privilege; print "persistent=NAME" and exit.
 */
static int cmd_give(const char *helper, const char *bridge, const char *uid)
{
	char ifname[IFNAMSIZ];
	struct brh_error e;
	int fd = open_tap(helper, bridge, BRH_USE_VNET, ifname, &e);

	if (fd < 0)
		return fail(&e);
	if (ioctl(fd, TUNSETOWNER, strtoul(uid, NULL, 10)) < 0 ||
	    ioctl(fd, TUNSETPERSIST, 1) < 0) {
		perror("tapclient: TUNSETOWNER, TUNSETPERSIST");
		return 1;
	}
	printf("persistent=%s\n", ifname);
	close(fd);
	return 0;
}

/* Attach to an existing TAP through /dev/net/tun, without the helper. */
static int cmd_attach(const char *ifname)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "tapclient: attaching to %s: %s\n", ifname,
			strerror(errno));
		return 1;
	}
	printf("attached=%s\n", ifr.ifr_name);
	close(fd);
	return 0;
}

/* One try at a queue of each of tap0..tap15: the fd, or -1. */
static int grab_once(char name[IFNAMSIZ])
{
	struct ifreq ifr;
	int i, fd;

	for (i = 0; i < 16; i++) {
		fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "tap%d", i);
		ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR |
				IFF_MULTI_QUEUE;
		if (fd >= 0 && ioctl(fd, TUNSETIFF, &ifr) == 0) {
			memcpy(name, ifr.ifr_name, IFNAMSIZ);
			return fd;
		}
		if (fd >= 0)
			close(fd);
	}
	return -1;
}

/*
 * Wait (5 s at most) until NAME has an owner, then do through our queue
 * what any queue may (tun(4) asks no permission): how is "steal" (make us
 * the owner), "group" (give it our group), "persist" (make it persistent)
 * or "tamper" (vnet header size 24, send buffer 4096); let the queue go.
 */
static int visit(int fd, const char *name, const char *how)
{
	int hdrsz = 24, sndbuf = 4096, rc = -1;
	struct timespec pause = { 0, 100000 };
	char path[64], owner[32] = "-1";
	int i, f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/owner", name);
	for (i = 0; i < 50000 && strncmp(owner, "-1", 2) == 0; i++) {
		f = open(path, O_RDONLY | O_CLOEXEC);
		memset(owner, 0, sizeof(owner));
		if (f < 0 || read(f, owner, sizeof(owner) - 1) <= 0)
			strcpy(owner, "-1");
		if (f >= 0)
			close(f);
		if (strncmp(owner, "-1", 2) == 0)
			nanosleep(&pause, NULL);
	}
	if (strcmp(how, "steal") == 0)
		rc = ioctl(fd, TUNSETOWNER, (unsigned long)getuid());
	else if (strcmp(how, "group") == 0)
		rc = ioctl(fd, TUNSETGROUP, (unsigned long)getgid());
	else if (strcmp(how, "persist") == 0)
		rc = ioctl(fd, TUNSETPERSIST, 1);
	else if (strcmp(how, "tamper") == 0 &&
		 ioctl(fd, TUNSETVNETHDRSZ, &hdrsz) == 0)
		rc = ioctl(fd, TUNSETSNDBUF, &sndbuf);
	if (rc < 0)
		return -1;
	close(fd);
	printf("%s=%s\n", how, name);
	fflush(stdout);
	return 0;
}

static int cmd_grab(const char *seconds, const char *how)
{
	struct timespec pause = { 0, 200000 }, now, end;
	char name[IFNAMSIZ];
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += atoi(seconds);
	do {
		fd = grab_once(name);
		if (fd >= 0) {
			printf("grabbed=%s\n", name);
			fflush(stdout);
			if (how != NULL && visit(fd, name, how) < 0)
				return 1;
			hold_until_stdin_closes();
			if (how == NULL)
				close(fd);
			return 0;
		}
		nanosleep(&pause, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec < end.tv_sec);
	return 1;
}

/* Get a TAP, set its MAC through the fd (SIOCSIFHWADDR), print, hold. */
static int cmd_setmac(const char *helper, const char *bridge, const char *mac)
{
	char ifname[IFNAMSIZ];
	struct brh_error e;
	struct ifreq ifr;
	unsigned char *a = (unsigned char *)ifr.ifr_hwaddr.sa_data;
	int fd;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	if (sscanf(mac, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &a[0], &a[1], &a[2],
		   &a[3], &a[4], &a[5]) != 6) {
		fprintf(stderr, "tapclient: '%s' is not a MAC address\n", mac);
		return 2;
	}
	fd = open_tap(helper, bridge, BRH_USE_VNET, ifname, &e);
	if (fd < 0)
		return fail(&e);
	if (ioctl(fd, SIOCSIFHWADDR, &ifr) < 0) {
		perror("tapclient: SIOCSIFHWADDR");
		close(fd);
		return 1;
	}
	describe(fd, ifname);
	hold_until_stdin_closes();
	close(fd);
	return 0;
}

/* Print each opener's status while it waits in open(2); then let it on. */
static int answer_opens(int fan)
{
	struct fanotify_event_metadata buf[16], *m;
	struct fanotify_response r;
	ssize_t n = read(fan, buf, sizeof(buf));

	if (n <= 0)
		return -1;
	for (m = buf; FAN_EVENT_OK(m, n); m = FAN_EVENT_NEXT(m, n)) {
		printf("opener=%d\n", (int)m->pid);
		print_status(m->pid);
		r.fd = m->fd;
		r.response = FAN_ALLOW;
		if (write(fan, &r, sizeof(r)) != (ssize_t)sizeof(r))
			return -1;
		if (m->fd >= 0)
			close(m->fd);
	}
	return 0;
}

/*
 * As root: every open(2) of FILE waits (fanotify FAN_OPEN_PERM) until the
 * opener's /proc/PID/status is printed, so what it holds at that very
 * moment shows.  Print "ready" once watching; stop when stdin closes.
 */
static int cmd_watchopen(const char *file)
{
	struct pollfd p[2] = { { 0, POLLIN, 0 }, { -1, POLLIN, 0 } };
	char junk[64];
	int fan = fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC,
				O_RDONLY | O_CLOEXEC);

	if (fan < 0 || fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD,
				     file) < 0) {
		perror("tapclient: fanotify");
		return 1;
	}
	p[1].fd = fan;
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		if (poll(p, 2, -1) < 0 && errno == EINTR)
			continue;
		if ((p[1].revents & POLLIN) && answer_opens(fan) < 0)
			break;
		if (p[1].revents & POLLIN)
			continue;
		if (p[0].revents && read(0, junk, sizeof(junk)) <= 0)
			break;
	}
	close(fan); /* anything still waiting is let through */
	return 0;
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
			usleep(50000); /* let it reach sendmsg */
			return 0;
		}
		usleep(10000);
	}
	return -1;
}

/*
 * Get a TAP with the helper's socket filled first, so that the helper blocks
 * in sendmsg after loading its filter; call show(pid) at that moment.
 */
/* Queues asked for by the sandbox modes ("sandbox ... N"). */
static unsigned sandbox_queues = 1;

/* brh_finish for the sandbox modes: the first queue's fd, the rest closed. */
static int finish_watched(struct brh_child *c, char ifname[IFNAMSIZ],
			  struct brh_error *e)
{
	static int fds[BRH_MAX_QUEUES];
	int n = brh_finish(c, fds, ifname, e), i;

	if (n < 0)
		return -1;
	printf("queues=%d\n", n);
	for (i = 1; i < n; i++)
		close(fds[i]);
	return fds[0];
}

static int tap_while_watching(const char *helper, const char *bridge,
			      void (*show)(pid_t), char ifname[IFNAMSIZ],
			      int hang_up)
{
	char junk[4096];
	struct brh_request req = { .helper = helper,
				   .bridge = bridge,
				   .flags = BRH_USE_VNET };
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
	req.queues = sandbox_queues;
	req.pair = sv;
	if (brh_start(&c, &req, &e) < 0)
		return fail(&e);
	if (wait_sandboxed(c.pid) < 0)
		fprintf(stderr, "tapclient: helper never reached Seccomp: 2\n");
	show(c.pid);
	if (hang_up) {
		/* the VMM goes away while the helper is blocked in sendmsg */
		close(c.sock);
		c.sock = -1;
		fd = finish_watched(&c, ifname, &e);
		fprintf(stderr, "tapclient: %s\n", e.msg);
		return fd >= 0 ? -97 : -(e.status > 0 ? e.status : 99);
	}
	while (filled > 0) {
		n = read(c.sock, junk,
			 filled < sizeof(junk) ? filled : sizeof(junk));
		if (n <= 0)
			return -96;
		filled -= (size_t)n;
	}
	fd = finish_watched(&c, ifname, &e);
	if (fd < 0)
		return -fail(&e);
	return fd;
}

static int cmd_sandbox(const char *helper, const char *bridge, int hang_up)
{
	char ifname[IFNAMSIZ];
	int fd = tap_while_watching(helper, bridge, print_status, ifname,
				    hang_up);

	if (fd < 0)
		return -fd;
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

/* The helper's exit status once it ends; 92 killed, 93 not waited for. */
static int helper_status(pid_t pid)
{
	int ws;

	if (waitpid(pid, &ws, 0) < 0)
		return 93;
	if (WIFSIGNALED(ws)) {
		fprintf(stderr, "tapclient: helper killed by signal %d\n",
			WTERMSIG(ws));
		return 92;
	}
	return WEXITSTATUS(ws);
}

static int cmd_badfd(const char *kind, const char *helper, const char *bridge)
{
	char fdarg[32], brarg[64];
	char *argv[] = { (char *)helper, "--use-vnet", fdarg, brarg, NULL };
	int fd = bad_fd(kind);
	pid_t pid;

	if (fd < 0) {
		fprintf(stderr, "tapclient: cannot make a '%s' fd\n", kind);
		return 95;
	}
	snprintf(fdarg, sizeof(fdarg), "--fd=%d", fd);
	snprintf(brarg, sizeof(brarg), "--br=%s", bridge);
	if (posix_spawn(&pid, helper, NULL, NULL, argv, environ) != 0)
		return 94;
	return helper_status(pid);
}

/* ---- make demo ---------------------------------------------------------- */

static void status_field(pid_t pid, const char *key, char *out, size_t len)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	snprintf(out, len, "?");
	f = fopen(path, "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, key, strlen(key)) == 0) {
			snprintf(out, len, "%s", line + strlen(key) + 1);
			out[strcspn(out, "\n")] = '\0';
		}
	}
	if (f != NULL)
		fclose(f);
}

static void say_sandbox(pid_t pid)
{
	char uid[64], eff[32], prm[32], nnp[8], sec[8];

	status_field(pid, "Uid:", uid, sizeof(uid));
	for (char *t = uid; *t != '\0'; t++)
		if (*t == '\t')
			*t = ' ';
	status_field(pid, "CapEff:", eff, sizeof(eff));
	status_field(pid, "CapPrm:", prm, sizeof(prm));
	status_field(pid, "NoNewPrivs:", nnp, sizeof(nnp));
	status_field(pid, "Seccomp:", sec, sizeof(sec));
	printf("  The helper (pid %d), caught at the moment it hands over the fd:\n"
	       "    user ids (real, effective, saved, filesystem): %s\n"
	       "    capabilities: effective %s, permitted %s%s\n"
	       "    no_new_privs: %s    seccomp: %s\n",
	       (int)pid, uid, eff, prm,
	       strcmp(eff, "0000000000000000") == 0 &&
			       strcmp(prm, "0000000000000000") == 0
		       ? "  (none at all)"
		       : "",
	       strcmp(nnp, "1") == 0 ? "on" : nnp,
	       strcmp(sec, "2") == 0 ? "filter loaded (mode 2)" : sec);
	fflush(stdout);
}

static void sysfs(const char *ifname, const char *attr, char *out, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", ifname, attr);
	snprintf(out, len, "?");
	f = fopen(path, "r");
	if (f != NULL && fgets(out, (int)len, f) != NULL)
		out[strcspn(out, "\n")] = '\0';
	if (f != NULL)
		fclose(f);
}

static void say_tap(int fd, const char *ifname)
{
	char mtu[16], mac[32], flags[16], master[128], path[128];
	struct ifreq ifr;
	ssize_t n;

	memset(&ifr, 0, sizeof(ifr));
	ioctl(fd, TUNGETIFF, &ifr);
	sysfs(ifname, "mtu", mtu, sizeof(mtu));
	sysfs(ifname, "address", mac, sizeof(mac));
	sysfs(ifname, "flags", flags, sizeof(flags));
	snprintf(path, sizeof(path), "/sys/class/net/%s/master", ifname);
	n = readlink(path, master, sizeof(master) - 1);
	master[n > 0 ? n : 0] = '\0';
	printf("  The client (uid %d) received fd %d: %s\n"
	       "    a TAP device%s, no packet-info header\n"
	       "    master: %s    MTU: %s    MAC: %s    link: %s\n",
	       (int)getuid(), fd, ifname,
	       (ifr.ifr_flags & IFF_VNET_HDR) ? " with a virtio-net header"
					      : "",
	       n > 0 ? strrchr(master, '/') + 1 : "(none)", mtu, mac,
	       strtoul(flags, NULL, 16) & IFF_UP ? "up" : "down");
	fflush(stdout);
}

struct arp_frame {
	struct virtio_net_hdr vnet;
	struct ether_header eth;
	struct ether_arp arp;
} __attribute__((packed));

static const unsigned char guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* ARP who-has TARGET tell 192.0.2.2 from a made-up guest MAC; wait for is-at. */
static int arp_round_trip(int fd, const char *target)
{
	struct arp_frame q, r;
	struct in_addr ip, me;
	struct timespec t0;
	struct pollfd p = { fd, POLLIN, 0 };

	inet_pton(AF_INET, target, &ip);
	inet_pton(AF_INET, "192.0.2.2", &me);
	memset(&q, 0, sizeof(q));
	memset(q.eth.ether_dhost, 0xff, 6);
	memcpy(q.eth.ether_shost, guest_mac, 6);
	q.eth.ether_type = htons(ETHERTYPE_ARP);
	q.arp.arp_hrd = htons(ARPHRD_ETHER);
	q.arp.arp_pro = htons(ETHERTYPE_IP);
	q.arp.arp_hln = 6;
	q.arp.arp_pln = 4;
	q.arp.arp_op = htons(ARPOP_REQUEST);
	memcpy(q.arp.arp_sha, guest_mac, 6);
	memcpy(q.arp.arp_spa, &me, 4);
	memcpy(q.arp.arp_tpa, &ip, 4);
	printf("  Sending through the TAP fd: ARP \"who has %s? tell 192.0.2.2\"\n"
	       "    from 52:54:00:12:34:56, broadcast, %zu bytes after the "
	       "virtio-net header\n",
	       target, sizeof(q) - sizeof(q.vnet));
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (write(fd, &q, sizeof(q)) != (ssize_t)sizeof(q))
		return -1;
	while (ms_since(&t0) < 3000 && poll(&p, 1, 3000) > 0) {
		ssize_t n = read(fd, &r, sizeof(r));

		if (n < (ssize_t)sizeof(r) ||
		    r.eth.ether_type != htons(ETHERTYPE_ARP) ||
		    r.arp.arp_op != htons(ARPOP_REPLY) ||
		    memcmp(r.arp.arp_spa, &ip, 4) != 0)
			continue;
		printf("  Answer through the TAP fd after %.2f ms: \"%s is at "
		       "%02x:%02x:%02x:%02x:%02x:%02x\" (the bridge's host side)\n",
		       ms_since(&t0), target, r.arp.arp_sha[0],
		       r.arp.arp_sha[1], r.arp.arp_sha[2], r.arp.arp_sha[3],
		       r.arp.arp_sha[4], r.arp.arp_sha[5]);
		return 0;
	}
	printf("  No answer within 3 s.\n");
	return -1;
}

static int cmd_demo(const char *helper, const char *bridge, const char *ip)
{
	char ifname[IFNAMSIZ];
	int fd = tap_while_watching(helper, bridge, say_sandbox, ifname, 0), rc;

	if (fd < 0)
		return -fd;
	say_tap(fd, ifname);
	rc = arp_round_trip(fd, ip);
	close(fd);
	return rc == 0 ? 0 : 1;
}

/* ---- hostile states, load, kills ----------------------------------------- */

static void limit(int res, const char *v)
{
	struct rlimit r = { strtoul(v, NULL, 10), strtoul(v, NULL, 10) };

	if (setrlimit(res, &r) < 0)
		perror("setrlimit");
}

/* linger=FILE of cmd_wrap: the socket is left open (inherited by exec). */
static int linger_socket(const char *file)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct linger l = { 1, 5 };
	socklen_t len = sizeof(sa);
	int small = 4096, lis, c, peer, n = 0;
	char buf[4096] = { 0 }, path[64], line[256];
	FILE *in, *out;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lis = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (lis < 0 || c < 0 ||
	    setsockopt(lis, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) < 0 ||
	    setsockopt(c, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)) < 0 ||
	    bind(lis, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(lis, (struct sockaddr *)&sa, &len) < 0 ||
	    listen(lis, 1) < 0 ||
	    connect(c, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    (peer = accept4(lis, NULL, NULL, SOCK_CLOEXEC)) < 0)
		return -1;
	while (send(c, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		n++;
	if (n == 0 || setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof(l)) < 0)
		return -1;
	if (fork() != 0)
		return 0; /* the parent execs, c inherited */
	close(c);
	usleep(1500 * 1000);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)getppid());
	out = fopen(file, "w");
	in = getppid() == 1 ? NULL : fopen(path, "r");
	if (out != NULL)
		fprintf(out, "alive=%d\n", in != NULL);
	while (out != NULL && in != NULL && fgets(line, sizeof(line), in))
		if (strncmp(line, "State:", 6) == 0 ||
		    strncmp(line, "CapPrm:", 7) == 0)
			fputs(line, out);
	if (out != NULL)
		fclose(out);
	sleep(6); /* the peer held until the linger is over */
	_exit(0);
}

static int cmd_wrap(int argc, char *argv[])
{
	int i, k;

	for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i];

		if (strncmp(a, "fds=", 4) == 0) {
			for (k = 0; k < atoi(a + 4); k++)
				if (dup2(0, 10 + k) < 0)
					return 90;
		} else if (strcmp(a, "closestd") == 0) {
			close(0);
			close(1);
			close(2);
		} else if (strncmp(a, "stderr=", 7) == 0) {
			int fd =
				open(a + 7, O_WRONLY | O_CREAT | O_TRUNC, 0600);

			if (fd < 0 || dup2(fd, 2) < 0)
				return 90;
			close(fd);
		} else if (strncmp(a, "nofile=", 7) == 0) {
			limit(RLIMIT_NOFILE, a + 7);
		} else if (strncmp(a, "as=", 3) == 0) {
			limit(RLIMIT_AS, a + 3);
		} else if (strncmp(a, "data=", 5) == 0) {
			limit(RLIMIT_DATA, a + 5);
		} else if (strncmp(a, "fsize=", 6) == 0) {
			limit(RLIMIT_FSIZE, a + 6);
		} else if (strncmp(a, "core=", 5) == 0) {
			limit(RLIMIT_CORE, a + 5);
		} else if (strncmp(a, "linger=", 7) == 0) {
			if (linger_socket(a + 7) < 0)
				return 90;
		} else {
			return 91;
		}
	}
	if (i + 1 >= argc)
		return 92;
	execv(argv[i + 1], argv + i + 1);
	return 93;
}

static long count_fds(void)
{
	FILE *f = popen("ls /proc/self/fd | wc -l", "r");
	long n = -1;

	if (f != NULL && fscanf(f, "%ld", &n) != 1)
		n = -1;
	if (f != NULL)
		pclose(f);
	return n;
}

static long rss_pages(void)
{
	long size = 0, rss = -1;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f != NULL && fscanf(f, "%ld %ld", &size, &rss) != 2)
		rss = -1;
	if (f != NULL)
		fclose(f);
	return rss;
}

struct load_job {
	const char *helper, *bridge;
	char ifname[IFNAMSIZ];
	int fd;
};

static void *load_one(void *arg)
{
	struct load_job *j = arg;
	struct brh_error e;

	j->fd = open_tap(j->helper, j->bridge, BRH_USE_VNET, j->ifname, &e);
	if (j->fd < 0)
		fprintf(stderr, "tapclient: %s\n", e.msg);
	return NULL;
}

static int cmd_load(int n, int conc, const char *helper, const char *bridge)
{
	struct load_job *jobs = calloc((size_t)conc, sizeof(*jobs));
	pthread_t *th = calloc((size_t)conc, sizeof(*th));
	long fds0 = count_fds(), rss0, rss1, failures = 0, distinct = 0;
	int i, k;

	/* warm up once, so that first-use allocations are not counted */
	if (n > 0) {
		struct load_job w = { helper, bridge, "", -1 };

		load_one(&w);
		close(w.fd);
	}
	rss0 = rss_pages();
	for (i = 0; i < n; i++) {
		struct load_job j = { helper, bridge, "", -1 };

		load_one(&j);
		failures += j.fd < 0;
		if (j.fd >= 0)
			close(j.fd);
	}
	rss1 = rss_pages();
	for (i = 0; i < conc; i++) {
		jobs[i] = (struct load_job) { helper, bridge, "", -1 };
		pthread_create(&th[i], NULL, load_one, &jobs[i]);
	}
	for (i = 0; i < conc; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < conc; i++) {
		failures += jobs[i].fd < 0;
		for (k = 0; k < i; k++)
			if (jobs[k].fd >= 0 &&
			    strcmp(jobs[k].ifname, jobs[i].ifname) == 0)
				break;
		distinct += jobs[i].fd >= 0 && k == i;
	}
	for (i = 0; i < conc; i++)
		if (jobs[i].fd >= 0)
			close(jobs[i].fd);
	printf("failures=%ld distinct=%ld fd_growth=%ld seq_rss_growth_pages=%ld\n",
	       failures, distinct, count_fds() - fds0, rss1 - rss0);
	free(jobs);
	free(th);
	return 0;
}

static int cmd_kill(int n, const char *helper, const char *bridge)
{
	struct brh_request req = { .helper = helper,
				   .bridge = bridge,
				   .flags = BRH_USE_VNET };
	struct brh_child c;
	struct brh_error e;
	int i, fd, killed = 0, sent = 0;

	srand((unsigned)getpid());
	for (i = 0; i < n; i++) {
		if (brh_start(&c, &req, &e) < 0)
			return fail(&e);
		usleep((useconds_t)(rand() % 5000));
		kill(c.pid, SIGKILL);
		if (brh_finish(&c, &fd, NULL, &e) == 1) {
			sent++;
			close(fd);
		} else if (e.signal == SIGKILL) {
			killed++;
		} else {
			fprintf(stderr, "tapclient: %s\n", e.msg);
			return 1;
		}
	}
	printf("killed=%d sent_before_kill=%d\n", killed, sent);
	return 0;
}

/* ---- port settings: ARP through the TAP (tests/integration/ports.sh) ----- */

/* A made-up MAC per address: 52:54:00 and the address's last three bytes. */
static void mac_for(const struct in_addr *ip, unsigned char mac[6])
{
	const unsigned char *b = (const unsigned char *)&ip->s_addr;

	mac[0] = 0x52;
	mac[1] = 0x54;
	mac[2] = 0x00;
	memcpy(mac + 3, b + 1, 3);
}

/* An ARP frame with an empty virtio-net header in front (BRH_USE_VNET). */
static void arp_fill(struct arp_frame *f, int op, const unsigned char *eth_dst,
		     const unsigned char *sha, const struct in_addr *spa,
		     const unsigned char *tha, const struct in_addr *tpa)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->eth.ether_dhost, eth_dst, 6);
	memcpy(f->eth.ether_shost, sha, 6);
	f->eth.ether_type = htons(ETHERTYPE_ARP);
	f->arp.arp_hrd = htons(ARPHRD_ETHER);
	f->arp.arp_pro = htons(ETHERTYPE_IP);
	f->arp.arp_hln = 6;
	f->arp.arp_pln = 4;
	f->arp.arp_op = htons((uint16_t)op);
	memcpy(f->arp.arp_sha, sha, 6);
	memcpy(f->arp.arp_spa, spa, 4);
	memcpy(f->arp.arp_tha, tha, 6);
	memcpy(f->arp.arp_tpa, tpa, 4);
}

/* The next ARP frame of type op read from fd within ms (0: what is
 * queued now), or -1. */
static int arp_read(int fd, int op, struct arp_frame *f, int ms)
{
	unsigned char buf[2048];
	struct pollfd p = { fd, POLLIN, 0 };
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (poll(&p, 1,
		    ms > (int)ms_since(&t0) ? ms - (int)ms_since(&t0) : 0) >
	       0) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < (ssize_t)sizeof(*f))
			continue;
		memcpy(f, buf, sizeof(*f));
		if (f->eth.ether_type == htons(ETHERTYPE_ARP) &&
		    f->arp.arp_op == htons((uint16_t)op))
			return 0;
	}
	return -1;
}

static int parse_ip(const char *s, struct in_addr *ip)
{
	if (inet_pton(AF_INET, s, ip) == 1)
		return 0;
	fprintf(stderr, "tapclient: '%s' is not an IPv4 address\n", s);
	return -1;
}

/*
 * One ARP request for target from myip through a TAP of bridge; print
 * "answered" (exit 0) or "no answer" (exit 1) within one second.
 */
static int cmd_arp(const char *helper, const char *bridge, const char *myip,
		   const char *target)
{
	static const unsigned char bcast[6] = { 0xff, 0xff, 0xff,
						0xff, 0xff, 0xff },
				   none[6] = { 0 };
	unsigned char mac[6];
	struct in_addr me, ip;
	struct arp_frame q, r;
	struct brh_error e;
	struct timespec t0;
	char ifname[IFNAMSIZ];
	int fd;

	if (parse_ip(myip, &me) < 0 || parse_ip(target, &ip) < 0)
		return 2;
	fd = open_tap(helper, bridge, BRH_USE_VNET, ifname, &e);
	if (fd < 0)
		return fail(&e);
	mac_for(&me, mac);
	arp_fill(&q, ARPOP_REQUEST, bcast, mac, &me, none, &ip);
	if (write(fd, &q, sizeof(q)) != (ssize_t)sizeof(q)) {
		perror("tapclient: write");
		return 97;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (arp_read(fd, ARPOP_REPLY, &r, 1000 - (int)ms_since(&t0)) == 0)
		if (memcmp(r.arp.arp_spa, &ip, 4) == 0 &&
		    memcmp(r.arp.arp_tpa, &me, 4) == 0) {
			printf("%s: %s answered\n", ifname, target);
			close(fd);
			return 0;
		}
	printf("%s: %s no answer\n", ifname, target);
	close(fd);
	return 1;
}

/*
 * Hold a TAP of bridge and answer every ARP request for myip through it
 * until stdin closes; say "ifname=NAME responding" when ready.
 */
static int cmd_responder(const char *helper, const char *bridge,
			 const char *myip)
{
	struct pollfd p[2] = { { 0, POLLIN, 0 }, { -1, POLLIN, 0 } };
	unsigned char mac[6], buf[64];
	struct in_addr me, asker;
	struct arp_frame q, r;
	struct brh_error e;
	char ifname[IFNAMSIZ];

	if (parse_ip(myip, &me) < 0)
		return 2;
	p[1].fd = open_tap(helper, bridge, BRH_USE_VNET, ifname, &e);
	if (p[1].fd < 0)
		return fail(&e);
	mac_for(&me, mac);
	printf("ifname=%s responding\n", ifname);
	fflush(stdout);
	while (poll(p, 2, -1) > 0) {
		if (p[0].revents && read(0, buf, sizeof(buf)) <= 0)
			break;
		if (!p[1].revents ||
		    arp_read(p[1].fd, ARPOP_REQUEST, &q, 0) < 0 ||
		    memcmp(q.arp.arp_tpa, &me, 4) != 0)
			continue;
		memcpy(&asker, q.arp.arp_spa, 4);
		arp_fill(&r, ARPOP_REPLY, q.arp.arp_sha, mac, &me,
			 q.arp.arp_sha, &asker);
		if (write(p[1].fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
			perror("tapclient: write");
	}
	close(p[1].fd);
	return 0;
}

/* ---- locked ports: frames from chosen MACs (tests/integration/locked.sh) */

static int parse_mac(const char *s, unsigned char mac[6])
{
	char extra;

	if (sscanf(s, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%c", &mac[0], &mac[1],
		   &mac[2], &mac[3], &mac[4], &mac[5], &extra) == 6)
		return 0;
	fprintf(stderr, "tapclient: '%s' is not a MAC address\n", s);
	return -1;
}

/* A guest's TAP, what it answers, and the ARP senders it has seen. */
struct guest {
	int fd, respond;
	struct in_addr me;
	unsigned char own[6];
	struct {
		unsigned char mac[6];
		unsigned char ip[4];
	} seen[64];
	unsigned nseen;
	unsigned char to[64][6]; /* unicast destinations of frames */
	unsigned nto;
};

/*
 * Take one frame from the TAP (there is one: poll said so, or we wait at
 * most ms for it): a unicast destination is noted, and an ARP frame's
 * Ethernet source and sender address; a request for me is answered when
 * we respond.  Returns 0 with the frame in f when it was ARP, else -1.
 */
static int guest_take(struct guest *g, struct arp_frame *f, int ms)
{
	unsigned char buf[2048];
	struct pollfd p = { g->fd, POLLIN, 0 };
	struct in_addr asker;
	struct arp_frame r;
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return -1;
	n = read(g->fd, buf, sizeof(buf));
	if (n < (ssize_t)sizeof(*f))
		return -1;
	memcpy(f, buf, sizeof(*f));
	if (!(f->eth.ether_dhost[0] & 1))
		memcpy(g->to[g->nto++ % 64], f->eth.ether_dhost, 6);
	if (f->eth.ether_type != htons(ETHERTYPE_ARP))
		return -1;
	memcpy(g->seen[g->nseen % 64].mac, f->eth.ether_shost, 6);
	memcpy(g->seen[g->nseen % 64].ip, f->arp.arp_spa, 4);
	g->nseen++;
	if (g->respond && f->arp.arp_op == htons(ARPOP_REQUEST) &&
	    memcmp(f->arp.arp_tpa, &g->me, 4) == 0) {
		memcpy(&asker, f->arp.arp_spa, 4);
		arp_fill(&r, ARPOP_REPLY, f->arp.arp_sha, g->own, &g->me,
			 f->arp.arp_sha, &asker);
		if (write(g->fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
			perror("tapclient: write");
	}
	return 0;
}

/*
 * "arp SRCMAC SRCIP TARGETIP": an ARP request for TARGETIP from
 * SRCMAC/SRCIP; "TARGETIP answered" when a reply to SRCIP comes within
 * one second, else "TARGETIP no answer".  "seen MAC IP": whether an ARP
 * frame from MAC with sender IP came through the TAP so far.  "got MAC":
 * whether a frame to (unicast) MAC did.
 */
/* An STP configuration BPDU (802.1D) from mac, naming mac (priority 0,
 * path cost 0) the root: the best root there can be. */
static void send_bpdu(int fd, const unsigned char *mac)
{
	static const unsigned char stp_group[6] = { 0x01, 0x80, 0xc2,
						    0x00, 0x00, 0x00 };
	struct {
		struct virtio_net_hdr vnet;
		unsigned char dst[6], src[6], len[2], llc[3];
		unsigned char proto[2], version, type, flags, root[8], cost[4],
			bridge[8], port[2], age[2], max_age[2], hello[2],
			delay[2], pad[8];
	} __attribute__((packed)) b;

	memset(&b, 0, sizeof(b));
	memcpy(b.dst, stp_group, 6);
	memcpy(b.src, mac, 6);
	b.len[1] = 38; /* LLC and the BPDU's 35 bytes */
	memcpy(b.llc, "\x42\x42\x03", 3);
	memcpy(b.root + 2, mac, 6);
	memcpy(b.bridge + 2, mac, 6);
	b.port[0] = 0x80;
	b.port[1] = 0x01;
	b.max_age[0] = 20;
	b.hello[0] = 2;
	b.delay[0] = 15;
	if (write(fd, &b, sizeof(b)) != (ssize_t)sizeof(b))
		perror("tapclient: write");
}

static void guest_command(struct guest *g, const char *cmd)
{
	static const unsigned char bcast[6] = { 0xff, 0xff, 0xff,
						0xff, 0xff, 0xff },
				   none[6] = { 0 };
	char smac[32], sip[32], tip[32];
	unsigned char mac[6];
	struct in_addr src, ip;
	struct arp_frame q, r;
	struct timespec t0;
	unsigned i;

	if (sscanf(cmd, "bpdu %31s", smac) == 1 && parse_mac(smac, mac) == 0) {
		send_bpdu(g->fd, mac);
		printf("bpdu sent\n");
		fflush(stdout);
		return;
	}
	if (sscanf(cmd, "got %31s", smac) == 1 && parse_mac(smac, mac) == 0) {
		for (i = 0; i < g->nto && i < 64; i++)
			if (memcmp(g->to[i], mac, 6) == 0)
				break;
		printf("%s %s\n", smac,
		       i < g->nto && i < 64 ? "got" : "not got");
		fflush(stdout);
		return;
	}
	if (sscanf(cmd, "seen %31s %31s", smac, sip) == 2 &&
	    parse_mac(smac, mac) == 0 && parse_ip(sip, &src) == 0) {
		for (i = 0; i < g->nseen && i < 64; i++)
			if (memcmp(g->seen[i].mac, mac, 6) == 0 &&
			    memcmp(g->seen[i].ip, &src, 4) == 0)
				break;
		printf("%s %s %s\n", smac, sip,
		       i < g->nseen && i < 64 ? "seen" : "not seen");
		fflush(stdout);
		return;
	}
	if (sscanf(cmd, "arp %31s %31s %31s", smac, sip, tip) != 3 ||
	    parse_mac(smac, mac) < 0 || parse_ip(sip, &src) < 0 ||
	    parse_ip(tip, &ip) < 0) {
		fprintf(stderr, "tapclient: bad command '%s'\n", cmd);
		printf("bad command\n");
		fflush(stdout);
		return;
	}
	arp_fill(&q, ARPOP_REQUEST, bcast, mac, &src, none, &ip);
	if (write(g->fd, &q, sizeof(q)) != (ssize_t)sizeof(q))
		perror("tapclient: write");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ms_since(&t0) < 1000)
		if (guest_take(g, &r, 1000 - (int)ms_since(&t0)) == 0 &&
		    r.arp.arp_op == htons(ARPOP_REPLY) &&
		    memcmp(r.arp.arp_spa, &ip, 4) == 0 &&
		    memcmp(r.arp.arp_tpa, &src, 4) == 0) {
			printf("%s answered\n", tip);
			fflush(stdout);
			return;
		}
	printf("%s no answer\n", tip);
	fflush(stdout);
}

static int cmd_guest(const char *helper, const char *bridge, const char *mac,
		     const char *myip)
{
	struct brh_request req = { .helper = helper,
				   .bridge = bridge,
				   .flags = BRH_USE_VNET };
	struct pollfd p[2] = { { 0, POLLIN, 0 }, { -1, POLLIN, 0 } };
	static struct guest g;
	struct arp_frame f;
	struct brh_error e;
	char ifname[IFNAMSIZ], line[256], *nl;
	size_t len = 0;
	ssize_t n;

	if (getenv("TAPCLIENT_DEADLINE_MS") != NULL)
		req.timeout_ms = atoi(getenv("TAPCLIENT_DEADLINE_MS"));
	g.respond = myip != NULL;
	if (strcmp(mac, "-") != 0) {
		req.mac = mac;
		if (g.respond && parse_mac(mac, g.own) < 0)
			return 2;
	}
	if (g.respond && parse_ip(myip, &g.me) < 0)
		return 2;
	if (g.respond && req.mac == NULL)
		mac_for(&g.me, g.own);
	if (brh_open(&req, &g.fd, ifname, &e) != 1)
		return fail(&e);
	p[1].fd = g.fd;
	printf("ifname=%s\n", ifname);
	fflush(stdout);
	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents & POLLIN)
			guest_take(&g, &f, 0);
		if (!p[0].revents)
			continue;
		n = read(0, line + len, sizeof(line) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		line[len] = '\0';
		while ((nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			if (line[0] != '\0')
				guest_command(&g, line);
			len -= (size_t)(nl + 1 - line);
			memmove(line, nl + 1, len + 1);
		}
		if (len == sizeof(line) - 1)
			len = 0; /* a line too long: dropped */
	}
	close(g.fd);
	return 0;
}

/* Run the helper as QEMU does: ARG... --fd=N; its status, its TAP named. */
static int cmd_direct(int argc, char *argv[])
{
	char fdarg[32], **args = calloc((size_t)argc, sizeof(*args));
	struct brh_error e;
	struct ifreq ifr;
	int sv[2], fd, i;
	pid_t pid;

	if (args == NULL || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0 ||
	    fcntl(sv[0], F_SETFD, FD_CLOEXEC) < 0)
		return 95;
	snprintf(fdarg, sizeof(fdarg), "--fd=%d", sv[1]);
	for (i = 2; i < argc; i++)
		args[i - 2] = argv[i];
	args[argc - 2] = fdarg;
	if (posix_spawn(&pid, argv[2], NULL, NULL, args, environ) != 0)
		return 94;
	close(sv[1]);
	if (brh_recv_fds(sv[0], &fd, 1, &e) == 1) {
		memset(&ifr, 0, sizeof(ifr));
		if (ioctl(fd, TUNGETIFF, &ifr) == 0)
			printf("ifname=%s\n", ifr.ifr_name);
		close(fd);
	}
	close(sv[0]);
	free(args);
	return helper_status(pid);
}

int main(int argc, char *argv[])
{
	if (argc >= 4 && strcmp(argv[1], "open") == 0)
		return cmd_open(argv[2], argv[3],
				!(argc > 4 && strcmp(argv[4], "novnet") == 0));
	if (argc == 4 && strcmp(argv[1], "persist") == 0)
		return cmd_persist(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "give") == 0)
		return cmd_give(argv[2], argv[3], argv[4]);
	if (argc == 3 && strcmp(argv[1], "attach") == 0)
		return cmd_attach(argv[2]);
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "grab") == 0)
		return cmd_grab(argv[2], argc == 4 ? argv[3] : NULL);
	if (argc == 3 && strcmp(argv[1], "fdinfo") == 0) {
		int hdrsz = 0, sndbuf = 0, fd = atoi(argv[2]);

		if (ioctl(fd, TUNGETVNETHDRSZ, &hdrsz) < 0 ||
		    ioctl(fd, TUNGETSNDBUF, &sndbuf) < 0)
			return 1;
		printf("hdrsz=%d sndbuf=%d\n", hdrsz, sndbuf);
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "setmac") == 0)
		return cmd_setmac(argv[2], argv[3], argv[4]);
	if (argc == 3 && strcmp(argv[1], "watchopen") == 0)
		return cmd_watchopen(argv[2]);
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "sandbox") == 0) {
		if (argc == 5)
			sandbox_queues = (unsigned)atoi(argv[4]);
		return cmd_sandbox(argv[2], argv[3], 0);
	}
	if (argc == 4 && strcmp(argv[1], "hangup") == 0)
		return cmd_sandbox(argv[2], argv[3], 1);
	if (argc >= 4 && strcmp(argv[1], "wrap") == 0)
		return cmd_wrap(argc, argv);
	if (argc == 6 && strcmp(argv[1], "load") == 0)
		return cmd_load(atoi(argv[2]), atoi(argv[3]), argv[4], argv[5]);
	if (argc == 5 && strcmp(argv[1], "kill") == 0)
		return cmd_kill(atoi(argv[2]), argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "demo") == 0)
		return cmd_demo(argv[2], argv[3], argv[4]);
	if (argc == 6 && strcmp(argv[1], "arp") == 0)
		return cmd_arp(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 5 && strcmp(argv[1], "responder") == 0)
		return cmd_responder(argv[2], argv[3], argv[4]);
	if ((argc == 5 || argc == 6) && strcmp(argv[1], "guest") == 0)
		return cmd_guest(argv[2], argv[3], argv[4],
				 argc == 6 ? argv[5] : NULL);
	if (argc >= 3 && strcmp(argv[1], "direct") == 0)
		return cmd_direct(argc, argv);
	if (argc == 3 && strcmp(argv[1], "noargv") == 0) {
		char *none[] = { NULL };

		execve(argv[2], none, environ);
		return 94;
	}
	if (argc == 5 && strcmp(argv[1], "badfd") == 0)
		return cmd_badfd(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: see the comment at the top of tapclient.c\n");
	return 2;
}
