// Attendance on the phone, with or without signal.
//
// Every check in, check out and outcome is put in a queue kept in localStorage, with a UUID made
// here as its idempotency key, and the queue is posted to the JSON API whenever there is signal:
// at once, when the browser says it is back online, and every 20 seconds. The server applies each
// key once, so sending the queue again after a lost response never counts anything twice. The
// queue survives closing the page: it is sent from any attendance page opened later.

const QUEUE_KEY = "upw-attendance-queue-v1";
const RETRY_MS = 20000;
const MAX_BATCH = 200;

const root = document.querySelector("[data-module='upw-attendance']");

function uuid() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  // Phones on plain http (no secure context) have no randomUUID: build a version 4 UUID by hand.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function loadQueue() {
  try {
    const value = JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]");
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

function saveQueue(queue) {
  window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
}

function csrfToken() {
  const input = root && root.querySelector("input[name='csrfmiddlewaretoken']");
  return input ? input.value : "";
}

function showTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
}

function hoursText(minutes) {
  const whole = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${whole}h ${String(rest).padStart(2, "0")}m` : `${whole}h`;
}

let lastProblem = "";

function renderStatus() {
  const status = root && root.querySelector("[data-sync-status]");
  if (!status) return;
  const waiting = loadQueue().length;
  let text;
  if (waiting === 0) {
    text = "All changes saved.";
  } else {
    text = `${waiting} waiting to sync`;
    if (!navigator.onLine) text += " (no signal: they will be sent when the signal returns)";
    else if (lastProblem) text += ` (${lastProblem})`;
  }
  status.textContent = text;
  status.dataset.waiting = String(waiting);
}

function personSection(allocationId) {
  return root && root.querySelector(`[data-allocation='${allocationId}']`);
}

function showPerson(allocationId, text, error) {
  const section = personSection(allocationId);
  if (!section) return;
  if (text) section.querySelector("[data-person-status]").textContent = text;
  const errorBox = section.querySelector("[data-person-error]");
  if (error) {
    errorBox.textContent = error;
    errorBox.hidden = false;
  } else {
    errorBox.textContent = "";
    errorBox.hidden = true;
  }
}

function describe(attendance) {
  if (!attendance) return "";
  if (attendance.left_at) {
    let text = `Left ${showTime(attendance.left_at)}`;
    if (attendance.outcome) text += `, ${attendance.outcome}`;
    if (attendance.credited_minutes) text += `, ${hoursText(attendance.credited_minutes)} credited`;
    return text;
  }
  if (attendance.arrived_at) return `On site since ${showTime(attendance.arrived_at)}`;
  if (attendance.outcome) return `Outcome ${attendance.outcome}`;
  return "Expected";
}

let flushing = false;

async function flush() {
  if (flushing) return;
  const queue = loadQueue();
  if (queue.length === 0 || !navigator.onLine) {
    renderStatus();
    return;
  }
  flushing = true;
  const batch = queue.slice(0, MAX_BATCH);
  try {
    const response = await fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ actions: batch }),
    });
    if (response.status === 401 || response.status === 403) {
      lastProblem = "sign in again to send them";
      return;
    }
    if (!response.ok) {
      lastProblem = `the server answered ${response.status}; trying again`;
      return;
    }
    const data = await response.json();
    const done = new Set();
    for (const result of data.results) {
      done.add(result.key);
      if (result.status === "rejected") {
        showPerson(result.allocation, result.attendance ? describe(result.attendance) : "", result.error);
      } else if (result.attendance) {
        showPerson(result.allocation, describe(result.attendance), "");
      }
    }
    // Only what the server answered leaves the queue; anything added meanwhile stays.
    saveQueue(loadQueue().filter((action) => !done.has(action.key)));
    lastProblem = "";
  } catch {
    lastProblem = "no connection; trying again";
  } finally {
    flushing = false;
    renderStatus();
  }
  if (loadQueue().length && navigator.onLine && !lastProblem) flush();
}

function timeFrom(form) {
  const input = form.querySelector("input[name='time']");
  if (!input || !input.value) return new Date().toISOString();
  const date = root.dataset.sessionDate;
  const offset = root.dataset.utcOffset || "Z";
  return new Date(`${date}T${input.value}:00${offset}`).toISOString();
}

function payloadFor(form, kind) {
  if (kind === "check_in") {
    const pickUp = form.querySelector("input[name='from_pick_up']");
    return { at: timeFrom(form), from_pick_up: Boolean(pickUp && pickUp.checked) };
  }
  if (kind === "check_out") return { at: timeFrom(form) };
  const value = (name) => form.querySelector(`[name='${name}']`).value;
  return {
    outcome: value("outcome"),
    sent_home_reason: value("sent_home_reason"),
    penalty_minutes: Number(value("penalty_minutes") || 0),
    notes: value("notes"),
  };
}

function optimistic(kind, payload) {
  if (kind === "check_in") return `Checked in ${showTime(payload.at)} (waiting to sync)`;
  if (kind === "check_out") return `Checked out ${showTime(payload.at)} (waiting to sync)`;
  return `Outcome ${payload.outcome} (waiting to sync)`;
}

function onSubmit(event) {
  const form = event.target.closest("form.upw-action");
  if (!form) return;
  event.preventDefault();
  const section = form.closest("[data-allocation]");
  const kind = form.dataset.kind;
  const payload = payloadFor(form, kind);
  const action = {
    key: uuid(),
    allocation: Number(section.dataset.allocation),
    kind,
    payload,
    client_at: new Date().toISOString(),
  };
  const queue = loadQueue();
  queue.push(action);
  saveQueue(queue);
  showPerson(action.allocation, optimistic(kind, payload), "");
  renderStatus();
  flush();
}

if (root) {
  root.addEventListener("submit", onSubmit);
  window.addEventListener("online", () => {
    lastProblem = "";
    flush();
  });
  window.addEventListener("offline", renderStatus);
  window.setInterval(flush, RETRY_MS);
  renderStatus();
  flush();
}
