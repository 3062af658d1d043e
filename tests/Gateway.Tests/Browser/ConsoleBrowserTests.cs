using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Support;
using Microsoft.Playwright;

namespace Gateway.Tests.Browser;

/// <summary>
/// The sandbox's teacher console in a real headless Chromium, against a gateway process (its event poller running):
/// sign in, join, start the class, upload and list a resource, kick, and the room's events arriving live through the
/// browser's native <c>EventSource</c>.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class ConsoleBrowserTests
{
    const string Room = "room-1";

    [Fact]
    public async Task ATeacherRunsAClassFromTheConsoleAndWatchesItsEventsArrive()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 1600 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{message.Text} ({message.Location})"); };
        page.PageError += (_, error) => errors.Add(error);
        var streams = new List<IRequest>();
        page.Request += (_, request) => { if (request.Url.Contains("/events/stream")) streams.Add(request); };

        var opened = await page.GotoAsync(new Uri(gateway.BaseUrl!, "/console/").ToString());
        await page.ClickAsync("#sign-in-form button");
        await Expect(page.Locator("#stream-status"), $"Watching {Room}.");
        await page.ClickAsync("#join-form button");
        await page.Locator("#launch").Filter(new() { HasText = "rtmToken" }).WaitForAsync();
        await EnterAsStudent(gateway.BaseUrl!);
        await page.ClickAsync("#start-class");
        await Expect(page.Locator("#class-state"), "Class started.");
        await page.ClickAsync("#upload-form button");
        await page.Locator("#resource-list li").Filter(new() { HasText = "lesson-1" }).WaitForAsync();
        await page.ClickAsync("#list-resources");
        // HIT, unless the poller's cmd 1003 for the upload dropped the list in between.
        await page.Locator("#cache-status").Filter(new() { HasTextRegex = new("^X-Cache-Status: (HIT|MISS)$") }).WaitForAsync();
        await page.ClickAsync("#kick-form button");
        await Expect(page.Locator("#kick-status"), "student-1 kicked.");
        foreach (var cmd in new[] { "1", "1003", "20" })
        {
            await page.Locator($"#event-list li[data-cmd='{cmd}']").First.WaitForAsync(new() { Timeout = 60_000 });
        }
        var launch = await page.Locator("#launch").InnerTextAsync();
        await SaveScreenshot(page);

        Assert.Equal(200, opened!.Status);
        Assert.Contains("\"roomUuid\": \"room-1\"", launch);
        Assert.Contains("\"roleType\": 1", launch);
        Assert.Contains("lesson-1", await page.Locator("#resource-list").InnerTextAsync());
        Assert.Empty(await page.Locator("#problem").InnerTextAsync());
        Assert.Empty(errors);
        // The browser's own EventSource opened the stream, with a ticket in place of the JWT it cannot send.
        Assert.NotEmpty(streams);
        foreach (var stream in streams)
        {
            Assert.Equal("eventsource", stream.ResourceType);
            Assert.Contains("ticket=", stream.Url);
            Assert.DoesNotContain("authorization", (await stream.AllHeadersAsync()).Keys);
        }
    }

    /// <summary>
    /// The console's live stream outlives its gateway's restart: the stream ends, asking for a new ticket fails without an
    /// answer while nothing listens, and the console keeps trying until it watches the room again.
    /// </summary>
    [Fact]
    public async Task TheConsoleWatchesTheRoomAgainOnceTheGatewayCanBeReachedAgain()
    {
        var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 1600 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var tickets = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/events/ticket")) Interlocked.Increment(ref tickets); };
        await page.GotoAsync(new Uri(gateway.BaseUrl!, "/console/").ToString());
        await page.ClickAsync("#sign-in-form button");
        await Expect(page.Locator("#stream-status"), $"Watching {Room}.");

        var asked = Volatile.Read(ref tickets);
        await gateway.DisposeAsync();
        var askedWhileDown = await Poll.Until(() => Task.FromResult(Volatile.Read(ref tickets)), count => count >= asked + 2);
        await using var restarted = await GatewayProcess.StartAsync(Sandbox, gateway.BaseUrl!.Port);
        await Expect(page.Locator("#stream-status"), $"Watching {Room}.");

        Assert.True(askedWhileDown >= asked + 2, $"{askedWhileDown - asked} ticket asked for while the gateway was down");
        Assert.Empty(errors);
    }

    /// <summary>
    /// Signing in again — another room, or a second click — while the last sign-in's ticket is still on its way leaves the
    /// latest sign-in's stream alone open: the ticket that answers late opens no stream of its own, which no one would close
    /// and whose room's events would show under the room signed in for.
    /// </summary>
    [Fact]
    public async Task ATicketThatAnswersAfterTheNextSignInOpensNoStream()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 1600 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var staleStreams = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/rooms/room-a/events/stream")) Interlocked.Increment(ref staleStreams); };
        var release = new TaskCompletionSource();
        var asked = new TaskCompletionSource();
        var answered = new TaskCompletionSource();
        page.RequestFinished += (_, request) => { if (request.Url.Contains("/rooms/room-a/events/ticket")) answered.TrySetResult(); };
        await page.RouteAsync("**/rooms/room-a/events/ticket", async route =>
        {
            asked.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync(new Uri(gateway.BaseUrl!, "/console/").ToString());

        await page.FillAsync("#sign-in-form input[name=room]", "room-a");
        await page.ClickAsync("#sign-in-form button");
        // Signed in, its ticket on its way: a sign-in clicked before then would leave it signing in for nothing.
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(60), Json.Cancel);
        await page.FillAsync("#sign-in-form input[name=room]", "room-b");
        await page.ClickAsync("#sign-in-form button");
        await Expect(page.Locator("#stream-status"), "Watching room-b.");
        release.SetResult();
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);
        // The late answer is the page's to act on now: give it the time a stream takes to open, then look.
        var opened = await Poll.Until(() => Task.FromResult(Volatile.Read(ref staleStreams)), count => count > 0, TimeSpan.FromSeconds(3));

        Assert.Equal(0, opened);
        Assert.Equal("Watching room-b.", await page.Locator("#stream-status").InnerTextAsync());
        Assert.Equal("Signed in for room room-b.", await page.Locator("#signed-in").InnerTextAsync());
        Assert.Empty(errors);
    }

    /// <summary>
    /// The last sign-in clicked is the one the console holds, whichever sign-in's token answers first: the earlier one's,
    /// come late, signs in for nothing and opens no stream. It had signed in for its own room over the later one, and a
    /// loaded machine answered the two in either order.
    /// </summary>
    [Fact]
    public async Task ASignInWhoseTokenAnswersAfterTheNextSignInsChangesNothing()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 1600 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var staleTickets = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/rooms/room-a/events/")) Interlocked.Increment(ref staleTickets); };
        var release = new TaskCompletionSource();
        var answered = new TaskCompletionSource();
        var tokens = 0;
        page.RequestFinished += (_, request) => { if (request.Url.EndsWith("/dev/token", StringComparison.Ordinal) && Interlocked.Increment(ref tokens) == 2) answered.TrySetResult(); };
        var asked = 0;
        await page.RouteAsync("**/dev/token", async route =>
        {
            if (Interlocked.Increment(ref asked) == 1)
            {
                await release.Task;
            }
            await route.ContinueAsync();
        });
        await page.GotoAsync(new Uri(gateway.BaseUrl!, "/console/").ToString());

        await page.FillAsync("#sign-in-form input[name=room]", "room-a");
        await page.ClickAsync("#sign-in-form button");
        await page.FillAsync("#sign-in-form input[name=room]", "room-b");
        await page.ClickAsync("#sign-in-form button");
        await Expect(page.Locator("#stream-status"), "Watching room-b.");
        release.SetResult();
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);
        // The late answer is the page's to act on now: give it the time a ticket takes to be asked for, then look.
        var stale = await Poll.Until(() => Task.FromResult(Volatile.Read(ref staleTickets)), count => count > 0, TimeSpan.FromSeconds(3));

        Assert.Equal(0, stale);
        Assert.Equal("Signed in for room room-b.", await page.Locator("#signed-in").InnerTextAsync());
        Assert.Equal("Watching room-b.", await page.Locator("#stream-status").InnerTextAsync());
        Assert.Empty(errors);
    }

    /// <summary>
    /// A ticket refused for too many requests is asked for again when its <c>Retry-After</c> says, not at the console's own
    /// pace: sooner, each ask would be refused again and spend the caller's allowance as it came back.
    /// </summary>
    [Fact]
    public async Task ATicketRefusedForTooManyRequestsIsAskedForAgainWhenRetryAfterSays()
    {
        // The first ticket and its stream: the next ticket is refused.
        await using var gateway = await SandboxAsync(("RateLimit__PermitsPerMinute", "2"));
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 1600 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var refusals = new List<string?>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/events/ticket") && response.Status == 429)
            {
                lock (refusals) refusals.Add(response.Headers.GetValueOrDefault("retry-after"));
            }
        };
        await page.GotoAsync(new Uri(gateway.BaseUrl!, "/console/").ToString());
        await page.ClickAsync("#sign-in-form button");
        await Expect(page.Locator("#stream-status"), $"Watching {Room}.");

        await page.ClickAsync("#sign-in-form button");
        await Expect(page.Locator("#stream-status"), "The gateway answered 429");
        var refused = await Poll.Until(() => { lock (refusals) return Task.FromResult(refusals.Count); }, count => count > 1, TimeSpan.FromSeconds(6));

        Assert.Equal(1, refused);
        var retryAfter = int.Parse(refusals[0]!);
        Assert.True(retryAfter > 2, $"Retry-After {retryAfter} s is no longer than the console's own pace");
        Assert.Contains($"reconnecting in {retryAfter} s", await page.Locator("#stream-status").InnerTextAsync());
        Assert.Empty(errors);
    }

    /// <summary>Every room action used before signing in asks for a sign-in, and calls nothing, rather than fail in the page unseen.</summary>
    [Fact]
    public async Task ARoomActionBeforeSigningInAsksForASignIn()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await OpenedAsync(browser, gateway.BaseUrl!);
        var calls = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/api/")) calls.Add(request.Url); };

        var problems = new List<string>();
        foreach (var button in new[] { "#join-form button", "#start-class", "#end-class", "#upload-form button", "#list-resources", "#kick-form button" })
        {
            await page.EvaluateAsync("() => document.getElementById('problem').textContent = ''");
            // The handlers look for a sign-in before their first await: within the click.
            await page.ClickAsync(button);
            problems.Add(await page.Locator("#problem").InnerTextAsync());
        }

        Assert.All(problems, problem => Assert.Equal("Sign in first.", problem));
        Assert.Empty(calls);
        Assert.Empty(errors);
    }

    /// <summary>
    /// A name a user chose that holds a right-to-left override (U+202E) reorders only itself, not the console's text after
    /// it: shown as it came, the override would run to the end of the line and turn what follows the name around, so that a
    /// student could make a line of the live events read as something it does not say.
    /// </summary>
    [Fact]
    public async Task ANameWithARightToLeftOverrideDoesNotTurnTheRestOfItsLineAround()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await JoinedAsync(browser, gateway.BaseUrl!);

        await EnterAsStudent(gateway.BaseUrl!, "Ann\u202Efdp.exe");
        var line = page.Locator("#event-list li[data-cmd='20']").Filter(new() { HasText = "fdp" }).First;
        await line.WaitForAsync(new() { Timeout = 60_000 });
        // Where each character of the name's end and of the text after it is drawn: in reading order, left to right.
        var lefts = await line.EvaluateAsync<double[]>("""
            item => {
              const text = item.firstChild, at = text.data.indexOf('fdp.exe'), range = document.createRange();
              return [...Array(12).keys()].map(i => { range.setStart(text, at + i); range.setEnd(text, at + i + 1); return range.getBoundingClientRect().left; });
            }
            """);

        Assert.True(lefts.Zip(lefts.Skip(1)).All(pair => pair.First < pair.Second), $"drawn at {string.Join(", ", lefts)}: {await line.InnerTextAsync()}");
        Assert.Empty(errors);
    }

    /// <summary>
    /// A form the gateway refuses shows which field it refused and why: the fields count characters, the gateway bytes, so
    /// a room name of 40 accented letters passes the page and is refused, and "The request is not valid." alone left the
    /// teacher to guess what to change.
    /// </summary>
    [Fact]
    public async Task ARefusedFormNamesTheFieldAndWhy()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await SignedInAsync(browser, gateway.BaseUrl!);

        await page.FillAsync("#join-form input[name=roomName]", new string('\u00E9', 40));
        await page.ClickAsync("#join-form button");
        await Expect(page.Locator("#problem"), "400");

        Assert.Contains("roomName: must be under 64 bytes", await page.Locator("#problem").InnerTextAsync());
        Assert.Empty(await page.Locator("#launch").InnerTextAsync());
        Assert.Empty(errors);
    }

    /// <summary>
    /// Signing in for another room leaves nothing of the last room on the page: its launch options, class state and resources
    /// stayed beside "Signed in for room room-b.", so that the teacher read room-a's started class and files as room-b's.
    /// </summary>
    [Fact]
    public async Task SigningInForAnotherRoomLeavesNothingOfTheLastRoomShown()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await JoinedAsync(browser, gateway.BaseUrl!, "room-a");
        await page.ClickAsync("#start-class");
        await Expect(page.Locator("#class-state"), "Class started.");
        await page.ClickAsync("#upload-form button");
        await page.Locator("#resource-list li").Filter(new() { HasText = "lesson-1" }).WaitForAsync();
        await Expect(page.Locator("#cache-status"), "X-Cache-Status");

        await page.FillAsync("#sign-in-form input[name=room]", "room-b");
        await page.ClickAsync("#sign-in-form button");
        await Expect(page.Locator("#stream-status"), "Watching room-b.");

        var stillShown = new List<string>();
        foreach (var shown in new[] { "#launch", "#class-state", "#resource-list", "#cache-status", "#kick-status", "#event-list" })
        {
            if ((await page.Locator(shown).InnerTextAsync()).Length > 0)
            {
                stillShown.Add(shown);
            }
        }

        Assert.Equal("Signed in for room room-b.", await page.Locator("#signed-in").InnerTextAsync());
        Assert.Empty(stillShown);
        Assert.Empty(errors);
    }

    /// <summary>
    /// A kick whose "keep out for" is left empty keeps the user out for good, as a kick without a duration does: the page
    /// sent the empty field as 0 seconds, a ban that ends as it begins, and the kicked student joined again at once.
    /// </summary>
    [Fact]
    public async Task AKickWithNoDurationGivenKeepsTheUserOutForGood()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await JoinedAsync(browser, gateway.BaseUrl!);
        await EnterAsStudent(gateway.BaseUrl!);

        await page.FillAsync("#kick-form input[name=duration]", "");
        await page.ClickAsync("#kick-form button");
        await Expect(page.Locator("#kick-status"), "student-1 kicked.");
        using var http = await SignedInClientAsync(gateway.BaseUrl!, "student-1", "student", Room);
        var joined = await http.PostAsync($"/api/v1/rooms/{Room}/join", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, joined.StatusCode);
        Assert.Empty(await page.Locator("#problem").InnerTextAsync());
        Assert.Empty(errors);
    }

    /// <summary>
    /// What each action came to is a status a screen reader announces as it changes, as a refusal is an alert: the page
    /// wrote it into plain paragraphs and spans, which tell a teacher who cannot see them change nothing.
    /// </summary>
    [Fact]
    public async Task WhatEachActionCameToIsAnnouncedAsAStatus()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await JoinedAsync(browser, gateway.BaseUrl!);

        await page.ClickAsync("#start-class");
        await Expect(page.Locator("#class-state"), "Class started.");
        await page.ClickAsync("#list-resources");
        await Expect(page.Locator("#cache-status"), "X-Cache-Status");
        var statuses = await page.GetByRole(AriaRole.Status).AllInnerTextsAsync();

        Assert.Contains("Signed in for room room-1.", statuses);
        Assert.Contains($"Watching {Room}.", statuses);
        Assert.Contains("Class started.", statuses);
        Assert.Contains(statuses, status => status.StartsWith("X-Cache-Status: ", StringComparison.Ordinal));
        Assert.Empty(errors);
    }

    /// <summary>
    /// A token the gateway refuses (expired, or never good) signs nobody in: the page said "Signed in for room room-1."
    /// over every call's 401, and its forms went on calling with the token.
    /// </summary>
    [Fact]
    public async Task ATokenTheGatewayRefusesLeavesTheConsoleSignedOut()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await OpenedAsync(browser, gateway.BaseUrl!);
        var calls = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/api/")) calls.Add(request.Url); };

        await page.FillAsync("#token-form input[name=token]", "not-a-jwt");
        await page.ClickAsync("#token-form button");
        await Expect(page.Locator("#stream-status"), "The stream could not be opened.");
        var refused = await page.Locator("#problem").InnerTextAsync();
        var asked = calls.Count;
        await page.ClickAsync("#start-class");

        Assert.Equal("401 Unauthorized: The bearer token is not valid.", refused);
        Assert.Equal("Signed out: the gateway refused the token. Sign in again.", await page.Locator("#signed-in").InnerTextAsync());
        Assert.Equal("Sign in first.", await page.Locator("#problem").InnerTextAsync());
        Assert.Equal(asked, calls.Count);
        Assert.Empty(errors);
    }

    /// <summary>
    /// An answer that is no problem (a proxy's error page in front of the gateway) or no answer at all is shown by its
    /// status and what went wrong, never by the page's body: it showed "502 : ", the problem's title and detail it looked
    /// for being absent.
    /// </summary>
    [Fact]
    public async Task AnAnswerThatIsNoProblemIsShownByItsStatus()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await SignedInAsync(browser, gateway.BaseUrl!);
        await page.RouteAsync("**/rooms/room-1/resources", route => route.FulfillAsync(new()
        {
            Status = 502, ContentType = "text/html", Body = "<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>",
        }));
        await page.RouteAsync("**/rooms/room-1/states/*", route => route.AbortAsync());

        await page.ClickAsync("#list-resources");
        await Expect(page.Locator("#problem"), "502");
        var proxied = await page.Locator("#problem").InnerTextAsync();
        await page.ClickAsync("#start-class");
        await Expect(page.Locator("#problem"), "No answer");
        var unanswered = await page.Locator("#problem").InnerTextAsync();

        Assert.Equal("502 Bad Gateway", proxied);
        Assert.Equal("No answer: Failed to fetch", unanswered);
        Assert.Empty(errors);
    }

    /// <summary>
    /// A stream resumed after events the log no longer holds says so in the list, and the console reads the room's resources
    /// again: the page listened to the cmds alone, so a stream resumed after the log had trimmed what came since its last
    /// event (another room's busy class, past the retention) went on as if nothing had come between.
    /// </summary>
    [Fact]
    public async Task AStreamResumedAfterEventsTheLogNoLongerHoldsSaysSoInTheList()
    {
        await using var gateway = await SandboxAsync(("Events__RetentionEvents", "100"));
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await JoinedAsync(browser, gateway.BaseUrl!);
        await EnterAsStudent(gateway.BaseUrl!);
        await page.Locator("#event-list li[data-cmd='20']").First.WaitForAsync(new() { Timeout = 60_000 });
        using var other = await TeacherAsync(gateway.BaseUrl!, "room-2");
        var created = await other.PostAsJsonAsync("/api/v1/rooms/room-2/join", new { roomName = "Chemistry", roomType = 4 }, Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        await SetPropertiesAsync(other, "room-2", 110);
        await LoggedAsync(gateway.BaseUrl!, "\"step\":109");
        var listed = 0;
        page.Request += (_, request) => { if (request.Url.EndsWith($"/rooms/{Room}/resources", StringComparison.Ordinal)) Interlocked.Increment(ref listed); };

        await page.ClickAsync("#sign-in-form button");
        await page.Locator("#event-list li[data-cmd='missed']").WaitForAsync(new() { Timeout = 60_000 });

        Assert.Equal("Events were missed here: the log no longer holds them. The resources are read again.",
            await page.Locator("#event-list li").Last.InnerTextAsync());
        Assert.True(await Poll.Until(() => Task.FromResult(Volatile.Read(ref listed)), count => count >= 1) >= 1, "the resources were not listed again");
        Assert.Empty(await page.Locator("#problem").InnerTextAsync());
        Assert.Empty(errors);
    }

    /// <summary>
    /// The live list keeps the latest events, not every one: a page left open through a long class held each event the
    /// class brought, and grew with it.
    /// </summary>
    [Fact]
    public async Task TheLiveListKeepsTheLatestEventsOnly()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await JoinedAsync(browser, gateway.BaseUrl!);
        using var http = await TeacherAsync(gateway.BaseUrl!);
        const int changes = 210;
        await SetPropertiesAsync(http, Room, changes);

        await page.Locator("#event-list li[data-cmd='5']").Filter(new() { HasText = $"\"step\":{changes - 1}" })
            .WaitForAsync(new() { Timeout = 60_000 });

        Assert.Equal(200, await page.Locator("#event-list li").CountAsync());
        Assert.DoesNotContain("\"step\":0}", await page.Locator("#event-list").InnerTextAsync());
        Assert.Empty(errors);
    }

    /// <summary>The room's attendance downloads as the CSV a spreadsheet opens, named for the room; the JWT field hides what is pasted.</summary>
    [Fact]
    public async Task TheRoomsAttendanceDownloadsAsCsv()
    {
        await using var gateway = await SandboxAsync();
        await using var browser = await Chromium.LaunchAsync();
        var (page, errors) = await JoinedAsync(browser, gateway.BaseUrl!);
        await EnterAsStudent(gateway.BaseUrl!);
        await page.Locator("#event-list li[data-cmd='20']").First.WaitForAsync(new() { Timeout = 60_000 });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-attendance"));
        var csv = await File.ReadAllBytesAsync(await download.PathAsync(), Json.Cancel);
        var text = System.Text.Encoding.UTF8.GetString(csv);

        Assert.Equal($"attendance-{Room}.csv", download.SuggestedFilename);
        Assert.Equal("EFBBBF", Convert.ToHexString(csv, 0, 3));
        Assert.StartsWith("\uFEFFuserUuid,", text);
        Assert.Contains("\nstudent-1,Student 1,", text);
        Assert.Equal("password", await page.Locator("#token-form input[name=token]").GetAttributeAsync("type"));
        Assert.Empty(await page.Locator("#problem").InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task OutsideTheSandboxThereIsNoConsole()
    {
        await using var gateway = GatewayFactory.InFrontOf(new Uri("http://127.0.0.1:9"));
        using var client = gateway.CreateClient();

        var response = await client.GetAsync("/console/", Json.Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    static readonly Dictionary<string, string> Sandbox = new() { ["ASPNETCORE_ENVIRONMENT"] = "Development" };

    /// <summary>A gateway process in the sandbox, which serves the console, with <paramref name="more"/> settings.</summary>
    static Task<GatewayProcess.Running> SandboxAsync(params (string Key, string Value)[] more) =>
        GatewayProcess.StartAsync(new Dictionary<string, string>(Sandbox.Concat(more.Select(m => KeyValuePair.Create(m.Key, m.Value)))));

    /// <summary>A console page as it opens; the page's uncaught errors gathered.</summary>
    static async Task<(IPage Page, List<string> Errors)> OpenedAsync(Chromium browser, Uri gateway)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 1600 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(gateway, "/console/").ToString());
        return (page, errors);
    }

    /// <summary>A console page signed in with the form as it comes but for its room, watching that room; the page's uncaught errors gathered.</summary>
    static async Task<(IPage Page, List<string> Errors)> SignedInAsync(Chromium browser, Uri gateway, string room = Room)
    {
        var (page, errors) = await OpenedAsync(browser, gateway);
        await page.FillAsync("#sign-in-form input[name=room]", room);
        await page.ClickAsync("#sign-in-form button");
        await Expect(page.Locator("#stream-status"), $"Watching {room}.");
        return (page, errors);
    }

    /// <summary>A console page signed in for its room as <see cref="SignedInAsync"/>, and joined, the room created.</summary>
    static async Task<(IPage Page, List<string> Errors)> JoinedAsync(Chromium browser, Uri gateway, string room = Room)
    {
        var (page, errors) = await SignedInAsync(browser, gateway, room);
        await page.ClickAsync("#join-form button");
        await page.Locator("#launch").Filter(new() { HasText = "rtmToken" }).WaitForAsync();
        return (page, errors);
    }

    static Task Expect(ILocator locator, string text) => locator.Filter(new() { HasText = text }).WaitForAsync(new() { Timeout = 60_000 });

    /// <summary>As the classroom SDK enters a room: Agora's own call, through the admins' passthrough.</summary>
    static async Task EnterAsStudent(Uri gateway, string userName = "Student 1")
    {
        using var http = await SignedInClientAsync(gateway, "admin-1", "admin");
        var entered = await http.PutAsJsonAsync($"/edu/apps/{Classroom.Agora.AgoraSandbox.AppId}/v2/rooms/{Room}/users/student-1",
            new { userName, role = 2 }, Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, entered.StatusCode);
    }

    /// <summary>A client signed in with a sandbox token of <paramref name="role"/>, of <paramref name="room"/> when one is named.</summary>
    static async Task<HttpClient> SignedInClientAsync(Uri gateway, string user, string role, string? room = null)
    {
        var http = new HttpClient { BaseAddress = gateway };
        object claims = room is null ? new { sub = user, roles = new[] { role } } : new { sub = user, roles = new[] { role }, rooms = new[] { room } };
        var issued = await http.PostAsJsonAsync("/dev/token", claims, Json.Cancel);
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await issued.ReadJson()).GetProperty("data").GetProperty("token").GetString());
        return http;
    }

    static Task<HttpClient> TeacherAsync(Uri gateway, string room = Room) => SignedInClientAsync(gateway, "teacher-1", "teacher", room);

    /// <summary>Sets the room's property <c>step</c> to 0, 1, … <paramref name="times"/> - 1, one event each.</summary>
    static async Task SetPropertiesAsync(HttpClient teacher, string room, int times)
    {
        for (var step = 0; step < times; step++)
        {
            var set = await teacher.PutAsJsonAsync($"/api/v1/rooms/{room}/properties", new { properties = new { step } }, Json.Cancel);
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }
    }

    /// <summary>Waits until the gateway's event log holds an event whose JSON holds <paramref name="text"/>.</summary>
    static async Task LoggedAsync(Uri gateway, string text)
    {
        using var admin = await SignedInClientAsync(gateway, "admin-1", "admin");
        var page = await Poll.Until(() => admin.GetStringAsync("/api/v1/events?limit=1000", Json.Cancel), json => json.Contains(text, StringComparison.Ordinal));
        Assert.Contains(text, page);
    }

    /// <summary>The whole page, kept beside the test results and attached to them.</summary>
    static async Task SaveScreenshot(IPage page)
    {
        var folder = Repository.PathOf("artifacts/screenshots");
        Directory.CreateDirectory(folder);
        var png = await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "console.png"), FullPage = true });
        TestContext.Current.AddAttachment("console.png", png, "image/png");
    }
}
