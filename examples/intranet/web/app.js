// Footprint demo intranet. Every view reads and writes through Footprint's
// public HTTP API under api/; only the sign-in picker uses demo/, the
// stand-in for the host's own authentication.
import { h, api, ApiError, say, fmtDate, fmtNum, people, personName, me, setMe } from "./lib.js";
import { renderMe, renderBoard } from "./me.js";
import { renderMentoring } from "./mentoring.js";
import { renderBacklog } from "./backlog.js";
import { renderSprint } from "./sprint.js";

const main = document.getElementById("main");

const views = {
  me: renderMe,
  mentoring: renderMentoring,
  backlog: renderBacklog,
  sprint: renderSprint,
};

async function signInPicker() {
  document.getElementById("nav").hidden = true;
  renderWho();
  const list = await people();
  main.replaceChildren(
    h("h1", {}, "Sign in"),
    h("p", { class: "notice" },
      "Demo sign-in: pick anyone. This picker stands in for your intranet's own authentication — ",
      "Footprint's API takes the signed-in person from the host, never from the request."),
    h("div", { class: "people", role: "list" }, ...list.map((p) =>
      h("div", { role: "listitem" },
        h("button", {
          type: "button", class: "secondary", "data-person": p.id,
          onclick: async () => {
            await fetch("demo/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ person: p.id }) });
            setMe(p);
            if (!location.hash || location.hash === "#/signin") location.hash = "#/me"; // hashchange routes
            else route();
          },
        }, h("strong", {}, p.name), h("span", { class: "muted small" }, `${p.title} · ${p.team}`))))),
  );
  main.focus();
}

function renderWho() {
  const who = document.getElementById("who");
  const p = me();
  if (!p) { who.replaceChildren(); return; }
  who.replaceChildren(
    h("span", {}, "Signed in as ", h("strong", { id: "signed-in" }, p.name), p.facilitator ? " (facilitator)" : ""),
    h("button", {
      type: "button", class: "secondary", onclick: async () => {
        await fetch("demo/session", { method: "DELETE" });
        setMe(null);
        location.hash = "#/signin";
      },
    }, "Switch person"),
  );
}

// route shows the view the location's hash names. Navigations run one
// after the other, so a slow earlier view never replaces a later one.
let routing = Promise.resolve();
function route() {
  routing = routing.then(show, show);
  return routing;
}

async function show() {
  const [, view = "me", ...rest] = location.hash.replace(/^#/, "").split("/");
  if (!me() || view === "signin") return signInPicker();
  document.getElementById("nav").hidden = false;
  renderWho();
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  main.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  try {
    if (view === "board") await renderBoard(main, decodeURIComponent(rest[0] || me().id));
    else await (views[view] || renderMe)(main, rest);
  } catch (err) {
    main.replaceChildren(h("h1", {}, "Something went wrong"), h("p", {}, err.message));
  }
}

async function start() {
  const res = await fetch("demo/session");
  const body = await res.json();
  setMe(body.person);
  window.addEventListener("hashchange", route);
  await route();
}

start();
export { route, ApiError, say, fmtDate, fmtNum, personName };
