# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# The bridge.conf that QEMU's packages ship: comments only, so deny.
== file bridge.conf
# Access control file for qemu bridge helper
# Syntax consists of:
#   # comment (ignored)
#   allow all
#   allow <bridge_name>
#   deny all
#   deny <bridge_name>
#   include /path/to/additional/ACL/file
# Users are blacklisted by default and 'deny' takes precedence over 'allow'.
# Including additional ACL files allows file access permissions to be used as
# a component of the policy to allow access or deny access to specific bridges.
== run check --br=br0
== expect 1
br0: denied: no rule in @ETC@/bridge.conf allows it (default deny; see brhelper.conf(5))
