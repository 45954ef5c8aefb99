// Attendance on the phone, with or without signal.
//
// Every check in, check out and outcome is put in a queue kept in localStorage, with a UUID made
// here as its idempotency key, and the queue is posted to the JSON API whenever there is signal:
// at once, when the browser says it is back online, and every 20 seconds. The server applies each
// key once, so sending the queue again after a lost response never counts anything twice. The
// queue survives closing the page: it is sent from any attendance page opened later.

const QUEUE_KEY = "upw-attendance-queue-v1";
const LAST_SYNC_KEY = "upw-attendance-last-sync-v1";
const RETRY_MS = 20000;
const MAX_BATCH = 200;
// A page older than this when it opens is the copy the service worker saved, shown for want of signal.
const FRESH_MS = 120000;

const root = document.querySelector("[data-module='upw-attendance']");
const renderedAt = root && root.dataset.renderedAt ? new Date(root.dataset.renderedAt) : null;
const fromSavedCopy = Boolean(renderedAt) && Date.now() - renderedAt.getTime() > FRESH_MS;

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

function noteSynced(at) {
  window.localStorage.setItem(LAST_SYNC_KEY, at.toISOString());
}

function dayText(when) {
  if (when.toDateString() === new Date().toDateString()) return "today";
  return when.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "Europe/London" });
}

function renderLastSync() {
  const line = root && root.querySelector("[data-last-sync]");
  if (!line) return;
  const parts = [];
  if (fromSavedCopy) {
    parts.push(`Opened with no signal: this is the copy saved on this phone at ${showTime(renderedAt.toISOString())} ${dayText(renderedAt)}.`);
  }
  const last = window.localStorage.getItem(LAST_SYNC_KEY);
  if (last) parts.push(`Last synced at ${showTime(last)} ${dayText(new Date(last))}.`);
  line.textContent = parts.join(" ");
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
  renderLastSync();
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

// Minutes late: the server's figure (late_minutes in the sync answer), or else worked out here
// from the session's start, as the server does (whole minutes, never below zero).
function lateMinutes(attendance) {
  if (typeof attendance.late_minutes === "number") return attendance.late_minutes;
  const { sessionDate, sessionStart, utcOffset } = root.dataset;
  if (!attendance.arrived_at || !sessionDate || !sessionStart) return 0;
  const start = new Date(`${sessionDate}T${sessionStart}:00${utcOffset || "Z"}`);
  const late = Math.floor((new Date(attendance.arrived_at) - start) / 60000);
  return Number.isFinite(late) && late > 0 ? late : 0;
}

// The same words as the page shows after a reload (templates/attendance/my_session.html).
function describe(attendance) {
  if (!attendance) return "";
  if (attendance.left_at) {
    let text = `Left ${showTime(attendance.left_at)}`;
    if (attendance.outcome) text += `, ${attendance.outcome}`;
    if (attendance.credited_minutes) text += `, ${hoursText(attendance.credited_minutes)} credited`;
    return text;
  }
  if (attendance.arrived_at) {
    const late = lateMinutes(attendance);
    return `On site since ${showTime(attendance.arrived_at)}${late ? ` (late ${late} min)` : ""}`;
  }
  if (attendance.outcome) return `Outcome ${attendance.outcome}`;
  return "Expected";
}

// Field-level errors, in the GOV.UK pattern: the message above the field, the group and the
// field marked, and the field described by the message.
function fieldGroup(form, field) {
  return form && form.querySelector(`[data-field='${field}']`);
}

function showFieldError(form, field, message) {
  const group = fieldGroup(form, field);
  if (!group) return;
  const box = group.querySelector("[data-field-error]");
  const input = group.querySelector("input, select, textarea");
  box.innerHTML = "";
  const hidden = document.createElement("span");
  hidden.className = "govuk-visually-hidden";
  hidden.textContent = "Error:";
  box.append(hidden, ` ${message}`);
  box.hidden = false;
  group.classList.add("govuk-form-group--error");
  if (input) {
    input.classList.add(input.tagName === "SELECT" ? "govuk-select--error" : "govuk-input--error");
    const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(box.id)) input.setAttribute("aria-describedby", [...described, box.id].join(" "));
  }
}

function clearFieldErrors(form) {
  if (!form) return;
  for (const group of form.querySelectorAll("[data-field]")) {
    const box = group.querySelector("[data-field-error]");
    const input = group.querySelector("input, select, textarea");
    box.textContent = "";
    box.hidden = true;
    group.classList.remove("govuk-form-group--error");
    if (input) {
      input.classList.remove("govuk-select--error", "govuk-input--error");
      const described = (input.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== box.id);
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      else input.removeAttribute("aria-describedby");
    }
  }
}

// The checks the server makes on an outcome (upw/attendance/services.py), made here first so a
// mistake is shown at once, with or without signal, instead of being queued.
const SENT_HOME_OUTCOMES = ["ATSH", "ATSS"];
const GRADED_OUTCOMES = ["ATTC", "AFTC", "ATSH", "ATSS"];

function outcomeErrors(payload, form) {
  const errors = [];
  if (!payload.outcome) errors.push(["outcome", "Choose an outcome."]);
  if (SENT_HOME_OUTCOMES.includes(payload.outcome) && !payload.sent_home_reason.trim()) {
    errors.push(["sent_home_reason", "Say why the person was sent home."]);
  }
  if (GRADED_OUTCOMES.includes(payload.outcome)) {
    if (!payload.work_quality) errors.push(["work_quality", "Choose the quality of the work done."]);
    if (!payload.behaviour) errors.push(["behaviour", "Choose how the person behaved."]);
  }
  const penalty = form.querySelector("[name='penalty_minutes']").value;
  if (!/^\d*$/.test(penalty.trim()) || payload.penalty_minutes > 600) {
    errors.push(["penalty_minutes", "Penalty minutes must be between 0 and 600."]);
  }
  return errors;
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
    noteSynced(new Date());
    refreshSavedCopy();
  } catch {
    lastProblem = "no connection; trying again";
  } finally {
    flushing = false;
    renderStatus();
  }
  if (loadQueue().length && navigator.onLine && !lastProblem) flush();
}

// Times are typed on the 24-hour clock ("18:50", "1850" or "18.50"): a phone's own time picker
// shows a 12-hour clock in some locales and can drop the "PM" from a narrow field.
const CLOCK_ERROR = "Enter the time on the 24-hour clock, for example 18:50.";

function clockTime(text) {
  const match = text.trim().match(/^([01]?\d|2[0-3])[:.]?([0-5]\d)$/);
  return match ? `${match[1].padStart(2, "0")}:${match[2]}` : null;
}

function timeFrom(form, name = "time") {
  const input = form.querySelector(`input[name='${name}']`);
  if (!input || !input.value.trim()) return new Date().toISOString();
  const date = root.dataset.sessionDate;
  const offset = root.dataset.utcOffset || "Z";
  return new Date(`${date}T${clockTime(input.value)}:00${offset}`).toISOString();
}

function timeErrors(form) {
  const errors = [];
  for (const [name, field] of [["time", "time"], ["returned_time", "returned_at"]]) {
    const input = form.querySelector(`input[name='${name}']`);
    if (input && input.value.trim() && !clockTime(input.value)) errors.push([field, CLOCK_ERROR]);
  }
  return errors;
}

function payloadFor(form, kind) {
  if (kind === "check_in") {
    const pickUp = form.querySelector("input[name='from_pick_up']");
    return { at: timeFrom(form), from_pick_up: Boolean(pickUp && pickUp.checked) };
  }
  if (kind === "check_out") {
    const payload = { at: timeFrom(form) };
    const back = form.querySelector("input[name='returned_time']");
    if (back && back.value.trim()) payload.returned_at = timeFrom(form, "returned_time");
    return payload;
  }
  const value = (name) => form.querySelector(`[name='${name}']`).value;
  return {
    outcome: value("outcome"),
    work_quality: value("work_quality"),
    behaviour: value("behaviour"),
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
  clearFieldErrors(form);
  const clockErrors = timeErrors(form);
  if (clockErrors.length) {
    for (const [field, message] of clockErrors) showFieldError(form, field, message);
    fieldGroup(form, clockErrors[0][0]).querySelector("input").focus();
    return;
  }
  const payload = payloadFor(form, kind);
  if (kind === "outcome") {
    const errors = outcomeErrors(payload, form);
    if (errors.length) {
      for (const [field, message] of errors) showFieldError(form, field, message);
      const first = fieldGroup(form, errors[0][0]).querySelector("input, select, textarea");
      if (first) first.focus();
      return;
    }
  }
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

// The service worker keeps this page and, from "My sessions", today's and tomorrow's registers.
function startServiceWorker() {
  if (!("serviceWorker" in navigator) || !root.dataset.serviceWorker) return;
  navigator.serviceWorker
    .register(root.dataset.serviceWorker)
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const urls = (root.dataset.offlineUrls || "").split(" ").filter(Boolean);
      if (urls.length && navigator.onLine && registration.active) {
        registration.active.postMessage({ type: "keep", urls });
      }
    })
    .catch(() => {
      // No service worker (plain http, private browsing): the page still queues while it is open.
    });
}

// After a sync the saved copy of this page is out of date: save it again.
function refreshSavedCopy() {
  const worker = "serviceWorker" in navigator && navigator.serviceWorker.controller;
  if (worker) worker.postMessage({ type: "refresh", url: window.location.href });
}

// A saved copy shows people as they were when it was saved: show what is queued since on top.
function showQueued() {
  for (const action of loadQueue()) {
    if (personSection(action.allocation)) showPerson(action.allocation, optimistic(action.kind, action.payload), "");
  }
}

if (root) {
  if (renderedAt && !fromSavedCopy) noteSynced(renderedAt);
  showQueued();
  startServiceWorker();
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
