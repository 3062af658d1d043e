using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Gateway.Tests.Browser;

/// <summary>Swagger UI in a real headless Chromium against the sandbox gateway on a real socket, as an integrator uses it.</summary>
[Collection(nameof(RunsAlone))]
public sealed class SwaggerUiBrowserTests
{
    const string Room = "physics-101";
    const string Operation = "#operations-Resources-ListResources";

    [Fact]
    public async Task AnIntegratorAuthorizesWithASandboxTokenAndTriesListingResources()
    {
        await using var gateway = new GatewayFactory();
        var baseUrl = gateway.StartOnASocket();
        using var http = new HttpClient { BaseAddress = baseUrl };
        var token = await SandboxToken(http);
        await CreateRoomWithAResource(http, token);

        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1400 } });
        await page.GotoAsync(new Uri(baseUrl, "/swagger/index.html").ToString());
        await page.ClickAsync("button.authorize");
        await page.FillAsync(".modal-ux input", token);
        await page.ClickAsync(".modal-ux button.authorize");
        await page.ClickAsync(".modal-ux button.btn-done");
        await page.ClickAsync($"{Operation} .opblock-summary-control");
        await page.ClickAsync($"{Operation} button.try-out__btn");
        await page.FillAsync($"{Operation} input[placeholder=roomUuid]", Room);
        await page.ClickAsync($"{Operation} button.execute");
        var live = page.Locator($"{Operation} .live-responses-table tbody .response");
        await live.WaitForAsync();
        var status = await live.Locator(".response-col_status").InnerTextAsync();
        var body = await live.Locator(".response-col_description").InnerTextAsync();
        await SaveScreenshot(page, page.Locator(Operation), live);

        Assert.Equal("200", status.Trim());
        Assert.Contains("\"code\": 0", body);
        Assert.Contains("lesson-1", body);
        Assert.Contains("authorization: Bearer", await page.Locator($"{Operation} .curl-command").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Swagger UI under the gateway's Content-Security-Policy (scripts from the gateway alone, no inline script) still gets
    /// as far as listing the operations.
    /// </summary>
    [Fact]
    public async Task SwaggerUiStillRendersUnderTheContentSecurityPolicy()
    {
        await using var gateway = new GatewayFactory();
        var baseUrl = gateway.StartOnASocket();

        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new());
        var response = await page.GotoAsync(new Uri(baseUrl, "/swagger/index.html").ToString());
        await page.Locator(".opblock").First.WaitForAsync();

        Assert.Contains("script-src 'self';", response!.Headers["content-security-policy"]);
        Assert.Contains("/api/v1/rtm-token", await page.ContentAsync());
    }

    /// <summary>The passthrough's one {path} parameter holds slashes, which Swagger UI sends encoded: the call still works.</summary>
    [Fact]
    public async Task AnAdminTriesThePassthroughWithAPathOfSlashes()
    {
        const string Passthrough = "#operations-Passthrough-PassthroughGet";
        await using var gateway = new GatewayFactory();
        var baseUrl = gateway.StartOnASocket();
        using var http = new HttpClient { BaseAddress = baseUrl };
        await CreateRoomWithAResource(http, await SandboxToken(http));
        var admin = await SandboxToken(http, "admin");

        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1400 } });
        await page.GotoAsync(new Uri(baseUrl, "/swagger/index.html").ToString());
        await page.ClickAsync("button.authorize");
        await page.FillAsync(".modal-ux input", admin);
        await page.ClickAsync(".modal-ux button.authorize");
        await page.ClickAsync(".modal-ux button.btn-done");
        await page.ClickAsync($"{Passthrough} .opblock-summary-control");
        await page.ClickAsync($"{Passthrough} button.try-out__btn");
        await page.FillAsync($"{Passthrough} input[placeholder=path]", $"apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/{Room}");
        await page.ClickAsync($"{Passthrough} button.execute");
        var live = page.Locator($"{Passthrough} .live-responses-table tbody .response");
        await live.WaitForAsync();

        Assert.Equal("200", (await live.Locator(".response-col_status").InnerTextAsync()).Trim());
        Assert.Contains("Physics 101", await live.Locator(".response-col_description").InnerTextAsync());
        Assert.Contains("%2F", await page.Locator($"{Passthrough} .request-url").InnerTextAsync());
    }

    static async Task<string> SandboxToken(HttpClient http, string role = "teacher")
    {
        var issued = await http.PostAsJsonAsync("/dev/token", new { sub = $"{role}-1", roles = new[] { role }, rooms = new[] { Room } }, Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        return (await issued.ReadJson()).GetProperty("data").GetProperty("token").GetString()!;
    }

    static async Task CreateRoomWithAResource(HttpClient http, string token)
    {
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var created = await http.PostAsJsonAsync($"/api/v1/rooms/{Room}", new { roomName = "Physics 101", roomType = 4 }, Json.Cancel);
        var uploaded = await http.PutAsJsonAsync($"/api/v1/rooms/{Room}/resources/lesson-1",
            new { resourceName = "Lesson 1", size = 1024, ext = "pdf", url = "https://files.school.example/lesson-1.pdf" }, Json.Cancel);
        http.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
    }

    /// <summary>The operation from its title down to the live response, kept as a test artifact.</summary>
    static async Task SaveScreenshot(IPage page, ILocator operation, ILocator response)
    {
        var folder = Repository.PathOf("artifacts/screenshots");
        Directory.CreateDirectory(folder);
        // Boxes are relative to the viewport, a full-page clip to the page.
        var scrolled = await page.EvaluateAsync<float>("window.scrollY");
        var top = (await operation.BoundingBoxAsync())!;
        var bottom = (await response.BoundingBoxAsync())!;
        await page.ScreenshotAsync(new()
        {
            Path = Path.Combine(folder, "swagger-try-it-out.png"),
            FullPage = true,
            Clip = new() { X = top.X, Y = top.Y + scrolled, Width = top.Width, Height = bottom.Y + bottom.Height - top.Y + 16 },
        });
    }
}
