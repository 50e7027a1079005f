/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/* test_args.c - the helper's command line: accepted forms and refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../helper/helper.h"

static struct args a;
static char err[256];

#define PARSE(...)                                                             \
	({                                                                     \
		char *argv_[] = { "brhelper", __VA_ARGS__, NULL };             \
		err[0] = '\0';                                                 \
		args_parse((int)(sizeof(argv_) / sizeof(argv_[0])) - 1, argv_, \
			   &a, err, sizeof(err));                              \
	})

static void refused(int rc, const char *msg)
{
	assert_int_equal(rc, -1);
	assert_string_equal(err, msg);
}

static void qemu_order(void **s)
{
	(void)s;
	assert_int_equal(PARSE("--use-vnet", "--fd=5", "--br=br0"), 0);
	assert_int_equal(a.mode, MODE_RUN);
	assert_true(a.use_vnet);
	assert_int_equal(a.fd, 5);
	assert_string_equal(a.bridge, "br0");
}

static void libvirt_order(void **s)
{
	(void)s;
	assert_int_equal(PARSE("--br=virbr0", "--fd=17"), 0);
	assert_false(a.use_vnet);
	assert_int_equal(a.fd, 17);
	assert_string_equal(a.bridge, "virbr0");
}

static void use_vnet_may_repeat(void **s)
{
	(void)s;
	/* QEMU appends --use-vnet to a helper string that may have one */
	assert_int_equal(PARSE("--use-vnet", "--br=b", "--use-vnet", "--fd=3"),
			 0);
	assert_true(a.use_vnet);
}

static void help_and_version(void **s)
{
	(void)s;
	assert_int_equal(PARSE("--help"), 0);
	assert_int_equal(a.mode, MODE_HELP);
	assert_int_equal(PARSE("--version"), 0);
	assert_int_equal(a.mode, MODE_VERSION);
}

static void help_with_other_options_refused(void **s)
{
	(void)s;
	refused(PARSE("--help", "--br=br0"),
		"--help and --version take no other options");
}

static void queues_parsed(void **s)
{
	(void)s;
	assert_int_equal(PARSE("--br=br0", "--fd=3"), 0);
	assert_int_equal(a.queues, 1);
	assert_int_equal(PARSE("--queues=4", "--br=br0", "--fd=3"), 0);
	assert_int_equal(a.queues, 4);
	assert_int_equal(PARSE("--queues=253", "--br=br0", "--fd=3"), 0);
	refused(PARSE("--queues=254", "--br=br0", "--fd=3"),
		"--queues=254: a number from 1 to 253 (one SCM_RIGHTS message "
		"carries at most 253 fds)");
	refused(PARSE("--queues=0", "--br=br0", "--fd=3"),
		"--queues=0: a number from 1 to 253 (one SCM_RIGHTS message "
		"carries at most 253 fds)");
	refused(PARSE("--queues=04", "--br=br0", "--fd=3"),
		"--queues=04: a number from 1 to 253 (one SCM_RIGHTS message "
		"carries at most 253 fds)");
	refused(PARSE("--queues=2x", "--br=br0", "--fd=3"),
		"--queues=2x: a number from 1 to 253 (one SCM_RIGHTS message "
		"carries at most 253 fds)");
	refused(PARSE("--help", "--queues=1"),
		"--help and --version take no other options");
	refused(PARSE("--queues=2", "--queues=2", "--br=b", "--fd=3"),
		"--queues given twice");
}

static void mac_parsed(void **s)
{
	static const unsigned char want[6] = { 0x52, 0x54, 0x00,
					       0xab, 0xCD, 0x0f };
	static const char *const bad[] = {
		"52:54:00:ab:cd",    "52:54:00:ab:cd:0f:",
		"52:54:00:ab:cd:f",  "5:54:00:ab:cd:0f0",
		"52-54-00-ab-cd-0f", "52:54:00:ab:cd:0g",
		" 2:54:00:ab:cd:0f", "+2:54:00:ab:cd:0f",
		"0x:54:00:ab:cd:0f", "52:54:00:ab:cd:0f\n",
		"00:00:00:00:00:00", "",
		"5254.00ab.cd0f",    "52:54:00:ab:cd:0f 52:54:00:ab:cd:0f",
	};
	char *argv[] = { "brhelper", "--br=b", "--fd=3", NULL, NULL };
	size_t i;

	(void)s;
	assert_int_equal(PARSE("--br=b", "--fd=3"), 0);
	assert_false(a.has_mac);
	assert_int_equal(PARSE("--mac=52:54:00:ab:CD:0f", "--br=b", "--fd=3"),
			 0);
	assert_true(a.has_mac);
	assert_memory_equal(a.mac, want, 6);
	/* Unicast or not is the locked rule's to judge (exit 1, not 2). */
	assert_int_equal(PARSE("--mac=01:00:5e:00:00:01", "--br=b", "--fd=3"),
			 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char word[64];

		snprintf(word, sizeof(word), "--mac=%s", bad[i]);
		argv[3] = word;
		err[0] = '\0';
		assert_int_equal(args_parse(4, argv, &a, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "not a MAC address"));
	}
	refused(PARSE("--mac=52:54:00:ab:cd:0f", "--mac=52:54:00:ab:cd:0f",
		      "--br=b", "--fd=3"),
		"--mac given twice");
	refused(PARSE("--help", "--mac=52:54:00:ab:cd:0f"),
		"--help and --version take no other options");
}

static void two_modes_refused(void **s)
{
	(void)s;
	refused(PARSE("--help", "--version"),
		"--help and --version take no other options");
	refused(PARSE("--help", "--help"), "--help given twice");
}

static void missing_bridge_or_fd_refused(void **s)
{
	char *argv[] = { "brhelper", NULL };

	(void)s;
	refused(PARSE("--fd=3"), "missing --br=BRIDGE");
	refused(PARSE("--br=br0"), "missing --fd=N");
	assert_int_equal(args_parse(1, argv, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "missing --br=BRIDGE");
}

static void fd_must_be_digits(void **s)
{
	(void)s;
	refused(PARSE("--br=b", "--fd=3x"),
		"--fd=3x: not a file descriptor number");
	refused(PARSE("--br=b", "--fd="),
		"--fd=: not a file descriptor number");
	refused(PARSE("--br=b", "--fd=-4"),
		"--fd=-4: not a file descriptor number");
	refused(PARSE("--br=b", "--fd=+4"),
		"--fd=+4: not a file descriptor number");
	refused(PARSE("--br=b", "--fd= 4"),
		"--fd= 4: not a file descriptor number");
	refused(PARSE("--br=b", "--fd=0x4"),
		"--fd=0x4: not a file descriptor number");
}

static void fd_out_of_range_refused(void **s)
{
	(void)s;
	refused(PARSE("--br=b", "--fd=2147483648"),
		"--fd=2147483648: not a file descriptor number");
	refused(PARSE("--br=b", "--fd=99999999999999999999"),
		"--fd=99999999999999999999: not a file descriptor number");
	assert_int_equal(PARSE("--br=b", "--fd=2147483647"), 0);
}

static void fd_0_to_2_refused(void **s)
{
	(void)s;
	refused(PARSE("--br=b", "--fd=0"),
		"--fd=0: fds 0-2 are standard "
		"input, output and error, not a socket");
	refused(PARSE("--br=b", "--fd=2"),
		"--fd=2: fds 0-2 are standard "
		"input, output and error, not a socket");
	refused(PARSE("--br=b", "--fd=00"),
		"--fd=00: not a file descriptor number");
}

static void long_bridge_name_refused(void **s)
{
	(void)s;
	refused(PARSE("--br=abcdefghijklmnop", "--fd=3"),
		"--br=abcdefghijklmnop: bridge name is longer than 15 bytes "
		"(IFNAMSIZ)");
	assert_int_equal(PARSE("--br=abcdefghijklmno", "--fd=3"), 0);
}

static void malformed_bridge_names_refused(void **s)
{
	(void)s;
	refused(PARSE("--br=", "--fd=3"), "--br=: bridge name is empty");
	refused(PARSE("--br=a/b", "--fd=3"),
		"--br=a/b: bridge name contains '/' or ':'");
	refused(PARSE("--br=..", "--fd=3"),
		"--br=..: bridge name is '.' or '..'");
	refused(PARSE("--br=a b", "--fd=3"),
		"--br=a b: bridge name contains white space");
	refused(PARSE("--br=br\xa0", "--fd=3"),
		"--br=br\\xa0: bridge name contains byte 0xa0, which the "
		"kernel counts as white space (a no-break space?)");
}

/* The kernel's dev_valid_name() takes control bytes: so do we. */
static void names_the_kernel_takes_accepted(void **s)
{
	(void)s;
	assert_int_equal(PARSE("--br=a\x1b\x01", "--fd=3"), 0);
	assert_string_equal(a.bridge, "a\x1b\x01");
}

static void repeated_values_refused(void **s)
{
	(void)s;
	refused(PARSE("--br=a", "--br=a", "--fd=3"), "--br given twice");
	refused(PARSE("--br=a", "--fd=3", "--fd=4"), "--fd given twice");
}

static void unknown_arguments_refused(void **s)
{
	(void)s;
	refused(PARSE("--br=a", "--fd=3", "extra"), "unknown argument 'extra'");
	refused(PARSE("--br", "a", "--fd=3"),
		"unknown argument '--br' (write --br=BRIDGE, --fd=N)");
	refused(PARSE("--br=a", "--fd=3", "--"), "unknown argument '--'");
	refused(PARSE("--BR=a", "--fd=3"), "unknown argument '--BR=a'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_order),
		cmocka_unit_test(libvirt_order),
		cmocka_unit_test(use_vnet_may_repeat),
		cmocka_unit_test(help_and_version),
		cmocka_unit_test(help_with_other_options_refused),
		cmocka_unit_test(two_modes_refused),
		cmocka_unit_test(queues_parsed),
		cmocka_unit_test(mac_parsed),
		cmocka_unit_test(missing_bridge_or_fd_refused),
		cmocka_unit_test(fd_must_be_digits),
		cmocka_unit_test(fd_out_of_range_refused),
		cmocka_unit_test(fd_0_to_2_refused),
		cmocka_unit_test(long_bridge_name_refused),
		cmocka_unit_test(malformed_bridge_names_refused),
		cmocka_unit_test(names_the_kernel_takes_accepted),
		cmocka_unit_test(repeated_values_refused),
		cmocka_unit_test(unknown_arguments_refused),
	};

	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
