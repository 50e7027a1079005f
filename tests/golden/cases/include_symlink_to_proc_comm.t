# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# /proc/self/comm is the caller's to name (run the helper through a symlink
# called "allow br1"): a file on procfs is never trusted, whatever its mode.
== file bridge.conf
include @ETC@/users.conf
== symlink users.conf /proc/self/comm
== run check --br=br1
== expect 3
brhelperctl: @ETC@/bridge.conf:1:9: cannot include @ETC@/users.conf: directory /proc is on proc, a pseudo filesystem, not one that stores files
