using Makini.Flows.Engine.Tests.Support;
using Makini.Flows.Server.Cli;

namespace Makini.Flows.Engine.Tests.Cli;

public sealed class CliTests
{
    private static readonly string Samples = Path.Combine(
        TestFlows.RepositoryRoot(),
        "flows-samples"
    );

    private static async Task<(int Code, string Output, string Errors)> RunAsync(
        params string[] args
    )
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await CliCommands.RunAsync(
            args,
            output,
            errors,
            TestContext.Current.CancellationToken
        );
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Validate_lists_every_problem_and_exits_non_zero()
    {
        var file = Path.Combine(
            AppContext.BaseDirectory,
            "Validation",
            "Files",
            "five-mistakes.flow.json"
        );

        var (code, output, _) = await RunAsync("validate", file);

        code.ShouldBe(CliCommands.Failed);
        var errorLines = output.Split('\n').Where(l => l.Contains(": error ")).ToList();
        errorLines.Count.ShouldBe(5);
        output.ShouldContain("/connections/1/sourcePort");
        output.ShouldContain("(line 1, column 15)");
    }

    [Fact]
    public async Task Validate_accepts_every_sample()
    {
        var (code, output, _) = await RunAsync("validate", Samples);

        code.ShouldBe(CliCommands.Ok, output);
        output.ShouldContain("0 with errors");
    }

    [Fact]
    public async Task Run_prints_the_output_and_a_journal_summary()
    {
        var (code, output, errors) = await RunAsync(
            "run",
            Path.Combine(Samples, "work-order-triage.flow.json"),
            "--input",
            """{"priority": "low", "estimatedCost": 10}"""
        );

        code.ShouldBe(CliCommands.Ok, errors);
        output.ShouldStartWith("status: Completed");
        output.ShouldContain("\"slaHours\": 72");
        output.ShouldContain("\"needsApproval\": false");
        output.ShouldContain("priority             Switch");
    }

    [Fact]
    public async Task Run_reports_input_that_does_not_fit_the_flow()
    {
        var (code, _, errors) = await RunAsync(
            "run",
            Path.Combine(Samples, "work-order-triage.flow.json"),
            "--input",
            """{"priority": 3}"""
        );

        code.ShouldBe(CliCommands.Failed);
        errors.ShouldContain("input/priority: 'priority' must be string, but is integer");
        errors.ShouldContain("input/estimatedCost: 'estimatedCost' is required");
    }

    [Fact]
    public async Task Run_exits_non_zero_when_the_run_faults()
    {
        var (code, output, _) = await RunAsync(
            "run",
            Path.Combine(Samples, "maintainx-work-order-mapping.flow.json"),
            "--input",
            """{"workOrder": {"id": 1, "title": null, "status": "OPEN"}}"""
        );

        code.ShouldBe(CliCommands.Failed);
        output.ShouldStartWith("status: Faulted");
        output.ShouldContain("error:");
    }

    [Fact]
    public async Task Bad_arguments_are_a_usage_error()
    {
        (await RunAsync("run")).Code.ShouldBe(CliCommands.Usage);
        (await RunAsync("validate", "/no/such/file.json")).Code.ShouldBe(CliCommands.Usage);
        (
            await RunAsync(
                "run",
                Path.Combine(Samples, "work-order-triage.flow.json"),
                "--input",
                "{oops"
            )
        ).Code.ShouldBe(CliCommands.Usage);
    }
}
