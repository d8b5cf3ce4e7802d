import { get, query } from "../api";
import { Context } from "../main";
import { el, heading, time } from "../ui";

interface Event { id: string; type: string; at: string; data: Record<string, unknown> }

/** The organization's events, oldest first (GET /v1/events): "Newer" fetches from the cursor on. */
export function eventsPage(_: Context): HTMLElement {
  const list = el("ol", { class: "events", "aria-label": "Events" });
  const status = el("p", { class: "muted", role: "status" });
  const newer = el("button", { type: "button" }, "Newer events");
  let cursor: string | null = null;
  const load = async () => {
    newer.disabled = true;
    try {
      const page = await get<{ items: Event[]; nextCursor: string | null }>(`/v1/events${query({ after: cursor, limit: 100 })}`);
      for (const e of page.items) list.append(el("li", { "data-type": e.type }, el("strong", {}, e.type), ` ${time(e.at)} `, el("code", {}, summary(e))));
      cursor = page.nextCursor ?? cursor;
      status.textContent = list.children.length === 0 ? "No events yet." : `${list.children.length} event(s).`;
    } finally { newer.disabled = false; }
  };
  newer.addEventListener("click", () => void load());
  void load();
  return el("section", {}, heading("Events"), status, list, newer);
}

function summary(e: Event): string {
  const d = e.data as Record<string, unknown> & { booking?: { id?: string } };
  return String(d.bookingId ?? d.booking?.id ?? d.id ?? d.bidId ?? "");
}
