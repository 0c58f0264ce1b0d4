using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace Makini.Flows.Designer.Tests.Infrastructure;

/// <summary>
/// One server and one headless Chromium for all browser tests. Chromium must be at /usr/bin/chromium
/// (Debian's package; CI installs it): without it every browser test fails with that message.
/// </summary>
public sealed class DesignerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly DesignerHost _host = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public IBrowser Browser => _browser!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}: the designer's browser tests need it "
                    + "(apt-get install -y --no-install-recommends chromium)."
            );
        // Generous waits: the machines that run this are shared and often busy.
        Assertions.SetDefaultExpectTimeout(15_000);
        BaseAddress = _host.Start();
        Api = new HttpClient { BaseAddress = BaseAddress };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            DesignerHost.AdminKey
        );
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(
            new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            }
        );
    }

    /// <summary>A new browser tab, signed in through the sign-in link, on the flows list.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var context = await Browser.NewContextAsync(
            new()
            {
                ViewportSize = new() { Width = 1500, Height = 900 },
                AcceptDownloads = true,
            }
        );
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(BaseAddress, $"/#key={DesignerHost.AdminKey}").ToString());
        await page.GetByTestId("flow-list").WaitForAsync();
        return page;
    }

    /// <summary>Imports a sample flow through the API (optionally publishing it).</summary>
    public async Task ImportSampleAsync(string fileName, bool publish)
    {
        using var content = new StringContent(
            await File.ReadAllTextAsync(Path.Combine(Repository.Samples, fileName)),
            System.Text.Encoding.UTF8,
            "application/json"
        );
        var response = await Api.PostAsync($"/api/flows/import?publish={publish}", content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        await _host.DisposeAsync();
    }
}

[CollectionDefinition("designer")]
public sealed class DesignerCollection : ICollectionFixture<DesignerFixture>;
