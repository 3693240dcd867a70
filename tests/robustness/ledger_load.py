"""Append load for the ledger tests: submit observations in batches and
approve each batch in one transaction; remember every acknowledged id and
every checkpoint seen."""
import json
import threading
import urllib.error
import urllib.request

BATCH = 200


class LedgerLoad:
    def __init__(self, base, submit_token, approve_token, indicator="retail_sales"):
        self.base = base
        self.submit_token = submit_token
        self.approve_token = approve_token
        self.indicator = indicator
        self.acknowledged = []  # ids whose approval (= ledger append) was acknowledged
        self.checkpoints = {}   # size -> signed note
        self.errors = []
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def _post(self, path, body, token):
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())

    def poll_checkpoint(self):
        with urllib.request.urlopen(self.base + "/ledger/checkpoint", timeout=10) as r:
            note = r.read().decode()
        size = int(note.split("\n")[1])
        with self.lock:
            self.checkpoints[size] = note

    def run(self, target):
        n = 0
        try:
            while not self.stop.is_set() and len(self.acknowledged) < target:
                batch = [{"period": "2024", "period_type": "year", "level": f"{1000 + n + i}.5",
                          "source": "load", "release": f"v{n + i}"} for i in range(BATCH)]
                n += BATCH
                ids = [o["id"] for o in self._post(f"/api/v1/indicators/{self.indicator}/observations", batch,
                                                   self.submit_token)["observations"]]
                approved = self._post("/api/v1/indicators/observations/approve", {"ids": ids}, self.approve_token)
                with self.lock:
                    self.acknowledged.extend(o["id"] for o in approved["observations"])
                if (n // BATCH) % 5 == 0:
                    self.poll_checkpoint()
        except (urllib.error.URLError, ConnectionError, OSError) as e:
            self.errors.append(repr(e))  # expected once the server is killed
