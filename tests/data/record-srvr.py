#!/usr/bin/env python3
"""Records real `srvr` answers for tests/unit/tst_srvr.cpp: starts ZooKeeper standalone and as a 3-server ensemble
on free 127.0.0.1 ports under /tmp, saves each answer verbatim, and kills every JVM it started.

    python3 tests/data/record-srvr.py tests/data        (needs java; KAFKA_LIBS = the Kafka 3.9 libs/ dir)

Note: ZooKeeper always answers srvr, whatever 4lw.commands.whitelist says (zkServer.sh depends on it)."""
import os, shutil, signal, socket, subprocess, sys, time

ROOT = "/tmp/ensemble-record-srvr"
OUT = sys.argv[1]
CP = os.environ.get("KAFKA_LIBS", "/tmp/kpom/libs") + "/*"
pids = []

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def srvr(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(b"srvr")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    return data
                data += chunk
    except OSError:
        return None

def start(name, cfg_lines, myid=None):
    d = os.path.join(ROOT, name)
    os.makedirs(os.path.join(d, "data"))
    with open(os.path.join(d, "zoo.cfg"), "w") as f:
        f.write("\n".join(cfg_lines + ["dataDir=" + os.path.join(d, "data")]) + "\n")
    if myid is not None:
        with open(os.path.join(d, "data", "myid"), "w") as f:
            f.write(f"{myid}\n")
    with open(os.path.join(d, "log4j.properties"), "w") as f:
        f.write("log4j.rootLogger=INFO, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
                "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
                "log4j.appender.stdout.layout.ConversionPattern=%d{ISO8601} %p [%c] %m%n\n")
    log = open(os.path.join(d, "out.log"), "w")
    p = subprocess.Popen(["java", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                          "-Dlog4j.configuration=file:" + os.path.join(d, "log4j.properties"),
                          "-Dzookeeper.admin.enableServer=false", "-Dut.recorder=1",
                          "-cp", CP, "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                          os.path.join(d, "zoo.cfg")], stdout=log, stderr=subprocess.STDOUT)
    pids.append(p)
    print("started", name, "pid", p.pid, flush=True)
    return p

def wait_for(port, pred, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        a = srvr(port)
        if a is not None and pred(a):
            return a
        time.sleep(0.3)
    raise SystemExit(f"timeout waiting on port {port}: last answer {a!r}")

def save(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print("saved", name, repr(data), flush=True)

def kill(p):
    p.send_signal(signal.SIGKILL); p.wait()
    print("killed pid", p.pid, flush=True)

try:
    shutil.rmtree(ROOT, ignore_errors=True)
    base = ["tickTime=500", "initLimit=10", "syncLimit=4", "clientPortAddress=127.0.0.1",
            "admin.enableServer=false", "4lw.commands.whitelist=srvr,mntr", "maxClientCnxns=0"]
    # standalone
    port = free_port()
    sa = start("standalone", base + [f"clientPort={port}"])
    save("srvr-standalone.txt", wait_for(port, lambda a: b"Mode:" in a))
    kill(sa)
    # 3-server ensemble
    ports = [(free_port(), free_port(), free_port()) for _ in range(3)]
    servers = [f"server.{i+1}=127.0.0.1:{q}:{e}" for i, (c, q, e) in enumerate(ports)]
    procs = [start(f"zk{i+1}", base + [f"clientPort={c}"] + servers, myid=i + 1) for i, (c, q, e) in enumerate(ports)]
    answers = [wait_for(c, lambda a: b"Mode:" in a) for (c, q, e) in ports]
    leader = next(i for i, a in enumerate(answers) if b"Mode: leader" in a)
    follower = next(i for i, a in enumerate(answers) if b"Mode: follower" in a)
    save("srvr-leader.txt", answers[leader])
    save("srvr-follower.txt", answers[follower])
    # the lone survivor: peers down, it loses the quorum and stops serving
    for i in range(3):
        if i != follower:
            kill(procs[i])
    save("srvr-not-serving.txt", wait_for(ports[follower][0], lambda a: b"not currently serving" in a))
    kill(procs[follower])
finally:
    for p in pids:
        if p.poll() is None:
            p.kill(); p.wait(); print("cleanup killed", p.pid)
