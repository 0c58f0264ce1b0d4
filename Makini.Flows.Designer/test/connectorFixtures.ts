import type { ConnectorSummary, CredentialField } from "../src/api/connectionTypes";

/** Credential fields like the shipped manifests declare them (MaintainX, UpKeep, the Demo CMMS). */
export const instanceUrl: CredentialField = {
  name: "instanceUrl",
  label: "API base URL",
  type: "url",
  required: true,
  default: "https://api.getmaintainx.com/v1",
  help: "Leave as is for MaintainX cloud.",
};
export const apiKey: CredentialField = { name: "apiKey", label: "API key", type: "text", required: true, secret: true };
export const username: CredentialField = { name: "username", label: "Username", type: "email", required: true, placeholder: "you@company.com" };
export const password: CredentialField = { name: "password", label: "Password", type: "password", required: true };
export const organizationId: CredentialField = { name: "organizationId", label: "Organization id", type: "text" };
export const timeout: CredentialField = { name: "timeout", label: "Timeout", type: "number" };

export function connector(id: string, name: string, vendor: string, category: string, description = ""): ConnectorSummary {
  return { id, name, vendor, category, description, authentication: "basic", credentials: [], entities: [] };
}
