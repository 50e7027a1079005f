== dir bridge.conf
== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf: it is a directory, not a regular file
