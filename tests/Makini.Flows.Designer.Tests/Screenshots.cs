using Makini.Flows.Designer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Makini.Flows.Designer.Tests;

/// <summary>
/// Screenshots of the main screens: written to docs/screenshots when MAKINI_SCREENSHOTS=1 (to refresh the
/// committed ones), otherwise to a temporary folder so a test run leaves the repository alone.
/// </summary>
public static class Screenshots
{
    private static readonly string Folder =
        Environment.GetEnvironmentVariable("MAKINI_SCREENSHOTS") == "1"
            ? Path.Combine(Repository.Root, "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "makini-designer-screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, $"{name}.png") });
    }
}
