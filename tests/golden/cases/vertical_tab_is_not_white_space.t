# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# A vertical tab is no white space to QEMU: "all\v" is a name, and
# not one the kernel takes, so the ACL is refused whole.
== file bridge.conf
allow all
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:1:7: bridge name 'all\x0b' contains white space
