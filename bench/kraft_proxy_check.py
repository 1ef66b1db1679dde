# Real-node check of the design of Ensemble's KRaft link proxies (a stand-in in Python, not Ensemble's code):
# 3 controllers (Kafka 4.4.0 or 3.9.2 from Ensemble's runtime) whose controller.quorum.voters and advertised
# CONTROLLER endpoints point at one inbound proxy each; the proxies name their callers by the client id of the first
# request. Isolates the raft leader (closes its connections, refuses new ones), times the new leader in the others'
# quorum-state files, heals, times the old leader following. Ports 29301-29313; data under /tmp/f2/raw/VERSION.
# Usage: python3 bench/kraft_proxy_check.py [4.4.0|3.9.2]
import asyncio, json, os, struct, subprocess, sys, time, glob, shutil
VER = sys.argv[1] if len(sys.argv) > 1 else "4.4.0"
LIBS = os.path.expanduser(f"~/.local/share/ensemble/runtime/kafka-{VER}/libs/*")
BASE = f"/tmp/f2/raw/{VER}"
shutil.rmtree(BASE, ignore_errors=True); os.makedirs(BASE)
REAL = {101: 29301, 102: 29302, 103: 29303}
PROXY = {101: 29311, 102: 29312, 103: 29313}
seen = {}; cut = set(); live = []  # live: (target, source, writer1, writer2)
def source_of(cid):
    import re
    m = re.match(r"^(?:raft-client-|broker-)?(\d+)(?:-.*)?$", cid)
    return int(m.group(1)) if m else None
async def pipe(r, w):
    try:
        while True:
            d = await r.read(65536)
            if not d: break
            w.write(d); await w.drain()
    except Exception: pass
    finally:
        try: w.close()
        except Exception: pass
def handler(target):
    async def h(r, w):
        try:
            head = await r.readexactly(14)
            n = struct.unpack(">h", head[12:14])[0]
            cid = (await r.readexactly(n)).decode() if n > 0 else ""
        except Exception:
            w.close(); return
        src = source_of(cid)
        seen.setdefault((cid, target), 0); seen[(cid, target)] += 1
        if target in cut or src in cut:
            w.close(); return
        ur, uw = await asyncio.open_connection("127.0.0.1", REAL[target])
        uw.write(head + cid.encode()); await uw.drain()
        live.append((target, src, w, uw))
        await asyncio.gather(pipe(r, uw), pipe(ur, w))
    return h
def props(i):
    voters = ",".join(f"{k}@127.0.0.1:{PROXY[k]}" for k in REAL)
    return f"""process.roles=controller
node.id={i}
controller.quorum.voters={voters}
controller.listener.names=CONTROLLER
listeners=CONTROLLER://127.0.0.1:{REAL[i]}
advertised.listeners=CONTROLLER://127.0.0.1:{PROXY[i]}
listener.security.protocol.map=CONTROLLER:PLAINTEXT
log.dirs={BASE}/d{i}
metadata.log.dir={BASE}/d{i}
controller.quorum.election.timeout.ms=500
controller.quorum.fetch.timeout.ms=1000
controller.quorum.election.backoff.max.ms=500
"""
def qs(i):
    try: return json.load(open(f"{BASE}/d{i}/__cluster_metadata-0/quorum-state"))
    except Exception: return {}
async def main():
    java = ["java", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true", "-cp", LIBS]
    procs = []
    for i in REAL:
        open(f"{BASE}/{i}.properties", "w").write(props(i))
        subprocess.run(java + ["kafka.tools.StorageTool", "format", "-t", "q1Kq2Kq3Kq4Kq5Kq6Kq7Kw", "-c", f"{BASE}/{i}.properties"], check=True, stdout=subprocess.DEVNULL)
    for i in REAL:
        await asyncio.start_server(handler(i), "127.0.0.1", PROXY[i])
    for i in REAL:
        procs.append(subprocess.Popen(java + [f"-Densemble.workspace={BASE}", "kafka.Kafka", f"{BASE}/{i}.properties"], stdout=open(f"{BASE}/{i}.out", "w"), stderr=subprocess.STDOUT))
    try:
        t0 = time.time()
        while True:
            await asyncio.sleep(0.2)
            lead = [qs(i).get("leaderId", -1) for i in REAL]
            if lead.count(lead[0]) == 3 and lead[0] in REAL: break
            if time.time() - t0 > 180: print("no leader", lead); return
        leader = lead[0]; epoch = qs(leader)["leaderEpoch"]
        print(f"leader {leader} epoch {epoch} after {time.time()-t0:.1f}s; load {open('/proc/loadavg').read().split()[:3]}")
        await asyncio.sleep(3)
        cut.add(leader); t1 = time.time()
        for (tgt, src, a, b) in list(live):
            if tgt == leader or src == leader: a.close(); b.close()
        others = [i for i in REAL if i != leader]
        while True:
            await asyncio.sleep(0.1)
            s = [qs(i) for i in others]
            if all(x.get("leaderId") not in (None, -1, leader) and x.get("leaderEpoch", 0) > epoch for x in s): break
            if time.time() - t1 > 60: print("no new leader", s); return
        newl = qs(others[0])["leaderId"]; ne = qs(others[0])["leaderEpoch"]
        print(f"isolated {leader}: new leader {newl} epoch {ne} after {time.time()-t1:.2f}s")
        await asyncio.sleep(4)
        print(f"isolated node's own quorum-state while cut: {qs(leader)}")
        cut.clear(); t2 = time.time()
        while True:
            await asyncio.sleep(0.1)
            x = qs(leader)
            if x.get("leaderId") == newl and x.get("leaderEpoch") == ne: break
            if time.time() - t2 > 60: print("did not follow", x); break
        print(f"healed: {leader} follows {qs(leader).get('leaderId')} epoch {qs(leader).get('leaderEpoch')} after {time.time()-t2:.2f}s")
        print("client ids seen (client id, target): count", {f"{k[0]}->{k[1]}": v for k, v in seen.items()})
    finally:
        for p in procs: p.kill()
        for p in procs: p.wait()
asyncio.run(main())
