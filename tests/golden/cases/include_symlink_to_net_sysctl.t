# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# A 0600 net sysctl behind a symlink: refused before it is opened, so its
# text can never appear in a message.
== file bridge.conf
allow br0
include @ETC@/key.conf
== symlink key.conf /proc/sys/net/ipv4/tcp_fastopen_key
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf:2:9: cannot include @ETC@/key.conf: directory /proc is on proc, a pseudo filesystem, not one that stores files
