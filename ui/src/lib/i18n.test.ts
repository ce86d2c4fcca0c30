import { describe, expect, it } from "vitest";
import { LANGUAGES, translate } from "./i18n";
import { asUiError } from "./api";

describe("translations shared with Rust", () => {
  it("shows the official Journal columns in Kazakh and Russian", () => {
    expect(translate("kk", "col-organisation")).toBe("Жүгінген ұйымның атауы");
    expect(translate("ru", "col-organisation")).toBe("Наименование обратившейся организации");
    expect(translate("en", "col-bin-iin")).toBe("BIN / IIN");
  });

  it("fills in arguments without invisible isolation marks", () => {
    expect(translate("ru", "form-saved", { number: "AST1-2026-000001" })).toBe(
      "Обращение AST1-2026-000001 зарегистрировано",
    );
  });

  it("never shows a blank label for a missing message", () => {
    expect(translate("kk", "no-such-message")).toBe("no-such-message");
  });

  it("offers each language under its own name", () => {
    expect(LANGUAGES.map((l) => l.name)).toEqual(["Қазақша", "Русский", "English"]);
  });
});

describe("errors from Rust", () => {
  it("keeps a translated UiError as it is and wraps anything else", () => {
    const e = { code: "invalid", message: "БИН", fields: [{ field: "bin_iin", message: "БИН" }] };
    expect(asUiError(e)).toBe(e);
    expect(asUiError("boom")).toEqual({ code: "internal", message: "boom", fields: [] });
  });
});
