# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# CVE-2019-13164: never truncate a name to IFNAMSIZ
== file bridge.conf
allow br0123456789abcd
== run check --br=br0123456789abc
== expect 3
brhelperctl: @ETC@/bridge.conf:1:7: bridge name 'br0123456789abcd' is 16 bytes, longer than the 15 an interface name may have
