# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# A no-break space (0xa0, here as UTF-8 c2 a0) pasted after a name: the
# kernel counts 0xa0 as white space, so this names no possible bridge.
== file bridge.conf
allow all
deny brmgmt 
== run check --br=brmgmt
== expect 3
brhelperctl: @ETC@/bridge.conf:2:6: bridge name 'brmgmt\xc2\xa0' contains byte 0xa0, which the kernel counts as white space (a no-break space?)
