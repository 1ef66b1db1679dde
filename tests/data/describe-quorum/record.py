#!/usr/bin/env python3
"""Records a real DescribeQuorum reply for tests/unit/tst_describequorum.cpp: asks a running KRaft controller
(ApiVersions v0, then DescribeQuorum at VERSION or the newest both sides know, at most 2) and writes the reply
without its size prefix to OUT.bin, and its version, correlation id and receive time (wall clock ms) to OUT.txt.

    python3 tests/data/describe-quorum/record.py PORT OUT [VERSION]

Compare with Kafka's own view, recorded beside it:
    java -cp "$RUNTIME/libs/*" org.apache.kafka.tools.MetadataQuorumCommand --bootstrap-controller 127.0.0.1:PORT \\
        describe --replication"""
import socket, struct, sys, time

port, out = int(sys.argv[1]), sys.argv[2]
want = int(sys.argv[3]) if len(sys.argv) > 3 else 2

def frame(body):
    return struct.pack(">i", len(body)) + body

def read_reply(s):
    size = struct.unpack(">i", recv(s, 4))[0]
    return recv(s, size)

def recv(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise SystemExit("connection closed")
        data += chunk
    return data

client = b"record"
with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
    s.sendall(frame(struct.pack(">hhih", 18, 0, 1, len(client)) + client))
    r = read_reply(s)
    count = struct.unpack(">i", r[6:10])[0]
    version = None
    for i in range(count):
        key, lo, hi = struct.unpack(">hhh", r[10 + 6 * i:16 + 6 * i])
        if key == 55:
            version = min(hi, want)
    if version is None:
        raise SystemExit("no DescribeQuorum offered")
    body = struct.pack(">hhih", 55, version, 2, len(client)) + client + b"\x00"
    body += b"\x02" + bytes([len("__cluster_metadata") + 1]) + b"__cluster_metadata"
    body += b"\x02" + struct.pack(">i", 0) + b"\x00" + b"\x00" + b"\x00"
    s.sendall(frame(body))
    reply = read_reply(s)
    now = int(time.time() * 1000)
open(out + ".bin", "wb").write(reply)
open(out + ".txt", "w").write(f"version={version}\ncorrelation=2\nreceived_ms={now}\n")
print(f"{out}.bin: {len(reply)} bytes, DescribeQuorum v{version}")
