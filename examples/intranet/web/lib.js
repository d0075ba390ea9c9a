// Small helpers shared by the views: building DOM safely, calling the API,
// and telling the user what happened.

// h builds an element. Attributes starting with "on" become listeners;
// children are nodes or text (never parsed as HTML).
export function h(tag, attrs = {}, ...children) {
  const ns = tag === "svg" || tag === "polyline" || tag === "line" || tag === "circle" ? "http://www.w3.org/2000/svg" : null;
  const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// ApiError is a problem answered by the API (RFC 9457).
export class ApiError extends Error {
  constructor(status, problem) {
    const fields = (problem && problem.errors) || [];
    const detail = fields.length
      ? fields.map((e) => `${e.pointer || e.field || ""} ${e.message || e.detail || ""}`.trim()).join("; ")
      : (problem && (problem.detail || problem.title)) || `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.problem = problem;
  }
}

// api calls the HTTP API: api("GET", "/people/ana/board"). A body is sent
// as JSON; ifMatch sets If-Match from a version. It returns the parsed
// JSON (or null) and the ETag.
export async function api(method, path, body, ifMatch) {
  const headers = { Accept: "application/json" };
  const init = { method, headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (ifMatch !== undefined) headers["If-Match"] = `"${ifMatch}"`;
  const res = await fetch("api" + path, init);
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// say shows a message in the live region.
export function say(text, error = false) {
  const status = document.getElementById("status");
  status.replaceChildren(h("div", { class: error ? "msg error" : "msg" }, text));
  clearTimeout(say.timer);
  say.timer = setTimeout(() => status.replaceChildren(), error ? 8000 : 4000);
}

// attempt runs an action and reports its failure. After a successful
// action the view re-renders; the focus then returns to the control that
// had it (by ID), or to the view, so keyboard users keep their place.
export async function attempt(fn, done) {
  const focused = document.activeElement && document.activeElement.id;
  try {
    await fn();
    if (done) say(done);
    restoreFocus(focused);
    return true;
  } catch (err) {
    say(err.message, true);
    return false;
  }
}

function restoreFocus(id) {
  // The re-render runs right after attempt returns: look once it is done.
  setTimeout(() => {
    const el = id && document.getElementById(id);
    (el || document.getElementById("main")).focus();
  }, 300);
}

let current = null;
let directory = null;

export function me() { return current; }
export function setMe(p) { current = p; }

// people returns the demo organisation (from the host's directory).
export async function people() {
  if (!directory) directory = await (await fetch("demo/people")).json();
  return directory;
}

// personName returns a person's display name from the directory.
export function personName(id) {
  const p = directory && directory.find((x) => x.id === id);
  return p ? p.name : id;
}

export function fmtDate(s, withTime = false) {
  if (!s) return "";
  const d = new Date(s);
  return withTime
    ? d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
    : d.toLocaleDateString(undefined, { dateStyle: "medium" });
}

export function fmtNum(n) {
  return Number.isInteger(n) ? String(n) : Number(n).toFixed(2).replace(/\.?0+$/, "");
}

export function pct(score) { return `${Math.round(score * 100)}%`; }

// bar draws a progress bar coloured by grade.
export function bar(score, grade, label) {
  const width = Math.max(0, Math.min(1, score)) * 100;
  return h("div", {
    class: `bar ${grade}`, role: "progressbar", "aria-label": label,
    "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": Math.round(width),
  }, h("span", { style: `width:${width}%` }));
}

// spark draws the history of values between start and target.
export function spark(values, start, target, label) {
  const w = 110, hgt = 28;
  if (!values.length) return h("span", { class: "muted small" }, "no check-ins yet");
  const lo = Math.min(start, target, ...values), hi = Math.max(start, target, ...values);
  const span = hi - lo || 1;
  const pts = values.map((v, i) => {
    const x = values.length === 1 ? w / 2 : (i / (values.length - 1)) * (w - 4) + 2;
    const y = hgt - 2 - ((v - lo) / span) * (hgt - 4);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const ty = hgt - 2 - ((target - lo) / span) * (hgt - 4);
  return h("svg", { class: "spark", width: w, height: hgt, viewBox: `0 0 ${w} ${hgt}`, role: "img", "aria-label": label },
    h("line", { x1: 0, x2: w, y1: ty.toFixed(1), y2: ty.toFixed(1), stroke: "#9aa3ad", "stroke-dasharray": "3 3" }),
    h("polyline", { points: pts.join(" "), fill: "none", stroke: "#2f5bd3", "stroke-width": 2 }));
}

export const paceText = { on_track: "on track", at_risk: "at risk", off_track: "off track", not_started: "not started" };
