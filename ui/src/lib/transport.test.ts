import { describe, expect, it } from "vitest";
import { ApiFailure, changeOf, failureOf, requestBody, runsInBrowser } from "./transport";
import { formError } from "./formError";
import { errorText } from "./backend";

describe("requestBody", () => {
  it("sends a command's one structure as the operation's request", () => {
    const payment = { member: 3, plan: 1, amount: "20", gift: "", date: "", method: "cash" };
    expect(requestBody({ payment })).toEqual(payment);
  });
  it("sends plain arguments as the request's fields", () => {
    expect(requestBody({ entry: 12, reason: "doublon" })).toEqual({ entry: 12, reason: "doublon" });
    expect(requestBody({ member: null })).toEqual({ member: null });
    expect(requestBody({ text: "hél" })).toEqual({ text: "hél" });
  });
  it("keeps a lone list or value as a field", () => {
    expect(requestBody({ accept: ["alice"] })).toEqual({ accept: ["alice"] });
  });
  it("sends no body without arguments", () => {
    expect(requestBody(undefined)).toBeNull();
    expect(requestBody({})).toBeNull();
  });
});

describe("failureOf", () => {
  it("keeps the server's field and sentence, as the forms show them", () => {
    const failure = failureOf(
      422,
      { error: "invalid", field: "amount", message: "montant « 12,5O » illisible" },
      "HTTP 422",
    );
    expect(failure).toBeInstanceOf(ApiFailure);
    expect([failure.status, failure.kind]).toEqual([422, "invalid"]);
    expect(formError(failure)).toEqual({ field: "amount", message: "montant « 12,5O » illisible" });
    expect(errorText(failure)).toBe("montant « 12,5O » illisible");
  });
  it("makes a conflict an error of the whole form when it names no field", () => {
    const failure = failureOf(409, { error: "conflict", field: null, message: "modifié depuis" }, "x");
    expect(failure.status).toBe(409);
    expect(formError(failure)).toEqual({ field: null, message: "modifié depuis" });
  });
  it("falls back to its own sentence when the body is not the API's error", () => {
    const failure = failureOf(502, "<html>Bad Gateway</html>", "HTTP 502");
    expect(formError(failure)).toEqual({ field: null, message: "HTTP 502" });
  });
});

describe("runsInBrowser", () => {
  it("tells the Tauri window by the internals Tauri injects", () => {
    expect(runsInBrowser({ __TAURI_INTERNALS__: {} })).toBe(false);
    expect(runsInBrowser({})).toBe(true);
    expect(runsInBrowser(undefined)).toBe(false);
  });
});

describe("changeOf", () => {
  it("reads a change event's data and refuses anything else", () => {
    expect(changeOf('{"op":"money_record_payment","area":"money","mine":false}')).toEqual({
      op: "money_record_payment",
      area: "money",
      mine: false,
    });
    expect(changeOf('{"op":null,"area":null,"mine":false}')).toEqual({ op: null, area: null, mine: false });
    expect(changeOf("not json")).toBeNull();
    expect(changeOf('{"op":"x"}')).toBeNull();
  });
});
