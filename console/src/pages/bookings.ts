import { get, newIdempotencyKey, post, query } from "../api";
import { Context } from "../main";
import { el, field, form, heading, money, num, pagedTable, time, utc } from "../ui";

interface Change { at: string; kind: string; clusterId: string; nodeCount: number; startsAt: string; endsAt: string; gpuHours: number; amount: number }
interface Booking {
  id: string; clusterId: string; gpuModel: string; gpuCount: number; nodeCount: number; startsAt: string; endsAt: string;
  pricePerGpuHour: number; totalPrice: number; status: string; changes: Change[];
}

/** Bookings (tenant: its own; provider: on its clusters; admin: all) with what outages changed; providers report usage here. */
export function bookingsPage(ctx: Context, open?: string): HTMLElement {
  const table = pagedTable<Booking>("Bookings", [
    { title: "Period", cell: b => `${time(b.startsAt)} → ${time(b.endsAt)}` },
    { title: "Capacity", cell: b => `${b.gpuCount} × ${b.gpuModel} (${b.nodeCount} nodes)` },
    { title: "Price", cell: b => `${money(b.pricePerGpuHour)}/GPU-h, total ${money(b.totalPrice)}` },
    { title: "Status", cell: b => el("span", { class: `status ${b.status}`, "data-booking": b.id }, b.status) },
    { title: "Changes", cell: b => b.changes.length === 0 ? "–" : el("ul", {}, ...b.changes.map(c =>
        el("li", {}, `${c.kind} ${c.gpuHours} GPU-h (${time(c.startsAt)} → ${time(c.endsAt)}), ${money(c.amount)}`))) },
    { title: "", cell: b => ctx.me.role === "provider" ? usageForm(b) : "" },
  ], cursor => get(`/v1/bookings${query({ limit: 20, cursor })}`));
  return el("section", {}, heading("Bookings"), open ? el("p", { role: "status" }, `Booking ${open}`) : null, table);
}

function usageForm(b: Booking): HTMLElement {
  const f = form(`Report usage of booking ${b.id}`, [
    field("From", "periodStart", { type: "datetime-local", step: 3600 }, b.id),
    field("To", "periodEnd", { type: "datetime-local", step: 3600 }, b.id),
    field("Delivered GPU-hours", "deliveredGpuHours", { type: "number", min: 0 }, b.id),
  ], "Report usage", async f => {
    await post(`/v1/bookings/${b.id}/usage`, {
      periodStart: utc(f, "periodStart"), periodEnd: utc(f, "periodEnd"), deliveredGpuHours: num(f, "deliveredGpuHours"),
    }, newIdempotencyKey());
    f.querySelector(".form-error")!.textContent = "Reported.";
  });
  return el("details", {}, el("summary", {}, "Report usage"), f);
}
