#!/usr/bin/env python3
"""Measures the built distribution: JVM start -> every bundle ACTIVE (polled with the Gogo
'lb' command, --console), then idle RSS after 30 s of a normal start, and the demo's devices.
Usage: distribution/src/test/measure.py [distribution/target/heathub]   (needs a free port 18181)"""
import base64, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

home = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../target/heathub"))
port = int(os.environ.get("HEATHUB_HTTP_PORT", "18181"))
env = dict(os.environ, HEATHUB_HTTP_PORT=str(port))
expected = len([f for f in os.listdir(os.path.join(home, "bundle")) if f.endswith(".jar")]) + 3 + 1  # + gogo + system

def run(console):
    data = tempfile.mkdtemp(prefix="heathub-measure-")
    args = [os.path.join(home, "bin/heathub"), "--data", data] + (["--console"] if console else [])
    t0 = time.monotonic()
    p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    created.append(data)
    return p, t0, data

created = []

# 1. start -> all ACTIVE
p, t0, data = run(True)
os.set_blocking(p.stdout.fileno(), False)
buf, active_at, deadline = "", None, time.monotonic() + 60
while active_at is None and time.monotonic() < deadline:
    p.stdin.write(b"lb\n"); p.stdin.flush()
    time.sleep(0.1)
    chunk = (p.stdout.read() or b"").decode("utf-8", "replace")
    buf += chunk
    tables = buf.split("START LEVEL")
    for t in tables[1:-1] + [tables[-1]] if len(tables) > 1 else []:
        rows = re.findall(r"^\s*\d+\|(\w+)\s*\|", t, re.M)
        if len(rows) >= expected and all(r == "Active" for r in rows):
            active_at = time.monotonic() - t0
            break
    buf = "START LEVEL" + tables[-1] if len(tables) > 1 else buf
p.terminate(); p.wait(20)
print(f"start -> all {expected} bundles ACTIVE: {active_at:.2f} s" if active_at else "bundles never all ACTIVE")

# 2. idle RSS after 30 s (normal start, no console), and the demo devices over HTTP
p, t0, data = run(False)
time.sleep(30)
rss = subprocess.run(["ps", "-o", "rss=", "-p", str(p.pid)], capture_output=True, text=True).stdout.strip()
print(f"idle RSS after 30 s: {int(rss)//1024} MB")
try:
    password = open(os.path.join(home, "etc", "demo-admin-password")).read().strip()  # the demo's first start
    auth = "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/devices", headers={"Authorization": auth})
    body = urllib.request.urlopen(request, timeout=5).read().decode()
    states = re.findall(r'"state"\s*:\s*"(\w+)"', body)
    print("demo devices:", {s: states.count(s) for s in set(states)})
except Exception as e:
    print("GET /api/devices failed:", e)
p.terminate(); p.wait(20)
log = os.path.join(data, "log", "heathub.0.log")
print("log file:", log, os.path.getsize(log), "bytes")
for d in created:
    shutil.rmtree(d, ignore_errors=True)
