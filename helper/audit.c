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
void audit_user(struct audit *au, uint32_t uid)
{
	struct acl_text pw = { 0 };
	char why[512];

	if (acl_file_loader.load(NULL, ACCOUNTS_PASSWD, &pw, why,
				 sizeof(why)) != 0 ||
	    accounts_user_by_uid(pw.data, pw.len, uid, au->user,
				 sizeof(au->user)) < 0)
		snprintf(au->user, sizeof(au->user), "-");
	free(pw.data);
}

/*
 * Append " key=value" to the line, the value escaped, whole: a value is a
 * name (at most AUDIT_VALUE_MAX bytes) or a path (PATH_MAX), and the line
 * has room for all of them.
 */
static void add(char *line, size_t len, const char *key, const char *value)
{
	char v[BRH_QUOTED_SIZE(PATH_MAX)];
	size_t o = strlen(line);

	brh_quote_field(value, strnlen(value, PATH_MAX), v, sizeof(v));
	snprintf(line + o, len - o, " %s=%s", key, v);
}

static void add_num(char *line, size_t len, const char *key, unsigned n)
{
	char v[16];

	snprintf(v, sizeof(v), "%u", n);
	add(line, len, key, v);
}

/* "<PRI>brhelper[PID]:" then the fields, each " key=value". */
static size_t fields(const struct audit *au, const struct audit_rec *a,
		     char *line, size_t len)
{
	char rule[PATH_MAX + 16];

	snprintf(line, len, "<%d>brhelper[%d]:",
		 LOG_AUTHPRIV | (a->status == 0 ? LOG_INFO : LOG_NOTICE),
		 (int)getpid());
	add_num(line, len, "uid", a->uid);
	add(line, len, "user", au->user);
	add(line, len, "bridge", a->bridge);
	add(line, len, "result", a->result);
	if (a->status > 1)
		add_num(line, len, "status", (unsigned)a->status);
	if (a->rule != NULL) {
		snprintf(rule, sizeof(rule), "%s:%u", a->rule->file,
			 a->rule->line);
		add(line, len, "rule", rule);
	}
	if (a->tap != NULL) {
		add(line, len, "tap", a->tap);
		add_num(line, len, "queues", a->queues);
		if (a->opt.vlan)
			add_num(line, len, "vlan", a->opt.vlan);
		if (a->opt.isolated)
			add_num(line, len, "isolated", 1);
	}
	return strlen(line);
}

void audit_write(struct audit *au, const struct audit_rec *a)
{
	struct sockaddr_un log = { .sun_family = AF_UNIX,
				   .sun_path = "/dev/log" };
	char line[BRH_QUOTED_SIZE(PATH_MAX + 16) +
		  6 * BRH_QUOTED_SIZE(AUDIT_VALUE_MAX)];
	size_t n = fields(au, a, line, sizeof(line));

	(void)!sendto(au->sock, line, n, MSG_NOSIGNAL, (struct sockaddr *)&log,
		      sizeof(log));
	close(au->sock);
	au->sock = -1;
}
