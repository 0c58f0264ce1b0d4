using System.Net;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Records;

/// <summary>The records API's query syntax, paging and answers, as Makini's EAM API documents them.</summary>
public abstract class RecordsApiTests(RecordsApiFixture fixture)
{
    private const string Base = "http://localhost/api/eam";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_lists_the_live_records_of_its_connection_in_Makinis_envelope()
    {
        var page = await ListAsync("work-orders");

        Keys(page).ShouldBe(["WO-001", "WO-002", "WO-003", "WO-004", "WO-005", "WO-006"]);
        page["links"]!
            .ToJsonString()
            .ShouldBe(
                new JsonObject
                {
                    ["first"] = $"{Base}/work-orders?page=1",
                    ["last"] = $"{Base}/work-orders?page=1",
                    ["prev"] = null,
                    ["next"] = null,
                }.ToJsonString()
            );
        page["meta"]!
            .ToJsonString()
            .ShouldBe(
                Meta(
                    currentPage: 1,
                    from: 1,
                    lastPage: 1,
                    perPage: 25,
                    to: 6,
                    total: 6,
                    path: $"{Base}/work-orders"
                )
            );
        var first = page["data"]![0]!.AsObject();
        first
            .Select(f => f.Key)
            .ShouldBe([
                "key",
                "siteKey",
                "title",
                "status",
                "statusKey",
                "severity",
                "dueAt",
                "createdAt",
                "updatedAt",
            ]);
    }

    [Fact]
    public async Task Pages_have_Makinis_links_and_meta_up_to_the_last_page_and_beyond()
    {
        var second = await ListAsync("work-orders?per_page=2&page=2");
        var last = await ListAsync("work-orders?per_page=2&page=3");
        var beyond = await ListAsync("work-orders?per_page=2&page=5");
        var filtered = await ListAsync("work-orders?filter[statusKey]=open&per_page=1");

        Keys(second).ShouldBe(["WO-003", "WO-004"]);
        second["links"]!
            .ToJsonString()
            .ShouldBe(
                Links(
                    $"{Base}/work-orders?per_page=2&page=1",
                    $"{Base}/work-orders?per_page=2&page=3",
                    $"{Base}/work-orders?per_page=2&page=1",
                    $"{Base}/work-orders?per_page=2&page=3"
                )
            );
        second["meta"]!
            .ToJsonString()
            .ShouldBe(
                Meta(
                    currentPage: 2,
                    from: 3,
                    lastPage: 3,
                    perPage: 2,
                    to: 4,
                    total: 6,
                    path: $"{Base}/work-orders"
                )
            );
        Keys(last).ShouldBe(["WO-005", "WO-006"]);
        last["links"]!["next"].ShouldBeNull();
        last["meta"]!["to"]!.GetValue<int>().ShouldBe(6);
        Keys(beyond).ShouldBeEmpty();
        beyond["links"]!
            .ToJsonString()
            .ShouldBe(
                Links(
                    $"{Base}/work-orders?per_page=2&page=1",
                    $"{Base}/work-orders?per_page=2&page=3",
                    $"{Base}/work-orders?per_page=2&page=4",
                    null
                )
            );
        // Laravel's paginator, which Makini's envelope is: an empty page has no first and last item.
        beyond["meta"]!
            .ToJsonString()
            .ShouldBe(
                Meta(
                    currentPage: 5,
                    from: null,
                    lastPage: 3,
                    perPage: 2,
                    to: null,
                    total: 6,
                    path: $"{Base}/work-orders"
                )
            );
        Keys(filtered).ShouldBe(["WO-001"]);
        filtered["links"]!["next"]!
            .GetValue<string>()
            .ShouldBe($"{Base}/work-orders?filter%5BstatusKey%5D=open&per_page=1&page=2");
        filtered["meta"]!["total"]!.GetValue<int>().ShouldBe(3);
    }

    [Theory]
    [InlineData("per_page=1", 6)]
    [InlineData("per_page=1&filter[statusKey]=open", 3)]
    [InlineData("per_page=1&filter[statusKey]=open&filter[statusKey]=done&filterMatch=any", 4)]
    [InlineData("per_page=1&filter[statusKey]=open&filter[statusKey]=open", 3)]
    [InlineData("per_page=1&filter[statusKey]=open&filter[severity]=high", 1)]
    [InlineData("per_page=1&filter[statusKey]=cancelled", 0)]
    [InlineData("per_page=1&page=9&filter[statusKey]=open&filter[statusKey]=done", 0)]
    [InlineData("per_page=1&filter[title:contains]=e&filter[statusKey]=open&filterMatch=any", 6)]
    public async Task The_total_counts_the_live_records_the_filters_match(
        string query,
        int total
    ) =>
        (await ListAsync($"work-orders?{query}"))["meta"]!["total"]!
            .GetValue<int>()
            .ShouldBe(total);

    [Fact]
    public async Task Per_page_takes_1_to_100_and_page_starts_at_1()
    {
        (await ListAsync("work-orders?per_page=100"))["meta"]!["per_page"]!
            .GetValue<int>()
            .ShouldBe(100);
        (await ListAsync("work-orders?per_page=1"))["data"]!.AsArray().Count.ShouldBe(1);
        foreach (
            var (query, parameter) in new[]
            {
                ("per_page=101", "per_page"),
                ("per_page=0", "per_page"),
                ("per_page=ten", "per_page"),
                ("page=0", "page"),
                ("page=-1", "page"),
                ("page=1.5", "page"),
            }
        )
            await ShouldBeInvalidAsync($"work-orders?{query}", parameter);
    }

    [Theory]
    [InlineData("filter[title]=Replace pump seal", new[] { "WO-001" })]
    [InlineData("filter[title]=replace pump seal", new string[0])]
    [InlineData("filter[title:contains]=pump", new[] { "WO-001", "WO-004" })]
    [InlineData("filter[title:startsWith]=Replace", new[] { "WO-001" })]
    [InlineData("filter[title:startsWith]=c", new[] { "WO-005", "WO-006" })]
    [InlineData("filter[title:contains]=50%25_", new[] { "WO-005" })]
    [InlineData("filter[title:gt]=L", new[] { "WO-001", "WO-003", "WO-004" })]
    [InlineData("filter[severity:lted]=high", new[] { "WO-001", "WO-004", "WO-006" })]
    [InlineData("filter[key:lt]=WO-003", new[] { "WO-001", "WO-002" })]
    [InlineData(
        "filter[key:contains]=00",
        new[] { "WO-001", "WO-002", "WO-003", "WO-004", "WO-005", "WO-006" }
    )]
    [InlineData("filter[statusKey]=open", new[] { "WO-001", "WO-002", "WO-006" })]
    [InlineData("filter[statusKey:startsWith]=o", new[] { "WO-001", "WO-002", "WO-005", "WO-006" })]
    public async Task Text_filters_compare_as_Makini_documents(string query, string[] keys) =>
        Keys(await ListAsync($"work-orders?{query}")).ShouldBe(keys);

    [Theory]
    [InlineData("filter[dueAt:gt]=2024-03-02", new[] { "WO-002", "WO-003", "WO-006" })]
    [InlineData("filter[dueAt:gteq]=2024-03-03T00:00:00Z", new[] { "WO-003", "WO-006" })]
    [InlineData("filter[dueAt:lt]=2024-03-01T08:00:00Z", new[] { "WO-004" })]
    [InlineData("filter[dueAt:lted]=2024-03-01T08:00:00Z", new[] { "WO-001", "WO-004" })]
    [InlineData("filter[dueAt:lted]=2024-03-01T09:00:00%2B01:00", new[] { "WO-001", "WO-004" })]
    [InlineData("filter[dueAt]=2024-03-02", new[] { "WO-002" })]
    [InlineData("filter[dueAt]=2024-03-02T12:30:00Z", new[] { "WO-002" })]
    [InlineData(
        "filter[dueAt:lt]=2024-03-09T23:00:00Z",
        new[] { "WO-001", "WO-002", "WO-003", "WO-004", "WO-006" }
    )]
    [InlineData("filter[dueAt:startsWith]=2024-03-0", new[] { "WO-001", "WO-002", "WO-003" })]
    [InlineData(
        "filter[updatedAt:gteq]=2024-03-05T10:00:00Z",
        new[] { "WO-001", "WO-003", "WO-005" }
    )]
    [InlineData("filter[updatedAt:lt]=2024-03-02", new[] { "WO-004" })]
    [InlineData("filter[updatedAt]=2024-03-04", new[] { "WO-002" })]
    [InlineData(
        "filter[createdAt:gt]=2023-11-07",
        new[] { "WO-001", "WO-002", "WO-003", "WO-004", "WO-005", "WO-006" }
    )]
    public async Task Dates_compare_as_instants(string query, string[] keys) =>
        Keys(await ListAsync($"work-orders?{query}")).ShouldBe(keys);

    [Theory]
    [InlineData("inventories?filter[quantity:gt]=9", new[] { "INV-10", "INV-100" })]
    [InlineData("inventories?filter[quantity:gteq]=10", new[] { "INV-10", "INV-100" })]
    [InlineData("inventories?filter[quantity:lt]=100", new[] { "INV-9", "INV-10" })]
    [InlineData("inventories?filter[quantity:lted]=10.0", new[] { "INV-9", "INV-10" })]
    [InlineData("inventories?filter[quantity]=100", new[] { "INV-100" })]
    [InlineData("inventories?filter[quantity]=1e2", new[] { "INV-100" })]
    [InlineData("assets?filter[isActive]=false", new[] { "A-2" })]
    [InlineData("assets?filter[isActive]=true", new[] { "A-1" })]
    [InlineData("users?filter[siteKeys]=SITE-2", new[] { "U-2" })]
    [InlineData("users?filter[siteKeys]=SITE-1", new[] { "U-1", "U-2" })]
    [InlineData("sites?filter[address.city]=Gent", new[] { "SITE-1" })]
    [InlineData("sites?filter[address.city:startsWith]=ly", new[] { "SITE-2" })]
    public async Task Numbers_booleans_lists_and_fields_of_objects_filter_by_their_type(
        string query,
        string[] keys
    ) => Keys(await ListAsync(query)).ShouldBe(keys);

    [Theory]
    [InlineData("filter[statusKey]=open&filter[severity]=high", new[] { "WO-001" })]
    [InlineData("filter[statusKey]=open&filter[severity]=high&filterMatch=all", new[] { "WO-001" })]
    [InlineData(
        "filter[statusKey]=done&filter[severity]=critical&filterMatch=any",
        new[] { "WO-004", "WO-006" }
    )]
    [InlineData("filter[statusKey]=done&filter[severity]=critical", new string[0])]
    [InlineData(
        "filter[title:contains]=pump&filter[dueAt:gt]=2024-03-09&filterMatch=any",
        new[] { "WO-001", "WO-004", "WO-006" }
    )]
    public async Task FilterMatch_any_is_or_and_all_is_and(string query, string[] keys) =>
        Keys(await ListAsync($"work-orders?{query}")).ShouldBe(keys);

    [Theory]
    [InlineData(
        "sort[updatedAt]=1",
        new[] { "WO-005", "WO-003", "WO-001", "WO-002", "WO-006", "WO-004" }
    )]
    [InlineData(
        "sort[updatedAt]=0",
        new[] { "WO-004", "WO-006", "WO-002", "WO-001", "WO-003", "WO-005" }
    )]
    [InlineData(
        "sort[title]=0",
        new[] { "WO-005", "WO-006", "WO-002", "WO-003", "WO-004", "WO-001" }
    )]
    [InlineData(
        "sort[dueAt]=0",
        new[] { "WO-004", "WO-001", "WO-002", "WO-003", "WO-006", "WO-005" }
    )]
    [InlineData(
        "sort[dueAt]=1",
        new[] { "WO-005", "WO-006", "WO-003", "WO-002", "WO-001", "WO-004" }
    )]
    [InlineData(
        "sort[severity]=0&sort[updatedAt]=1",
        new[] { "WO-006", "WO-001", "WO-004", "WO-005", "WO-002", "WO-003" }
    )]
    [InlineData("filter[statusKey]=open&sort[updatedAt]=1", new[] { "WO-001", "WO-002", "WO-006" })]
    [InlineData("sort[key]=1&per_page=2&page=2", new[] { "WO-004", "WO-003" })]
    public async Task Sort_1_is_descending_and_0_ascending(string query, string[] keys) =>
        Keys(await ListAsync($"work-orders?{query}")).ShouldBe(keys);

    [Fact]
    public async Task Numbers_sort_as_numbers_with_missing_values_last_ascending()
    {
        Keys(await ListAsync("inventories?sort[quantity]=0"))
            .ShouldBe(["INV-9", "INV-10", "INV-100", "INV-TEXT", "INV-NONE"]);
        Keys(await ListAsync("inventories?sort[quantity]=1"))
            .ShouldBe(["INV-NONE", "INV-TEXT", "INV-100", "INV-10", "INV-9"]);
        Keys(await ListAsync("assets?sort[isActive]=0")).ShouldBe(["A-2", "A-1"]);
    }

    [Theory]
    [InlineData("filter[nope]=1", "filter[nope]")]
    [InlineData("filter[title:like]=x", "filter[title:like]")]
    [InlineData("filter[ti'tle]=x", "filter[ti'tle]")]
    [InlineData("filter[title' OR 1%3D1 --]=x", "filter[title' OR 1=1 --]")]
    [InlineData("filter=x", "filter")]
    [InlineData("filter[tasks:contains]=x", "filter[tasks:contains]")]
    [InlineData("filter[dueAt:gt]=yesterday", "filter[dueAt:gt]")]
    [InlineData("filter[dueAt]=2024-02-30", "filter[dueAt]")]
    [InlineData("filter[title.first]=x", "filter[title.first]")]
    [InlineData("filterMatch=some", "filterMatch")]
    [InlineData("sort[title]=2", "sort[title]")]
    [InlineData("sort[title]=desc", "sort[title]")]
    [InlineData("sort[unknown]=1", "sort[unknown]")]
    [InlineData("sort[tasks]=1", "sort[tasks]")]
    [InlineData("sort[title;DROP TABLE records]=1", "sort[title;DROP TABLE records]")]
    public async Task A_bad_parameter_is_a_validation_error_naming_it(
        string query,
        string parameter
    ) => await ShouldBeInvalidAsync($"work-orders?{query}", parameter);

    [Theory]
    [InlineData("inventories?filter[quantity:gt]=abc", "filter[quantity:gt]")]
    [InlineData("inventories?filter[quantity:contains]=1", "filter[quantity:contains]")]
    [InlineData("assets?filter[isActive]=maybe", "filter[isActive]")]
    [InlineData("assets?filter[isActive:gt]=true", "filter[isActive:gt]")]
    [InlineData("sites?filter[address]=Gent", "filter[address]")]
    public async Task A_value_that_does_not_fit_the_fields_type_is_a_validation_error(
        string query,
        string parameter
    ) => await ShouldBeInvalidAsync(query, parameter);

    [Fact]
    public async Task Values_are_never_read_as_SQL()
    {
        Keys(await ListAsync("work-orders?filter[title]=x' OR '1'='1")).ShouldBeEmpty();
        Keys(await ListAsync("work-orders?filter[title:contains]=%27%20OR%201%3D1%20--"))
            .ShouldBeEmpty();
        Keys(await ListAsync("sites?filter[address.city]=x') OR 1=1 --")).ShouldBeEmpty();
        Keys(await ListAsync("work-orders")).Count.ShouldBe(6);
    }

    [Fact]
    public async Task A_record_is_read_by_its_key_within_the_connection()
    {
        var client = fixture.Rig.Client(fixture.GentToken);
        var found = await client.GetAsync("/api/eam/work-orders/WO-003", Ct);
        found.StatusCode.ShouldBe(HttpStatusCode.OK);
        var record = JsonNode.Parse(await found.Content.ReadAsStringAsync(Ct))!["data"]!;
        record["title"]!.GetValue<string>().ShouldBe("Lubricate bearings");
        record["statusKey"]!.GetValue<string>().ShouldBe("in_progress");

        foreach (
            var (path, message) in new[]
            {
                ("/api/eam/work-orders/WO-007", "no work-orders record with key 'WO-007'"),
                ("/api/eam/work-orders/WO-101", "no work-orders record with key 'WO-101'"),
                ("/api/eam/assets/WO-003", "no assets record with key 'WO-003'"),
            }
        )
        {
            var (status, problem) = await ProblemAsync(client, path);
            status.ShouldBe(HttpStatusCode.NotFound);
            problem["code"]!.GetValue<string>().ShouldBe("NOT_FOUND");
            problem["message"]!.GetValue<string>().ShouldBe(message);
        }
    }

    [Fact]
    public async Task Statuses_list_the_status_keys_in_use_in_Makinis_Status_shape()
    {
        var statuses = await ListAsync("statuses/work-orders");
        var byName = await ListAsync("statuses/work-orders?sort[name]=1&filter[name:contains]=o");

        statuses["data"]!
            .ToJsonString()
            .ShouldBe(
                """[{"key":"done","name":"Completed"},{"key":"in_progress","name":"In progress"},{"key":"on_hold","name":"On hold"},{"key":"open","name":"Open"}]"""
            );
        statuses["meta"]!["total"]!.GetValue<int>().ShouldBe(4);
        byName["data"]!
            .AsArray()
            .Select(s => s!["name"]!.GetValue<string>())
            .ShouldBe(["Open", "On hold", "In progress", "Completed"]);
        var (status, problem) = await ProblemAsync(
            fixture.Rig.Client(fixture.GentToken),
            "/api/eam/statuses/assets"
        );
        status.ShouldBe(HttpStatusCode.NotFound);
        problem["code"]!.GetValue<string>().ShouldBe("NOT_FOUND");
        await ShouldBeInvalidAsync("statuses/work-orders?filter[title]=x", "filter[title]");
    }

    [Fact]
    public async Task Answers_validate_against_Makinis_published_schemas()
    {
        var client = fixture.Rig.Client(fixture.GentToken);
        foreach (
            var (route, specPath) in new[]
            {
                ("/api/eam/work-orders", "/api/eam/work-orders"),
                (
                    "/api/eam/work-orders?per_page=2&page=2&sort[updatedAt]=1",
                    "/api/eam/work-orders"
                ),
                ("/api/eam/work-orders/WO-001", "/api/eam/work-orders/{key}"),
                // INV-TEXT's quantity is text, which the schema refuses: a record the projection would not make.
                ("/api/eam/inventories?filter[quantity:gt]=0", "/api/eam/inventories"),
                ("/api/eam/assets", "/api/eam/assets"),
                ("/api/eam/users", "/api/eam/users"),
                ("/api/eam/sites", "/api/eam/sites"),
                ("/api/eam/sites/SITE-1", "/api/eam/sites/{key}"),
                ("/api/eam/statuses/work-orders", "/api/eam/statuses/work-orders"),
            }
        )
        {
            var answer = await client.GetStringAsync(route, Ct);
            var problems = MakiniSpec.Problems(
                await MakiniSpec.AnswerSchemaAsync(specPath),
                answer
            );
            problems.ShouldBeEmpty($"{route}: {answer}");
        }
    }

    [Fact]
    public async Task An_answer_that_breaks_the_schema_is_caught_by_the_validation()
    {
        var schema = await MakiniSpec.AnswerSchemaAsync("/api/eam/work-orders");
        var answer = await fixture
            .Rig.Client(fixture.GentToken)
            .GetStringAsync("/api/eam/work-orders", Ct);
        var broken = JsonNode.Parse(answer)!;
        broken["data"]![0]!["title"] = 12;
        broken["links"]!["first"] = null;

        var problems = MakiniSpec.Problems(schema, broken.ToJsonString());

        problems.ShouldContain(p => p.Contains("data[0].title"));
        problems.ShouldContain(p => p.Contains("links.first"));
    }

    [Fact]
    public async Task A_connection_token_reads_only_its_own_connection_and_an_admin_key_names_one()
    {
        var gent = fixture.Rig.Client(fixture.GentToken);
        var lyon = fixture.Rig.Client(fixture.LyonToken);
        Keys(await ListAsync("work-orders", lyon)).ShouldBe(["WO-101"]);
        Keys(await ListAsync("work-orders", fixture.Rig.AdminOf(fixture.Lyon)))
            .ShouldBe(["WO-101"]);
        Keys(await ListAsync("work-orders", fixture.Rig.AdminOf(fixture.Gent))).Count.ShouldBe(6);
        var ownNamed = fixture.Rig.Client(fixture.GentToken);
        ownNamed.DefaultRequestHeaders.Add("X-Connection-Id", fixture.Gent);
        Keys(await ListAsync("work-orders", ownNamed)).Count.ShouldBe(6);

        var otherNamed = fixture.Rig.Client(fixture.GentToken);
        otherNamed.DefaultRequestHeaders.Add("X-Connection-Id", fixture.Lyon);
        var (forbidden, refusal) = await ProblemAsync(otherNamed, "/api/eam/work-orders");
        forbidden.ShouldBe(HttpStatusCode.Forbidden);
        refusal["code"]!.GetValue<string>().ShouldBe("FORBIDDEN");
        (await ProblemAsync(otherNamed, "/api/eam/work-orders/WO-101")).Status.ShouldBe(
            HttpStatusCode.Forbidden
        );

        var (missing, noHeader) = await ProblemAsync(fixture.Rig.Admin, "/api/eam/work-orders");
        missing.ShouldBe(HttpStatusCode.BadRequest);
        noHeader["code"]!.GetValue<string>().ShouldBe("VALIDATION_ERROR");
        noHeader["parameter"]!.GetValue<string>().ShouldBe("X-Connection-Id");
        var (unknown, notFound) = await ProblemAsync(
            fixture.Rig.AdminOf("con_nope"),
            "/api/eam/work-orders"
        );
        unknown.ShouldBe(HttpStatusCode.NotFound);
        notFound["code"]!.GetValue<string>().ShouldBe("NOT_FOUND");
        (await gent.GetAsync($"/api/connections/{fixture.Lyon}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.Forbidden
        );
        (await gent.GetAsync("/api/flows", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_a_valid_key_the_answer_is_AUTHENTICATION_FAILED_with_a_request_id()
    {
        foreach (
            var client in new[]
            {
                fixture.Rig.Host.CreateClient(),
                fixture.Rig.Client("mkc_not_a_token"),
            }
        )
        {
            var answer = await client.GetAsync("/api/eam/work-orders", Ct);
            answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = JsonNode.Parse(await answer.Content.ReadAsStringAsync(Ct))!;
            problem["code"]!.GetValue<string>().ShouldBe("AUTHENTICATION_FAILED");
            problem["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
            problem["requestId"]!
                .GetValue<string>()
                .ShouldBe(answer.Headers.GetValues("X-Request-Id").Single());
        }
        var runnerKey = await fixture.Rig.Admin.PostAsync(
            "/api/keys",
            new StringContent(
                """{"name":"ci","role":"runner"}""",
                System.Text.Encoding.UTF8,
                "application/json"
            ),
            Ct
        );
        var runner = fixture.Rig.Client(
            JsonNode.Parse(await runnerKey.Content.ReadAsStringAsync(Ct))![
                "key"
            ]!.GetValue<string>()
        );
        runner.DefaultRequestHeaders.Add("X-Connection-Id", fixture.Gent);
        var (status, problemOfRunner) = await ProblemAsync(runner, "/api/eam/work-orders");
        status.ShouldBe(HttpStatusCode.Forbidden);
        problemOfRunner["code"]!.GetValue<string>().ShouldBe("FORBIDDEN");
    }

    [Fact]
    public async Task An_unknown_entity_is_NOT_FOUND()
    {
        var client = fixture.Rig.Client(fixture.GentToken);
        foreach (
            var path in new[]
            {
                "/api/eam/spaceships",
                "/api/eam/spaceships/1",
                "/api/eam/statuses/spaceships",
            }
        )
        {
            var (status, problem) = await ProblemAsync(client, path);
            status.ShouldBe(HttpStatusCode.NotFound, path);
            problem["code"]!.GetValue<string>().ShouldBe("NOT_FOUND");
            problem["message"]!.GetValue<string>().ShouldContain("'spaceships'");
            problem["requestId"].ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task Records_are_read_only()
    {
        var byAdmin = await fixture
            .Rig.AdminOf(fixture.Gent)
            .PostAsync("/api/eam/work-orders", new StringContent("{}"), Ct);
        var byToken = await fixture
            .Rig.Client(fixture.GentToken)
            .PostAsync("/api/eam/work-orders", new StringContent("{}"), Ct);

        byAdmin.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        JsonNode.Parse(await byAdmin.Content.ReadAsStringAsync(Ct))!["code"]!
            .GetValue<string>()
            .ShouldBe("METHOD_NOT_ALLOWED");
        byToken.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonNode.Parse(await byToken.Content.ReadAsStringAsync(Ct))!["code"]!
            .GetValue<string>()
            .ShouldBe("FORBIDDEN");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_entitys_routes()
    {
        var document = JsonNode.Parse(
            await fixture.Rig.Host.CreateClient().GetStringAsync("/api/openapi.json", Ct)
        )!;
        var paths = document["paths"]!.AsObject();
        foreach (
            var entity in new[]
            {
                "work-orders",
                "assets",
                "sites",
                "locations",
                "materials",
                "purchase-orders",
                "purchase-orders.line-items",
                "service-requests",
                "users",
                "vendors",
                "teams",
                "meters",
                "meter-readings",
                "pm",
                "storerooms",
                "inventories",
            }
        )
        {
            paths.ContainsKey($"/api/eam/{entity}").ShouldBeTrue(entity);
            paths.ContainsKey($"/api/eam/{entity}/{{key}}").ShouldBeTrue(entity);
        }
        var list = paths["/api/eam/work-orders"]!["get"]!;
        list["parameters"]!
            .AsArray()
            .Select(p => p!["name"]!.GetValue<string>())
            .ShouldBe([
                "X-Connection-Id",
                "filter[field]",
                "filterMatch",
                "sort[field]",
                "page",
                "per_page",
            ]);
        list["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["properties"]![
            "data"
        ]!["items"]!["$ref"]!
            .GetValue<string>()
            .ShouldBe("#/components/schemas/WorkOrder");
        list["responses"]!
            .AsObject()
            .Select(r => r.Key)
            .ShouldBe(["200", "400", "401", "403", "404", "429"]);
        document["components"]!["schemas"]!["WorkOrder"]!["properties"]!["dueAt"]!["format"]!
            .GetValue<string>()
            .ShouldBe("date-time");
        var schemas = document["components"]!["schemas"]!;
        schemas["WorkOrder"]!["properties"]!["tasks"]!["items"]!["$ref"]!
            .GetValue<string>()
            .ShouldBe("#/components/schemas/Task");
        schemas["Task"]!["properties"]!["title"].ShouldNotBeNull();
        schemas["PurchaseOrder"]!["properties"]!["lineItems"]!["items"]!["$ref"]!
            .GetValue<string>()
            .ShouldBe("#/components/schemas/POLineItem");
        schemas["LineItem"]!["properties"]!["poKey"].ShouldNotBeNull();
        paths["/api/eam/purchase-orders.line-items"]!["get"]!["responses"]!["200"]!["content"]![
            "application/json"
        ]!["schema"]!["properties"]!["data"]!["items"]!["$ref"]!
            .GetValue<string>()
            .ShouldBe("#/components/schemas/LineItem");
        paths.ContainsKey("/api/eam/statuses/work-orders").ShouldBeTrue();
        paths.ContainsKey("/api/eam/statuses/assets").ShouldBeFalse();
        paths.ContainsKey("/api/eam/{entity}").ShouldBeFalse();
    }

    private async Task<JsonObject> ListAsync(string route, HttpClient? client = null)
    {
        var answer = await (client ?? fixture.Rig.Client(fixture.GentToken)).GetAsync(
            $"/api/eam/{route}",
            Ct
        );
        var body = await answer.Content.ReadAsStringAsync(Ct);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task ShouldBeInvalidAsync(string route, string parameter)
    {
        var (status, problem) = await ProblemAsync(
            fixture.Rig.Client(fixture.GentToken),
            $"/api/eam/{route}"
        );
        status.ShouldBe(HttpStatusCode.BadRequest, route);
        problem["code"]!.GetValue<string>().ShouldBe("VALIDATION_ERROR");
        problem["parameter"]!.GetValue<string>().ShouldBe(parameter);
        problem["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        problem["requestId"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }

    private static async Task<(HttpStatusCode Status, JsonObject Problem)> ProblemAsync(
        HttpClient client,
        string path
    )
    {
        var answer = await client.GetAsync(path, Ct);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", path);
        return (
            answer.StatusCode,
            JsonNode.Parse(await answer.Content.ReadAsStringAsync(Ct))!.AsObject()
        );
    }

    private static List<string> Keys(JsonObject page) =>
        [.. page["data"]!.AsArray().Select(r => r!["key"]!.GetValue<string>())];

    private static string Links(string first, string last, string? prev, string? next) =>
        new JsonObject
        {
            ["first"] = first,
            ["last"] = last,
            ["prev"] = prev,
            ["next"] = next,
        }.ToJsonString();

    private static string Meta(
        int currentPage,
        int? from,
        int lastPage,
        int perPage,
        int? to,
        int total,
        string path
    ) =>
        new JsonObject
        {
            ["current_page"] = currentPage,
            ["from"] = from,
            ["last_page"] = lastPage,
            ["path"] = path,
            ["per_page"] = perPage,
            ["to"] = to,
            ["total"] = total,
        }.ToJsonString();
}

public sealed class RecordsApiTestsOnSqlite(SqliteRecordsApiFixture fixture)
    : RecordsApiTests(fixture),
        IClassFixture<SqliteRecordsApiFixture>;

public sealed class RecordsApiTestsOnPostgres(PostgresRecordsApiFixture fixture)
    : RecordsApiTests(fixture),
        IClassFixture<PostgresRecordsApiFixture>;
