// "Backlog": suggest and support learning topics, see the latest ranking
// with each score's breakdown, and preview the next meeting's ranking
// under another policy.
import { h, api, attempt, me, people, personName, fmtNum } from "./lib.js";

export async function renderBacklog(main, rest = []) {
  await people();
  const [open, all, meetings, policies] = await Promise.all([
    api("GET", "/backlog/items?status=open&limit=200"),
    api("GET", "/backlog/items?limit=500"),
    api("GET", "/prioritisation-meetings?limit=100"),
    api("GET", "/backlog/policies"),
  ]);
  const titles = new Map(all.items.map((i) => [i.id, i.title]));
  const byQuarter = (a, b) => (a.quarter < b.quarter ? 1 : a.quarter > b.quarter ? -1 : 0);
  const closed = meetings.items.filter((m) => m.status === "closed").sort(byQuarter)[0];
  const next = meetings.items.filter((m) => m.status === "open").sort(byQuarter)[0];
  const rerender = () => renderBacklog(main, rest);
  const parts = [h("h1", {}, "Learning backlog"), suggestForm(rerender), itemsSection(open.items, rerender)];
  if (next) parts.push(await previewSection(next, policies.items, titles, rest[0]));
  if (closed) parts.push(rankingSection(`Latest ranking: ${closed.title || closed.quarter}`, closed.result, titles, "latest-ranking",
    `Decided with the ${closed.policy.name} policy; every score shows how it was computed.`));
  main.replaceChildren(...parts);
}

function suggestForm(rerender) {
  const title = h("input", { id: "item-title", type: "text", required: true, maxlength: 200, placeholder: "What should we learn?" });
  const desc = h("input", { id: "item-description", type: "text", maxlength: 4000 });
  const tags = h("input", { id: "item-tags", type: "text", placeholder: "kubernetes, security" });
  return h("details", { class: "card" }, h("summary", {}, "Suggest a topic"),
    h("p", { class: "small muted" }, "Anyone may add a suggestion at any time; the next prioritisation meeting ranks it."),
    h("form", {
      class: "inline", onsubmit: async (e) => {
        e.preventDefault();
        const ok = await attempt(() => api("POST", "/backlog/items", {
          title: title.value, description: desc.value, tags: tags.value.split(",").map((t) => t.trim()).filter(Boolean),
        }), "Added to the backlog.");
        if (ok) rerender();
      },
    },
    h("label", { for: "item-title" }, "Topic", title),
    h("label", { for: "item-description" }, "Why", desc),
    h("label", { for: "item-tags" }, "Tags", tags),
    h("button", { type: "submit" }, "Add")));
}

function itemsSection(items, rerender) {
  const self = me().id;
  const sorted = items.slice().sort((a, b) => b.supporters.length - a.supporters.length);
  return h("section", { class: "card", "aria-label": "Open backlog", id: "open-backlog" },
    h("h2", {}, `Open backlog (${items.length})`),
    h("ul", { class: "plain" }, ...sorted.map((it) => {
      const mine = it.supporters.some((s) => s.person === self);
      return h("li", { class: "kr", "data-item": it.id },
        h("div", { class: "row spread" },
          h("strong", {}, it.title),
          h("span", { class: "row" },
            it.carryOvers ? h("span", { class: "badge at_risk" }, `carried over ×${it.carryOvers}`) : null,
            h("span", { class: "badge", "data-support-count": it.supporters.length }, `${it.supporters.length} supporting`),
            h("button", {
              type: "button", class: mine ? "secondary" : "", "aria-pressed": mine, id: `support-${it.id}`,
              "aria-label": `Support ${it.title}`, onclick: async () => {
                const ok = await attempt(() => api("POST", `/backlog/items/${it.id}/${mine ? "unsupport" : "support"}`, mine ? undefined : {}),
                  mine ? "Support withdrawn." : "Thanks for your support.");
                if (ok) rerender();
              },
            }, mine ? "Supported ✓" : "+1 Support"))),
        h("p", { class: "small muted" },
          it.description || "", it.tags.length ? ` Topics: ${it.tags.join(", ")}.` : "",
          ` Suggested by ${personName(it.suggestedBy)}.`));
    })));
}

async function previewSection(meeting, policies, titles, chosen) {
  const current = chosen ? decodeURIComponent(chosen) : meeting.policy.name;
  const select = h("select", {
    id: "policy", onchange: () => { location.hash = `#/backlog/${encodeURIComponent(select.value)}`; },
  }, ...policies.map((p) => h("option", { value: p, selected: p === current }, p)));
  const section = h("section", { class: "card", "aria-label": "Preview of the next ranking", id: "preview" },
    h("h2", {}, `Next meeting: ${meeting.title || meeting.quarter} (open)`),
    h("p", { class: "small muted" },
      `${meeting.participants.length} participants estimate the impact on business performance; `,
      `up to ${meeting.capacity.maxTopics} topics. Preview the ranking under any policy — nothing changes until the facilitator closes the meeting.`),
    h("div", { class: "row" }, h("label", { for: "policy" }, "Rank with the policy", select)));
  try {
    const preview = await api("GET", `/prioritisation-meetings/${meeting.id}/preview?policy=${encodeURIComponent(current)}`);
    section.append(rankingTable(preview.result, titles));
  } catch (err) {
    section.append(h("p", { class: "muted" }, `This policy cannot rank the current estimates: ${err.message}`));
  }
  return section;
}

function rankingSection(title, result, titles, id, note) {
  return h("section", { class: "card", "aria-label": title, id },
    h("h2", {}, title), h("p", { class: "small muted" }, note), rankingTable(result, titles));
}

function rankingTable(result, titles) {
  return h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), h("th", { scope: "col" }, "Topic"),
      h("th", { scope: "col" }, "Score"), h("th", { scope: "col" }, "How"), h("th", { scope: "col" }, "Decision"))),
    h("tbody", {}, ...result.entries.map((e) => h("tr", { "data-entry": e.itemId },
      h("td", {}, String(e.rank)),
      h("td", {}, titles.get(e.itemId) || e.itemId),
      h("td", {}, fmtNum(Math.round(e.score * 100) / 100)),
      h("td", { class: "small" }, e.explanation || e.components.map((c) => `${c.name} ${fmtNum(Math.round(c.value * 100) / 100)}`).join(", ")),
      h("td", {}, e.selected ? h("span", { class: "badge green" }, "selected") : h("span", { class: "small muted" }, e.reason)))))));
}
