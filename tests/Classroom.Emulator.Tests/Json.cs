using System.Net.Http.Json;
using System.Text;

namespace Classroom.Emulator.Tests;

/// <summary>Request bodies as Agora's reference examples write them.</summary>
static class Json
{
    public static HttpContent Of(object body) => JsonContent.Create(body);

    public static HttpContent Raw(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    public static HttpContent Room(string name = "Math 101", int type = 4) => Of(new
    {
        roomName = name,
        roomType = type,
        roomProperties = new { schedule = new { startTime = 1767600000000, duration = 3600, closeDelay = 600 } },
    });

    public static HttpContent User(string name = "Ann", object? role = null) => Of(new { userName = name, role = role ?? 2 });

    public static HttpContent Pdf(string name = "Lesson 1", long size = 250_000) => Of(new
    {
        resourceName = name,
        size,
        ext = "pdf",
        url = "https://files.example/lesson-1.pdf",
        conversion = new { type = "static", scale = 1.0, outputFormat = "webp" },
    });
}
