/*
 * audit.c - one syslog line for each decision of a run (brhelper(8),
 * AUDIT): who asked for which bridge, what was decided, by which rule.
 *
 *	uid=1000 user=alice bridge=br0 result=allowed rule=FILE:3 tap=tap0
 *	    queues=1 vlan=100 isolated=1
 *	uid=1001 user=bob bridge=brmgmt result=denied rule=FILE:5
 *
 * Written once per run, from main.c, before the seccomp filter (which
 * allows no socket); --check and --list write none.  Every value is
 * escaped (brh_quote_field), so no name, whatever its bytes, can end the
 * line or add a field.  No syslog socket is not an error: the line is
 * lost, the run goes on.  The socket is closed again, so only fds 0-2,
 * --fd and the TAP are open at the hand-off.
 */
#include "helper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "../acl/accounts.h"
#include "../lib/ifname.h"

/* The caller's user name from /etc/passwd (trusted), or "-". */
static void user_name(uint32_t uid, char *buf, size_t len)
{
	struct acl_text pw = { 0 };
	char why[512];

	snprintf(buf, len, "-");
	if (acl_file_loader.load(NULL, ACCOUNTS_PASSWD, &pw, why,
				 sizeof(why)) == 0 &&
	    accounts_user_by_uid(pw.data, pw.len, uid, buf, len) < 0)
		snprintf(buf, len, "-");
	free(pw.data);
}

/* Append " key=value" to the line, the value escaped. */
static void add(char *line, size_t len, const char *key, const char *value)
{
	char v[BRH_QUOTED_SIZE(AUDIT_VALUE_MAX)];
	size_t o = strlen(line);

	brh_quote_field(value, strnlen(value, AUDIT_VALUE_MAX), v, sizeof(v));
	snprintf(line + o, len - o, "%s%s=%s", o ? " " : "", key, v);
}

static void add_num(char *line, size_t len, const char *key, unsigned n)
{
	char v[16];

	snprintf(v, sizeof(v), "%u", n);
	add(line, len, key, v);
}

void audit_write(const struct audit_rec *a)
{
	char user[ACCOUNTS_MAX_NAME], rule[AUDIT_VALUE_MAX];
	char line[6 * BRH_QUOTED_SIZE(AUDIT_VALUE_MAX)] = "";

	user_name(a->uid, user, sizeof(user));
	add_num(line, sizeof(line), "uid", a->uid);
	add(line, sizeof(line), "user", user);
	add(line, sizeof(line), "bridge", a->bridge);
	add(line, sizeof(line), "result", a->result);
	if (a->status > 1)
		add_num(line, sizeof(line), "status", (unsigned)a->status);
	if (a->rule != NULL) {
		snprintf(rule, sizeof(rule), "%s:%u", a->rule->file,
			 a->rule->line);
		add(line, sizeof(line), "rule", rule);
	}
	if (a->tap != NULL) {
		add(line, sizeof(line), "tap", a->tap);
		add_num(line, sizeof(line), "queues", a->queues);
		if (a->opt.vlan)
			add_num(line, sizeof(line), "vlan", a->opt.vlan);
		if (a->opt.isolated)
			add_num(line, sizeof(line), "isolated", 1);
	}
	openlog("brhelper", LOG_PID, LOG_AUTHPRIV);
	syslog(LOG_AUTHPRIV | (a->status == 0 ? LOG_INFO : LOG_NOTICE), "%s",
	       line);
	closelog();
}
