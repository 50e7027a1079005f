# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
== dir bridge.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf: it is a directory, not a regular file
