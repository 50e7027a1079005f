/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 brhelper maintainers */
/*
 * fuzz_args.c - libFuzzer target for the helper's argument parser.  The
 * input is argv[1..], NUL-separated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../helper/helper.h"
#include "../../common/ifname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[34], err[256];
	struct args a;
	int argc = 1;
	size_t i, start = 0;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "brhelper";
	for (i = 0; i <= size && argc < 33; i++) {
		if (copy[i] == '\0') {
			argv[argc++] = copy + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	err[0] = '\0';
	if (args_parse(argc, argv, &a, err, sizeof(err)) == 0) {
		/* what the parser accepts, the rest of the helper may trust */
		if (a.bridge != NULL && brh_ifname_problem(a.bridge) != NULL)
			abort();
		if (a.mode == MODE_RUN && (a.fd < 3 || a.bridge == NULL))
			abort();
	} else if (err[0] == '\0') {
		abort();
	}
	free(copy);
	return 0;
}
