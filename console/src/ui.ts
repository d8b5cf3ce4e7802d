// DOM helpers: elements, forms whose problem+json errors show next to the field they name, times in the browser's
// zone (sent in UTC), and lists paged with the API's cursors. No HTML strings: text always goes in as text.
import { ApiError, Page } from "./api";

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === "class") node.className = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

export function heading(text: string, level: 1 | 2 = 1) { return el(level === 1 ? "h1" : "h2", {}, text); }

/** A labelled input; its error list (aria-describedby) is filled when the API names the field. */
export function field(label: string, name: string, attrs: Attrs = {}, scope = ""): HTMLElement {
  const id = `f-${scope}${name.replace(/[^a-z0-9]/gi, "-")}`;
  const input = attrs.type === "select"
    ? el("select", { id, name, "aria-describedby": `${id}-error` })
    : el("input", { id, name, "aria-describedby": `${id}-error`, ...attrs });
  return el("div", { class: "field" }, el("label", { for: id }, label), input,
    el("div", { class: "field-error", id: `${id}-error`, "data-field": name, role: "alert" }));
}

export function select(label: string, name: string, options: string[], value?: string, scope = ""): HTMLElement {
  const wrapper = field(label, name, { type: "select" }, scope);
  const s = wrapper.querySelector("select")!;
  for (const o of options) s.append(el("option", { value: o, selected: o === value }, o));
  return wrapper;
}

export function value(form: HTMLFormElement, name: string): string {
  const input = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  return input?.value.trim() ?? "";
}

export function num(form: HTMLFormElement, name: string): number | undefined {
  const v = value(form, name);
  return v === "" ? undefined : Number(v);
}

/** A datetime-local value (the browser's zone) as ISO-8601 UTC, or undefined. */
export function utc(form: HTMLFormElement, name: string): string | undefined {
  const v = value(form, name);
  return v ? new Date(v).toISOString().replace(".000Z", "Z") : undefined;
}

/** The next whole UTC hour plus some hours, as a datetime-local value in the browser's zone (the API wants UTC hours). */
export function localHour(hoursAhead: number): string {
  const d = new Date();
  d.setUTCMinutes(0, 0, 0);
  d.setUTCHours(d.getUTCHours() + 1 + hoursAhead);
  return toLocalInput(d);
}

/** A moment as a datetime-local value in the browser's zone. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function time(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "–";
}

export function money(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? "–" : `$${amount.toLocaleString(undefined, { maximumFractionDigits: 4 })}`;
}

/** Clears earlier errors, then shows the problem: field errors next to their fields, the rest in the form's banner. */
export function showProblem(form: HTMLElement, error: unknown) {
  for (const e of form.querySelectorAll<HTMLElement>(".field-error")) e.textContent = "";
  const banner = form.querySelector<HTMLElement>(".form-error")!;
  banner.textContent = "";
  if (!(error instanceof ApiError)) { banner.textContent = String(error); return; }
  let unplaced: string[] = [];
  for (const [name, messages] of Object.entries(error.errors)) {
    const slot = form.querySelector<HTMLElement>(`.field-error[data-field="${CSS.escape(name)}"]`);
    if (slot) slot.textContent = `${name} ${messages.join("; ")}`;
    else unplaced = unplaced.concat(messages.map(m => `${name} ${m}`));
  }
  banner.textContent = [error.title, error.detail, ...unplaced].filter(Boolean).join(" — ");
}

export function clearProblem(form: HTMLElement) {
  for (const e of form.querySelectorAll<HTMLElement>(".field-error, .form-error")) e.textContent = "";
}

/** A form with a submit button and an error banner; onSubmit errors are shown, not thrown. */
export function form(label: string, fields: Node[], submit: string, onSubmit: (f: HTMLFormElement) => Promise<void>): HTMLFormElement {
  const f = el("form", { "aria-label": label, novalidate: true }, ...fields,
    el("div", { class: "form-error", role: "alert" }), el("button", { type: "submit" }, submit));
  f.addEventListener("submit", async e => {
    e.preventDefault();
    clearProblem(f);
    const button = f.querySelector("button[type=submit]") as HTMLButtonElement;
    button.disabled = true;
    try { await onSubmit(f); } catch (error) { showProblem(f, error); } finally { button.disabled = false; }
  });
  return f;
}

export interface Column<T> { title: string; cell: (row: T) => Node | string }

/** A table paged with the API's cursor: "More" fetches the next page until nextCursor is null. */
export function pagedTable<T>(caption: string, columns: Column<T>[], load: (cursor: string | null) => Promise<Page<T>>): HTMLElement {
  const body = el("tbody");
  const more = el("button", { type: "button", class: "more" }, "More");
  const status = el("p", { class: "muted", role: "status" });
  const table = el("table", {}, el("caption", {}, caption),
    el("thead", {}, el("tr", {}, ...columns.map(c => el("th", { scope: "col" }, c.title)))), body);
  let cursor: string | null = null;
  const next = async () => {
    more.disabled = true;
    try {
      const page = await load(cursor);
      for (const row of page.items) body.append(el("tr", {}, ...columns.map(c => el("td", { "data-title": c.title }, c.cell(row)))));
      cursor = page.nextCursor;
      more.hidden = cursor === null;
      status.textContent = body.children.length === 0 ? "Nothing yet." : "";
    } catch (error) {
      status.textContent = error instanceof ApiError ? `${error.title}: ${error.detail ?? ""}` : String(error);
    } finally { more.disabled = false; }
  };
  more.addEventListener("click", next);
  void next();
  return el("div", { class: "table-wrap" }, table, status, more);
}
