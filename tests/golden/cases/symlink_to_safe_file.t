# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Owner and mode are checked on the file opened, not on the link.
== file real.conf
allow br0
== symlink bridge.conf @ETC@/real.conf
== run check --br=br0
== expect 0
br0: allowed by @ETC@/bridge.conf:1: allow br0
options: queues=8
