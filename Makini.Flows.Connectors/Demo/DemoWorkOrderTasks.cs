namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// A work order's tasks: the steps of its kind of work (lock out, find the cause, repair, test for a corrective one;
/// the job plan's steps for a preventive one; the checkpoints of an inspection), each with a checklist that is ticked
/// off as the work order progresses.
/// </summary>
internal static class DemoWorkOrderTasks
{
    private sealed record Step(string Title, string Description, string[] Checklist);

    private static readonly Step[] Corrective =
    [
        new(
            "Isolate and lock out",
            "Isolate every energy source of {0} and apply lock and tag.",
            ["Energy sources isolated", "Lock and tag applied", "Zero energy verified"]
        ),
        new(
            "Find the cause",
            "Confirm the fault on {0} with the operator and record its cause.",
            ["Symptom confirmed", "Cause recorded"]
        ),
        new(
            "Repair",
            "Repair or replace what failed on {0}; book the parts used.",
            ["Parts fitted", "Guards refitted"]
        ),
        new(
            "Test and hand back",
            "Remove the locks, test run {0} and hand it back to production.",
            ["Locks removed", "Test run passed", "Operator signed off"]
        ),
    ];

    private static readonly Step[] Preventive =
    [
        new(
            "Inspect and clean",
            "Clean {0} and inspect it for wear, leaks and damage.",
            ["Cleaned", "No leaks", "No visible damage"]
        ),
        new(
            "Lubricate",
            "Lubricate {0} as its lubrication chart says.",
            ["Grease points done", "Oil level checked"]
        ),
        new(
            "Check fasteners and alignment",
            "Check the fasteners, belts and alignment of {0}.",
            ["Fasteners torqued", "Belt tension checked", "Alignment within tolerance"]
        ),
        new(
            "Record readings",
            "Record the running readings of {0} (temperature, vibration, current).",
            ["Temperature recorded", "Vibration recorded"]
        ),
    ];

    private static readonly Step[] Inspection =
    [
        new(
            "Visual inspection",
            "Walk round {0} and look for damage, leaks and loose parts.",
            ["Guards in place", "No leaks", "Labels readable"]
        ),
        new(
            "Listen and feel",
            "Check {0} for unusual noise, heat and vibration while it runs.",
            ["Noise normal", "Temperature normal"]
        ),
        new(
            "Record findings",
            "Record what was found on {0}; raise a corrective work order if needed.",
            ["Findings recorded"]
        ),
    ];

    /// <summary>
    /// The tasks of work order <paramref name="workOrderId"/>: as many steps as <paramref name="random"/> decides, in
    /// order; the first <paramref name="done"/> fraction of them ticked off.
    /// </summary>
    public static IReadOnlyList<DemoWorkOrderTask> Write(
        DemoRandom random,
        string workOrderId,
        string type,
        string priority,
        string subject,
        double done
    )
    {
        var steps = type switch
        {
            "corrective" => Corrective,
            "preventive" => Preventive,
            _ => Inspection,
        };
        var count = random.Between(2, steps.Length);
        var finished = (int)Math.Round(count * done);
        return
        [
            .. steps
                .Take(count)
                .Select(
                    (step, i) =>
                        new DemoWorkOrderTask(
                            $"{workOrderId}-T{i + 1}",
                            i + 1,
                            step.Title,
                            string.Format(
                                System.Globalization.CultureInfo.InvariantCulture,
                                step.Description,
                                subject
                            ),
                            priority,
                            [
                                .. step.Checklist.Select(item => new DemoChecklistItem(
                                    item,
                                    i < finished
                                )),
                            ]
                        )
                ),
        ];
    }
}
