using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.OpenApi;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Tests.OpenApi;

/// <summary>Drafts from small documents shaped like the APIs vendors publish: each authentication and paging style.</summary>
public sealed class DraftShapesTests
{
    private static ConnectorManifest Read(ManifestDraft draft)
    {
        var problems = new List<FlowProblem>();
        var manifest = ManifestReader.Read(draft.Json, problems);
        problems.ShouldBeEmpty(string.Join("\n", problems));
        return manifest.ShouldNotBeNull();
    }

    [Fact]
    public void Basic_auth_numbered_pages_in_a_data_envelope_and_updated_since()
    {
        var draft = OpenApiDrafter.Draft(
            """
            {
              "openapi": "3.0.3",
              "info": { "title": "Acme CMMS REST API", "version": "2.4" },
              "servers": [{ "url": "/api/v1" }],
              "components": {
                "securitySchemes": { "basicAuth": { "type": "http", "scheme": "basic" } },
                "parameters": {
                  "page": { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1 } },
                  "perPage": { "name": "per_page", "in": "query", "schema": { "type": "integer", "maximum": 500, "default": 50 } },
                  "since": { "name": "updated_since", "in": "query", "schema": { "type": "string", "format": "date-time" } }
                },
                "schemas": {
                  "Meta": { "type": "object", "properties": { "page": { "type": "integer" }, "last_page": { "type": "integer" }, "total": { "type": "integer" } } },
                  "WorkOrder": {
                    "type": "object",
                    "properties": {
                      "id": { "type": "integer" }, "title": { "type": "string" }, "status": { "type": "string" },
                      "asset_id": { "type": "integer" }, "site_id": { "type": "integer" }, "updated_at": { "type": "string", "format": "date-time" }
                    }
                  }
                }
              },
              "security": [{ "basicAuth": [] }],
              "paths": {
                "/work-orders": {
                  "get": {
                    "parameters": [{ "$ref": "#/components/parameters/page" }, { "$ref": "#/components/parameters/perPage" }, { "$ref": "#/components/parameters/since" }],
                    "responses": { "200": { "content": { "application/json": { "schema": {
                      "type": "object",
                      "properties": { "data": { "type": "array", "items": { "$ref": "#/components/schemas/WorkOrder" } }, "meta": { "$ref": "#/components/schemas/Meta" } }
                    } } } } }
                  }
                }
              }
            }
            """
        );
        var manifest = Read(draft);

        manifest.Id.ShouldBe("acme-cmms");
        manifest.Name.ShouldBe("Acme CMMS");
        manifest.BaseUrl.ShouldBe("{{credentials.instanceUrl}}/api/v1");
        manifest.Credentials.Single(c => c.Name == "instanceUrl").Default.ShouldBeNull();
        var basic = manifest
            .Authentication.ShouldHaveSingleItem()
            .ShouldBeOfType<BasicAuthentication>();
        basic.Username.ShouldBe("{{credentials.username}}");
        basic.Password.ShouldBe("{{credentials.password}}");
        manifest.Credentials.Single(c => c.Name == "password").IsSecret.ShouldBeTrue();

        var stream = manifest.Stream("work-orders").ShouldNotBeNull();
        stream.Records.ShouldBe("/data");
        var pages = stream.Pagination.ShouldBeOfType<PageNumberPagination>();
        (
            pages.PageParameter,
            pages.SizeParameter,
            pages.Size,
            pages.FirstPage,
            pages.LastPage
        ).ShouldBe(("page", "per_page", 50, 1, "/meta/last_page"));
        var incremental = stream.Incremental.ShouldNotBeNull();
        (incremental.Parameter, incremental.Field).ShouldBe(("updated_since", "/updated_at"));
        stream.Mapping["assetKey"]["path"]!.GetValue<string>().ShouldBe("/asset_id");
        stream.Mapping["siteKey"]["path"]!.GetValue<string>().ShouldBe("/site_id");
        manifest.Check.Request.Query["per_page"].ShouldBe("1");
        draft.Warnings.ShouldContain(w => w.Contains("not absolute"));
    }

    [Fact]
    public void An_api_key_header_offset_pages_over_a_bare_array_and_a_task_id()
    {
        var manifest = Read(
            OpenApiDrafter.Draft(
                """
                {
                  "openapi": "3.1.0",
                  "info": { "title": "Tasker", "version": "1" },
                  "servers": [{ "url": "https://api.tasker.example/v2/" }],
                  "components": { "securitySchemes": { "key": { "type": "apiKey", "in": "header", "name": "X-Api-Key" } } },
                  "paths": {
                    "/tasks": {
                      "get": {
                        "parameters": [
                          { "name": "offset", "in": "query", "schema": { "type": "integer" } },
                          { "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": 250 } },
                          { "name": "modifiedSince", "in": "query", "schema": { "type": "integer" }, "description": "epoch seconds" }
                        ],
                        "responses": { "200": { "content": { "application/json": { "schema": {
                          "type": "array",
                          "items": { "type": "object", "properties": {
                            "taskID": { "type": "integer" }, "name": { "type": "string" }, "locationID": { "type": ["integer", "null"] },
                            "lastModified": { "type": "integer" }
                          } }
                        } } } } }
                      }
                    }
                  }
                }
                """
            )
        );

        manifest
            .Credentials.Single(c => c.Name == "instanceUrl")
            .Default.ShouldBe("https://api.tasker.example/v2");
        var header = manifest
            .Authentication.ShouldHaveSingleItem()
            .ShouldBeOfType<HeaderAuthentication>();
        (header.Name, header.Value).ShouldBe(("X-Api-Key", "{{credentials.apiKey}}"));
        var stream = manifest.Stream("work-orders").ShouldNotBeNull();
        stream.Records.ShouldBe("");
        stream.PrimaryKey.ShouldBe("/taskID");
        var offset = stream.Pagination.ShouldBeOfType<OffsetPagination>();
        (offset.OffsetParameter, offset.LimitParameter, offset.Limit).ShouldBe(
            ("offset", "limit", 100)
        );
        var incremental = stream.Incremental.ShouldNotBeNull();
        (incremental.Parameter, incremental.Format).ShouldBe(("modifiedSince", "epochSeconds"));
        stream.Mapping["key"]["path"]!.GetValue<string>().ShouldBe("/taskID");
        stream.Mapping["locationKey"]["path"]!.GetValue<string>().ShouldBe("/locationID");
        stream.Mapping["title"].GetValue<string>().ShouldBe("/name");
        stream.Mapping["updatedAt"]["type"]!.GetValue<string>().ShouldBe("epochSeconds");
    }

    [Fact]
    public void OAuth2_client_credentials_next_links_and_a_me_check()
    {
        var manifest = Read(
            OpenApiDrafter.Draft(
                """
                {
                  "openapi": "3.0.0",
                  "info": { "title": "Plantwise", "version": "1" },
                  "servers": [{ "url": "https://{region}.plantwise.example/api", "variables": { "region": { "default": "eu" } } }],
                  "components": { "securitySchemes": { "oauth": { "type": "oauth2", "flows": {
                    "clientCredentials": { "tokenUrl": "https://login.plantwise.example/oauth/token", "scopes": { "read": "read all" } }
                  } } } },
                  "security": [{ "oauth": ["read"] }],
                  "paths": {
                    "/me": { "get": { "responses": { "200": { "content": { "application/json": { "schema": { "type": "object", "properties": { "id": { "type": "string" } } } } } } } } },
                    "/equipment": {
                      "get": {
                        "responses": { "200": { "content": { "application/json": { "schema": {
                          "type": "object",
                          "properties": {
                            "value": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" }, "name": { "type": "string" } } } },
                            "@odata.nextLink": { "type": "string" }
                          }
                        } } } } }
                      }
                    }
                  }
                }
                """
            )
        );

        var oauth = manifest
            .Authentication.ShouldHaveSingleItem()
            .ShouldBeOfType<OAuth2ClientCredentials>();
        oauth.TokenUrl.ShouldBe("https://login.plantwise.example/oauth/token");
        oauth.Scopes.ShouldBe(["read"]);
        manifest
            .Credentials.Select(c => c.Name)
            .ShouldBe(["instanceUrl", "clientId", "clientSecret"]);
        manifest.Credentials[0].Default.ShouldBe("https://eu.plantwise.example/api");
        var stream = manifest.Stream("assets").ShouldNotBeNull();
        stream.Records.ShouldBe("/value");
        stream.Pagination.ShouldBeOfType<NextUrlPagination>().Next.ShouldBe("/@odata.nextLink");
        stream.Mapping["key"].GetValue<string>().ShouldBe("/id");
        manifest.Check.Request.Path.ShouldBe("/me");
    }

    [Fact]
    public void A_next_page_object_with_an_href_is_followed_by_its_href()
    {
        var manifest = Read(
            OpenApiDrafter.Draft(
                """
                {
                  "openapi": "3.0.0",
                  "info": { "title": "Maximo", "version": "7.6" },
                  "servers": [{ "url": "https://maximo.example/maximo/api/os" }],
                  "components": { "securitySchemes": { "apikey": { "type": "apiKey", "in": "header", "name": "apikey" } } },
                  "paths": {
                    "/mxapiasset": { "get": { "responses": { "200": { "content": { "application/json": { "schema": {
                      "type": "object",
                      "properties": {
                        "member": { "type": "array", "items": { "type": "object", "properties": { "assetnum": { "type": "string" } } } },
                        "responseInfo": { "type": "object", "properties": { "nextPage": { "type": "object", "properties": { "href": { "type": "string" } } } } }
                      }
                    } } } } } } },
                    "/locations": { "get": { "responses": { "200": { "content": { "application/json": { "schema": {
                      "type": "object",
                      "properties": {
                        "member": { "type": "array", "items": { "type": "object", "properties": { "location": { "type": "string" } } } },
                        "responseInfo": { "type": "object", "properties": { "nextPage": { "type": "object", "properties": { "href": { "type": "string" } } } } }
                      }
                    } } } } } } }
                  }
                }
                """
            )
        );

        var stream = manifest.Streams.ShouldHaveSingleItem();
        stream.Entity.ShouldBe("locations");
        stream.Records.ShouldBe("/member");
        stream
            .Pagination.ShouldBeOfType<NextUrlPagination>()
            .Next.ShouldBe("/responseInfo/nextPage/href");
    }

    [Fact]
    public void One_stream_per_entity_the_shortest_path_named_like_it_wins()
    {
        var draft = OpenApiDrafter.Draft(
            """
            {
              "openapi": "3.0.0",
              "info": { "title": "Two lists", "version": "1" },
              "servers": [{ "url": "https://two.example" }],
              "components": { "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } } },
              "paths": {
                "/statuses/workorders": { "get": { "responses": { "200": { "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "integer" } } } } } } } } } },
                "/tasks": { "get": { "responses": { "200": { "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "integer" } } } } } } } } } },
                "/workorders": { "get": { "responses": { "200": { "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "integer" } } } } } } } } } },
                "/workorders/{id}": { "get": { "responses": { "200": { "content": { "application/json": { "schema": { "type": "object", "properties": { "id": { "type": "integer" } } } } } } } } }
              }
            }
            """
        );

        Read(draft).Streams.ShouldHaveSingleItem().Request.Path.ShouldBe("/workorders");
        draft.Skipped.ShouldBe([
            "GET /statuses/workorders: (work-orders) read already by GET /workorders",
            "GET /tasks: (work-orders) read already by GET /workorders",
        ]);
        draft.Warnings.ShouldContain(w => w.Contains("read in full on every sync"));
    }

    [Theory]
    [InlineData("""{ "swagger": "2.0", "paths": {} }""", "Swagger 2.0")]
    [InlineData("openapi: 3.0.0\npaths: {}", "YAML")]
    [InlineData(
        """{ "openapi": "3.0.0", "info": { "title": "x" }, "paths": { "/reports": { "get": { "responses": { "200": { "description": "ok" } } } } } }""",
        "GET /reports: no unified entity is called 'reports'"
    )]
    public void A_document_that_cannot_be_drafted_from_says_why(string spec, string reason)
    {
        Should
            .Throw<OpenApiDraftException>(() => OpenApiDrafter.Draft(spec))
            .Message.ShouldContain(reason);
    }

    [Fact]
    public void A_chosen_id_must_be_a_connector_id()
    {
        Should
            .Throw<OpenApiDraftException>(() =>
                OpenApiDrafter.Draft(
                    File.ReadAllText(MaintainXDraftTests.SpecPath),
                    new DraftOptions { Id = "Maintain X" }
                )
            )
            .Message.ShouldContain("not a connector id");
    }
}
