/*
 * audit.c - one syslog line for each decision of a run (brhelper(8),
 * AUDIT): who asked for which bridge, what was decided, by which rule.
 *
 *	uid=1000 user=alice bridge=br0 result=allowed rule=FILE:3 tap=tap0
 *	    queues=1 vlan=100 isolated=1
 *	uid=1001 user=bob bridge=brmgmt result=denied rule=FILE:5
 *
 * Rules this file keeps:
 *  1. The socket is made at the start of a run, before anything is done,
 *     so a caller cannot starve the line of a descriptor (RLIMIT_NOFILE):
 *     a run that cannot make it stops there, having done nothing.
 *  2. The line is written once per run, from main.c, before the seccomp
 *     filter (which allows no socket), and the socket closed, so only
 *     fds 0-2, --fd and the TAP's are open at the hand-off.  --check and
 *     --list write none.
 *  3. Every value is escaped (brh_quote_field): no name, whatever its
 *     bytes, can end the line or add a field.
 *  4. One datagram to /dev/log, LOG_AUTHPRIV, tagged brhelper[PID], with
 *     no timestamp (syslogd and journald stamp it on receipt; glibc's
 *     syslog(3) would read /etc/localtime as the caller for one).  No
 *     /dev/log is not an error: the line is lost, the run goes on.
 */
#include "helper.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "../acl/accounts.h"
#include "../lib/ifname.h"

int audit_open(struct audit *au, char *err, size_t errlen)
{
	au->sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(au->user, sizeof(au->user), "-");
	if (au->sock >= 0)
		return 0;
	snprintf(err, errlen, "making the audit socket: %s", strerror(errno));
	return -1;
}

/*
 * The caller's user name from /etc/passwd (trusted), or "-": a courtesy
 * next to the uid, which is what counts.
 */
void audit_user(struct audit *au, uint32_t uid, const struct acl_loader *files)
{
	struct acl_text pw = { 0 };
	char why[512];

	if (files->load(files->ctx, ACCOUNTS_PASSWD, &pw, why, sizeof(why)) !=
		    0 ||
	    accounts_user_by_uid(pw.data, pw.len, uid, au->user,
				 sizeof(au->user)) < 0)
		snprintf(au->user, sizeof(au->user), "-");
	free(pw.data);
}

/* The line as it is built: appended to in place, cut only at cap. */
struct line {
	char *buf;
	size_t len, cap;
};

static void put(struct line *l, const char *s, size_t n)
{
	if (n > l->cap - 1 - l->len)
		n = l->cap - 1 - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

static void put_str(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

static void put_num(struct line *l, unsigned long n)
{
	char digits[24];
	size_t i = sizeof(digits);

	do
		digits[--i] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	put(l, digits + i, sizeof(digits) - i);
}

/* " key=", then the value (a name or a path) escaped, whole. */
static void put_key(struct line *l, const char *key)
{
	put_str(l, " ");
	put_str(l, key);
	put_str(l, "=");
}

static void add(struct line *l, const char *key, const char *value)
{
	put_key(l, key);
	brh_quote_field(value, strnlen(value, PATH_MAX), l->buf + l->len,
			l->cap - l->len);
	l->len += strlen(l->buf + l->len);
}

static void add_num(struct line *l, const char *key, unsigned long n)
{
	put_key(l, key);
	put_num(l, n);
}

/*
 * "<PRI>brhelper[PID]:" then the fields, each " key=value": no stdio, and
 * the line in static storage, so that only the bytes written are touched
 * (a buffer for the longest line on the stack would be probed page by
 * page, each page a fault in a process this young).
 */
static size_t fields(const struct audit *au, const struct audit_rec *a,
		     struct line *l)
{
	put_str(l, "<");
	put_num(l, LOG_AUTHPRIV | (a->status == 0 ? LOG_INFO : LOG_NOTICE));
	put_str(l, ">brhelper[");
	put_num(l, (unsigned long)getpid());
	put_str(l, "]:");
	add_num(l, "uid", a->uid);
	add(l, "user", au->user);
	add(l, "bridge", a->bridge);
	add(l, "result", a->result);
	if (a->status > 1)
		add_num(l, "status", (unsigned)a->status);
	if (a->rule != NULL) {
		/* FILE escaped, then ":LINE", which needs no escaping. */
		add(l, "rule", a->rule->file);
		put_str(l, ":");
		put_num(l, a->rule->line);
	}
	if (a->tap != NULL) {
		add(l, "tap", a->tap);
		add_num(l, "queues", a->queues);
		if (a->opt.vlan)
			add_num(l, "vlan", a->opt.vlan);
		if (a->opt.isolated)
			add_num(l, "isolated", 1);
	}
	return l->len;
}

void audit_write(struct audit *au, const struct audit_rec *a)
{
	/* The header, a path and six names or numbers, each escaped. */
	static char buf[64 + BRH_QUOTED_SIZE(PATH_MAX + 16) +
			6 * (16 + BRH_QUOTED_SIZE(AUDIT_VALUE_MAX))];
	struct sockaddr_un log = { .sun_family = AF_UNIX,
				   .sun_path = "/dev/log" };
	struct line l = { buf, 0, sizeof(buf) };
	size_t n = fields(au, a, &l);

	(void)!sendto(au->sock, buf, n, MSG_NOSIGNAL, (struct sockaddr *)&log,
		      sizeof(log));
	close(au->sock);
	au->sock = -1;
}
