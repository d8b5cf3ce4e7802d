import { session } from "../api";
import { el, field, form, heading } from "../ui";

/** Sign-in with an API key: checked against /v1/me, then kept in sessionStorage until the tab closes or sign-out. */
export function loginPage(signedIn: () => Promise<void>): HTMLElement {
  const f = form("Sign in", [field("API key", "apiKey", { type: "password", autocomplete: "off", required: true })], "Sign in", async f => {
    session.set((f.elements.namedItem("apiKey") as HTMLInputElement).value.trim());
    try { await signedIn(); }
    catch (error) { session.clear(); throw error; }
  });
  return el("section", { class: "narrow" }, heading("Sign in"),
    el("p", {}, "Paste the API key your organization was given. It is kept only while this tab is open."), f);
}
