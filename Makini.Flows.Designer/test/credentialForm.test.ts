import { describe, expect, it } from "vitest";
import {
  autoCompleteOf,
  credentialProblems,
  credentialsToSend,
  fieldProblem,
  initialValues,
  inputTypeOf,
  MASKED,
} from "../src/model/credentialForm";
import { metadataRecord, metadataRows } from "../src/model/metadata";
import { apiKey, instanceUrl, organizationId, password, timeout, username } from "./connectorFixtures";

describe("the connect form generated from credential fields", () => {
  it("gives each field type its input type, and masks secrets until they are shown", () => {
    expect(inputTypeOf(instanceUrl)).toBe("url");
    expect(inputTypeOf(username)).toBe("email");
    expect(inputTypeOf(timeout)).toBe("number");
    expect(inputTypeOf(organizationId)).toBe("text");
    expect(inputTypeOf(password)).toBe("password");
    expect(inputTypeOf(password, true)).toBe("text");
    // A text field marked secret (an API key) is masked like a password.
    expect(inputTypeOf(apiKey)).toBe("password");
    expect(inputTypeOf(apiKey, true)).toBe("text");
  });

  it("lets password managers fill sign-in fields but not API keys", () => {
    expect(autoCompleteOf(username)).toBe("username");
    expect(autoCompleteOf(password)).toBe("new-password");
    expect(autoCompleteOf(apiKey)).toBe("off");
  });

  it("opens a new form with the defaults filled in", () => {
    expect(initialValues([instanceUrl, apiKey, organizationId])).toEqual({
      instanceUrl: "https://api.getmaintainx.com/v1",
      apiKey: "",
      organizationId: "",
    });
  });

  it("opens the update form with the stored non-secret values and empty secrets", () => {
    const stored = { instanceUrl: "https://eu.example.com/v1", apiKey: MASKED, username: "ops@acme.io", password: MASKED };
    expect(initialValues([instanceUrl, apiKey, username, password, organizationId], "update", stored)).toEqual({
      instanceUrl: "https://eu.example.com/v1",
      apiKey: "",
      username: "ops@acme.io",
      password: "",
      organizationId: "",
    });
  });

  it("finds missing required fields, but not ones the server fills with their default", () => {
    const values = { instanceUrl: "", apiKey: "", username: "  ", password: "", organizationId: "" };
    expect(credentialProblems([instanceUrl, apiKey, username, password, organizationId], values)).toEqual({
      apiKey: "API key is required.",
      username: "Username is required.",
      password: "Password is required.",
    });
  });

  it("keeps stored secrets left empty when credentials are replaced, but not emptied required fields", () => {
    expect(fieldProblem(password, "", "update")).toBeNull();
    expect(fieldProblem(username, "", "update")).toBe("Username is required.");
  });

  it("checks URLs, numbers and email addresses", () => {
    expect(fieldProblem(instanceUrl, "api.example.com")).toBe("API base URL must be an absolute http:// or https:// URL.");
    expect(fieldProblem(instanceUrl, "ftp://example.com")).toBe("API base URL must be an absolute http:// or https:// URL.");
    expect(fieldProblem(instanceUrl, "http://demo-cmms.internal/api/v1")).toBeNull();
    expect(fieldProblem(timeout, "ten")).toBe("Timeout must be a number.");
    expect(fieldProblem(timeout, "10")).toBeNull();
    expect(fieldProblem(username, "demo")).toBe("Username must be an email address.");
    expect(fieldProblem(username, "demo@makini.io")).toBeNull();
  });

  it("sends the filled fields only, trimmed except secrets", () => {
    const values = { instanceUrl: "", username: " demo@makini.io ", password: " makini-demo ", organizationId: "" };
    expect(credentialsToSend([instanceUrl, username, password, organizationId], values)).toEqual({
      username: "demo@makini.io",
      password: " makini-demo ",
    });
  });

  it("replaces credentials with every non-secret field, an emptied one cleared, and only the secrets typed again", () => {
    const fields = [instanceUrl, username, password, apiKey, organizationId];
    const values = { instanceUrl: "https://eu.example.com/v1 ", username: "ops@acme.io", password: "", apiKey: "new-key", organizationId: "" };
    expect(credentialsToSend(fields, values, "update")).toEqual({
      instanceUrl: "https://eu.example.com/v1",
      username: "ops@acme.io",
      apiKey: "new-key",
      organizationId: "",
    });
  });
});

describe("connection metadata", () => {
  it("round-trips rows and ignores empty ones", () => {
    const rows = metadataRows({ customer: "Acme", region: "EU" });
    expect(rows).toEqual([
      { key: "customer", value: "Acme" },
      { key: "region", value: "EU" },
    ]);
    expect(metadataRecord([...rows, { key: "", value: "" }, { key: " site ", value: "Plant 2" }])).toEqual({
      metadata: { customer: "Acme", region: "EU", site: "Plant 2" },
    });
  });

  it("refuses a value without a key and a key used twice", () => {
    expect(metadataRecord([{ key: "", value: "Acme" }])).toEqual({ problem: "The value 'Acme' needs a key." });
    expect(metadataRecord([{ key: "a", value: "1" }, { key: "a ", value: "2" }])).toEqual({ problem: "The key 'a' is used twice." });
  });
});
