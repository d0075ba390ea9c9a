// "Mentoring": my mentor (the team lead by default, or one I chose),
// suggested mentors, requests to answer, meetings with notes and next
// steps, and the meetings that are overdue.
import { h, api, attempt, me, people, personName, fmtDate } from "./lib.js";

export async function renderMentoring(main) {
  await people();
  const self = me().id;
  const [mentor, suggestions, received, sent, asMentee, asMentor, overdue] = await Promise.all([
    api("GET", `/people/${encodeURIComponent(self)}/mentor`),
    api("GET", "/me/mentor-suggestions?limit=5"),
    api("GET", "/me/mentor-requests/received?status=proposed"),
    api("GET", "/me/mentor-requests/sent?status=proposed"),
    api("GET", "/me/relations?as=mentee&status=active"),
    api("GET", "/me/relations?as=mentor&status=active"),
    api("GET", "/me/overdue-meetings"),
  ]);
  const rerender = () => renderMentoring(main);
  main.replaceChildren(
    h("h1", {}, "Mentoring"),
    myMentor(mentor, rerender),
    overdueSection(overdue.items),
    requestsReceived(received.items, rerender),
    requestsSent(sent.items, rerender),
    suggestionsSection(suggestions.items, sent.items, rerender),
    await relationsSection("My mentoring", asMentee.items, "mentee", rerender),
    await relationsSection("People I mentor", asMentor.items, "mentor", rerender),
  );
}

function myMentor(m, rerender) {
  const card = h("section", { class: "card", "aria-label": "My mentor", id: "my-mentor" }, h("h2", {}, "My mentor"));
  if (!m.mentor) {
    card.append(h("p", {}, "You have no mentor yet: choose one below."));
    return card;
  }
  card.append(h("p", {},
    h("strong", { "data-mentor": m.mentor }, personName(m.mentor)), " ",
    m.default
      ? h("span", { class: "badge" }, "your team lead, by default")
      : h("span", { class: "badge green" }, `chosen, since ${fmtDate(m.since)}`)));
  if (m.default && !m.relationId) {
    card.append(h("button", {
      type: "button", class: "secondary", onclick: async () => {
        if (await attempt(() => api("POST", `/people/${encodeURIComponent(me().id)}/default-relation`), "Meeting log opened.")) rerender();
      },
    }, "Open a meeting log with my team lead"));
  }
  card.append(h("p", { class: "small muted" }, "You may choose another mentor at any moment; they accept or decline."));
  return card;
}

function overdueSection(items) {
  if (!items.length) return h("div");
  return h("section", { class: "card", "aria-label": "Overdue meetings" },
    h("h2", {}, "Meetings overdue"),
    h("ul", { class: "plain" }, ...items.map((d) => {
      const other = d.relation.mentee === me().id ? d.relation.mentor : d.relation.mentee;
      return h("li", {}, h("span", { class: "badge off_track" }, "overdue"), ` with ${personName(other)}, due ${fmtDate(d.due)}`);
    })));
}

function requestsReceived(items, rerender) {
  if (!items.length) return h("div");
  return h("section", { class: "card", "aria-label": "Requests to answer", id: "requests-received" },
    h("h2", {}, "Asked to mentor"),
    ...items.map((r) => {
      const msg = h("input", { id: `answer-${r.id}`, type: "text", maxlength: 2000, placeholder: "optional" });
      return h("div", { class: "kr", "data-request": r.id },
        h("p", {}, h("strong", {}, personName(r.mentee)), r.message ? `: “${r.message}”` : "",
          h("span", { class: "small muted" }, ` — expires ${fmtDate(r.expiresAt)}`)),
        h("div", { class: "row" },
          h("label", { for: `answer-${r.id}` }, "Your answer", msg),
          h("button", {
            type: "button", onclick: async () => {
              if (await attempt(() => api("POST", `/relations/${r.id}/accept`, { message: msg.value }, r.version),
                `You now mentor ${personName(r.mentee)}.`)) rerender();
            },
            "aria-label": `Accept ${personName(r.mentee)}'s request`,
          }, "Accept"),
          h("button", {
            type: "button", class: "secondary", "aria-label": `Decline ${personName(r.mentee)}'s request`, onclick: async () => {
              if (await attempt(() => api("POST", `/relations/${r.id}/decline`, { message: msg.value }, r.version), "Declined.")) rerender();
            },
          }, "Decline")));
    }));
}

function requestsSent(items, rerender) {
  if (!items.length) return h("div");
  return h("section", { class: "card", "aria-label": "My open requests", id: "requests-sent" },
    h("h2", {}, "Waiting for an answer"),
    ...items.map((r) => h("div", { class: "row", "data-request": r.id },
      h("span", {}, `Asked ${personName(r.mentor)} on ${fmtDate(r.requestedAt)}; expires ${fmtDate(r.expiresAt)}.`),
      h("button", {
        type: "button", class: "secondary", "aria-label": `Withdraw the request to ${personName(r.mentor)}`, onclick: async () => {
          if (await attempt(() => api("POST", `/relations/${r.id}/withdraw`, undefined, r.version), "Request withdrawn.")) rerender();
        },
      }, "Withdraw"))));
}

function suggestionsSection(items, sent, rerender) {
  const asked = new Set(sent.map((r) => r.mentor));
  return h("section", { class: "card", "aria-label": "Suggested mentors", id: "mentor-suggestions" },
    h("h2", {}, "Suggested mentors"),
    h("p", { class: "small muted" }, "Ranked by the topics of your goals they know, and the seats they have left."),
    items.length ? h("ul", { class: "plain" }, ...items.map((c) => {
      const msg = h("input", { id: `ask-${c.mentor}`, type: "text", maxlength: 2000, placeholder: "why them?" });
      return h("li", { class: "kr", "data-candidate": c.mentor },
        h("div", {}, h("strong", {}, personName(c.mentor)), " ", h("span", { class: "small muted" }, c.explanation)),
        asked.has(c.mentor) ? h("span", { class: "badge" }, "asked") : h("div", { class: "row" },
          h("label", { for: `ask-${c.mentor}` }, "Message", msg),
          h("button", {
            type: "button", onclick: async () => {
              if (await attempt(() => api("POST", "/mentor-requests", { mentor: c.mentor, message: msg.value }),
                `Asked ${personName(c.mentor)} to mentor you.`)) rerender();
            },
          }, `Ask ${personName(c.mentor)}`)));
    })) : h("p", { class: "muted" }, "Nobody with free seats matches your topics right now."));
}

async function relationsSection(title, relations, role, rerender) {
  const section = h("section", { class: "card", "aria-label": title }, h("h2", {}, title));
  if (!relations.length) {
    section.append(h("p", { class: "muted" }, role === "mentor" ? "Nobody has chosen you as mentor yet." : "No meeting log yet."));
    return section;
  }
  for (const r of relations) {
    const other = role === "mentee" ? r.mentor : r.mentee;
    // Meetings come oldest first; show the latest five, newest first.
    const meetings = await api("GET", `/relations/${r.id}/meetings?limit=500`);
    const block = h("div", { class: "kr", "data-relation": r.id },
      h("div", { class: "row spread" },
        h("h3", {}, role === "mentee" ? `With ${personName(other)}` : personName(other)),
        h("span", { class: "small muted" },
          `${r.kind === "default" ? "team lead" : "chosen"} · meets every ${r.cadenceDays} days · ${r.meetings} meetings`,
          r.lastMeetingAt ? ` · last ${fmtDate(r.lastMeetingAt)}` : "")),
      role === "mentor" ? h("p", {}, h("a", { href: `#/board/${encodeURIComponent(other)}` }, `${personName(other)}'s board`)) : null);
    for (const m of meetings.items.slice(-5).reverse()) block.append(meetingView(m, rerender));
    block.append(recordMeetingForm(r, rerender));
    section.append(block);
  }
  return section;
}

function meetingView(m, rerender) {
  return h("details", { class: "card", "data-meeting": m.id },
    h("summary", {}, `${fmtDate(m.at)} — ${m.notes ? m.notes.slice(0, 80) : "meeting"}`),
    m.notes ? h("p", {}, h("strong", {}, "Notes: "), m.notes) : null,
    m.progress && m.progress.text ? h("p", {}, h("strong", {}, "Progress: "), m.progress.text) : null,
    m.feedback ? h("p", {}, h("strong", {}, "Feedback: "), m.feedback) : null,
    m.ideas ? h("p", {}, h("strong", {}, "Ideas: "), m.ideas) : null,
    m.nextSteps.length ? h("div", {}, h("strong", {}, "Next steps"),
      h("ul", { class: "plain" }, ...m.nextSteps.map((s) => {
        const box = h("input", { type: "checkbox", id: `step-${s.id}`, checked: s.done });
        box.addEventListener("change", async () => {
          if (await attempt(() => api("PATCH", `/mentor-meetings/${m.id}/next-steps/${s.id}`, { done: box.checked }, m.version),
            box.checked ? "Step done." : "Step reopened.")) rerender();
          else box.checked = !box.checked;
        });
        return h("li", {}, box, " ", h("label", { for: `step-${s.id}`, style: "display:inline" },
          `${s.text} (${personName(s.owner)}${s.due ? ", due " + fmtDate(s.due) : ""})`));
      }))) : null);
}

function recordMeetingForm(r, rerender) {
  const id = `meet-${r.id}`;
  const today = new Date().toISOString().slice(0, 10);
  const date = h("input", { id: `${id}-date`, type: "date", required: true, value: today, max: today });
  const notes = h("textarea", { id: `${id}-notes`, rows: 2, maxlength: 10000 });
  const step = h("input", { id: `${id}-step`, type: "text", maxlength: 500, placeholder: "optional" });
  return h("details", {}, h("summary", {}, "Record a meeting"),
    h("form", {
      class: "inline", onsubmit: async (e) => {
        e.preventDefault();
        const at = new Date(`${date.value}T12:00:00Z`);
        const now = new Date();
        const body = {
          at: (at > now ? now : at).toISOString(), durationMinutes: 30, notes: notes.value,
          nextSteps: step.value ? [{ text: step.value }] : [],
        };
        if (await attempt(() => api("POST", `/relations/${r.id}/meetings`, body), "Meeting recorded.")) rerender();
      },
    },
    h("label", { for: `${id}-date` }, "Date", date),
    h("label", { for: `${id}-notes` }, "Notes", notes),
    h("label", { for: `${id}-step` }, "Next step (for the mentee)", step),
    h("button", { type: "submit" }, "Record")));
}
