/*
 * words.c - who a rule applies to and what it gives: one table of words
 * (brhelper.conf(5)).  Subject words may stand on allow and deny; option
 * words only on allow, since a deny gives nothing.  Each word at most once
 * per rule; numbers in range; names must exist when the ACL is read.
 */
#include "words.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../common/wire.h"
#include "../trusted/accounts.h"

enum kind { NAMES, IDS, NUMBER, FLAG }; /* NUMBER and FLAG are options */

#define OPT(f) offsetof(struct acl_options, f)
static const struct word {
	const char *name;
	enum kind kind;
	bool group;	   /* NAMES, IDS: gids, not uids */
	unsigned min, max; /* NUMBER: its range */
	size_t field;	   /* NUMBER: where in struct acl_options */
	const char *form;  /* how it is written */
} words[] = {
	{ "user", NAMES, false, 0, 0, 0, "user=NAME[,NAME...]" },
	{ "uid", IDS, false, 0, 0, 0, "uid=N[,N...]" },
	{ "group", NAMES, true, 0, 0, 0, "group=NAME[,NAME...]" },
	{ "gid", IDS, true, 0, 0, 0, "gid=N[,N...]" },
	{ "max", NUMBER, false, 1, 1024, OPT(max), "max=N" },
	{ "queues", NUMBER, false, 1, BRH_WIRE_MAX_FDS, OPT(queues),
	  "queues=N" },
	{ "vlan", NUMBER, false, 1, 4094, OPT(vlan), "vlan=N" },
	{ "isolated", FLAG, false, 0, 0, 0, "isolated" },
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

/*
 * A user's or group's id, from /etc/passwd or /etc/group read through the
 * ACL's loader, so under the same trust rule: 0, -ENOENT, or -1 (told).
 */
static int resolve(struct parser *p, size_t col, bool group, const char *name,
		   uint32_t *id)
{
	const char *path = group ? ACCOUNTS_GROUP : ACCOUNTS_PASSWD;
	struct acl_text *t = &p->accounts[group];
	struct accounts_user u;
	char why[512] = "";
	int rc;

	rc = t->data ? 0 : p->ld->load(p->ld->ctx, path, t, why, sizeof(why));
	if (rc < 0)
		return acl_fail(p, col, "cannot read %s to find '%s': %s", path,
				name,
				rc == -EPERM && why[0] ? why : strerror(-rc));
	if (group)
		return accounts_group_by_name(t->data, t->len, name, id);
	if (accounts_user_by_name(t->data, t->len, name, &u) < 0)
		return -ENOENT;
	*id = u.uid;
	return 0;
}

/* One name or number of a subject list, at col: its id, or an error. */
static int one_id(struct parser *p, const struct word *wd, const char *v,
		  size_t len, size_t col, uint32_t *id)
{
	const char *who = wd->group ? "group" : "user";
	char name[ACCOUNTS_MAX_NAME], quoted[SHOWN_SIZE];
	int rc;

	shown(v, len, quoted);
	if (len == 0)
		return acl_fail(p, col,
				"%s: an empty name in the list; write %s",
				wd->name, wd->form);
	if (wd->kind == IDS && accounts_parse_id(v, len, id) < 0)
		return acl_fail(p, col, "%s=%s: not a %s; write %s", wd->name,
				quoted, wd->group ? "gid" : "uid", wd->form);
	if (wd->kind == IDS)
		return 0;
	if (len >= sizeof(name) || memchr(v, ':', len) != NULL)
		return acl_fail(p, col, "%s=%s: not a %s name", wd->name,
				quoted, who);
	memcpy(name, v, len);
	name[len] = '\0';
	rc = resolve(p, col, wd->group, name, id);
	if (rc == -ENOENT)
		return acl_fail(p, col,
				"unknown %s '%s' (not in %s); for an account "
				"only a directory service knows, write %s=N",
				who, quoted,
				wd->group ? ACCOUNTS_GROUP : ACCOUNTS_PASSWD,
				wd->group ? "gid" : "uid");
	return rc;
}

/* The value s[at..end) of wd in rule r. */
static int value(struct parser *p, struct acl_rule *r, const struct word *wd,
		 const char *s, size_t at, size_t end)
{
	struct acl *acl = p->acl;
	char quoted[SHOWN_SIZE];
	uint32_t n;

	if (wd->kind == NUMBER) {
		if (accounts_parse_id(s + at, end - at, &n) < 0 ||
		    n < wd->min || n > wd->max)
			return acl_fail(p, at + 1,
					"%s=%s: a number from %u to %u, "
					"written in decimal, is allowed here",
					wd->name,
					shown(s + at, end - at, quoted),
					wd->min, wd->max);
		memcpy((char *)&r->opt + wd->field, &n, sizeof(unsigned));
		return 0;
	}
	for (;;) { /* a list: each id joins the rule's */
		const char *comma = memchr(s + at, ',', end - at);
		size_t l = comma ? (size_t)(comma - (s + at)) : end - at;

		if (one_id(p, wd, s + at, l, at + 1, &n) < 0)
			return -1;
		if (acl_grow((void **)&acl->ids, &acl->ids_cap, acl->nids + 1,
			     sizeof(*acl->ids)) < 0)
			return acl_nomem(p);
		acl->ids[acl->nids++] = (struct acl_id) { n, wd->group };
		r->nids++;
		if (comma == NULL)
			return 0;
		at += l + 1;
	}
}

/* "user=, uid=, ..., vlan= or isolated", from the table. */
static void list_words(char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < NWORDS && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s%s",
				      i == 0		? ""
				      : i + 1 == NWORDS ? " or "
							: ", ",
				      words[i].name,
				      words[i].kind == FLAG ? "" : "=");
}

int acl_word(struct parser *p, struct acl_rule *r, const char *s, size_t at,
	     size_t end)
{
	const char *eq = memchr(s + at, '=', end - at);
	size_t klen = eq ? (size_t)(eq - (s + at)) : end - at, i;
	char quoted[SHOWN_SIZE], list[200];
	const struct word *wd;

	for (i = 0; i < NWORDS; i++)
		if (strlen(words[i].name) == klen &&
		    memcmp(words[i].name, s + at, klen) == 0)
			break;
	if (s[at] == '#')
		return acl_fail(p, at + 1,
				"unexpected text after the bridge name (a "
				"comment must be on a line of its own)");
	if (i == NWORDS) {
		list_words(list, sizeof(list));
		return acl_fail(p, at + 1,
				"unknown word '%s'; after the bridge name a "
				"rule takes %s (see brhelper.conf(5))",
				shown(s + at, klen, quoted), list);
	}
	wd = &words[i];
	if (p->words & (1u << i))
		return acl_fail(p, at + 1, "%s given twice in one rule",
				wd->form);
	p->words |= 1u << i;
	if ((wd->kind == NUMBER || wd->kind == FLAG) && r->action == ACL_DENY)
		return acl_fail(p, at + 1,
				"%s gives something, so it belongs on an "
				"allow rule, not a deny",
				wd->form);
	if (eq == NULL && wd->kind != FLAG)
		return acl_fail(p, at + 1, "%s needs a value: write %s",
				wd->name, wd->form);
	if (eq != NULL && wd->kind == FLAG)
		return acl_fail(p, at + 1, "%s takes no value: write '%s'",
				wd->name, wd->form);
	if (wd->kind == FLAG) {
		r->opt.isolated = true;
		return 0;
	}
	return value(p, r, wd, s, at + klen + 1, end);
}
