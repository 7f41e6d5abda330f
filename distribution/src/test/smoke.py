#!/usr/bin/env python3
"""Smoke test of the assembled distribution (run by the build in integration-test; -DskipTests
skips it). Works on a copy in target/smoke with free ports, so a running demo is not disturbed:

  1. bin/heathub validates --config (exit 2, one line)
  2. the hub starts without the Modbus driver (its first start makes the demo admin, whose password
     the API calls use): the demo's Modbus devices are WAITING_FOR_DRIVER
  3. the driver jar dropped into deploy/ is installed by FileInstall: GET /api/drivers lists it, all devices RUNNING, readings
  4. editing etc/io.heathub.simulator.cfg (enabled=false) applies live: plc-1 stops RUNNING
  5. SIGTERM stops the hub
Every wait polls with a deadline."""
import base64, json, os, re, shutil, signal, socket, subprocess, sys, time, urllib.request

target = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target")
home = os.path.join(target, "smoke")
DEADLINE = 40


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(msg):
    print("SMOKE FAILED:", msg)
    sys.exit(1)


def wait(what, probe, deadline=DEADLINE):
    end = time.monotonic() + deadline
    last = None
    while time.monotonic() < end:
        try:
            last = probe()
            if last:
                return last
        except Exception as e:  # not up yet
            last = e
        time.sleep(0.2)
    fail(f"timed out after {deadline} s waiting for {what} (last: {last})")


# --- a private copy with free ports -------------------------------------------------------------
shutil.rmtree(home, ignore_errors=True)
shutil.copytree(os.path.join(target, "heathub"), home, symlinks=True)
driver = [f for f in os.listdir(os.path.join(home, "bundle")) if f.startswith("heathub-driver-modbus")][0]
shutil.move(os.path.join(home, "bundle", driver), os.path.join(target, driver))
for f in ("users", "tokens", "demo-admin-password", "last-data-folder"):  # a demo started by hand leaves them
    if os.path.exists(os.path.join(home, "etc", f)):
        os.remove(os.path.join(home, "etc", f))
plc, panels, meters, http = free_port(), free_port(), free_port(), free_port()
cfg = os.path.join(home, "etc", "io.heathub.simulator.cfg")
text = open(cfg).read()
text = re.sub(r"(?m)^plcPort=.*$", f"plcPort={plc}", text)
text = re.sub(r"(?m)^panelPort=.*$", f"panelPort={panels}", text)
text += f"\nmeterPort={meters}\n"  # the meter line too: a demo elsewhere on this machine holds 15030
open(cfg, "w").write(text)
site = os.path.join(home, "config", "site.yaml")
text = open(site).read()
open(site, "w").write(text.replace("127.0.0.1:15020", f"127.0.0.1:{plc}").replace("127.0.0.1:15021", f"127.0.0.1:{panels}")
                      .replace("127.0.0.1:15030", f"127.0.0.1:{meters}"))
hub = os.path.join(home, "bin", "heathub")

# --- 1. --config validation ---------------------------------------------------------------------
for args, expect in ((["--config", "/nonexistent-site"], "not found"), (["--config", target], "no site.yaml")):
    r = subprocess.run([hub] + args, capture_output=True, text=True, timeout=30)
    if r.returncode != 2 or expect not in r.stderr or len(r.stderr.strip().splitlines()) != 1:
        fail(f"heathub {' '.join(args)}: exit {r.returncode}, stderr {r.stderr!r}")
print("smoke: --config validation exits 2 with one line")

# --- 2. start without the driver ----------------------------------------------------------------
env = dict(os.environ, HEATHUB_HTTP_PORT=str(http))
env.pop("HEATHUB_MQTT_URL", None)
log = open(os.path.join(target, "smoke.log"), "w")
t0 = time.monotonic()
proc = subprocess.Popen([hub], stdout=log, stderr=subprocess.STDOUT, env=env, cwd="/")


def get(path):
    """GET as the demo admin (its password is written at the first start)."""
    password = open(os.path.join(home, "etc", "demo-admin-password")).read().strip()
    auth = base64.b64encode(f"admin:{password}".encode()).decode()
    request = urllib.request.Request(f"http://127.0.0.1:{http}{path}", headers={"Authorization": "Basic " + auth})
    with urllib.request.urlopen(request, timeout=5) as r:
        return json.loads(r.read())


def devices():
    body = get("/api/devices")
    items = body if isinstance(body, list) else body.get("devices", [])
    return {d["id"]: d["state"] for d in items if d["driver"] == "modbus"}  # the demo's Modbus devices


def latest(device):
    return get(f"/api/readings/latest?device={device}")


try:
    states = wait("the Modbus devices WAITING_FOR_DRIVER",
                  lambda: (lambda s: s if s and set(s.values()) == {"WAITING_FOR_DRIVER"} else None)(devices()))
    print(f"smoke: hub up, {len(states)} devices WAITING_FOR_DRIVER after {time.monotonic() - t0:.1f} s")
    listed = [d["id"] for d in get("/api/drivers")["drivers"]]
    if "modbus" in listed or not {"cjt188", "mbus", "dlt645"} <= set(listed):
        fail(f"GET /api/drivers before the hot deploy: expected the bundle/ drivers without modbus, got {listed}")

    # --- 3. hot deploy ----------------------------------------------------------------------------
    t1 = time.monotonic()
    shutil.copy(os.path.join(target, driver), os.path.join(home, "deploy", driver))
    wait("all devices RUNNING after dropping the driver into deploy/",
         lambda: set(devices().values()) == {"RUNNING"})
    wait("a reading from plc-1", lambda: latest("plc-1"))
    modbus = wait("modbus in GET /api/drivers",
                  lambda: next((d for d in get("/api/drivers")["drivers"] if d["id"] == "modbus"), None))
    if modbus["bundle"] != "heathub-driver-modbus" or "profile" not in [s["key"] for s in modbus["settings"]]:
        fail(f"GET /api/drivers lists the hot-deployed driver wrongly: {modbus}")
    print(f"smoke: driver dropped into deploy/ -> {len(states)} devices RUNNING with readings in {time.monotonic() - t1:.1f} s")

    # --- 4. live configuration from etc/ ----------------------------------------------------------
    text = open(cfg).read()
    open(cfg, "w").write(re.sub(r"(?m)^enabled=.*$", "enabled=false", text))
    wait("plc-1 to stop RUNNING after enabled=false in etc/", lambda: devices()["plc-1"] in ("FAILING", "BUS_DOWN"))
    print("smoke: etc/io.heathub.simulator.cfg change applied live")
finally:
    # --- 5. stop ----------------------------------------------------------------------------------
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("hub did not stop within 20 s of SIGTERM")
    log.close()
print(f"smoke: stopped by SIGTERM (exit {proc.returncode}); log in {os.path.join(target, 'smoke.log')}")
print("smoke: OK")
