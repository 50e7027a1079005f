/*
 * acl.h - the ACL language of brhelper.conf(5).
 *
 * qemu-bridge-helper's grammar and meaning (allow, deny, include, '#'),
 * read strictly: a file with any error is rejected whole, and the error
 * names file:line:column.  A rule is kept as action + subject + target so
 * that later words (users, @groups, per-rule options) add fields here
 * without changing what any valid QEMU file means.
 */
#ifndef BRHELPER_ACL_H
#define BRHELPER_ACL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACL_MAX_DEPTH 8		/* include nesting, the top file is depth 0 */
#define ACL_MAX_FILES 1024	/* files opened for one ACL, skipped ones too */
#define ACL_MAX_LINE 4096	/* bytes in one line, newline excluded */
#define ACL_MAX_FILE_SIZE (4u << 20)
#define ACL_SHOWN_MAX 32	/* bytes of a bad word quoted in an error */

enum acl_action { ACL_ALLOW, ACL_DENY };

/* Whom a rule applies to.  QEMU's language only has "anyone". */
enum acl_subject { ACL_SUBJECT_ANYONE };

enum acl_target { ACL_TARGET_ALL, ACL_TARGET_NAME };

struct acl_rule {
	enum acl_action action;
	enum acl_subject subject;
	enum acl_target target;
	char name[IFNAMSIZ];	/* ACL_TARGET_NAME only */
	const char *file;	/* owned by the struct acl */
	unsigned line;
};

/* An include the caller may not read (EACCES): skipped, as QEMU does. */
struct acl_skip {
	const char *path;
	const char *file;	/* where the include line is */
	unsigned line;
};

struct acl {
	struct acl_rule *rules;
	size_t nrules, rules_cap;
	char **files;		/* every path read or skipped, for rule->file */
	size_t nfiles, files_cap;
	struct acl_skip *skips;
	size_t nskips, skips_cap;
};

/* One file's text, as the loader hands it over. */
struct acl_text {
	char *data;		/* malloc'd, freed by the parser */
	size_t len;
	uint64_t dev, ino;	/* identity, for include loops */
};

/*
 * How files are read.  load() returns 0 and fills *text, or a negative
 * errno; on a refusal that is not an errno (unsafe owner or mode) it
 * returns -EPERM and writes the reason to why.  -EACCES means the caller may
 * not read the file.  The real loader is acl_file_loader (acl/file.c);
 * tests and fuzzers serve files from memory.
 */
struct acl_loader {
	int (*load)(void *ctx, const char *path, struct acl_text *text,
		    char *why, size_t whylen);
	void *ctx;
};

extern const struct acl_loader acl_file_loader;

struct acl_error {
	char msg[1024];		/* "file:line:column: what; what to do" */
};

/* Parse the ACL rooted at path.  0 on success; -1 with err filled. */
int acl_load(struct acl *acl, const char *path, const struct acl_loader *ld,
	     struct acl_error *err);
void acl_free(struct acl *acl);

struct acl_decision {
	bool allowed;
	const struct acl_rule *rule;	/* NULL: nothing matched */
};

/*
 * Default deny; a matching deny beats any allow, wherever it stands.  A
 * rule matches when it names any of names[] (an interface's name and its
 * altnames); the first matching allow is the one reported.
 */
struct acl_decision acl_decide_names(const struct acl *acl,
				     const char *const *names, size_t n);

/* acl_decide_names on one name: the name as the caller gave it. */
struct acl_decision acl_decide(const struct acl *acl, const char *bridge);

/* "allow br0", "deny all": the rule as written, its name escaped. */
#define ACL_RULE_SHOWN 80	/* always room for it */
void acl_rule_format(const struct acl_rule *rule, char *buf, size_t len);

#endif
