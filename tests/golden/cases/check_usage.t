# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== file bridge.conf
allow all
== run check
== expect 2
brhelperctl: check needs --br=BRIDGE (see brhelperctl --help)
== run check --br=abcdefghijklmnop
== expect 2
brhelperctl: --br=abcdefghijklmnop...: bridge name is longer than 15 bytes (IFNAMSIZ) (see brhelperctl --help)
== run check --br=br0 --fd=3
== expect 2
brhelperctl: unknown or repeated argument: --fd=3 (see brhelperctl --help)
== run check --br=br0 --br=br1
== expect 2
brhelperctl: unknown or repeated argument: --br=br1 (see brhelperctl --help)
== run list --user=root
== expect 2
brhelperctl: unknown or repeated argument: --user=root (see brhelperctl --help)
== run check --br=br0 --user=root
== expect 2
brhelperctl: --user is for root: anyone else sees only their own view (drop --user)
== run frobnicate
== expect 2
brhelperctl: give check or list: frobnicate (see brhelperctl --help)
== run --version
== expect 0
brhelperctl 0.1.0
