/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * test_acl.c - the ACL language: every keyword, every error with its
 * file:line:column, includes, loops, depth, names, and the decision rule.
 * Files are served from memory through the loader seam (struct acl_loader).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <malloc.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../acl/acl.h"
#include "../../trusted/accounts.h"

struct memfile {
	const char *path;
	const char *text; /* NULL: fails with err */
	size_t len;	  /* 0: strlen(text) */
	int err;
	const char *why; /* for -EPERM */
};

struct memfs {
	const struct memfile *files;
	size_t n;
};

static int mem_load(void *ctx, const char *path, struct acl_text *t, char *why,
		    size_t whylen)
{
	const struct memfs *fs = ctx;
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const struct memfile *f = &fs->files[i];

		if (strcmp(f->path, path) != 0)
			continue;
		if (f->text == NULL) {
			if (f->why != NULL)
				snprintf(why, whylen, "%s", f->why);
			return -f->err;
		}
		t->len = f->len ? f->len : strlen(f->text);
		t->data = malloc(t->len + 1);
		assert_non_null(t->data);
		memcpy(t->data, f->text, t->len);
		t->dev = 1;
		t->ino = i + 1;
		return 0;
	}
	return -ENOENT;
}

static struct acl acl;
static struct acl_error err;

#define LOAD(rc, ...)                                                          \
	do {                                                                   \
		static const struct memfile files_[] = { __VA_ARGS__ };        \
		struct memfs fs_ = { files_,                                   \
				     sizeof(files_) / sizeof(files_[0]) };     \
		struct acl_loader ld_ = { mem_load, &fs_ };                    \
		assert_int_equal(acl_load(&acl, "/etc/b.conf", &ld_, &err),    \
				 rc);                                          \
	} while (0)

#define TOP(text)                                                              \
	{                                                                      \
		"/etc/b.conf", text, 0, 0, NULL                                \
	}

static void expect_error(const char *msg)
{
	assert_string_equal(err.msg, msg);
	assert_int_equal(acl.nrules, 0);
}

/* A caller in no rule's lists: uid 1000, groups 1000 and 100. */
static const uint32_t plain_gids[] = { 1000, 100 };
static const struct acl_caller plain = { 1000, plain_gids, 2 };

static struct acl_verdict decide1(const char *bridge)
{
	return acl_decide(&acl, &plain, &bridge, 1);
}

static void expect(const char *bridge, int allowed, unsigned line)
{
	struct acl_verdict d = decide1(bridge);

	assert_int_equal(d.allowed, allowed);
	if (line == 0)
		assert_null(d.rule);
	else
		assert_int_equal(d.rule->line, line);
}

static int teardown(void **state)
{
	(void)state;
	acl_free(&acl);
	return 0;
}

/* An interface's name and altnames: a deny naming any of them refuses. */
static void deny_on_any_name_refuses(void **s)
{
	const char *brmgmt[] = { "brmgmt", "mgmt" };
	struct acl_verdict d;

	(void)s;
	LOAD(0, TOP("allow all\ndeny brmgmt\n"));
	d = acl_decide(&acl, &plain, brmgmt, 2);
	assert_false(d.allowed);
	assert_int_equal(d.rule->line, 2);
	acl_free(&acl);
	LOAD(0, TOP("allow all\ndeny mgmt\n"));
	d = acl_decide(&acl, &plain, brmgmt, 2);
	assert_false(d.allowed);
	assert_int_equal(d.rule->line, 2);
}

static void first_allow_naming_any_name_decides(void **s)
{
	const char *brlab[] = { "brlab", "lab", "students" };
	struct acl_verdict d;

	(void)s;
	LOAD(0, TOP("allow br0\nallow students\nallow brlab\n"));
	d = acl_decide(&acl, &plain, brlab, 3);
	assert_true(d.allowed);
	assert_int_equal(d.rule->line, 2);
	d = acl_decide(&acl, &plain, brlab, 1);
	assert_true(d.allowed);
	assert_int_equal(d.rule->line, 3);
}

static void allow_name_allows_only_that_bridge(void **s)
{
	(void)s;
	LOAD(0, TOP("allow br0\n"));
	expect("br0", 1, 1);
	expect("br1", 0, 0);
	expect("br", 0, 0);
	expect("br00", 0, 0);
}

static void allow_all_allows_every_bridge(void **s)
{
	(void)s;
	LOAD(0, TOP("allow all\n"));
	expect("br0", 1, 1);
	expect("anything", 1, 1);
}

static void empty_file_denies_everything(void **s)
{
	(void)s;
	LOAD(0, TOP(""));
	expect("br0", 0, 0);
}

static void deny_beats_allow(void **s)
{
	(void)s;
	LOAD(0, TOP("allow br0\ndeny br0\n"));
	expect("br0", 0, 2);
}

static void deny_beats_allow_written_after_it(void **s)
{
	(void)s;
	LOAD(0, TOP("deny br0\nallow br0\nallow all\n"));
	expect("br0", 0, 1);
	expect("br1", 1, 3);
}

static void deny_all_beats_allow_name(void **s)
{
	(void)s;
	LOAD(0, TOP("allow br0\ndeny all\n"));
	expect("br0", 0, 2);
}

static void deny_in_include_beats_allow_in_top(void **s)
{
	(void)s;
	LOAD(0, TOP("allow all\ninclude /etc/x.conf\n"),
	     { "/etc/x.conf", "deny br1\n", 0, 0, NULL });
	expect("br0", 1, 1);
	expect("br1", 0, 1);
	assert_string_equal(decide1("br1").rule->file, "/etc/x.conf");
}

static void comments_blank_lines_and_whitespace(void **s)
{
	(void)s;
	LOAD(0, TOP("# comment\n\n   \n\t# indented comment\n  allow\t br0 \t\n"
		    "#allow br1\n"));
	expect("br0", 1, 5);
	expect("br1", 0, 0);
}

static void crlf_and_missing_final_newline(void **s)
{
	(void)s;
	LOAD(0, TOP("allow br0\r\nallow br1"));
	expect("br0", 1, 1);
	expect("br1", 1, 2);
}

static void unknown_keyword_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow br0\n  alow br1\n"));
	expect_error("/etc/b.conf:2:3: unknown keyword 'alow'; expected "
		     "allow, deny or include");
}

static void keywords_are_case_sensitive(void **s)
{
	(void)s;
	LOAD(-1, TOP("Allow br0\n"));
	expect_error("/etc/b.conf:1:1: unknown keyword 'Allow'; expected "
		     "allow, deny or include");
}

static void missing_bridge_name_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("deny   \n"));
	expect_error("/etc/b.conf:1:5: deny needs a bridge name or 'all'");
}

#define WORDS                                                                  \
	"after the bridge name a rule takes user=, uid=, group=, gid=, max=, queues=, vlan=, isolated or locked (see brhelper.conf(5))"

static void text_after_name_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow br0 br1\n"));
	expect_error("/etc/b.conf:1:11: unknown word 'br1'; " WORDS);
}

static void trailing_comment_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow br0 # lab\n"));
	expect_error("/etc/b.conf:1:11: unexpected text after the bridge "
		     "name (a comment must be on a line of its own)");
}

static void long_bridge_name_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow abcdefghijklmnop\n"));
	expect_error("/etc/b.conf:1:7: bridge name 'abcdefghijklmnop' is 16 "
		     "bytes, longer than the 15 an interface name may have");
}

static void fifteen_byte_name_accepted(void **s)
{
	(void)s;
	LOAD(0, TOP("allow abcdefghijklmno\n"));
	expect("abcdefghijklmno", 1, 1);
	/* never truncated: the 16-byte name does not match the 15-byte rule */
	expect("abcdefghijklmnop", 0, 0);
}

static void malformed_names_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow br/0\n"));
	expect_error("/etc/b.conf:1:7: bridge name 'br/0' contains '/' or ':'");
	LOAD(-1, TOP("deny br:0\n"));
	expect_error("/etc/b.conf:1:6: bridge name 'br:0' contains '/' or ':'");
	LOAD(-1, TOP("allow ..\n"));
	expect_error("/etc/b.conf:1:7: bridge name '..' is '.' or '..'");
	LOAD(-1, TOP("allow .\n"));
	expect_error("/etc/b.conf:1:7: bridge name '.' is '.' or '..'");
	LOAD(-1, TOP("deny brmgmt\xa0\n"));
	expect_error("/etc/b.conf:1:6: bridge name 'brmgmt\\xa0' contains "
		     "byte 0xa0, which the kernel counts as white space (a "
		     "no-break space?)");
	LOAD(-1, TOP("deny brmgmt\xc2\xa0\n"));
	expect_error("/etc/b.conf:1:6: bridge name 'brmgmt\\xc2\\xa0' "
		     "contains byte 0xa0, which the kernel counts as white "
		     "space (a no-break space?)");
}

static void nul_byte_refused(void **s)
{
	(void)s;
	LOAD(-1, { "/etc/b.conf", "allow br0\nallow b\0r1\n", 21, 0, NULL });
	expect_error("/etc/b.conf:2:8: NUL byte in a text file");
}

static void long_line_refused(void **s)
{
	static char big[ACL_MAX_LINE + 20];

	(void)s;
	memset(big, 'a', sizeof(big) - 1);
	LOAD(-1, { "/etc/b.conf", big, 0, 0, NULL });
	expect_error("/etc/b.conf:1:4097: line is longer than 4096 bytes");
}

static void error_rejects_whole_file(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow br0\nallow all\nbogus\n"));
	assert_int_equal(acl.nrules, 0);
	expect("br0", 0, 0);
}

static void include_adds_rules(void **s)
{
	(void)s;
	LOAD(0, TOP("include /etc/x.conf\nallow br1\n"),
	     { "/etc/x.conf", "allow br0\n", 0, 0, NULL });
	expect("br0", 1, 1);
	expect("br1", 1, 2);
	assert_string_equal(decide1("br0").rule->file, "/etc/x.conf");
}

static void include_path_may_have_spaces(void **s)
{
	(void)s;
	LOAD(0, TOP("include /etc/my acl.conf  \n"),
	     { "/etc/my acl.conf", "allow br0\n", 0, 0, NULL });
	expect("br0", 1, 1);
}

static void relative_include_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("\ninclude x.conf\n"));
	expect_error("/etc/b.conf:2:9: include path must be absolute (start "
		     "with '/')");
}

static void include_without_path_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("include\n"));
	expect_error("/etc/b.conf:1:8: include needs an absolute path");
}

static void missing_include_is_fatal(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow all\ninclude /etc/none.conf\n"));
	expect_error("/etc/b.conf:2:9: cannot include /etc/none.conf: No such "
		     "file or directory");
}

static void unreadable_include_is_skipped(void **s)
{
	(void)s;
	LOAD(0, TOP("include /etc/alice.conf\nallow br1\n"),
	     { "/etc/alice.conf", NULL, 0, EACCES, NULL });
	expect("br0", 0, 0);
	expect("br1", 1, 2);
	assert_int_equal(acl.nskips, 1);
	assert_string_equal(acl.skips[0].path, "/etc/alice.conf");
	assert_int_equal(acl.skips[0].line, 1);
}

static void unsafe_include_is_fatal(void **s)
{
	(void)s;
	LOAD(-1, TOP("include /etc/u.conf\n"),
	     { "/etc/u.conf", NULL, 0, EPERM,
	       "/etc/u.conf is owned by uid 1000, not root" });
	expect_error("/etc/b.conf:1:9: cannot include /etc/u.conf: "
		     "/etc/u.conf is owned by uid 1000, not root");
}

static void error_in_include_names_the_included_file(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow br0\ninclude /etc/x.conf\n"),
	     { "/etc/x.conf", "# ok\nallow br 1\n", 0, 0, NULL });
	expect_error("/etc/x.conf:2:10: unknown word '1'; " WORDS);
}

static void include_loop_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("include /etc/x.conf\n"),
	     { "/etc/x.conf", "allow br0\ninclude /etc/b.conf\n", 0, 0, NULL });
	expect_error("/etc/x.conf:2:9: include loop: /etc/b.conf is already "
		     "being read");
}

static void self_include_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("include /etc/b.conf\n"));
	expect_error("/etc/b.conf:1:9: include loop: /etc/b.conf is already "
		     "being read");
}

static void same_file_twice_is_not_a_loop(void **s)
{
	(void)s;
	LOAD(0, TOP("include /etc/x.conf\ninclude /etc/x.conf\n"),
	     { "/etc/x.conf", "allow br0\n", 0, 0, NULL });
	assert_int_equal(acl.nrules, 2);
}

#define CHAIN(n, next)                                                         \
	{                                                                      \
		"/etc/" #n ".conf", "include /etc/" #next ".conf\n", 0, 0,     \
			NULL                                                   \
	}

static void include_depth_is_bounded(void **s)
{
	(void)s;
	/* top + 8 levels of include: accepted */
	LOAD(0, TOP("include /etc/1.conf\n"), CHAIN(1, 2), CHAIN(2, 3),
	     CHAIN(3, 4), CHAIN(4, 5), CHAIN(5, 6), CHAIN(6, 7), CHAIN(7, 8),
	     { "/etc/8.conf", "allow br0\n", 0, 0, NULL });
	expect("br0", 1, 1);
	acl_free(&acl);
	/* one more: refused, at the include that goes too deep */
	LOAD(-1, TOP("include /etc/1.conf\n"), CHAIN(1, 2), CHAIN(2, 3),
	     CHAIN(3, 4), CHAIN(4, 5), CHAIN(5, 6), CHAIN(6, 7), CHAIN(7, 8),
	     CHAIN(8, 9), { "/etc/9.conf", "allow br0\n", 0, 0, NULL });
	expect_error("/etc/8.conf:1:9: includes nested more than 8 deep");
}

static void too_many_files_refused(void **s)
{
	size_t n = ACL_MAX_FILES + 5, i;
	char *text = malloc(n * 24), *p = text;
	struct memfile files[2] = {
		{ "/etc/b.conf", NULL, 0, 0, NULL },
		{ "/etc/x.conf", "allow br0\n", 0, 0, NULL },
	};
	struct memfs fs = { files, 2 };
	struct acl_loader ld = { mem_load, &fs };

	(void)s;
	for (i = 0; i < n; i++)
		p += sprintf(p, "include /etc/x.conf\n");
	files[0].text = text;
	assert_int_equal(acl_load(&acl, "/etc/b.conf", &ld, &err), -1);
	expect_error("/etc/b.conf:1024:9: more than 1024 files included");
	free(text);
}

static void missing_top_file_is_an_error(void **s)
{
	(void)s;
	LOAD(-1, { "/etc/other.conf", "allow all\n", 0, 0, NULL });
	expect_error("/etc/b.conf: No such file or directory; create it (see "
		     "brhelper.conf(5))");
}

static void unreadable_top_file_is_an_error(void **s)
{
	(void)s;
	LOAD(-1, { "/etc/b.conf", NULL, 0, EACCES, NULL });
	expect_error("/etc/b.conf: Permission denied");
}

/* The file QEMU's packages ship, and the per-user pattern of its wiki. */
static void qemu_shipped_file_and_per_user_pattern(void **s)
{
	(void)s;
	LOAD(0,
	     TOP("# Access control file for qemu bridge helper\n"
		 "# Syntax consists of:\n"
		 "#   # comment (ignored)\n"
		 "#   allow all\n"
		 "#   allow <bridge_name>\n"
		 "#   deny all\n"
		 "#   deny <bridge_name>\n"
		 "#   include /path/to/additional/ACL/file\n"
		 "# Users are blacklisted by default and 'deny' takes "
		 "precedence over 'allow'.\n"
		 "allow br0\n"
		 "include /etc/qemu/alice.conf\n"
		 "include /etc/qemu/bob.conf\n"),
	     { "/etc/qemu/alice.conf", "allow br1\n", 0, 0, NULL },
	     { "/etc/qemu/bob.conf", NULL, 0, EACCES, NULL });
	expect("br0", 1, 10);
	expect("br1", 1, 1);
	expect("br2", 0, 0);
	assert_int_equal(acl.nskips, 1);
}

static void ten_thousand_rules(void **s)
{
	size_t i, n = 10000;
	char *text = malloc(n * 24), *p = text;
	struct memfile files[1] = { { "/etc/b.conf", NULL, 0, 0, NULL } };
	struct memfs fs = { files, 1 };
	struct acl_loader ld = { mem_load, &fs };

	(void)s;
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s br%zu\n", i % 2 ? "deny" : "allow", i);
	files[0].text = text;
	assert_int_equal(acl_load(&acl, "/etc/b.conf", &ld, &err), 0);
	assert_int_equal(acl.nrules, n);
	expect("br9998", 1, 9999);
	expect("br9999", 0, 10000);
	expect("br10000", 0, 0);
	free(text);
}

static void rule_format_round_trips(void **s)
{
	char buf[64];

	(void)s;
	LOAD(0, TOP("allow br0\ndeny all\n"));
	acl_rule_format(&acl.rules[0], buf, sizeof(buf));
	assert_string_equal(buf, "allow br0");
	acl_rule_format(&acl.rules[1], buf, sizeof(buf));
	assert_string_equal(buf, "deny all");
}

/*
 * The real loader on a real file of exactly the size limit: the buffer it
 * hands over is bounded by the limit (it once doubled to twice that), and
 * one byte more is refused.  Needs a directory root trusts: as root only
 * (make check runs it as root; under CI=true not being able to is a
 * failure).
 */
static void make_file(const char *path, size_t size)
{
	FILE *f = fopen(path, "w");
	size_t i;

	assert_non_null(f);
	for (i = 0; i + 1 < size; i++)
		fputc(i % 64 == 63 ? '\n' : '#', f);
	fputc('\n', f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0644), 0);
}

/*
 * A fresh directory root trusts, under /var/lib: as root only (make check
 * runs the unit tests as root; under CI=true not being able to is a
 * failure).
 */
static int trusted_dir(char *dir)
{
	const char *ci = getenv("CI");

	if (geteuid() != 0 || mkdtemp(dir) == NULL) {
		if (ci != NULL && strcmp(ci, "true") == 0)
			fail_msg("needs root and /var/lib under CI=true");
		return -1;
	}
	assert_int_equal(chmod(dir, 0755), 0);
	return 0;
}

static void file_read_bounded_by_limit(void **s)
{
	char dir[] = "/var/lib/brh-unit-XXXXXX", path[64], why[512];
	struct acl_text t = { 0 };

	(void)s;
	if (trusted_dir(dir) < 0)
		skip();
	snprintf(path, sizeof(path), "%s/b.conf", dir);
	make_file(path, ACL_MAX_FILE_SIZE);
	assert_int_equal(acl_file_loader.load(NULL, path, &t, why, sizeof(why)),
			 0);
	assert_int_equal(t.len, ACL_MAX_FILE_SIZE);
	assert_true(malloc_usable_size(t.data) < ACL_MAX_FILE_SIZE + 4096);
	free(t.data);
	make_file(path, ACL_MAX_FILE_SIZE + 1);
	assert_int_equal(acl_file_loader.load(NULL, path, &t, why, sizeof(why)),
			 -EPERM);
	assert_string_equal(why, "it is larger than 4194304 bytes");
	unlink(path);
	rmdir(dir);
}

/* ---- words after the bridge: subjects and options ---------------------- */

#define PASSWD                                                                 \
	{                                                                      \
		"/etc/passwd",                                                 \
			"root:x:0:0:root:/root:/bin/sh\n"                      \
			"alice:x:1000:1000::/home/alice:/bin/sh\n"             \
			"bob:x:1001:1001::/home/bob:/bin/sh\n+nis::::::\n",    \
			0, 0, NULL                                             \
	}
#define GROUP                                                                  \
	{                                                                      \
		"/etc/group",                                                  \
			"root:x:0:\nalice:x:1000:\nbob:x:1001:\n"              \
			"kvm:x:104:alice,bob\nstudents:x:2000:bob\n",          \
			0, 0, NULL                                             \
	}

static struct acl_verdict as(uint32_t uid, uint32_t gid, uint32_t extra,
			     const char *bridge)
{
	uint32_t gids[2] = { gid, extra };
	struct acl_caller who = { uid, gids, extra ? 2 : 1 };

	return acl_decide(&acl, &who, &bridge, 1);
}

static void user_word_applies_to_those_users(void **s)
{
	(void)s;
	LOAD(0, TOP("allow br0 user=alice,bob\nallow br1 uid=5000\n"), PASSWD,
	     GROUP);
	assert_true(as(1000, 1000, 0, "br0").allowed);
	assert_true(as(1001, 1001, 0, "br0").allowed);
	assert_false(as(1002, 1002, 0, "br0").allowed);
	assert_true(as(5000, 5000, 0, "br1").allowed);
	assert_false(as(1000, 1000, 0, "br1").allowed);
}

static void group_word_uses_every_group_of_the_caller(void **s)
{
	(void)s;
	LOAD(0, TOP("allow brlab group=kvm\ndeny brlab gid=2000\n"), PASSWD,
	     GROUP);
	assert_true(as(1000, 1000, 104, "brlab").allowed);
	assert_true(as(7, 104, 0, "brlab").allowed);
	assert_false(as(1001, 104, 2000, "brlab").allowed);
	assert_false(as(1002, 1002, 0, "brlab").allowed);
}

static void deny_for_a_group_beats_allow_all(void **s)
{
	(void)s;
	LOAD(0, TOP("allow all\ndeny brmgmt group=students\n"), PASSWD, GROUP);
	assert_false(as(1001, 1001, 2000, "brmgmt").allowed);
	assert_true(as(1000, 1000, 104, "brmgmt").allowed);
}

static void options_come_from_the_first_allow(void **s)
{
	struct acl_verdict v;

	(void)s;
	LOAD(0,
	     TOP("allow brlab gid=104 vlan=100 isolated queues=4 max=2\n"
		 "allow brlab\n"),
	     PASSWD, GROUP);
	v = as(1000, 104, 0, "brlab");
	assert_true(v.allowed);
	assert_int_equal(v.rule->line, 1);
	assert_int_equal(v.opt.max, 2);
	assert_int_equal(v.opt.queues, 4);
	assert_int_equal(v.opt.vlan, 100);
	assert_true(v.opt.isolated);
	assert_false(v.opt.locked);
	v = as(1000, 1000, 0, "brlab");
	assert_int_equal(v.rule->line, 2);
	assert_int_equal(v.opt.max, 0);
	assert_int_equal(v.opt.queues, ACL_DEFAULT_QUEUES);
	assert_int_equal(v.opt.vlan, 0);
	assert_false(v.opt.isolated);
}

static void locked_is_an_allow_flag(void **s)
{
	struct acl_verdict v;

	(void)s;
	LOAD(0, TOP("allow brlab locked vlan=7 isolated max=2\nallow br0\n"));
	v = as(1000, 1000, 0, "brlab");
	assert_true(v.allowed);
	assert_true(v.opt.locked);
	assert_true(v.opt.isolated);
	assert_int_equal(v.opt.vlan, 7);
	v = as(1000, 1000, 0, "br0");
	assert_false(v.opt.locked);
	acl_free(&acl);
	LOAD(-1, TOP("deny br0 locked\n"));
	expect_error("/etc/b.conf:1:10: locked gives something, so it "
		     "belongs on an allow rule, not a deny");
	LOAD(-1, TOP("allow br0 locked=52:54:00:12:34:56\n"));
	expect_error("/etc/b.conf:1:11: locked takes no value: write "
		     "'locked'");
	LOAD(-1, TOP("allow br0 locked isolated locked\n"));
	expect_error("/etc/b.conf:1:27: locked given twice in one rule");
}

static void accounts_read_only_when_a_name_needs_them(void **s)
{
	(void)s;
	/* No /etc/passwd served: numbers and options need none. */
	LOAD(0, TOP("allow br0 uid=1 gid=2 max=3\n"));
	acl_free(&acl);
	LOAD(-1, TOP("allow br0 user=alice\n"));
	expect_error("/etc/b.conf:1:16: cannot read /etc/passwd to find "
		     "'alice': No such file or directory");
}

static void unknown_names_refused_with_a_hint(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow br0 user=alice,carol\n"), PASSWD, GROUP);
	expect_error("/etc/b.conf:1:22: unknown user 'carol' (not in "
		     "/etc/passwd); for an account only a directory service "
		     "knows, write uid=N");
	LOAD(-1, TOP("deny br0 group=wheel\n"), PASSWD, GROUP);
	expect_error("/etc/b.conf:1:16: unknown group 'wheel' (not in "
		     "/etc/group); for an account only a directory service "
		     "knows, write gid=N");
	LOAD(-1, TOP("allow br0 user=+nis\n"), PASSWD, GROUP);
	expect_error("/etc/b.conf:1:16: unknown user '+nis' (not in "
		     "/etc/passwd); for an account only a directory service "
		     "knows, write uid=N");
}

static void bad_words_refused(void **s)
{
	(void)s;
	LOAD(-1, TOP("allow br0 max=4 max=5\n"));
	expect_error("/etc/b.conf:1:17: max=N given twice in one rule");
	LOAD(-1, TOP("deny br0 max=4\n"));
	expect_error("/etc/b.conf:1:10: max=N gives something, so it belongs "
		     "on an allow rule, not a deny");
	LOAD(-1, TOP("deny br0 isolated\n"));
	expect_error("/etc/b.conf:1:10: isolated gives something, so it "
		     "belongs on an allow rule, not a deny");
	LOAD(-1, TOP("allow br0 max=0\n"));
	expect_error("/etc/b.conf:1:15: max=0: a number from 1 to 1024, "
		     "written in decimal, is allowed here");
	LOAD(-1, TOP("allow br0 max=1025\n"));
	expect_error("/etc/b.conf:1:15: max=1025: a number from 1 to 1024, "
		     "written in decimal, is allowed here");
	LOAD(-1, TOP("allow br0 vlan=4095\n"));
	expect_error("/etc/b.conf:1:16: vlan=4095: a number from 1 to 4094, "
		     "written in decimal, is allowed here");
	LOAD(-1, TOP("allow br0 queues=254\n"));
	expect_error("/etc/b.conf:1:18: queues=254: a number from 1 to 253, "
		     "written in decimal, is allowed here");
	LOAD(-1, TOP("allow br0 vlan=010\n"));
	expect_error("/etc/b.conf:1:16: vlan=010: a number from 1 to 4094, "
		     "written in decimal, is allowed here");
	LOAD(-1, TOP("allow br0 isolated=1\n"));
	expect_error("/etc/b.conf:1:11: isolated takes no value: write "
		     "'isolated'");
	LOAD(-1, TOP("allow br0 max\n"));
	expect_error("/etc/b.conf:1:11: max needs a value: write max=N");
	LOAD(-1, TOP("allow br0 uid=1,,2\n"));
	expect_error("/etc/b.conf:1:17: uid: an empty name in the list; "
		     "write uid=N[,N...]");
	LOAD(-1, TOP("allow br0 uid=alice\n"));
	expect_error("/etc/b.conf:1:15: uid=alice: not a uid; write "
		     "uid=N[,N...]");
	LOAD(-1, TOP("allow br0 uid=4294967295\n"));
	expect_error("/etc/b.conf:1:15: uid=4294967295: not a uid; write "
		     "uid=N[,N...]");
	LOAD(-1, TOP("allow br0 User=alice\n"));
	expect_error("/etc/b.conf:1:11: unknown word 'User'; " WORDS);
}

/* Comments, NIS lines and lines that do not parse are skipped, not guessed. */
static void accounts_skip_lines_that_do_not_parse(void **s)
{
	static const char pw[] =
		"#alice:x:1:1::/:/bin/sh\n+bob:x:5:5::/:/bin/sh\n"
		"alice:x:01:1::/:/bin/sh\nalice:x:1000\n"
		"alice:x:1000:100::/home/alice:/bin/sh\n";
	static const char gr[] = "kvm:x:4294967295:\nkvm:x:104:alice\n";
	struct accounts_user u;
	uint32_t gid;
	char name[8];

	(void)s;
	assert_int_equal(accounts_user_by_name(pw, strlen(pw), "alice", &u), 0);
	assert_int_equal(u.uid, 1000);
	assert_int_equal(u.gid, 100);
	assert_int_equal(accounts_user_by_uid(pw, strlen(pw), 1000, name, 8),
			 0);
	assert_string_equal(name, "alice");
	assert_int_equal(accounts_user_by_uid(pw, strlen(pw), 1, name, 8),
			 -ENOENT);
	assert_int_equal(accounts_user_by_uid(pw, strlen(pw), 5, name, 8),
			 -ENOENT);
	assert_int_equal(accounts_user_by_uid(pw, strlen(pw), 1000, name, 5),
			 -ENOENT);
	assert_int_equal(accounts_group_by_name(gr, strlen(gr), "kvm", &gid),
			 0);
	assert_int_equal(gid, 104);
	assert_int_equal(accounts_group_by_name(gr, strlen(gr), "kv", &gid),
			 -ENOENT);
}

static void qemu_files_mean_what_they_meant(void **s)
{
	(void)s;
	/* No word after the name: everyone, default options. */
	LOAD(0, TOP("allow br0\ndeny br1\nallow all\n"));
	assert_true(as(0, 0, 0, "br0").allowed);
	assert_true(as(65534, 65534, 0, "brx").allowed);
	assert_false(as(1000, 1000, 0, "br1").allowed);
	assert_int_equal(as(0, 0, 0, "br0").opt.queues, ACL_DEFAULT_QUEUES);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(allow_name_allows_only_that_bridge),
		T(deny_on_any_name_refuses),
		T(file_read_bounded_by_limit),
		T(user_word_applies_to_those_users),
		T(group_word_uses_every_group_of_the_caller),
		T(deny_for_a_group_beats_allow_all),
		T(options_come_from_the_first_allow),
		T(locked_is_an_allow_flag),
		T(accounts_read_only_when_a_name_needs_them),
		T(unknown_names_refused_with_a_hint),
		T(bad_words_refused),
		T(accounts_skip_lines_that_do_not_parse),
		T(qemu_files_mean_what_they_meant),
		T(first_allow_naming_any_name_decides),
		T(allow_all_allows_every_bridge),
		T(empty_file_denies_everything),
		T(deny_beats_allow),
		T(deny_beats_allow_written_after_it),
		T(deny_all_beats_allow_name),
		T(deny_in_include_beats_allow_in_top),
		T(comments_blank_lines_and_whitespace),
		T(crlf_and_missing_final_newline),
		T(unknown_keyword_refused),
		T(keywords_are_case_sensitive),
		T(missing_bridge_name_refused),
		T(text_after_name_refused),
		T(trailing_comment_refused),
		T(long_bridge_name_refused),
		T(fifteen_byte_name_accepted),
		T(malformed_names_refused),
		T(nul_byte_refused),
		T(long_line_refused),
		T(error_rejects_whole_file),
		T(include_adds_rules),
		T(include_path_may_have_spaces),
		T(relative_include_refused),
		T(include_without_path_refused),
		T(missing_include_is_fatal),
		T(unreadable_include_is_skipped),
		T(unsafe_include_is_fatal),
		T(error_in_include_names_the_included_file),
		T(include_loop_refused),
		T(self_include_refused),
		T(same_file_twice_is_not_a_loop),
		T(include_depth_is_bounded),
		T(too_many_files_refused),
		T(missing_top_file_is_an_error),
		T(unreadable_top_file_is_an_error),
		T(qemu_shipped_file_and_per_user_pattern),
		T(ten_thousand_rules),
		T(rule_format_round_trips),
	};

	return cmocka_run_group_tests_name("acl", tests, NULL, NULL);
}
