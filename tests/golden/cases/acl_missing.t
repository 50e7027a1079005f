== run check --br=br0
== expect 3
brhelperctl: @ETC@/bridge.conf: No such file or directory; create it (see brhelper.conf(5))
