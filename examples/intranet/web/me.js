// "My development": the board of goals → yearly objectives → key results,
// check-ins, suggestions and what the mentor may see.
import { h, api, attempt, say, me, people, personName, fmtDate, fmtNum, pct, bar, spark, paceText } from "./lib.js";

const visibilityText = {
  private: "only me",
  mentor: "me and my mentor",
  company: "everyone in the company",
};

export async function renderMe(main) {
  await renderBoard(main, me().id);
}

// renderBoard shows a person's board as the signed-in person may see it;
// the owner also gets the forms to change it.
export async function renderBoard(main, person) {
  await people();
  const own = person === me().id;
  const board = await api("GET", `/people/${encodeURIComponent(person)}/board`);
  const parts = [h("h1", {}, own ? "My development" : `${personName(person)}'s development`)];
  if (own) parts.push(await suggestionsSection(main, board));
  if (!board.goals.length) {
    parts.push(h("p", { class: "muted" }, own
      ? "You have no long-term goal yet."
      : `${personName(person)} shares no goal with you.`));
  }
  for (const g of board.goals) parts.push(goalCard(main, g, own));
  if (own) parts.push(newGoalForm(main));
  main.replaceChildren(...parts);
}

function goalCard(main, g, own) {
  const head = h("div", { class: "row spread" },
    h("h2", {}, g.title),
    h("span", { class: `badge ${g.grade}` }, `goal progress ${pct(g.progress)}`));
  const why = h("p", { class: "small muted" },
    g.whyPerson ? `For me: ${g.whyPerson}. ` : "", g.whyCompany ? `For the company: ${g.whyCompany}.` : "",
    g.tags.length ? ` Topics: ${g.tags.join(", ")}.` : "");
  const card = h("section", { class: "card", "aria-label": `Goal: ${g.title}`, "data-goal": g.id }, head, why);
  if (own) card.append(visibilityForm(main, g));
  else card.append(h("p", { class: "small muted" }, `Shared with ${visibilityText[g.visibility]}.`));
  if (!g.objectives.length) card.append(h("p", { class: "muted small" }, "No objectives yet."));
  for (const o of g.objectives) card.append(objectiveBlock(main, o, own));
  return card;
}

function visibilityForm(main, g) {
  const select = h("select", { id: `vis-${g.id}`, name: "visibility" },
    ...Object.entries(visibilityText).map(([v, text]) => h("option", { value: v, selected: v === g.visibility }, text)));
  return h("form", {
    class: "inline", onsubmit: async (e) => {
      e.preventDefault();
      const ok = await attempt(() => api("PATCH", `/goals/${g.id}`, { visibility: select.value }, g.version),
        `Now visible to ${visibilityText[select.value]}.`);
      if (ok) await renderBoard(main, me().id);
    },
  }, h("label", { for: `vis-${g.id}` }, "Who may see this goal", select), h("button", { type: "submit", class: "secondary" }, "Save"));
}

function objectiveBlock(main, o, own) {
  const block = h("div", { class: "card", "data-objective": o.id },
    h("div", { class: "row spread" },
      h("h3", {}, o.title),
      h("span", {},
        h("span", { class: `badge ${o.grade}` }, `score ${fmtNum(Math.round(o.score * 100) / 100)}`), " ",
        o.pace ? h("span", { class: `badge ${o.pace}` }, paceText[o.pace]) : h("span", { class: "badge" }, o.status))),
    h("p", { class: "small muted" },
      `${o.kind}, ${fmtDate(o.period.start)} – ${fmtDate(o.period.end)}`,
      o.pace ? ` · expected by now ${pct(o.expected)}` : "",
      o.suggestedBy ? ` · suggested by ${personName(o.suggestedBy)}` : ""));
  for (const kr of o.keyResults) block.append(keyResultRow(main, o, kr, own));
  return block;
}

function keyResultRow(main, o, kr, own) {
  const label = `${kr.title}: ${pct(kr.score)}`;
  const values = kr.history.map((c) => c.value);
  const current = kr.kind === "milestone" ? (kr.current >= 1 ? "done" : "not done")
    : `${fmtNum(kr.current)} of ${fmtNum(kr.target)}${kr.unit ? " " + kr.unit : ""} (from ${fmtNum(kr.start)})`;
  const row = h("div", { class: "kr", "data-kr": kr.id },
    h("div", { class: "row spread" }, h("strong", {}, kr.title), h("span", { class: "small muted" }, current)),
    h("div", { class: "row" },
      bar(kr.score, kr.grade, label),
      h("span", { class: `small grade-${kr.grade}`, "data-score": kr.score }, pct(kr.score)),
      kr.pace ? h("span", { class: `badge ${kr.pace}` }, paceText[kr.pace]) : null,
      kr.trend ? h("span", { class: "badge", title: "confidence, 0–10" },
        `confidence ${kr.trend.latest}${kr.trend.change ? (kr.trend.change > 0 ? ` ▲${kr.trend.change}` : ` ▼${-kr.trend.change}`) : ""}`) : null,
      spark(values, kr.start, kr.target, `History of ${kr.title}: ${values.map(fmtNum).join(", ") || "none"}`)),
  );
  if (kr.latest && kr.latest.note) row.append(h("p", { class: "small muted" }, `Latest note: ${kr.latest.note}`));
  if (own && o.status === "active") row.append(checkInForm(main, o, kr));
  return row;
}

function checkInForm(main, o, kr) {
  const id = `ci-${kr.id}`;
  const value = kr.kind === "milestone"
    ? h("select", { id: `${id}-value`, name: "value" },
      h("option", { value: "0", selected: kr.current < 1 }, "not done"), h("option", { value: "1", selected: kr.current >= 1 }, "done"))
    : h("input", { id: `${id}-value`, name: "value", type: "number", step: "any", required: true, value: fmtNum(kr.current), size: 6 });
  const confidence = h("select", { id: `${id}-confidence`, name: "confidence" },
    ...Array.from({ length: 11 }, (_, i) => h("option", { value: i, selected: i === (kr.trend ? kr.trend.latest : 7) }, String(i))));
  const note = h("input", { id: `${id}-note`, name: "note", type: "text", maxlength: 2000, placeholder: "what happened?" });
  return h("form", {
    class: "inline", "aria-label": `Check in on ${kr.title}`, onsubmit: async (e) => {
      e.preventDefault();
      const ok = await attempt(() => api("POST", `/objectives/${o.id}/key-results/${kr.id}/check-ins`, {
        value: Number(value.value), confidence: Number(confidence.value), note: note.value,
      }), `Checked in on ${kr.title}.`);
      if (ok) await renderBoard(main, me().id);
    },
  },
  h("label", { for: `${id}-value` }, kr.kind === "milestone" ? "Status" : `Value${kr.unit ? " (" + kr.unit + ")" : ""}`, value),
  h("label", { for: `${id}-confidence` }, "Confidence", confidence),
  h("label", { for: `${id}-note` }, "Note", note),
  h("button", { type: "submit", id: `${id}-submit`, "aria-label": `Check in on ${kr.title}` }, "Check in"));
}

async function suggestionsSection(main, board) {
  const received = await api("GET", "/me/suggestions/received?status=pending");
  if (!received.items.length) return h("div");
  const goals = board.goals.filter((g) => g.status === "active");
  return h("section", { class: "card", "aria-label": "Suggested objectives" },
    h("h2", {}, "Suggested to you"),
    h("p", { class: "small muted" }, "Nothing enters your plan unless you accept it."),
    ...received.items.map((s) => {
      const goal = h("select", { id: `sg-goal-${s.id}` },
        ...goals.map((g) => h("option", { value: g.id, selected: g.id === s.goalId }, g.title)));
      const reason = h("input", { id: `sg-reason-${s.id}`, type: "text", maxlength: 1000, placeholder: "optional" });
      return h("div", { class: "kr", "data-suggestion": s.id },
        h("strong", {}, s.objective.title), " ",
        h("span", { class: "muted small" }, `from ${personName(s.from)}${s.message ? ": “" + s.message + "”" : ""}`),
        h("ul", { class: "small" }, ...s.objective.keyResults.map((k) => h("li", {}, k.title))),
        h("div", { class: "row" },
          goals.length ? h("label", { for: `sg-goal-${s.id}` }, "Under goal", goal) : h("span", { class: "muted small" }, "Create a goal first."),
          h("button", {
            type: "button", disabled: !goals.length, onclick: async () => {
              const ok = await attempt(() => api("POST", `/suggestions/${s.id}/accept`, { goalId: goal.value }, s.version), "Accepted into your plan.");
              if (ok) await renderBoard(main, me().id);
            },
          }, "Accept"),
          h("label", { for: `sg-reason-${s.id}` }, "Reason to decline", reason),
          h("button", {
            type: "button", class: "secondary", onclick: async () => {
              const ok = await attempt(() => api("POST", `/suggestions/${s.id}/decline`, { reason: reason.value }, s.version), "Declined.");
              if (ok) await renderBoard(main, me().id);
            },
          }, "Decline")));
    }));
}

function newGoalForm(main) {
  const title = h("input", { id: "new-goal-title", type: "text", required: true, maxlength: 200, placeholder: "I want to be an agile coach" });
  const whyMe = h("input", { id: "new-goal-why-me", type: "text", maxlength: 1000 });
  const whyCo = h("input", { id: "new-goal-why-company", type: "text", maxlength: 1000 });
  const tags = h("input", { id: "new-goal-tags", type: "text", placeholder: "coaching, agile" });
  return h("details", { class: "card" }, h("summary", {}, "Set a new long-term goal"),
    h("form", {
      class: "inline", onsubmit: async (e) => {
        e.preventDefault();
        const ok = await attempt(() => api("POST", "/goals", {
          title: title.value, whyPerson: whyMe.value, whyCompany: whyCo.value,
          tags: tags.value.split(",").map((t) => t.trim()).filter(Boolean), visibility: "mentor",
        }), "Goal created.");
        if (ok) await renderBoard(main, me().id);
      },
    },
    h("label", { for: "new-goal-title" }, "Goal", title),
    h("label", { for: "new-goal-why-me" }, "Why it matters to me", whyMe),
    h("label", { for: "new-goal-why-company" }, "Why it matters to the company", whyCo),
    h("label", { for: "new-goal-tags" }, "Topics (comma separated)", tags),
    h("button", { type: "submit" }, "Create goal")));
}

export { say };
