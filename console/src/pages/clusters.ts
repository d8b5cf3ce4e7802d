import { del, get, newIdempotencyKey, post, query } from "../api";
import { gpuModels } from "../catalog";
import { Context } from "../main";
import { el, field, form, heading, localHour, money, num, pagedTable, select, time, utc, value } from "../ui";

export interface Cluster {
  id: string; name: string; region: string; gpuModel: string; gpusPerNode: number; nodeCount: number;
  interconnect: { kind: string; gbpsPerNode: number }; askPricePerGpuHour: number; availableFrom: string; availableUntil: string; status: string;
}

/** The provider's clusters: list one, open its calendar, delist it. */
export function clustersPage(ctx: Context): HTMLElement {
  const table = pagedTable<Cluster>("My clusters", [
    { title: "Name", cell: c => el("a", { href: `#/cluster/${c.id}` }, c.name) },
    { title: "Capacity", cell: c => `${c.nodeCount} × ${c.gpusPerNode} ${c.gpuModel}, ${c.interconnect.kind} ${c.interconnect.gbpsPerNode} Gbit/s` },
    { title: "Region", cell: c => c.region },
    { title: "Ask", cell: c => `${money(c.askPricePerGpuHour)}/GPU-h` },
    { title: "Available", cell: c => `${time(c.availableFrom)} → ${time(c.availableUntil)}` },
    { title: "Status", cell: c => c.status },
    { title: "", cell: c => c.status !== "active" ? "" : delist(ctx, c) },
  ], cursor => get(`/v1/clusters${query({ limit: 20, cursor })}`));

  const create = form("List a cluster", [
    field("Name", "name", { required: true }),
    field("Region", "region", { value: "us-east-1" }),
    select("GPU model", "gpuModel", gpuModels, "H100-SXM-80GB"),
    field("GPUs per node", "gpusPerNode", { type: "number", min: 1, max: 16, value: 8 }),
    field("Nodes", "nodeCount", { type: "number", min: 1, value: 4 }),
    select("Interconnect", "interconnect.kind", ["infiniband", "roce", "ethernet"], "infiniband"),
    field("Gbit/s per node", "interconnect.gbpsPerNode", { type: "number", min: 1, value: 3200 }),
    field("Ask $ per GPU-hour", "askPricePerGpuHour", { type: "number", step: "0.01", value: 2.1 }),
    field("Available from", "availableFrom", { type: "datetime-local", step: 3600, value: localHour(0) }),
    field("Available until", "availableUntil", { type: "datetime-local", step: 3600, value: localHour(24 * 30) }),
  ], "List cluster", async f => {
    const cluster = await post<Cluster>("/v1/clusters", {
      name: value(f, "name"), region: value(f, "region"), gpuModel: value(f, "gpuModel"), gpusPerNode: num(f, "gpusPerNode"),
      nodeCount: num(f, "nodeCount"), interconnect: { kind: value(f, "interconnect.kind"), gbpsPerNode: num(f, "interconnect.gbpsPerNode") },
      askPricePerGpuHour: num(f, "askPricePerGpuHour"), availableFrom: utc(f, "availableFrom"), availableUntil: utc(f, "availableUntil"),
    }, newIdempotencyKey());
    ctx.go(`#/cluster/${cluster.id}`);
  });
  return el("section", {}, heading("My clusters"), table, el("details", {}, el("summary", {}, "List a cluster"), create));
}

function delist(ctx: Context, c: Cluster): HTMLElement {
  const button = el("button", { type: "button", class: "link" }, "Delist");
  button.addEventListener("click", async () => {
    if (!confirm(`Delist ${c.name}? Existing bookings stand; no new ones are made.`)) return;
    await del(`/v1/clusters/${c.id}`);
    ctx.go("#/clusters");
  });
  return button;
}
