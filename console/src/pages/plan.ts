import { newIdempotencyKey, post } from "../api";
import { gpuModels } from "../catalog";
import { Context } from "../main";
import { el, field, form, heading, money, num, select, time, value } from "../ui";

interface Option {
  gpuModel: string; gpuCount: number; durationHours: number; pricePerGpuHour: number; priceSource: string; totalPrice: number;
  startsAt: string | null; meetsDeadline: boolean | null; meetsBudget: boolean | null; bid: Record<string, unknown>;
}
interface Plan { totalFlops: number; options: Option[] }

/** The training-run planner (POST /v1/plans); each option's bid is placed with one click. The seed's 70B run is one click away. */
export function planPage(ctx: Context): HTMLElement {
  const results = el("div", { role: "status", "aria-live": "polite" });
  const f = form("Plan a training run", [
    field("Model parameters", "modelParameters", { type: "number", min: 1 }),
    field("Training tokens", "trainingTokens", { type: "number", min: 1 }),
    select("GPU model", "gpuModel", ["", ...gpuModels], ""),
    field("GPUs (optional)", "gpuCount", { type: "number", min: 1 }),
    field("MFU (0.05–1, optional)", "mfu", { type: "number", step: "0.01" }),
  ], "Plan", async f => {
    const plan = await post<Plan>("/v1/plans", {
      modelParameters: num(f, "modelParameters"), trainingTokens: num(f, "trainingTokens"),
      gpuModel: value(f, "gpuModel") || undefined, gpuCount: num(f, "gpuCount"), mfu: num(f, "mfu"),
    });
    results.replaceChildren(el("p", {}, `${plan.totalFlops.toExponential(2)} FLOPs; ${plan.options.length} option(s), cheapest first.`),
      el("ol", { class: "options" }, ...plan.options.slice(0, 10).map(o => option(ctx, o))));
  });
  const seed = el("button", { type: "button", class: "secondary" }, "Example: 70B on 2T tokens, 1,000 H100, MFU 0.23");
  seed.addEventListener("click", () => {
    const set = (n: string, v: string) => { (f.elements.namedItem(n) as HTMLInputElement).value = v; };
    set("modelParameters", "70000000000"); set("trainingTokens", "2000000000000"); set("gpuModel", "H100-SXM-80GB");
    set("gpuCount", "1000"); set("mfu", "0.23");
    f.requestSubmit();
  });
  return el("section", {}, heading("Plan a training run"), seed, f, results);
}

function option(ctx: Context, o: Option): HTMLElement {
  const place = el("button", { type: "button" }, "Place this bid");
  place.addEventListener("click", async () => {
    place.disabled = true;
    try { const bid = await post<{ id: string }>("/v1/bids", o.bid, newIdempotencyKey()); ctx.go(`#/bids/${bid.id}`); }
    catch (error) { place.after(el("span", { class: "form-error", role: "alert" }, String(error))); place.disabled = false; }
  });
  return el("li", {}, `${o.gpuCount} × ${o.gpuModel}: ${o.durationHours} h, ${money(o.pricePerGpuHour)}/GPU-h (${o.priceSource}), total ${money(o.totalPrice)}`
    + (o.startsAt ? `, from ${time(o.startsAt)}` : ""), " ", place);
}
