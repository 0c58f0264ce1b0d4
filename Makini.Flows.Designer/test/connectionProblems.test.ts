import { describe, expect, it } from "vitest";
import { ProblemError } from "../src/api/problem";
import type { FlowProblem } from "../src/api/types";
import { checkFailureOf, formErrorsOf, hasErrors, saveFailureOf } from "../src/model/connectionProblems";

const problem = (pointer: string, message: string) => ({ pointer, message }) as FlowProblem;

async function answer(status: number, body: unknown): Promise<ProblemError> {
  return ProblemError.fromResponse(new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/problem+json" } }));
}

describe("a 400 answer placed under the form's fields", () => {
  it("puts each message under the field its pointer names", () => {
    const error = new ProblemError(400, "Invalid connection", undefined, undefined, [
      problem("/credentials/apiKey", "API key is required."),
      problem("/credentials/instanceUrl", "Must be an absolute http(s) URL."),
      problem("/credentials/instanceUrl", "The host is not allowed."),
      problem("/name", "A connection named 'Plant' exists."),
      problem("/metadata/region", "Values are at most 500 characters."),
    ]);
    expect(formErrorsOf(error, ["apiKey", "instanceUrl"])).toEqual({
      name: "A connection named 'Plant' exists.",
      credentials: { apiKey: "API key is required.", instanceUrl: "Must be an absolute http(s) URL. The host is not allowed." },
      metadata: "Values are at most 500 characters.",
      other: [],
    });
  });

  it("keeps messages for things the form does not show, with their pointer", () => {
    const error = new ProblemError(400, "Invalid connection", undefined, undefined, [
      problem("/credentials/tenant", "Unknown field."),
      problem("/connector", "There is no connector 'nope'."),
    ]);
    const errors = formErrorsOf(error, ["apiKey"]);
    expect(errors.credentials).toEqual({});
    expect(errors.other).toEqual(["Unknown field. (at /credentials/tenant)", "There is no connector 'nope'. (at /connector)"]);
    expect(hasErrors(errors)).toBe(true);
  });

  it("reads a single pointer with a detail, and unescapes pointers", async () => {
    const error = await answer(400, { title: "Bad request", detail: "Not a URL.", pointer: "/credentials/base~1url" });
    expect(formErrorsOf(error, ["base/url"]).credentials).toEqual({ "base/url": "Not a URL." });
  });

  it("shows a 400 without pointers as it is", async () => {
    const error = await answer(400, { title: "Bad request", detail: "The body is not JSON." });
    expect(formErrorsOf(error, []).other).toEqual(["Bad request: The body is not JSON."]);
  });
});

describe("a refused connection check (422) in words", () => {
  it("translates the source's error code and keeps its answer", async () => {
    const error = await answer(422, {
      title: "The connection check failed",
      code: "AUTHENTICATION_FAILED",
      detail: "Invalid username or password.",
      sourceStatus: 401,
    });
    expect(checkFailureOf(error)).toEqual({
      title: "The system refused these credentials",
      detail: "Invalid username or password.",
      sourceStatus: 401,
    });
  });

  it.each([
    ["CONNECTION_FAILED", "Could not reach the system"],
    ["RATE_LIMIT_EXCEEDED", "The system is refusing requests for now (too many requests)"],
    ["INVALID_RESPONSE", "The system answered with something that is not what it should send"],
    ["SOMETHING_NEW", "The connection check failed (SOMETHING_NEW)"],
  ])("%s", async (code, title) => {
    expect(checkFailureOf(await answer(422, { title: "Unprocessable", code })).title).toBe(title);
  });

  it("tells field problems, check failures and other errors apart", async () => {
    expect(saveFailureOf(await answer(400, { errors: [{ pointer: "/name", message: "Required." }] }), []).kind).toBe("fields");
    expect(saveFailureOf(await answer(422, { code: "CONNECTION_FAILED" }), []).kind).toBe("check");
    expect(saveFailureOf(await answer(500, { title: "Server error" }), [])).toEqual({ kind: "other", message: "Server error" });
  });
});
