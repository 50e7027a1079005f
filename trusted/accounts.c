/*
 * accounts.c - find users and groups in the text of /etc/passwd and
 * /etc/group (passwd(5), group(5)): name:password:id:... one a line.
 */
#include "accounts.h"

#include <errno.h>
#include <string.h>

#define MAX_FIELDS 7

/* Split one line at ':' into at most MAX_FIELDS fields; the count. */
static size_t split(const char *s, size_t len, const char *f[MAX_FIELDS],
		    size_t flen[MAX_FIELDS])
{
	size_t n = 0, start = 0, i;

	for (i = 0; i <= len && n < MAX_FIELDS; i++) {
		if (i < len && s[i] != ':')
			continue;
		f[n] = s + start;
		flen[n++] = i - start;
		start = i + 1;
	}
	return n;
}

int accounts_parse_id(const char *s, size_t len, uint32_t *id)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10 || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	/* (uid_t)-1 means "no change" to the kernel: never an account. */
	if (v >= UINT32_MAX)
		return -1;
	*id = (uint32_t)v;
	return 0;
}

/*
 * Call each usable line of text with its fields; stop when fn returns
 * non-zero, and return that (0 when no line did).
 */
static int each_line(const char *text, size_t len, size_t want_fields,
		     int (*fn)(const char *f[], const size_t fl[], void *),
		     void *arg)
{
	const char *f[MAX_FIELDS];
	size_t fl[MAX_FIELDS], at = 0, n;
	int rc;

	while (at < len) {
		const char *s = text + at, *nl = memchr(s, '\n', len - at);
		size_t l = nl ? (size_t)(nl - s) : len - at;

		at += l + 1;
		if (l == 0 || s[0] == '+' || s[0] == '-' || s[0] == '#')
			continue;
		n = split(s, l, f, fl);
		if (n < want_fields || fl[0] == 0)
			continue;
		rc = fn(f, fl, arg);
		if (rc != 0)
			return rc;
	}
	return 0;
}

struct by_name {
	const char *name;
	uint32_t id, gid;
	int fields; /* 2: a group's gid; 3: a user's uid and gid */
};

static int match_name(const char *f[], const size_t fl[], void *arg)
{
	struct by_name *b = arg;

	if (fl[0] != strlen(b->name) || memcmp(f[0], b->name, fl[0]) != 0)
		return 0;
	if (accounts_parse_id(f[2], fl[2], &b->id) < 0)
		return 0;
	if (b->fields == 3 && accounts_parse_id(f[3], fl[3], &b->gid) < 0)
		return 0;
	return 1;
}

int accounts_user_by_name(const char *text, size_t len, const char *name,
			  struct accounts_user *u)
{
	struct by_name b = { name, 0, 0, 3 };

	if (each_line(text, len, 7, match_name, &b) != 1)
		return -ENOENT;
	u->uid = b.id;
	u->gid = b.gid;
	return 0;
}

int accounts_group_by_name(const char *text, size_t len, const char *name,
			   uint32_t *gid)
{
	struct by_name b = { name, 0, 0, 2 };

	if (each_line(text, len, 4, match_name, &b) != 1)
		return -ENOENT;
	*gid = b.id;
	return 0;
}

struct by_uid {
	uint32_t uid;
	char *buf;
	size_t buflen;
};

static int match_uid(const char *f[], const size_t fl[], void *arg)
{
	struct by_uid *b = arg;
	uint32_t id;

	if (accounts_parse_id(f[2], fl[2], &id) < 0 || id != b->uid ||
	    fl[0] >= b->buflen)
		return 0;
	memcpy(b->buf, f[0], fl[0]);
	b->buf[fl[0]] = '\0';
	return 1;
}

int accounts_user_by_uid(const char *text, size_t len, uint32_t uid, char *buf,
			 size_t buflen)
{
	struct by_uid b = { uid, buf, buflen };

	return each_line(text, len, 7, match_uid, &b) == 1 ? 0 : -ENOENT;
}

struct members {
	const char *user;
	uint32_t *gids;
	size_t n, cap;
};

/* Does the comma list m (of ml bytes) name user? */
static int lists(const char *m, size_t ml, const char *user)
{
	size_t ul = strlen(user), at = 0;

	while (at <= ml) {
		const char *c = memchr(m + at, ',', ml - at);
		size_t l = c ? (size_t)(c - (m + at)) : ml - at;

		if (l == ul && memcmp(m + at, user, ul) == 0)
			return 1;
		at += l + 1;
	}
	return 0;
}

static int match_member(const char *f[], const size_t fl[], void *arg)
{
	struct members *m = arg;
	uint32_t gid;

	if (accounts_parse_id(f[2], fl[2], &gid) < 0 ||
	    !lists(f[3], fl[3], m->user))
		return 0;
	if (m->n == m->cap)
		return -E2BIG;
	m->gids[m->n++] = gid;
	return 0;
}

int accounts_groups_of(const char *text, size_t len, const char *user,
		       uint32_t *gids, size_t cap)
{
	struct members m = { user, gids, 0, cap };
	int rc = each_line(text, len, 4, match_member, &m);

	return rc < 0 ? rc : (int)m.n;
}
