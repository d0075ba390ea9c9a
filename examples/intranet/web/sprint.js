// "Sprint": the current quarter's topics and learning goals with their
// progress, the activities grouped by kind with seats left and enrolment,
// and the last closed sprint's retrospective and report.
import { h, api, attempt, me, people, personName, fmtDate, fmtNum, pct, bar } from "./lib.js";

const kinds = [
  ["keynote", "Brainfood keynotes"],
  ["virtual_classroom", "Virtual classroom trainings"],
  ["coaching", "Coaching and mentoring"],
  ["self_study", "Self-study"],
];

export async function renderSprint(main) {
  await people();
  const [forMe, closed] = await Promise.all([
    api("GET", "/me/sprint"),
    api("GET", "/sprints?state=closed&limit=100"),
  ]);
  const rerender = () => renderSprint(main);
  const parts = [h("h1", {}, "Learning sprint")];
  const sp = forMe.sprint;
  if (!sp) parts.push(h("p", { class: "muted" }, "No sprint is running this quarter."));
  else {
    const acts = await api("GET", `/sprints/${sp.id}/activities?limit=200`);
    parts.push(sprintHeader(sp), topicsSection(sp), activitiesSection(acts.items, forMe, rerender));
    if (sp.carried.length) parts.push(carriedSection(sp));
  }
  const last = closed.items.sort((a, b) => (b.year - a.year) || (b.quarter - a.quarter))[0];
  if (last) parts.push(await reportSection(last));
  main.replaceChildren(...parts);
}

function sprintHeader(sp) {
  return h("section", { class: "card", "aria-label": "Current sprint", id: "current-sprint" },
    h("div", { class: "row spread" }, h("h2", {}, sp.title), h("span", { class: "badge" }, sp.state)),
    h("p", { class: "small muted" }, `${fmtDate(sp.period.start)} – ${fmtDate(sp.period.end)} · facilitated by `,
      sp.facilitators.map(personName).join(", ")));
}

function topicsSection(sp) {
  return h("section", { class: "card", "aria-label": "Topics and learning goals" },
    h("h2", {}, "Topics and learning goals"),
    ...sp.topics.map((t) => h("div", { class: "kr", "data-topic": t.id },
      h("h3", {}, t.title, " ", h("span", { class: "small muted" }, t.tags.join(", "))),
      ...t.goals.map((g) => {
        const m = g.measure;
        const score = goalScore(m);
        const grade = score >= 0.7 ? "green" : score >= 0.4 ? "yellow" : "red";
        const value = m.kind === "milestone" ? (m.current >= 1 ? "done" : "not done")
          : `${fmtNum(m.current)} of ${fmtNum(m.target)}${m.unit ? " " + m.unit : ""}`;
        return h("div", {}, h("div", { class: "row spread" }, h("span", {}, g.statement), h("span", { class: "small muted" }, value)),
          h("div", { class: "row" }, bar(score, grade, `${g.statement}: ${pct(score)}`), h("span", { class: `small grade-${grade}` }, pct(score))));
      }))));
}

// goalScore scores a learning goal the way okr scores a key result.
function goalScore(m) {
  if (m.kind === "milestone") return m.current >= 1 ? 1 : 0;
  if (m.target === m.start) return 0;
  return Math.max(0, Math.min(1, (m.current - m.start) / (m.target - m.start)));
}

function activitiesSection(activities, forMe, rerender) {
  const self = me().id;
  const matching = new Set(forMe.matching.map((a) => a.id));
  const section = h("section", { class: "card", "aria-label": "Activities", id: "activities" }, h("h2", {}, "Activities"),
    forMe.tags.length ? h("p", { class: "small muted" }, `Marked ★: matches what you work on (${forMe.tags.join(", ")}).`) : null);
  for (const [kind, title] of kinds) {
    const list = activities.filter((a) => a.kind === kind);
    if (!list.length) continue;
    section.append(h("h3", {}, title), h("ul", { class: "plain" }, ...list.map((a) => {
      const mine = a.enrolments.find((e) => e.person === self && e.status !== "cancelled");
      const enrolled = a.taken; // others' enrolments are private: the API gives the count
      const left = a.seats ? Math.max(0, a.seats - enrolled) : null;
      return h("li", { class: "kr", "data-activity": a.id },
        h("div", { class: "row spread" },
          h("strong", {}, matching.has(a.id) ? "★ " : "", a.title),
          h("span", { class: "row" },
            h("span", { class: "badge", "data-seats-left": left === null ? "unlimited" : left },
              left === null ? `${enrolled} enrolled` : `${left} of ${a.seats} seats left`),
            mine
              ? h("button", {
                type: "button", class: "secondary", id: `cancel-${a.id}`, "aria-label": `Cancel enrolment in ${a.title}`, onclick: async () => {
                  if (await attempt(() => api("POST", `/activities/${a.id}/cancel-enrolment`), "Enrolment cancelled.")) rerender();
                },
              }, "Cancel enrolment")
              : h("button", {
                type: "button", disabled: left === 0, id: `enrol-${a.id}`, "aria-label": `Enrol in ${a.title}`, onclick: async () => {
                  if (await attempt(() => api("POST", `/activities/${a.id}/enrol`), `Enrolled in ${a.title}.`)) rerender();
                },
              }, left === 0 ? "Full" : "Enrol"))),
        h("p", { class: "small muted" },
          a.start ? `${fmtDate(a.start, true)}, ${a.minutes} min` : "self-paced",
          a.host ? ` · ${a.host}${a.external ? " (external)" : ""}` : "",
          a.link ? " · " : "", a.link ? h("a", { href: a.link, rel: "noopener" }, "link") : ""));
    })));
  }
  return section;
}

function carriedSection(sp) {
  const label = { "": "open", done: "done", dropped: "dropped", carried: "carried again" };
  return h("section", { class: "card", "aria-label": "Actions carried from the last retrospective" },
    h("h2", {}, "Carried from the last retrospective"),
    h("ul", { class: "plain" }, ...sp.carried.map((c) => h("li", {},
      h("span", { class: "badge" }, label[c.resolution || ""]), ` ${c.text} (${personName(c.owner)})`))));
}

async function reportSection(sp) {
  const r = await api("GET", `/sprints/${sp.id}/report`);
  const outcome = { achieved: "achieved", partially_achieved: "partially achieved", not_achieved: "not achieved" };
  return h("section", { class: "card", "aria-label": `Report of ${r.sprint.title}`, id: "report" },
    h("h2", {}, `Retrospective and report: ${r.sprint.title}`),
    r.retrospective.summary ? h("p", {}, r.retrospective.summary) : null,
    h("div", { class: "cols" },
      h("div", {}, h("h3", {}, "Went well"), notes(r.retrospective.wentWell)),
      h("div", {}, h("h3", {}, "To improve"), notes(r.retrospective.toImprove))),
    r.retrospective.actions.length ? h("div", {}, h("h3", {}, "Actions"), h("ul", { class: "plain" },
      ...r.retrospective.actions.map((a) => h("li", {}, h("span", { class: "badge" }, a.status), ` ${a.text} (${personName(a.owner)})`)))) : null,
    h("h3", {}, "Topics"),
    h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Topic"), h("th", { scope: "col" }, "Learning goal"),
        h("th", { scope: "col" }, "Score"), h("th", { scope: "col" }, "Outcome"), h("th", { scope: "col" }, "Activities"))),
      h("tbody", {}, ...r.topics.flatMap((t) => t.goals.map((g, i) => h("tr", {},
        h("td", {}, i === 0 ? t.title : ""),
        h("td", {}, g.statement),
        h("td", { class: `grade-${g.grade}` }, pct(g.score)),
        h("td", {}, outcome[g.outcome] || "—"),
        h("td", { class: "small" }, i === 0 ? t.activities.map(activitySummary).join("; ") : ""))))))));
}

function activitySummary(a) {
  const rated = a.ratings ? `, rated ${fmtNum(Math.round(a.averageRating * 10) / 10)}/5` : "";
  return `${a.title}: ${a.attended + a.completed}/${a.enrolled} attended${rated}`;
}

function notes(list) {
  if (!list.length) return h("p", { class: "muted small" }, "none");
  return h("ul", { class: "plain" }, ...list.map((n) => h("li", {}, n.text, " ",
    h("span", { class: "small muted" }, `(${personName(n.author)}, ${n.votes.length} votes)`))));
}
