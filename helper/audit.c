/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * audit.c - one syslog line a run (brhelper(8), AUDIT).  Rules it keeps:
 *  1. The socket is made at step 3, before the TAP: a caller cannot starve
 *     the line of a descriptor (RLIMIT_NOFILE).
 *  2. The line is written once, with no capability left, before the
 *     seccomp filter.
 *  3. Every value is escaped (brh_quote_field): none can end the line or
 *     add a field.
 *  4. One LOG_AUTHPRIV datagram to /dev/log, never blocking: no /dev/log
 *     or a full queue loses the line, and the run goes on (else any user
 *     could stall or refuse everyone's runs by filling the queue).
 */
#include "helper.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "../common/ifname.h"
#include "../trusted/accounts.h"

int audit_open(struct audit *au, char *err, size_t errlen)
{
	au->sock =
		socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (au->sock >= 0)
		return 0;
	return failure(BRH_EXIT_SYSTEM, err, errlen,
		       "making the audit socket: %m");
}

__attribute__((format(printf, 3, 4))) static void append(char *line, size_t cap,
							 const char *fmt, ...)
{
	size_t n = strlen(line);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line + n, cap - n, fmt, ap);
	va_end(ap);
}

/* " key=value", the value escaped. */
static void add(char *line, size_t cap, const char *key, const char *value)
{
	char shown[BRH_QUOTED_SIZE(PATH_MAX)];

	brh_quote_field(value, strnlen(value, PATH_MAX), shown, sizeof(shown));
	append(line, cap, " %s=%s", key, shown);
}

/* The caller's name from a trusted /etc/passwd, or "-": the uid counts. */
static void user_name(uint32_t uid, char *buf, size_t len)
{
	struct acl_text pw = { 0 };
	char why[512];

	if (acl_file_loader.load(NULL, ACCOUNTS_PASSWD, &pw, why,
				 sizeof(why)) != 0 ||
	    accounts_user_by_uid(pw.data, pw.len, uid, buf, len) < 0)
		snprintf(buf, len, "-");
	free(pw.data);
}

void audit_write(struct audit *au, const struct audit_rec *a)
{
	static const struct sockaddr_un log = { AF_UNIX, "/dev/log" };
	static char line[8 * BRH_QUOTED_SIZE(PATH_MAX)];
	const struct acl_verdict *v = a->v;
	char user[ACCOUNTS_MAX_NAME];

	user_name(a->uid, user, sizeof(user));
	snprintf(line, sizeof(line), "<%d>brhelper[%d]: uid=%u",
		 LOG_AUTHPRIV | (a->status == 0 ? LOG_INFO : LOG_NOTICE),
		 (int)getpid(), (unsigned)a->uid);
	add(line, sizeof(line), "user", user);
	add(line, sizeof(line), "bridge", a->bridge);
	add(line, sizeof(line), "result",
	    a->status > BRH_EXIT_DENIED ? "error" : verdict_result(v));
	if (a->status > BRH_EXIT_DENIED)
		append(line, sizeof(line), " status=%d", a->status);
	if (a->status <= BRH_EXIT_DENIED && v->rule != NULL) {
		add(line, sizeof(line), "rule", v->rule->file);
		append(line, sizeof(line), ":%u", v->rule->line);
	}
	add(line, sizeof(line), "via", a->via);
	if (a->status == 0) {
		add(line, sizeof(line), "tap", a->tap);
		append(line, sizeof(line), " queues=%u", a->queues);
		if (v->opt.vlan)
			append(line, sizeof(line), " vlan=%u", v->opt.vlan);
		if (v->opt.isolated)
			append(line, sizeof(line), " isolated=1");
		if (v->opt.locked)
			append(line, sizeof(line), " mac=%s locked=1", a->mac);
	}
	(void)!sendto(au->sock, line, strlen(line), MSG_DONTWAIT | MSG_NOSIGNAL,
		      (const struct sockaddr *)&log, sizeof(log));
	close(au->sock);
	au->sock = -1;
}
