namespace Makini.Flows.Connectors.Demo;

/// <summary>A work order's title and description, written from its equipment's typical faults and tasks.</summary>
internal static class DemoWorkOrderText
{
    private static readonly string[] CorrectiveNotes =
    [
        "Operator noticed it on the shift start round.",
        "Production asked for a fix before the weekend run.",
        "Check spare parts stock before starting.",
        "Lock out and tag out before opening the guard.",
        "Second report this month: look for the root cause.",
        "Found during the weekly inspection route.",
    ];

    public static (string Title, string Description) Write(
        DemoRandom random,
        string type,
        DemoAssetEntry? asset,
        DemoLocation location,
        DemoSite site,
        DemoUser requester
    )
    {
        if (asset is null)
        {
            var facilityTask = random.Pick(
                type switch
                {
                    "corrective" => DemoEquipmentCatalog.FacilityCorrective,
                    "preventive" => DemoEquipmentCatalog.FacilityPreventive,
                    _ => DemoEquipmentCatalog.FacilityInspection,
                }
            );
            return (
                $"{facilityTask} - {location.Name}",
                type == "corrective"
                    ? $"{facilityTask} in {location.Name}, {site.Name}. Reported by {requester.Name}."
                    : $"{facilityTask} in {location.Name}, {site.Name}. Follow the site checklist and record findings."
            );
        }
        var equipment = asset.Equipment;
        var a = asset.Entered;
        var task = random.Pick(
            type switch
            {
                "corrective" => equipment.Corrective,
                "preventive" => equipment.Preventive,
                _ => equipment.Inspection,
            }
        );
        var description = type switch
        {
            "corrective" =>
                $"{task} on {a.Name} ({a.Manufacturer} {a.Model}) in {location.Name}. Reported by {requester.Name}. {random.Pick(CorrectiveNotes)}",
            "preventive" =>
                $"{task} for {a.Name} ({a.Manufacturer} {a.Model}). Follow the standard job plan and record readings.",
            _ =>
                $"{task} of {a.Name} in {location.Name}. Record findings; raise a corrective work order for anything out of tolerance.",
        };
        return ($"{task} - {a.Tag}", description);
    }
}
