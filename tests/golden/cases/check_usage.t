== file bridge.conf
allow all
== run --check
== expect 2
brhelper: --check takes --br=BRIDGE, and --user=NAME for root, and nothing else (see brhelper --help)
== run --check --br=abcdefghijklmnop
== expect 2
brhelper: --br=abcdefghijklmnop: bridge name is longer than 15 bytes (IFNAMSIZ) (see brhelper --help)
== run --check --br=br0 --fd=3
== expect 2
brhelper: --check takes --br=BRIDGE, and --user=NAME for root, and nothing else (see brhelper --help)
== run --version
== expect 0
brhelper 0.1.0
