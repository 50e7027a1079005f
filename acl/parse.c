/*
 * parse.c - read brhelper.conf(5) into a list of rules.
 *
 * The grammar is qemu-bridge-helper's, one statement a line:
 *
 *	# comment
 *	allow NAME | allow all
 *	deny NAME | deny all
 *	include /ABSOLUTE/PATH		(the rest of the line, trimmed)
 *
 * Where QEMU was lax we refuse, and say where:
 *  - a bridge name is checked as the kernel would check it and never
 *    truncated (CVE-2019-13164 came from a name cut to IFNAMSIZ);
 *  - anything after the bridge name is an error, not part of the name;
 *  - an include is absolute, bounded in depth and in count, and may not
 *    include itself; only EACCES (a per-user file the caller may not read)
 *    is skipped, every other failure is fatal;
 *  - the first error rejects the whole ACL.
 */
#include "acl.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ifname.h"
#include "../trusted/accounts.h"
#include "words.h"

struct parser {
	struct acl *acl;
	const struct acl_loader *ld;
	struct acl_error *err;
	/* /etc/passwd and /etc/group, read once, when a name needs them */
	struct acl_text accounts[2];
	bool accounts_read[2];
	struct {
		uint64_t dev, ino;
	} open[ACL_MAX_DEPTH + 1];
	unsigned depth; /* files on the stack */
	size_t nopened; /* files opened or skipped so far */
};

/* Where an include statement stands, for errors about the included file. */
struct origin {
	const char *file; /* NULL for the top file */
	unsigned line, col;
};

__attribute__((format(printf, 5, 6))) static int
fail(struct parser *p, const char *file, unsigned line, unsigned col,
     const char *fmt, ...)
{
	char what[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(p->err->msg, sizeof(p->err->msg), "%s:%u:%u: %s", file,
			 line, col, what);
	else
		snprintf(p->err->msg, sizeof(p->err->msg), "%s: %s", file,
			 what);
	return -1;
}

static int nomem(struct parser *p)
{
	snprintf(p->err->msg, sizeof(p->err->msg), "out of memory");
	p->err->system = true;
	return -1;
}

static int grow(void **array, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *n;

	if (need <= *cap)
		return 0;
	n = reallocarray(*array, ncap, size);
	if (n == NULL)
		return -1;
	*array = n;
	*cap = ncap;
	return 0;
}

static const char *intern(struct acl *acl, const char *path)
{
	char *copy;

	if (grow((void **)&acl->files, &acl->files_cap, acl->nfiles + 1,
		 sizeof(*acl->files)) < 0)
		return NULL;
	copy = strdup(path);
	if (copy != NULL)
		acl->files[acl->nfiles++] = copy;
	return copy;
}

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
	while (i < len && is_space(s[i]))
		i++;
	return i;
}

static size_t token_end(const char *s, size_t len, size_t i)
{
	while (i < len && !is_space(s[i]))
		i++;
	return i;
}

static int token_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

static int parse_file(struct parser *p, const char *path,
		      const struct origin *from);

/*
 * A user or group name to its id, for acl/words.c: the file is read
 * through the same loader, so under the same trust rule, as the ACL.
 */
static int resolve(void *ctx, bool group, const char *name, uint32_t *id,
		   char *why, size_t whylen)
{
	struct parser *p = ctx;
	const char *path = group ? ACCOUNTS_GROUP : ACCOUNTS_PASSWD;
	struct acl_text *t = &p->accounts[group];
	struct accounts_user u;
	char reason[512] = "";
	int rc;

	if (!p->accounts_read[group]) {
		rc = p->ld->load(p->ld->ctx, path, t, reason, sizeof(reason));
		if (rc < 0) {
			snprintf(why, whylen, "cannot read %s to find '%s': %s",
				 path, name,
				 rc == -EPERM && reason[0] ? reason
							   : strerror(-rc));
			return -1;
		}
		p->accounts_read[group] = true;
	}
	if (group)
		return accounts_group_by_name(t->data, t->len, name, id);
	rc = accounts_user_by_name(t->data, t->len, name, &u);
	*id = u.uid;
	return rc;
}

/* The words after the bridge name, at s[at..len). */
static int rule_words(struct parser *p, struct acl_rule *r, const char *s,
		      size_t len, size_t at)
{
	struct acl_words w = { .acl = p->acl, .resolve = resolve, .ctx = p };
	int rc = acl_words_parse(&w, r, s, len, at);

	if (rc == -2)
		return nomem(p);
	if (rc < 0)
		return fail(p, r->file, r->line, (unsigned)w.col, "%s", w.why);
	return 0;
}

/* "allow|deny NAME|all WORD...": the name at s[at..end), words after. */
static int add_rule(struct parser *p, const char *file, unsigned line,
		    enum acl_action action, const char *s, size_t slen,
		    size_t at, size_t end)
{
	const char *arg = s + at;
	size_t len = end - at;
	unsigned col = (unsigned)at + 1;
	struct acl *acl = p->acl;
	struct acl_rule *r;
	char name[IFNAMSIZ], shown[BRH_QUOTED_SIZE(ACL_SHOWN_MAX)];
	const char *why;

	brh_quote(arg, len < ACL_SHOWN_MAX ? len : ACL_SHOWN_MAX, shown,
		  sizeof(shown));
	if (len >= IFNAMSIZ)
		return fail(p, file, line, col,
			    "bridge name '%s' is %zu bytes, longer than the "
			    "15 an interface name may have",
			    shown, len);
	memcpy(name, arg, len);
	name[len] = '\0';
	if (!token_is(arg, len, "all") && (why = brh_ifname_problem(name)))
		return fail(p, file, line, col, "bridge name '%s' %s", shown,
			    why);
	if (grow((void **)&acl->rules, &acl->rules_cap, acl->nrules + 1,
		 sizeof(*acl->rules)) < 0)
		return nomem(p);
	r = &acl->rules[acl->nrules++];
	memset(r, 0, sizeof(*r));
	r->action = action;
	r->anyone = true;
	r->target = token_is(arg, len, "all") ? ACL_TARGET_ALL
					      : ACL_TARGET_NAME;
	memcpy(r->name, name, len + 1);
	r->file = file;
	r->line = line;
	return rule_words(p, r, s, slen, end);
}

/*
 * Out of line: its PATH_MAX buffer is on the stack for an include only,
 * not in every parse_file() frame (each file read, at every depth).
 */
__attribute__((noinline)) static int
parse_include(struct parser *p, const char *file, unsigned line,
	      const char *arg, size_t len, unsigned col)
{
	char path[PATH_MAX];
	struct origin from = { file, line, col };

	if (arg[0] != '/')
		return fail(p, file, line, col,
			    "include path must be absolute (start with '/')");
	if (len >= sizeof(path))
		return fail(p, file, line, col, "include path is too long");
	if (p->depth > ACL_MAX_DEPTH)
		return fail(p, file, line, col,
			    "includes nested more than %d deep", ACL_MAX_DEPTH);
	memcpy(path, arg, len);
	path[len] = '\0';
	return parse_file(p, path, &from);
}

static int parse_line(struct parser *p, const char *file, unsigned line,
		      const char *s, size_t len)
{
	size_t kw = skip_space(s, len, 0), kwend, arg, argend;
	char shown[BRH_QUOTED_SIZE(ACL_SHOWN_MAX)];

	if (kw == len || s[kw] == '#')
		return 0;
	kwend = token_end(s, len, kw);
	arg = skip_space(s, len, kwend);
	if (token_is(s + kw, kwend - kw, "include")) {
		argend = len;
		while (argend > arg && is_space(s[argend - 1]))
			argend--;
		if (arg == argend)
			return fail(p, file, line, (unsigned)kwend + 1,
				    "include needs an absolute path");
		return parse_include(p, file, line, s + arg, argend - arg,
				     (unsigned)arg + 1);
	}
	if (!token_is(s + kw, kwend - kw, "allow") &&
	    !token_is(s + kw, kwend - kw, "deny")) {
		brh_quote(s + kw, kwend - kw, shown, sizeof(shown));
		return fail(p, file, line, (unsigned)kw + 1,
			    "unknown keyword '%s'; expected allow, deny or "
			    "include",
			    shown);
	}
	if (arg == len)
		return fail(p, file, line, (unsigned)kwend + 1,
			    "%.*s needs a bridge name or 'all'",
			    (int)(kwend - kw), s + kw);
	argend = token_end(s, len, arg);
	return add_rule(p, file, line,
			token_is(s + kw, kwend - kw, "deny") ? ACL_DENY
							     : ACL_ALLOW,
			s, len, arg, argend);
}

static int parse_text(struct parser *p, const char *file,
		      const struct acl_text *t)
{
	size_t start = 0;
	unsigned line = 0;

	while (start < t->len) {
		const char *s = t->data + start, *nl, *nul;
		size_t len = t->len - start;

		line++;
		nl = memchr(s, '\n', len);
		if (nl != NULL)
			len = (size_t)(nl - s);
		if (len > ACL_MAX_LINE)
			return fail(p, file, line, ACL_MAX_LINE + 1,
				    "line is longer than %d bytes",
				    ACL_MAX_LINE);
		nul = memchr(s, '\0', len);
		if (nul != NULL)
			return fail(p, file, line, (unsigned)(nul - s) + 1,
				    "NUL byte in a text file");
		if (parse_line(p, file, line, s, len) < 0)
			return -1;
		start += len + 1;
	}
	return 0;
}

static int open_failed(struct parser *p, const char *file,
		       const struct origin *from, int rc, const char *why)
{
	const char *reason = rc == -EPERM && why[0] ? why : strerror(-rc);
	const char *hint = "";

	p->err->system = rc == -EMFILE || rc == -ENFILE || rc == -ENOMEM;
	if (rc == -ENOENT && from->file == NULL)
		hint = "; create it (see brhelper.conf(5))";
	else if (rc == -ENOENT && strstr(file, " #") != NULL)
		hint = " (an include takes the rest of its line as the path: "
		       "a comment cannot follow it)";
	if (from->file == NULL)
		return fail(p, file, 0, 0, "%s%s", reason, hint);
	return fail(p, from->file, from->line, from->col,
		    "cannot include %s: %s%s", file, reason, hint);
}

static int parse_file(struct parser *p, const char *path,
		      const struct origin *from)
{
	struct acl_text t = { 0 };
	char why[512] = "";
	const char *file;
	unsigned i;
	int rc;

	if (++p->nopened > ACL_MAX_FILES)
		return fail(p, from->file, from->line, from->col,
			    "more than %d files included", ACL_MAX_FILES);
	file = intern(p->acl, path);
	if (file == NULL)
		return nomem(p);
	rc = p->ld->load(p->ld->ctx, path, &t, why, sizeof(why));
	if (rc == -EACCES && from->file != NULL) {
		struct acl *acl = p->acl;

		if (grow((void **)&acl->skips, &acl->skips_cap, acl->nskips + 1,
			 sizeof(*acl->skips)) < 0)
			return nomem(p);
		acl->skips[acl->nskips++] =
			(struct acl_skip) { file, from->file, from->line };
		return 0;
	}
	if (rc < 0)
		return open_failed(p, file, from, rc, why);
	for (i = 0; i < p->depth; i++) {
		if (p->open[i].dev == t.dev && p->open[i].ino == t.ino) {
			free(t.data);
			return fail(p, from->file, from->line, from->col,
				    "include loop: %s is already being read",
				    file);
		}
	}
	p->open[p->depth].dev = t.dev;
	p->open[p->depth].ino = t.ino;
	p->depth++;
	rc = parse_text(p, file, &t);
	p->depth--;
	free(t.data);
	return rc;
}

int acl_load(struct acl *acl, const char *path, const struct acl_loader *ld,
	     struct acl_error *err)
{
	struct parser p = { .acl = acl, .ld = ld, .err = err };
	struct origin top = { NULL, 0, 0 };
	int rc;

	memset(acl, 0, sizeof(*acl));
	err->msg[0] = '\0';
	err->system = false;
	rc = parse_file(&p, path, &top);
	free(p.accounts[0].data);
	free(p.accounts[1].data);
	if (rc < 0)
		acl_free(acl);
	return rc < 0 ? -1 : 0;
}

void acl_free(struct acl *acl)
{
	size_t i;

	for (i = 0; i < acl->nfiles; i++)
		free(acl->files[i]);
	free(acl->files);
	free(acl->rules);
	free(acl->skips);
	free(acl->ids);
	memset(acl, 0, sizeof(*acl));
}
