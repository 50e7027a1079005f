# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# The top file is read as the caller too; unreadable is an error, not a skip.
== file bridge.conf 0600
allow all
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf: Permission denied
